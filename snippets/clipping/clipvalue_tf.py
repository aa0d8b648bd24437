"""Keras clipvalue clamps every gradient element into [-c, c]."""

import keras
import numpy as np
import tensorflow as tf


def one_sgd_step(grads, **clip):
    """Apply `grads` to a zero variable with SGD (learning rate 1)."""
    w = tf.Variable(tf.zeros(len(grads)))
    optimizer = keras.optimizers.SGD(learning_rate=1.0, **clip)
    optimizer.apply_gradients([(tf.constant(grads), w)])
    return [round(float(v), 4) for v in w.numpy()]


grads = [3.0, -4.0, 0.5]
unclipped = one_sgd_step(grads)
clipped = one_sgd_step(grads, clipvalue=1.0)
by_hand = [float(v) for v in tf.clip_by_value(grads, -1.0, 1.0).numpy()]
print("gradient:                  ", grads)
print("update without clipping:   ", unclipped)
print("update with clipvalue=1.0: ", clipped)
print("tf.clip_by_value(g, -1, 1):", by_hand)


# In model.fit: give the optimizer clipvalue; it clips in apply_gradients.
class Record(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.deltas, self.start = [], self.model.get_weights()[0].copy()

    def on_train_batch_end(self, batch, logs=None):
        kernel = self.model.get_weights()[0]
        self.deltas.append(float(np.abs(kernel - self.start).max()))
        self.start = kernel.copy()


rng = np.random.default_rng(0)
X = 100 * rng.standard_normal((64, 4)).astype("float32")  # badly scaled
y = X.sum(axis=1, keepdims=True)
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
lr, c = 0.01, 0.5
model.compile(keras.optimizers.SGD(learning_rate=lr, clipvalue=c), "mse")
record = Record()
model.fit(X, y, batch_size=16, epochs=1, verbose=0, callbacks=[record])
print(
    f"fit with clipvalue={c}, lr={lr}: largest change of one weight per step"
)
print("  ", [round(d, 4) for d in record.deltas], f"<= lr * c = {lr * c}")

# An infinite element is clamped to c, silently; a NaN stays NaN.
nonfinite = one_sgd_step([np.inf, np.nan], clipvalue=1.0)
print("update of the gradient [inf, nan] with clipvalue=1.0:", nonfinite)
