"""The claims of docs/remedies/large-models.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import pytest

FRAMEWORKS = ["torch", "tf"]


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_loss_spike(run, fw):
    ns = run(f"large_models/loss_spike_{fw}").namespace
    plain, fixed, before = ns["plain"], ns["fixed"], ns["before"]
    assert ns["restarts"] == [(60, 40)]  # spike seen at the first bad batch
    assert sorted(ns["skipped"]) == list(range(60, 70))
    assert max(plain[60:]) > 1e6 * before  # the bad batches make a spike
    assert sum(loss > 4 * before for loss in plain[60:]) > 50  # that lasts
    assert max(fixed[60:]) < 4 * before  # restart + skip: no spike
    assert fixed[-1] < 2 * before  # and training went on normally


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_attention_logits(run, fw):
    ns = run(f"large_models/attention_logits_{fw}").namespace
    plain, qk_norm, n, d = ns["plain"], ns["qk_norm"], ns["n"], ns["d"]
    # q and k both scale with s, so the logits scale with s^2
    assert plain[8][0] / plain[1][0] == pytest.approx(64, rel=1e-9)
    assert plain[1][1] > 0.7 * math.log(n)  # small weights: spread attention
    assert plain[8][1] < 0.05 * math.log(n)  # large weights: entropy collapses
    assert plain[8][2] > 0.8  # and each row is nearly one-hot
    for s in ns["scales"]:
        max_logit, entropy, _ = qk_norm[s]
        assert max_logit <= math.sqrt(d)  # bound: |q.k| <= ||q|| ||k|| = d after LN
        assert qk_norm[s] == pytest.approx(qk_norm[1], rel=1e-3)  # scale-free (up to LN eps)
        assert entropy > 0.7 * math.log(n)


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_z_loss(run, fw):
    ns = run(f"large_models/z_loss_{fw}").namespace
    ce, ce_shifted = ns["same"]
    assert ce_shifted == pytest.approx(ce, rel=1e-9)  # shift invariance
    runs = ns["runs"]
    plain, plain_ce = runs["cross-entropy only"]
    shifted, shifted_ce = runs["same, logits start 10 higher"]
    zloss, zloss_ce = runs["cross-entropy + 1e-4 z-loss"]
    assert plain[-1] > plain[0] + 2  # log Z drifts up ...
    assert plain[-1] == pytest.approx(plain[-2], abs=0.01)  # ... and stays
    for a, b in zip(shifted, plain):
        assert a - b == pytest.approx(10, abs=1e-3)  # nothing pulls it back
    assert shifted_ce == pytest.approx(plain_ce, rel=1e-3)  # the loss cannot see it
    assert abs(zloss[-1]) < 0.1 * plain[-1]  # z-loss brings log Z near 0
    assert zloss_ce == pytest.approx(plain_ce, rel=1e-3)  # at no cost in loss


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_adam_beta2(run, fw):
    ns = run(f"large_models/adam_beta2_{fw}").namespace
    runs, small_eps = ns["runs"], ns["runs_small_eps"]
    spike, wake = ns["spike_at"], ns["wake_at"]
    slow, fast = runs["0.999"], runs["0.95"]
    # memory of the spike: beta2 0.999 still damps steps 200 later, 0.95 not
    assert float(slow[spike + 200, 0]) < 0.3
    assert float(fast[spike + 200, 0]) > 0.8
    # a quiet parameter wakes up: 0.999 overshoots the lr, 0.95 does not
    assert float(slow[wake, 1]) > 2
    assert float(slow[wake:, 1].max()) > 4
    assert float(fast[wake, 1]) < 0.6
    assert float(fast[wake:, 1].max()) < 1.5
    # epsilon: the update falls once the gradient is not far above eps
    g_1e6, g_1e8, g_1e10 = (float(fast[-1, i]) for i in (2, 3, 4))
    assert g_1e6 == pytest.approx(1, rel=0.05)
    assert g_1e8 == pytest.approx(0.5, rel=0.05)  # g = eps: half the lr
    assert g_1e10 < 0.02
    for i in (2, 3, 4):  # eps 1e-15 keeps Adam's normalization
        assert float(small_eps[-1, i]) == pytest.approx(1, rel=0.01)
