"""Adaptive gradient clipping (AGC, Brock et al. 2021) in PyTorch."""

import torch
from torch import nn


def unitwise_norm(x):
    """L2 norm per output unit: each row of a weight matrix (dim 0 indexes
    the output units in PyTorch); a bias vector counts as one unit."""
    if x.ndim <= 1:
        return x.norm()
    return x.norm(dim=tuple(range(1, x.ndim)), keepdim=True)


@torch.no_grad()
def adaptive_clip_grad_(parameters, clipping=0.01, eps=1e-3):
    """Scale each unit's gradient G_i so that ||G_i|| <= clipping *
    max(||W_i||, eps). Call after backward(), before optimizer.step()."""
    for p in parameters:
        if p.grad is None:
            continue
        max_norm = clipping * unitwise_norm(p).clamp(min=eps)
        grad_norm = unitwise_norm(p.grad).clamp(min=1e-6)
        p.grad.mul_((max_norm / grad_norm).clamp(max=1.0))


torch.manual_seed(0)
X = torch.randn(64, 8)
y = torch.randn(64, 1)
model = nn.Sequential(
    nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
clipping = 0.01

optimizer.zero_grad()
nn.functional.mse_loss(model(X), y).backward()
names = [n for n, _ in model.named_parameters()]
weights = [p.detach().numpy().copy() for p in model.parameters()]
grads_before = [p.grad.numpy().copy() for p in model.parameters()]
hidden = [p for layer in model[:-1] for p in layer.parameters()]
adaptive_clip_grad_(hidden, clipping)  # every layer except the last
optimizer.step()
grads_after = [p.grad.numpy().copy() for p in model.parameters()]


def ratios(grad, weight):
    """||G_i|| / max(||W_i||, eps) for every unit i."""
    g = unitwise_norm(torch.from_numpy(grad))
    w = unitwise_norm(torch.from_numpy(weight))
    return (g / w.clamp(min=1e-3)).flatten()


last = {"4.weight", "4.bias"}
print(f"ratio ||G_i|| / max(||W_i||, eps), clipping = {clipping}")
for name, w, g0, g1 in zip(names, weights, grads_before, grads_after):
    r0, r1 = ratios(g0, w), ratios(g1, w)
    print(
        f"{name:8s} {(r0 > clipping).sum():2d} of {r0.numel():2d} units above,"
        f" max {r0.max():.4g} -> {r1.max():.4g}"
        + ("  (last layer: not clipped)" if name in last else "")
    )
