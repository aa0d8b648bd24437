"""Activation and gradient std through 50 layers, per initialization.

Computed in float64, so that the numbers are the same on every CPU: in float32
the rounding errors of 50 layers show in the digits printed here.
"""

import math

import keras
import matplotlib.pyplot as plt
import tensorflow as tf

DEPTH, WIDTH, BATCH = 50, 512, 64
INITS = {
    "N(0, 0.1²)": keras.initializers.RandomNormal,  # stddev is set below
    "Xavier": keras.initializers.GlorotNormal,
    "He": keras.initializers.HeNormal,
}
ACTIVATIONS = {"ReLU": tf.nn.relu, "tanh": tf.tanh}


def layer_stats(init_class, activation):
    """Std of each layer's output h_l and of dL/dh_l, l = 1..DEPTH."""
    # A SeedGenerator gives new weights at every call (an integer seed
    # would give every layer the same matrix).
    seed = keras.random.SeedGenerator(0)
    if init_class is keras.initializers.RandomNormal:
        init = init_class(stddev=0.1, seed=seed)
    else:
        init = init_class(seed=seed)
    x = tf.random.stateless_normal(
        (BATCH, WIDTH), seed=(0, 0), dtype="float64"
    )
    upstream = tf.random.stateless_normal(
        (BATCH, WIDTH), seed=(1, 0), dtype="float64"
    )
    with tf.GradientTape() as tape:
        tape.watch(x)
        h, hs = x, []
        for _ in range(DEPTH):
            w = init((WIDTH, WIDTH), dtype="float64")  # (inputs, units)
            h = activation(h @ w)  # no bias: h_l = f(W_l h_{l-1})
            hs.append(h)
    # dL/dh_l for every layer, with a random dL/dh_50 (upstream)
    grads = tape.gradient(h, hs, output_gradients=upstream)
    act = [float(tf.math.reduce_std(t)) for t in hs]
    grad = [float(tf.math.reduce_std(g)) for g in grads]
    return act, grad


stats = {}
for init_name, init_class in INITS.items():
    for act_name, activation in ACTIVATIONS.items():
        stats[f"{init_name} + {act_name}"] = layer_stats(
            init_class, activation
        )

print(f"std per layer ({DEPTH} layers of width {WIDTH})")
print(f"{'':22s}{'layer 1':>10s}{'10':>10s}{'25':>10s}{'50':>10s}")
for name, (act, grad) in stats.items():
    for kind, values in [("act", act), ("grad", grad)]:
        cells = "".join(f"{values[i - 1]:10.3g}" for i in (1, 10, 25, 50))
        print(f"{name:17s}{kind:>5s}{cells}")
he_act = stats["He + ReLU"][0]
print(
    f"He + ReLU: activation std between {min(he_act):.3g} and "
    f"{max(he_act):.3g} over all {DEPTH} layers "
    f"(ratio {max(he_act) / min(he_act):.2f})"
)

fig, (ax_act, ax_grad) = plt.subplots(
    1, 2, figsize=(9, 4), layout="constrained", sharex=True
)
layers = range(1, DEPTH + 1)


def loggable(values):  # a log axis cannot show inf, nan or 0: leave gaps
    return [v if math.isfinite(v) and v > 0 else math.nan for v in values]


for name, (act, grad) in stats.items():
    init_name, act_name = name.split(" + ")
    style = {
        "color": f"C{list(INITS).index(init_name)}",  # colour: init
        "linestyle": "-" if act_name == "ReLU" else "--",  # line: f
    }
    ax_act.plot(layers, loggable(act), label=name, **style)
    ax_grad.plot(layers, loggable(grad), **style)
ax_act.set(
    yscale="log",
    xlabel="layer l",
    ylabel=r"std of activations $h_l$",
    title="forward pass",
)
ax_grad.set(
    yscale="log",
    xlabel="layer l",
    ylabel=r"std of gradient $\partial L / \partial h_l$",
    title="backward pass (from layer 50 down)",
)
fig.legend(loc="outside lower center", ncol=3)
plt.show()
