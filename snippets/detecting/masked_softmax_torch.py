"""Softmax over a row whose every position is masked gives NaN."""

import torch

torch.manual_seed(0)
scores = torch.randn(3, 4, requires_grad=True)  # attention scores
values = torch.randn(4, 2, requires_grad=True)  # what each position holds
# True = may attend. Row 2 is all padding: nothing may be attended.
mask = torch.tensor(
    [
        [True, True, True, False],
        [True, True, False, False],
        [False, False, False, False],
    ]
)
big_negative = torch.finfo(scores.dtype).min  # -3.4e38 in float32


def attend(method):
    """Masked softmax attention; returns row 2 of the weights and the loss."""
    scores.grad = values.grad = None
    if method == "-inf fill":  # the usual way
        weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), -1)
    elif method == "finite fill":  # a large finite negative instead
        weights = torch.softmax(scores.masked_fill(~mask, big_negative), -1)
    else:  # "where": finite fill, then zero the rows with no position
        weights = torch.softmax(scores.masked_fill(~mask, big_negative), -1)
        weights = torch.where(mask.any(-1, keepdim=True), weights, 0.0)
    loss = (weights @ values).square().sum()
    loss.backward()
    grads_finite = bool(
        torch.isfinite(scores.grad).all() and torch.isfinite(values.grad).all()
    )
    row = [round(w, 4) for w in weights[2].tolist()]
    print(
        f"{method:11s}  row 2 weights {row}  loss {loss.item():.4g}"
        f"  gradients finite: {grads_finite}"
    )
    return row, loss.item(), grads_finite


results = {m: attend(m) for m in ("-inf fill", "finite fill", "where")}
