"""The update-to-weight ratio ||lr * update|| / ||W||, layer by layer."""

import statistics
from collections import OrderedDict

import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 16, dtype=torch.float64)
y = torch.sin(X[:, :4].sum(1, keepdim=True))


def make_model():
    torch.manual_seed(1)  # the same initial weights for every run
    layers = OrderedDict(
        fc1=nn.Linear(16, 64),
        tanh1=nn.Tanh(),
        fc2=nn.Linear(64, 64),
        tanh2=nn.Tanh(),
        head=nn.Linear(64, 1),
    )
    return nn.Sequential(layers).double()


def train(lr, steps):
    """SGD; the ratio of each weight matrix at each step, and the losses."""
    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    weights = {
        n: p for n, p in model.named_parameters() if n.endswith("weight")
    }
    ratios = {n: [] for n in weights}
    losses = []
    for step in range(steps):
        batch = slice(32 * (step % 8), 32 * (step % 8 + 1))
        loss = nn.functional.mse_loss(model(X[batch]), y[batch])
        optimizer.zero_grad()
        loss.backward()
        before = {n: w.detach().clone() for n, w in weights.items()}
        optimizer.step()
        for n, w in weights.items():  # the step the optimizer really took
            update = (w.detach() - before[n]).norm() / before[n].norm()
            ratios[n].append(update.item())
        losses.append(loss.item())
    return ratios, losses


# lr 0.02 trains; lr 1.0 diverges: its loss grows about 2000 times in 4
# steps. The ratio tells them apart from the first step on.
healthy, healthy_losses = train(0.02, steps=40)
too_high, too_high_losses = train(1.0, steps=5)
print("update-to-weight ratio ||W_after - W_before|| / ||W_before||")
print(f"{'layer':7s} {'lr 0.02':>9s} {'lr 1.0':>9s}   (median of steps 0-4)")
median = {}
for n in healthy:
    median[n] = [statistics.median(r[n][:5]) for r in (healthy, too_high)]
    print(f"{n[:-7]:7s} {median[n][0]:9.2g} {median[n][1]:9.2g}")
print(
    f"lr 0.02: loss {healthy_losses[0]:.3f} at step 0, "
    f"{statistics.mean(healthy_losses[-8:]):.3f} on average over steps 32-39"
)
print(
    f"lr 1.0:  loss {too_high_losses[0]:.3f} at step 0, "
    f"{too_high_losses[4]:.3g} at step 4"
)
