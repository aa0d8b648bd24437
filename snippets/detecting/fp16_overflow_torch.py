"""Mixed precision as a cause: activations above 65504 are Inf in float16."""

import math

import torch
from torch import nn

for dtype in (torch.float16, torch.bfloat16, torch.float32):
    info = torch.finfo(dtype)
    print(f"{str(dtype)[6:]:8s}  largest {info.max:9.6g}  eps {info.eps:.3g}")
for value in (60000.0, 70000.0, 1.001):
    cast = {
        name: torch.tensor(value).to(getattr(torch, name)).item()
        for name in ("float16", "bfloat16")
    }
    print(
        f"{value:g} becomes {cast['float16']:g} in float16,"
        f" {cast['bfloat16']:g} in bfloat16"
    )

# A ReLU network whose weights are 1.5 times too large (std 1.5 * He), so
# each layer multiplies the activations by about 1.5: they grow in forward.
torch.manual_seed(0)
width, depth = 64, 30
layers = []
for _ in range(depth):
    fc = nn.Linear(width, width, bias=False)
    nn.init.normal_(fc.weight, std=1.5 * math.sqrt(2 / width))
    layers.append(fc)
x = torch.randn(32, width)


def largest_activations(dtype):
    """max |a_l| after each layer, run under autocast to `dtype`."""
    out, h = [], x
    with torch.autocast("cpu", dtype=dtype, enabled=dtype != torch.float32):
        for fc in layers:
            h = torch.relu(fc(h))
            out.append(h.abs().max().float().item())
    return out


f32 = largest_activations(torch.float32)
f16 = largest_activations(torch.float16)
bf16 = largest_activations(torch.bfloat16)
first_inf = next(i for i, v in enumerate(f16) if not math.isfinite(v))
print(
    f"largest activation per layer; float16 autocast first Inf at layer"
    f" {first_inf + 1}"
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
