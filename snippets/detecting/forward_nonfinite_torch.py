"""Find the first layer whose forward output is Inf or NaN, with hooks."""

import warnings
from collections import OrderedDict

import torch
from torch import nn


class HandSoftplus(nn.Module):
    """softplus(z) = log(1 + exp(z)), written by hand: exp overflows."""

    def forward(self, z):
        return torch.log(1 + torch.exp(z))  # exp(z) is inf for z > 88.7


torch.manual_seed(0)
model = nn.Sequential(
    OrderedDict(
        fc1=nn.Linear(4, 8),
        act1=HandSoftplus(),
        fc2=nn.Linear(8, 8),
        act2=HandSoftplus(),
        head=nn.Linear(8, 1),
    )
)
x = torch.randn(16, 4)
x[3] *= 1000  # one corrupt example: its inputs are 1000 times too large


def check_finite(name):
    def hook(module, inputs, output):  # runs right after module.forward
        bad = ~torch.isfinite(output)
        if bad.any():
            rows = bad.flatten(1).any(1).nonzero().flatten().tolist()
            raise FloatingPointError(
                f"{name} ({type(module).__name__}): {int(bad.sum())} of"
                f" {output.numel()} outputs non-finite, in examples {rows}"
            )

    return hook


handles = [
    module.register_forward_hook(check_finite(name))
    for name, module in model.named_children()
]
try:
    model(x)
except FloatingPointError as err:
    forward_error = err
    print("FloatingPointError:", err)
finally:
    for handle in handles:
        handle.remove()

# Without hooks, nothing stops the forward pass, and detect_anomaly does not
# help either: it checks only the backward pass.
with warnings.catch_warnings():  # its "enabled, slow" warning
    warnings.simplefilter("ignore", UserWarning)
    with torch.autograd.detect_anomaly():
        loss = model(x).square().mean()
print("forward pass under detect_anomaly: loss =", loss.item())

# The fix: the framework's softplus, which is linear for large inputs.
model.act1 = model.act2 = nn.Softplus()
loss = model(x).square().mean()
print("with nn.Softplus: loss is finite:", bool(torch.isfinite(loss)))
