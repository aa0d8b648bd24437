"""Constant initialization: every hidden unit stays a copy of the others."""

import torch
from torch import nn

STEPS = 200


def train(init):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    if init == "constant":
        for p in model.parameters():
            nn.init.constant_(p, 0.5)  # every weight and bias = 0.5
    # otherwise: the nn.Linear default (random uniform)
    X = torch.randn(64, 3)
    y = torch.sin(2 * X[:, :1]) + X[:, 1:2] * X[:, 2:]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        optimizer.step()
    return model[0].weight.detach(), loss.item()


results = {}
for init in ["constant", "random"]:
    hidden, loss = train(init)
    distinct = len(torch.unique(hidden, dim=0))  # different rows
    results[init] = {"hidden": hidden.numpy(), "distinct": distinct}
    print(f"{init} init, after {STEPS} SGD steps (loss {loss:.3f}):")
    print(f"  hidden weights, one row per unit:\n{hidden.numpy().round(4)}")
    print(f"  distinct hidden units: {distinct} of {hidden.shape[0]}")
