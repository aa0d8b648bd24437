"""pytest plugin: every behaviour assertion holds with a margin, so that it holds on other CPUs.

A snippet's numbers move a little from one machine to the next (another kernel, another thread
count). An assertion that passes by 1 % here can fail there. After each passing `assert` in a
behaviour test (tests/examples/, tests/test_walkthroughs.py), this plugin evaluates the
comparison's two sides again, in the frame that ran it, and requires at least MARGIN:

    a < b, a <= b, a > b, a >= b   (b - a) / max(|a|, |b|) >= MARGIN   (for a < b)
    a == pytest.approx(b, ...)      |a - b| <= (1 - MARGIN) * tolerance

Chains (`lo < x < hi`), `and`, and `all(... for x in xs)` are checked term by term; other
assertions (equality of counts and strings, membership) pass as they are. A comparison with 0
on both sides, or with a non-numeric side, is skipped. A bound that holds by construction, not
by measurement (a clipped norm is at most max_norm; a draw from U(-a, a) stays within a), says
so in a comment on its line, `# bound: <why>`, and is not held to a margin.

With EGV_MARGINS=<file> the margins of the session are written there as JSON (the tightest per
assertion); tests/test_configurations.py and `nox -s bench` read them.
"""

from __future__ import annotations

import ast
import json
import math
import os
import sys
from functools import cache
from pathlib import Path

import pytest

MARGIN = 0.10
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "examples"
WALKTHROUGH_TESTS = ROOT / "tests" / "test_walkthroughs.py"
_margins: dict[str, dict] = {}  # "file:line" -> the tightest margin seen, with its values


def _is_behaviour(item) -> bool:
    """The tests of snippets' and walkthroughs' claims (not the checks of their files)."""
    if EXAMPLES in item.path.parents:
        return True
    walkthroughs = (ROOT / "docs" / "walkthroughs").glob("*.py")
    names = {"test_" + p.stem.replace("-", "_") for p in walkthroughs if "." not in p.stem}
    return item.path == WALKTHROUGH_TESTS and item.originalname in names


@cache
def _asserts(filename: str) -> dict[int, ast.Assert]:
    """The assert statements of a file by line, without those marked `# bound:`."""
    text = Path(filename).read_text("utf-8")
    lines = text.splitlines()
    found = {}
    for node in ast.walk(ast.parse(text, filename)):
        if isinstance(node, ast.Assert):
            source = "\n".join(lines[node.lineno - 1 : node.end_lineno])
            if "# bound:" not in source:
                found[node.lineno] = node
    return found


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        import numpy as np

        if isinstance(value, np.generic) and value.size == 1:
            value = value.item()
    except ImportError:  # pragma: no cover - numpy is always there
        pass
    if isinstance(value, (int, float)):
        return float(value)
    return None


def _order_margin(lo: float, hi: float) -> float | None:
    """How far lo < hi holds, relative to the larger of the two."""
    scale = max(abs(lo), abs(hi))
    if scale == 0 or math.isnan(scale):
        return None
    if math.isinf(scale):
        return 1.0 if lo < hi else 0.0
    return (hi - lo) / scale


def _approx_margin(actual, approx) -> float | None:
    expected = getattr(approx, "expected", None)
    tolerance = getattr(approx, "tolerance", None)
    a, e = _number(actual), _number(expected)
    if a is None or e is None or not tolerance:
        return None
    return 1 - abs(a - e) / tolerance


def _compare_margins(node: ast.Compare, evaluate) -> list[tuple[float, str]]:
    values = [evaluate(node.left), *[evaluate(c) for c in node.comparators]]
    found = []
    for op, a, b in zip(node.ops, values, values[1:]):
        if isinstance(op, ast.Eq):
            approx = a if hasattr(a, "tolerance") else b if hasattr(b, "tolerance") else None
            if approx is None:
                continue
            actual = b if approx is a else a
            margin = _approx_margin(actual, approx)
            shown = f"{actual!r} == {approx!r}"
        elif isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)):
            x, y = _number(a), _number(b)
            if x is None or y is None:
                continue
            lo, hi = (x, y) if isinstance(op, (ast.Lt, ast.LtE)) else (y, x)
            margin = _order_margin(lo, hi)
            shown = f"{x:.6g} {type(op).__name__} {y:.6g}"
        else:
            continue
        if margin is not None:
            found.append((margin, shown))
    return found


def _margins_of(test: ast.expr, frame) -> list[tuple[float, str]]:
    names = {**frame.f_globals, **frame.f_locals}

    def evaluate(expr, extra=None):
        code = compile(ast.Expression(expr), "<margin>", "eval")
        return eval(code, names, extra or {})  # noqa: S307 - the test's own expression, again

    if isinstance(test, ast.Compare):
        return _compare_margins(test, evaluate)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [m for value in test.values for m in _margins_of(value, frame)]
    is_all = isinstance(test, ast.Call) and getattr(test.func, "id", None) == "all"
    if is_all and len(test.args) == 1 and isinstance(test.args[0], ast.GeneratorExp):
        gen = test.args[0]
        comp = gen.generators[0]
        if len(gen.generators) != 1 or comp.ifs or not isinstance(gen.elt, ast.Compare):
            return []
        assign = ast.Module([ast.Assign([comp.target], ast.Name("_v", ast.Load()))], [])
        target = compile(ast.fix_missing_locations(assign), "<margin>", "exec")
        found = []
        for value in evaluate(comp.iter):
            scope = {"_v": value}
            exec(target, names, scope)  # noqa: S102 - binds the loop variables
            found += _compare_margins(gen.elt, lambda e, s=scope: evaluate(e, s))
        return found
    return []


def _frame_of(filename: str):
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != filename:
        frame = frame.f_back
    return frame


@pytest.hookimpl
def pytest_assertion_pass(item, lineno, orig, expl):
    filename = str(item.path)
    node = _asserts(filename).get(lineno)
    frame = _frame_of(filename)
    if node is None or frame is None or not _is_behaviour(item):
        return
    try:
        found = _margins_of(node.test, frame)
    except Exception:  # noqa: BLE001 - an expression that cannot run twice: no margin to check
        return
    if not found:
        return
    margin, shown = min(found)
    where = f"{item.path.relative_to(ROOT).as_posix()}:{lineno}"
    old = _margins.get(where)
    if old is None or margin < old["margin"]:
        _margins[where] = {"margin": margin, "values": shown, "assert": orig.strip()}
    if margin < MARGIN:
        raise AssertionError(
            f"{where}: `assert {orig.strip()}` holds by {margin:.1%} only ({shown}); it needs "
            f"{MARGIN:.0%}, or it may fail on another CPU. Move the threshold away from the "
            "measured value (say why in a comment), or assert a sturdier claim."
        )


def pytest_sessionfinish(session):
    path = os.environ.get("EGV_MARGINS")
    if path and _margins:  # an xdist worker that ran no behaviour test writes nothing
        Path(path).write_text(json.dumps(_margins, indent=1, sort_keys=True), "utf-8")
