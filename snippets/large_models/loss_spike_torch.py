"""A loss spike from a few bad batches; restart from a checkpoint, skip them.

PaLM's remedy (Chowdhery et al. 2022, section 5.1) on a toy model: a linear
regression trained with SGD, in float64, on a stream of batches. Batches
60-62 are corrupted (inputs 8 times too large), as a stand-in for whatever
makes a real batch harmful.
"""

import copy

import numpy as np
import torch

rng = np.random.default_rng(0)
dim, batch, n_batches, lr = 8, 16, 200, 0.05
w_true = rng.normal(size=(dim, 1))
bad = range(60, 63)  # the batches that cause the spike


def make_batch(i):
    x = rng.normal(size=(batch, dim))
    y = x @ w_true + 0.1 * rng.normal(size=(batch, 1))
    if i in bad:
        x = 8 * x  # corrupted inputs, labels left as they were
    return torch.tensor(x), torch.tensor(y)


stream = [make_batch(i) for i in range(n_batches)]
x_eval = torch.tensor(rng.normal(size=(256, dim)))
y_eval = x_eval @ torch.tensor(w_true)


def eval_loss(model):
    with torch.no_grad():
        return torch.mean((model(x_eval) - y_eval) ** 2).item()


def train(restart=False, every=20, back=20, skip=10, factor=4.0):
    """Train on the stream; with restart=True, on a spike (eval loss above
    factor times its best so far) go back to the checkpoint taken `back`
    steps or more earlier and skip `skip` batches from the spike on."""
    torch.manual_seed(0)
    model = torch.nn.Linear(dim, 1, dtype=torch.float64)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    checkpoints, skipped, losses, restarts = {}, set(), [], []
    i = 0
    while i < n_batches:
        if i % every == 0:
            checkpoints[i] = copy.deepcopy(
                (model.state_dict(), opt.state_dict())
            )
        if i in skipped:
            i += 1
            continue
        x, y = stream[i]
        opt.zero_grad()
        torch.mean((model(x) - y) ** 2).backward()
        opt.step()
        loss = eval_loss(model)
        best = min(losses, default=loss)
        if restart and loss > factor * best and not restarts:
            start = max(c for c in checkpoints if c <= i - back)
            model_state, opt_state = checkpoints[start]
            model.load_state_dict(model_state)
            opt.load_state_dict(opt_state)
            skipped.update(range(i, i + skip))
            restarts.append((i, start))
            losses = losses[:start]
            i = start
            continue
        losses.append(loss)
        i += 1
    return losses, restarts, skipped


plain, _, _ = train()
fixed, restarts, skipped = train(restart=True)
spike_at, restart_from = restarts[0]
before = plain[spike_at - 1]
print(f"eval loss after update {spike_at - 1}: {before:.3g}")
print(
    f"restart: spike seen at update {spike_at}, back to the checkpoint "
    f"of step {restart_from}, skip batches {min(skipped)}-{max(skipped)}"
)
for name, losses in (("no remedy", plain), ("restart + skip", fixed)):
    after = losses[spike_at:]  # the updates from the spike on
    above = sum(loss > 4 * before for loss in after)
    print(
        f"{name}: peak {max(after):.3g}, {above} updates above "
        f"4 x {before:.3g}, final {losses[-1]:.3g}"
    )
