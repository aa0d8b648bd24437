"""The snippet -> output -> page chain is complete and current.

- every snippet has a behaviour test (tests/examples/test_<topic>.py::test_<name>)
- every snippet's and walkthrough's committed output matches its source, the pinned libraries
  and a fresh run, compared as a reader compares (pipeline/compare.py)
- every snippet is shown on some page, and every example a page shows resolves
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline import compare, outputs
from pipeline.docsite import examples as embed
from pipeline.docsite import lang

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = outputs.discover()
IDS = [s.id for s in SNIPPETS]
SOURCES = outputs.discover_all()  # snippets and walkthroughs
SOURCE_IDS = [s.id for s in SOURCES]
# Every page, both languages (pipeline/docsite/lang.py answers "which pages exist").
PAGES = [
    ROOT / "docs" / rel
    for src in lang.sources(ROOT / "docs")
    if src.endswith(".md")
    for rel in (src, lang.translation_of(src))
]


def behaviour_test(snippet: outputs.Snippet) -> tuple[Path, list[str]]:
    """The test file of a snippet and the names its test may have: test_<name>_<fw> for one
    framework, or test_<name> for a claim both frameworks share (parametrized over `fw`)."""
    topic = snippet.path.parent.relative_to(outputs.SNIPPETS).as_posix().replace("/", "_")
    name = snippet.path.stem
    return ROOT / "tests" / "examples" / f"test_{topic}.py", [
        f"test_{name}",
        f"test_{name.rsplit('_', 1)[0]}",
    ]


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
    path, names = behaviour_test(snippet)
    rel = path.relative_to(ROOT).as_posix()
    assert path.is_file(), f"{snippet.rel} has no tests: create {rel} with `def {names[0]}(run):`"
    module = ast.parse(path.read_text(encoding="utf-8"))
    funcs = {f.name: f for f in module.body if isinstance(f, ast.FunctionDef)}
    found = [funcs[n] for n in names if n in funcs]
    assert found, (
        f"{snippet.rel} has no behaviour test: add `def {names[0]}(run):` to {rel}, "
        f"or `def {names[1]}(run, fw):` parametrized over the frameworks, with asserts on what "
        f"the page claims (run('{snippet.id}') gives its stdout, figures and variables)"
    )
    assert asserts_something(found[0], module), (
        f"{rel}::{found[0].name} asserts nothing: check the claim the page makes with {snippet.rel}"
    )


@pytest.mark.parametrize("snippet", SOURCES, ids=SOURCE_IDS)
def test_outputs_are_current(snippet):
    problem = outputs.staleness(snippet)
    assert problem is None, f"{problem}: run `nox -s outputs` and commit docs/outputs/"


@pytest.mark.parametrize("snippet", SOURCES, ids=SOURCE_IDS)
def test_outputs_match_a_fresh_run(snippet, run):
    """What a fresh run prints and draws is what the page shows, to the precision it shows
    (pipeline/compare.py: words exact, numbers to one unit in the last digit, figures as
    pictures)."""
    result = run(snippet.id)
    manifest = outputs.read_manifest(snippet)
    assert manifest is not None, f"{snippet.rel} has no output: run `nox -s outputs`"
    committed = (
        (snippet.out_dir / manifest["stdout"]).read_text("utf-8") if manifest["stdout"] else ""
    )
    problem = compare.text_difference(committed, result.stdout)
    assert problem is None, (
        f"{snippet.rel} now prints something else than docs/outputs shows: {problem}. If the "
        "snippet changed, run `nox -s outputs`; if the number depends on the machine, print "
        "fewer digits or make the computation better conditioned (CONTRIBUTING.md)."
    )
    names = outputs.figure_names(snippet, len(result.figures))
    assert names == manifest["figures"], f"{snippet.rel} draws a different number of figures"
    for name, data in zip(names, result.figures, strict=True):
        problem = compare.figure_difference((snippet.out_dir / name).read_bytes(), data)
        assert problem is None, (
            f"{snippet.rel}: figure {name} differs from a fresh run: {problem}. Seed the "
            "snippet, then run `nox -s outputs`"
        )


@pytest.mark.parametrize("walkthrough", outputs.walkthroughs(), ids=lambda w: w.id)
def test_executed_notebook_holds_the_captured_outputs(walkthrough):
    """The .ipynb the site publishes shows what <name>.txt and <name>-<n>.svg hold."""
    import nbformat

    manifest = outputs.read_manifest(walkthrough)
    notebook = nbformat.reads(walkthrough.notebook_path.read_text("utf-8"), as_version=4)
    code = [cell.source for cell in walkthrough.code_cells()]
    assert [cell.source for cell in notebook.cells] == code, (
        f"{walkthrough.notebook_path.relative_to(ROOT)} holds other code than {walkthrough.rel} "
        f"(edited by hand, or by a formatter?): run `nox -s outputs -- --force {walkthrough.id}`"
    )
    text, figures = [], []
    for number, cell in enumerate(notebook.cells, start=1):
        printed = "".join(
            o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs
        )
        if printed:
            text.append(outputs.CELL_MARK.format(number) + "\n" + printed.rstrip("\n"))
        figures += [
            o.data["image/svg+xml"]
            for o in cell.outputs
            if "data" in o and "image/svg+xml" in o.data
        ]
    stdout = (walkthrough.out_dir / manifest["stdout"]).read_text("utf-8")
    assert "\n".join(text) + "\n" == stdout
    assert figures == [(walkthrough.out_dir / n).read_text("utf-8") for n in manifest["figures"]]


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


# A number in prose with three or more significant digits is a measurement; it must be one the
# page shows. (Shorter numbers are settings and round values: lr 0.1, 1e-6, 3.4e+38.)
PROSE_NUMBER = re.compile(
    r"(?<![\w.^/])[-\u2212]?\d+\.\d+(?:e[-+]?\d+)?(?![\w.])|(?<![\w.^/])\d+(?:\.\d+)?e[-+]?\d+(?!\w)"
)
NOT_A_MEASUREMENT = re.compile(
    r"(torch|PyTorch|TensorFlow|Keras|Python|NumPy|matplotlib|sec\.|section|arXiv|doi)\W{0,3}"
    r"(\d+(\.\d+)*\W{1,4}(to|and|or|至|到|與|或)\W{0,3})?$",
    re.I,
)
SECTION_AFTER = re.compile(r"^\s*(節|章)")  # 10.7 節: a section number
HIDDEN = re.compile(
    r"```.*?```|`[^`\n]*`|\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$|\$[^$\n]*\$|\{\{.*?\}\}|\]\([^)]*\)",
    re.S,
)
NUMBER_IN_OUTPUT = re.compile(r"\d*\.?\d+(?:e[-+]?\d+)?")


def significant_digits(token: str) -> int:
    mantissa = re.match(r"[-\u2212]?(\d+)(?:\.(\d+))?", token)
    return len((mantissa[1] + (mantissa[2] or "")).lstrip("0"))


def shown_numbers(page: Path, text: str) -> set[str]:
    """Every number the outputs shown on the page print (a walkthrough: its own outputs)."""
    files = []
    for item in embed.find_embeds(text):
        if isinstance(item, embed.Embed):
            for snippet in embed.twins(item.example):
                manifest = outputs.read_manifest(snippet)
                if manifest and manifest["stdout"]:
                    files.append(snippet.out_dir / manifest["stdout"])
    if page.suffix == ".py":
        files.append(ROOT / "docs" / "outputs" / "walkthroughs" / f"{page.stem.split('.')[0]}.txt")
    return {
        n
        for path in files
        if path.is_file()
        for n in NUMBER_IN_OUTPUT.findall(path.read_text("utf-8"))
    }


PROSE_PAGES = [
    p for p in PAGES if not p.name.startswith("references") and "includes" not in p.parts
]
PROSE_PAGES += sorted((ROOT / "docs" / "walkthroughs").glob("*.py"))


def prose_number_problems(page: Path, text: str, name: str) -> list[str]:
    """`name:line: number` for each measured-looking number in the prose of `text` that no
    output shown on the page prints."""
    if page.suffix == ".py":  # a notebook: its Markdown cells
        text = "\n".join(line[2:] if line.startswith("# ") else "" for line in text.splitlines())
    blanked = HIDDEN.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
    shown = shown_numbers(page, text)
    problems = []
    for match in PROSE_NUMBER.finditer(blanked):
        token = match[0].replace("\u2212", "-").lstrip("-")
        if significant_digits(token) < 3 or token in shown:
            continue
        if NOT_A_MEASUREMENT.search(blanked[max(0, match.start() - 30) : match.start()]):
            continue
        if SECTION_AFTER.match(blanked[match.end() : match.end() + 3]):
            continue
        problems.append(f"{name}:{blanked.count(chr(10), 0, match.start()) + 1}: {match[0]}")
    return problems


@pytest.mark.parametrize(
    "page", PROSE_PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PROSE_PAGES]
)
def test_prose_quotes_only_numbers_the_page_shows(page):
    name = page.relative_to(ROOT).as_posix()
    problems = prose_number_problems(page, page.read_text("utf-8"), name)
    assert not problems, (
        "numbers in the prose that no output on the page prints:\n"
        + "\n".join(problems)
        + "\nQuote the output as printed (after `nox -s outputs` if the code changed); a "
        "setting or a round figure needs at most two significant digits."
    )


def test_a_number_no_output_shows_is_reported_with_its_line():
    page = ROOT / "docs" / "remedies" / "clipping.md"
    text = page.read_text("utf-8") + "\nThe loss fell to 0.04321 after clipping.\n"
    problems = prose_number_problems(page, text, "docs/remedies/clipping.md")
    assert problems == [f"docs/remedies/clipping.md:{text.count(chr(10))}: 0.04321"]
    # settings, versions and section numbers are not measurements
    text += "With lr 0.1 in Keras 2.15, see sec. 10.7 and arXiv:1211.5063.\n"
    assert prose_number_problems(page, text, "docs/remedies/clipping.md") == problems


def test_a_reader_compares_words_exactly_and_numbers_to_the_last_digit():
    same = compare.text_difference
    assert same("loss 0.998 after 40 steps", "loss   0.997 after 40 steps") is None
    assert same("2.98e+26 at layer 1", "2.97e+26 at layer 1") is None
    assert "more than one unit" in same("2.98e+26 at layer 1", "3.8e+26 at layer 1")
    assert "line 2: 'nan' became 'inf'" in same("step 0\nloss nan", "step 0\nloss inf")
    assert "'finite' became 'infinite'" in same("always finite", "always infinite")
    assert "goes on at line 2" in same("a\nb", "a")


def test_figures_are_compared_as_pictures():
    svg = (ROOT / "docs" / "outputs" / "clipping" / "explode_torch.svg").read_bytes()
    # the same picture with coordinates moved in their last digits: no visible change
    shifted = re.sub(rb"(\d+\.\d{5})\d", rb"\g<1>9", svg)
    assert shifted != svg and compare.figure_difference(svg, shifted) is None
    # a line drawn elsewhere: a visible change
    moved = svg.replace(b"stroke-width: 1.8", b"stroke-width: 6")
    assert "RMS" in compare.figure_difference(svg, moved)


def test_a_local_build_label_is_the_same_release(monkeypatch):
    """torch 2.13.0+cpu (this machine), 2.13.0 (PyPI) and 2.13.0+cu128 give the same outputs."""
    real = outputs.metadata.version
    snippet = next(s for s in SNIPPETS if s.framework == "torch")
    for label in ("2.13.0", "2.13.0+cpu", "2.13.0+cu128"):
        monkeypatch.setattr(
            outputs.metadata, "version", lambda d, v=label: v if d == "torch" else real(d)
        )
        assert outputs.library_versions("torch")["torch"] == "2.13.0"
        assert outputs.staleness(snippet) is None
    monkeypatch.setattr(
        outputs.metadata, "version", lambda d: "2.14.0" if d == "torch" else real(d)
    )
    assert "but {'torch': '2.14.0'" in outputs.staleness(snippet)
