"""Eigenvalues 0.5, yet the matrix stretches a vector about ten times."""

import matplotlib.pyplot as plt
import tensorflow as tf

W = tf.constant([[0.5, 10.0], [0.0, 0.5]], dtype=tf.float64)
eigenvalues = tf.math.real(tf.linalg.eigvals(W))  # real: W is triangular
singular_values = tf.linalg.svd(W, compute_uv=False)
spectral_norm = float(singular_values[0])  # largest singular value
print(
    "eigenvalues of W:    ",
    [round(e, 4) for e in eigenvalues.numpy().tolist()],
)
print("singular values of W:", [float(f"{s:.4g}") for s in singular_values])
print(f"spectral norm ||W||_2 = {spectral_norm:.4g}")

# Push the unit vector v = (0, 1) through k factors, two ways:
# the same matrix W every time, and W, W^T, W, W^T, ... (two matrices
# with the same eigenvalues, like two different layers' Jacobians).
v = tf.constant([[0.0], [1.0]], dtype=tf.float64)  # column vector
ks = list(range(31))
same, alternating = [1.0], [1.0]
x, y = v, v
for k in ks[1:]:
    x = W @ x
    y = (W if k % 2 else tf.transpose(W)) @ y
    same.append(float(tf.norm(x)))
    alternating.append(float(tf.norm(y)))

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
