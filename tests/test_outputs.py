"""The snippet -> output -> page chain is complete and current.

- every snippet has a behaviour test (tests/examples/test_<topic>.py::test_<name>)
- every snippet's committed output matches its source, the pinned libraries and a fresh run
- every snippet is shown on some page, and every example a page shows resolves
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipeline import embed
from pipeline import run as pipeline_run

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = pipeline_run.discover()
IDS = [s.id for s in SNIPPETS]
PAGES = sorted((ROOT / "docs").rglob("*.md"))


def behaviour_test(snippet: pipeline_run.Snippet) -> tuple[Path, str]:
    topic = snippet.path.parent.relative_to(pipeline_run.SNIPPETS).as_posix().replace("/", "_")
    return ROOT / "tests" / "examples" / f"test_{topic}.py", f"test_{snippet.path.stem}"


def asserts_something(func: ast.FunctionDef, module: ast.Module) -> bool:
    """An assert or pytest.raises in the test, or in a module-level helper it calls."""
    helpers = {f.name: f for f in module.body if isinstance(f, ast.FunctionDef)}
    seen, todo = set(), [func]
    while todo:
        node = todo.pop()
        for sub in ast.walk(node):
            if isinstance(sub, ast.Assert):
                return True
            if isinstance(sub, ast.Attribute) and sub.attr == "raises":
                return True
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                name = sub.func.id
                if name in helpers and name not in seen:
                    seen.add(name)
                    todo.append(helpers[name])
    return False


def test_there_are_snippets():
    assert len(SNIPPETS) >= 2


@pytest.mark.parametrize("snippet", SNIPPETS, ids=IDS)
def test_snippet_has_behaviour_test(snippet):
    path, name = behaviour_test(snippet)
    rel = path.relative_to(ROOT).as_posix()
    assert path.is_file(), f"{snippet.rel} has no tests: create {rel} with `def {name}(run):`"
    module = ast.parse(path.read_text(encoding="utf-8"))
    funcs = {f.name: f for f in module.body if isinstance(f, ast.FunctionDef)}
    assert name in funcs, (
        f"{snippet.rel} has no behaviour test: add `def {name}(run):` to {rel}, "
        f"with asserts on what the page claims (run('{snippet.id}') gives its stdout, figures "
        "and variables)"
    )
    assert asserts_something(funcs[name], module), (
        f"{rel}::{name} asserts nothing: check the claim the page makes with {snippet.rel}"
    )


@pytest.mark.parametrize("snippet", SNIPPETS, ids=IDS)
def test_outputs_are_current(snippet):
    problem = pipeline_run.staleness(snippet)
    assert problem is None, f"{problem}: run `nox -s outputs` and commit docs/outputs/"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=IDS)
def test_outputs_match_a_fresh_run(snippet, run):
    result = run(snippet.id)
    manifest = pipeline_run.read_manifest(snippet)
    assert manifest is not None, f"{snippet.rel} has no output: run `nox -s outputs`"
    committed = (
        (snippet.out_dir / manifest["stdout"]).read_text("utf-8") if manifest["stdout"] else ""
    )
    assert result.stdout == committed, (
        f"{snippet.rel} now prints something else than docs/outputs shows. If the snippet is "
        "deterministic, run `nox -s outputs`; if not, seed it."
    )
    names = pipeline_run.figure_names(snippet, len(result.figures))
    assert names == manifest["figures"], f"{snippet.rel} draws a different number of figures"
    for name, data in zip(names, result.figures, strict=True):
        assert (snippet.out_dir / name).read_bytes() == data, (
            f"{snippet.rel}: figure {name} differs from a fresh run: seed the snippet, then run "
            "`nox -s outputs`"
        )


def all_embeds():
    for page in PAGES:
        for item in embed.find_embeds(page.read_text(encoding="utf-8")):
            yield page, item


def test_every_snippet_is_shown_on_a_page():
    shown = {item.example for _, item in all_embeds() if isinstance(item, embed.Embed)}
    unshown = [s.rel for s in SNIPPETS if s.example not in shown]
    assert not unshown, (
        f"not shown on any page: {', '.join(unshown)}. Add "
        '{{ example("<topic>/<name>") }} to a page under docs/, or delete the snippet.'
    )


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_every_embedded_example_resolves(page):
    src = page.relative_to(ROOT / "docs").as_posix()
    problems = []
    for item in embed.find_embeds(page.read_text(encoding="utf-8")):
        if isinstance(item, embed.EmbedError):
            problems.append(f"docs/{src}:{item.line}: {item}")
            continue
        _, found = embed.render(item, src)
        problems += [f"docs/{src}:{item.line}: {p}" for p in found]
    assert not problems, "\n".join(problems)
