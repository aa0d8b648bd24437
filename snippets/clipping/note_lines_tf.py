"""The note's TensorFlow line fails on Keras 3; two correct ways to clip."""

import keras
import tensorflow as tf

variables = [tf.Variable([0.0, 0.0])]
gradients = [tf.constant([3.0, 4.0])]  # a gradient of norm 5
optimizer = keras.optimizers.SGD(learning_rate=1.0)

try:
    optimizer.apply_gradients(
        zip(gradients, variables), clipnorm=1.0
    )  # the note's line
except TypeError as err:
    note_error = err
    print(f"TypeError: {err}")

# Fix 1: give the clipping threshold to the optimizer.
optimizer = keras.optimizers.SGD(learning_rate=1.0, global_clipnorm=1.0)
optimizer.apply_gradients(zip(gradients, variables))
print(
    "update with global_clipnorm:       ",
    [round(v, 4) for v in variables[0].numpy().tolist()],
)

# Fix 2: clip the gradients yourself, then apply them.
variables[0].assign([0.0, 0.0])
clipped, norm = tf.clip_by_global_norm(gradients, clip_norm=1.0)
keras.optimizers.SGD(learning_rate=1.0).apply_gradients(
    zip(clipped, variables)
)
print(
    "update with tf.clip_by_global_norm:",
    [round(v, 4) for v in variables[0].numpy().tolist()],
)
print("norm before clipping:", float(norm))
