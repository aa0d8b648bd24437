"""Linear regression with SGD: plain gradient descent needs lr < 2 / lam."""

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

rng = np.random.default_rng(0)
# float64: the good rate takes the loss to 1e-19, below what float32 resolves
X = rng.standard_normal((200, 8))
y = X @ rng.standard_normal((8, 1)) + 0.5
X, y = torch.from_numpy(X), torch.from_numpy(y)
STEPS = 40

# The MSE loss is a quadratic in theta = (w, b) with constant Hessian
# H = 2/n A^T A, A = [X 1]. Its largest eigenvalue lam sets the limit.
A = torch.cat([X, torch.ones(len(X), 1, dtype=X.dtype)], dim=1)
eigenvalues, eigenvectors = torch.linalg.eigh(2 / len(X) * A.T @ A)
lam, u = eigenvalues[-1].item(), eigenvectors[:, -1]  # steepest direction
theta_min = torch.linalg.lstsq(A, y).solution[:, 0]  # the minimum
print(f"largest curvature lam = {lam:.3f}, limit 2/lam = {2 / lam:.3f}")


def train(lr, steps=STEPS):
    model = nn.Linear(8, 1, dtype=torch.float64)
    nn.init.zeros_(model.weight)  # same start for every learning rate
    nn.init.zeros_(model.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses, along_u = [], []
    for _ in range(steps):
        theta = torch.cat([model.weight[0], model.bias]).detach()
        along_u.append((u @ (theta - theta_min)).item())
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)  # full batch
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, along_u


runs = {}
for label, fraction in [
    ("too small", 0.01),
    ("good", 0.4),
    ("oscillates", 0.95),
    ("diverges", 1.1),
]:
    lr = fraction * 2 / lam
    losses, along_u = train(lr)
    runs[label] = lr, losses, along_u
    print(f"lr = {lr:.4f} = {fraction} x 2/lam ({label})")
    print(f"  loss {losses[0]:.3g} -> {losses[-1]:.3g} after {STEPS} steps")
    print(
        f"  factor per step along u: {along_u[1] / along_u[0]:.3f}"
        f" (1 - lr * lam = {1 - lr * lam:.3f})"
    )

fig, (ax_loss, ax_u) = plt.subplots(
    1, 2, figsize=(9, 3.6), layout="constrained"
)
for label, (lr, losses, along_u) in runs.items():
    ax_loss.plot(losses, label=f"lr = {lr:.4f} ({label})")
    ax_u.plot(np.array(along_u[:13]) / along_u[0], marker=".")
ax_loss.set(yscale="log", xlabel="step", ylabel="training loss (MSE)")
ax_u.set(xlabel="step", ylabel="distance to minimum along u (scaled)")
ax_u.axhline(0.0, linestyle=":", color="gray")
ax_u.set_title("each step multiplies it by 1 - lr * lam", fontsize=9)
ax_loss.legend()
plt.show()
