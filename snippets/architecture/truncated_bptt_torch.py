"""Truncated BPTT: detach the state every k steps to bound the gradient."""

import torch
from torch import nn

torch.set_default_dtype(torch.float64)  # the claim is about sizes
hidden, n_inputs, T = 32, 8, 100
torch.manual_seed(0)
x = 0.1 * torch.randn(T, 1, n_inputs)  # one sequence x_1 .. x_T
target = torch.randn(T, 1, 1)

cell = nn.RNNCell(n_inputs, hidden)  # h_t = tanh(W_ih x_t + W_hh h_{t-1} + b)
readout = nn.Linear(hidden, 1)
with torch.no_grad():  # W_hh = 2 Q, Q orthogonal: each step back multiplies
    nn.init.orthogonal_(cell.weight_hh)  # the gradient by 2 diag(tanh'),
    cell.weight_hh *= 2.0  # more than 1 on average here: it explodes
    cell.bias_ih.zero_()
    cell.bias_hh.zero_()


def grad_norm(k):
    """||dL/dW_hh|| when the state is detached every k steps (k = T: full)."""
    cell.zero_grad()
    h, loss = torch.zeros(1, hidden), 0.0
    for t in range(T):
        if t % k == 0:
            h = h.detach()  # the gradient stops here: at most k steps back
        h = cell(x[t], h)
        loss = loss + (readout(h) - target[t]).square().sum()
    (loss / T).backward()
    return cell.weight_hh.grad.norm().item()


norms = {k: grad_norm(k) for k in (1, 5, 10, 20, 40, 100)}
print(f"{'k':>4s} {'||dL/dW_hh||':>13s} {'/ k = 1':>9s}")
for k, norm in norms.items():
    print(f"{k:4d} {norm:13.3g} {norm / norms[1]:9.3g}")
