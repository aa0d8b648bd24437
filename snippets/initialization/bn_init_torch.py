"""Batch normalization at initialization: a deep ReLU MLP with He init,
h_l = relu(BN(W_l h_{l-1})), no residual connections. Computed in float64."""

import math

import torch

DEPTH, WIDTH, BATCH = 50, 128, 64
LAYERS = (0, 10, 25, 40, 50)


def batch_norm(z, eps=1e-5):  # training mode, gamma = 1, beta = 0
    mean = z.mean(dim=0)
    var = z.var(dim=0, unbiased=False)
    return (z - mean) / torch.sqrt(var + eps)


def grad_norms(use_bn, scale):
    """||dL/dh_l|| for l = 0..DEPTH (h_0 is the input)."""
    torch.manual_seed(0)
    x = torch.randn(BATCH, WIDTH, dtype=torch.float64, requires_grad=True)
    h, hs = x, [x]
    for _ in range(DEPTH):
        std = scale * math.sqrt(2 / WIDTH)  # scale 1: He init
        w = std * torch.randn(WIDTH, WIDTH, dtype=torch.float64)
        z = h @ w.T
        h = torch.relu(batch_norm(z) if use_bn else z)
        h.retain_grad()
        hs.append(h)
    # loss: a fixed random linear function of the output, mean over the batch
    r = torch.randn(BATCH, WIDTH, dtype=torch.float64)
    ((h * r).sum() / BATCH).backward()
    return [t.grad.norm().item() for t in hs]


setups = {
    "He, no BN": (False, 1.0),
    "He + BN": (True, 1.0),
    "0.5 x He + BN": (True, 0.5),
}
results = {name: grad_norms(*args) for name, args in setups.items()}
print(f"||dL/dh_l||, {DEPTH} layers of width {WIDTH}, batch {BATCH}")
print("layer l:       " + "".join(f"{i:>9d}" for i in LAYERS))
for name, norms in results.items():
    print(f"{name:15s}" + "".join(f"{norms[i]:9.3g}" for i in LAYERS))
for name, norms in results.items():
    factor = (norms[0] / norms[DEPTH]) ** (1 / DEPTH)
    print(f"{name}: factor per layer {factor:.3f}")
