"""Softmax over a row whose every position is masked gives NaN."""

import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
scores = tf.Variable(rng.standard_normal((3, 4)), dtype=tf.float32)
values = tf.Variable(rng.standard_normal((4, 2)), dtype=tf.float32)
# True = may attend. Row 2 is all padding: nothing may be attended.
mask = tf.constant(
    [
        [True, True, True, False],
        [True, True, False, False],
        [False, False, False, False],
    ]
)
big_negative = tf.float32.min  # -3.4e38


def attend(method):
    """Masked softmax attention; returns row 2 of the weights and the loss."""
    with tf.GradientTape() as tape:
        if method == "-inf fill":  # the usual way
            filled = tf.where(mask, scores, float("-inf"))
            weights = tf.nn.softmax(filled, axis=-1)
        elif method == "finite fill":  # a large finite negative instead
            weights = tf.nn.softmax(tf.where(mask, scores, big_negative), -1)
        else:  # "where": finite fill, then zero the rows with no position
            weights = tf.nn.softmax(tf.where(mask, scores, big_negative), -1)
            has_any = tf.reduce_any(mask, axis=-1, keepdims=True)
            weights = tf.where(has_any, weights, 0.0)
        loss = tf.reduce_sum(tf.square(weights @ values))
    grads = tape.gradient(loss, [scores, values])
    grads_finite = all(
        bool(tf.reduce_all(tf.math.is_finite(g))) for g in grads
    )
    row = [round(w, 4) for w in weights[2].numpy().tolist()]
    print(
        f"{method:11s}  row 2 weights {row}  loss {float(loss):.4g}"
        f"  gradients finite: {grads_finite}"
    )
    return row, float(loss), grads_finite


results = {m: attend(m) for m in ("-inf fill", "finite fill", "where")}
