"""A 32-layer ReLU MLP initialized 1.3 times larger than He init, with and
without LayerNorm or BatchNorm: activation scale and gradient by layer."""

import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

width, batch, depth = 64, 64, 32
shown = (1, 8, 16, 32)  # layers to print
rng = np.random.default_rng(0)
x = tf.constant(rng.standard_normal((batch, width)), tf.float32)
# The loss is a fixed random linear function of the output, so the
# gradient that enters the top is the same for every network.
r = tf.constant(rng.standard_normal((batch, width)), tf.float32)
NORMS = {
    "no normalization": keras.layers.Identity,
    "LayerNorm": keras.layers.LayerNormalization,  # features of an example
    "BatchNorm": keras.layers.BatchNormalization,  # batch, per feature
}


def measure(norm):
    keras.utils.set_random_seed(1)  # the same weights in every variant
    layers = []
    for _ in range(depth):  # h_l = relu(norm(W_l h_{l-1}))
        # He init would use std sqrt(2 / width); 1.3 times that is too big.
        init = keras.initializers.RandomNormal(
            stddev=1.3 * math.sqrt(2 / width)
        )
        dense = keras.layers.Dense(
            width, use_bias=False, kernel_initializer=init
        )
        layers.append((dense, NORMS[norm]()))
    with tf.GradientTape() as tape:
        h, outputs = x, []
        for dense, norm_layer in layers:
            # training=True: BatchNorm uses batch statistics
            h = tf.nn.relu(norm_layer(dense(h), training=True))
            outputs.append(h)
        loss = tf.reduce_sum(h * r) / batch
    first_kernel = layers[0][0].kernel
    grads = tape.gradient(loss, [first_kernel, *outputs])
    stds = [float(tf.math.reduce_std(h)) for h in outputs]
    back = [float(tf.norm(g)) for g in grads[1:]]  # ||dL/dh_l||
    return stds, back, float(tf.norm(grads[0]))


results = {norm: measure(norm) for norm in NORMS}
print("layer l:", shown)
for norm, (stds, back, first) in results.items():
    print(norm)
    print("  std of h_l:   " + " ".join(f"{stds[i - 1]:8.3g}" for i in shown))
    print("  ||dL/dh_l||:  " + " ".join(f"{back[i - 1]:8.3g}" for i in shown))
    print(f"  first-layer weight gradient norm {first:.3g}")

fig, (ax_std, ax_back) = plt.subplots(
    1, 2, figsize=(9, 3.4), layout="constrained"
)
layer_index = range(1, depth + 1)
for norm, (stds, back, _) in results.items():
    ax_std.plot(layer_index, stds, label=norm)
    ax_back.plot(layer_index, back, label=norm)
ax_std.set(yscale="log", xlabel="layer l", ylabel="std of activations h_l")
ax_back.set(yscale="log", xlabel="layer l", ylabel="||dL/dh_l||")
ax_std.legend()
plt.show()
