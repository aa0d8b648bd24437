"""Products of many factors: one unit per layer, then random matrices."""

import math

import matplotlib.pyplot as plt
import torch

# One unit per layer: the backward factor is the number w * f'(z).
for factor, layers in ((1.1, 50), (0.9, 50), (0.25, 10)):
    print(f"{factor}^{layers} = {factor**layers:.4g}")

# 64 units per layer: multiply `depth` random matrices with entries
# N(0, scale^2 / width) onto a unit vector; repeat with fresh matrices.
width, depth, trials = 64, 50, 50
checkpoints = (10, 25, 50)
scales = (0.9, 1.0, 1.1)
medians = {}  # scale -> median norm after 0, 1, ..., depth layers
torch.manual_seed(0)
for scale in scales:
    h = torch.zeros(trials, width)
    h[:, 0] = 1.0  # unit vector, one per trial
    norms = [torch.ones(trials)]
    for _ in range(depth):
        W = torch.randn(trials, width, width) * scale / math.sqrt(width)
        h = torch.einsum("kij,kj->ki", W, h)  # h <- W h in each trial k
        norms.append(h.norm(dim=1))
    medians[scale] = torch.stack(norms).median(dim=1).values.tolist()

print(f"median norm over {trials} trials, width {width}")
print("scale" + "".join(f"  depth {d:2d}" for d in checkpoints))
for scale in scales:
    row = "".join(f"  {medians[scale][d]:8.4g}" for d in checkpoints)
    print(f"{scale:5}{row}")

fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
for scale in scales:
    ax.plot(medians[scale], label=f"scale {scale}")
ax.set(yscale="log", xlabel="number of layers", ylabel="median norm")
ax.legend()
plt.show()
