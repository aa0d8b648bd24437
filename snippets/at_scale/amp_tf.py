"""Mixed precision in Keras: the optimizer unscales, then clips."""

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
X = rng.standard_normal((64, 32)).astype("float32")
y = rng.standard_normal((64, 1)).astype("float32")
# "mixed_float16": compute in float16, keep the weights in float32. Setting
# keras.mixed_precision.set_dtype_policy("mixed_float16") does it globally.
model = keras.Sequential(
    [
        keras.Input((32,)),
        keras.layers.Dense(64, activation="relu", dtype="mixed_float16"),
        keras.layers.Dense(1, dtype="mixed_float16"),
    ]
)
lr, clipnorm = 0.01, 1.0


def train_step(optimizer):
    """One step; returns the scaled gradient norm and the update's norm."""
    with tf.GradientTape() as tape:
        pred = tf.cast(model(X), "float32")
        loss = tf.reduce_mean(tf.square(pred - y))
        scaled = optimizer.scale_loss(loss)  # loss * scale
    grads = tape.gradient(scaled, model.trainable_variables)
    before = [v.numpy() for v in model.trainable_variables]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    change = [v.numpy() - b for v, b in zip(model.trainable_variables, before)]
    update = np.sqrt(sum(np.sum(d**2) for d in change))
    return float(tf.linalg.global_norm(grads)), float(update)


# 1. Dynamic loss scaling, as model.fit does under "mixed_float16".
inner = keras.optimizers.SGD(learning_rate=lr, global_clipnorm=clipnorm)
optimizer = keras.optimizers.LossScaleOptimizer(inner, initial_scale=2**17)
optimizer.build(model.trainable_variables)  # creates optimizer.dynamic_scale
log = []
for step in range(5):
    scale = float(optimizer.dynamic_scale)
    norm_scaled, update = train_step(optimizer)  # skips if not finite
    log.append((scale, norm_scaled, update))
    print(
        f"step {step}: scale {scale:6.0f}  scaled norm {norm_scaled:9.4g}"
        f"  true norm {norm_scaled / scale:5.4g}  update {update:.4g}"
    )

# 2. A fixed scale: the loss_scale_factor argument of any optimizer.
fixed = keras.optimizers.SGD(
    learning_rate=lr, global_clipnorm=clipnorm, loss_scale_factor=1024.0
)
fixed_norm, fixed_update = train_step(fixed)
print(
    f"loss_scale_factor 1024: scaled norm {fixed_norm:.4g}"
    f"  true norm {fixed_norm / 1024:.4g}  update {fixed_update:.4g}"
)
print(f"lr * global_clipnorm = {lr * clipnorm:.4g}")
