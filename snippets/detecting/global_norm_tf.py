"""Log the global gradient norm every step and flag spikes."""

import statistics

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
X = np.random.default_rng(0).standard_normal((640, 8)).astype("float32")
y = X[:, :1] - 0.5 * X[:, 1:2]
model = keras.Sequential(
    [
        keras.Input((8,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1),
    ]
)
optimizer = keras.optimizers.SGD(learning_rate=0.05)

bad_step = 12  # this batch is corrupt: its inputs are 100 times too large
window, k = 5, 10.0  # a spike: norm > k times the median of recent norms
history, flagged = [], []  # norms of the accepted steps; flagged steps
for step in range(20):
    xb, yb = X[32 * step : 32 * (step + 1)], y[32 * step : 32 * (step + 1)]
    if step == bad_step:
        xb = 100 * xb
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(xb) - yb))
    grads = tape.gradient(loss, model.trainable_variables)
    # Global L2 norm over all gradients. If you clip, tf.clip_by_global_norm
    # returns this norm, measured before clipping, as its second value.
    norm = float(tf.linalg.global_norm(grads))
    recent = history[-window:]
    median = statistics.median(recent) if len(recent) == window else None
    spike = median is not None and norm > k * median
    line = f"step {step:2d}  loss {float(loss):#9.3g}  norm {norm:#9.3g}"
    if median is not None:
        line += f"  {norm / median:#8.3g} x median"
    print(line + ("  <- spike" if spike else ""))
    if spike:
        flagged.append(step)
        continue  # skip this update so the bad batch cannot move the weights
    history.append(norm)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

print("flagged steps:", flagged)
