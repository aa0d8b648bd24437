"""Singular values of the input-output Jacobian of a 32-layer network.

J = D_L W_L ... D_1 W_1, with D_l = diag(f'(z_l)), is the matrix that
carries a gradient from the output back to the input. Computed in float64.
"""

import math

import keras
import tensorflow as tf

DEPTH, WIDTH = 32, 256
INPUT_STD = 0.1  # small pre-activations: tanh is close to linear there
SETUPS = {  # name: (activation, initializer class and arguments)
    "tanh, orthogonal": ("tanh", keras.initializers.Orthogonal, {}),
    "tanh, Gaussian": (
        "tanh",
        keras.initializers.RandomNormal,
        {"stddev": 1 / math.sqrt(WIDTH)},
    ),
    "ReLU, orthogonal": (
        "relu",
        keras.initializers.Orthogonal,
        {"gain": math.sqrt(2)},
    ),
}


def activate(name, z):
    """f(z) and f'(z)."""
    if name == "tanh":
        h = tf.tanh(z)
        return h, 1 - h**2
    return tf.nn.relu(z), tf.cast(z > 0, z.dtype)


def jacobian_singular_values(activation, init_class, kwargs):
    # a SeedGenerator gives a new matrix at every call
    init = init_class(seed=keras.random.SeedGenerator(0), **kwargs)
    h = INPUT_STD * tf.random.stateless_normal(
        (WIDTH, 1), seed=(0, 0), dtype="float64"
    )
    jac = tf.eye(WIDTH, dtype="float64")
    for _ in range(DEPTH):
        w = init((WIDTH, WIDTH), dtype="float64")
        h, slope = activate(activation, w @ h)
        jac = slope * (w @ jac)  # D_l W_l times the product so far
    return tf.linalg.svd(jac, compute_uv=False)  # largest first


print(f"Jacobian of {DEPTH} layers of width {WIDTH}: singular values s")
print(f"{'':18s}{'rms s':>8s}{'max s':>8s}  share within 2x of rms")
results = {}
for name, (activation, init_class, kwargs) in SETUPS.items():
    s = jacobian_singular_values(activation, init_class, kwargs)
    rms = float(tf.sqrt(tf.reduce_mean(s**2)))
    near = float(
        tf.reduce_mean(tf.cast((s >= rms / 2) & (s <= 2 * rms), "float64"))
    )
    results[name] = {"rms": rms, "max": float(s[0]), "near": near}
    print(f"{name:18s}{rms:8.3f}{float(s[0]):8.3g}  {near:6.0%}")
