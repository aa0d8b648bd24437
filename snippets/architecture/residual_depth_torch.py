"""First-layer gradient vs depth: a plain ReLU MLP and the same MLP with
skip connections, both initialized 1.3 times larger than He init."""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

width, batch = 64, 64
depths = (4, 8, 16, 32, 64)
branch_scale = 0.1  # residual branch output is multiplied by this

torch.manual_seed(0)
x = torch.randn(batch, width)
# The loss is a fixed random linear function of the output, so the
# gradient that enters the top is the same for every network.
r = torch.randn(batch, width)


def first_layer_grad(depth, residual):
    torch.manual_seed(1)  # the same weights with and without skips
    layers = [nn.Linear(width, width, bias=False) for _ in range(depth)]
    for layer in layers:
        # He init would use std sqrt(2 / width); 1.3 times that is too big.
        nn.init.normal_(layer.weight, std=1.3 * math.sqrt(2 / width))
    h = x
    for layer in layers:
        if residual:  # x_{l+1} = x_l + 0.1 W_l relu(x_l)
            h = h + branch_scale * layer(torch.relu(h))
        else:  # x_{l+1} = W_l relu(x_l)
            h = layer(torch.relu(h))
    loss = (h * r).sum() / batch
    loss.backward()
    return layers[0].weight.grad.norm().item()


grads = {
    "plain": [first_layer_grad(d, residual=False) for d in depths],
    "residual": [first_layer_grad(d, residual=True) for d in depths],
}
print(f"branch scale {branch_scale}; first-layer gradient norm")
print("depth:   " + " ".join(f"{d:>9}" for d in depths))
for name, g in grads.items():
    print(f"{name:9}" + " ".join(f"{v:9.3g}" for v in g))
for name, g in grads.items():
    print(f"{name}: depth 64 / depth 4 = {g[-1] / g[0]:.3g}")

fig, ax = plt.subplots(figsize=(5, 3.4), layout="constrained")
for name, g in grads.items():
    ax.plot(depths, g, marker="o", label=name)
ax.set(
    xscale="log",
    yscale="log",
    xlabel="depth (layers)",
    ylabel="first-layer gradient norm",
)
ax.minorticks_off()
ax.set_xticks(depths, [str(d) for d in depths])
ax.legend()
plt.show()
