"""Step size vs gradient size: SGD scales with the gradient, Adam does not."""

import matplotlib.pyplot as plt
import numpy as np
import torch

lr, steps = 0.01, 20
optimizers = {
    "SGD, momentum 0.9": lambda p: torch.optim.SGD(p, lr=lr, momentum=0.9),
    "RMSprop": lambda p: torch.optim.RMSprop(p, lr=lr, alpha=0.99),
    "Adam": lambda p: torch.optim.Adam(p, lr=lr),
}
grad_sizes = np.logspace(-3, 3, 7)  # 0.001, 0.01, ..., 1000


def update_sizes(make_optimizer, g):
    """Feed the constant gradient g; return |parameter change| per step."""
    param = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = make_optimizer([param])
    sizes = []
    for _ in range(steps):
        before = param.item()
        param.grad = torch.full_like(param, g)
        optimizer.step()
        sizes.append(abs(param.item() - before))
    return sizes


updates = {
    name: {g: update_sizes(make, g) for g in grad_sizes}
    for name, make in optimizers.items()
}

print(f"lr = {lr}; update size / lr for gradient g = 0.001, 1, 1000")
for name, by_g in updates.items():
    print(name)
    for step in (1, steps):
        cells = [f"{by_g[g][step - 1] / lr:.4g}" for g in (1e-3, 1, 1e3)]
        print(f"  step {step:2d}: " + ", ".join(cells))

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for name, by_g in updates.items():
    ax.plot(grad_sizes, [by_g[g][-1] for g in grad_sizes], ".-", label=name)
ax.axhline(lr, linestyle=":", color="gray", label="learning rate")
ax.set(
    xscale="log",
    yscale="log",
    xlabel="gradient size g",
    ylabel=f"size of update {steps}",
)
ax.legend()
plt.show()
