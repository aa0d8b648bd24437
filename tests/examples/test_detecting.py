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


def test_forward_nonfinite_torch(run):
    import torch

    result = run("detecting/forward_nonfinite_torch")
    ns = result.namespace
    error = ns["forward_error"]
    assert isinstance(error, FloatingPointError)
    # the hook stops at the first module whose output is not finite: the
    # hand-written softplus after fc1, and only the corrupt example is hit
    assert str(error).startswith("act1 (HandSoftplus):")
    assert str(error).endswith("in examples [3]")
    with torch.no_grad():
        z = ns["model"].fc1(ns["x"])  # its inputs: far above exp's overflow at 88.7
    assert z[3].max().item() > 88.7
    others = torch.cat([z[:3], z[4:]])
    assert others.max().item() < 88.7 / 10  # the healthy examples are far below it
    # detect_anomaly does not check the forward pass: the loss came out NaN
    assert "forward pass under detect_anomaly: loss = nan" in result.stdout
    assert "with nn.Softplus: loss is finite: True" in result.stdout


def test_forward_nonfinite_tf(run):
    import tensorflow as tf

    result = run("detecting/forward_nonfinite_tf")
    ns = result.namespace
    assert ns["first_bad_layer"] == "act1"  # the layer-by-layer loop names the layer
    assert "first non-finite output: act1 (HandSoftplus)" in result.stdout
    assert "in examples [3]" in result.stdout
    error = ns["check_error"]
    assert isinstance(error, tf.errors.InvalidArgumentError)
    assert 'eagerly-executing op "Exp"' in error.message  # check numerics names the op
    assert "with softplus: output is finite: True" in result.stdout


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_masked_softmax(run, fw):
    results = run(f"detecting/masked_softmax_{fw}").namespace["results"]
    row, loss, grads_finite = results["-inf fill"]
    assert all(math.isnan(w) for w in row)  # a fully masked row: exp(-inf - -inf) = NaN
    assert math.isnan(loss) and not grads_finite  # ... and it reaches loss and gradients
    row, loss, grads_finite = results["finite fill"]
    assert row == [0.25] * 4  # uniform over the 4 masked positions: finite
    assert math.isfinite(loss) and grads_finite
    row, loss, grads_finite = results["where"]
    assert row == [0.0] * 4  # the empty row attends to nothing
    assert math.isfinite(loss) and grads_finite


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_fp16_overflow(run, fw):
    result = run(f"detecting/fp16_overflow_{fw}")
    ns = result.namespace
    assert "65504" in result.stdout  # float16's largest number
    assert "70000 becomes inf in float16, 70144 in bfloat16" in result.stdout
    assert "1.001 becomes 1.00098 in float16, 1 in bfloat16" in result.stdout
    f32, f16, bf16, first = ns["f32"], ns["f16"], ns["bf16"], ns["first_inf"]
    assert all(math.isfinite(v) for v in f32)
    assert all(math.isfinite(v) for v in f16[:first])  # float16 is fine below 65504 ...
    assert not any(math.isfinite(v) for v in f16[first:])  # ... Inf from there on
    assert f32[first - 1] < 65504  # the last finite layer is below float16's limit ...
    assert f32[first] > 65504  # ... and the first Inf layer is above it
    assert all(math.isfinite(v) for v in bf16)  # bfloat16 has float32's range ...
    assert ns["bf16_finite"]
    assert ns["bf16_error"] > 1e-3  # ... but is rounded: 8 bits of mantissa


def test_terminate_on_nan_tf(run):
    result = run("detecting/terminate_on_nan_tf")
    ns = result.namespace
    losses = ns["losses"]
    assert not math.isfinite(losses[-1])  # it stopped at the first non-finite loss ...
    assert all(math.isfinite(v) for v in losses[:-1])  # ... and not before
    assert len(losses) < 40  # long before the 80 batches of the full run
    assert "without the callback: 80 batches, last loss nan" in result.stdout
    assert "Invalid loss, terminating training" in result.stdout
    assert losses[-2] > 1e30  # the loss had been exploding


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_update_ratio(run, fw):
    ns = run(f"detecting/update_ratio_{fw}").namespace
    median = ns["median"]  # layer -> [lr 0.02, lr 1.0], median of steps 0-4
    for healthy, too_high in median.values():
        assert 5e-4 < healthy < 5e-2  # around the usual 1e-3
        assert too_high > 0.3  # lr 1.0: each step rewrites a third of W or more
    assert min(v[0] for v in median.values()) < 1e-2
    losses = ns["healthy_losses"]
    assert sum(losses[-8:]) / 8 < losses[0]  # lr 0.02 trains
    assert ns["too_high_losses"][4] > 100 * ns["too_high_losses"][0]  # lr 1.0 diverges
