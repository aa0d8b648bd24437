"""Derivatives of six activations: GradientTape against the closed forms."""

import math

import keras
import matplotlib.pyplot as plt
import tensorflow as tf

ALPHA_LEAKY = 0.1  # negative slope of Leaky ReLU (Keras default: 0.2)
ALPHA_ELU = 1.0

z = tf.linspace(-5.0, 5.0, 1001)  # step 0.01, contains z = 0


def phi(x):  # standard normal density
    return tf.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def Phi(x):  # standard normal cumulative distribution function
    return 0.5 * (1 + tf.math.erf(x / math.sqrt(2)))


def sigmoid_prime(x):
    return tf.sigmoid(x) * (1 - tf.sigmoid(x))


activations = {  # name: (function, closed-form derivative, line style)
    "ReLU": (
        keras.activations.relu,
        lambda x: tf.cast(x > 0, tf.float32),
        "-",
    ),
    "Leaky ReLU": (
        lambda x: keras.activations.leaky_relu(x, negative_slope=ALPHA_LEAKY),
        lambda x: tf.where(x > 0, 1.0, ALPHA_LEAKY),
        "--",
    ),
    "ELU": (
        lambda x: keras.activations.elu(x, alpha=ALPHA_ELU),
        lambda x: tf.where(x > 0, 1.0, ALPHA_ELU * tf.exp(x)),
        "-.",
    ),
    "GELU": (
        lambda x: keras.activations.gelu(x, approximate=False),
        lambda x: Phi(x) + x * phi(x),
        "-",
    ),
    "sigmoid": (keras.activations.sigmoid, sigmoid_prime, "-"),
    "tanh": (keras.activations.tanh, lambda x: 1 - tf.tanh(x) ** 2, ":"),
}

derivatives, errors = {}, {}
for name, (f, closed_form, _) in activations.items():
    with tf.GradientTape() as tape:
        tape.watch(z)
        y = f(z)
    d = tape.gradient(y, z)  # f acts elementwise, so d[i] = f'(z[i])
    derivatives[name] = d.numpy()
    errors[name] = float(tf.reduce_max(tf.abs(d - closed_form(z))))

print("activation   max f'(z)   autograd = formula (to 1e-6)")
for name, d in derivatives.items():
    agrees = "yes" if errors[name] < 1e-6 else "NO"
    print(f"{name:<11}  {d.max():.4f}      {agrees}")

values = sorted(set(derivatives["ReLU"].tolist()))
print(f"ReLU' takes the values {values}")
values = [round(v, 4) for v in sorted(set(derivatives["Leaky ReLU"].tolist()))]
print(f"Leaky ReLU' takes the values {values}")
gelu = derivatives["GELU"]
print(f"GELU' is largest at z = {z[gelu.argmax()]:.2f} (sqrt(2) = 1.41)")
print(
    f"GELU' is smallest at z = {z[gelu.argmin()]:.2f}:"
    f" {gelu.min():.4f} (negative)"
)
print(f"0.25 ** 10 = {0.25**10:.3g}")

fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
for name, (_, _, style) in activations.items():
    ax.plot(z, derivatives[name], style, label=name)
ax.axhline(1.0, color="gray", linewidth=0.8)
ax.set(xlabel="pre-activation z", ylabel="derivative f'(z)")
ax.legend(ncols=2)
plt.show()
