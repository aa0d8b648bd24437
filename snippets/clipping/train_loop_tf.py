"""Clip the global gradient norm in a custom TensorFlow training loop."""

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
X = np.random.default_rng(0).standard_normal((256, 16)).astype("float32")
y = 4 * np.sin(X[:, :1])
model = keras.Sequential(
    [
        keras.Input((16,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1),
    ]
)
optimizer = keras.optimizers.SGD(learning_rate=0.05)
max_norm = 1.0

norms_before, norms_after = [], []
for step in range(6):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(X) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    # --8<-- [start:clip]
    # Rescale all gradients together so that their global L2 norm is at most
    # max_norm. The second return value is the norm BEFORE clipping: log it.
    grads, global_norm = tf.clip_by_global_norm(grads, clip_norm=max_norm)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    # --8<-- [end:clip]
    after = tf.linalg.global_norm(grads)
    norms_before.append(float(global_norm))
    norms_after.append(float(after))
    print(
        f"step {step}: loss {float(loss):6.3f}   "
        f"norm before {float(global_norm):6.3f}   after {float(after):.3f}"
    )
