"""The claims of docs/basics/symptoms.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import pytest


def _check_divergence(result):
    ns = result.namespace
    bad = ns["runs"][f"lr = {ns['lr_bad']}"]  # rows: (loss, grad norm, weight norm)
    good = ns["runs"][f"lr = {ns['lr_good']}"]
    losses = [row[0] for row in bad]
    assert min(losses) < losses[0]  # the bad run first goes down ...
    finite = [v for v in losses if math.isfinite(v)]
    assert max(finite) > 1e6 * losses[0]  # ... then grows by over a million times ...
    t_inf = ns["first_step"](bad, math.isinf)
    t_nan = ns["first_step"](bad, math.isnan)
    assert t_inf is not None and t_nan is not None
    assert t_inf < t_nan  # ... overflows to inf, and a few steps later is NaN
    assert all(math.isnan(v) for v in losses[t_nan:])  # and never recovers
    assert all(math.isfinite(v) for v in losses[:t_inf])
    assert bad[t_inf - 1][2] > 1e6 * bad[0][2]  # the weights grew by over a million times
    good_losses = [row[0] for row in good]
    assert all(math.isfinite(v) for v in good_losses)  # the healthy run stays finite
    assert good_losses[-1] < good_losses[0] / 10  # and trains
    assert "inf - inf = nan" in result.stdout
    assert "0 * inf = nan" in result.stdout
    assert len(result.figures) == 1


def test_divergence_torch(run):
    result = run("symptoms/divergence_torch")
    _check_divergence(result)
    losses = [row[0] for row in result.namespace["bad"]]
    # the page: after its minimum the loss goes up and down (spikes) before it diverges
    t_min = losses.index(min(losses))
    assert any(losses[t + 1] < losses[t] for t in range(t_min + 1, 12))
    assert max(losses[t_min:12]) > 5 * losses[t_min]


def test_divergence_tf(run):
    _check_divergence(run("symptoms/divergence_tf"))


def _check_cliff(result, loss_of):
    ns = result.namespace
    assert abs(ns["grad_start"]) > 100  # the wall is steep
    assert ns["step_plain"] > 100 * ns["step_clipped"]  # unclipped: thrown far away
    # clipped: the step is exactly lr * max_norm long
    assert ns["step_clipped"] == pytest.approx(ns["lr"] * ns["max_norm"], rel=1e-5)
    assert loss_of(ns["w_plain"]) > 10 * ns["loss_start"]  # the jump lands high up the bowl
    assert loss_of(ns["w_clipped"]) < ns["loss_start"]  # the clipped step goes down
    assert len(result.figures) == 1


def test_cliff_torch(run):
    import torch

    result = run("symptoms/cliff_torch")
    loss_fn = result.namespace["loss_fn"]
    _check_cliff(result, lambda w: loss_fn(torch.tensor(w)).item())


def test_cliff_tf(run):
    result = run("symptoms/cliff_tf")
    loss_fn = result.namespace["loss_fn"]
    _check_cliff(result, lambda w: float(loss_fn(w)))
