# ---
# jupyter:
#   description: >-
#     A vanilla Keras RNN on the adding problem, from a NaN loss to an LSTM: gradient norms with tf.GradientTape, an orthogonal recurrent initialization, global_clipnorm and an LSTM, every output real.
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A vanilla RNN in Keras, from NaN to an LSTM
#
# This notebook trains a recurrent network on a task that needs a memory of
# 50 time steps. You will
#
# 1. reproduce the explosion: the loss is NaN after one step;
# 2. diagnose it with gradient norms from `tf.GradientTape`, the gradient
#    through time and `tf.debugging.enable_check_numerics`;
# 3. fix it one change at a time: an orthogonal recurrent initialization,
#    then `global_clipnorm`, then an LSTM;
# 4. compare the runs in one figure.
#
# It needs only `tensorflow` (with Keras 3), `numpy` and `matplotlib`,
# downloads nothing and runs on a laptop CPU in well under a minute. Every
# output below comes from running it (`nox -s outputs`), and the site's tests
# run it again on three CPU configurations and require the same outputs.

# %% [markdown]
# ## Setup: the adding problem
#
# Each input is a sequence of $T = 50$ steps with two features: a random
# number in $[0, 1)$ and a marker that is 1 at exactly two steps, one in each
# half of the sequence, and 0 elsewhere. The target is the sum of the two
# marked numbers ([Hochreiter & Schmidhuber, 1997](../review/references.md#hochreiter1997)).
# The first marker can be 49 steps before the end, so the network has to
# carry information across many steps. Predicting the mean, 1.0, every time
# gives a mean squared error of about $1/6 \approx 0.167$: a model has learned
# something only if it gets well below that.
#
# The notebook computes in float64, not in float32, the default. A run whose
# gradients explode magnifies every rounding error as much as it magnifies
# the gradient, so in float32 two CPUs print different numbers and can even
# disagree on how well a model ends up. In float64 every number below is the
# same on any machine.

# %%
import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

keras.config.set_floatx("float64")  # the same numbers on every CPU
tf.get_logger().setLevel("WARNING")  # no INFO lines from TensorFlow
T = 50
rng = np.random.default_rng(0)


def adding_problem(n):
    x = np.zeros((n, T, 2))
    x[:, :, 0] = rng.uniform(size=(n, T))
    first = rng.integers(0, T // 2, n)
    second = rng.integers(T // 2, T, n)
    x[np.arange(n), first, 1] = 1.0
    x[np.arange(n), second, 1] = 1.0
    y = (x[:, :, 0] * x[:, :, 1]).sum(axis=1, keepdims=True)
    return x, y


x_train, y_train = adding_problem(4096)
x_val, y_val = adding_problem(512)
print(f"x_train: {x_train.shape}, y_train: {y_train.shape}")
print(f"loss of predicting the mean: {np.mean((y_val - 1.0) ** 2):.3f}")

# %% [markdown]
# The models read the sequence with one recurrent layer of 32 units and
# predict the sum with a `Dense` layer. A `SimpleRNN` computes
#
# $$h_t = \phi(W_{xh} x_t + W_{hh} h_{t-1} + b),$$
#
# where $x_t$ is the input at step $t$, $h_t$ the state, $\phi$ the
# activation (ReLU here), $W_{xh}$ the input weight matrix (Keras's
# `kernel`), $W_{hh}$ the recurrent weight matrix (Keras's
# `recurrent_kernel`, called `U` in the code and its output) and $b$ the
# bias, the notation of [The math](../basics/math.md#an-rnn-through-time).
# Every model is built from the same seed.

# %%
UNITS = 32


def make_model(recurrent):
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [keras.Input((T, 2)), recurrent(), keras.layers.Dense(1)]
    )


def simple_rnn(recurrent_initializer="orthogonal"):
    return lambda: keras.layers.SimpleRNN(
        UNITS, activation="relu", recurrent_initializer=recurrent_initializer
    )


# %% [markdown]
# One function trains every variant for 8 epochs of 64 mini-batches of 64
# sequences. The step runs inside `tf.function` for speed. It returns the
# loss and the global norm of the gradient, computed from the
# `tf.GradientTape` gradients *before* the optimizer applies (and possibly
# clips) them. A run stops at the first loss that is not finite.


# %%
def train(model, optimizer, epochs=8, batch=64):
    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((model(x, training=True) - y) ** 2)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss, tf.linalg.global_norm(grads)

    losses, norms = [], []
    for _ in range(epochs):
        for start in range(0, len(x_train), batch):
            stop = start + batch
            loss, norm = step(x_train[start:stop], y_train[start:stop])
            losses.append(float(loss))
            norms.append(float(norm))
            if not math.isfinite(losses[-1]):
                return {"loss": losses, "norm": norms, "val": math.nan}
    val = float(np.mean((model(x_val) - y_val) ** 2))
    return {"loss": losses, "norm": norms, "val": val}


def summary(run):
    return f"{len(run['loss']):5d} {run['val']:8.4f} {max(run['norm']):9.3g}"


HEADER = "steps val loss  max norm"

# %% [markdown]
# ## Step 1: reproduce the explosion
#
# Draw the entries of $W_{hh}$ from $\mathcal{N}(0, s^2/32)$ with scale
# $s = 2$. Multiplying a state by $W_{hh}$ then multiplies its mean square
# by about $s^2 = 4$, and ReLU, which zeroes about half of the entries,
# halves it again: a factor of about 2 per time step in the mean square
# (about $\sqrt 2$ in the norm), the same $n s^2 / 2$ rule, with $n = 32$
# units, as for the layers of a ReLU network
# ([He et al., 2015](../review/references.md#he2015)). Over 50 steps the state
# grows by orders of magnitude. Train with SGD, momentum 0.9 and learning
# rate 1.0.

# %%
normal = keras.initializers.RandomNormal(stddev=2 / UNITS**0.5, seed=0)
runs = {}
runs["N(0, 4/32)"] = train(
    make_model(simple_rnn(normal)), keras.optimizers.SGD(1.0, momentum=0.9)
)
for step, (loss, norm) in enumerate(
    zip(runs["N(0, 4/32)"]["loss"], runs["N(0, 4/32)"]["norm"])
):
    print(f"step {step}: loss {loss:.3g}, gradient norm {norm:.3g}")

# %% [markdown]
# The first loss is 4.56e+13 and the gradient norm 4.64e+15. One step of that
# size throws the weights so far that the next forward pass overflows: the
# loss is NaN at step 1.

# %% [markdown]
# ## Step 2: diagnose
#
# ### Gradient norms from the tape
#
# `tape.gradient` returns one gradient per entry of
# `model.trainable_variables`; `tf.linalg.global_norm` combines them into
# the global norm. In Keras 3 each variable's `path` names its layer. The
# same for an orthogonal $W_{hh}$ is printed for contrast; its spectral
# radius (the largest absolute value of its eigenvalues) is exactly 1.


# %%
def gradient_report(model):
    x, y = x_train[:256], y_train[:256]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((model(x) - y) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    print(
        f"  loss {float(loss):.3g}, global norm "
        f"{float(tf.linalg.global_norm(grads)):.3g}"
    )
    for variable, grad in zip(model.trainable_variables, grads):
        layer_and_name = variable.path.split("/", 1)[1]  # drop the model
        print(f"  {layer_and_name:<38} {float(tf.norm(grad)):9.3g}")


for name, init in [("N(0, 4/32)", normal), ("orthogonal", "orthogonal")]:
    model = make_model(simple_rnn(init))
    U = model.layers[0].cell.recurrent_kernel.numpy()
    radius = np.abs(np.linalg.eigvals(U)).max()
    print(f"{name}: spectral radius of U {radius:.2f}")
    gradient_report(model)

# %% [markdown]
# With $\mathcal{N}(0, 4/32)$ every gradient is huge, the recurrent
# kernel's most of all. The orthogonal $W_{hh}$ gives gradients of order 1.

# %% [markdown]
# ### The gradient through time
#
# Which steps does the explosion come from? The tape can also differentiate
# the loss $\mathcal{L}$ with respect to the input: the norm of
# $\partial \mathcal{L} / \partial x_t$
# measures how much step $t$ influences the prediction made after step 50.
# Backpropagation through time multiplies it by one Jacobian
# $\partial h_{t} / \partial h_{t-1}$ per step, so it grows or shrinks
# geometrically as $t$ moves away from the end
# ([Pascanu et al., 2013](../review/references.md#pascanu2013)).


# %% alt="Norm of the gradient of the loss with respect to the input at each of the 50 time steps, log scale. With N(0, 4/32) it falls steadily from about 10^13 at step 1 to about 10^5 at step 50. With the orthogonal matrix it rises steadily from about 10^-10 at step 1 to about 0.1 at step 50."
def gradient_through_time(model):
    x = tf.constant(x_train[:256])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_mean((model(x) - y_train[:256]) ** 2)
    grad = tape.gradient(loss, x)
    return tf.norm(grad, axis=(0, 2)).numpy()  # one norm per time step


plt.figure(figsize=(6, 3))
for name, init in [("N(0, 4/32)", normal), ("orthogonal", "orthogonal")]:
    through_time = gradient_through_time(make_model(simple_rnn(init)))
    plt.semilogy(range(1, T + 1), through_time, marker=".", label=name)
    print(
        f"{name}: |dL/dx_1| / |dL/dx_{T}| = "
        f"{through_time[0] / through_time[-1]:.3g}"
    )
plt.xlabel("time step t")
plt.ylabel("norm of dL/dx_t")
plt.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# With $\mathcal{N}(0, 4/32)$ the gradient grows by a factor of 2.51e+08
# from the last step back to the first: the early steps dominate the
# gradient, and the update they cause is what blows the weights up. Over 49
# steps that is about 1.5 per step, near the $\sqrt 2$ of the mean-square
# argument and far below the spectral radius of 2.11: the spectral radius
# is not the rate of growth (see
# [The math](../basics/math.md#why-eigenvalues-alone-mislead)). With the
# orthogonal $W_{hh}$, spectral radius 1, the gradient *shrinks* instead, by
# a factor of 8.91e-10: $W_{hh}$ keeps the length of the state, but ReLU
# still halves its mean square at every step. That is the vanishing side of the same product; it returns in
# step 4.

# %% [markdown]
# ### Find the first Inf or NaN
#
# `tf.debugging.enable_check_numerics()` makes every TensorFlow operation
# check its output, in eager code and in functions traced after the call,
# and raise `InvalidArgumentError` at the first Inf or NaN, naming the
# operation. It slows everything down: turn it off again when done. The
# error message is long (it includes the stack of the Python code that
# created the operation); the cell prints its two key lines.

# %%
tf.debugging.enable_check_numerics()
try:
    train(
        make_model(simple_rnn(normal)),
        keras.optimizers.SGD(1.0, momentum=0.9),
        epochs=1,
    )
except tf.errors.InvalidArgumentError as error:
    lines = error.message.splitlines()
    first_bad_op = next(ln for ln in lines if ln.startswith("Detected at"))
    print(first_bad_op)
    print(next(ln for ln in lines if "Tensor had" in ln).strip(" :"))
finally:
    tf.debugging.disable_check_numerics()

# %% [markdown]
# The first non-finite value appears in `MatMul_1` of the recurrent cell,
# $W_{hh} h_{t-1}$, inside the `while` loop that steps through time: after the
# first update the state overflows while it is being carried across the
# sequence.

# %% [markdown]
# ## Step 3: an orthogonal recurrent matrix
#
# An orthogonal $W_{hh}$ preserves the length of every vector it multiplies, so
# its powers neither grow nor shrink
# ([Saxe et al., 2014](../review/references.md#saxe2014)). It is the default
# `recurrent_initializer` of Keras's `SimpleRNN`, `GRU` and `LSTM`. Train
# again with nothing else changed.

# %%
runs["orthogonal"] = train(
    make_model(simple_rnn("orthogonal")),
    keras.optimizers.SGD(1.0, momentum=0.9),
)
orthogonal = runs["orthogonal"]
print(
    f"steps run: {len(orthogonal['loss'])}, "
    f"last loss: {orthogonal['loss'][-1]}"
)
print("largest gradient norm:", f"{max(orthogonal['norm']):.3g}")

# %% [markdown]
# The start is healthy, but at this learning rate the updates push the
# recurrent weights back into the exploding regime: after five steps the
# gradient norm has reached 1.45e+66 and the loss is NaN. The initialization
# only fixes the starting point.

# %% [markdown]
# ## Step 4: clip the global norm
#
# `global_clipnorm=1.0` makes the optimizer rescale all gradients together
# whenever their global norm is above 1.0. (`clipnorm` would clip each
# variable's gradient on its own; see
# [Gradient clipping](../remedies/clipping.md#keras-clipnorm-is-not-global_clipnorm).)
# The summary gives the number of steps, the loss on the 512 validation
# sequences and the largest gradient norm before clipping.

# %%
runs["orthogonal + clipping"] = train(
    make_model(simple_rnn("orthogonal")),
    keras.optimizers.SGD(1.0, momentum=0.9, global_clipnorm=1.0),
)
print(HEADER)
print(summary(runs["orthogonal + clipping"]))

# %% [markdown]
# All steps finish and nothing overflows. But the validation loss is 0.1929,
# no better than the 0.166 of always predicting the mean: the network is
# stable and has learned nothing. Clipping stops the explosion; it does nothing for the
# other half of the problem, gradients from early steps that *vanish* on
# their way back through 50 steps.

# %% [markdown]
# ## Step 5: an LSTM
#
# An LSTM keeps a cell state that is updated additively through gates, so
# the gradient can travel back through many steps without being multiplied
# by $W_{hh}$ each time ([Hochreiter & Schmidhuber, 1997](../review/references.md#hochreiter1997)).
# Clipping stays on. The LSTM is trained with Adam
# ([Kingma & Ba, 2015](../review/references.md#kingma2015)) at learning
# rate 0.01, ten times Adam's usual default of 0.001 (the default of Keras
# and of Kingma and Ba), a setting chosen for this short run; this notebook
# does not try plain SGD on the LSTM. For a fair comparison the clipped
# `SimpleRNN` is trained the same way.

# %%
runs["SimpleRNN, Adam + clipping"] = train(
    make_model(simple_rnn("orthogonal")),
    keras.optimizers.Adam(0.01, global_clipnorm=1.0),
)
runs["LSTM, Adam + clipping"] = train(
    make_model(lambda: keras.layers.LSTM(UNITS)),
    keras.optimizers.Adam(0.01, global_clipnorm=1.0),
)
print(f"{'run':<27} {HEADER}")
for name in ["SimpleRNN, Adam + clipping", "LSTM, Adam + clipping"]:
    print(f"{name:<27} {summary(runs[name])}")

# %% [markdown]
# The LSTM solves the task: its validation loss is 0.0020, against 0.166 for
# predicting the mean. The `SimpleRNN` with the same optimizer and clipping
# learns part of it, to 0.0788, and its gradient norm before clipping still
# spikes to 3.44e+03.

# %% [markdown]
# ## Compare the runs

# %% alt="Two log-scale panels over 512 training steps, one line per run; values above the top of a panel are drawn on its edge. Left, the training loss, with a dashed line at 1/6, the loss of predicting the mean: the N(0, 4/32) run starts near 10^14 and stops at step 1 with an x, where the loss is no longer finite; the orthogonal run shoots off the top within five steps; orthogonal + clipping stays near the dashed line; the SimpleRNN with Adam falls somewhat below it; the LSTM falls below 0.01 in the second half. Right, the gradient norm before clipping: near 10^15 for N(0, 4/32), off the top before the orthogonal run fails, and between about 0.01 and a few thousand for the clipped runs; a dotted line marks the threshold 1."
TOP = {"loss": 1e15, "norm": 1e17}  # larger values and inf/NaN: on the edge


def capped(values, top):
    return [v if v < top else top for v in values]


fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), sharex=True)
for name, run in runs.items():
    marker = "." if len(run["loss"]) < 20 else None
    for ax, key in zip(axes, ["loss", "norm"]):
        ax.semilogy(capped(run[key], TOP[key]), marker=marker, label=name)
    if not math.isfinite(run["loss"][-1]):  # mark where the loss overflowed
        axes[0].plot(len(run["loss"]) - 1, TOP["loss"], "x", color="#e03131")
axes[0].set(
    xlabel="step", title="training loss (x: not finite)", ylim=(1e-4, 3e15)
)
axes[1].set(
    xlabel="step", title="gradient norm before clipping", ylim=(1e-2, 3e17)
)
axes[0].axhline(1 / 6, color="#808080", linestyle="--")
axes[1].axhline(1.0, color="#808080", linestyle=":")
axes[1].legend(fontsize=8)
plt.tight_layout()
plt.show()

print(f"{'run':<27} {HEADER}")
for name, run in runs.items():
    print(f"{name:<27} {summary(run)}")

# %% [markdown]
# ## What to take away
#
# - A recurrent matrix that stretches the state makes the state and the
#   gradient through time grow geometrically with the sequence length. The
#   rate is set by how much each step stretches (singular values, and
#   ReLU's factor 1/2 in the mean square), not by the spectral radius:
#   radius 2.11 gave about 1.5 per step, and radius 1 (orthogonal) made the
#   gradient vanish.
# - Measure first: the tape's gradients give the global and per-variable
#   norms, the gradient with respect to the inputs shows the growth through
#   time, and `enable_check_numerics` names the first operation that
#   produced Inf or NaN.
# - An orthogonal initialization fixes the start, `global_clipnorm` bounds
#   every update, and a gated cell (LSTM, GRU) is what lets the gradient
#   carry information across long sequences.
#
# The theory behind each step: [the math](../basics/math.md#an-rnn-through-time),
# [detecting](../basics/detecting.md),
# [orthogonal initialization](../remedies/initialization.md#orthogonal-initialization-for-recurrent-networks),
# [clipping](../remedies/clipping.md) and
# [gating](../remedies/architecture.md#gating-lstm-and-gru).
