"""The claims of docs/remedies/clipping.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import pytest

TOL = 1e-5


def test_train_loop_torch(run):
    ns = run("clipping/train_loop_torch").namespace
    assert len(ns["norms_before"]) == 6
    for before, after in zip(ns["norms_before"], ns["norms_after"], strict=True):
        assert after <= ns["max_norm"] + TOL  # bound: clipped to at most max_norm
        assert after == pytest.approx(min(before, ns["max_norm"]), rel=1e-4)
    assert min(ns["norms_before"]) > ns["max_norm"]  # the page says: every step was clipped


def test_train_loop_tf(run):
    ns = run("clipping/train_loop_tf").namespace
    assert len(ns["norms_before"]) == 6
    for before, after in zip(ns["norms_before"], ns["norms_after"], strict=True):
        assert after <= ns["max_norm"] + TOL  # bound: clipped to at most max_norm
        assert after == pytest.approx(min(before, ns["max_norm"]), rel=1e-4)
    assert min(ns["norms_before"]) > ns["max_norm"]


def _check_by_value(ns, to_list):
    assert ns["angle_before"] == pytest.approx(math.degrees(math.atan2(4, 3)))  # 53.1 deg
    assert to_list(ns["by_value"]) == [1.0, 1.0]  # each element clamped ...
    assert ns["angle_by_value"] == pytest.approx(45.0)  # ... so the direction turned
    assert to_list(ns["by_norm"]) == pytest.approx([0.6, 0.8])  # rescaled to norm 1 ...
    assert ns["angle_by_norm"] == pytest.approx(ns["angle_before"])  # ... direction kept


def test_by_value_torch(run):
    _check_by_value(run("clipping/by_value_torch").namespace, lambda t: t.tolist())


def test_by_value_tf(run):
    _check_by_value(run("clipping/by_value_tf").namespace, lambda t: t.numpy().tolist())


def test_per_variable_vs_global_torch(run):
    ns = run("clipping/per_variable_vs_global_torch").namespace
    assert ns["per_parameter"] == [-1.0, -1.0]
    assert ns["global_norm"] == pytest.approx([-0.6, -0.8])


def test_per_variable_vs_global_tf(run):
    ns = run("clipping/per_variable_vs_global_tf").namespace
    assert ns["per_variable"] == [-1.0, -1.0]  # clipnorm: each variable on its own
    assert ns["global_norm"] == pytest.approx([-0.6, -0.8])  # global_clipnorm: together
    assert ns["per_variable"] != ns["global_norm"]
    assert "Only one of" in run("clipping/per_variable_vs_global_tf").stdout


def test_note_lines_torch(run):
    ns = run("clipping/note_lines_torch").namespace
    assert ns["norm"].item() == pytest.approx(5.0)  # returns the norm before clipping
    assert ns["model"].weight.grad.norm().item() == pytest.approx(1.0, abs=TOL)


def test_note_lines_tf(run):
    result = run("clipping/note_lines_tf")
    error = result.namespace["note_error"]
    assert isinstance(error, TypeError)  # the note's line raises on Keras 3
    assert "clipnorm" in str(error)
    assert f"TypeError: {error}" in result.stdout  # and the page shows that exact message
    assert result.namespace["variables"][0].numpy().tolist() == pytest.approx([-0.6, -0.8])
    assert float(result.namespace["norm"]) == pytest.approx(5.0)


def test_nonfinite_torch(run):
    result = run("clipping/nonfinite_torch")
    ns = result.namespace
    assert math.isinf(ns["total_norm"].item())
    assert "skipped step" in result.stdout
    assert "weights unchanged: True" in result.stdout
    assert "RuntimeError: The total norm of order 2.0" in result.stdout  # error_if_nonfinite
    first_line = result.stdout.splitlines()[0]
    assert first_line.startswith("norm: inf") and "nan" in first_line  # clipping made NaN


def test_nonfinite_tf(run):
    result = run("clipping/nonfinite_tf")
    ns = result.namespace
    assert math.isinf(float(ns["global_norm"]))
    assert all(math.isnan(v) for v in ns["clipped"][0].numpy().ravel())  # clipping spreads NaN
    assert (ns["model"].trainable_variables[0].numpy() == ns["kernel_before"]).all()


def _check_explode(ns, clipped_name):
    norms, losses = ns["runs"]["no clipping"]
    assert max(norms) > 1e3 or not all(math.isfinite(v) for v in losses)  # explodes
    assert not math.isfinite(losses[-1])  # and ends in NaN or inf
    c_norms, c_losses = ns["runs"][clipped_name]
    assert all(math.isfinite(v) for v in c_losses)  # clipping keeps it finite
    assert c_losses[-1] < c_losses[0] / 4  # and it trains


def test_explode_torch(run):
    result = run("clipping/explode_torch")
    _check_explode(result.namespace, "clip_grad_norm_(max_norm=1.0)")
    assert len(result.figures) == 1


def test_explode_tf(run):
    result = run("clipping/explode_tf")
    _check_explode(result.namespace, "SGD(global_clipnorm=1.0)")
    assert len(result.figures) == 1


def test_clipvalue_tf(run):
    ns = run("clipping/clipvalue_tf").namespace
    assert ns["unclipped"] == [-3.0, 4.0, -0.5]
    assert ns["clipped"] == [-1.0, 1.0, -0.5]  # 3 and -4 clamped to +-1, 0.5 left alone
    assert ns["by_hand"] == [-u for u in ns["clipped"]]  # the same as tf.clip_by_value
    bound = ns["lr"] * ns["c"]
    assert all(d <= bound + 1e-6 for d in ns["record"].deltas)  # bound: clipvalue caps lr * c
    assert len(ns["record"].deltas) == 4
    assert min(ns["record"].deltas) == pytest.approx(bound, rel=1e-3)  # every step hit the cap
    assert ns["nonfinite"][0] == -1.0  # Inf is clamped to c, silently
    assert math.isnan(ns["nonfinite"][1])  # NaN passes through
