# ---
# jupyter:
#   description: >-
#     A deep PyTorch MLP from divergence to stable training: per-layer gradient norms, He initialization, clip_grad_norm_ and a learning-rate warm-up, every output real.
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A deep MLP in PyTorch, from NaN to a stable run
#
# This notebook follows one model from a crash to a stable run. A multilayer
# perceptron (MLP) with 32 hidden layers is trained with plain SGD. You will
#
# 1. reproduce the explosion: the loss overflows on the second step;
# 2. diagnose it with the global gradient norm, per-layer gradient norms and
#    `torch.autograd.detect_anomaly`;
# 3. fix it one change at a time: He initialization, then gradient clipping,
#    then see what learning-rate warm-up adds;
# 4. compare the four runs in one figure.
#
# It needs only `torch`, `numpy` and `matplotlib`, downloads nothing and runs
# on a laptop CPU in well under a minute. Every output below comes from
# running it (`nox -s outputs`), and the site's tests run it again on three
# CPU configurations and require the same outputs.

# %% [markdown]
# ## Setup
#
# The data are synthetic, so nothing is downloaded. Each input
# $x \in \mathbb{R}^{16}$ is standard normal and the target is
# $y = \tanh(2\, w^\top x)$ for a fixed random vector $w$ with
# $\lVert w \rVert \approx 1$. A good fit has a mean squared error far below
# that of a model that predicts 0 everywhere (printed below).
#
# The notebook computes in float64, not in float32, the default. A run whose
# gradients explode magnifies every rounding error as much as it magnifies
# the gradient, so in float32 two CPUs print different numbers and may see
# the loss turn NaN at different steps. In float64 every number below is the
# same on any machine; in float32 the same runs fail the same way.

# %%
import math
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.set_default_dtype(torch.float64)  # the same numbers on every CPU
torch.manual_seed(0)
N, D = 2048, 16
X = torch.randn(N, D)
w_true = torch.randn(D, 1) / D**0.5
y = torch.tanh(2 * X @ w_true)
print(f"X: {tuple(X.shape)}, y: {tuple(y.shape)}")
print(f"loss of predicting 0: {y.pow(2).mean():.3f}")

# %% [markdown]
# The model has 32 hidden layers of width 64, each a `Linear` layer followed
# by ReLU, and one output unit. `init` chooses how the weights are drawn;
# biases start at 0. Every run builds the model from the same seed, so the
# runs differ only in what we change.

# %%
DEPTH, WIDTH = 32, 64


def make_mlp(init):
    torch.manual_seed(1)
    layers, fan_in = [], D
    for _ in range(DEPTH):
        linear = nn.Linear(fan_in, WIDTH)
        if init == "normal":
            nn.init.normal_(linear.weight, std=0.25)
        elif init == "he":
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        nn.init.zeros_(linear.bias)
        layers += [linear, nn.ReLU()]
        fan_in = WIDTH
    layers.append(nn.Linear(fan_in, 1))
    return nn.Sequential(*layers)


# %% [markdown]
# One function trains every variant: 400 steps of SGD with momentum 0.9 and
# learning rate 0.1 on mini-batches of 128. `clip_grad_norm_` returns the
# global gradient norm measured *before* it clips, so it doubles as the
# monitor; with `max_norm=inf` it measures without clipping. `warmup` is the
# number of steps over which the learning rate rises linearly to 0.1. A run
# stops at the first loss that is not finite.


# %%
def train(init, max_norm=math.inf, warmup=0, lr=0.1, steps=400):
    model = make_mlp(init)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: min(1.0, (step + 1) / warmup) if warmup else 1.0
    )
    batches = torch.Generator().manual_seed(2)
    losses, norms = [], []
    for _ in range(steps):
        idx = torch.randint(0, N, (128,), generator=batches)
        loss = nn.functional.mse_loss(model(X[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        losses.append(loss.item())
        norms.append(norm.item())
        if not math.isfinite(loss.item()):
            break
        opt.step()
        sched.step()
    return {"loss": losses, "norm": norms}


# %% [markdown]
# ## Step 1: reproduce the explosion
#
# Draw every weight from $\mathcal{N}(0, s^2)$ with standard deviation
# $s = 0.25$, a scale that looks harmless. For a ReLU layer with $n$ inputs,
# the mean square of the activations is multiplied by $n s^2 / 2$ from one
# layer to the next ([He et al., 2015](../review/references.md#he2015)).
# The first layer has $n = 16$ inputs, so its factor is
# $16 \times 0.0625 / 2 = 0.5$; each of the other 31 layers has $n = 64$
# and a factor of $64 \times 0.0625 / 2 = 2$. After 32 layers the mean
# square has grown by about $0.5 \times 2^{31} = 2^{30}$, the scale of the
# outputs by about $2^{15}$, and the gradients grow the same way on the way
# back.

# %%
runs = {}
runs["N(0, 0.25²)"] = train("normal")
for step, (loss, norm) in enumerate(
    zip(runs["N(0, 0.25²)"]["loss"], runs["N(0, 0.25²)"]["norm"])
):
    print(f"step {step}: loss {loss:.3g}, gradient norm {norm:.3g}")

# %% [markdown]
# The first loss is 1.96e+07 and the gradient norm 7.25e+08. One SGD step of
# that size throws the weights so far that the next forward pass overflows
# even float64: the loss is inf and the gradient norm nan. This is the
# symptom the note describes: the loss goes to NaN within a few steps.

# %% [markdown]
# ## Step 2: diagnose
#
# ### Global and per-layer gradient norms
#
# The global norm above already says the gradient is enormous. Per-layer
# numbers say how it got there. One forward and one backward pass at
# initialization give, for every hidden layer $l$ with output $h_l$:
#
# - the standard deviation of $h_l$ (the forward signal);
# - the norm of $\partial \mathcal{L} / \partial h_l$, the gradient of the
#   loss $\mathcal{L}$ that reaches the layer from above (the backward
#   signal);
# - the norm of the layer's weight gradient
#   $\partial \mathcal{L} / \partial W_l = \delta_l\, h_{l-1}^\top$, where
#   $\delta_l$ is the backward signal just before the ReLU, summed over the
#   batch.
#
# The same for He initialization is drawn for contrast.


# %% alt="Three log-scale panels over the 32 hidden layers, one line for N(0, 0.25²) and one for He. Left, activation standard deviation: with N(0, 0.25²) it rises steadily, by about four orders of magnitude from layer 1 to layer 32; with He it stays between about 0.1 and 1. Middle, norm of the gradient reaching each layer's output: with N(0, 0.25²) it is largest at layer 1 and falls by about four orders of magnitude toward layer 32; with He it stays within one order of magnitude. Right, weight gradient norm: both lines are roughly flat, the N(0, 0.25²) line about eight orders of magnitude above the He line."
def layer_profile(init):
    model = make_mlp(init)
    outputs = []

    def keep(module, inputs, out):
        out.retain_grad()
        outputs.append(out)

    hooks = [
        m.register_forward_hook(keep) for m in model if isinstance(m, nn.ReLU)
    ]
    loss = nn.functional.mse_loss(model(X[:256]), y[:256])
    loss.backward()
    for hook in hooks:
        hook.remove()
    linears = [m for m in model if isinstance(m, nn.Linear)][:DEPTH]
    return {
        "activation std": [h.std().item() for h in outputs],
        "gradient at the output": [h.grad.norm().item() for h in outputs],
        "weight gradient": [m.weight.grad.norm().item() for m in linears],
    }


profiles = {"N(0, 0.25²)": layer_profile("normal"), "He": layer_profile("he")}
fig, axes = plt.subplots(1, 3, figsize=(9, 2.8))
layers = range(1, DEPTH + 1)
for name, profile in profiles.items():
    for ax, (what, values) in zip(axes, profile.items()):
        ax.semilogy(layers, values, marker=".", label=name)
        ax.set(xlabel="layer", title=what)
axes[0].legend()
plt.tight_layout()
plt.show()

for name, profile in profiles.items():
    for what, values in profile.items():
        print(
            f"{name:>12}, {what:<22}: layer 1 {values[0]:9.3g}, "
            f"layer {DEPTH} {values[-1]:9.3g}"
        )

# %% [markdown]
# With $\mathcal{N}(0, 0.25^2)$ the forward signal doubles in variance at
# every layer, so its standard deviation grows by about $\sqrt{2}$ per layer:
# $\sqrt{2}^{31} = 2^{15.5}$ from layer 1 to layer 32. The measured growth is
# smaller, from 0.566 to 5.16e+03, about four orders of magnitude. The factor
# 2 is an average over random weights; over the layers the factors multiply,
# so what adds up is their logarithms, and the mean of the logarithm is below
# the logarithm of the mean. At a width of 64 the factors scatter enough for
# this to show: the scatter grows with the sum of the reciprocals of the
# layer widths ([Hanin, 2018](../review/references.md#hanin2018)).
# The backward signal grows by the same factor in the other direction, toward
# the input: the chain rule multiplies it by one Jacobian per layer, and
# these Jacobians stretch vectors. Each weight gradient is the product of the
# two, so the growth cancels and the profile is flat, but high: 1.63e+07 at
# layer 1 and 1.49e+08 at layer 32, against 0.0568 and 0.323 with He. A flat
# profile of weight gradients does not prove a healthy network: check the
# size too
# (see [The math](../basics/math.md#per-layer-gradients-of-a-deep-mlp)).
# With He initialization the curves stay within a small factor instead of
# growing by orders of magnitude, but they are not level: the activation
# standard deviation falls from 0.8 at layer 1 to 0.158 at layer 32, and
# the gradient at the output rises from 0.0172 to 0.0639 toward the top.
# He keeps the mean square constant only on average, and with 64 units per
# layer the per-layer factors scatter around it.

# %% [markdown]
# ### Find the first NaN: anomaly detection
#
# `torch.autograd.detect_anomaly()` checks the output of every backward
# function and raises at the first one that returns NaN, naming it. It slows
# training down a lot, so use it only to debug. It checks for NaN, not for
# Inf: an overflow to Inf is only caught once it turns into NaN.
# The warning filter hides the warnings it prints: one that anomaly mode is
# on, and the traceback of the forward call.

# %%
model = make_mlp("normal")
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
try:
    with warnings.catch_warnings(action="ignore"):
        with torch.autograd.detect_anomaly():
            for step in range(5):
                loss = nn.functional.mse_loss(model(X[:128]), y[:128])
                print(f"step {step}: loss {loss.item():.3g}")
                opt.zero_grad()
                loss.backward()
                opt.step()
except RuntimeError as error:
    anomaly = str(error)
    print(f"RuntimeError: {anomaly}")

# %% [markdown]
# At step 1 the forward pass has already overflowed (the loss is inf), so the
# backward pass meets inf at once: `AddmmBackward0`, the backward function of
# a `Linear` layer, is the first to return NaN. The cause lies one step
# earlier: a gradient norm near a billion. That points at the scale of the
# weights.

# %% [markdown]
# ## Step 3: fix the initialization
#
# He initialization draws weights from $\mathcal{N}(0, 2/n)$, which makes
# the factor $n s^2 / 2$ exactly 1
# ([He et al., 2015](../review/references.md#he2015)). Train again with
# nothing else changed.

# %%
runs["He"] = train("he")
he = runs["He"]
print(f"steps run: {len(he['loss'])}, last loss: {he['loss'][-1]}")
print("gradient norm at each step:")
for start in range(0, len(he["norm"]), 10):
    print(" ", ", ".join(f"{n:.3g}" for n in he["norm"][start : start + 10]))

# %% [markdown]
# The start is healthy now: the gradient norm is 1.06 at step 0 and stays
# near 1 for 35 steps, with a few spikes to about 7. Then a spike does not
# come back down: the norm jumps to 2.86e+04, then 1.46e+87, and at step 38
# the loss is NaN. Initialization fixes the scale at step 0; it does not
# make the step size safe. SGD with momentum $\mu = 0.9$ adds up past
# gradients, so a gradient that keeps its direction moves the weights by up
# to $1/(1 - \mu) = 10$ times the plain step: the learning rate of 0.1 acts
# like 1.0 on a 32-layer network. That is a plain step-size instability
# (see [Learning rate](../remedies/learning-rate.md#a-learning-rate-too-high-diverges)):
# once one update is too large, the next gradient is larger, and the
# updates feed the growth.

# %% [markdown]
# ## Step 4: clip the gradient norm
#
# `clip_grad_norm_(model.parameters(), max_norm=1.0)` rescales the whole
# gradient so that its global norm is at most 1.0 whenever it is larger. The
# direction is kept; only the step is shortened. The summary gives the
# number of steps, the final loss (the mean over the last 50 steps, since
# single mini-batches are noisy), and the largest norm before clipping, over
# the whole run and over its first 50 steps.

# %%
runs["He + clipping"] = train("he", max_norm=1.0)


def summary(run):
    norms, tail = run["norm"], run["loss"][-50:]
    return (
        f"{len(norms):5d} {sum(tail) / len(tail):10.4f}"
        f" {max(norms):9.3g} {max(norms[:50]):15.3g}"
    )


HEADER = "steps final loss  max norm  max steps 0-49"
print(HEADER)
print(summary(runs["He + clipping"]))

# %% [markdown]
# All 400 steps finish, with a final loss of 0.0023, against 0.623 for
# predicting 0. The norm *before* clipping still reaches 34.2: the clip
# absorbs the spikes, but the network keeps producing them.

# %% [markdown]
# ## Step 5: warm up the learning rate
#
# Warm-up starts with a small learning rate and raises it linearly over the
# first steps, here 50
# ([Goyal et al., 2017](../review/references.md#goyal2017)). The early
# steps, taken while the weights are still random, are then small. The cell
# also runs warm-up *without* clipping, to see whether it is enough on its
# own.

# %%
runs["He + clipping + warm-up"] = train("he", max_norm=1.0, warmup=50)
warmup_only = train("he", warmup=50)
print(" " * 17, HEADER)
print("with clipping:   ", summary(runs["He + clipping + warm-up"]))
print("without clipping:", summary(warmup_only))

# %% [markdown]
# With clipping, the loss ends as low as without warm-up, 0.0023. Over the
# first 50 steps, while the learning rate is still rising, the largest norm
# before clipping is 18.7 instead of 34.2: warm-up does what it is for, it
# calms the first steps. It does not make the rest of the run safer: later
# a spike reaches 66.2, higher than any without warm-up. Without clipping,
# warm-up does not prevent the failure at all: the loss overflows after 31
# steps, while the learning rate is still rising (about 0.06 at that
# point), earlier than the 39 steps of the run without it. Here each fix
# does one job: He initialization fixes the start, clipping guards every
# step, and warm-up only softens the first ones.

# %% [markdown]
# ## Compare the runs
#
# The figure shows the first 80 steps, where the runs differ; the table
# below it covers all 400. Past about step 90, two CPUs no longer compute the
# same spikes of the clipped runs, even in float64, so a figure of the whole
# run would differ from machine to machine; the table's numbers do not.

# %% alt="Two log-scale panels over the first 80 training steps, one line per run; values above the top of a panel are drawn on its edge. Left, the loss: the N(0, 0.25²) run starts near 10^7 and stops at step 1 with an x, where the loss is no longer finite; the He run starts near 1, stays there for about 35 steps, then shoots off the top and stops at step 38; both clipped runs fall from about 1 to about 0.1, with bumps. Right, the gradient norm before clipping: near 10^9 for N(0, 0.25²); near 1 with spikes for He until it shoots off the top; for the two clipped runs spikes up to a few tens, those with warm-up lower during the first 50 steps and higher just after; a dotted line marks the threshold 1."
TOP = {"loss": 1e9, "norm": 1e10}  # larger values and inf/NaN: on the edge
SHOWN = 80  # steps in the figure


def capped(values, top):
    return [v if v < top else top for v in values]


fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), sharex=True)
for name, run in runs.items():
    marker = "." if len(run["loss"]) < 50 else None
    for ax, key in zip(axes, ["loss", "norm"]):
        values = capped(run[key][:SHOWN], TOP[key])
        ax.semilogy(values, marker=marker, label=name)
    if not math.isfinite(run["loss"][-1]):  # mark where the loss overflowed
        axes[0].plot(len(run["loss"]) - 1, TOP["loss"], "x", color="#e03131")
axes[0].set(xlabel="step", title="loss (x: not finite)", ylim=(1e-4, 3e9))
axes[1].set(
    xlabel="step", title="gradient norm before clipping", ylim=(1e-2, 3e10)
)
axes[1].axhline(1.0, color="#808080", linestyle=":")
axes[1].legend(fontsize=8, loc="upper right")
plt.tight_layout()
plt.show()

print(f"{'run':<23} {HEADER}")
for name, run in runs.items():
    print(f"{name:<23} {summary(run)}")

# %% [markdown]
# ## What to take away
#
# - The explosion here has two causes. The initial weights are too large
#   (fixed by He initialization), and the step size is too large: a
#   learning rate of 0.1 with momentum 0.9 (contained by clipping).
# - Measure before you fix: the global norm tells you *that* gradients
#   explode, per-layer norms tell you *where*, and `detect_anomaly` tells you
#   *which operation* first produced NaN.
# - Clipping bounds every update but does not remove the cause. A sound
#   initialization makes the start healthy; warm-up calms only the first
#   steps, and in this run it does not lower the worst spike.
#
# Each step has a page with the theory: the
# [math of the Jacobian product](../basics/math.md),
# [detecting](../basics/detecting.md),
# [initialization](../remedies/initialization.md),
# [clipping](../remedies/clipping.md) and
# [learning rate and warm-up](../remedies/learning-rate.md#warm-up).
