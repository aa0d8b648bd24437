"""Activation and gradient std through 50 layers, per initialization.

Computed in float64, so that the numbers are the same on every CPU: in float32
the rounding errors of 50 layers show in the digits printed here.
"""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

DEPTH, WIDTH, BATCH = 50, 512, 64
INITS = {
    "N(0, 0.1²)": lambda w: nn.init.normal_(w, std=0.1),
    "Xavier": nn.init.xavier_normal_,
    "He": lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"),
}
ACTIVATIONS = {"ReLU": torch.relu, "tanh": torch.tanh}


def layer_stats(init, activation):
    """Std of each layer's output h_l and of dL/dh_l, l = 1..DEPTH."""
    torch.manual_seed(0)
    x = torch.randn(BATCH, WIDTH, dtype=torch.float64, requires_grad=True)
    h, hs = x, []
    for _ in range(DEPTH):
        w = init(torch.empty(WIDTH, WIDTH, dtype=torch.float64))
        h = activation(h @ w.T)  # no bias: h_l = f(W_l h_{l-1})
        h.retain_grad()  # keep dL/dh_l after backward
        hs.append(h)
    upstream = torch.randn(BATCH, WIDTH, dtype=torch.float64)  # dL/dh_50
    h.backward(upstream)
    act = [t.std().item() for t in hs]
    grad = [t.grad.std().item() for t in hs]
    return act, grad


stats = {}
for init_name, init in INITS.items():
    for act_name, activation in ACTIVATIONS.items():
        stats[f"{init_name} + {act_name}"] = layer_stats(init, activation)

print(f"std per layer ({DEPTH} layers of width {WIDTH})")
print(f"{'':22s}{'layer 1':>10s}{'10':>10s}{'25':>10s}{'50':>10s}")
for name, (act, grad) in stats.items():
    for kind, values in [("act", act), ("grad", grad)]:
        cells = "".join(f"{values[i - 1]:10.3g}" for i in (1, 10, 25, 50))
        print(f"{name:17s}{kind:>5s}{cells}")
he_act = stats["He + ReLU"][0]
print(
    f"He + ReLU: activation std between {min(he_act):.3g} and "
    f"{max(he_act):.3g} over all {DEPTH} layers "
    f"(ratio {max(he_act) / min(he_act):.2f})"
)

fig, (ax_act, ax_grad) = plt.subplots(
    1, 2, figsize=(9, 4), layout="constrained", sharex=True
)
layers = range(1, DEPTH + 1)


def loggable(values):  # a log axis cannot show inf, nan or 0: leave gaps
    return [v if math.isfinite(v) and v > 0 else math.nan for v in values]


for name, (act, grad) in stats.items():
    init_name, act_name = name.split(" + ")
    style = {
        "color": f"C{list(INITS).index(init_name)}",  # colour: init
        "linestyle": "-" if act_name == "ReLU" else "--",  # line: f
    }
    ax_act.plot(layers, loggable(act), label=name, **style)
    ax_grad.plot(layers, loggable(grad), **style)
ax_act.set(
    yscale="log",
    xlabel="layer l",
    ylabel=r"std of activations $h_l$",
    title="forward pass",
)
ax_grad.set(
    yscale="log",
    xlabel="layer l",
    ylabel=r"std of gradient $\partial L / \partial h_l$",
    title="backward pass (from layer 50 down)",
)
fig.legend(loc="outside lower center", ncol=3)
plt.show()
