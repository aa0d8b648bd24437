"""The claims of docs/basics/math.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import pytest


def _check_nonnormal(ns, eigenvalues):
    assert eigenvalues == pytest.approx([0.5, 0.5])  # both eigenvalues 0.5 ...
    assert ns["spectral_norm"] == pytest.approx(10.025, abs=1e-3)  # ... yet ||W|| > 10
    same = ns["same"]  # ||W^k v||, k = 0..30
    peak = max(range(len(same)), key=same.__getitem__)
    assert same[peak] == pytest.approx(math.hypot(10, 0.5))  # ||W e_2||: growth above 10 ...
    assert peak <= 2
    assert same[7] > 1  # bound: exact powers of W ... then below 1 from k = 8 on
    assert all(n < 1 for n in same[8:])
    assert same[30] < 1e-6
    assert same[30] == pytest.approx(same[29] / 2, rel=0.05)  # long run: like 0.5^k
    alternating = ns["alternating"]  # W, W^T, W, ... : different matrices
    assert all(b > a for a, b in zip(alternating, alternating[1:]))
    assert alternating[30] > 1e29


def test_nonnormal_torch(run):
    ns = run("math/nonnormal_torch").namespace
    _check_nonnormal(ns, ns["eigenvalues"].tolist())
    assert len(run("math/nonnormal_torch").figures) == 1


def test_nonnormal_tf(run):
    ns = run("math/nonnormal_tf").namespace
    _check_nonnormal(ns, ns["eigenvalues"].numpy().tolist())
    assert len(run("math/nonnormal_tf").figures) == 1


def _check_random_products(result):
    assert "1.1^50 = 117.4" in result.stdout  # the scalar picture
    assert "0.9^50 = 0.005154" in result.stdout
    medians = result.namespace["medians"]
    assert medians[1.1][50] > 30  # scale > 1 grows by a large factor
    assert medians[1.1][50] < 1.1**50  # (the median stays below 1.1^50)
    assert medians[0.9][50] < 0.01  # scale < 1 shrinks
    assert all(0.5 < n < 1.5 for n in medians[1.0])  # scale 1 stays in a band
    for depth in (10, 25, 50):  # ordered by scale at every checkpoint
        assert medians[0.9][depth] < medians[1.0][depth] < medians[1.1][depth]
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_random_products(run, fw):
    _check_random_products(run(f"math/random_products_{fw}"))


def _check_mlp(result):
    results = result.namespace["results"]  # scale -> (dL/dh_l, dL/dW_l), l = 1..30
    ratio_h = {s: h[0] / h[-1] for s, (h, _) in results.items()}
    ratio_w = {s: w[0] / w[-1] for s, (_, w) in results.items()}
    # Backpropagated gradient: vanishes at 0.5, grows toward the input at 2.0.
    assert ratio_h[0.5] < 1e-7
    assert 0.1 < ratio_h[1.0] < 1
    assert ratio_h[2.0] > 50
    assert ratio_h[0.5] < ratio_h[1.0] < ratio_h[2.0]
    # Weight gradient: flat at 0.5 (forward and backward shrinkage cancel) but
    # tiny everywhere; about flat at 1.0; grows toward the input at 2.0.
    assert 0.3 < ratio_w[0.5] < 3
    assert max(results[0.5][1]) < 1e-7
    assert 0.5 < ratio_w[1.0] < 2
    assert ratio_w[2.0] > 30
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_mlp_layer_grads(run, fw):
    _check_mlp(run(f"math/mlp_layer_grads_{fw}"))


def _check_rnn(result):
    results = result.namespace["results"]  # (activation, rho) -> ||dL/dh_t||
    g_T = math.sqrt(32)  # ||dL/dh_T|| for L = sum of h_T
    for rho in (0.9, 1.0, 1.1):  # linear + orthogonal: exactly rho^(T - t)
        for d, g in enumerate(results["linear", rho]):
            assert g == pytest.approx(g_T * rho**d, rel=1e-3)
    assert results["linear", 1.1][99] / g_T > 1e4  # explodes
    assert results["linear", 0.9][99] / g_T < 1e-4  # vanishes
    assert results["linear", 1.0][99] / g_T == pytest.approx(1, rel=1e-3)
    for rho in (0.9, 1.0, 1.1):  # tanh' <= 1: never above the linear bound
        tanh, linear = results["tanh", rho], results["linear", rho]
        assert all(a <= b * (1 + 1e-4) for a, b in zip(tanh, linear))  # bound: tanh' <= 1
    assert max(results["tanh", 1.1][1:]) < 1.2 * g_T  # norm 1.1 yet no explosion
    assert results["tanh", 1.1][99] > results["tanh", 1.0][99]
    assert results["tanh", 1.0][99] > results["tanh", 0.9][99]
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_rnn_time(run, fw):
    _check_rnn(run(f"math/rnn_time_{fw}"))
