"""Find the first layer whose forward output is Inf or NaN."""

import keras
import numpy as np
import tensorflow as tf


class HandSoftplus(keras.layers.Layer):
    """softplus(z) = log(1 + exp(z)), written by hand: exp overflows."""

    def call(self, z):
        return tf.math.log(1 + tf.exp(z))  # exp(z) is inf for z > 88.7


keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input((4,)),
        keras.layers.Dense(8, name="fc1"),
        HandSoftplus(name="act1"),
        keras.layers.Dense(8, name="fc2"),
        HandSoftplus(name="act2"),
        keras.layers.Dense(1, name="head"),
    ]
)
x = np.random.default_rng(0).standard_normal((16, 4)).astype("float32")
x[3] *= 1000  # one corrupt example: its inputs are 1000 times too large

# 1. Layer by layer: call each layer on the previous output and check it.
h = tf.constant(x)
for layer in model.layers:
    h = layer(h)
    bad = ~tf.math.is_finite(h)
    if tf.reduce_any(bad):
        rows = tf.where(tf.reduce_any(bad, axis=1))[:, 0].numpy().tolist()
        first_bad_layer = layer.name
        n_bad = int(tf.reduce_sum(tf.cast(bad, tf.int32)))
        print(
            f"first non-finite output: {layer.name}"
            f" ({type(layer).__name__}), {n_bad}"
            f" of {h.shape.num_elements()} values, in examples {rows}"
        )
        break

# 2. Every op: enable_check_numerics raises at the first Inf or NaN, naming
# the op (here Exp, inside act1), in the forward pass.
tf.debugging.enable_check_numerics()
try:
    model(x)
except tf.errors.InvalidArgumentError as err:
    check_error = err
finally:
    tf.debugging.disable_check_numerics()
line = next(x for x in check_error.message.splitlines() if "!!!" in x)
print("InvalidArgumentError:", line.strip(" !"))

# The fix: the framework's softplus, which is linear for large inputs.
fixed = keras.Sequential(
    [
        keras.Input((4,)),
        keras.layers.Dense(8, "softplus"),
        keras.layers.Dense(8, "softplus"),
        keras.layers.Dense(1),
    ]
)
fixed.set_weights(model.get_weights())
out = fixed(x)
print(
    "with softplus: output is finite:",
    bool(tf.reduce_all(tf.math.is_finite(out))),
)
