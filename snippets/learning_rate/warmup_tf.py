"""Linear warm-up for 10 steps, then cosine decay, with Keras CosineDecay."""

import keras
import matplotlib.pyplot as plt

peak_lr, final_lr = 1e-3, 1e-5
warmup_steps, total_steps = 10, 100

schedule = keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=0.01 * peak_lr,  # where the warm-up starts
    decay_steps=total_steps - warmup_steps,
    alpha=final_lr / peak_lr,  # the decay ends at alpha * warmup_target
    warmup_target=peak_lr,
    warmup_steps=warmup_steps,
)
optimizer = keras.optimizers.AdamW(learning_rate=schedule)

weight = keras.Variable([0.0])  # stands in for a model
lrs = []
for _ in range(total_steps + 1):
    lrs.append(float(optimizer.learning_rate))  # the lr this step uses
    grad = keras.ops.ones(1)  # a training step would go here
    optimizer.apply_gradients([(grad, weight)])

for step in [0, 1, warmup_steps, 55, total_steps]:
    print(f"step {step:3d}: lr = {lrs[step]:.3g}")

fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.plot(lrs)
ax.axvline(warmup_steps, linestyle=":", color="gray", label="end of warm-up")
ax.set(xlabel="step", ylabel="learning rate")
ax.legend()
plt.show()
