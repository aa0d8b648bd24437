"""Clipping by value turns the gradient; clipping by norm keeps its angle."""

import math

import tensorflow as tf


def show(label, g):
    angle = math.degrees(
        math.atan2(float(g[1]), float(g[0]))
    )  # direction, from the first axis
    values = [round(v, 4) for v in g.numpy().tolist()]
    print(f"{label:9s} {values}  norm {tf.norm(g):.2f}  angle {angle:.1f} deg")
    return angle


grad = tf.constant([3.0, 4.0])
angle_before = show("original", grad)

by_value = tf.clip_by_value(grad, -1.0, 1.0)  # each element into [-1, 1]
angle_by_value = show("by value", by_value)

by_norm = tf.clip_by_norm(grad, 1.0)  # the whole tensor to norm 1
angle_by_norm = show("by norm", by_norm)
