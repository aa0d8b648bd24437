"""Project rules that no other test covers: one place for pins, the bootstrap line agrees."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["dependency-groups"]


def test_every_dependency_is_pinned_exactly():
    for group, requirements in PINS.items():
        for req in requirements:
            if isinstance(req, dict):
                continue  # include-group
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.+]+", req), (
                f"pyproject.toml [{group}]: pin {req!r} to one exact version (name==X.Y.Z)"
            )


def test_bootstrap_nox_pin_matches_readme_and_ci():
    (nox_pin,) = PINS["bootstrap"]
    for path in ["README.md", ".ci/run"]:
        text = (ROOT / path).read_text("utf-8")
        found = set(re.findall(r"nox==[\w.]+", text))
        assert found == {nox_pin}, f"{path} installs {found or 'no pinned nox'}; use {nox_pin}"


def test_no_requirements_files_elsewhere():
    stray = [p.name for p in ROOT.glob("requirements*.txt")] + [
        p.name for p in ROOT.glob("setup.*")
    ]
    assert not stray, f"pins belong in pyproject.toml [dependency-groups], not in {stray}"
