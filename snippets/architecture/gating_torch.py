"""How far back the gradient reaches: vanilla RNN, LSTM, GRU, default init."""

import copy

import matplotlib.pyplot as plt
import torch
from torch import nn

hidden, n_inputs, T = 32, 8, 100
distances = (0, 10, 25, 50, 99)  # T - t
torch.manual_seed(0)
x = torch.randn(1, T, n_inputs)  # one sequence x_1 .. x_T


def input_grad_norms(cell):
    """||dL/dx_t|| for t = T, T-1, ..., 1, where L = sum of h_T."""
    x_ = x.clone().requires_grad_()
    out, _ = cell(x_)
    out[0, -1].sum().backward()
    # Norm in float64: squaring float32 values below 1e-23 gives 0.
    return x_.grad[0].double().norm(dim=1).flip(0).tolist()


F = slice(hidden, 2 * hidden)  # PyTorch gate order: i, f, g, o


def mean_forget_gate(lstm):
    """f_t = sigmoid(W_if x_t + W_hf h_{t-1} + b_f), averaged."""
    out, _ = lstm(x)
    h_prev = torch.cat([torch.zeros(1, hidden), out[0, :-1]])
    z = (
        x[0] @ lstm.weight_ih_l0[F].T
        + h_prev @ lstm.weight_hh_l0[F].T
        + lstm.bias_ih_l0[F]
        + lstm.bias_hh_l0[F]
    )
    return torch.sigmoid(z).mean().item()


torch.manual_seed(1)
rnn = nn.RNN(n_inputs, hidden, batch_first=True)  # tanh
lstm = nn.LSTM(n_inputs, hidden, batch_first=True)
b_f = (lstm.bias_ih_l0[F] + lstm.bias_hh_l0[F]).detach()
print(f"PyTorch default forget-gate bias: mean {b_f.mean():.3f},")
print(f"  largest |b_f| {b_f.abs().max():.3f}")
lstm_bias1 = copy.deepcopy(lstm)
with torch.no_grad():  # b_f = 1, as Keras's unit_forget_bias=True does
    lstm_bias1.bias_ih_l0[F] = 1.0
    lstm_bias1.bias_hh_l0[F] = 0.0

gru = nn.GRU(n_inputs, hidden, batch_first=True)  # default init too

cells = {
    "vanilla RNN": rnn,
    "LSTM, b_f ~ 0": lstm,
    "LSTM, b_f = 1": lstm_bias1,
    "GRU": gru,
}
norms = {name: input_grad_norms(cell) for name, cell in cells.items()}
lstms = [name for name in cells if name.startswith("LSTM")]
gates = {name: mean_forget_gate(cells[name]) for name in lstms}

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
