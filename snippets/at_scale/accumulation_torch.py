"""Gradient accumulation in PyTorch: clip once, after the last micro-batch."""

import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(32, 8)
y = 3 * torch.randn(32, 1)
model = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
accum_steps, max_norm = 4, 1.0
micro_batches = list(zip(X.chunk(accum_steps), y.chunk(accum_steps)))


def flat_grad():
    return torch.cat([p.grad.flatten() for p in model.parameters()])


# The full batch in one pass, for reference.
optimizer.zero_grad()
nn.functional.mse_loss(model(X), y).backward()
full = flat_grad()

# Wrong: clip every micro-batch's gradient g_j, then take their mean.
per_micro, micro_norms = [], []
for xb, yb in micro_batches:
    optimizer.zero_grad()
    nn.functional.mse_loss(model(xb), yb).backward()  # g_j, not g_j / k
    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    micro_norms.append(norm.item())
    per_micro.append(flat_grad())
clipped_each = torch.stack(per_micro).mean(0)

# Right: accumulate, then clip once, then step.
optimizer.zero_grad()
for xb, yb in micro_batches:
    loss = nn.functional.mse_loss(model(xb), yb)
    (loss / accum_steps).backward()  # .grad adds up over the micro-batches
accumulated = flat_grad()
total_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)
clipped_once = flat_grad()
optimizer.step()
optimizer.zero_grad()

cos = nn.functional.cosine_similarity
same = torch.allclose(accumulated, full, atol=1e-6)
print(f"full batch:  norm {full.norm():.4f}")
print(f"accumulated: norm {total_norm:.4f}, equal to full batch: {same}")
print("micro-batch norms:", " ".join(f"{n:.4f}" for n in micro_norms))
print(
    f"clip once:  norm {clipped_once.norm():.4f}, "
    f"cosine with full {cos(clipped_once, full, dim=0):.4f}"
)
print(
    f"clip each:  norm {clipped_each.norm():.4f}, "
    f"cosine with full {cos(clipped_each, full, dim=0):.4f}"
)
