"""Residual blocks x_{l+1} = x_l + W2 relu(W1 x_l), He init, at depths 4..64:
the last layer W2 of every branch drawn as usual, scaled by 1/sqrt(depth),
or set to zero. Computed in float64."""

import math

import torch

WIDTH, BATCH = 64, 64
DEPTHS = (4, 8, 16, 32, 64)
HE_STD = math.sqrt(2 / WIDTH)


def gradient_ratio(depth, last_layer):
    """||dL/dx_0|| / ||dL/dx_L||: growth of the gradient through the net."""
    torch.manual_seed(0)
    x = torch.randn(BATCH, WIDTH, dtype=torch.float64, requires_grad=True)
    h = x
    for _ in range(depth):
        w1 = HE_STD * torch.randn(WIDTH, WIDTH, dtype=torch.float64)
        w2 = HE_STD * torch.randn(WIDTH, WIDTH, dtype=torch.float64)
        if last_layer == "1/sqrt(depth)":
            w2 = w2 / math.sqrt(depth)
        elif last_layer == "zero":
            w2 = torch.zeros_like(w2)
        h = h + torch.relu(h @ w1.T) @ w2.T
    h.retain_grad()
    r = torch.randn(BATCH, WIDTH, dtype=torch.float64)
    ((h * r).sum() / BATCH).backward()
    return (x.grad.norm() / h.grad.norm()).item()


ratios = {
    name: [gradient_ratio(d, name) for d in DEPTHS]
    for name in ("He", "1/sqrt(depth)", "zero")
}
print("last branch layer  ||dL/dx_0|| / ||dL/dx_L|| at depth L")
print("depth L:       " + "".join(f"{d:>10d}" for d in DEPTHS))
for name, values in ratios.items():
    print(f"{name:15s}" + "".join(f"{v:10.3g}" for v in values))
