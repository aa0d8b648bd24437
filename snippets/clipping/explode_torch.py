"""An 8-layer ReLU net initialized too large: SGD explodes unless it clips."""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn


def make_model():
    torch.manual_seed(0)
    layers, width_in = [], 16
    for _ in range(8):
        layer = nn.Linear(width_in, 64)
        # He init would use std sqrt(2 / fan_in); 1.3 times that makes
        # every layer amplify the backward signal, so the gradient explodes.
        nn.init.normal_(layer.weight, std=1.3 * math.sqrt(2 / width_in))
        nn.init.zeros_(layer.bias)
        layers += [layer, nn.ReLU()]
        width_in = 64
    return nn.Sequential(*layers, nn.Linear(64, 1))


def train(max_norm=None, steps=100):
    torch.manual_seed(1)
    X = torch.randn(256, 16)
    y = torch.sin(X[:, :1]) + 0.1 * X[:, 1:2]
    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    norms, losses = [], []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        if max_norm is None:
            norm = nn.utils.get_total_norm(
                [p.grad for p in model.parameters()]
            )
        else:
            norm = nn.utils.clip_grad_norm_(
                model.parameters(), max_norm
            )  # norm before clipping
        optimizer.step()
        norms.append(norm.item())
        losses.append(loss.item())
    return norms, losses


runs = {
    "no clipping": train(),
    "clip_grad_norm_(max_norm=1.0)": train(max_norm=1.0),
}
for name, (norms, losses) in runs.items():
    finite = sum(math.isfinite(loss) for loss in losses)
    print(f"{name}: largest gradient norm {max(norms):.3g}")
    print(f"  loss first {losses[0]:.3g}, last {losses[-1]:.3g}")
    print(f"  loss finite for {finite} of {len(losses)} steps")

fig, (ax_norm, ax_loss) = plt.subplots(
    1, 2, figsize=(9, 3.4), layout="constrained"
)
for name, (norms, losses) in runs.items():
    ax_norm.plot(norms, label=name)
    ax_loss.plot(losses, label=name)
ax_norm.axhline(1.0, linestyle=":", color="gray", label="max_norm")
ax_norm.set(
    yscale="log", xlabel="step", ylabel="gradient norm before clipping"
)
ax_loss.set(yscale="log", xlabel="step", ylabel="training loss (MSE)")
ax_norm.legend()
ax_loss.set_title("the unclipped loss turns into NaN (line ends)", fontsize=9)
plt.show()
