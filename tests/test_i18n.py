"""The Traditional Chinese edition mirrors the English one.

Every English page has a zh-TW translation with the same headings (levels and ids, in order) and
the same examples; the language switcher links resolve; Chinese search finds the right pages
(test_browser.py); Chinese pages have glossary tooltips.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

from pipeline.docsite.examples import find_embeds
from pipeline.docsite.lang import ZH, sources, translation_of

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SOURCES = sources(DOCS)


def built(site: Path, src: str, lang: str = "en") -> Path:
    stem = src.rsplit(".", 1)[0].removesuffix("index").removesuffix("/")
    page = site / (f"{ZH}/" if lang == ZH else "") / stem / "index.html"
    return page if stem else site / (f"{ZH}/" if lang == ZH else "") / "index.html"


def headings(html: str) -> list[tuple[str, str]]:
    article = html[html.find("<article") : html.find("</article>")]
    return re.findall(r'<h([1-6]) id="([^"]+)"', article)


@pytest.mark.parametrize("src", SOURCES)
def test_page_is_translated_with_the_same_structure(site, src):
    zh_src = translation_of(src)
    assert (DOCS / zh_src).is_file(), (
        f"docs/{src} has no translation: create docs/{zh_src} (CONTRIBUTING.md, 'Translate a page')"
    )
    en_html = built(site, src).read_text("utf-8")
    zh_html = built(site, src, ZH).read_text("utf-8")
    assert headings(zh_html) == headings(en_html), (
        f"docs/{zh_src}: its headings (levels and ids, in order) differ from docs/{src}. "
        "Give each translated heading the English id: `## 標題 { #english-id }`."
    )
    assert '<html lang="zh-Hant"' in zh_html or 'lang="zh-TW"' in zh_html


@pytest.mark.parametrize("src", [s for s in SOURCES if s.endswith(".md")])
def test_translation_shows_the_same_examples(src):
    def examples(path: Path) -> list[tuple]:
        return [
            (e.example, e.section, e.output)
            for e in find_embeds(path.read_text("utf-8"))
            if not isinstance(e, Exception)
        ]

    zh_src = translation_of(src)
    assert examples(DOCS / zh_src) == examples(DOCS / src), (
        f"docs/{zh_src} must show the same examples as docs/{src}, in the same order"
    )


@pytest.mark.parametrize("src", [s for s in SOURCES if s.endswith(".py")])
def test_translated_notebook_has_the_same_cells_and_no_code(src):
    """The Chinese walkthrough holds only prose and alt texts: its page takes the code and the
    outputs from the English notebook's run, so there is no second copy to keep in step."""

    def cells(path: Path) -> list[tuple[str, bool]]:
        return [(c.cell_type, "alt" in c.metadata) for c in jupytext.read(path).cells]

    zh = DOCS / translation_of(src)
    assert cells(zh) == cells(DOCS / src), (
        f"docs/{translation_of(src)}: its cells (Markdown and code, in order, and which have "
        f"alt text) must match docs/{src}"
    )
    code = [c.source for c in jupytext.read(zh).cells if c.cell_type == "code"]
    assert not any(source.strip() for source in code), (
        f"docs/{translation_of(src)}: leave its code cells empty; the code comes from docs/{src}"
    )


def test_language_switcher_links_resolve(site):
    for src in SOURCES:
        for lang, other in [("en", ZH), (ZH, "en")]:
            page = built(site, src, lang)
            html = page.read_text("utf-8")
            links = dict(
                (hreflang, href)
                for href, hreflang in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', html)
            )
            assert set(links) == {"en", ZH}, f"{page.relative_to(site)}: switcher {links}"
            target = (page.parent / links[other]).resolve() / "index.html"
            assert target == built(site, src, other).resolve(), (
                f"{page.relative_to(site)}: the {other} link goes to {links[other]}, "
                "not to the same page in that language"
            )


def test_chinese_pages_have_glossary_tooltips(site):
    html = built(site, "remedies/clipping.md", ZH).read_text("utf-8")
    titles = re.findall(r'<abbr title="([^"]+)">([^<]+)</abbr>', html)
    chinese = [term for _, term in titles if re.search(r"[\u4e00-\u9fff]", term)]
    assert len(chinese) >= 10 and "梯度裁剪" in chinese


def test_chinese_text_has_no_stray_line_breaks(site):
    """A line break between two Chinese characters shows as a space in the browser."""
    html = built(site, "remedies/clipping.md", ZH).read_text("utf-8")
    text = re.sub(r"<pre\b.*?</pre>", "", html, flags=re.S)
    assert not re.search(r"[\u4e00-\u9fff，。]\n[\u4e00-\u9fff]", text)
