"""Eigenvalues 0.5, yet the matrix stretches a vector about ten times."""

import matplotlib.pyplot as plt
import torch

W = torch.tensor([[0.5, 10.0], [0.0, 0.5]], dtype=torch.float64)
eigenvalues = torch.linalg.eigvals(W).real  # real here: W is triangular
singular_values = torch.linalg.svdvals(W)
spectral_norm = singular_values[0].item()  # largest singular value
print("eigenvalues of W:    ", [round(e, 4) for e in eigenvalues.tolist()])
print("singular values of W:", [float(f"{s:.4g}") for s in singular_values])
print(f"spectral norm ||W||_2 = {spectral_norm:.4g}")

# Push the unit vector v = (0, 1) through k factors, two ways:
# the same matrix W every time, and W, W^T, W, W^T, ... (two matrices
# with the same eigenvalues, like two different layers' Jacobians).
v = torch.tensor([0.0, 1.0], dtype=torch.float64)
ks = list(range(31))
same, alternating = [1.0], [1.0]
x, y = v, v
for k in ks[1:]:
    x = W @ x
    y = (W if k % 2 else W.T) @ y
    same.append(x.norm().item())
    alternating.append(y.norm().item())

print(" k  ||W^k v||  W,W^T,... v  0.5^k")
for k in (1, 2, 4, 8, 16, 30):
    a, b = same[k], alternating[k]
    print(f"{k:2d}  {a:#9.4g}  {b:#11.4g}  {0.5**k:#.4g}")

fig, (ax_same, ax_alt) = plt.subplots(
    1, 2, figsize=(9, 3.4), layout="constrained"
)
for ax, norms, label in (
    (ax_same, same, "W, W, W, ..."),
    (ax_alt, alternating, "W, W^T, W, W^T, ..."),
):
    ax.plot(ks, norms, marker=".", label=label)
    ax.plot(
        ks,
        [0.5**k for k in ks],
        linestyle="--",
        label="0.5^k (from the eigenvalues)",
    )
    ax.set(yscale="log", xlabel="number of factors k", ylabel="norm")
    ax.legend()
ax_same.set_title("same matrix: up ten times, then down", fontsize=9)
ax_alt.set_title("two different matrices: grows without end", fontsize=9)
plt.show()
