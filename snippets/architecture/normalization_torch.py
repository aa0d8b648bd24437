"""A 32-layer ReLU MLP initialized 1.3 times larger than He init, with and
without LayerNorm or BatchNorm: activation scale and gradient by layer."""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

width, batch, depth = 64, 64, 32
shown = (1, 8, 16, 32)  # layers to print
torch.manual_seed(0)
x = torch.randn(batch, width)
# The loss is a fixed random linear function of the output, so the
# gradient that enters the top is the same for every network.
r = torch.randn(batch, width)
NORMS = {
    "no normalization": nn.Identity,
    "LayerNorm": nn.LayerNorm,  # over the features of each example
    "BatchNorm": nn.BatchNorm1d,  # over the batch, for each feature
}


def measure(norm):
    torch.manual_seed(1)  # the same weights in every variant
    layers = []
    for _ in range(depth):  # h_l = relu(norm(W_l h_{l-1}))
        linear = nn.Linear(width, width, bias=False)
        # He init would use std sqrt(2 / width); 1.3 times that is too big.
        nn.init.normal_(linear.weight, std=1.3 * math.sqrt(2 / width))
        layers.append(nn.Sequential(linear, NORMS[norm](width), nn.ReLU()))
    h, outputs = x, []
    for layer in layers:  # training mode: BatchNorm uses batch statistics
        h = layer(h)
        outputs.append(h)
    loss = (h * r).sum() / batch
    first_weight = layers[0][0].weight
    grads = torch.autograd.grad(loss, [first_weight, *outputs])
    stds = [h.std().item() for h in outputs]
    back = [g.norm().item() for g in grads[1:]]  # ||dL/dh_l||
    return stds, back, grads[0].norm().item()


results = {norm: measure(norm) for norm in NORMS}
print("layer l:", shown)
for norm, (stds, back, first) in results.items():
    print(norm)
    print("  std of h_l:   " + " ".join(f"{stds[i - 1]:8.3g}" for i in shown))
    print("  ||dL/dh_l||:  " + " ".join(f"{back[i - 1]:8.3g}" for i in shown))
    print(f"  first-layer weight gradient norm {first:.3g}")

fig, (ax_std, ax_back) = plt.subplots(
    1, 2, figsize=(9, 3.4), layout="constrained"
)
layer_index = range(1, depth + 1)
for norm, (stds, back, _) in results.items():
    ax_std.plot(layer_index, stds, label=norm)
    ax_back.plot(layer_index, back, label=norm)
ax_std.set(yscale="log", xlabel="layer l", ylabel="std of activations h_l")
ax_back.set(yscale="log", xlabel="layer l", ylabel="||dL/dh_l||")
ax_std.legend()
plt.show()
