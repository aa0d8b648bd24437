"""Softmax cross-entropy ignores the level of the logits; z-loss pins it.

A linear softmax classifier (16 classes, float64) trained with Adam, full
batch. log Z = logsumexp(logits) is the softmax normalizer. PaLM's z-loss
adds 1e-4 * (log Z)^2 to the loss (Chowdhery et al. 2022).
"""

import keras
import tensorflow as tf

n, d, classes, steps = 1024, 8, 16, 4000
x = tf.random.stateless_normal((n, d), seed=(0, 0), dtype="float64")
teacher = tf.random.stateless_normal(
    (d, classes), seed=(1, 0), dtype="float64"
)
# labels drawn from softmax(x @ teacher), by the Gumbel-max trick
u = tf.random.stateless_uniform((n, classes), seed=(2, 0), dtype="float64")
y = tf.argmax(x @ teacher - tf.math.log(-tf.math.log(u)), axis=1)
cross_entropy = keras.losses.SparseCategoricalCrossentropy(
    from_logits=True, dtype="float64"
)

# Adding a constant to every logit changes no probability, so not the loss:
z = x @ teacher
same = float(cross_entropy(y, z)), float(cross_entropy(y, z + 100.0))
print(f"cross-entropy of z: {same[0]:.6f}, of z + 100: {same[1]:.6f}")


def train(z_coef=0.0, offset=0.0):
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [
            keras.Input((d,), dtype="float64"),
            keras.layers.Dense(classes, dtype="float64"),
        ]
    )
    model.layers[0].bias.assign_add(
        tf.fill([classes], tf.constant(offset, "float64"))
    )
    opt = keras.optimizers.Adam(0.05, epsilon=1e-8)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            logits = model(x)
            log_z = tf.reduce_logsumexp(logits, axis=-1)  # one per example
            ce = cross_entropy(y, logits)
            loss = ce + z_coef * tf.reduce_mean(log_z**2)  # the z-loss term
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        return tf.reduce_mean(log_z), ce

    log_z_history = []
    for i in range(steps + 1):
        log_z, ce = step()  # log Z and loss before this update
        if i % 1000 == 0:
            log_z_history.append(float(log_z))
    return log_z_history, float(ce)


runs = {
    "cross-entropy only": train(),
    "same, logits start 10 higher": train(offset=10.0),
    "cross-entropy + 1e-4 z-loss": train(z_coef=1e-4),
}
print(
    "mean log Z at steps "
    + ", ".join(str(s) for s in range(0, steps + 1, 1000))
)
for name, (log_z, ce) in runs.items():
    values = " ".join(f"{v:6.2f}" for v in log_z)
    print(f"{name:29s} {values}   final cross-entropy {ce:.4f}")
