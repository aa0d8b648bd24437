"""Attention logits grow with the scale of W_q, W_k; QK-LayerNorm bounds them.

One attention head in float64: n tokens, queries q = x W_q, keys k = x W_k,
logits q.k / sqrt(d). The weights are multiplied by a scale s, as if
training had grown them.
"""

import math

import keras
import tensorflow as tf

n, d_model, d = 16, 64, 64  # tokens, model width, head width


def normal(shape, seed):
    return tf.random.stateless_normal(shape, seed=(seed, 0), dtype="float64")


x = normal((n, d_model), 0)
w_q = normal((d_model, d), 1) / math.sqrt(d_model)
w_k = normal((d_model, d), 2) / math.sqrt(d_model)
# QK-LayerNorm: normalize each query and key over its d features
layer_norm = keras.layers.LayerNormalization(
    epsilon=1e-5, center=False, scale=False, dtype="float64"
)


def attention_stats(q, k):
    logits = tf.matmul(q, k, transpose_b=True) / math.sqrt(d)
    weights = tf.nn.softmax(logits, axis=-1)
    entropy = -tf.reduce_sum(weights * tf.nn.log_softmax(logits), axis=-1)
    return (
        float(tf.reduce_max(tf.abs(logits))),  # the largest logit
        float(tf.reduce_mean(entropy)),  # nats; log(n) for uniform attention
        float(tf.reduce_mean(tf.reduce_max(weights, -1))),  # 1 for one-hot
    )


scales = [1, 2, 4, 8]
plain, qk_norm = {}, {}
for s in scales:
    q, k = x @ (s * w_q), x @ (s * w_k)
    plain[s] = attention_stats(q, k)
    qk_norm[s] = attention_stats(layer_norm(q), layer_norm(k))

print(
    f"n = {n} tokens: uniform attention has entropy log(n) = {math.log(n):.3g}"
)
print(f"with LayerNorm on q and k, |logit| <= sqrt(d) = {math.sqrt(d):.3g}")
print(" s | max |logit|  entropy  max weight | same with QK-LayerNorm")
for s in scales:
    (a, b, c), (e, f, g) = plain[s], qk_norm[s]
    print(
        f"{s:2d} | {a:11.3g} {b:8.3g} {c:11.3g} | {e:7.3g} {f:8.3g} {g:7.3g}"
    )
