"""Each mistake a contributor can make fails loudly, naming the file and saying what to do.

Where the build is what catches the mistake (MkDocs' link validation, the list of files, the
strict mode itself), a test copies the project to a temporary folder, makes the mistake there
and builds: four strict builds. Everywhere else the test calls the step that finds the
mistake (pipeline/docsite/, pipeline/run.py) and checks the message it reports; the build passes
those messages to MkDocs, whose strict mode fails on them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = "docs/remedies/clipping.md"


@pytest.fixture
def project(tmp_path) -> Path:
    for name in ["docs", "snippets", "pipeline", "tests"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["mkdocs.yml", "pyproject.toml"]:
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def sh(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    return subprocess.run(
        [sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


def build(project: Path) -> subprocess.CompletedProcess:
    from conftest import count_build

    count_build()
    return sh(project, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site"))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, encoding="utf-8")


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """snippets/ and docs/outputs/ copied to a temporary root that the steps read instead."""
    from pipeline import outputs
    from pipeline.docsite import examples

    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    shutil.copytree(ROOT / "docs" / "outputs", tmp_path / "docs" / "outputs")
    for module in (outputs, examples):
        monkeypatch.setattr(module, "ROOT", tmp_path)
        monkeypatch.setattr(module, "SNIPPETS", tmp_path / "snippets")
        monkeypatch.setattr(module, "OUTPUTS", tmp_path / "docs" / "outputs")
    return tmp_path


def expand_examples(markdown: str, src: str = "remedies/clipping.md") -> list[str]:
    """The problems pipeline/docsite/examples.py reports for a page's Markdown."""
    from pipeline.docsite import examples

    problems: list[str] = []
    examples.expand(markdown, src, "Output", 0, problems.append)
    return problems


def test_mistakes_the_build_catches(project):
    """One strict build with three mistakes that only a build sees: an example line naming no
    snippet (reported at its line in the file, front matter included), links MkDocs' validation
    rejects, and a page without its translation."""
    text = (project / PAGE).read_text("utf-8")
    append(project / PAGE, '\n{{ example("clipping/trian_loop") }}\n')
    line = text.count("\n") + 2
    append(
        project / PAGE,
        "\n[a page](../nope.md) and [an anchor](#no-such-heading) and "
        "[step 9](../walkthroughs/keras-rnn.py#step-9-nothing)\n",
    )
    (project / "docs/remedies/initialization.zh-TW.md").unlink()
    proc = build(project)
    assert proc.returncode != 0
    assert f"{PAGE}:{line}: example 'clipping/trian_loop' not found" in proc.stderr
    assert "snippets/clipping/trian_loop_torch.py" in proc.stderr
    assert "Check the name or create the snippet" in proc.stderr
    assert "remedies/clipping.md" in proc.stderr and "nope.md" in proc.stderr
    assert "no-such-heading" in proc.stderr
    assert "does not contain an anchor '#step-9-nothing'" in proc.stderr
    assert (
        "docs/remedies/initialization.md has no Traditional Chinese translation: create "
        "docs/remedies/initialization.zh-TW.md" in proc.stderr
    )


def test_the_tests_name_the_same_line_as_the_build():
    from pipeline.docsite.examples import find_embeds

    text = (ROOT / PAGE).read_text("utf-8") + '\n{{ example("clipping/trian_loop") }}\n'
    (item,) = [e for e in find_embeds(text) if e.example == "clipping/trian_loop"]
    assert item.line == text.count("\n")  # what test_every_embedded_example_resolves reports


def test_missing_section():
    problems = expand_examples('{{ example("clipping/train_loop", section="nope") }}\n')
    assert problems[0].startswith("docs/remedies/clipping.md:1: ")
    assert "snippets/clipping/train_loop_torch.py has no section 'nope'" in problems[0]
    assert "# --8<-- [start:nope]" in problems[0]


def test_malformed_example_line():
    (problem,) = expand_examples('{{ example("clipping/train_loop", colour="red") }}\n')
    assert problem.startswith("docs/remedies/clipping.md:1: ")
    assert "unknown option colour=" in problem


def test_snippet_changed_without_regenerating_output(tree):
    append(tree / "snippets/clipping/by_value_torch.py", "print('one more line')\n")
    (problem,) = expand_examples('{{ example("clipping/by_value") }}\n')
    assert "snippets/clipping/by_value_torch.py changed after its output was captured" in problem
    assert "run `nox -s outputs`" in problem


def test_snippet_without_captured_output(tree):
    shutil.copy(
        tree / "snippets/clipping/by_value_torch.py", tree / "snippets/clipping/new_torch.py"
    )
    (problem,) = expand_examples('{{ example("clipping/new") }}\n')
    assert "snippets/clipping/new_torch.py has no captured output yet" in problem
    assert "run `nox -s outputs`" in problem


def test_figure_without_alt_text():
    problems = expand_examples('{{ example("clipping/explode") }}\n')
    assert "snippets/clipping/explode_torch.py draws 1 figure(s)" in problems[0]
    assert 'add alt="what the reader should see"' in problems[0]


def test_markdown_image_without_alt_text():
    from pipeline.docsite.examples import check_images

    problems: list[str] = []
    check_images('<p><img src="../../assets/logo.svg" alt=""></p>', PAGE[5:], problems.append)
    assert problems == [
        f"{PAGE}: image '../../assets/logo.svg' has no alt text. Write what the reader should "
        "see in it: ![what it shows](file)."
    ]


def test_math_that_does_not_typeset():
    from pipeline.docsite import typeset

    problems: list[str] = []
    html = '<p>A broken formula: <span class="arithmatex">\\(\\frac{1}{\\)</span> here.</p>'
    typeset.typeset(html, PAGE[5:], problems.append)
    typeset.close_engine()
    assert problems and problems[0].startswith(f"{PAGE}: cannot typeset")
    assert "KaTeX parse error" in problems[0]


def test_snippet_that_raises(project):
    (project / "snippets/clipping/broken_torch.py").write_text(
        'print("starting")\nraise ValueError("the loss is not a tensor")\n', "utf-8"
    )
    proc = sh(project, "-m", "pipeline.run", "clipping/broken_torch")
    assert proc.returncode == 1
    assert (
        "snippets/clipping/broken_torch.py raised ValueError: the loss is not a tensor"
        in proc.stderr
    )
    assert "python snippets/clipping/broken_torch.py" in proc.stderr
    assert "nox -s outputs" in proc.stderr


def test_misnamed_snippet(project):
    (project / "snippets/clipping/demo.py").write_text("print(1)\n", "utf-8")
    proc = sh(project, "-m", "pipeline.run")
    assert proc.returncode == 2
    assert (
        "snippets/clipping/demo.py: a snippet's name must end in _torch.py or _tf.py" in proc.stderr
    )


@pytest.mark.parametrize(
    "check, messages",
    [
        (
            "has_behaviour_test",
            [
                "snippets/clipping/extra_torch.py has no behaviour test",
                "def test_extra_torch(run):",
            ],
        ),
        ("shown_on_a_page", ["not shown on any page: snippets/clipping/extra_torch.py"]),
    ],
)
def test_snippet_without_test_or_page(project, check, messages):
    shutil.copy(
        project / "snippets/clipping/by_value_torch.py",
        project / "snippets/clipping/extra_torch.py",
    )
    proc = sh(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
              "tests/test_outputs.py", "-k", check)  # fmt: skip
    assert proc.returncode != 0
    for message in messages:
        assert message in proc.stdout


def test_unknown_version_pin():
    from pipeline.docsite import macros

    problems: list[str] = []
    macros.expand(
        'Built with {{ version("tensorflow-gpu") }}.\n', "index.md", "en", problems.append
    )
    assert problems == ["docs/index.md: no pin named 'tensorflow-gpu' in pyproject.toml"]


def test_malformed_glossary_line(tmp_path, monkeypatch):
    from pipeline.docsite import glossary, macros

    path = ROOT / "docs" / "includes" / "abbreviations.md"
    broken = tmp_path / "docs" / "includes" / "abbreviations.md"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        path.read_text("utf-8") + "*[warm-up] learning-rate ramp at the start\n", "utf-8"
    )
    monkeypatch.setattr(glossary, "ROOT", tmp_path)
    monkeypatch.setitem(glossary.ABBREVIATIONS, "en", broken)
    problems: list[str] = []
    macros.expand("{{ glossary() }}\n", "review/glossary.md", "en", problems.append)
    (problem,) = problems
    assert "docs/review/glossary.md: cannot build the glossary" in problem
    assert "docs/includes/abbreviations.md:" in problem
    assert "write a term as `*[term]: 中文 — definition.`" in problem


TINY_NOTEBOOK = """# ---
# jupyter:
#   description: A tiny walkthrough that prints hello.
# ---

# %% [markdown]
# # Tiny
#
# A link to [clipping](../remedies/clipping.md).

# %%
print("hello")
"""


def add_notebook(project: Path, text: str, run: bool = True) -> str:
    """A new walkthrough, in the nav, with its translation (the same cells, code cells empty)
    and, unless run=False, its outputs; returns its path as messages name it."""
    import jupytext

    (project / "docs/walkthroughs/tiny.py").write_text(text, "utf-8")
    translation = jupytext.reads(text, fmt="py:percent")
    for cell in translation.cells:
        if cell.cell_type == "code":
            cell.source = ""
    (project / "docs/walkthroughs/tiny.zh-TW.py").write_text(
        jupytext.writes(translation, fmt="py:percent"), "utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - Walkthroughs:\n", "  - Walkthroughs:\n      - Tiny: walkthroughs/tiny.py\n"
        ),
        "utf-8",
    )
    if run:
        proc = sh(project, "-m", "pipeline.run", "walkthroughs/tiny")
        assert proc.returncode == 0, proc.stderr
    return "docs/walkthroughs/tiny.py"


def test_the_tiny_notebook_builds(project):
    """The base of the notebook tests below is valid, so each of them tests one mistake."""
    add_notebook(project, TINY_NOTEBOOK)
    proc = build(project)
    assert proc.returncode == 0, proc.stderr
    html = (project / "site/walkthroughs/tiny/index.html").read_text("utf-8")
    assert "hello" in html and 'href="../../remedies/clipping/"' in html
    assert (project / "site/walkthroughs/tiny/tiny.ipynb").is_file()
    assert "hello" in (project / "site/zh-TW/walkthroughs/tiny/index.html").read_text("utf-8")


def test_notebook_cell_that_raises(project):
    src = add_notebook(project, TINY_NOTEBOOK + '\n# %%\nraise ValueError("boom")\n', run=False)
    proc = sh(project, "-m", "pipeline.run", "walkthroughs/tiny")
    assert proc.returncode == 1
    assert f"{src}: code cell 2 raised ValueError: boom" in proc.stderr
    assert 'raise ValueError("boom")' in proc.stderr and f"python {src}" in proc.stderr
    assert "nox -s outputs" in proc.stderr


def test_notebook_changed_without_regenerating_output(project):
    src = add_notebook(project, TINY_NOTEBOOK)
    append(project / src, '\n# %%\nprint("one more cell")\n')
    proc = build(project)
    assert proc.returncode != 0
    assert f"the code cells of {src} changed after their output was captured" in proc.stderr
    assert "run `nox -s outputs`" in proc.stderr


def test_notebook_mistakes_the_build_catches(project):
    """A figure without alt text, a broken link, and a translation with code, in one build."""
    src = add_notebook(
        project,
        TINY_NOTEBOOK.replace("clipping.md", "cliping.md")
        + "\n# %%\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\n",
    )
    append(project / "docs/walkthroughs/tiny.zh-TW.py", '\n# %%\nprint("你好")\n')
    proc = build(project)
    assert proc.returncode != 0
    assert f"{src}: the figure of code cell 2 has no alt text" in proc.stderr
    assert '# %% alt="' in proc.stderr
    assert f"{src}: link '../remedies/cliping.md' points to docs/remedies/cliping.md" in (
        proc.stderr
    )
    assert "docs/walkthroughs/tiny.zh-TW.py has 3 code cells" in proc.stderr
    assert "code cell 3 is not empty" in proc.stderr
    assert "Translate only the Markdown cells and the alt texts" in proc.stderr


def test_notebook_that_writes_to_stderr(project):
    src = add_notebook(
        project, TINY_NOTEBOOK + '\n# %%\nimport warnings\nwarnings.warn("careful")\n', run=False
    )
    proc = sh(project, "-m", "pipeline.run", "walkthroughs/tiny")
    assert proc.returncode == 1
    assert f"{src}: code cell 2 wrote to stderr" in proc.stderr and "careful" in proc.stderr


@pytest.mark.parametrize(
    "patch, changed, constant",
    [
        ("make_lazy", "function Ei(e,t){return L($(!0),Je('search'))}", "LAZY_SEARCH"),
        ("detach_color_scheme_meta", 'let o=y("meta",{name:"theme-color"});', "META"),
        ("focus_wide_code", 'd&&r?e.setAttribute("tabindex","-1"):0', "CODE_FOCUS"),
        ("check_lazy_content", 'return V("content.code.copy")?mt(e):o', "LAZY_CONTENT"),
        ("mount_tabs_when_visible", 'V("content.lazy")?mt(e).pipe(Ee(1)):o', "ONCE_VISIBLE"),
        (
            "mount_tabs_when_visible",
            'V("content.lazy")?mt(e).pipe(g(n=>n),Ee(1),b(()=>o)):o;function ri(e){H(()=>{})}',
            "LAZY_TABS",
        ),
        (
            "leave_wrapped_tables",
            'x("div",{class:"md-typeset__scrollwrap"},x("div",{class:"md-typeset__table"},e));'
            'M("table:not(.plain)",e).map(i=>ti(i))',
            "TABLE_MOUNT",
        ),
        (
            "leave_wrapped_tables",
            'x("div",{class:"md-scrollwrap"},e);M("table:not([class])",e).map(i=>ti(i))',
            "TABLE_WRAPPER",
        ),
        ("drop_switching_rule", "[data-md-color-scheme=slate]{color-scheme:dark}", "SWITCHING"),
        ("name_search_dialog", '<div class="md-search" role="dialog">', "SEARCH_DIALOG"),
        ("restore_tabs_by_text", "if(label.textContent.trim()===tab)", "TABS_RESTORE"),
        (
            "defer_bundle",
            '<script type="module" src="../assets/javascripts/bundle.0a1b2c3d.min.js"></script>',
            "BUNDLE_SCRIPT",
        ),
    ],
)
def test_material_changed(patch, changed, constant):
    """A Material upgrade that moves a patched piece fails the build, naming what to update."""
    from mkdocs.exceptions import PluginError

    from pipeline.docsite import material

    with pytest.raises(PluginError, match=rf"update {constant} in pipeline/docsite/material\.py"):
        getattr(material, patch)(changed)


def test_extra_script_without_defer(tmp_path):
    """A site script that would run before Material's deferred one stops the build at its line."""
    from mkdocs.config.config_options import ExtraScriptValue
    from mkdocs.exceptions import PluginError

    from pipeline.docsite import material

    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "extra_javascript:\n  - path: assets/a.js\n    defer: true\n  - assets/b.js\n"
    )
    deferred = ExtraScriptValue("assets/a.js")
    deferred.defer = True
    material.check_scripts_deferred([deferred], str(config))
    with pytest.raises(PluginError, match=r"mkdocs\.yml:4: extra_javascript assets/b\.js has no"):
        material.check_scripts_deferred([deferred, "assets/b.js"], str(config))


def test_material_template_without_a_theme_base():
    from mkdocs.exceptions import PluginError

    from pipeline.docsite import material

    with pytest.raises(PluginError, match="update CONFIG_BASE"):
        material.chinese_theme_base("<html>no config</html>", "zh-TW")
