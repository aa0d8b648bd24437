"""Shared fixtures, and how the suite runs in parallel (pytest-xdist, with the scheduler below).

Snippets and walkthroughs run in the test process, each once per session (pipeline/run.py),
so the tests of one topic (its snippets' tests and their fresh-run comparisons) form one group
and run on one worker: each snippet runs once, torch and TensorFlow are imported once per
worker. Each worker builds the site once for the tests that need it. The children of
tests/test_configurations.py start when the session starts and run beside the rest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import outputs  # noqa: E402
from pipeline import run as pipeline_run  # noqa: E402

# Behaviour assertions must hold with a margin (tests/margins.py).
pytest_plugins = ["margins"]


def snippet_group(nodeid: str) -> str | None:
    """The group of a test that runs snippets: its topic (snippets/<topic>/), or "walkthroughs".
    A group runs on one worker, so a snippet runs once, while the topics spread over the
    workers."""
    path, _, name = nodeid.partition("::")
    if path.startswith("tests/examples/test_"):
        return path.removeprefix("tests/examples/test_").removesuffix(".py")
    if path == "tests/test_walkthroughs.py":
        return "walkthroughs"
    if path == "tests/test_outputs.py" and name.startswith("test_outputs_match_a_fresh_run["):
        return name.removeprefix("test_outputs_match_a_fresh_run[").split("/")[0]
    return None


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's scheduling by scope, with the snippet groups above as scopes and every other
    test a scope of its own. (xdist 3.8's `--dist loadgroup` does not work with pytest 9.2,
    whose nodes no longer keep their id in `_nodeid`.)"""
    from xdist.scheduler import LoadScopeScheduling

    class TopicScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return snippet_group(nodeid) or nodeid

    return TopicScheduling(config, log)


def pytest_configure(config):
    """Start the other configurations' children first, unless the run selects a part of the
    suite (`-k`, `-m`, or paths other than test_configurations.py), in which case
    tests/test_configurations.py starts them if it is selected."""
    if hasattr(config, "workerinput"):  # an xdist worker: the controller did it
        return
    option = config.option
    paths = [str(a) for a in config.args]
    whole = (
        not option.keyword
        and not option.markexpr
        and paths in ([], ["tests"], [str(ROOT / "tests")])
    )
    if whole or any("test_configurations" in a for a in paths):
        from configurations import start_all

        start_all()


def pytest_collection_modifyitems(config, items):
    # The configurations' children run meanwhile: their test goes last, so that no worker
    # waits for them while other tests are left.
    items.sort(key=lambda item: item.path.name == "test_configurations.py")


_results: dict[str, pipeline_run.Result] = {}


def run_snippet(snippet_id: str) -> pipeline_run.Result:
    """Run snippets/<snippet_id>.py once and return its stdout, figures and variables."""
    if snippet_id not in _results:
        _results[snippet_id] = pipeline_run.execute(outputs.find(snippet_id))
    return _results[snippet_id]


@pytest.fixture(scope="session")
def run():
    return run_snippet


def count_build() -> None:
    """`nox -s bench` counts the strict builds of a test run (EGV_BUILD_LOG)."""
    log = os.environ.get("EGV_BUILD_LOG")
    if log:
        with open(log, "a") as f:
            f.write("build\n")


def build_site(dest: Path, **env: str) -> Path:
    """A strict build of the repository into dest; env adds environment variables
    (OFFLINE="true" builds the offline edition)."""
    count_build()
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
