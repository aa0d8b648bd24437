"""Shared fixtures. Snippets run in this process, each once per test session (pipeline/run.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import run as pipeline_run  # noqa: E402

# Behaviour assertions must hold with a margin (tests/margins.py).
pytest_plugins = ["margins"]

_results: dict[str, pipeline_run.Result] = {}


def run_snippet(snippet_id: str) -> pipeline_run.Result:
    """Run snippets/<snippet_id>.py once and return its stdout, figures and variables."""
    if snippet_id not in _results:
        _results[snippet_id] = pipeline_run.execute(pipeline_run.find(snippet_id))
    return _results[snippet_id]


@pytest.fixture(scope="session")
def run():
    return run_snippet


def build_site(dest: Path, **env: str) -> Path:
    """A strict build of the repository into dest; env adds environment variables
    (OFFLINE="true" builds the offline edition)."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, f"strict build failed:\n{proc.stderr}"
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The built site, shared by the static checks and the browser tests."""
    return build_site(tmp_path_factory.mktemp("site"))
