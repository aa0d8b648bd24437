"""AdamW's beta2 and epsilon: how long a spike is remembered, how large the
first update after a quiet period is, and when epsilon takes over.

Adam works elementwise, so one parameter vector holds three scenarios,
each element with its own gradient sequence (float64):
  0: gradient 1, except 100 at step 100;
  1: gradient 0.001 for 1000 steps, then 1 (a quiet parameter wakes up);
  2-4: a constant tiny gradient, 1e-6, 1e-8, 1e-10.
"""

import torch

lr, steps, spike_at, wake_at = 0.01, 1500, 100, 1000
tiny = [1e-6, 1e-8, 1e-10]
grads = torch.ones(steps, 2 + len(tiny), dtype=torch.float64)
grads[spike_at, 0] = 100.0
grads[:wake_at, 1] = 1e-3
grads[:, 2:] = torch.tensor(tiny, dtype=torch.float64)


def update_sizes(beta2, eps):
    """|update| / lr per step and element, for AdamW without weight decay."""
    param = torch.nn.Parameter(
        torch.zeros(grads.shape[1], dtype=torch.float64)
    )
    opt = torch.optim.AdamW(
        [param], lr=lr, betas=(0.9, beta2), eps=eps, weight_decay=0.0
    )
    sizes = []
    for g in grads:
        before = param.detach().clone()
        param.grad = g.clone()
        opt.step()
        sizes.append((param.detach() - before).abs() / lr)
    return torch.stack(sizes)


configs = {"0.999": (0.999, 1e-8), "0.95": (0.95, 1e-8)}
runs = {name: update_sizes(*cfg) for name, cfg in configs.items()}
runs_small_eps = update_sizes(0.95, 1e-15)

print("update / lr after one gradient of 100 among gradients of 1")
for name, sizes in runs.items():
    beta2 = configs[name][0]
    later = [float(sizes[spike_at + k, 0]) for k in (10, 50, 200)]
    print(
        f"  beta2 {name} (memory 1 / (1 - beta2) = {1 / (1 - beta2):.0f} "
        f"steps): "
        + ", ".join(f"{u:.3g}" for u in later)
        + " at 10, 50, 200 steps after the spike"
    )
print(f"update / lr when a gradient of 0.001 jumps to 1 at step {wake_at}")
for name, sizes in runs.items():
    woken = sizes[wake_at:, 1]
    print(
        f"  beta2 {name}: first {woken[0]:.3g}, largest {woken.max():.3g}, "
        f"mean over 100 steps {woken[:100].mean():.3g}"
    )
print("update / lr for a constant tiny gradient g (beta2 0.95)")
for i, g in enumerate(tiny):
    print(
        f"  g = {g:.0e}: eps 1e-8 {runs['0.95'][-1, 2 + i]:.3g}, "
        f"eps 1e-15 {runs_small_eps[-1, 2 + i]:.3g}"
    )
