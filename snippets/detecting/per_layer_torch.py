"""Per-layer gradient norms show in which layers the gradient grows."""

import math
from collections import OrderedDict

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(128, 32)
y = torch.sin(X[:, :1])


def make_model(gain, depth=10, width=32):
    """A tanh MLP whose weights have std gain / sqrt(fan_in)."""
    torch.manual_seed(1)
    layers = OrderedDict()
    for i in range(1, depth + 1):
        fc = nn.Linear(width, width)
        nn.init.normal_(fc.weight, std=gain / math.sqrt(width))
        nn.init.zeros_(fc.bias)
        layers[f"fc{i}"], layers[f"tanh{i}"] = fc, nn.Tanh()
    layers["head"] = nn.Linear(width, 1)
    return nn.Sequential(layers)


def layer_norms(model):
    """One backward pass; the weight-gradient norms read in two ways."""
    # 1. A hook on each weight records its gradient norm during backward().
    from_hooks = {}

    def record(name):
        def hook(param):  # runs right after param.grad has been written
            from_hooks[name] = param.grad.norm().item()

        return hook

    handles = [
        p.register_post_accumulate_grad_hook(record(name))
        for name, p in model.named_parameters()
        if name.endswith("weight")
    ]
    model.zero_grad()
    nn.functional.mse_loss(model(X), y).backward()
    for handle in handles:
        handle.remove()

    # 2. After backward(): walk the parameters and read .grad.
    from_grad = {
        name: p.grad.norm().item()
        for name, p in model.named_parameters()
        if name.endswith("weight")
    }
    return from_grad, from_hooks


healthy, healthy_hooks = layer_norms(make_model(gain=5 / 3))
exploding, exploding_hooks = layer_norms(make_model(gain=4.0))

print("weight-gradient norm per layer")
print(f"{'layer':7s} {'gain 5/3':>9s} {'gain 4':>9s}")
for name in exploding:
    short = name.removesuffix(".weight")
    print(f"{short:7s} {healthy[name]:#9.3g} {exploding[name]:#9.3g}")
for label, norms in (("gain 5/3", healthy), ("gain 4", exploding)):
    ratio = norms["fc1.weight"] / norms["fc10.weight"]
    print(f"{label}: fc1 / fc10 = {ratio:#.3g}")
same = healthy_hooks == healthy and exploding_hooks == exploding
print("hook norms equal the .grad norms:", same)
order = [name.removesuffix(".weight") for name in exploding_hooks]
print("hooks fired in this order:", ", ".join(order))

names = [name.removesuffix(".weight") for name in exploding]
fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.plot(names, list(healthy.values()), marker="o", label="gain 5/3")
ax.plot(names, list(exploding.values()), marker="o", label="gain 4")
ax.set(
    yscale="log",
    xlabel="layer (input side left)",
    ylabel="weight-gradient norm",
)
ax.legend()
plt.show()
