"""One huge gradient: Adam's step stays bounded, then stays small for long."""

import matplotlib.pyplot as plt
import torch

lr, steps, spike_at = 0.01, 300, 100
grads = [1.0] * steps
grads[spike_at] = 1000.0  # one bad batch


def update_sizes(make_optimizer, max_norm=None):
    param = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = make_optimizer([param])
    sizes = []
    for g in grads:
        before = param.item()
        param.grad = torch.full_like(param, g)
        if max_norm is not None:
            torch.nn.utils.clip_grad_norm_([param], max_norm)
        optimizer.step()
        sizes.append(abs(param.item() - before))
    return sizes


runs = {
    "SGD": update_sizes(lambda p: torch.optim.SGD(p, lr=lr)),
    "Adam": update_sizes(lambda p: torch.optim.Adam(p, lr=lr)),
    "Adam, clip_grad_norm_(max_norm=1.0)": update_sizes(
        lambda p: torch.optim.Adam(p, lr=lr), max_norm=1.0
    ),
}

beta1, beta2 = 0.9, 0.999  # Adam's defaults
bound = (1 - beta1) / (1 - beta2) ** 0.5
print(f"Kingma & Ba worst-case bound on Adam's step: {bound:.3f} x lr")
print(f"update size / lr; gradient 1, except 1000 at step {spike_at}")
for name, sizes in runs.items():
    print(name)
    for step in (spike_at - 1, spike_at, spike_at + 1, 150, steps - 1):
        print(f"  step {step:3d}: {sizes[step] / lr:.3g}")
    moved = sum(sizes[spike_at:]) / lr
    print(f"  moved in steps {spike_at}-{steps - 1}: {moved:.4g} x lr")

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for (name, sizes), style in zip(runs.items(), ["-", "-", "--"]):
    ax.plot(sizes, style, label=name)
ax.set(yscale="log", xlabel="step", ylabel="update size")
ax.legend(loc="upper right")
plt.show()
