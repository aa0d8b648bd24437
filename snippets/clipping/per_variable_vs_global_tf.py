"""Keras clipnorm clips each variable alone; global_clipnorm clips all."""

import keras
import tensorflow as tf


def one_sgd_step(**clip):
    """Apply gradients [3] and [4] to two zero variables with SGD (lr 1)."""
    a, b = tf.Variable([0.0]), tf.Variable([0.0])
    optimizer = keras.optimizers.SGD(learning_rate=1.0, **clip)
    optimizer.apply_gradients(
        [(tf.constant([3.0]), a), (tf.constant([4.0]), b)]
    )
    return [round(float(a[0]), 4), round(float(b[0]), 4)]


per_variable = one_sgd_step(clipnorm=1.0)
global_norm = one_sgd_step(global_clipnorm=1.0)
print("update with clipnorm=1.0:       ", per_variable)
print("update with global_clipnorm=1.0:", global_norm)

try:
    keras.optimizers.SGD(clipnorm=1.0, global_clipnorm=1.0)
except ValueError as err:
    print("both at once: ValueError:", err)
