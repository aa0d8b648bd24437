"""Gradient norm at each layer of a deep ReLU MLP, for three init scales."""

import math

import keras
import matplotlib.pyplot as plt
import tensorflow as tf

depth, width = 50, 64
scales = [0.8, 1.0, 1.2]  # multiples of the He standard deviation


def layer_grad_norms(scale):
    keras.utils.set_random_seed(0)  # the same draw for every scale
    layers = [
        keras.layers.Dense(
            width,
            use_bias=False,
            # He init: std sqrt(2 / fan_in) keeps the signal size through ReLU
            kernel_initializer=keras.initializers.RandomNormal(
                stddev=scale * math.sqrt(2 / width)
            ),
        )
        for _ in range(depth)
    ]
    h = tf.random.normal((128, width))  # one input batch
    inputs = []  # the input of each layer, to read its gradient later
    with tf.GradientTape() as tape:
        tape.watch(h)
        for i, layer in enumerate(layers):
            inputs.append(h)
            h = layer(h)
            if i < depth - 1:
                h = tf.nn.relu(h)
        # A loss whose gradient at the output is the same (all ones) for
        # every scale, so only the backward pass through the layers differs.
        loss = tf.reduce_sum(h)
    grads = tape.gradient(loss, inputs)
    return [float(tf.norm(g)) for g in grads]


norms = {s: layer_grad_norms(s) for s in scales}
print("gradient norm at the input of layer 1 and of layer 50:")
for s, g in norms.items():
    print(
        f"std {s} x He: layer 1 {g[0]:.3g}, layer 50 {g[-1]:.3g}, "
        f"ratio {g[0] / g[-1]:.3g}"
    )
print("layer 1 compared with He scale:")
for s in [0.8, 1.2]:
    ratio = norms[s][0] / norms[1.0][0]
    print(f"std {s} x He: {ratio:.3g} times ({s}**{depth} = {s**depth:.3g})")

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for s, g in norms.items():
    ax.plot(range(1, depth + 1), g, label=f"std {s} x He")
ax.set(
    yscale="log",
    xlabel="layer (1 = input side, 50 = output side)",
    ylabel="gradient norm at the layer's input",
)
ax.legend()
plt.show()
