"""Each Keras initializer: measured weight variance vs its formula."""

import keras
import numpy as np

keras.utils.set_random_seed(0)
fan_in, fan_out = 1000, 400
shape = (fan_in, fan_out)  # Dense kernel layout: (inputs, units)
init = keras.initializers

layer = keras.layers.Dense(fan_out)  # the default initialization
layer.build((None, fan_in))
cases = {  # name: (weights, variance the formula predicts)
    "GlorotUniform": (
        init.GlorotUniform(seed=0)(shape),
        2 / (fan_in + fan_out),
    ),
    "GlorotNormal": (
        init.GlorotNormal(seed=0)(shape),
        2 / (fan_in + fan_out),
    ),
    "HeNormal": (init.HeNormal(seed=0)(shape), 2 / fan_in),
    "HeNormal fan_out": (  # HeNormal with mode="fan_out"
        init.VarianceScaling(
            2.0, mode="fan_out", distribution="truncated_normal", seed=0
        )(shape),
        2 / fan_out,
    ),
    "HeUniform": (init.HeUniform(seed=0)(shape), 2 / fan_in),
    "LecunNormal": (init.LecunNormal(seed=0)(shape), 1 / fan_in),
    "Orthogonal": (init.Orthogonal(seed=0)(shape), 1 / max(shape)),
    "Dense default": (layer.kernel, 2 / (fan_in + fan_out)),
}

print(f"fan_in = {fan_in}, fan_out = {fan_out}")
print(f"{'initializer':18s} {'measured':>9s} {'formula':>9s} {'ratio':>6s}")
results = {}
for name, (w, formula) in cases.items():
    measured = float(np.var(keras.ops.convert_to_numpy(w)))
    results[name] = (measured, formula)
    ratio = measured / formula
    print(f"{name:18s} {measured:9.3e} {formula:9.3e} {ratio:6.3f}")
default = type(layer.kernel_initializer).__name__
print(f"Dense default kernel_initializer: {default}")
