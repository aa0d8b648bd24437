"""How far back the gradient reaches: vanilla RNN, LSTM, GRU, default init."""

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

hidden, n_inputs, T = 32, 8, 100
distances = (0, 10, 25, 50, 99)  # T - t
rng = np.random.default_rng(0)
x = tf.constant(rng.standard_normal((1, T, n_inputs)), tf.float32)


def input_grad_norms(layer):
    """||dL/dx_t|| for t = T, T-1, ..., 1, where L = sum of h_T."""
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = layer(x)
        loss = tf.reduce_sum(out[0, -1])
    grad = tape.gradient(loss, x)[0].numpy()
    # Norm in float64: squaring float32 values below 1e-23 gives 0.
    return np.linalg.norm(grad.astype("float64"), axis=1)[::-1].tolist()


F = slice(hidden, 2 * hidden)  # Keras gate order: i, f, c, o


def mean_forget_gate(layer):
    """f_t = sigmoid(W_if x_t + W_hf h_{t-1} + b_f), averaged."""
    cell = layer.cell
    out = layer(x)[0]
    h_prev = tf.concat([tf.zeros((1, hidden)), out[:-1]], axis=0)
    z = (
        x[0] @ cell.kernel[:, F]
        + h_prev @ cell.recurrent_kernel[:, F]
        + cell.bias[F]
    )
    return float(tf.reduce_mean(tf.sigmoid(z)))


keras.utils.set_random_seed(1)
layers = {
    "vanilla RNN": keras.layers.SimpleRNN(hidden, return_sequences=True),
    "LSTM, b_f = 0": keras.layers.LSTM(
        hidden, return_sequences=True, unit_forget_bias=False
    ),
    "LSTM, b_f = 1": keras.layers.LSTM(hidden, return_sequences=True),
    "GRU": keras.layers.GRU(hidden, return_sequences=True),
}
norms = {name: input_grad_norms(layer) for name, layer in layers.items()}
b_f = layers["LSTM, b_f = 1"].cell.bias[F].numpy()
print(f"Keras default (unit_forget_bias=True): b_f = {set(b_f.tolist())}")
lstms = [name for name in layers if name.startswith("LSTM")]
gates = {name: mean_forget_gate(layers[name]) for name in lstms}

print("||dL/dx_t|| at T - t =", distances)
for name, g in norms.items():
    print(f"{name:14}" + " ".join(f"{g[d]:9.3g}" for d in distances))
for name, f in gates.items():
    per_step = (norms[name][99] / norms[name][50]) ** (1 / 49)
    print(f"{name}: mean f_t {f:.3f}, gradient x{per_step:.3f} per step")
per_step = (norms["GRU"][99] / norms["GRU"][50]) ** (1 / 49)
print(f"GRU: gradient x{per_step:.3f} per step")

fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
for name, g in norms.items():
    ax.plot(g, label=name)
ax.set(
    yscale="log",
    xlabel="distance from the last step, T - t",
    ylabel="||dL/dx_t||",
)
ax.legend()
plt.show()
