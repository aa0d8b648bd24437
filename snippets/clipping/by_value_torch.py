"""Clipping by value turns the gradient; clipping by norm keeps its angle."""

import math

import torch


def show(label, g):
    angle = math.degrees(
        math.atan2(g[1], g[0])
    )  # direction, from the first axis
    values = [round(v, 4) for v in g.tolist()]
    print(f"{label:9s} {values}  norm {g.norm():.2f}  angle {angle:.1f} deg")
    return angle


w = torch.nn.Parameter(torch.zeros(2))

w.grad = torch.tensor([3.0, 4.0])
angle_before = show("original", w.grad)

torch.nn.utils.clip_grad_value_(
    [w], clip_value=1.0
)  # each element into [-1, 1]
by_value = w.grad.clone()
angle_by_value = show("by value", by_value)

w.grad = torch.tensor([3.0, 4.0])
torch.nn.utils.clip_grad_norm_([w], max_norm=1.0)  # the whole vector to norm 1
by_norm = w.grad.clone()
angle_by_norm = show("by norm", by_norm)
