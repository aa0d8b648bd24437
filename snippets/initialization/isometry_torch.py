"""Singular values of the input-output Jacobian of a 32-layer network.

J = D_L W_L ... D_1 W_1, with D_l = diag(f'(z_l)), is the matrix that
carries a gradient from the output back to the input. Computed in float64.
"""

import math

import torch
from torch import nn

DEPTH, WIDTH = 32, 256
INPUT_STD = 0.1  # small pre-activations: tanh is close to linear there
SETUPS = {  # name: (activation, initializer of one weight matrix)
    "tanh, orthogonal": ("tanh", nn.init.orthogonal_),
    "tanh, Gaussian": (
        "tanh",
        lambda w: nn.init.normal_(w, std=1 / math.sqrt(WIDTH)),
    ),
    "ReLU, orthogonal": (
        "relu",
        lambda w: nn.init.orthogonal_(w, gain=math.sqrt(2)),
    ),
}


def activate(name, z):
    """f(z) and f'(z)."""
    if name == "tanh":
        h = torch.tanh(z)
        return h, 1 - h**2
    return torch.relu(z), (z > 0).to(z.dtype)


def jacobian_singular_values(activation, init):
    torch.manual_seed(0)
    h = INPUT_STD * torch.randn(WIDTH, dtype=torch.float64)
    jac = torch.eye(WIDTH, dtype=torch.float64)
    for _ in range(DEPTH):
        w = init(torch.empty(WIDTH, WIDTH, dtype=torch.float64))
        h, slope = activate(activation, w @ h)
        jac = slope[:, None] * (w @ jac)  # D_l W_l times the product so far
    return torch.linalg.svdvals(jac)  # largest first


print(f"Jacobian of {DEPTH} layers of width {WIDTH}: singular values s")
print(f"{'':18s}{'rms s':>8s}{'max s':>8s}  share within 2x of rms")
results = {}
for name, (activation, init) in SETUPS.items():
    s = jacobian_singular_values(activation, init)
    rms = (s**2).mean().sqrt().item()
    near = ((s >= rms / 2) & (s <= 2 * rms)).double().mean().item()
    results[name] = {"rms": rms, "max": s[0].item(), "near": near}
    print(f"{name:18s}{rms:8.3f}{s[0].item():8.3g}  {near:6.0%}")
