"""Dead ReLUs: after one oversized update, ReLU units stop learning."""

import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.standard_normal((512, 10)).astype("float32")  # 512 inputs
y = X[:, :1] - 0.5 * X[:, 1:2] ** 2


def off_for_every_input(model):
    """Which hidden units have a pre-activation <= 0 on all 512 inputs."""
    hidden = model.layers[0]
    z = X @ hidden.kernel.numpy() + hidden.bias.numpy()
    return (z <= 0).all(axis=0)


def run(activation, bias_shift):
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [
            keras.Input((10,)),
            keras.layers.Dense(100),
            activation,
            keras.layers.Dense(1),
        ]
    )
    r = {"off at init": off_for_every_input(model).mean()}
    model.layers[0].bias.assign_sub(tf.fill((100,), bias_shift))
    r["off after shift"] = off_for_every_input(model).mean()
    kernel_after_shift = model.layers[0].kernel.numpy()

    optimizer = keras.optimizers.SGD(learning_rate=0.05)

    @tf.function
    def train_step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((model(X) - y) ** 2)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss, grads[0]  # grads[0]: gradient of the hidden kernel

    for step in range(200):  # ordinary training from here on
        loss, kernel_grad = train_step()
        if step == 0:  # units whose incoming weights get no gradient at all
            column_norms = np.linalg.norm(kernel_grad.numpy(), axis=0)
            r["zero gradient"] = (column_norms == 0).mean()
    kernel = model.layers[0].kernel.numpy()
    r["never changed"] = (kernel == kernel_after_shift).all(axis=0).mean()
    r["off after training"] = off_for_every_input(model).mean()
    r["loss"] = float(loss)
    return r


results = {
    "ReLU, no shift": run(keras.layers.ReLU(), bias_shift=0.0),
    "ReLU, biases - 2": run(keras.layers.ReLU(), bias_shift=2.0),
    "Leaky ReLU, biases - 2": run(
        keras.layers.LeakyReLU(negative_slope=0.1), bias_shift=2.0
    ),
}
for name, r in results.items():
    print(f"{name}:")
    print(
        f"  units off for every input: {r['off at init']:.0%} at init,"
        f" {r['off after shift']:.0%} after the shift"
    )
    print(f"  units whose weights get zero gradient: {r['zero gradient']:.0%}")
    print(
        f"  after 200 SGD steps: {r['off after training']:.0%} off,"
        f" {r['never changed']:.0%} never changed, loss {r['loss']:.3g}"
    )
