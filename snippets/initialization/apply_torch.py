"""He initialization for every Linear layer of a model, with model.apply."""

import math

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(784, 512),
    nn.ReLU(),
    nn.Linear(512, 256),
    nn.ReLU(),
    nn.Linear(256, 10),
)


def init_weights(module):
    if isinstance(module, nn.Linear):
        nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
        nn.init.zeros_(module.bias)


model.apply(init_weights)  # calls init_weights on every submodule

stds = {}
for name, module in model.named_modules():
    if isinstance(module, nn.Linear):
        std = module.weight.std().item()
        target = math.sqrt(2 / module.in_features)
        stds[name] = (std, target)
        print(
            f"layer {name}: {module.in_features:3d} -> "
            f"{module.out_features:3d}, weight std {std:.4f}, "
            f"sqrt(2/fan_in) {target:.4f}"
        )
