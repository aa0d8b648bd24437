"""Every command of the project. Install nox once (see README.md), then `nox -s <session>`.

    serve     build and serve the site at http://127.0.0.1:8000 with live reload
    build     build the static site into site/ (strict; extra mkdocs arguments after --)
    offline   build the offline edition into site-offline/: open index.html from disk, search works
    outputs   rerun the snippets and walkthroughs that changed; write docs/outputs/
    tests     every test: snippets and their claims, outputs current, strict build, failure paths
    lint      ruff check and ruff format --check on all Python
    bench     build/test timings, page weight, Lighthouse scores -> bench-results/

Dependency pins live in pyproject.toml ([dependency-groups]) and nowhere else. MkDocs runs as
`python -m mkdocs` from the project root, so that its one hook, pipeline/docsite/hooks.py, can
import the pipeline package.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests"]

ENV = {
    "NO_MKDOCS_2_WARNING": "1",  # silence the MkDocs 2.0 banner
    "TF_CPP_MIN_LOG_LEVEL": "2",  # silence TensorFlow's start-up logging
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
}


def install(session: nox.Session, *groups: str) -> None:
    """Install dependency groups, skipping pip when the venv already has exactly these pins."""
    requirements = nox.project.dependency_groups(PYPROJECT, *groups)
    stamp = Path(session.virtualenv.location) / "pins.json"
    wanted = json.dumps(sorted(requirements))
    if stamp.is_file() and stamp.read_text() == wanted:
        return
    session.install(*requirements)
    stamp.write_text(wanted)


@nox.session
def serve(session: nox.Session) -> None:
    """Build and serve the site on http://127.0.0.1:8000; pages reload when a file changes.

    After the first full build, only the edited page is rebuilt (--dirty), so an edit shows in
    under a second; problems are logged as warnings here and fail `nox -s build` and the tests.
    """
    install(session, "docs")
    session.run(
        "python",
        "-m",
        "mkdocs",
        "serve",
        "--dirty",
        "--no-strict",
        "--dev-addr",
        "127.0.0.1:8000",
        *session.posargs,
        env=ENV,
    )


@nox.session
def build(session: nox.Session) -> None:
    """Build the static site into site/ with --strict."""
    install(session, "docs")
    session.run("python", "-m", "mkdocs", "build", "--strict", *session.posargs, env=ENV)


@nox.session
def offline(session: nox.Session) -> None:
    """Build the offline edition into site-offline/ (file:// links, search without a server)."""
    install(session, "docs")
    session.run(
        "python",
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--site-dir",
        "site-offline",
        *session.posargs,
        env={**ENV, "OFFLINE": "true"},
    )


@nox.session
def outputs(session: nox.Session) -> None:
    """Rerun snippets and walkthroughs whose source or library releases changed (docs/outputs/)."""
    install(session, "examples")
    session.run("python", "-m", "pipeline.run", *session.posargs, env=ENV)


@nox.session
def tests(session: nox.Session) -> None:
    """Run every test (pytest arguments after --)."""
    install(session, "tests")
    session.run("pytest", *session.posargs, env=ENV)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def bench(session: nox.Session) -> None:
    """Measure build and test times, page weight and Lighthouse scores (bench-results/)."""
    install(session, "tests")
    args = []
    if shutil.which("npm") and shutil.which("chromium"):
        prefix = Path(session.virtualenv.location) / "node"
        session.run(
            "npm",
            "install",
            "--silent",
            "--prefix",
            str(prefix),
            *PYPROJECT["tool"]["egv"]["npm"],
            external=True,
        )
        args = ["--lighthouse", str(prefix / "node_modules" / ".bin" / "lighthouse")]
    else:
        session.warn("npm or chromium missing: no Lighthouse scores (apt-get install chromium)")
    session.run("python", "tests/bench.py", *args, *session.posargs, env=ENV)
