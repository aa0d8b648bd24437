"""Order and chaos in a deep tanh network: weights N(0, sigma_w² / n).

chi = sigma_w² E[tanh'(z)²] is the factor by which one layer multiplies the
squared gradient norm once the activations have settled. Computed in float64.
"""

import math

import tensorflow as tf

DEPTH, WIDTH, BATCH = 50, 256, 32
SIGMAS = (0.8, 1.0, 1.5, 2.0, 3.0)


def run(sigma_w):
    x = tf.random.stateless_normal((BATCH, WIDTH), (0, 0), dtype="float64")
    upstream = tf.random.stateless_normal(
        (BATCH, WIDTH), (1, 0), dtype="float64"
    )
    with tf.GradientTape() as tape:
        tape.watch(x)
        h, hs = x, [x]
        for k in range(DEPTH):
            w = (
                sigma_w
                / math.sqrt(WIDTH)
                * tf.random.stateless_normal(
                    (WIDTH, WIDTH), (2, k), dtype="float64"
                )
            )
            h = tf.tanh(h @ w)
            hs.append(h)
    grads = tape.gradient(h, hs, output_gradients=upstream)
    norms = [float(tf.norm(g)) for g in grads]  # ||dL/dh_l||, l = 0..DEPTH
    slope = 1 - h**2  # tanh'(z_DEPTH)
    chi = sigma_w**2 * float(tf.reduce_mean(slope**2))
    # measured factor per layer over the last 25 layers
    per_layer = (norms[DEPTH - 25] / norms[DEPTH]) ** (1 / 25)
    return {
        "act_std": float(tf.math.reduce_std(h)),
        "chi": chi,
        "per_layer": per_layer,
        "ratio": norms[0] / norms[DEPTH],
    }


print(f"tanh, {DEPTH} layers of width {WIDTH}, weights N(0, sigma_w²/n)")
print(
    f"{'sigma_w':>7s}{'std h_50':>10s}{'chi':>8s}{'sqrt(chi)':>11s}"
    f"{'per layer':>11s}{'|g_0|/|g_50|':>14s}"
)
results = {}
for sigma_w in SIGMAS:
    r = results[sigma_w] = run(sigma_w)
    print(
        f"{sigma_w:7.1f}{r['act_std']:10.3g}{r['chi']:8.3f}"
        f"{math.sqrt(r['chi']):11.3f}{r['per_layer']:11.3f}"
        f"{r['ratio']:14.3g}"
    )
