"""One SGD step from the face of a steep cliff, with and without clipping."""

import matplotlib.pyplot as plt
import torch


def loss_fn(w):
    # a bowl with its minimum near w = 0, plus a wall of height 10 at w = 1
    return 0.5 * w**2 + 10 * torch.sigmoid(50 * (w - 1))


lr, max_norm, w_start = 0.1, 1.0, 1.0


def one_step(clip):
    w = torch.tensor(w_start, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr)
    loss = loss_fn(w)
    loss.backward()
    grad = w.grad.item()
    if clip:
        torch.nn.utils.clip_grad_norm_([w], max_norm)
    optimizer.step()
    return loss.item(), grad, w.item()


loss_start, grad_start, w_plain = one_step(clip=False)
_, _, w_clipped = one_step(clip=True)
step_plain, step_clipped = abs(w_plain - w_start), abs(w_clipped - w_start)
print(f"at w = {w_start}: loss {loss_start:.3g}, gradient {grad_start:.3g}")
for name, w in [("no clipping", w_plain), ("clipped", w_clipped)]:
    print(
        f"{name}: w -> {w:.3g}, step length {abs(w - w_start):.3g}, "
        f"loss -> {loss_fn(torch.tensor(w)).item():.3g}"
    )
print(f"lr * max_norm = {lr * max_norm:.3g}")

fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
marks = [
    ("start", w_start, "s", "C1"),
    ("no clipping", w_plain, "o", "C2"),
    ("clipped", w_clipped, "o", "C3"),
]
for ax, (lo, hi) in zip(axes, [(-13, 3), (0.6, 1.4)], strict=True):
    grid = torch.linspace(lo, hi, 2001)
    ax.plot(grid, loss_fn(grid), color="C0", label="loss")
    for name, w, marker, color in marks:
        if not lo <= w <= hi:
            continue  # off this panel
        loss = loss_fn(torch.tensor(w)).item()
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
