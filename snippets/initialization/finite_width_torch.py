"""He-initialized ReLU networks of finite width: the mean of the squared
gradient is preserved at every depth, its typical value is not.

For each of NETS random networks, Z = ||J v||² / ||v||², where J is the
input-output Jacobian at a random input x and v a random direction: the
factor by which the layers' product D_l W_l ... D_1 W_1 changes the squared
norm of a vector, as it changes a gradient's. Computed in float64.
"""

import torch

NETS = 30_000
WIDTHS = (16, 64)
DEPTHS = (4, 8, 16)


def squared_gains(width, depth):
    """Z after 1..depth layers, for NETS independent networks."""
    gen = torch.Generator().manual_seed(0)
    h = torch.randn(NETS, width, dtype=torch.float64, generator=gen)
    v = torch.randn(NETS, width, dtype=torch.float64, generator=gen)
    v0 = v.square().sum(dim=1)
    zs = []
    for _ in range(depth):
        # Only W h and W v are needed. With a fresh W ~ N(0, 2/n) per layer,
        # their entries are independent pairs of normals with variances
        # (2/n)|h|², (2/n)|v|² and covariance (2/n) h.v: draw the pairs
        # directly instead of the n x n matrix W.
        h_norm = h.norm(dim=1, keepdim=True)
        along = (h * v).sum(dim=1, keepdim=True) / h_norm.clamp_min(1e-300)
        across = (v.square().sum(dim=1, keepdim=True) - along**2).clamp_min(0)
        e1, e2 = torch.randn(
            2, NETS, width, dtype=torch.float64, generator=gen
        )
        scale = (2 / width) ** 0.5
        wh = scale * h_norm * e1
        wv = scale * (along * e1 + across.sqrt() * e2)
        h = torch.relu(wh)
        v = (wh > 0).to(v.dtype) * wv  # D_l W_l v, D_l = diag(relu'(W h))
        zs.append(v.square().sum(dim=1) / v0)
    return zs


print(f"He init, ReLU, {NETS} networks per width; Z = ||J v||² / ||v||²")
print(f"{'width':>5s}{'depth':>6s}{'mean Z':>8s}{'median Z':>10s}")
results = {}
for width in WIDTHS:
    zs = squared_gains(width, max(DEPTHS))
    for depth in DEPTHS:
        z = zs[depth - 1]
        r = results[width, depth] = {
            "mean": z.mean().item(),
            "median": z.median().item(),
        }
        print(f"{width:5d}{depth:6d}{r['mean']:8.2f}{r['median']:10.3f}")
