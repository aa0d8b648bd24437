"""30-layer MLPs: how much the backward pass shrinks or grows the gradient."""

import math

import keras
import matplotlib.pyplot as plt
import tensorflow as tf

DEPTH, WIDTH = 30, 128


def backward_signal(activation, std):
    """Norm of dL/dz_l for every layer l = 1..DEPTH (z_l: pre-activation)."""
    keras.utils.set_random_seed(0)
    layers = [
        keras.layers.Dense(
            WIDTH,
            kernel_initializer=keras.initializers.RandomNormal(stddev=std),
        )
        for _ in range(DEPTH)
    ]  # biases start at zero
    h = tf.random.normal((64, WIDTH))  # a batch of 64 inputs
    with tf.GradientTape() as tape:
        pre_activations = []
        for layer in layers:
            z = layer(h)
            pre_activations.append(z)
            h = activation(z)
        loss = tf.reduce_mean(h**2)
    grads = tape.gradient(loss, pre_activations)  # dL/dz_l for every l
    # float64 for the norm: squaring tiny float32 values would underflow
    return [float(tf.norm(tf.cast(g, tf.float64))) for g in grads]


xavier = math.sqrt(2 / (WIDTH + WIDTH))  # Glorot: here sqrt(1 / WIDTH)
he = math.sqrt(2 / WIDTH)
runs = {  # label: (activation, weight std)
    "sigmoid, Xavier": (tf.sigmoid, xavier),
    "tanh, Xavier": (tf.tanh, xavier),
    "ReLU, Xavier": (tf.nn.relu, xavier),
    "ReLU, He": (tf.nn.relu, he),
    "ReLU, 1.5 x He": (tf.nn.relu, 1.5 * he),
}
ratios = {}
fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
for label, (activation, std) in runs.items():
    norms = backward_signal(activation, std)
    ratios[label] = norms[0] / norms[-1]
    print(f"{label:<16} first / last layer: {ratios[label]:.3g}")
    ax.plot(range(1, DEPTH + 1), [n / norms[-1] for n in norms], label=label)
ax.set(
    yscale="log",
    xlabel="layer l",
    ylabel="gradient norm at layer l / at layer 30",
)
ax.legend()
plt.show()
