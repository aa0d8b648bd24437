"""Shared fixtures. Snippets run in this process, each once per test session (pipeline/run.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import run as pipeline_run  # noqa: E402

_results: dict[str, pipeline_run.Result] = {}


def run_snippet(snippet_id: str) -> pipeline_run.Result:
    """Run snippets/<snippet_id>.py once and return its stdout, figures and variables."""
    if snippet_id not in _results:
        _results[snippet_id] = pipeline_run.execute(pipeline_run.find(snippet_id))
    return _results[snippet_id]


@pytest.fixture(scope="session")
def run():
    return run_snippet
