"""Linear regression trained with SGD: too high a learning rate ends in NaN."""

import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.standard_normal((256, 8)).astype("float32")
noise = 0.5 * rng.standard_normal((256, 1)).astype("float32")
y = X @ rng.standard_normal((8, 1)).astype("float32") + noise


def train(lr, steps=100):
    model = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(1, kernel_initializer="zeros")]
    )  # the bias starts at zero too: the same start for every learning rate
    optimizer = keras.optimizers.SGD(learning_rate=lr)

    @tf.function
    def step():
        weight_norm = tf.linalg.global_norm(model.trainable_variables)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(X) - y))  # full batch
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss, tf.linalg.global_norm(grads), weight_norm

    log = []  # (loss, gradient norm, weight norm) at each step
    for _ in range(steps):
        log.append(tuple(float(v) for v in step()))
    return log


def first_step(log, column, test):
    """The first step at which log[step][column] passes test, or None."""
    return next((t for t, row in enumerate(log) if test(row[column])), None)


lr_good, lr_bad = 0.1, 1.5
runs = {f"lr = {lr}": train(lr) for lr in (lr_good, lr_bad)}
bad = runs[f"lr = {lr_bad}"]
t_inf = [first_step(bad, c, math.isinf) for c in range(3)]
t_nan = first_step(bad, 0, math.isnan)

print(f"training log, lr = {lr_bad}:")
print(" step      loss  grad norm  weight norm")
for t in [
    *range(0, t_inf[0] - 1, 4),
    *range(t_inf[0] - 1, t_inf[2] + 1),
    t_nan,
]:
    loss, grad_norm, weight_norm = bad[t]
    print(f"{t:5d} {loss:9.3g} {grad_norm:10.3g} {weight_norm:12.3g}")
print(f"loss grows by x{bad[20][0] / bad[19][0]:.1f} per step")
print(
    f"inf from step {t_inf[0]} (loss), {t_inf[1]} (gradient norm), "
    f"{t_inf[2]} (weight norm); the loss is nan from step {t_nan}"
)
good = [row[0] for row in runs[f"lr = {lr_good}"]]
print(f"lr = {lr_good}: loss {good[0]:.3g} -> {good[-1]:.3g}, always finite")

big = tf.constant(3e38)
print(f"largest float32: {np.finfo(np.float32).max:.3g}")
print(f"3e38 * 2 = {float(big * 2)}, inf - inf = {float(big * 2 - big * 2)}")
print(f"0 * inf = {float(0 * (big * 2))}")

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for name, log in runs.items():
    ax.plot([row[0] for row in log], label=name)
ax.axvline(t_inf[0], linestyle=":", color="gray")
ax.axvline(t_nan, linestyle="--", color="gray")
ax.text(t_inf[0], 1e20, " inf", color="gray")
ax.text(t_nan, 1e10, " NaN", color="gray")
ax.set(yscale="log", xlabel="step", ylabel="training loss (MSE)")
ax.legend()
plt.show()
