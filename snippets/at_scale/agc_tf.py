"""Adaptive gradient clipping (AGC, Brock et al. 2021) in TensorFlow."""

import keras
import numpy as np
import tensorflow as tf


def unitwise_norm(x):
    """L2 norm per output unit: each column of a Dense kernel (the last axis
    indexes the output units in Keras); a bias vector counts as one unit."""
    if len(x.shape) <= 1:
        return tf.norm(x)
    axes = list(range(len(x.shape) - 1))
    return tf.sqrt(tf.reduce_sum(tf.square(x), axis=axes, keepdims=True))


def adaptive_clip_grad(variables, grads, clipping=0.01, eps=1e-3):
    """Return the gradients with each unit's G_i scaled so that
    ||G_i|| <= clipping * max(||W_i||, eps)."""
    clipped = []
    for w, g in zip(variables, grads):
        max_norm = clipping * tf.maximum(unitwise_norm(w), eps)
        grad_norm = tf.maximum(unitwise_norm(g), 1e-6)
        clipped.append(g * tf.minimum(max_norm / grad_norm, 1.0))
    return clipped


keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
X = rng.standard_normal((64, 8)).astype("float32")
y = rng.standard_normal((64, 1)).astype("float32")
model = keras.Sequential(
    [
        keras.Input((8,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1),
    ]
)
optimizer = keras.optimizers.SGD(learning_rate=0.1)
clipping = 0.01

with tf.GradientTape() as tape:
    loss = tf.reduce_mean(tf.square(model(X) - y))
variables = model.trainable_variables
grads = tape.gradient(loss, variables)
names = [
    f"{i}.{v.name}"
    for i, layer in enumerate(model.layers)
    for v in layer.weights
]
weights = [v.numpy() for v in variables]
grads_before = [g.numpy() for g in grads]
n_last = len(model.layers[-1].trainable_variables)  # the last layer's
clipped = adaptive_clip_grad(variables[:-n_last], grads[:-n_last], clipping)
grads = clipped + grads[-n_last:]  # the last layer is not clipped
optimizer.apply_gradients(zip(grads, variables))
grads_after = [np.asarray(g) for g in grads]


def ratios(grad, weight):
    """||G_i|| / max(||W_i||, eps) for every unit i."""
    return np.ravel(
        unitwise_norm(grad) / np.maximum(unitwise_norm(weight), 1e-3)
    )


print(f"ratio ||G_i|| / max(||W_i||, eps), clipping = {clipping}")
for i, (name, w, g0, g1) in enumerate(
    zip(names, weights, grads_before, grads_after)
):
    r0, r1 = ratios(g0, w), ratios(g1, w)
    print(
        f"{name:8s} {(r0 > clipping).sum():2d} of {r0.size:2d} units above,"
        f" max {r0.max():.4g} -> {r1.max():.4g}"
        + ("  (last layer: not clipped)" if i >= len(names) - n_last else "")
    )
