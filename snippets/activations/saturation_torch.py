"""30-layer MLPs: how much the backward pass shrinks or grows the gradient."""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

DEPTH, WIDTH = 30, 128


def backward_signal(activation, std):
    """Norm of dL/dz_l for every layer l = 1..DEPTH (z_l: pre-activation)."""
    torch.manual_seed(0)
    layers = [nn.Linear(WIDTH, WIDTH) for _ in range(DEPTH)]
    for linear in layers:
        nn.init.normal_(linear.weight, std=std)
        nn.init.zeros_(linear.bias)
    h = torch.randn(64, WIDTH)  # a batch of 64 inputs
    pre_activations = []
    for linear in layers:
        z = linear(h)
        z.retain_grad()  # keep dL/dz_l after backward()
        pre_activations.append(z)
        h = activation(z)
    loss = h.pow(2).mean()
    loss.backward()
    # float64 for the norm: squaring tiny float32 values could underflow
    return [z.grad.double().norm().item() for z in pre_activations]


xavier = math.sqrt(2 / (WIDTH + WIDTH))  # Glorot: here sqrt(1 / WIDTH)
he = math.sqrt(2 / WIDTH)
runs = {  # label: (activation, weight std)
    "sigmoid, Xavier": (torch.sigmoid, xavier),
    "tanh, Xavier": (torch.tanh, xavier),
    "ReLU, Xavier": (torch.relu, xavier),
    "ReLU, He": (torch.relu, he),
    "ReLU, 1.5 x He": (torch.relu, 1.5 * he),
}
ratios = {}
fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
for label, (activation, std) in runs.items():
    norms = backward_signal(activation, std)
    ratios[label] = norms[0] / norms[-1]
    print(f"{label:<16} first / last layer: {ratios[label]:.3g}")
    ax.plot(range(1, DEPTH + 1), [n / norms[-1] for n in norms], label=label)
ax.set(
    yscale="log",
    xlabel="layer l",
    ylabel="gradient norm at layer l / at layer 30",
)
ax.legend()
plt.show()
