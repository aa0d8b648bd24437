"""Linear warm-up for 10 steps, then cosine decay, with SequentialLR."""

import matplotlib.pyplot as plt
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

peak_lr, final_lr = 1e-3, 1e-5
warmup_steps, total_steps = 10, 100

param = torch.nn.Parameter(torch.zeros(1))  # stands in for a model
optimizer = torch.optim.AdamW([param], lr=peak_lr)
warmup = LinearLR(
    optimizer, start_factor=0.01, end_factor=1.0, total_iters=warmup_steps
)  # lr goes from 0.01 * peak_lr to peak_lr
decay = CosineAnnealingLR(
    optimizer, T_max=total_steps - warmup_steps, eta_min=final_lr
)
scheduler = SequentialLR(
    optimizer, schedulers=[warmup, decay], milestones=[warmup_steps]
)

lrs = []
for _ in range(total_steps + 1):
    lrs.append(optimizer.param_groups[0]["lr"])  # the lr this step uses
    param.grad = torch.ones(1)  # a training step would go here
    optimizer.step()
    scheduler.step()

for step in [0, 1, warmup_steps, 55, total_steps]:
    print(f"step {step:3d}: lr = {lrs[step]:.3g}")

fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.plot(lrs)
ax.axvline(warmup_steps, linestyle=":", color="gray", label="end of warm-up")
ax.set(xlabel="step", ylabel="learning rate")
ax.legend()
plt.show()
