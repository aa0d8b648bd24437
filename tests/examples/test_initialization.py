"""The claims of docs/remedies/initialization.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import numpy as np
import pytest


def _check_symmetry(result):
    ns = result.namespace
    constant = np.asarray(ns["results"]["constant"]["hidden"])
    random = np.asarray(ns["results"]["random"]["hidden"])
    # Constant init: after training, every hidden unit has the same weights ...
    assert ns["results"]["constant"]["distinct"] == 1
    assert np.array_equal(constant, np.broadcast_to(constant[0], constant.shape))
    # ... although the weights did move away from 0.5 (training happened).
    assert np.abs(constant - 0.5).max() > 0.05
    # Random init: the units differ.
    assert ns["results"]["random"]["distinct"] == random.shape[0] == 4
    assert "distinct hidden units: 1 of 4" in result.stdout


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_symmetry(run, fw):
    _check_symmetry(run(f"initialization/symmetry_{fw}"))


def _check_variances(results, expected_names):
    assert set(expected_names) <= set(results)
    for name, (measured, formula) in results.items():
        assert measured == pytest.approx(formula, rel=0.02), name


def test_variance_check_torch(run):
    ns = run("initialization/variance_check_torch").namespace
    fan_in = ns["fan_in"]
    _check_variances(
        ns["results"],
        ["xavier_uniform_", "kaiming_normal_ fan_out", "LeCun normal", "nn.Linear default"],
    )
    # The nn.Linear default is U(-1/sqrt(fan_in), 1/sqrt(fan_in)): variance 1/(3 fan_in).
    assert ns["results"]["nn.Linear default"][1] == pytest.approx(1 / (3 * fan_in))
    assert ns["layer"].weight.abs().max().item() <= 1 / math.sqrt(fan_in)  # bound: U(+-a)
    gains = ns["gains"]
    for name, (gain, expected) in gains.items():
        assert gain == pytest.approx(expected), name
    assert gains["tanh"][0] == pytest.approx(5 / 3)
    assert gains["relu"][0] == pytest.approx(math.sqrt(2))
    assert gains["selu"][0] == pytest.approx(0.75)


def test_variance_check_tf(run):
    result = run("initialization/variance_check_tf")
    ns = result.namespace
    _check_variances(
        ns["results"],
        ["GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal", "Dense default"],
    )
    assert ns["default"] == "GlorotUniform"  # Dense's default kernel initializer


def _check_deep_stats(result):
    stats = result.namespace["stats"]
    assert len(result.figures) == 1
    for act, grad in stats.values():
        assert len(act) == len(grad) == 50
    # He + ReLU: the activation std stays the same order over 50 layers.
    he_act, he_grad = stats["He + ReLU"]
    assert max(he_act) / min(he_act) < 3
    assert max(he_grad) / min(he_grad) < 3
    # N(0, 0.1²) + ReLU: Var[w] n / 2 = 2.56, so the std grows by 1.6 per layer both ways.
    n_act, n_grad = stats["N(0, 0.1²) + ReLU"]
    assert n_act[49] / n_act[0] > 1e9 and n_grad[0] / n_grad[49] > 1e9
    assert all(b > a for a, b in zip(n_act, n_act[1:], strict=False))
    # Xavier + ReLU: the std shrinks layer after layer, by > 1e7 at layer 50.
    x_act, x_grad = stats["Xavier + ReLU"]
    assert all(b < a for a, b in zip(x_act, x_act[1:], strict=False))
    assert x_act[0] / x_act[49] > 1e7
    assert x_grad[49] / x_grad[0] > 1e7  # and the gradient vanishes toward the input
    # Xavier + tanh: bounded, no exponential change.
    t_act, t_grad = stats["Xavier + tanh"]
    assert all(0.05 < a < 1 for a in t_act)
    assert max(t_grad) / min(t_grad) < 10
    # N(0, 0.1²) + tanh: bounded activations, yet the gradient grows over 1000-fold.
    s_act, s_grad = stats["N(0, 0.1²) + tanh"]
    assert all(0.5 < a < 1 for a in s_act)
    assert s_grad[0] / s_grad[49] > 1e3
    # He + tanh: the gradient grows toward the input, but only about tenfold.
    h_grad = stats["He + tanh"][1]
    assert 3 < h_grad[0] / h_grad[49] < 30


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_deep_stats(run, fw):
    _check_deep_stats(run(f"initialization/deep_stats_{fw}"))


def _check_orthogonal(ns):
    ortho = ns["ratios"]["orthogonal"]
    assert len(ortho) == 100
    assert all(r == pytest.approx(1.0, rel=1e-4) for r in ortho)  # norm preserved
    smin, smax, rho = ns["spectra"]["orthogonal"]
    assert smin == pytest.approx(1, abs=1e-5) and smax == pytest.approx(1, abs=1e-5)
    assert rho == pytest.approx(1, abs=1e-5)  # every eigenvalue on the unit circle
    finals = [r[-1] for name, r in ns["ratios"].items() if name.startswith("Gaussian")]
    assert len(finals) == 5
    assert max(finals) > 1e3  # a Gaussian matrix with the same variance: huge growth
    assert max(finals) / min(finals) > 1e3  # and the outcome depends on the draw
    gaussian = [name for name in ns["ratios"] if name.startswith("Gaussian")]
    for name in gaussian:
        smin, smax, _ = ns["spectra"][name]
        assert smin < 0.05 and smax > 1.6  # singular values spread over [0, 2]
    # The draw with the largest spectral radius grows the most.
    largest_rho = max(gaussian, key=lambda name: ns["spectra"][name][2])
    assert largest_rho == max(gaussian, key=lambda name: ns["ratios"][name][-1])


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_orthogonal(run, fw):
    _check_orthogonal(run(f"initialization/orthogonal_{fw}").namespace)


def test_apply_torch(run):
    stds = run("initialization/apply_torch").namespace["stds"]
    assert len(stds) == 3
    for std, target in stds.values():
        assert std == pytest.approx(target, rel=0.03)  # He: std sqrt(2 / fan_in)


def test_apply_tf(run):
    ns = run("initialization/apply_tf").namespace
    assert len(ns["stds"]) == 3
    for std, target in ns["stds"].values():
        assert std == pytest.approx(target, rel=0.03)  # truncated, yet std sqrt(2 / fan_in)
    assert ns["shared_same"] is True  # one seeded instance: identical kernels
    assert ns["string_same"] is False  # "he_normal": a new initializer per layer


def _check_isometry(result):
    res = result.namespace["results"]
    ortho, gauss, relu = res["tanh, orthogonal"], res["tanh, Gaussian"], res["ReLU, orthogonal"]
    # Orthogonal + tanh: every singular value within a factor 2 of the rms ...
    assert ortho["near"] > 0.8
    assert ortho["max"] < 1.5 * ortho["rms"]
    # ... Gaussian + tanh with about the same rms: spread over orders of magnitude
    assert 0.5 < gauss["rms"] / ortho["rms"] < 2
    assert gauss["near"] < 0.3
    assert gauss["max"] > 4 * gauss["rms"]
    # ReLU, even with orthogonal weights: spread as well (f' is 0 for half the units)
    assert relu["near"] < 0.3
    assert relu["max"] > 4 * relu["rms"]


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_isometry(run, fw):
    _check_isometry(run(f"initialization/isometry_{fw}"))


def _check_chaos(result):
    res = result.namespace["results"]
    assert res[0.8]["chi"] < 0.8 and res[0.8]["ratio"] < 1e-3  # ordered: vanishes
    assert res[1.0]["chi"] == pytest.approx(1, abs=0.1)  # the edge of chaos
    for sigma_w in (2.0, 3.0):  # chaotic: the gradient explodes ...
        assert res[sigma_w]["chi"] > 1.2
        assert res[sigma_w]["ratio"] > 1e3
        assert 0.5 < res[sigma_w]["act_std"] < 1  # ... while tanh keeps h bounded
    for r in res.values():  # chi predicts the measured factor per layer
        assert r["per_layer"] == pytest.approx(math.sqrt(r["chi"]), rel=0.05)
    ratios = [r["ratio"] for r in res.values()]
    assert all(a < b for a, b in zip(ratios, ratios[1:]))


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_chaos(run, fw):
    _check_chaos(run(f"initialization/chaos_{fw}"))


def _check_finite_width(result):
    res = result.namespace["results"]
    for width in (16, 64):
        medians = [res[width, d]["median"] for d in (4, 8, 16)]
        assert all(a > b for a, b in zip(medians, medians[1:]))  # drifts down
        for d in (4, 8, 16):
            assert 0.75 < res[width, d]["mean"] < 1.3  # the mean stays near 1
            assert res[64, d]["median"] > 1.3 * res[16, d]["median"]  # narrower: worse
    assert res[16, 16]["median"] < 0.15
    assert res[64, 16]["median"] < 0.7


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_finite_width(run, fw):
    _check_finite_width(run(f"initialization/finite_width_{fw}"))


def _check_bn_init(result):
    res = result.namespace["results"]
    plain = res["He, no BN"]
    assert max(plain) / min(plain) < 4  # He init alone: no growth with depth
    for name in ("He + BN", "0.5 x He + BN"):
        norms = res[name]
        assert norms[0] / norms[-1] > 1e3  # BN: grows toward the input ...
        assert all(a > b for a, b in zip(norms[::10], norms[10::10]))  # ... steadily
    # and the weight scale does not change it (BN removes the scale)
    ratio = res["He + BN"][0] / res["0.5 x He + BN"][0]
    assert 0.5 < ratio < 2


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_bn_init(run, fw):
    _check_bn_init(run(f"initialization/bn_init_{fw}"))
