"""Dead ReLUs: after one oversized update, ReLU units stop learning."""

import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(512, 10)  # the whole training set: 512 inputs
y = X[:, :1] - 0.5 * X[:, 1:2] ** 2


def off_for_every_input(model):
    """Which hidden units have a pre-activation <= 0 on all 512 inputs."""
    with torch.no_grad():
        return (model[0](X) <= 0).all(dim=0)


def run(activation, bias_shift):
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(10, 100), activation, nn.Linear(100, 1))
    r = {"off at init": off_for_every_input(model).float().mean().item()}
    with torch.no_grad():
        model[0].bias -= bias_shift  # what one oversized update can do
    r["off after shift"] = off_for_every_input(model).float().mean().item()
    weights_after_shift = model[0].weight.detach().clone()

    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    for step in range(200):  # ordinary training from here on
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        if step == 0:  # units whose incoming weights get no gradient at all
            row_norms = model[0].weight.grad.norm(dim=1)
            r["zero gradient"] = (row_norms == 0).float().mean().item()
        optimizer.step()
    unchanged = (model[0].weight == weights_after_shift).all(dim=1)
    r["never changed"] = unchanged.float().mean().item()
    r["off after training"] = off_for_every_input(model).float().mean().item()
    r["loss"] = loss.item()
    return r


results = {
    "ReLU, no shift": run(nn.ReLU(), bias_shift=0.0),
    "ReLU, biases - 2": run(nn.ReLU(), bias_shift=2.0),
    "Leaky ReLU, biases - 2": run(nn.LeakyReLU(0.1), bias_shift=2.0),
}
for name, r in results.items():
    print(f"{name}:")
    print(
        f"  units off for every input: {r['off at init']:.0%} at init,"
        f" {r['off after shift']:.0%} after the shift"
    )
    print(f"  units whose weights get zero gradient: {r['zero gradient']:.0%}")
    print(
        f"  after 200 SGD steps: {r['off after training']:.0%} off,"
        f" {r['never changed']:.0%} never changed, loss {r['loss']:.3g}"
    )
