"""Residual blocks x_{l+1} = x_l + W2 relu(W1 x_l), He init, at depths 4..64:
the last layer W2 of every branch drawn as usual, scaled by 1/sqrt(depth),
or set to zero. Computed in float64."""

import math

import tensorflow as tf

WIDTH, BATCH = 64, 64
DEPTHS = (4, 8, 16, 32, 64)
HE_STD = math.sqrt(2 / WIDTH)


def gradient_ratio(depth, last_layer):
    """||dL/dx_0|| / ||dL/dx_L||: growth of the gradient through the net."""
    x = tf.random.stateless_normal((BATCH, WIDTH), (0, 0), dtype="float64")
    r = tf.random.stateless_normal((BATCH, WIDTH), (1, 0), dtype="float64")
    with tf.GradientTape() as tape:
        tape.watch(x)
        h = x
        for k in range(depth):
            w1, w2 = HE_STD * tf.random.stateless_normal(
                (2, WIDTH, WIDTH), (2, k), dtype="float64"
            )
            if last_layer == "1/sqrt(depth)":
                w2 = w2 / math.sqrt(depth)
            elif last_layer == "zero":
                w2 = tf.zeros_like(w2)
            h = h + tf.nn.relu(h @ w1) @ w2
        top = h
        loss = tf.reduce_sum(h * r) / BATCH
    g_in, g_top = tape.gradient(loss, [x, top])
    return float(tf.norm(g_in) / tf.norm(g_top))


ratios = {
    name: [gradient_ratio(d, name) for d in DEPTHS]
    for name in ("He", "1/sqrt(depth)", "zero")
}
print("last branch layer  ||dL/dx_0|| / ||dL/dx_L|| at depth L")
print("depth L:       " + "".join(f"{d:>10d}" for d in DEPTHS))
for name, values in ratios.items():
    print(f"{name:15s}" + "".join(f"{v:10.3g}" for v in values))
