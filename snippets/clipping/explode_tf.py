"""An 8-layer ReLU net initialized too large: SGD explodes unless it clips."""

import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf


def make_model():
    keras.utils.set_random_seed(0)
    layers, width_in = [keras.Input((16,))], 16
    for _ in range(8):
        # He init would use std sqrt(2 / fan_in); 1.3 times that makes
        # every layer amplify the backward signal, so the gradient explodes.
        init = keras.initializers.RandomNormal(
            stddev=1.3 * math.sqrt(2 / width_in)
        )
        layers.append(
            keras.layers.Dense(64, activation="relu", kernel_initializer=init)
        )
        width_in = 64
    return keras.Sequential([*layers, keras.layers.Dense(1)])


def train(global_clipnorm=None, steps=100):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((256, 16)).astype("float32")
    y = np.sin(X[:, :1]) + 0.1 * X[:, 1:2]
    model = make_model()
    optimizer = keras.optimizers.SGD(
        learning_rate=0.01, global_clipnorm=global_clipnorm
    )

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(X) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(
            zip(grads, model.trainable_variables)
        )  # clips if asked
        return loss, tf.linalg.global_norm(grads)  # norm before clipping

    norms, losses = [], []
    for _ in range(steps):
        loss, norm = step()
        norms.append(float(norm))
        losses.append(float(loss))
    return norms, losses


runs = {
    "no clipping": train(),
    "SGD(global_clipnorm=1.0)": train(global_clipnorm=1.0),
}
for name, (norms, losses) in runs.items():
    finite = sum(math.isfinite(loss) for loss in losses)
    print(f"{name}: largest gradient norm {max(norms):.3g}")
    print(f"  loss first {losses[0]:.3g}, last {losses[-1]:.3g}")
    print(f"  loss finite for {finite} of {len(losses)} steps")

fig, (ax_norm, ax_loss) = plt.subplots(
    1, 2, figsize=(9, 3.4), layout="constrained"
)
for name, (norms, losses) in runs.items():
    ax_norm.plot(norms, label=name)
    ax_loss.plot(losses, label=name)
ax_norm.axhline(1.0, linestyle=":", color="gray", label="global_clipnorm")
ax_norm.set(
    yscale="log", xlabel="step", ylabel="gradient norm before clipping"
)
ax_loss.set(yscale="log", xlabel="step", ylabel="training loss (MSE)")
ax_norm.legend()
ax_loss.set_title("the unclipped loss turns into NaN (line ends)", fontsize=9)
plt.show()
