"""Attention logits grow with the scale of W_q, W_k; QK-LayerNorm bounds them.

One attention head in float64: n tokens, queries q = x W_q, keys k = x W_k,
logits q.k / sqrt(d). The weights are multiplied by a scale s, as if
training had grown them.
"""

import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
n, d_model, d = 16, 64, 64  # tokens, model width, head width
x = torch.randn(n, d_model, dtype=torch.float64)
w_q = torch.randn(d_model, d, dtype=torch.float64) / math.sqrt(d_model)
w_k = torch.randn(d_model, d, dtype=torch.float64) / math.sqrt(d_model)


def attention_stats(q, k):
    logits = q @ k.T / math.sqrt(d)
    weights = torch.softmax(logits, dim=-1)
    entropy = -(weights * torch.log_softmax(logits, dim=-1)).sum(-1)
    return (
        logits.abs().max().item(),  # the largest logit
        entropy.mean().item(),  # nats; log(n) for uniform attention
        weights.max(-1).values.mean().item(),  # 1 for one-hot rows
    )


scales = [1, 2, 4, 8]
plain, qk_norm = {}, {}
for s in scales:
    q, k = x @ (s * w_q), x @ (s * w_k)
    plain[s] = attention_stats(q, k)
    # QK-LayerNorm: normalize each query and key over its d features
    qk_norm[s] = attention_stats(F.layer_norm(q, (d,)), F.layer_norm(k, (d,)))

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
