"""Step size vs gradient size: SGD scales with the gradient, Adam does not."""

import keras
import matplotlib.pyplot as plt
import numpy as np

lr, steps = 0.01, 20
optimizers = {
    "SGD, momentum 0.9": lambda: keras.optimizers.SGD(lr, momentum=0.9),
    # rho=0.99 as PyTorch's alpha; the Keras default is rho=0.9
    "RMSprop": lambda: keras.optimizers.RMSprop(lr, rho=0.99),
    "Adam": lambda: keras.optimizers.Adam(lr),
}
grad_sizes = np.logspace(-3, 3, 7)  # 0.001, 0.01, ..., 1000


def update_sizes(make_optimizer, g):
    """Feed the constant gradient g; return |parameter change| per step."""
    param = keras.Variable([0.0], dtype="float64")
    optimizer = make_optimizer()
    grad = keras.ops.full((1,), g, dtype="float64")
    sizes = []
    for _ in range(steps):
        before = float(param[0])
        optimizer.apply_gradients([(grad, param)])
        sizes.append(abs(float(param[0]) - before))
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
