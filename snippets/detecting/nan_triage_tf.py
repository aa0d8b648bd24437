"""Find the operation that made a NaN with tf.debugging check numerics."""

import traceback
from pathlib import Path

import tensorflow as tf

# A model's outputs (logits) and labels. The last logit is correct but huge,
# as an exploding network makes them.
logits = tf.Variable([2.0, -1.0, -200.0])
labels = tf.constant([1.0, 0.0, 0.0])


def bce(logits, labels):
    """Binary cross-entropy written by hand: it breaks when p is 0 or 1."""
    p = tf.sigmoid(logits)  # sigmoid(-200) is 0.0 in float32
    log_p = tf.math.log(p)  # log(0) = -inf, and label 0 * -inf = NaN
    log_not_p = tf.math.log(1 - p)
    return -tf.reduce_mean(labels * log_p + (1 - labels) * log_not_p)


with tf.GradientTape() as tape:
    loss = bce(logits, labels)
grad = tape.gradient(loss, logits)
print("loss:", float(loss))
print("gradient:", [round(g, 4) for g in grad.numpy().tolist()])

tf.debugging.enable_check_numerics()  # every op now checks its outputs
try:
    with tf.GradientTape() as tape:
        loss = bce(logits, labels)
    grad = tape.gradient(loss, logits)
except tf.errors.InvalidArgumentError as err:
    check_error = err
finally:
    tf.debugging.disable_check_numerics()

# Print the part of the message that names the op and the bad values, then
# the line of this file that ran the op.
lines = check_error.message.splitlines()
start = next(i for i, line in enumerate(lines) if "!!!" in line)
print("InvalidArgumentError:")
for line in lines[start:]:
    if line.strip() and not line.strip().startswith(":"):
        print(" ", line.strip())
this_file = Path(__file__).name
frame = [
    f
    for f in traceback.extract_tb(check_error.__traceback__)
    if Path(f.filename).name == this_file
][-1]
print(f"raised at line {frame.lineno}, in {frame.name}: {frame.line}")

# The fix: a loss that takes logits and never computes log(0).
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    )
grad = tape.gradient(loss, logits)
print(f"fixed loss: {float(loss):.4g}")
print("fixed gradient:", [round(g, 4) for g in grad.numpy().tolist()])
