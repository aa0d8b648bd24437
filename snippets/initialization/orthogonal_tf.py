"""A recurrent matrix applied 100 times: Gaussian vs orthogonal."""

import keras
import numpy as np
import tensorflow as tf

n, steps = 64, 100
h0 = tf.random.stateless_normal((n, 1), seed=(0, 0))
# Five Gaussian matrices and one orthogonal one, all with entry
# variance 1/n (the Xavier variance for a square matrix).
matrices = {
    f"Gaussian {i}": keras.initializers.RandomNormal(stddev=n**-0.5, seed=i)(
        (n, n)
    )
    for i in range(1, 6)
}
matrices["orthogonal"] = keras.initializers.Orthogonal(seed=0)((n, n))

ratios, spectra = {}, {}
print("sv: singular values; rho: spectral radius (largest |eigenvalue|)")
print("t=...: |h_t| / |h_0| after t steps")
print(
    f"{'W':11s}{'min sv':>7s}{'max sv':>7s}{'rho':>7s}"
    f"{'t=10':>9s}{'t=50':>9s}{'t=100':>9s}"
)
for name, W in matrices.items():
    s = tf.linalg.svd(W, compute_uv=False).numpy()
    rho = float(np.abs(np.linalg.eigvals(W.numpy())).max())
    h, r = h0, []
    for _ in range(steps):
        h = W @ h  # linear recurrence h_t = W h_{t-1}
        r.append(float(tf.norm(h) / tf.norm(h0)))
    ratios[name] = r
    spectra[name] = (float(s.min()), float(s.max()), rho)
    print(
        f"{name:11s}{s.min():7.3f}{s.max():7.3f}{rho:7.3f}"
        f"{r[9]:9.3g}{r[49]:9.3g}{r[99]:9.3g}"
    )
