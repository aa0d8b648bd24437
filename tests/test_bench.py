"""The benchmark's arithmetic (tests/bench.py), without running Lighthouse: the median of three
runs, and the decided targets with the print pages' own budget."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402


def run(perf: int, elements: int = 900, kb: int = 200, audits=()) -> dict:
    return {
        "performance": perf,
        "accessibility": 100,
        "best-practices": 100,
        "seo": 100,
        "elements": elements,
        "bytes": kb * 1024,
        "bytes_without_figures": kb * 1024,
        "failed_audits": list(audits),
        "tbt_ms": 100 * (100 - perf),
        "lcp_ms": 1500,
        "benchmark_index": 1500,
    }


def test_the_median_of_three_runs_is_reported_with_the_runs():
    result = bench.median_run([run(99), run(80, audits=["tbt"]), run(96)])
    assert result["performance"] == 96 and result["performance_runs"] == [99, 80, 96]
    assert result["failed_audits"] == ["tbt"]


def test_print_pages_are_exempt_from_the_score_and_have_a_1_mb_budget():
    slow_and_big = run(60, kb=900)
    assert all(bench.meets_targets("print", slow_and_big).values())
    assert all(bench.meets_targets("zh-TW/print", slow_and_big).values())
    missed = bench.meets_targets("basics/math", slow_and_big)
    assert not missed["performance"] and not missed["bytes"]
    assert not bench.meets_targets("print", run(60, kb=1100))["bytes"]


def test_the_table_names_the_pages_that_miss_a_target(tmp_path):
    results = {
        "pages": {p: {"html": 1, "html_gzip": 1, "with_css_js": 1, "with_css_js_gzip": 1}
                  for p in ("/", "basics/math", "print")},
        "lighthouse": {"/": run(99), "basics/math": run(90, elements=6000), "print": run(40)},
    }  # fmt: skip
    bench.write_table(results, tmp_path)
    table = (tmp_path / "bench.md").read_text()
    assert (
        "| basics/math |" in table and "| 90 (90) | 1000 | 1500 |" in table and "| 6000 |" in table
    )
    assert "benchmark index on this machine (median over pages): 1500" in table
    assert "performance at least 95 on 2 of 3 pages" in table
    assert "Pages missing a target: basics/math." in table


def test_a_page_lighthouse_could_not_measure_is_named_not_a_crash(tmp_path):
    """Lighthouse sees no first paint on the print pages (NO_FCP): their score is None."""
    unmeasured = {**run(0), "performance": None, "tbt_ms": None, "lcp_ms": None}
    result = bench.median_run([unmeasured, unmeasured, unmeasured])
    assert result["performance"] is None and result["performance_runs"] == [None] * 3
    assert bench.meets_targets("print", result)["performance"]
    assert not bench.meets_targets("basics/math", result)["performance"]
    results = {
        "pages": {"print": {"html": 1, "html_gzip": 1, "with_css_js": 1, "with_css_js_gzip": 1}},
        "lighthouse": {"print": result},
    }
    bench.write_table(results, tmp_path)
    table = (tmp_path / "bench.md").read_text()
    assert "| – (–/–/–) | – | – |" in table
    assert "No performance score (Lighthouse saw no first paint, NO_FCP): print." in table
