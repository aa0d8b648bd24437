"""Per-layer gradient norms show in which layers the gradient grows."""

import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

X = np.random.default_rng(0).standard_normal((128, 32)).astype("float32")
y = np.sin(X[:, :1])


def make_model(gain, depth=10, width=32):
    """A tanh MLP whose weights have std gain / sqrt(fan_in)."""
    keras.utils.set_random_seed(1)
    init = keras.initializers.RandomNormal(stddev=gain / math.sqrt(width))
    layers = [keras.Input((width,))]
    for i in range(1, depth + 1):
        layers.append(
            keras.layers.Dense(
                width, "tanh", kernel_initializer=init, name=f"fc{i}"
            )
        )
    layers.append(keras.layers.Dense(1, name="head"))
    return keras.Sequential(layers, name="mlp")


def layer_norms(model):
    """The norm of each kernel's gradient, keyed by its path."""
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(X) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    return {
        var.path: float(tf.norm(grad))  # e.g. "mlp/fc1/kernel"
        for var, grad in zip(model.trainable_variables, grads)
        if var.name == "kernel"
    }


healthy = layer_norms(make_model(gain=5 / 3))
exploding = layer_norms(make_model(gain=4.0))

print("kernel-gradient norm per layer")
print(f"{'layer':7s} {'gain 5/3':>9s} {'gain 4':>9s}")
for path in exploding:
    short = path.split("/")[1]
    print(f"{short:7s} {healthy[path]:#9.3g} {exploding[path]:#9.3g}")
for label, norms in (("gain 5/3", healthy), ("gain 4", exploding)):
    ratio = norms["mlp/fc1/kernel"] / norms["mlp/fc10/kernel"]
    print(f"{label}: fc1 / fc10 = {ratio:#.3g}")

names = [path.split("/")[1] for path in exploding]
fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.plot(names, list(healthy.values()), marker="o", label="gain 5/3")
ax.plot(names, list(exploding.values()), marker="o", label="gain 4")
ax.set(
    yscale="log",
    xlabel="layer (input side left)",
    ylabel="kernel-gradient norm",
)
ax.legend()
plt.show()
