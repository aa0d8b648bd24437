"""MirroredStrategy on 2 CPU devices: Keras's global_clipnorm clips each
replica's share of the gradient; all-reduce first to clip the total."""

import keras
import numpy as np
import tensorflow as tf

# Split the CPU into 2 logical devices, before TensorFlow first uses it.
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(
    cpu, [tf.config.LogicalDeviceConfiguration()] * 2
)
strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])

rng = np.random.default_rng(0)
X = rng.standard_normal((32, 8)).astype("float32")
y = 3 * rng.standard_normal((32, 1)).astype("float32")
shards = [(X[:16], y[:16]), (X[16:], y[16:])]  # one per replica
lr, clipnorm = 0.1, 1.0


def make_model():
    keras.utils.set_random_seed(0)  # the same initial weights every time
    return keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(16, activation="tanh"),
            keras.layers.Dense(1),
        ]
    )


def flat(tensors):
    return np.concatenate([np.ravel(t) for t in tensors])


# Reference: one device, all 32 examples.
reference = make_model()
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(tf.square(reference(X) - y))
full_norm = float(
    tf.linalg.global_norm(tape.gradient(loss, reference.weights))
)
print(f"one device, all 32 examples: gradient norm {full_norm:.4f}")

# 1. model.fit with global_clipnorm: each replica clips its own share.
with strategy.scope():
    model = make_model()
    model.compile(
        optimizer=keras.optimizers.SGD(lr, global_clipnorm=clipnorm),
        loss="mse",
    )
start = flat(model.get_weights())
model.fit(X, y, batch_size=32, epochs=1, shuffle=False, verbose=0)
fit_update = float(np.linalg.norm(flat(model.get_weights()) - start))
print(f"model.fit: update norm {fit_update:.4f} (lr * clipnorm = {lr})")

# 2. Custom step: all-reduce the gradients, then clip, then apply.
with strategy.scope():
    model = make_model()
    optimizer = keras.optimizers.SGD(learning_rate=lr)  # no clip argument
data = strategy.experimental_distribute_values_from_function(
    lambda ctx: shards[ctx.replica_id_in_sync_group]
)


def replica_gradients(batch):
    xb, yb = batch
    with tf.GradientTape() as tape:
        per_example = tf.square(model(xb) - yb)
        loss = tf.nn.compute_average_loss(per_example, global_batch_size=32)
    return tape.gradient(loss, model.trainable_variables)


@tf.function
def train_step(data):
    per_replica = strategy.run(replica_gradients, args=(data,))
    grads = strategy.reduce("SUM", per_replica, axis=None)  # all-reduce
    grads, norm = tf.clip_by_global_norm(grads, clipnorm)  # then clip
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return per_replica, norm


start = flat(model.get_weights())
per_replica, norm = train_step(data)
# shares[r]: replica r's gradients, already divided by the 2 replicas.
local = [strategy.experimental_local_results(g) for g in per_replica]
shares = [flat(grads) for grads in zip(*local)]
for r, share in enumerate(shares):
    print(f"replica {r}: norm of its share {np.linalg.norm(share):.4f}")
clipped = [g * min(1.0, clipnorm / np.linalg.norm(g)) for g in shares]
predicted = float(lr * np.linalg.norm(sum(clipped)))
print(f"clip each share, then add: update norm {predicted:.4f}")
step_norm = float(norm)
step_update = float(np.linalg.norm(flat(model.get_weights()) - start))
print(f"reduce, then clip: norm {step_norm:.4f}, update {step_update:.4f}")
copies = [strategy.experimental_local_results(v.value) for v in model.weights]
identical = all(np.array_equal(a, b) for a, b in copies)
print(f"both replicas hold the same weights: {identical}")
