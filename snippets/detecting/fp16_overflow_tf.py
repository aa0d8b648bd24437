"""Mixed precision as a cause: activations above 65504 are Inf in float16."""

import math

import keras
import numpy as np
import tensorflow as tf

for dtype in (tf.float16, tf.bfloat16, tf.float32):
    print(f"{dtype.name:8s}  largest {dtype.max:9.6g}")
for value in (60000.0, 70000.0, 1.001):
    f16, bf16 = (float(tf.cast(value, d)) for d in (tf.float16, tf.bfloat16))
    print(f"{value:g} becomes {f16:g} in float16, {bf16:g} in bfloat16")

# A ReLU network whose weights are 1.5 times too large (std 1.5 * He), so
# each layer multiplies the activations by about 1.5: they grow in forward.
width, depth = 64, 32
x = np.random.default_rng(0).standard_normal((32, width)).astype("float32")


def largest_activations(policy):
    """max |a_l| after each layer, with Keras's dtype policy `policy`."""
    keras.utils.set_random_seed(0)  # the same weights for every policy
    init = keras.initializers.RandomNormal(stddev=1.5 * math.sqrt(2 / width))
    out, h = [], x
    for _ in range(depth):
        layer = keras.layers.Dense(
            width,
            "relu",
            use_bias=False,
            kernel_initializer=init,
            dtype=policy,
        )
        h = layer(h)  # computed in float16 under "mixed_float16"
        out.append(float(tf.reduce_max(tf.abs(tf.cast(h, tf.float32)))))
    return out


f32 = largest_activations("float32")
f16 = largest_activations("mixed_float16")
bf16 = largest_activations("mixed_bfloat16")
first_inf = next(i for i, v in enumerate(f16) if not math.isfinite(v))
print(
    "largest activation per layer; mixed_float16 first Inf at layer",
    first_inf + 1,
)


def word(v):
    return "finite" if math.isfinite(v) else str(v)


print(f"{'layer':>5s} {'float32':>9s}  {'float16':8s} bfloat16")
for i in range(first_inf - 2, first_inf + 2):
    print(f"{i + 1:5d} {f32[i]:9.3g}  {word(f16[i]):8s} {word(bf16[i])}")
# bfloat16 is rounded (by about 1 % to 10 % here, depending on how the CPU's
# kernels accumulate), but it never overflows.
bf16_error = max(abs(b / f - 1) for b, f in zip(bf16, f32))
bf16_finite = all(math.isfinite(v) for v in bf16)
print(f"bfloat16: finite at all {depth} layers:", bf16_finite)
