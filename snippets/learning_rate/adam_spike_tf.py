"""One huge gradient: Adam's step stays bounded, then stays small for long."""

import keras
import matplotlib.pyplot as plt

lr, steps, spike_at = 0.01, 300, 100
grads = [1.0] * steps
grads[spike_at] = 1000.0  # one bad batch


def update_sizes(optimizer):
    param = keras.Variable([0.0], dtype="float64")
    sizes = []
    for g in grads:
        before = float(param[0])
        grad = keras.ops.full((1,), g, dtype="float64")
        optimizer.apply_gradients([(grad, param)])  # clips if asked
        sizes.append(abs(float(param[0]) - before))
    return sizes


runs = {
    "SGD": update_sizes(keras.optimizers.SGD(lr)),
    "Adam": update_sizes(keras.optimizers.Adam(lr)),
    "Adam(global_clipnorm=1.0)": update_sizes(
        keras.optimizers.Adam(lr, global_clipnorm=1.0)
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
