"""The claims of docs/remedies/architecture.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import pytest


def _check_normalization(result):
    results = result.namespace["results"]  # name -> (stds, back, first)
    stds, back, first = results["no normalization"]
    assert stds[-1] / stds[0] > 1e3  # activations blow up layer by layer ...
    assert back[0] / back[-1] > 1e3  # ... and so does the backward signal
    for name in ("LayerNorm", "BatchNorm"):
        # normalization holds every layer's activations near std(relu(N(0, 1)))
        assert all(0.4 < s < 0.8 for s in results[name][0]), name
    ln_back = results["LayerNorm"][1]
    assert max(ln_back) / min(ln_back) < 10  # LayerNorm: gradient stays in range here
    bn_back = results["BatchNorm"][1]
    assert bn_back[0] / bn_back[-1] > 100  # BatchNorm: it still grows toward the input
    assert all(a > 0.8 * b for a, b in zip(bn_back, bn_back[1:]))  # with no layer shrinking it much
    assert results["BatchNorm"][2] > 100 * results["LayerNorm"][2]  # first-layer grad
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_normalization(run, fw):
    _check_normalization(run(f"architecture/normalization_{fw}"))


def _check_pre_post_ln(result):
    ns = result.namespace
    assert ns["depths"] == (3, 6, 12, 24, 48)
    post = [g for g, _ in ns["results"]["Post-LN"]]
    pre = [g for g, _ in ns["results"]["Pre-LN"]]
    rms = [s for _, s in ns["results"]["Pre-LN"]]
    assert max(post) / min(post) < 1.5  # Post-LN: about the same at every depth
    assert all(a > b for a, b in zip(pre, pre[1:]))  # Pre-LN: shrinks with depth
    assert pre[0] / pre[-1] > 2.5
    assert all(p < q for p, q in zip(pre, post))  # and is always the smaller one
    assert all(a < b for a, b in zip(rms, rms[1:]))  # the residual stream grows
    products = [g * s for g, s in zip(pre, rms)]  # gradient ~ 1 / rms(x_L)
    assert max(products) / min(products) < 1.3
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_pre_post_ln(run, fw):
    _check_pre_post_ln(run(f"architecture/pre_post_ln_{fw}"))


def _check_residual_depth(result):
    ns = result.namespace
    assert ns["depths"] == (4, 8, 16, 32, 64)
    assert ns["branch_scale"] == 0.1
    plain, residual = ns["grads"]["plain"], ns["grads"]["residual"]
    assert all(a < b for a, b in zip(plain, plain[1:]))  # grows with every depth
    assert plain[-1] / plain[0] > 1e5  # by orders of magnitude
    assert max(residual) / min(residual) < 2  # residual: within a factor of 2
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_residual_depth(run, fw):
    _check_residual_depth(run(f"architecture/residual_depth_{fw}"))


def _check_gating(result, no_bias_name):
    ns = result.namespace
    norms, gates = ns["norms"], ns["gates"]
    assert all(len(g) == 100 and all(math.isfinite(v) for v in g) for g in norms.values())
    rnn, lstm0, lstm1 = norms["vanilla RNN"], norms[no_bias_name], norms["LSTM, b_f = 1"]
    first = 99  # T - t = 99: the gradient reaching the first input x_1
    assert rnn[first] > 0 and lstm0[first] > 0  # float64 norms: no underflow to 0
    assert lstm1[first] > 1e6 * rnn[first]  # b_f = 1 LSTM reaches far further back
    assert lstm1[first] > 1e6 * lstm0[first]  # ... than the LSTM without forget bias
    assert gates[no_bias_name] == pytest.approx(0.5, abs=0.03)  # f_t ~ sigmoid(0)
    assert gates["LSTM, b_f = 1"] == pytest.approx(0.73, abs=0.03)  # f_t ~ sigmoid(1)
    # the GRU at default init: its update gate is near sigmoid(0) too, so it does
    # about as well as the LSTM without forget bias, far worse than b_f = 1
    gru = norms["GRU"]
    assert all(math.isfinite(v) for v in gru) and gru[first] > 0
    assert lstm1[first] > 1e6 * gru[first]
    assert 0.1 < gru[first] / lstm0[first] < 1e4
    assert len(result.figures) == 1


def test_gating_torch(run):
    result = run("architecture/gating_torch")
    _check_gating(result, "LSTM, b_f ~ 0")
    b_f = result.namespace["b_f"]
    assert abs(b_f.mean().item()) < 0.1  # PyTorch sets no forget-gate bias ...
    assert b_f.abs().max().item() <= 2 / math.sqrt(32)  # bound: b_ih, b_hh ~ U(+-1/sqrt(h))
    norms = result.namespace["norms"]
    assert norms["LSTM, b_f ~ 0"][99] > norms["vanilla RNN"][99]  # a little better here


def test_gating_tf(run):
    result = run("architecture/gating_tf")
    _check_gating(result, "LSTM, b_f = 0")
    assert result.namespace["b_f"].tolist() == [1.0] * 32  # unit_forget_bias=True
    norms = result.namespace["norms"]
    # with orthogonal recurrent init the Keras vanilla RNN beats the b_f = 0 LSTM
    assert norms["LSTM, b_f = 0"][99] < norms["vanilla RNN"][99]


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_truncated_bptt(run, fw):
    norms = run(f"architecture/truncated_bptt_{fw}").namespace["norms"]  # k -> norm
    ks = sorted(norms)
    assert ks[0] == 1 and ks[-1] == 100  # from one step back to full BPTT
    for short, longer in zip(ks, ks[1:]):
        assert norms[longer] > 1.3 * norms[short]  # a longer window: a larger gradient
    assert norms[100] > 1e3 * norms[1]  # full BPTT: thousands of times k = 1
    assert norms[10] < 5 * norms[1]  # a short window keeps it within a few times


def _check_zero_branch(result):
    ratios = result.namespace["ratios"]
    he, scaled, zero = ratios["He"], ratios["1/sqrt(depth)"], ratios["zero"]
    assert all(a < b for a, b in zip(he, he[1:]))  # grows with depth
    assert he[-1] > 1e10
    assert max(scaled) < 4 and max(scaled) / min(scaled) < 1.5  # bounded
    for r in zero:
        assert r == pytest.approx(1.0, rel=1e-12)  # bound: zero branches, Jacobian = I


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_zero_branch(run, fw):
    _check_zero_branch(run(f"architecture/zero_branch_{fw}"))
