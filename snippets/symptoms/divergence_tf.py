"""A small tanh MLP trained with SGD: a learning rate too high ends in NaN."""

import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf


def train(lr, steps=60):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((256, 8)).astype("float32")
    y = 2 * X[:, :1] - X[:, 1:2] + 0.5 * np.sin(3 * X[:, 2:3])
    model = keras.Sequential([
        keras.Input((8,)),
        keras.layers.Dense(32, activation="tanh"),
        keras.layers.Dense(32, activation="tanh"),
        keras.layers.Dense(1),
    ])  # fmt: skip
    optimizer = keras.optimizers.SGD(learning_rate=lr)

    @tf.function
    def step():
        weight_norm = tf.linalg.global_norm(model.trainable_variables)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(X) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss, tf.linalg.global_norm(grads), weight_norm

    log = []  # (loss, gradient norm, weight norm) at each step
    for _ in range(steps):
        log.append(tuple(float(v) for v in step()))
    return log


def first_step(log, test):
    return next((t for t, row in enumerate(log) if test(row[0])), None)


lr_good, lr_bad = 0.1, 0.4
runs = {f"lr = {lr}": train(lr) for lr in (lr_good, lr_bad)}
bad = runs[f"lr = {lr_bad}"]
print(f"training log, lr = {lr_bad}:")
print(" step      loss  grad norm  weight norm")
for t in [*range(12), *range(12, 40, 3)]:  # every step, then every 3rd
    loss, grad_norm, weight_norm = bad[t]
    print(f"{t:5d} {loss:9.3g} {grad_norm:10.3g} {weight_norm:12.3g}")

for name, log in runs.items():
    losses = [row[0] for row in log]
    print(f"{name}: loss at step 0 {losses[0]:.3g}, lowest {min(losses):.3g}")
    t_inf = first_step(log, math.isinf)
    t_nan = first_step(log, math.isnan)
    if t_inf is None and t_nan is None:
        print(f"  finite at every step, last loss {losses[-1]:.3g}")
        continue
    t = min(t for t in (t_inf, t_nan) if t is not None)
    print(f"  last finite loss {losses[t - 1]:.3g} at step {t - 1}")
    print(f"  loss is inf from step {t_inf}, nan from step {t_nan}")
    print(f"  weight norm grew from {log[0][2]:.3g} to {log[t - 1][2]:.3g}")

big = tf.constant(3e38)
print(f"largest float32: {np.finfo(np.float32).max:.3g}")
print(f"3e38 * 2 = {float(big * 2)}, inf - inf = {float(big * 2 - big * 2)}")
print(f"0 * inf = {float(0 * (big * 2))}")

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for name, log in runs.items():
    ax.plot([row[0] for row in log], label=name)
ax.axvline(first_step(bad, math.isinf), linestyle=":", color="gray")
ax.axvline(first_step(bad, math.isnan), linestyle="--", color="gray")
ax.text(first_step(bad, math.isinf), 1e20, " inf", color="gray")
ax.text(first_step(bad, math.isnan), 1e10, " NaN", color="gray")
ax.set(yscale="log", xlabel="step", ylabel="training loss (MSE)")
ax.legend()
plt.show()
