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


def imports_of(path: Path) -> set[str]:
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_the_site_layer_needs_no_ml_stack_and_has_no_import_cycle():
    """pipeline/docsite/ (the site) never imports the runner, torch or TensorFlow, its modules
    import each other without a cycle, and the contract (pipeline/outputs.py) stays light."""
    heavy = ("torch", "tensorflow", "keras", "numpy", "matplotlib", "pipeline.run")
    modules = {p.stem: p for p in (ROOT / "pipeline" / "docsite").glob("*.py")}
    graph = {}
    for name, path in {**modules, "outputs": ROOT / "pipeline" / "outputs.py"}.items():
        found = imports_of(path)
        bad = [m for m in found if m.split(".")[0] in heavy[:5] or m.startswith(heavy[5])]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}: the site must build without them"
        graph[name] = {m.split(".")[2] for m in found if m.startswith("pipeline.docsite.")}
        graph[name] &= set(modules) - {name}
    done: set[str] = set()

    def visit(name: str, stack: tuple[str, ...]) -> None:
        assert name not in stack, f"import cycle: {' -> '.join((*stack, name))}"
        if name not in done:
            for other in sorted(graph.get(name, ())):
                visit(other, (*stack, name))
            done.add(name)

    for name in sorted(graph):
        visit(name, ())
    sys_path = [p for p in modules.values() if "sys.path" in p.read_text("utf-8")]
    assert not sys_path, f"{sys_path}: no sys.path changes in the site layer"


def test_one_hook_entry_point():
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    hooks = re.search(r"^hooks:\n((?:  - .+\n)+)", config, re.M)
    assert hooks and hooks[1].split() == ["-", "pipeline/docsite/hooks.py"]


def test_publishing_workflow_runs_the_readme_sessions_with_pinned_actions():
    """.github/workflows/pages.yml cannot run here: it must parse, run on main, call the
    README's test command (through .ci/run) and build, pin each action to a commit, deploy."""
    import yaml

    path = ".github/workflows/pages.yml"
    flow = yaml.safe_load((ROOT / path).read_text("utf-8"))
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as True
    assert on["push"]["branches"] == ["main"], f"{path}: publish on pushes to main"
    steps = [s for job in flow["jobs"].values() for s in job.get("steps", [])]
    runs = [s["run"] for s in steps if "run" in s]
    assert "bash .ci/run" in runs, f"{path}: run .ci/run, the CI entry point"
    assert "nox -s tests" in (ROOT / ".ci/run").read_text("utf-8").replace("lint tests", "tests")
    assert any(re.search(r"nox -s build\b", r) for r in runs), f"{path}: build with nox -s build"
    text = (ROOT / path).read_text("utf-8")
    for line in re.findall(r"uses: *(\S+.*)", text):
        assert re.fullmatch(r"actions/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), (
            f"{path}: pin `{line}` to a commit SHA with its release as a comment"
        )
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site", f"{path}: upload what `nox -s build` wrote"
    deploy = flow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_site_url_edit_uri_and_readme_name_one_repository():
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    site_url = re.search(r"^site_url: (\S+)", config, re.M)[1]
    edit_uri = re.search(r"^edit_uri: (\S+)", config, re.M)[1]
    edit = re.fullmatch(r"https://github\.com/([\w-]+)/([\w.-]+)/edit/main/docs/", edit_uri)
    owner, name = edit.groups()
    # GitHub Pages: the repository <owner>.github.io is served at the root, any other at /<name>/.
    pages = f"https://{owner}.github.io/" + ("" if name == f"{owner}.github.io" else f"{name}/")
    assert site_url == pages, f"mkdocs.yml: site_url {site_url} is not where {owner}/{name} is"
    readme = (ROOT / "README.md").read_text("utf-8")
    repos = set(re.findall(r"github\.com/([\w-]+/[\w.-]*\w)", config + readme))
    assert repos == {f"{owner}/{name}"}, f"mkdocs.yml and README.md name {sorted(repos)}"
