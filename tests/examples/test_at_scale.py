"""The claims of docs/remedies/at-scale.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import numpy as np
import pytest
import torch


def _check_skips(scales, finite):
    """Dynamic loss scaling: skip while non-finite, halving the scale, then train."""
    assert not finite[0] and finite[-1]  # starts too high, ends usable
    for i in range(len(scales) - 1):
        expected = scales[i] / 2 if not finite[i] else scales[i]  # no growth in so few steps
        assert scales[i + 1] == expected


# --- mixed precision -------------------------------------------------------------------


def test_amp_torch(run):
    result = run("at_scale/amp_torch")
    ns = result.namespace
    log, max_norm = ns["log"], ns["max_norm"]
    finite = [math.isfinite(norm) for _, norm, _, _ in log]
    _check_skips([scale for scale, *_ in log], finite)
    for (scale, scaled, true, skipped), ok in zip(log, finite):
        assert skipped == (not ok)  # step() skipped exactly the non-finite steps
        if ok:
            # the gradients before unscale_ are scale times the true ones ...
            assert scaled == pytest.approx(scale * true, rel=1e-5)
            # ... and the true norm, not the scaled one, is what clipping compares to 1.0
            assert 0.5 < true < 2.0  # order 1, where the scaled norm is above 1e5
            assert scaled > 1e5
    # clipping before unscale_ leaves max_norm / scale: a meaningless threshold
    assert ns["wrong_norm"] == pytest.approx(max_norm / log[-1][0], rel=1e-4)
    assert "RuntimeError: unscale_() has already been called" in result.stdout
    assert f"scaled norm / true norm = {int(log[-1][0])}" in result.stdout


def test_amp_tf(run):
    ns = run("at_scale/amp_tf").namespace
    log, lr, clipnorm = ns["log"], ns["lr"], ns["clipnorm"]
    finite = [math.isfinite(norm) for _, norm, _ in log]
    _check_skips([scale for scale, *_ in log], finite)
    for (scale, scaled, update), ok in zip(log, finite):
        if not ok:
            assert update == 0.0  # LossScaleOptimizer skipped the step
            continue
        assert scaled / scale > 5 * clipnorm  # the true gradient needed clipping
        # clipped after unscaling: the step is lr * clipnorm long, not lr * clipnorm / scale
        assert update == pytest.approx(lr * clipnorm, rel=1e-3)
    assert ns["fixed_norm"] / 1024 > clipnorm  # loss_scale_factor: same order of operations
    assert ns["fixed_update"] == pytest.approx(lr * clipnorm, rel=1e-3)


# --- gradient accumulation -------------------------------------------------------------


def test_accumulation_torch(run):
    ns = run("at_scale/accumulation_torch").namespace
    full, accumulated = ns["full"], ns["accumulated"]
    max_norm = ns["max_norm"]
    cos = torch.nn.functional.cosine_similarity
    # loss / accum_steps over 4 micro-batches gives the full-batch gradient
    assert torch.allclose(accumulated, full, atol=1e-6)
    assert ns["total_norm"].item() == pytest.approx(full.norm().item(), rel=1e-5)
    # clipping once keeps the full-batch direction and caps the norm
    assert ns["clipped_once"].norm().item() == pytest.approx(max_norm, rel=1e-5)
    assert cos(ns["clipped_once"], full, dim=0).item() == pytest.approx(1.0, abs=1e-5)
    # clipping each micro-batch gradient g_j, then averaging, gives a different gradient
    assert all(n > 2 * max_norm for n in ns["micro_norms"])  # every g_j is clipped
    each = ns["clipped_each"].norm().item()
    assert each <= max_norm + 1e-6  # bound: a mean of vectors of norm <= c has norm <= c
    assert each < 0.5 * max_norm  # the clipped g_j partly cancel: a much shorter step
    assert 1 - cos(ns["clipped_each"], full, dim=0).item() > 0.1  # another direction


def test_accumulation_tf(run):
    result = run("at_scale/accumulation_tf")
    ns = result.namespace
    changed = [line.endswith("True") for line in result.stdout.splitlines()[:4]]
    assert changed == [False, False, False, True]  # one update per 4 micro-batches
    lr, clipnorm, full, update = ns["lr"], ns["clipnorm"], ns["full"], ns["update"]
    assert np.linalg.norm(full) > clipnorm
    # the update is -lr * (the accumulated mean gradient, clipped to clipnorm)
    expected = -lr * full * clipnorm / np.linalg.norm(full)
    np.testing.assert_allclose(update, expected, atol=2e-6)
    # each micro-batch's gradient is far larger than their mean: clipping each would differ
    assert all(n > 2 * np.linalg.norm(full) for n in ns["micro_norms"])
    assert np.linalg.norm(ns["each"]) < 0.5 * np.linalg.norm(update)


# --- data parallel ---------------------------------------------------------------------


def test_ddp_torch(run):
    ns = run("at_scale/ddp_torch").namespace
    norms, params = ns["norms"], ns["params"]
    assert len(norms) == ns["WORLD_SIZE"] == 2
    assert ns["max_diff"] == 0.0  # the replicas are bit-for-bit identical
    assert np.array_equal(params[0], params[1])
    assert norms[0] == norms[1]  # every rank clipped with the same norm
    assert all(n > ns["MAX_NORM"] for n in norms[0])  # and clipping was active
    local = [r["local"] for r in ns["ranks"]]
    assert all(abs(a - b) > 0.5 for a, b in zip(*local))  # the shards differ ...
    # ... but after the all-reduce the norm is that of the whole batch on one process
    assert norms[0][0] == pytest.approx(ns["full_norm"], rel=1e-5)


def test_fsdp_torch(run):
    ns = run("at_scale/fsdp_torch").namespace
    assert [r["type"] for r in ns["ranks"]] == ["DTensor", "DTensor"]  # FSDP2 returns a DTensor
    # full_tensor() gives every rank the norm of the whole gradient: the one-process norm
    for full in ns["full_norms"]:
        assert full == pytest.approx(ns["ref_norm"], rel=1e-5)
    # a rank's own shards give a different, wrong number on each rank
    local = ns["local_norms"]
    assert abs(local[0] - local[1]) > 0.5
    assert all(abs(n - ns["ref_norm"]) > 0.1 for n in local)
    assert ns["max_diff"] < 1e-6  # the clipped FSDP step equals the one-process step


def test_mirrored_tf(run):
    ns = run("at_scale/mirrored_tf").namespace
    lr, clipnorm = ns["lr"], ns["clipnorm"]
    # model.fit + global_clipnorm clips each replica's share before the all-reduce:
    assert ns["fit_update"] > 1.3 * lr * clipnorm
    assert ns["fit_update"] == pytest.approx(ns["predicted"], rel=1e-4)
    # reducing first, then clipping, clips the whole batch's gradient
    assert ns["step_norm"] == pytest.approx(ns["full_norm"], rel=1e-5)
    assert ns["step_update"] == pytest.approx(lr * clipnorm, rel=1e-4)
    assert ns["identical"] is True


# --- adaptive gradient clipping ----------------------------------------------------------


def _agc_numpy(w, g, unit_axis, clipping, eps=1e-3):
    """AGC written out with numpy: unit i is the slice w[i] along unit_axis."""
    if w.ndim == 1:  # a bias vector is one unit
        w_norm, g_norm = np.linalg.norm(w), np.linalg.norm(g)
    else:
        other = 1 - unit_axis
        w_norm = np.sqrt((w.astype(np.float64) ** 2).sum(axis=other, keepdims=True))
        g_norm = np.sqrt((g.astype(np.float64) ** 2).sum(axis=other, keepdims=True))
    limit = clipping * np.maximum(w_norm, eps)
    ratio = g_norm / np.maximum(w_norm, eps)
    return np.where(ratio > clipping, g * limit / np.maximum(g_norm, 1e-30), g), ratio


def _check_agc(ns, unit_axis, last):
    clipped_units = kept_units = 0
    for name, w, g0, g1 in zip(ns["names"], ns["weights"], ns["grads_before"], ns["grads_after"]):
        if name in last:
            assert np.array_equal(g1, g0), f"{name}: the last layer must not be clipped"
            continue
        expected, ratio = _agc_numpy(w, g0, unit_axis, ns["clipping"])
        np.testing.assert_allclose(g1, expected, rtol=1e-5, atol=1e-9, err_msg=name)
        clipped_units += int((ratio > ns["clipping"]).sum())
        kept_units += int((ratio <= ns["clipping"]).sum())
    assert clipped_units > 0 and kept_units > 0  # both branches of the rule were exercised


def test_agc_torch(run):
    ns = run("at_scale/agc_torch").namespace
    _check_agc(ns, unit_axis=0, last=ns["last"])  # nn.Linear.weight is (out, in): rows


def test_agc_tf(run):
    ns = run("at_scale/agc_tf").namespace
    last = set(ns["names"][-ns["n_last"] :])
    _check_agc(ns, unit_axis=1, last=last)  # Dense kernel is (in, out): columns
