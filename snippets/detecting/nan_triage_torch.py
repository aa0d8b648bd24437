"""Find the operation that made a NaN with torch.autograd.detect_anomaly."""

import re
import warnings
from pathlib import Path

import torch
from torch import nn

# A model's outputs (logits) and labels. The last logit is correct but huge,
# as an exploding network makes them.
logits = torch.tensor([2.0, -1.0, -200.0], requires_grad=True)
labels = torch.tensor([1.0, 0.0, 0.0])


def bce(logits, labels):
    """Binary cross-entropy written by hand: it breaks when p is 0 or 1."""
    p = torch.sigmoid(logits)  # sigmoid(-200) is 0.0 in float32
    log_p = torch.log(p)  # log(0) = -inf, and label 0 * -inf = NaN
    log_not_p = torch.log(1 - p)
    return -(labels * log_p + (1 - labels) * log_not_p).mean()


loss = bce(logits, labels)
loss.backward()
print("loss:", loss.item())
print("logits.grad:", [round(g, 4) for g in logits.grad.tolist()])

logits.grad = None
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        with torch.autograd.detect_anomaly():  # slow: for debugging only
            loss = bce(logits, labels)
            loss.backward()
    except RuntimeError as err:
        anomaly_error = err
        print("RuntimeError:", err)

# detect_anomaly also warns, with the traceback of the forward call. Print
# the frames from this file, without the directory, to keep it short.
this_file = Path(__file__).name
for warning in caught:
    lines = str(warning.message).splitlines()
    if lines[0].startswith("Error detected"):
        print(lines[0])
        for line, code in zip(lines, lines[1:]):
            frame = re.match(r'\s*File "(.+)", line (\d+), in (.+)', line)
            if frame and Path(frame[1]).name == this_file:
                print(f"  line {frame[2]}, in {frame[3]}: {code.strip()}")

# The fix: a loss that takes logits and never computes log(0).
logits.grad = None
loss = nn.functional.binary_cross_entropy_with_logits(logits, labels)
loss.backward()
print(f"fixed loss: {loss.item():.4g}")
print("fixed logits.grad:", [round(g, 4) for g in logits.grad.tolist()])
