"""The update-to-weight ratio ||lr * update|| / ||W||, layer by layer."""

import statistics

import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.standard_normal((256, 16))  # float64
y = np.sin(X[:, :4].sum(1, keepdims=True))


def make_model():
    keras.utils.set_random_seed(1)  # the same initial weights for every run
    return keras.Sequential(
        [
            keras.Input((16,), dtype="float64"),
            keras.layers.Dense(64, "tanh", name="fc1", dtype="float64"),
            keras.layers.Dense(64, "tanh", name="fc2", dtype="float64"),
            keras.layers.Dense(1, name="head", dtype="float64"),
        ]
    )


def train(lr, steps):
    """SGD; the ratio of each kernel at each step, and the losses."""
    model = make_model()
    optimizer = keras.optimizers.SGD(learning_rate=lr)
    kernels = {
        v.path.split("/")[-2]: v
        for v in model.trainable_variables
        if v.name == "kernel"
    }
    ratios = {n: [] for n in kernels}
    losses = []
    for step in range(steps):
        batch = slice(32 * (step % 8), 32 * (step % 8 + 1))
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(X[batch]) - y[batch]))
        grads = tape.gradient(loss, model.trainable_variables)
        before = {n: tf.identity(k) for n, k in kernels.items()}
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        for n, k in kernels.items():  # the step the optimizer really took
            ratios[n].append(
                float(tf.norm(k - before[n]) / tf.norm(before[n]))
            )
        losses.append(float(loss))
    return ratios, losses


# lr 0.02 trains; lr 1.0 diverges: its loss grows by orders of magnitude
# in 4 steps. The ratio tells them apart from the first step on.
healthy, healthy_losses = train(0.02, steps=40)
too_high, too_high_losses = train(1.0, steps=5)
print("update-to-weight ratio ||W_after - W_before|| / ||W_before||")
print(f"{'layer':7s} {'lr 0.02':>9s} {'lr 1.0':>9s}   (median of steps 0-4)")
median = {}
for n in healthy:
    median[n] = [statistics.median(r[n][:5]) for r in (healthy, too_high)]
    print(f"{n:7s} {median[n][0]:9.2g} {median[n][1]:9.2g}")
print(
    f"lr 0.02: loss {healthy_losses[0]:.3f} at step 0, "
    f"{statistics.mean(healthy_losses[-8:]):.3f} on average over steps 32-39"
)
print(
    f"lr 1.0:  loss {too_high_losses[0]:.3f} at step 0, "
    f"{too_high_losses[4]:.3g} at step 4"
)
