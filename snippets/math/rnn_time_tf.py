"""Gradient through time in a vanilla RNN, for three spectral norms of W_hh."""

import math

import keras
import matplotlib.pyplot as plt
import tensorflow as tf

hidden, n_inputs, T = 32, 8, 100
keras.utils.set_random_seed(0)
Q, _ = tf.linalg.qr(tf.random.normal((hidden, hidden)))  # orthogonal
W_xh = tf.random.normal((hidden, n_inputs)) / math.sqrt(n_inputs)
# One weak input sequence x_1 .. x_T: tanh starts in its near-linear range.
x = 0.1 * tf.random.normal((T, n_inputs, 1))  # column vectors


def grad_norms(W_hh, f):
    """||dL/dh_t|| for t = T, T-1, ..., 1 with L = sum of h_T."""
    h = tf.zeros((hidden, 1))  # h_0
    with tf.GradientTape() as tape:
        tape.watch(h)  # so the tape records every step that follows
        states = []
        for t in range(T):  # h_t = f(W_hh h_{t-1} + W_xh x_t)
            h = f(W_hh @ h + W_xh @ x[t])
            states.append(h)
        loss = tf.reduce_sum(states[-1])
    grads = tape.gradient(loss, states)  # intermediate tensors work too
    return [float(tf.norm(g)) for g in reversed(grads)]  # index: T - t


activations = {"linear": lambda z: z, "tanh": tf.tanh}
norms = (0.9, 1.0, 1.1)
results = {}
for name, f in activations.items():
    for rho in norms:  # rescale so the largest singular value is rho
        W_hh = rho * Q / tf.linalg.svd(Q, compute_uv=False)[0]
        results[name, rho] = grad_norms(W_hh, f)

distances = (0, 10, 25, 50, 99)
print("||dL/dh_t|| at distance T - t =", distances)
for (name, rho), g in results.items():
    row = " ".join(f"{g[d]:9.3g}" for d in distances)
    print(f"{name:6} {rho}: {row}")
# Upper bound at T - t = 99 (gamma = 1): rho^99 * ||dL/dh_T||
g_T = results["linear", 1.0][0]  # ||dL/dh_T|| = sqrt(hidden)
bounds = ", ".join(f"{g_T * rho**99:.3g} ({rho})" for rho in norms)
print("bound at T - t = 99:", bounds)

fig, axes = plt.subplots(
    1, 2, figsize=(9, 3.4), layout="constrained", sharey=True
)
for ax, name in zip(axes, activations, strict=True):
    for rho in norms:
        ax.plot(results[name, rho], label=f"||W_hh||_2 = {rho}")
    ax.set(yscale="log", xlabel="distance T - t", title=f"{name} RNN")
axes[0].set(ylabel="||dL/dh_t||")
axes[0].legend()
plt.show()
