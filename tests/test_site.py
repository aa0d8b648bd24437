"""The strict build passes, and what it produces is what a reader should get."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, f"strict build failed:\n{proc.stderr}"
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_strict_build_passes(site):
    assert (site / "index.html").is_file()
    assert (site / "remedies" / "clipping" / "index.html").is_file()


def test_every_image_has_alt_text(site):
    for page in pages(site):
        for tag in re.findall(r"<img\b[^>]*>", page.read_text("utf-8")):
            alt = re.search(r'\salt="([^"]*)"', tag)
            assert alt and alt[1].strip(), (
                f"{page.relative_to(site)}: image without alt text: {tag}"
            )


def test_math_is_typeset_and_no_raw_tex_is_left(site):
    html = (site / "remedies" / "clipping" / "index.html").read_text("utf-8")
    assert html.count('class="katex"') >= 10
    assert "assets/katex/katex.min.css" in html
    text = re.sub(r'<span class="katex-mathml">.*?</span></span>', "", html, flags=re.S)
    assert "\\(" not in text and "\\[" not in text and "\\frac" not in text


def test_no_third_party_resources(site):
    """Scripts, styles, fonts and images all come from the site itself."""
    for page in pages(site):
        html = page.read_text("utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            if re.search(r'\brel="(?:canonical|alternate)"', tag):
                continue  # links, not requests
            url = re.search(r'\s(?:src|href)="([^"]+)"', tag)
            assert not (url and re.match(r"(https?:)?//", url[1])), (
                f"{page.relative_to(site)} requests a third-party resource: {tag}"
            )
    for css in site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text("utf-8", errors="replace")


def test_examples_show_linked_framework_tabs(site):
    html = (site / "remedies" / "clipping" / "index.html").read_text("utf-8")
    labels = re.findall(r'<label for="__tabbed_[^"]*">([^<]*)</label>', html)
    assert labels and set(labels) == {"PyTorch", "TensorFlow"}
    assert labels.count("PyTorch") >= 5
    # the shown code is the snippet as a reader copies it: no section markers
    assert "--8&lt;--" not in html and "--8<--" not in html


def test_figures_are_deterministic_svg(site):
    figures = sorted((site / "outputs").rglob("*.svg"))
    assert figures
    for fig in figures:
        text = fig.read_text("utf-8")
        assert "<dc:date>" not in text, f"{fig.name} carries a timestamp"


def test_versions_come_from_the_pins(site):
    import tomllib

    pins = dict(
        r.split("==")
        for r in tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["dependency-groups"][
            "examples"
        ]
    )
    home = (site / "index.html").read_text("utf-8")
    for name in ["torch", "tensorflow-cpu", "keras", "numpy", "matplotlib"]:
        assert f"<td>{pins[name]}</td>" in home, f"the home page does not show {name} {pins[name]}"
    clipping = (site / "remedies" / "clipping" / "index.html").read_text("utf-8")
    assert (
        f"Tested with torch {pins['torch']} (CPU) and TensorFlow {pins['tensorflow-cpu']}"
        in clipping
    )
    assert "Tested with" not in (site / "review" / "references" / "index.html").read_text("utf-8")


def test_glossary_lists_every_term_and_pages_show_tooltips(site):
    from pipeline.macros import glossary_terms

    glossary = (site / "review" / "glossary" / "index.html").read_text("utf-8")
    terms = glossary_terms()
    assert len(terms) >= 40
    for t in terms:
        assert t["zh"] in glossary, f"the glossary page misses {t['term']} ({t['zh']})"
    clipping = (site / "remedies" / "clipping" / "index.html").read_text("utf-8")
    assert clipping.count("<abbr title=") >= 10


def test_search_dialog_has_an_accessible_name(site):
    for page in pages(site):
        html = page.read_text("utf-8")
        if 'data-md-component="search" role="dialog"' in html:
            assert 'role="dialog" aria-label="Search"' in html, f"{page.relative_to(site)}"


def test_walkthrough_pages_are_light_and_self_contained(site):
    """mkdocs-jupyter's JupyterLab CSS, MathJax and mermaid loader are gone; the rest remains."""
    notebooks = sorted((site / "walkthroughs").glob("*/index.html"))
    assert len(notebooks) == len(list((ROOT / "docs" / "walkthroughs").glob("*.py")))
    for page in notebooks:
        name, html = page.parent.name, page.read_text("utf-8")
        where = f"walkthroughs/{name}/index.html"
        assert len(html.encode()) <= 150_000, f"{where}: {len(html.encode())} bytes of HTML"
        for leftover in ["<style", "jp-Cell", "jupyter-wrapper", "MathJax", "mermaid", "cdnjs"]:
            assert leftover not in html, f"{where} still contains {leftover!r}"
        assert 'class="katex"' in html, f"{where}: its math was not typeset"
        assert html.count('class="language-python highlight"') >= 5
        assert 'class="no-copy output highlight"' in html
        assert "Tested with" in html
        figures = re.findall(r'<img src="([^"/]+)"', html)
        source = (ROOT / "docs" / "walkthroughs" / f"{name}.py").read_text("utf-8")
        assert len(figures) == source.count('\n# %% alt="'), f"{where}: figures missing"
        for src in figures:
            assert (page.parent / src).is_file(), f"{where}: missing figure {src}"
        assert f'href="{name}.ipynb" download' in html
        notebook = json.loads((page.parent / f"{name}.ipynb").read_text("utf-8"))
        assert notebook["nbformat"] == 4
        prose = "".join(
            "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
        )
        for target in re.findall(r"\]\(([^)]+)\)", prose):
            assert target.startswith("https://"), (
                f"{name}.ipynb links to {target!r}: downloaded notebooks need absolute links"
            )
