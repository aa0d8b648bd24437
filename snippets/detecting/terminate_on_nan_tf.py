"""keras.callbacks.TerminateOnNaN stops fit() at the first Inf or NaN loss."""

import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.standard_normal((256, 4)).astype("float32")
y = X @ np.array([[1.0], [-2.0], [0.5], [3.0]], dtype="float32")


class LossLog(keras.callbacks.Callback):
    """Record the loss Keras reports after each batch."""

    def on_train_begin(self, logs=None):
        self.losses = []

    def on_train_batch_end(self, batch, logs=None):
        self.losses.append(float(logs["loss"]))


def train(callbacks):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    # Learning rate 3 is far too high for this linear model: every step
    # overshoots, and the loss grows by a constant factor until it overflows.
    model.compile(keras.optimizers.SGD(learning_rate=3.0), "mse")
    log = LossLog()
    model.fit(
        X, y, batch_size=32, epochs=10, verbose=0, callbacks=[log, *callbacks]
    )
    return log.losses, model


losses, _ = train([])
print(f"without the callback: {len(losses)} batches, last loss {losses[-1]}")
# Keras prints "Batch n: Invalid loss, terminating training" when it stops.
losses, _ = train([keras.callbacks.TerminateOnNaN()])
print(f"with TerminateOnNaN: {len(losses)} batches, last loss {losses[-1]}")
print(f"  the loss before it: {losses[-2]:.2g}")
