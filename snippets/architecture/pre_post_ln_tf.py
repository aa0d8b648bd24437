"""Post-LN vs Pre-LN residual stacks at initialization: the gradient of
the last block's weights as the number of blocks L grows."""

import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

d, n = 32, 32  # features, tokens
depths = (3, 6, 12, 24, 48)
rng = np.random.default_rng(0)
x = tf.constant(rng.standard_normal((n, d)), tf.float32)
# loss: a fixed random linear function of the output
r = tf.constant(rng.standard_normal((n, d)), tf.float32)
# LayerNorm at initialization (gain 1, bias 0); it has no weights here.
layer_norm = keras.layers.LayerNormalization(center=False, scale=False)


class MLP:  # the sublayer F: W_2 relu(W_1 h), 4x wider inside
    def __init__(self):
        self.inner = keras.layers.Dense(
            4 * d,
            activation="relu",
            use_bias=False,
            kernel_initializer=keras.initializers.RandomNormal(
                stddev=math.sqrt(2 / d)  # He
            ),
        )
        self.outer = keras.layers.Dense(
            d,
            use_bias=False,
            kernel_initializer=keras.initializers.RandomNormal(
                stddev=math.sqrt(1 / (4 * d))  # LeCun
            ),
        )

    def __call__(self, h):
        return self.outer(self.inner(h))


def last_block_grad(L, pre_ln):
    keras.utils.set_random_seed(1)  # the same weights in both arrangements
    blocks = [MLP() for _ in range(L)]
    with tf.GradientTape() as tape:
        h = x
        for F in blocks:
            if pre_ln:  # x_{l+1} = x_l + F(LN(x_l))
                h = h + F(layer_norm(h))
            else:  # x_{l+1} = LN(x_l + F(x_l))
                h = layer_norm(h + F(h))
        stream_rms = float(tf.sqrt(tf.reduce_mean(h**2)))
        if pre_ln:
            h = layer_norm(h)  # Pre-LN ends with a final LayerNorm
        loss = tf.reduce_sum(h * r) / n
    grad = tape.gradient(loss, blocks[-1].outer.kernel)
    return float(tf.norm(grad)), stream_rms


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
