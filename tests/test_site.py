"""The strict build passes, and what it produces is what a reader should get."""

from __future__ import annotations

import json
import os
import re
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


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
    figures = sorted((site / "outputs").rglob("*.svg")) + sorted(
        (site / "walkthroughs").rglob("*.svg")
    )
    assert len(figures) > 40
    for fig in figures:
        text = fig.read_text("utf-8")
        assert "<dc:date>" not in text, f"{fig.name} carries a timestamp"


def test_versions_come_from_the_pins(site):
    from pipeline.docsite.macros import pins as read_pins

    pins = read_pins()  # every exact pin of pyproject.toml, by lower-case name
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
    from pipeline.docsite.glossary import glossary_terms

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


def test_search_is_lazy_and_one_index_per_language(site):
    """The theme's bundle downloads the index only once search opens (LAZY_SEARCH in
    pipeline/docsite/material.py), and each edition has its own index, which its pages' theme
    base points at (pipeline/docsite/search.py)."""
    from pipeline.docsite.material import LAZY, LAZY_SEARCH

    (bundle,) = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    text = bundle.read_text("utf-8")
    assert text.count(LAZY) == 1 and LAZY_SEARCH not in text
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "search.highlight" not in config, "search.highlight fetches the index on every page"

    english = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    chinese = json.loads((site / "zh-TW" / "search" / "search_index.json").read_text("utf-8"))
    chinese = chinese["docs"]
    assert english and chinese
    assert not [d["location"] for d in english if d["location"].startswith("zh-TW/")]
    assert {d["location"].split("#")[0] for d in english} == {
        d["location"].split("#")[0] for d in chinese
    }, "the two editions' indexes hold different pages"
    for page in pages(site):
        html = page.read_text("utf-8")
        base = re.search(r'id="__config"[^<]*?"base": "([^"]*)"', html)
        if base is None or base[1].startswith("/"):  # 404.html: absolute, the site's root
            continue
        rel = page.relative_to(site).as_posix()
        root = (page.parent / base[1]).resolve()
        expected = (site / "zh-TW") if rel.startswith("zh-TW/") else site
        assert root == expected.resolve(), f"{rel}: theme base {base[1]!r}"


def test_material_start_up_restyles_once(site):
    """No color-scheme meta in the document, no universal palette rule (META and SWITCHING in
    pipeline/docsite/material.py)."""
    from pipeline.docsite.material import META, META_MARK, SWITCHING, SWITCHING_MARK

    (bundle,) = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    (palette,) = (site / "assets" / "stylesheets").glob("palette.*.min.css")
    js, css = bundle.read_text("utf-8"), palette.read_text("utf-8")
    assert not META.search(js) and META_MARK in js
    assert SWITCHING not in css and SWITCHING_MARK in css


def test_the_page_is_built_in_the_light_palette_colours(site):
    """On a light screen Material's script gives the page the light palette entry's colours. The
    page is built with those already (mkdocs.yml: the first palette entry), so the script changes
    nothing: an accent that differed made the browser restyle the whole page at load."""
    html = (site / "remedies" / "clipping" / "index.html").read_text("utf-8")
    body = dict(
        re.findall(
            r'data-md-color-(scheme|primary|accent)="([^"]*)"', re.search(r"<body[^>]*>", html)[0]
        )
    )
    light = re.search(
        r'<input[^>]*data-md-color-media="\(prefers-color-scheme: light\)"[^>]*>', html
    )[0]
    entry = dict(re.findall(r'data-md-color-(scheme|primary|accent)="([^"]*)"', light))
    assert body == entry, (
        f"the page is built with {body}, the light palette is {entry}: give mkdocs.yml's first "
        "palette entry (theme.palette) the light entry's scheme, primary and accent"
    )


def test_material_script_runs_once_the_page_is_parsed(site):
    """Material's bundle is deferred on every page (pipeline/docsite/material.py, BUNDLE_SCRIPT):
    at the end of the body it ran while the parser waited and laid out the whole page inside
    its own task, the longest blocking task of a short page under Lighthouse's slowdown."""
    pages = sorted(site.rglob("*.html"))
    blocking = [
        str(page.relative_to(site))
        for page in pages
        if not re.search(
            r'<script src="[^"]*assets/javascripts/bundle\.\w+\.min\.js" defer>',
            page.read_text("utf-8"),
        )
    ]
    assert len(pages) > 30 and not blocking, f"bundle not deferred: {blocking[:5]}"


def test_walkthrough_pages_are_light_and_self_contained(site):
    """mkdocs-jupyter's JupyterLab CSS, MathJax and mermaid loader are gone; the rest remains."""
    notebooks = sorted((site / "walkthroughs").glob("*/index.html"))
    sources = [p for p in (ROOT / "docs" / "walkthroughs").glob("*.py") if ".zh-TW." not in p.name]
    assert len(notebooks) == len(sources)
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


def test_two_builds_are_byte_identical(site, tmp_path):
    """Same commit, same bytes: HTML, figures, notebooks and the search index."""
    from conftest import build_site

    again = build_site(tmp_path / "again")
    compared = 0
    for path in sorted(site.rglob("*")):
        if path.suffix not in {".html", ".svg", ".ipynb", ".json", ".css", ".js"}:
            continue
        other = again / path.relative_to(site)
        assert other.is_file(), f"{path.relative_to(site)} is missing from the second build"
        assert path.read_bytes() == other.read_bytes(), (
            f"{path.relative_to(site)} differs between two builds of the same commit"
        )
        compared += 1
    assert compared > 100


def _targets(site: Path) -> dict[Path, set[str]]:
    """Every HTML file of the site and the ids it defines."""
    return {
        page: set(re.findall(r'\sid="([^"]+)"', page.read_text("utf-8"))) for page in pages(site)
    }


def test_no_broken_internal_link_anchor_or_image(site):
    """Every href and src that stays on the site resolves to a file, and its #anchor exists."""
    from urllib.parse import unquote, urlsplit

    ids = _targets(site)
    problems = []
    for page in pages(site):
        html = page.read_text("utf-8")
        for attr, url in re.findall(r'\s(href|src)="([^"]*)"', html):
            parts = urlsplit(unescape(url))
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:", "data:")):
                continue
            if not parts.path:
                target = page
            elif parts.path.startswith("/"):  # 404.html links from the site root
                target = site / unquote(parts.path).lstrip("/")
            else:
                target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {attr}={url!r} -> no such file")
                continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in ids.get(target, set()):
                    problems.append(f"{page.relative_to(site)}: {url!r} -> no such anchor")
    assert not problems, "\n".join(problems[:30])


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    "path",
    "circle",
    "rect",
    "line",
    "polyline",
    "polygon",
    "use",
    "stop",
}


def test_html_is_well_formed_and_ids_are_unique(site):
    """Tags close in order (a stray </div> collapses Material's layout) and ids are unique."""
    from collections import Counter
    from html.parser import HTMLParser

    class Checker(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.errors = [], []

        def handle_starttag(self, tag, attrs):
            if tag not in VOID:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            if tag in VOID:
                return
            if self.stack and self.stack[-1] == tag:
                self.stack.pop()
            else:
                self.errors.append(f"</{tag}> at line {self.getpos()[0]}, open: {self.stack[-3:]}")

    for page in pages(site):
        html = page.read_text("utf-8")
        checker = Checker()
        checker.feed(html)
        where = page.relative_to(site)
        assert not checker.errors, f"{where}: {checker.errors[:3]}"
        duplicates = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
        assert not duplicates, f"{where}: duplicate ids {duplicates[:5]}"


def test_print_page_holds_every_page_once(site):
    html = (site / "print" / "index.html").read_text("utf-8")
    sections = re.findall(r'<section class="print-section" id="([^"]+)">', html)
    others = [
        p
        for p in pages(site)
        if p.parent.name != "print" and p.name == "index.html" and "zh-TW" not in p.parts
    ]
    assert len(sections) == len(others) == len(set(sections))
    assert html.count('class="katex"') > 500, "the print page's math is not typeset"
    assert "\\(" not in re.sub(r'<span class="katex-mathml">.*?</span></span>', "", html)
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if "print/" in d["location"]], (
        "the print page repeats every page: keep it out of the search index"
    )


def test_notebook_code_and_outputs_stay_out_of_the_search_index(site):
    """pipeline/docsite/search.py marks a walkthrough's code and printed output, as on any page,
    and the index of each language holds the prose only."""
    for page in sorted(site.glob("**/walkthroughs/*/index.html")):
        html = page.read_text("utf-8")
        blocks = re.findall(
            r'<div class="(?:language-python|no-copy output) highlight"[^>]*>', html
        )
        assert blocks, f"{page.relative_to(site)}: no code blocks found"
        unmarked = [b for b in blocks if "data-search-exclude" not in b]
        assert not unmarked, f"{page.relative_to(site)}: {unmarked[:2]} would be indexed"
    for index in (site / "search" / "search_index.json", site / "zh-TW/search/search_index.json"):
        docs = json.loads(index.read_text("utf-8"))["docs"]
        walkthrough = " ".join(d["text"] for d in docs if d["location"].startswith("walkthroughs/"))
        assert walkthrough, f"{index.relative_to(site)}: no walkthrough text indexed"
        for code in ["def make_mlp", "def train(", "steps run:", "loss of predicting"]:
            assert code not in walkthrough, f"{index.relative_to(site)} indexes {code!r}"


def test_search_excerpts_read_as_text(site):
    """Excerpts show formulas as Unicode text, not TeX, and no tab labels run together
    (pipeline/docsite/search.py)."""
    for index in (site / "search" / "search_index.json", site / "zh-TW/search/search_index.json"):
        docs = json.loads(index.read_text("utf-8"))["docs"]
        where = index.relative_to(site).as_posix()
        for d in docs:
            tex = re.search(r"\\[()\[\]]|\\(?:frac|mathcal|mathbb|partial|lVert)\b", d["text"])
            assert not tex, f"{where}: {d['location']} shows TeX: ...{d['text'][:200]}"
            assert "PyTorchTensorFlow" not in d["text"], f"{where}: {d['location']}"
        assert any("∂ℒ / ∂θ_k" in d["text"] for d in docs), f"{where}: the clipping formula"


def test_chinese_glossary_terms_stay_whole_in_the_index(site):
    """jieba segments the Chinese index with the glossary's terms added to its dictionary:
    every term the pages use is one word, not split by a segment mark (U+200B). Terms with a
    space (He 初始化) are two words to the search in any case."""
    from pipeline.docsite.glossary import chinese_terms

    index = json.loads((site / "zh-TW/search/search_index.json").read_text("utf-8"))
    text = " ".join(d["title"] + " " + d["text"] for d in index["docs"])
    used = [t for t in chinese_terms()[0] if " " not in t]
    split = {
        t: found
        for t in used
        for found in re.findall("\u200b?".join(map(re.escape, t)), text)
        if "\u200b" in found
    }
    assert "梯度裁剪" in text and not split, f"glossary terms split by jieba: {sorted(split)}"
