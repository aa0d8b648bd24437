"""Batch normalization at initialization: a deep ReLU MLP with He init,
h_l = relu(BN(W_l h_{l-1})), no residual connections. Computed in float64."""

import math

import tensorflow as tf

DEPTH, WIDTH, BATCH = 50, 128, 64
LAYERS = (0, 10, 25, 40, 50)


def batch_norm(z, eps=1e-5):  # training mode, gamma = 1, beta = 0
    mean, var = tf.nn.moments(z, axes=[0])
    return (z - mean) / tf.sqrt(var + eps)


def grad_norms(use_bn, scale):
    """||dL/dh_l|| for l = 0..DEPTH (h_0 is the input)."""
    x = tf.random.stateless_normal((BATCH, WIDTH), (0, 0), dtype="float64")
    r = tf.random.stateless_normal((BATCH, WIDTH), (1, 0), dtype="float64")
    with tf.GradientTape() as tape:
        tape.watch(x)
        h, hs = x, [x]
        for k in range(DEPTH):
            std = scale * math.sqrt(2 / WIDTH)  # scale 1: He init
            w = std * tf.random.stateless_normal(
                (WIDTH, WIDTH), (2, k), dtype="float64"
            )
            z = h @ w
            h = tf.nn.relu(batch_norm(z) if use_bn else z)
            hs.append(h)
        # loss: a fixed random linear function of the output, batch mean
        loss = tf.reduce_sum(h * r) / BATCH
    return [float(tf.norm(g)) for g in tape.gradient(loss, hs)]


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
