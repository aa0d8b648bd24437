"""The walkthrough notebooks (docs/walkthroughs/*.py) do what their prose says.

`nox -s outputs` runs them through pipeline/run.py, like the snippets; here the same runner
runs each once per test session, tests/test_outputs.py compares what it printed and drew with
docs/outputs/, and the tests below assert the outcomes the text states on its variables.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pytest
from conftest import run_snippet

from pipeline import outputs

ROOT = Path(__file__).resolve().parents[1]
WALKTHROUGHS = ROOT / "docs" / "walkthroughs"
# The English notebooks; their translations (N.zh-TW.py) take code and outputs from them.
NOTEBOOKS = [w.path for w in outputs.walkthroughs()]
DOCS = ROOT / "docs"


def execute(path: Path) -> dict:
    """Run the notebook's code cells through pipeline/run.py (once); return its variables."""
    return run_snippet(f"walkthroughs/{path.stem}").namespace


def first_nan(losses: list[float]) -> int | None:
    return next((i for i, v in enumerate(losses) if not math.isfinite(v)), None)


def final_loss(run: dict) -> float:
    tail = run["loss"][-50:]
    return sum(tail) / len(tail)


def test_every_walkthrough_has_a_test():
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    for path in NOTEBOOKS:
        stem = path.stem.replace("-", "_")
        assert stem in tested, (
            f"docs/walkthroughs/{path.name} has no test: add `def test_{stem}()` to "
            "tests/test_walkthroughs.py asserting what its prose says"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_fits_the_page(path):
    """Code cells are shown in code blocks: 79 columns read without scrolling (prose reflows)."""
    import jupytext

    for number, cell in enumerate(c for c in jupytext.read(path).cells if c.cell_type == "code"):
        for line in cell.source.splitlines():
            assert len(line) <= 79, (
                f"docs/walkthroughs/{path.name}, code cell {number + 1}: {line.strip()[:40]!r}... "
                f"is {len(line)} characters long; keep code within 79 columns"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_step_is_linked_from_a_page(path):
    """The theory and remedy pages link to the walkthrough steps that use them."""
    steps = re.findall(r"^# ## (Step \d+: .+)$", path.read_text("utf-8"), re.MULTILINE)
    assert steps, f"docs/walkthroughs/{path.name} has no '## Step N: ...' headings"
    pages = "\n".join(p.read_text("utf-8") for p in DOCS.rglob("*.md"))
    for step in steps:
        anchor = re.sub(r"[^\w\s-]", "", step.lower()).strip()
        anchor = re.sub(r"[\s]+", "-", anchor)
        assert f"walkthroughs/{path.name}#{anchor}" in pages, (
            f"no page links to '{step}' of docs/walkthroughs/{path.name}: link it from the "
            f"page that explains it, e.g. [{step}](../walkthroughs/{path.name}#{anchor})"
        )


def test_pytorch_deep_mlp():
    ns = execute(WALKTHROUGHS / "pytorch-deep-mlp.py")
    runs = ns["runs"]

    # Step 1: N(0, 0.25²) starts huge and overflows on the second step.
    naive = runs["N(0, 0.25²)"]
    assert naive["loss"][0] > 1e6 and naive["norm"][0] > 1e8
    assert first_nan(naive["loss"]) == 1

    # Step 2: the forward signal grows toward the output, the backward signal toward the input,
    # and the weight gradients are flat but huge; He keeps all three level.
    bad, he = ns["profiles"]["N(0, 0.25²)"], ns["profiles"]["He"]
    assert bad["activation std"][-1] / bad["activation std"][0] > 1e3
    assert bad["gradient at the output"][0] / bad["gradient at the output"][-1] > 1e3
    weights = bad["weight gradient"]
    assert max(weights) / min(weights) < 100
    assert min(weights) > 1e6 * max(he["weight gradient"])
    for values in he.values():
        assert max(values) / min(values) < 10
    assert "returned nan values" in ns["anomaly"]

    # Step 3: He starts healthy, stays near 1 for 35 steps, then NaN at step 38.
    he_run = runs["He"]
    assert he_run["norm"][0] < 2 and max(he_run["norm"][:35]) < 10
    assert first_nan(he_run["loss"]) == 38

    # Step 4: clipping finishes all 400 steps with a low loss, though pre-clip spikes remain.
    clipped = runs["He + clipping"]
    assert len(clipped["loss"]) == 400 and first_nan(clipped["loss"]) is None
    assert final_loss(clipped) < 0.01
    assert max(clipped["norm"]) > 10

    # Step 5: warm-up ends as low, calms the first 50 steps but not the rest; alone, it fails
    # earlier than the run without it.
    warm = runs["He + clipping + warm-up"]
    assert len(warm["loss"]) == 400 and final_loss(warm) < 0.01
    assert max(warm["norm"][:50]) < 0.7 * max(clipped["norm"][:50])
    assert max(warm["norm"]) > 1.5 * max(clipped["norm"])
    assert first_nan(ns["warmup_only"]["loss"]) < first_nan(he_run["loss"])


def test_keras_rnn():
    ns = execute(WALKTHROUGHS / "keras-rnn.py")
    runs, steps = ns["runs"], 8 * 4096 // 64
    baseline = 1 / 6

    # Step 1: N(0, 4/32) is NaN after one step.
    normal = runs["N(0, 4/32)"]
    assert normal["loss"][0] > 1e5 and normal["norm"][0] > 1e8
    assert first_nan(normal["loss"]) == 1

    # Step 2: the gradient grows back through time with N(0, 4/32), shrinks when orthogonal,
    # and check_numerics names the recurrent matmul.
    grad = ns["gradient_through_time"]
    exploding = grad(ns["make_model"](ns["simple_rnn"](ns["normal"])))
    vanishing = grad(ns["make_model"](ns["simple_rnn"]("orthogonal")))
    assert exploding[0] / exploding[-1] > 1e4
    assert vanishing[0] / vanishing[-1] < 1e-4
    assert "simple_rnn_cell" in ns["first_bad_op"] and "MatMul_1" in ns["first_bad_op"]

    # Step 3: orthogonal starts healthy, but training at lr 1.0 still overflows.
    orthogonal = runs["orthogonal"]
    assert orthogonal["norm"][0] < 10
    assert first_nan(orthogonal["loss"]) is not None and len(orthogonal["loss"]) < steps
    assert max(orthogonal["norm"]) > 1e6

    # Step 4: clipping keeps every step finite, but the network learns nothing.
    clipped = runs["orthogonal + clipping"]
    assert len(clipped["loss"]) == steps and first_nan(clipped["loss"]) is None
    assert clipped["val"] > 0.9 * baseline

    # Step 5: the LSTM solves the task; the SimpleRNN trained the same way learns part of it.
    lstm, simple = runs["LSTM, Adam + clipping"], runs["SimpleRNN, Adam + clipping"]
    assert lstm["val"] < 0.1 * baseline
    assert lstm["val"] < 0.1 * simple["val"]
    assert simple["val"] < 0.7 * baseline


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
