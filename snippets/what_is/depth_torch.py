"""Gradient norm at each layer of a deep ReLU MLP, for three init scales."""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

depth, width = 50, 64
scales = [0.8, 1.0, 1.2]  # multiples of the He standard deviation


def layer_grad_norms(scale):
    torch.manual_seed(0)  # the same draw for every scale, only multiplied
    layers = [nn.Linear(width, width, bias=False) for _ in range(depth)]
    for layer in layers:
        # He init: std sqrt(2 / fan_in) keeps the signal size through ReLU
        nn.init.normal_(layer.weight, std=scale * math.sqrt(2 / width))
    h = torch.randn(128, width, requires_grad=True)  # one input batch
    inputs = []  # the input of each layer, to read its gradient later
    for i, layer in enumerate(layers):
        h.retain_grad()
        inputs.append(h)
        h = layer(h)
        if i < depth - 1:
            h = torch.relu(h)
    # A loss whose gradient at the output is the same (all ones) for
    # every scale, so only the backward pass through the layers differs.
    loss = h.sum()
    loss.backward()
    return [v.grad.norm().item() for v in inputs]


norms = {s: layer_grad_norms(s) for s in scales}
print("gradient norm at the input of layer 1 and of layer 50:")
for s, g in norms.items():
    print(
        f"std {s} x He: layer 1 {g[0]:.3g}, layer 50 {g[-1]:.3g}, "
        f"ratio {g[0] / g[-1]:.3g}"
    )
print("layer 1 compared with He scale:")
for s in [0.8, 1.2]:
    ratio = norms[s][0] / norms[1.0][0]
    print(f"std {s} x He: {ratio:.3g} times ({s}**{depth} = {s**depth:.3g})")

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for s, g in norms.items():
    ax.plot(range(1, depth + 1), g, label=f"std {s} x He")
ax.set(
    yscale="log",
    xlabel="layer (1 = input side, 50 = output side)",
    ylabel="gradient norm at the layer's input",
)
ax.legend()
plt.show()
