"""One SGD step from the face of a steep cliff, with and without clipping."""

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf


def loss_fn(w):
    # a bowl with its minimum near w = 0, plus a wall of height 10 at w = 1
    return 0.5 * w**2 + 10 * tf.sigmoid(50 * (w - 1))


lr, max_norm, w_start = 0.1, 1.0, 1.0


def one_step(global_clipnorm):
    w = tf.Variable(w_start)
    optimizer = keras.optimizers.SGD(
        learning_rate=lr, global_clipnorm=global_clipnorm
    )
    with tf.GradientTape() as tape:
        loss = loss_fn(w)
    grad = tape.gradient(loss, w)
    optimizer.apply_gradients([(grad, w)])  # clips first if asked
    return float(loss), float(grad), float(w.numpy())


loss_start, grad_start, w_plain = one_step(global_clipnorm=None)
_, _, w_clipped = one_step(global_clipnorm=max_norm)
step_plain, step_clipped = abs(w_plain - w_start), abs(w_clipped - w_start)
print(f"at w = {w_start}: loss {loss_start:.3g}, gradient {grad_start:.3g}")
for name, w in [("no clipping", w_plain), ("clipped", w_clipped)]:
    print(
        f"{name}: w -> {w:.3g}, step length {abs(w - w_start):.3g}, "
        f"loss -> {float(loss_fn(w)):.3g}"
    )
print(f"lr * max_norm = {lr * max_norm:.3g}")

fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
marks = [
    ("start", w_start, "s", "C1"),
    ("no clipping", w_plain, "o", "C2"),
    ("clipped", w_clipped, "o", "C3"),
]
for ax, (lo, hi) in zip(axes, [(-13, 3), (0.6, 1.4)], strict=True):
    grid = np.linspace(lo, hi, 2001, dtype="float32")
    ax.plot(grid, loss_fn(grid), color="C0", label="loss")
    for name, w, marker, color in marks:
        if not lo <= w <= hi:
            continue  # off this panel
        loss = float(loss_fn(w))
        ax.plot(w, loss, marker, color=color, label=name)
        if name != "start":
            ax.annotate(
                "",
                xy=(w, loss),
                xytext=(w_start, loss_start),
                arrowprops={"arrowstyle": "->", "color": color},
            )
    ax.set(xlabel="parameter w", ylabel="loss")
axes[0].set_title("one SGD step from the wall", fontsize=9)
axes[1].set_title("zoom on the wall", fontsize=9)
axes[0].legend()
plt.show()
