"""Post-LN vs Pre-LN residual stacks at initialization: the gradient of
the last block's weights as the number of blocks L grows."""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

d, n = 32, 32  # features, tokens
depths = (3, 6, 12, 24, 48)
torch.manual_seed(0)
x = torch.randn(n, d)
r = torch.randn(n, d)  # loss: a fixed random linear function of the output


def layer_norm(h):  # LayerNorm at initialization (gain 1, bias 0)
    return nn.functional.layer_norm(h, (d,))


def mlp():  # the sublayer F: W_2 relu(W_1 h), 4x wider inside
    inner = nn.Linear(d, 4 * d, bias=False)
    outer = nn.Linear(4 * d, d, bias=False)
    nn.init.normal_(inner.weight, std=math.sqrt(2 / d))  # He
    nn.init.normal_(outer.weight, std=math.sqrt(1 / (4 * d)))  # LeCun
    return nn.Sequential(inner, nn.ReLU(), outer)


def last_block_grad(L, pre_ln):
    torch.manual_seed(1)  # the same weights in both arrangements
    blocks = [mlp() for _ in range(L)]
    h = x
    for F in blocks:
        if pre_ln:  # x_{l+1} = x_l + F(LN(x_l))
            h = h + F(layer_norm(h))
        else:  # x_{l+1} = LN(x_l + F(x_l))
            h = layer_norm(h + F(h))
    stream_rms = h.pow(2).mean().sqrt().item()
    if pre_ln:
        h = layer_norm(h)  # Pre-LN ends with a final LayerNorm
    loss = (h * r).sum() / n
    loss.backward()
    return blocks[-1][2].weight.grad.norm().item(), stream_rms


results = {
    "Post-LN": [last_block_grad(L, pre_ln=False) for L in depths],
    "Pre-LN": [last_block_grad(L, pre_ln=True) for L in depths],
}
print("blocks L:         " + " ".join(f"{L:6}" for L in depths))
print("gradient norm of W_2 in the last block")
for name, rows in results.items():
    print(f"  {name:15}" + " ".join(f"{g:6.3g}" for g, _ in rows))
rms = " ".join(f"{s:6.3g}" for _, s in results["Pre-LN"])
print(f"rms of Pre-LN x_L: {rms}")
product = " ".join(f"{g * s:6.3g}" for g, s in results["Pre-LN"])
print(f"Pre-LN grad x rms: {product}")

fig, ax = plt.subplots(figsize=(5, 3.4), layout="constrained")
for name, rows in results.items():
    ax.plot(depths, [g for g, _ in rows], marker="o", label=name)
ax.set(
    xscale="log",
    ylim=(0, None),
    xlabel="number of blocks L (log scale)",
    ylabel="gradient norm, last block's W_2",
)
ax.minorticks_off()
ax.set_xticks(depths, [str(L) for L in depths])
ax.legend()
plt.show()
