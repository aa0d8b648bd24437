"""The claims of docs/remedies/activations.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import numpy as np
import pytest

# GELU'(z) = Phi(z) + z phi(z) is largest at z = sqrt(2): Phi(sqrt 2) = (1 + erf(1)) / 2 and
# phi(sqrt 2) = exp(-1) / sqrt(2 pi). About 1.1289, computed independently of the snippets.
GELU_PRIME_MAX = 0.5 * (1 + math.erf(1)) + math.sqrt(2) * math.exp(-1) / math.sqrt(2 * math.pi)


def _check_derivatives(result, to_numpy):
    ns = result.namespace
    d = {name: to_numpy(v) for name, v in ns["derivatives"].items()}
    alpha = ns["ALPHA_LEAKY"]
    assert d["sigmoid"].max() == pytest.approx(0.25, abs=1e-3)  # sigma' <= 1/4
    assert d["sigmoid"].max() <= 0.25 + 1e-7  # bound: sigma' = sigma (1 - sigma)
    assert d["tanh"].max() == pytest.approx(1.0, abs=1e-3)  # tanh' <= 1
    assert d["tanh"].max() <= 1 + 1e-6  # bound: tanh' = 1 - tanh^2
    assert set(d["ReLU"].tolist()) == {0.0, 1.0}  # ReLU' in {0, 1}
    assert np.allclose(sorted(set(d["Leaky ReLU"].tolist())), [alpha, 1.0])  # {alpha, 1}
    assert d["ELU"].max() == pytest.approx(1.0, abs=1e-6) and d["ELU"].min() > 0
    assert d["GELU"].max() == pytest.approx(GELU_PRIME_MAX, abs=1e-3)  # about 1.13 ...
    assert d["GELU"].max() > 1  # ... so GELU' exceeds 1
    assert d["GELU"].min() == pytest.approx(1 - GELU_PRIME_MAX, abs=1e-3)  # and dips below 0
    for name, error in ns["errors"].items():  # autograd agrees with the closed forms
        assert error < 1e-5, name
    assert "1.1289" in result.stdout and "9.54e-07" in result.stdout
    assert 0.25**10 == pytest.approx(9.54e-7, rel=1e-3)
    assert len(result.figures) == 1


def test_derivatives_torch(run):
    _check_derivatives(run("activations/derivatives_torch"), lambda t: t.numpy())


def test_derivatives_tf(run):
    _check_derivatives(run("activations/derivatives_tf"), np.asarray)


def _check_saturation(result):
    r = result.namespace["ratios"]
    assert r["sigmoid, Xavier"] < 1e-15  # sigmoid: the gradient vanishes over 30 layers
    assert 0.1 < r["tanh, Xavier"] < 1  # tanh at the same scale: it only shrinks mildly
    assert r["ReLU, Xavier"] < 1e-3  # ReLU with Xavier: vanishes, about sqrt(1/2) per layer
    assert r["sigmoid, Xavier"] < r["ReLU, Xavier"] < r["tanh, Xavier"]
    assert 0.1 < r["ReLU, He"] < 10  # He init keeps it within a small factor
    assert r["ReLU, 1.5 x He"] > 1e4  # a too large init makes ReLU explode
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_saturation(run, fw):
    _check_saturation(run(f"activations/saturation_{fw}"))


def _check_dead_relu(result):
    res = result.namespace["results"]
    healthy, dead, leaky = (
        res["ReLU, no shift"],
        res["ReLU, biases - 2"],
        res["Leaky ReLU, biases - 2"],
    )
    assert healthy["off at init"] == 0 and healthy["off after training"] == 0
    assert healthy["loss"] < 0.05
    # The bias shift leaves most ReLU units off for every input ...
    assert dead["off at init"] == 0 and dead["off after shift"] >= 0.7  # 83 % and 100 %
    # ... exactly those get zero gradient, never change, and stay dead.
    assert dead["zero gradient"] == dead["off after shift"]
    assert dead["never changed"] == dead["off after shift"]
    assert dead["off after training"] == dead["off after shift"]
    assert dead["loss"] > 20 * healthy["loss"]
    # Leaky ReLU after the same shift: every unit still gets a gradient and some recover.
    assert leaky["off after shift"] == dead["off after shift"]
    assert leaky["zero gradient"] == 0 and leaky["never changed"] == 0
    assert leaky["off after training"] < leaky["off after shift"]  # bound: counts of units
    assert leaky["loss"] < dead["loss"] / 2


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_dead_relu(run, fw):
    _check_dead_relu(run(f"activations/dead_relu_{fw}"))
