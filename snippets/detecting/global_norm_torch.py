"""Log the global gradient norm every step and flag spikes."""

import statistics

import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(640, 8)
y = X[:, :1] - 0.5 * X[:, 1:2]
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

bad_step = 12  # this batch is corrupt: its inputs are 100 times too large
window, k = 5, 10.0  # a spike: norm > k times the median of recent norms
history, flagged = [], []  # norms of the accepted steps; flagged steps
for step in range(20):
    xb, yb = X[32 * step : 32 * (step + 1)], y[32 * step : 32 * (step + 1)]
    if step == bad_step:
        xb = 100 * xb
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(xb), yb)
    loss.backward()
    # Global L2 norm over all gradients. If you clip, use the value that
    # clip_grad_norm_ returns instead: it is this norm, before clipping.
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    norm = nn.utils.get_total_norm(grads).item()
    recent = history[-window:]
    median = statistics.median(recent) if len(recent) == window else None
    spike = median is not None and norm > k * median
    line = f"step {step:2d}  loss {loss.item():#9.3g}  norm {norm:#9.3g}"
    if median is not None:
        line += f"  {norm / median:#8.3g} x median"
    print(line + ("  <- spike" if spike else ""))
    if spike:
        flagged.append(step)
        continue  # skip this update so the bad batch cannot move the weights
    history.append(norm)
    optimizer.step()

print("flagged steps:", flagged)
