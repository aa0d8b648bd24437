"""Constant initialization: every hidden unit stays a copy of the others."""

import keras
import numpy as np
import tensorflow as tf

STEPS = 200


def train(init):
    keras.utils.set_random_seed(0)
    if init == "constant":
        kwargs = {  # every weight and bias = 0.5
            "kernel_initializer": keras.initializers.Constant(0.5),
            "bias_initializer": keras.initializers.Constant(0.5),
        }
    else:
        kwargs = {}  # Keras defaults: glorot_uniform kernel, zero bias
    model = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(4, activation="tanh", **kwargs),
            keras.layers.Dense(1, **kwargs),
        ]
    )
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 3)).astype("float32")
    y = np.sin(2 * X[:, :1]) + X[:, 1:2] * X[:, 2:]
    optimizer = keras.optimizers.SGD(learning_rate=0.1)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(X) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    for _ in range(STEPS):
        loss = step()
    # Keras stores the kernel as (inputs, units): one COLUMN per unit.
    return model.layers[0].kernel.numpy().T, float(loss)


results = {}
for init in ["constant", "random"]:
    hidden, loss = train(init)
    distinct = len(np.unique(hidden, axis=0))  # different rows
    results[init] = {"hidden": hidden, "distinct": distinct}
    print(f"{init} init, after {STEPS} SGD steps (loss {loss:.3f}):")
    print(f"  hidden weights, one row per unit:\n{hidden.round(4)}")
    print(f"  distinct hidden units: {distinct} of {hidden.shape[0]}")
