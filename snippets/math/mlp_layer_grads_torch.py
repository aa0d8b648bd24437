"""Layer-by-layer gradient norms of a 30-layer tanh MLP, three init scales."""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

depth, width = 30, 64
torch.manual_seed(0)
X = torch.randn(128, width)  # one batch
y = torch.randn(128, 1)


def layer_gradients(scale):
    """Norms of dL/dh_l and dL/dW_l for l = 1..depth after one backward."""
    torch.manual_seed(1)
    layers = [nn.Linear(width, width, bias=False) for _ in range(depth)]
    for layer in layers:  # entries N(0, scale^2 / fan_in)
        nn.init.normal_(layer.weight, std=scale / math.sqrt(width))
    head = nn.Linear(width, 1, bias=False)
    nn.init.normal_(head.weight, std=1 / math.sqrt(width))

    h, outputs = X, []
    for layer in layers:
        h = torch.tanh(layer(h))
        outputs.append(h)  # h_l, the output of layer l
    loss = nn.functional.mse_loss(head(h), y)
    weights = [layer.weight for layer in layers]
    grads = torch.autograd.grad(loss, outputs + weights)
    norms = [g.norm().item() for g in grads]
    return norms[:depth], norms[depth:]


scales = (0.5, 1.0, 2.0)
results = {scale: layer_gradients(scale) for scale in scales}
for scale, (h_norms, w_norms) in results.items():
    print(f"scale {scale}:")
    for name, norms in (("dL/dh", h_norms), ("dL/dW", w_norms)):
        first, last = norms[0], norms[-1]
        print(
            f"  {name} layer 1 {first:.3g}, layer {depth} {last:.3g},"
            f" ratio {first / last:.3g}"
        )

fig, (ax_h, ax_w) = plt.subplots(
    1, 2, figsize=(9, 3.4), layout="constrained", sharey=True
)
layer_index = range(1, depth + 1)
for scale, (h_norms, w_norms) in results.items():
    ax_h.plot(layer_index, h_norms, label=f"scale {scale}")
    ax_w.plot(layer_index, w_norms, label=f"scale {scale}")
ax_h.set(yscale="log", xlabel="layer l", ylabel="gradient norm")
ax_w.set(xlabel="layer l")
ax_h.set_title("w.r.t. the layer's output h_l", fontsize=9)
ax_w.set_title("w.r.t. the layer's weight W_l", fontsize=9)
ax_h.legend()
plt.show()
