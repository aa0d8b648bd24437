"""Clipping cannot repair an infinite gradient: detect it and skip the step."""

import keras
import tensorflow as tf

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
optimizer = keras.optimizers.SGD(learning_rate=0.1)
bad_batch = tf.constant([[1.0, float("inf")]])  # one corrupt input value

with tf.GradientTape() as tape:
    loss = tf.reduce_sum(model(bad_batch))
grads = tape.gradient(loss, model.trainable_variables)

# 1. Plain clipping: the global norm is inf and every clipped gradient is NaN.
clipped, global_norm = tf.clip_by_global_norm(grads, clip_norm=1.0)
print(
    "norm:",
    float(global_norm),
    " kernel grad after clipping:",
    clipped[0].numpy().ravel().tolist(),
)

# 2. Skip the update when the norm is not finite.
kernel_before = model.trainable_variables[0].numpy().copy()
if tf.math.is_finite(global_norm):
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
else:
    print(f"skipped step: gradient norm is {float(global_norm)}")
print(
    "weights unchanged:",
    bool((model.trainable_variables[0].numpy() == kernel_before).all()),
)
