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
    # The page: the loss grows by about 10x per step, a straight line on a log axis ...
    for t in range(10, 30):
        assert 8 < losses[t + 1] / losses[t] < 12
    # ... the loss overflows first (it squares the residuals), then the gradient norm, then the
    # weight norm; the weights stay finite while the loss is already inf ...
    t_inf = ns["t_inf"]
    assert t_inf == [37, 38, 39]
    assert math.isfinite(bad[t_inf[0]][2])
    # ... and NaN comes about as many steps later again, when the predictions overflow.
    t_nan = ns["t_nan"]
    assert t_nan == 78
    assert all(math.isinf(v) for v in losses[t_inf[0] : t_nan])
    assert all(math.isnan(v) for v in losses[t_nan:])  # and never recovers
    assert bad[t_inf[2] - 1][2] > 1e18  # the weight norm grew from 0 to past 1e18
    good_losses = [row[0] for row in good]
    assert all(math.isfinite(v) for v in good_losses)  # the healthy run stays finite
    assert good_losses[-1] < good_losses[0] / 10  # and trains
    assert "inf - inf = nan" in result.stdout
    assert "0 * inf = nan" in result.stdout
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_divergence(run, fw):
    _check_divergence(run(f"symptoms/divergence_{fw}"))


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
