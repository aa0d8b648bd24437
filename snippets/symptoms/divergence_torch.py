"""A small tanh MLP trained with SGD: a learning rate too high ends in NaN."""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn


def train(lr, steps=60):
    torch.manual_seed(0)
    X = torch.randn(256, 8)
    y = 2 * X[:, :1] - X[:, 1:2] + 0.5 * torch.sin(3 * X[:, 2:3])
    model = nn.Sequential(
        nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(),
        nn.Linear(32, 1),
    )  # fmt: skip
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    log = []  # (loss, gradient norm, weight norm) at each step
    for _ in range(steps):
        weight_norm = nn.utils.get_total_norm(model.parameters())
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        grad_norm = nn.utils.get_total_norm(
            [p.grad for p in model.parameters()]
        )
        optimizer.step()
        log.append((loss.item(), grad_norm.item(), weight_norm.item()))
    return log


def first_step(log, test):
    return next((t for t, row in enumerate(log) if test(row[0])), None)


lr_good, lr_bad = 0.1, 0.3
runs = {f"lr = {lr}": train(lr) for lr in (lr_good, lr_bad)}
bad = runs[f"lr = {lr_bad}"]
print(f"training log, lr = {lr_bad}:")
print(" step      loss  grad norm  weight norm")
for t in [*range(12), *range(12, 40, 3)]:  # every step, then every 3rd
    loss, grad_norm, weight_norm = bad[t]
    print(f"{t:5d} {loss:9.3g} {grad_norm:10.3g} {weight_norm:12.3g}")

for name, log in runs.items():
    losses = [row[0] for row in log]
    print(f"{name}: loss at step 0 {losses[0]:.3g}, lowest {min(losses):.3g}")
    t_inf = first_step(log, math.isinf)
    t_nan = first_step(log, math.isnan)
    if t_inf is None and t_nan is None:
        print(f"  finite at every step, last loss {losses[-1]:.3g}")
        continue
    t = min(t for t in (t_inf, t_nan) if t is not None)
    print(f"  last finite loss {losses[t - 1]:.3g} at step {t - 1}")
    print(f"  loss is inf from step {t_inf}, nan from step {t_nan}")
    print(f"  weight norm grew from {log[0][2]:.3g} to {log[t - 1][2]:.3g}")

big = torch.tensor(3e38)
print(f"largest float32: {torch.finfo(torch.float32).max:.3g}")
print(f"3e38 * 2 = {big * 2}, inf - inf = {big * 2 - big * 2}")
print(f"0 * inf = {0 * (big * 2)}")

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for name, log in runs.items():
    ax.plot([row[0] for row in log], label=name)
ax.axvline(first_step(bad, math.isinf), linestyle=":", color="gray")
ax.axvline(first_step(bad, math.isnan), linestyle="--", color="gray")
ax.text(first_step(bad, math.isinf), 1e20, " inf", color="gray")
ax.text(first_step(bad, math.isnan), 1e10, " NaN", color="gray")
ax.set(yscale="log", xlabel="step", ylabel="training loss (MSE)")
ax.legend()
plt.show()
