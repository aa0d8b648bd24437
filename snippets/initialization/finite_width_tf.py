"""He-initialized ReLU networks of finite width: the mean of the squared
gradient is preserved at every depth, its typical value is not.

For each of NETS random networks, Z = ||J v||² / ||v||², where J is the
input-output Jacobian at a random input x and v a random direction: the
factor by which the layers' product D_l W_l ... D_1 W_1 changes the squared
norm of a vector, as it changes a gradient's. Computed in float64.
"""

import numpy as np
import tensorflow as tf

NETS = 30_000
WIDTHS = (16, 64)
DEPTHS = (4, 8, 16)


def squared_gains(width, depth):
    """Z after 1..depth layers, for NETS independent networks."""
    h = tf.random.stateless_normal((NETS, width), (0, 0), dtype="float64")
    v = tf.random.stateless_normal((NETS, width), (1, 0), dtype="float64")
    v0 = tf.reduce_sum(v**2, axis=1)
    zs = []
    for k in range(depth):
        # Only W h and W v are needed. With a fresh W ~ N(0, 2/n) per layer,
        # their entries are independent pairs of normals with variances
        # (2/n)|h|², (2/n)|v|² and covariance (2/n) h.v: draw the pairs
        # directly instead of the n x n matrix W.
        h_norm = tf.norm(h, axis=1, keepdims=True)
        dot = tf.reduce_sum(h * v, axis=1, keepdims=True)
        along = dot / tf.maximum(h_norm, 1e-300)
        v_sq = tf.reduce_sum(v**2, axis=1, keepdims=True)
        across = tf.sqrt(tf.maximum(v_sq - along**2, 0.0))
        e1, e2 = tf.unstack(
            tf.random.stateless_normal(
                (2, NETS, width), (2, k), dtype="float64"
            )
        )
        scale = (2 / width) ** 0.5
        wh = scale * h_norm * e1
        wv = scale * (along * e1 + across * e2)
        h = tf.nn.relu(wh)
        v = tf.cast(wh > 0, v.dtype) * wv  # D_l W_l v, D_l = diag(relu'(Wh))
        zs.append((tf.reduce_sum(v**2, axis=1) / v0).numpy())
    return zs


print(f"He init, ReLU, {NETS} networks per width; Z = ||J v||² / ||v||²")
print(f"{'width':>5s}{'depth':>6s}{'mean Z':>8s}{'median Z':>10s}")
results = {}
for width in WIDTHS:
    zs = squared_gains(width, max(DEPTHS))
    for depth in DEPTHS:
        z = zs[depth - 1]
        r = results[width, depth] = {
            "mean": float(np.mean(z)),
            "median": float(np.median(z)),
        }
        print(f"{width:5d}{depth:6d}{r['mean']:8.2f}{r['median']:10.3f}")
