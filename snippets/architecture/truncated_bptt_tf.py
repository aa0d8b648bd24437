"""Truncated BPTT: stop the gradient every k steps to bound its norm."""

import keras
import numpy as np
import tensorflow as tf

hidden, n_inputs, T = 32, 8, 100
rng = np.random.default_rng(0)
x = tf.constant(0.1 * rng.standard_normal((T, 1, n_inputs)))
target = tf.constant(rng.standard_normal((T, 1, 1)))

keras.utils.set_random_seed(0)
# h_t = tanh(W_xh x_t + W_hh h_{t-1} + b), W_hh = 2 Q with Q orthogonal:
# each step back multiplies the gradient by 2 diag(tanh'), more than 1 on
# average here, so it explodes.
cell = keras.layers.SimpleRNNCell(
    hidden,
    recurrent_initializer=keras.initializers.Orthogonal(gain=2.0),
    dtype="float64",  # the claim is about sizes
)
readout = keras.layers.Dense(1, dtype="float64")
cell.build((1, n_inputs))
readout.build((1, hidden))


def grad_norm(k):
    """||dL/dW_hh|| when the state is cut every k steps (k = T: full BPTT)."""
    with tf.GradientTape() as tape:
        h, loss = tf.zeros((1, hidden), tf.float64), 0.0
        for t in range(T):
            if t % k == 0:
                h = tf.stop_gradient(h)  # the gradient stops here
            out, [h] = cell(x[t], [h])
            loss += tf.reduce_sum(tf.square(readout(out) - target[t]))
        loss /= T
    return float(tf.norm(tape.gradient(loss, cell.recurrent_kernel)))


norms = {k: grad_norm(k) for k in (1, 5, 10, 20, 40, 100)}
print(f"{'k':>4s} {'||dL/dW_hh||':>13s} {'/ k = 1':>9s}")
for k, norm in norms.items():
    print(f"{k:4d} {norm:13.3g} {norm / norms[1]:9.3g}")
