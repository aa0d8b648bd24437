"""Clipping cannot repair an infinite gradient: skip the step, or raise."""

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
bad_batch = torch.tensor([[1.0, float("inf")]])  # one corrupt input value


def backward_on(batch):
    optimizer.zero_grad()
    model(batch).sum().backward()


# 1. Plain clipping: the returned norm is inf and the gradients become NaN.
backward_on(bad_batch)
total_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
print(
    "norm:",
    total_norm.item(),
    " weight.grad after clipping:",
    model.weight.grad.tolist(),
)

# 2. Skip the update when the norm is not finite (what AMP's GradScaler does).
backward_on(bad_batch)
weight_before = model.weight.detach().clone()
total_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
if torch.isfinite(total_norm):
    optimizer.step()
else:
    print(f"skipped step: gradient norm is {total_norm.item()}")
print("weights unchanged:", torch.equal(model.weight, weight_before))

# 3. Or stop training with an error that says what happened.
backward_on(bad_batch)
try:
    nn.utils.clip_grad_norm_(
        model.parameters(), max_norm=1.0, error_if_nonfinite=True
    )
except RuntimeError as err:
    print("RuntimeError:", err)
