"""The claims of docs/remedies/learning-rate.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import pytest


def _check_too_high(result):
    ns = result.namespace
    lam = ns["lam"]
    runs = ns["runs"]
    assert list(runs) == ["too small", "good", "oscillates", "diverges"]
    for lr, _, along_u in runs.values():
        # On a quadratic, GD multiplies the distance along the steepest
        # direction by exactly 1 - lr * lam (measured over the first step).
        assert along_u[1] / along_u[0] == pytest.approx(1 - lr * lam, abs=1e-3)
    lr, losses, _ = runs["diverges"]
    assert lr == pytest.approx(1.1 * 2 / lam)  # above the limit ...
    assert not math.isfinite(losses[-1]) or losses[-1] > 100 * losses[0]  # diverges
    lr, losses, along_u = runs["oscillates"]
    assert lr == pytest.approx(0.95 * 2 / lam)  # below the limit, factor 1 - lr lam < 0
    assert along_u[1] * along_u[0] < 0 < along_u[2] * along_u[0]  # sign flips
    assert losses[-1] < losses[0] / 1e6  # and still converges
    _, losses, _ = runs["good"]
    assert losses[-1] < losses[0] / 1e6  # a moderate rate cuts the loss by a large factor
    _, losses, _ = runs["too small"]
    assert losses[0] / 100 < losses[-1] < losses[0]  # decreases, but slowly
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_too_high(run, fw):
    _check_too_high(run(f"learning_rate/too_high_{fw}"))


def _check_warmup(result):
    ns = result.namespace
    lrs, warmup, total = ns["lrs"], ns["warmup_steps"], ns["total_steps"]
    peak, final = ns["peak_lr"], ns["final_lr"]
    assert len(lrs) == total + 1
    assert lrs[0] == pytest.approx(0.01 * peak)  # starts low
    warm = lrs[: warmup + 1]
    assert all(a < b for a, b in zip(warm, warm[1:]))  # bound: a linear ramp rises
    assert lrs[warmup] == pytest.approx(peak)  # reaches the target
    assert max(lrs) == pytest.approx(peak)  # and that is the peak
    decay = lrs[warmup:]
    assert all(a > b for a, b in zip(decay, decay[1:]))  # bound: a cosine decay falls
    assert lrs[-1] == pytest.approx(final)  # to the final value
    assert lrs[(warmup + total) // 2] == pytest.approx((peak + final) / 2)  # cosine midpoint
    assert "step  10: lr = 0.001" in result.stdout
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_warmup(run, fw):
    _check_warmup(run(f"learning_rate/warmup_{fw}"))


def _check_update_size(result):
    ns = result.namespace
    updates, lr = ns["updates"], ns["lr"]
    sgd = updates["SGD, momentum 0.9"]
    # SGD's step is proportional to the gradient: 1e6 times larger gradient, 1e6 times larger step
    for step in range(ns["steps"]):
        assert sgd[1e3][step] / sgd[1e-3][step] == pytest.approx(1e6, rel=1e-6)
    adam = updates["Adam"]
    for g in ns["grad_sizes"]:
        assert all(size == pytest.approx(lr, rel=0.01) for size in adam[g])  # Adam: about lr
    rmsprop = updates["RMSprop"]
    for g in ns["grad_sizes"]:
        assert all(lr < size <= 10 * lr for size in rmsprop[g])  # bound: lr / sqrt(1 - rho)
    assert rmsprop[1e3][-1] == pytest.approx(rmsprop[1.0][-1])  # independent of g
    assert len(result.figures) == 1


def test_update_size_torch(run):
    result = run("learning_rate/update_size_torch")
    _check_update_size(result)
    rmsprop = result.namespace["updates"]["RMSprop"]
    assert rmsprop[1e-3][-1] == pytest.approx(rmsprop[1e3][-1], rel=1e-4)


def test_update_size_tf(run):
    _check_update_size(run("learning_rate/update_size_tf"))


def _check_adam_spike(result, clipped_name):
    ns = result.namespace
    runs, lr, spike = ns["runs"], ns["lr"], ns["spike_at"]
    sgd, adam, clipped = runs["SGD"], runs["Adam"], runs[clipped_name]
    assert sgd[spike] == pytest.approx(1000 * lr)  # SGD takes a 1000x step
    assert adam[spike] < ns["bound"] * lr  # Adam's step stays within Kingma & Ba's bound
    assert adam[spike - 1] == pytest.approx(lr, rel=1e-3)
    assert max(adam[spike + 40 :]) < lr / 20  # but its later steps shrink for long
    assert sum(adam[spike:]) < 0.1 * sum(clipped[spike:])
    assert clipped == pytest.approx([lr] * ns["steps"], rel=1e-3)  # clipping first: Adam unaffected
    assert len(result.figures) == 1


def test_adam_spike_torch(run):
    _check_adam_spike(run("learning_rate/adam_spike_torch"), "Adam, clip_grad_norm_(max_norm=1.0)")


def test_adam_spike_tf(run):
    _check_adam_spike(run("learning_rate/adam_spike_tf"), "Adam(global_clipnorm=1.0)")
