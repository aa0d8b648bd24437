"""Clip the global gradient norm in a PyTorch training loop."""

import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 16)
y = 4 * torch.sin(X[:, :1])
model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
max_norm = 1.0

norms_before, norms_after = [], []
for step in range(6):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(X), y)
    loss.backward()
    # --8<-- [start:clip]
    # After backward(), before step(): rescale all gradients together so that
    # their global L2 norm is at most max_norm. The return value is the norm
    # BEFORE clipping: log it to see how often, and by how much, you clip.
    total_norm = nn.utils.clip_grad_norm_(
        model.parameters(), max_norm=max_norm
    )
    optimizer.step()
    # --8<-- [end:clip]
    after = nn.utils.get_total_norm([p.grad for p in model.parameters()])
    norms_before.append(total_norm.item())
    norms_after.append(after.item())
    print(
        f"step {step}: loss {loss.item():6.3f}   "
        f"norm before {total_norm:6.3f}   after {after:.3f}"
    )
