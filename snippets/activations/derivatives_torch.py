"""Derivatives of six activations: autograd against the closed forms."""

import math

import matplotlib.pyplot as plt
import torch
from torch import nn

ALPHA_LEAKY = 0.1  # negative slope of Leaky ReLU (PyTorch's default: 0.01)
ALPHA_ELU = 1.0

z = torch.arange(-500, 501) / 100  # -5 to 5 in steps of 0.01, and z = 0


def phi(x):  # standard normal density
    return torch.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def Phi(x):  # standard normal cumulative distribution function
    return 0.5 * (1 + torch.erf(x / math.sqrt(2)))


def sigmoid_prime(x):
    return torch.sigmoid(x) * (1 - torch.sigmoid(x))


activations = {  # name: (function, closed-form derivative, line style)
    "ReLU": (torch.relu, lambda x: (x > 0).float(), "-"),
    "Leaky ReLU": (
        nn.LeakyReLU(ALPHA_LEAKY),
        lambda x: torch.where(x > 0, 1.0, ALPHA_LEAKY),
        "--",
    ),
    "ELU": (
        nn.ELU(ALPHA_ELU),
        lambda x: torch.where(x > 0, 1.0, ALPHA_ELU * torch.exp(x)),
        "-.",
    ),
    "GELU": (nn.GELU(), lambda x: Phi(x) + x * phi(x), "-"),
    "sigmoid": (torch.sigmoid, sigmoid_prime, "-"),
    "tanh": (torch.tanh, lambda x: 1 - torch.tanh(x) ** 2, ":"),
}

derivatives, errors = {}, {}
for name, (f, closed_form, _) in activations.items():
    x = z.clone().requires_grad_(True)
    f(x).sum().backward()  # f acts elementwise, so x.grad[i] = f'(z[i])
    derivatives[name] = x.grad
    errors[name] = (x.grad - closed_form(z)).abs().max().item()

print("activation   max f'(z)   autograd = formula (to 1e-6)")
for name, d in derivatives.items():
    agrees = "yes" if errors[name] < 1e-6 else "NO"
    print(f"{name:<11}  {d.max().item():.4f}      {agrees}")

values = sorted(set(derivatives["ReLU"].tolist()))
print(f"ReLU' takes the values {values}")
values = [round(v, 4) for v in sorted(set(derivatives["Leaky ReLU"].tolist()))]
print(f"Leaky ReLU' takes the values {values}")
gelu = derivatives["GELU"]
print(
    f"GELU' is largest at z = {z[gelu.argmax()].item():.2f} (sqrt(2) = 1.41)"
)
print(
    f"GELU' is smallest at z = {z[gelu.argmin()].item():.2f}:"
    f" {gelu.min().item():.4f} (negative)"
)
print(f"0.25 ** 10 = {0.25**10:.3g}")

fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
for name, (_, _, style) in activations.items():
    ax.plot(z, derivatives[name], style, label=name)
ax.axhline(1.0, color="gray", linewidth=0.8)
ax.set(xlabel="pre-activation z", ylabel="derivative f'(z)")
ax.legend(ncols=2)
plt.show()
