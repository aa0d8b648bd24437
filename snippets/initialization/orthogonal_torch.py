"""A recurrent matrix applied 100 times: Gaussian vs orthogonal."""

import torch
from torch import nn

torch.manual_seed(0)
n, steps = 64, 100
h0 = torch.randn(n)
# Five Gaussian matrices and one orthogonal one, all with entry
# variance 1/n (the Xavier variance for a square matrix).
matrices = {
    f"Gaussian {i}": nn.init.normal_(torch.empty(n, n), std=n**-0.5)
    for i in range(1, 6)
}
matrices["orthogonal"] = nn.init.orthogonal_(torch.empty(n, n))

ratios, spectra = {}, {}
print("sv: singular values; rho: spectral radius (largest |eigenvalue|)")
print("t=...: |h_t| / |h_0| after t steps")
print(
    f"{'W':11s}{'min sv':>7s}{'max sv':>7s}{'rho':>7s}"
    f"{'t=10':>9s}{'t=50':>9s}{'t=100':>9s}"
)
for name, W in matrices.items():
    s = torch.linalg.svdvals(W)
    rho = torch.linalg.eigvals(W).abs().max().item()
    h, r = h0, []
    for _ in range(steps):
        h = W @ h  # linear recurrence h_t = W h_{t-1}
        r.append((h.norm() / h0.norm()).item())
    ratios[name] = r
    spectra[name] = (s.min().item(), s.max().item(), rho)
    print(
        f"{name:11s}{s.min():7.3f}{s.max():7.3f}{rho:7.3f}"
        f"{r[9]:9.3g}{r[49]:9.3g}{r[99]:9.3g}"
    )
