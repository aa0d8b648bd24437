"""Gradient accumulation in Keras: global_clipnorm clips the accumulated
gradient."""

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
X = rng.standard_normal((32, 8)).astype("float32")
y = 3 * rng.standard_normal((32, 1)).astype("float32")
model = keras.Sequential(
    [
        keras.Input((8,)),
        keras.layers.Dense(16, activation="tanh"),
        keras.layers.Dense(1),
    ]
)
lr, clipnorm, accum_steps = 0.1, 1.0, 4
optimizer = keras.optimizers.SGD(
    learning_rate=lr,
    global_clipnorm=clipnorm,
    gradient_accumulation_steps=accum_steps,
)
variables = model.trainable_variables


def gradients(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(xb) - yb))
    return tape.gradient(loss, variables)


def flat(tensors):
    return np.concatenate([np.ravel(t) for t in tensors])


full = flat(gradients(X, y))  # the full batch in one pass, for reference
start = flat(variables)
micro_norms = []
clipped_each = []  # for comparison: what clipping every micro-batch gives
for i, (xb, yb) in enumerate(
    zip(np.split(X, accum_steps), np.split(y, accum_steps)), 1
):
    grads = gradients(xb, yb)
    clipped_each.append(flat(tf.clip_by_global_norm(grads, clipnorm)[0]))
    before = flat(variables)
    optimizer.apply_gradients(zip(grads, variables))
    changed = not np.array_equal(before, flat(variables))
    micro_norms.append(float(np.linalg.norm(flat(grads))))
    print(
        f"micro-batch {i}: norm {micro_norms[-1]:.4f}  "
        f"weights changed: {changed}"
    )


def cosine(a, b):
    return a @ b / (np.linalg.norm(a) * np.linalg.norm(b))


update = flat(variables) - start
each = -lr * np.mean(clipped_each, axis=0)
print(f"full batch: norm {np.linalg.norm(full):.4f}")
print(f"lr * global_clipnorm = {lr * clipnorm}")
print(
    f"update:     norm {np.linalg.norm(update):.4f}, "
    f"cosine with -full {cosine(update, -full):.4f}"
)
print(
    f"clip each:  norm {np.linalg.norm(each):.4f}, "
    f"cosine with -full {cosine(each, -full):.4f}"
)
