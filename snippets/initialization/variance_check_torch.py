"""Each torch.nn.init initializer: measured weight variance vs its formula."""

import math

import torch
from torch import nn

torch.manual_seed(0)
fan_in, fan_out = 1000, 400


def empty():
    return torch.empty(fan_out, fan_in)  # nn.Linear layout: (out, in)


layer = nn.Linear(fan_in, fan_out)  # the default initialization
cases = {  # name: (weights, variance the formula predicts)
    "xavier_uniform_": (
        nn.init.xavier_uniform_(empty()),
        2 / (fan_in + fan_out),
    ),
    "xavier_normal_": (
        nn.init.xavier_normal_(empty()),
        2 / (fan_in + fan_out),
    ),
    "kaiming_normal_ fan_in": (
        nn.init.kaiming_normal_(empty(), nonlinearity="relu"),
        2 / fan_in,
    ),
    "kaiming_normal_ fan_out": (
        nn.init.kaiming_normal_(empty(), mode="fan_out", nonlinearity="relu"),
        2 / fan_out,
    ),
    "kaiming_uniform_ fan_in": (
        nn.init.kaiming_uniform_(empty(), nonlinearity="relu"),
        2 / fan_in,
    ),
    "LeCun normal": (  # PyTorch has no lecun_normal_; this is it
        nn.init.kaiming_normal_(empty(), nonlinearity="linear"),
        1 / fan_in,
    ),
    "orthogonal_": (nn.init.orthogonal_(empty()), 1 / max(fan_in, fan_out)),
    "nn.Linear default": (layer.weight.detach(), 1 / (3 * fan_in)),
}

print(f"fan_in = {fan_in}, fan_out = {fan_out}")
print(f"{'initializer':24s} {'measured':>9s} {'formula':>9s} {'ratio':>6s}")
results = {}
for name, (w, formula) in cases.items():
    measured = w.var().item()
    results[name] = (measured, formula)
    ratio = measured / formula
    print(f"{name:24s} {measured:9.3e} {formula:9.3e} {ratio:6.3f}")

print("\ncalculate_gain(nonlinearity):")
gains = {  # nonlinearity: (gain, the value it should be)
    "linear": (nn.init.calculate_gain("linear"), 1.0),
    "sigmoid": (nn.init.calculate_gain("sigmoid"), 1.0),
    "tanh": (nn.init.calculate_gain("tanh"), 5 / 3),
    "relu": (nn.init.calculate_gain("relu"), math.sqrt(2)),
    "leaky_relu, 0.2": (
        nn.init.calculate_gain("leaky_relu", 0.2),
        math.sqrt(2 / (1 + 0.2**2)),
    ),
    "selu": (nn.init.calculate_gain("selu"), 3 / 4),
}
for name, (gain, expected) in gains.items():
    print(f"  {name:16s} {gain:.4f}  (expected {expected:.4f})")
