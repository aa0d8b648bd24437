"""Each mistake a contributor can make fails loudly, naming the file and saying what to do.

Every test copies the project to a temporary folder, makes one mistake there and checks the
message of the command that catches it.
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
    return sh(project, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site"))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, encoding="utf-8")


def test_the_unmodified_copy_builds(project):
    proc = build(project)
    assert proc.returncode == 0, proc.stderr


def test_misspelled_example_name(project):
    append(project / PAGE, '\n{{ example("clipping/trian_loop") }}\n')
    proc = build(project)
    assert proc.returncode != 0
    assert f"{PAGE}:" in proc.stderr
    assert "example 'clipping/trian_loop' not found" in proc.stderr
    assert "snippets/clipping/trian_loop_torch.py" in proc.stderr
    assert "Check the name or create the snippet" in proc.stderr


def test_missing_section(project):
    append(project / PAGE, '\n{{ example("clipping/train_loop", section="nope") }}\n')
    proc = build(project)
    assert proc.returncode != 0
    assert "snippets/clipping/train_loop_torch.py has no section 'nope'" in proc.stderr
    assert "# --8<-- [start:nope]" in proc.stderr


def test_malformed_example_line(project):
    append(project / PAGE, '\n{{ example("clipping/train_loop", colour="red") }}\n')
    proc = build(project)
    assert proc.returncode != 0
    assert f"{PAGE}:" in proc.stderr and "unknown option colour=" in proc.stderr


def test_snippet_changed_without_regenerating_output(project):
    append(project / "snippets/clipping/by_value_torch.py", "print('one more line')\n")
    proc = build(project)
    assert proc.returncode != 0
    assert (
        "snippets/clipping/by_value_torch.py changed after its output was captured" in proc.stderr
    )
    assert "run `nox -s outputs`" in proc.stderr


def test_snippet_without_captured_output(project):
    shutil.copy(
        project / "snippets/clipping/by_value_torch.py", project / "snippets/clipping/new_torch.py"
    )
    append(project / PAGE, '\n{{ example("clipping/new") }}\n')
    proc = build(project)
    assert proc.returncode != 0
    assert "snippets/clipping/new_torch.py has no captured output yet" in proc.stderr
    assert "run `nox -s outputs`" in proc.stderr


def test_figure_without_alt_text(project):
    page = project / PAGE
    text = page.read_text("utf-8")
    start = text.index('{{ example("clipping/explode"')
    end = text.index("}}", start) + 2
    page.write_text(text[:start] + '{{ example("clipping/explode") }}' + text[end:], "utf-8")
    proc = build(project)
    assert proc.returncode != 0
    assert "snippets/clipping/explode_torch.py draws 1 figure(s)" in proc.stderr
    assert 'add alt="what the reader should see"' in proc.stderr


def test_markdown_image_without_alt_text(project):
    append(project / PAGE, "\n![](../assets/logo.svg)\n")
    proc = build(project)
    assert proc.returncode != 0
    assert f"{PAGE}: image '../../assets/logo.svg' has no alt text" in proc.stderr


def test_broken_link_and_anchor(project):
    append(project / PAGE, "\n[a page](../nope.md) and [an anchor](#no-such-heading)\n")
    proc = build(project)
    assert proc.returncode != 0
    assert "remedies/clipping.md" in proc.stderr and "nope.md" in proc.stderr
    assert "no-such-heading" in proc.stderr


def test_math_that_does_not_typeset(project):
    append(project / PAGE, "\nA broken formula: \\(\\frac{1}{\\) here.\n")
    proc = build(project)
    assert proc.returncode != 0
    assert f"{PAGE}: cannot typeset" in proc.stderr and "KaTeX parse error" in proc.stderr


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


def test_snippet_without_behaviour_test(project):
    shutil.copy(
        project / "snippets/clipping/by_value_torch.py",
        project / "snippets/clipping/extra_torch.py",
    )
    proc = sh(
        project,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_outputs.py",
        "-k",
        "has_behaviour_test",
    )
    assert proc.returncode != 0
    assert "snippets/clipping/extra_torch.py has no behaviour test" in proc.stdout
    assert "def test_extra_torch(run):" in proc.stdout


def test_snippet_not_shown_on_any_page(project):
    shutil.copy(
        project / "snippets/clipping/by_value_torch.py",
        project / "snippets/clipping/extra_torch.py",
    )
    proc = sh(
        project,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_outputs.py",
        "-k",
        "shown_on_a_page",
    )
    assert proc.returncode != 0
    assert "not shown on any page: snippets/clipping/extra_torch.py" in proc.stdout


def test_unknown_version_pin(project):
    append(project / "docs/index.md", '\nBuilt with {{ version("tensorflow-gpu") }}.\n')
    proc = build(project)
    assert proc.returncode != 0
    assert "docs/index.md: no pin named 'tensorflow-gpu' in pyproject.toml" in proc.stderr


def test_malformed_glossary_line(project):
    append(
        project / "docs/includes/abbreviations.md", "*[warm-up] learning-rate ramp at the start\n"
    )
    proc = build(project)
    assert proc.returncode != 0
    assert "docs/includes/abbreviations.md:" in proc.stderr
    assert "write a term as `*[term]: 中文 — definition.`" in proc.stderr


TINY_NOTEBOOK = """# %% [markdown]
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


def test_translated_notebook_with_code(project):
    add_notebook(project, TINY_NOTEBOOK)
    append(project / "docs/walkthroughs/tiny.zh-TW.py", '\n# %%\nprint("你好")\n')
    proc = build(project)
    assert proc.returncode != 0
    assert "docs/walkthroughs/tiny.zh-TW.py has 2 code cells" in proc.stderr
    assert "code cell 2 is not empty" in proc.stderr
    assert "Translate only the Markdown cells and the alt texts" in proc.stderr


def test_notebook_figure_without_alt_text(project):
    src = add_notebook(
        project,
        TINY_NOTEBOOK + "\n# %%\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\n",
    )
    proc = build(project)
    assert proc.returncode != 0
    assert f"{src}: the figure of code cell 2 has no alt text" in proc.stderr
    assert '# %% alt="' in proc.stderr


def test_notebook_that_writes_to_stderr(project):
    src = add_notebook(
        project, TINY_NOTEBOOK + '\n# %%\nimport warnings\nwarnings.warn("careful")\n', run=False
    )
    proc = sh(project, "-m", "pipeline.run", "walkthroughs/tiny")
    assert proc.returncode == 1
    assert f"{src}: code cell 2 wrote to stderr" in proc.stderr and "careful" in proc.stderr


def test_notebook_with_a_broken_link(project):
    src = add_notebook(project, TINY_NOTEBOOK.replace("clipping.md", "cliping.md"))
    proc = build(project)
    assert proc.returncode != 0
    assert f"{src}: link '../remedies/cliping.md' points to docs/remedies/cliping.md" in (
        proc.stderr
    )


def test_page_links_to_a_missing_walkthrough_step(project):
    append(project / PAGE, "\n[step 9](../walkthroughs/keras-rnn.py#step-9-nothing)\n")
    proc = build(project)
    assert proc.returncode != 0
    assert "does not contain an anchor '#step-9-nothing'" in proc.stderr


def test_page_left_untranslated(project):
    (project / "docs/remedies/clipping.zh-TW.md").unlink()
    proc = build(project)
    assert proc.returncode != 0
    assert (
        "docs/remedies/clipping.md has no Traditional Chinese translation: create "
        "docs/remedies/clipping.zh-TW.md" in proc.stderr
    )


def test_material_bundle_without_the_search_condition():
    """A Material upgrade that changes its bundle fails the build with what to update."""
    from mkdocs.exceptions import PluginError

    from pipeline.searchindex import make_lazy

    with pytest.raises(PluginError, match=r"update PATTERN in pipeline/searchindex\.py"):
        make_lazy("function Ei(e,t){return L($(!0),Je('search'))}")


def test_material_start_up_code_changed():
    """pipeline/startup.py fails the build, naming what to update, when Material changes."""
    from mkdocs.exceptions import PluginError

    from pipeline.startup import detach_color_scheme_meta, drop_switching_rule

    with pytest.raises(PluginError, match="update META"):
        detach_color_scheme_meta('let o=y("meta",{name:"theme-color"});')
    with pytest.raises(PluginError, match="update SWITCHING"):
        drop_switching_rule("[data-md-color-scheme=slate]{color-scheme:dark}")
