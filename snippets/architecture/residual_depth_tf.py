"""First-layer gradient vs depth: a plain ReLU MLP and the same MLP with
skip connections, both initialized 1.3 times larger than He init."""

import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

width, batch = 64, 64
depths = (4, 8, 16, 32, 64)
branch_scale = 0.1  # residual branch output is multiplied by this

rng = np.random.default_rng(0)
x = tf.constant(rng.standard_normal((batch, width)), tf.float32)
# The loss is a fixed random linear function of the output, so the
# gradient that enters the top is the same for every network.
r = tf.constant(rng.standard_normal((batch, width)), tf.float32)


def first_layer_grad(depth, residual):
    keras.utils.set_random_seed(1)  # the same weights with and without skips
    # He init would use std sqrt(2 / width); 1.3 times that is too big.
    layers = [
        keras.layers.Dense(
            width,
            use_bias=False,
            kernel_initializer=keras.initializers.RandomNormal(
                stddev=1.3 * math.sqrt(2 / width)
            ),
        )
        for _ in range(depth)
    ]
    with tf.GradientTape() as tape:
        h = x
        for layer in layers:
            if residual:  # x_{l+1} = x_l + 0.1 W_l relu(x_l)
                h = h + branch_scale * layer(tf.nn.relu(h))
            else:  # x_{l+1} = W_l relu(x_l)
                h = layer(tf.nn.relu(h))
        loss = tf.reduce_sum(h * r) / batch
    grad = tape.gradient(loss, layers[0].kernel)
    return float(tf.norm(grad))


grads = {
    "plain": [first_layer_grad(d, residual=False) for d in depths],
    "residual": [first_layer_grad(d, residual=True) for d in depths],
}
print(f"branch scale {branch_scale}; first-layer gradient norm")
print("depth:   " + " ".join(f"{d:>9}" for d in depths))
for name, g in grads.items():
    print(f"{name:9}" + " ".join(f"{v:9.3g}" for v in g))
for name, g in grads.items():
    print(f"{name}: depth 64 / depth 4 = {g[-1] / g[0]:.3g}")

fig, ax = plt.subplots(figsize=(5, 3.4), layout="constrained")
for name, g in grads.items():
    ax.plot(depths, g, marker="o", label=name)
ax.set(
    xscale="log",
    yscale="log",
    xlabel="depth (layers)",
    ylabel="first-layer gradient norm",
)
ax.minorticks_off()
ax.set_xticks(depths, [str(d) for d in depths])
ax.legend()
plt.show()
