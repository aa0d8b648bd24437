"""He initialization for Dense layers, and one seeded initializer reused."""

import math

import keras
import numpy as np

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input((784,)),
        keras.layers.Dense(
            512,
            activation="relu",
            kernel_initializer=keras.initializers.HeNormal(seed=0),
        ),
        keras.layers.Dense(
            256,
            activation="relu",
            kernel_initializer=keras.initializers.HeNormal(seed=1),
        ),
        keras.layers.Dense(
            10, kernel_initializer=keras.initializers.HeNormal(seed=2)
        ),
    ]
)

stds = {}
for i, layer in enumerate(model.layers):
    fan_in, units = layer.kernel.shape
    std = float(np.std(layer.kernel.numpy()))
    target = math.sqrt(2 / fan_in)
    stds[i] = (std, target)
    print(
        f"Dense {i}: {fan_in:3d} -> {units:3d}, kernel std {std:.4f}, "
        f"sqrt(2/fan_in) {target:.4f}"
    )

# Pitfall: a seeded initializer returns the SAME values at every call.
shared = keras.initializers.HeNormal(seed=0)
a = keras.layers.Dense(64, kernel_initializer=shared)
b = keras.layers.Dense(64, kernel_initializer=shared)
c = keras.layers.Dense(64, kernel_initializer="he_normal")
d = keras.layers.Dense(64, kernel_initializer="he_normal")
for layer in (a, b, c, d):
    layer.build((None, 64))
shared_same = bool(np.array_equal(a.kernel.numpy(), b.kernel.numpy()))
string_same = bool(np.array_equal(c.kernel.numpy(), d.kernel.numpy()))
print(f"one HeNormal(seed=0) in two layers, same kernel: {shared_same}")
print(f'"he_normal" in two layers, same kernel: {string_same}')
