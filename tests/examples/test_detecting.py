"""The claims of docs/basics/detecting.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import math

import pytest


def _check_global_norm(result):
    ns = result.namespace
    assert ns["flagged"] == [ns["bad_step"]]  # the corrupt batch, and only it
    assert f"flagged steps: [{ns['bad_step']}]" in result.stdout
    spike_lines = [line for line in result.stdout.splitlines() if "<- spike" in line]
    assert len(spike_lines) == 1
    assert spike_lines[0].startswith(f"step {ns['bad_step']:2d}")
    # the page says: the spike is thousands of times the recent median, while
    # every other step stays below 2 times it
    ratios = [float(line.split()[6]) for line in result.stdout.splitlines() if "x median" in line]
    assert len(ratios) == 15  # steps 5 to 19: the first 5 fill the window
    assert max(ratios) > 1e3
    assert sorted(ratios)[-2] < 2.0
    assert len(ns["history"]) == 19  # every other step was accepted


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_global_norm(run, fw):
    _check_global_norm(run(f"detecting/global_norm_{fw}"))


def _check_per_layer(healthy, exploding, prefix, suffix):
    hidden = [f"{prefix}fc{i}{suffix}" for i in range(1, 11)]  # fc1 (input side) .. fc10
    # bad init: the norm is largest in fc1 and grows at every layer from fc9 down to fc1
    assert max(exploding, key=exploding.get) == hidden[0]
    for lower, upper in zip(hidden[:8], hidden[1:9]):
        assert exploding[lower] > exploding[upper]
    assert exploding[hidden[0]] / exploding[hidden[-1]] > 20  # the page: about 27 times
    # the recommended tanh gain keeps the hidden layers within a factor of about 2
    healthy_hidden = [healthy[name] for name in hidden]
    assert max(healthy_hidden) / min(healthy_hidden) < 2.2
    assert healthy[hidden[0]] / healthy[hidden[-1]] == pytest.approx(1.0, abs=0.1)


def test_per_layer_torch(run):
    result = run("detecting/per_layer_torch")
    ns = result.namespace
    # the hook records exactly the norms that .grad holds after backward()
    for hooks, grads in (
        (ns["healthy_hooks"], ns["healthy"]),
        (ns["exploding_hooks"], ns["exploding"]),
    ):
        assert set(hooks) == set(grads)
        for name, value in grads.items():
            assert hooks[name] == value
    # the hooks fire in backward order: from the head down to fc1
    assert list(ns["exploding_hooks"]) == list(reversed(ns["exploding"]))
    assert "hook norms equal the .grad norms: True" in result.stdout
    assert "hooks fired in this order: head, fc10," in result.stdout
    _check_per_layer(ns["healthy"], ns["exploding"], "", ".weight")
    assert len(result.figures) == 1


def test_per_layer_tf(run):
    result = run("detecting/per_layer_tf")
    ns = result.namespace
    assert list(ns["exploding"])[0] == "mlp/fc1/kernel"
    assert len(ns["exploding"]) == 11  # ten hidden layers and the head
    _check_per_layer(ns["healthy"], ns["exploding"], "mlp/", "/kernel")
    assert len(result.figures) == 1


def test_nan_triage_torch(run):
    result = run("detecting/nan_triage_torch")
    lines = result.stdout.splitlines()
    assert lines[0] == "loss: nan"  # the hand-written loss is NaN ...
    assert "nan" in lines[1]  # ... and so is the gradient
    error = result.namespace["anomaly_error"]
    assert isinstance(error, RuntimeError)
    assert "Function 'LogBackward0' returned nan values" in str(error)
    assert f"RuntimeError: {error}" in result.stdout
    # the forward traceback points at the log of p, in this file
    assert "in bce: log_p = torch.log(p)" in result.stdout
    assert "/" not in result.stdout  # no directories: the output is the same everywhere
    assert "0x" not in result.stdout  # no memory addresses
    grad = result.namespace["logits"].grad
    assert all(math.isfinite(g) for g in grad.tolist())  # the logits loss is finite
    assert result.namespace["loss"].item() == pytest.approx(0.1467, abs=1e-4)


def test_nan_triage_tf(run):
    import tensorflow as tf

    result = run("detecting/nan_triage_tf")
    lines = result.stdout.splitlines()
    assert lines[0] == "loss: nan"
    assert "nan" in lines[1]
    error = result.namespace["check_error"]
    assert isinstance(error, tf.errors.InvalidArgumentError)
    assert 'eagerly-executing op "Log"' in error.message  # names the op ...
    assert "-Inf" in error.message  # ... and the bad value, before any NaN exists
    assert "raised at line" in result.stdout
    assert "in bce: log_p = tf.math.log(p)" in result.stdout
    assert "device:CPU" not in result.stdout  # machine-specific part trimmed
    assert "/" not in result.stdout
    grad = result.namespace["grad"].numpy().tolist()
    assert all(math.isfinite(g) for g in grad)
    assert float(result.namespace["loss"]) == pytest.approx(0.1467, abs=1e-4)
