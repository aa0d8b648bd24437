"""Mixed precision in PyTorch: unscale the gradients, then clip, then step."""

import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 32)
y = torch.randn(64, 1)
model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
# The scaler multiplies the loss by `scale` so that small float16 gradients
# do not underflow. We start it too high on purpose (default: 2**16).
scaler = torch.amp.GradScaler("cpu", init_scale=2.0**20)
max_norm = 1.0
fp16 = torch.finfo(torch.float16)
print(f"float16: smallest normal {fp16.tiny:.3g}, largest {fp16.max:.0f}")


def scaled_loss():
    optimizer.zero_grad()
    with torch.autocast("cpu", dtype=torch.float16):
        loss = nn.functional.mse_loss(model(X).float(), y)
    return scaler.scale(loss)  # scale * loss


def grad_norm():
    return nn.utils.get_total_norm([p.grad for p in model.parameters()])


# 1. The right order: backward, unscale_, clip, step, update.
log = []
for step in range(5):
    scaled_loss().backward()  # the gradients are scale * true gradients
    scale, norm_scaled = scaler.get_scale(), grad_norm().item()
    weight = model[0].weight.detach().clone()
    scaler.unscale_(optimizer)  # divide the gradients by the scale
    total_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    scaler.step(optimizer)  # skipped if any gradient is inf or NaN
    scaler.update()  # halves the scale after a skip
    skipped = torch.equal(weight, model[0].weight)
    log.append((scale, norm_scaled, total_norm.item(), skipped))
    print(
        f"step {step}: scale {scale:7.0f}  scaled norm {norm_scaled:9.4g}"
        f"  true norm {total_norm.item():5.4g}  "
        + ("skipped" if skipped else "updated")
    )
scale, norm_scaled, norm_true, _ = log[-1]
print(f"scaled norm / true norm = {norm_scaled / norm_true:.0f}")

# 2. The wrong order: clip the scaled gradients, then unscale them.
scaled_loss().backward()
nn.utils.clip_grad_norm_(model.parameters(), max_norm)  # too early
scaler.unscale_(optimizer)
wrong_norm = grad_norm().item()
print(f"clipped before unscale_: norm {wrong_norm:.3g} = {max_norm} / scale")

# 3. unscale_ may run once per step: a second call is an error.
try:
    scaler.unscale_(optimizer)
except RuntimeError as err:
    print("RuntimeError:", err)
