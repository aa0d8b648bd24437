"""The glossary's tooltips: Latin-script terms on Chinese pages, and no entry that no page uses.

The English pages get their tooltips from Markdown's abbr extension; the Chinese pages from
pipeline/docsite/glossary.py, which matches the Chinese names anywhere and the Latin-script
names of an entry (ReLU, AdamW, Pre-LN, BatchNorm) as whole words.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from pipeline.docsite.glossary import (
    ABBREVIATIONS,
    add_tooltips,
    chinese_terms,
    glossary_terms,
    latin_names,
)
from pipeline.docsite.lang import DEFAULT, ZH

ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')


def test_latin_terms_match_whole_words_outside_code_links_and_math():
    terms = {"梯度裁剪": "gradient clipping — 定義"}
    latin = {"ReLU": "修正線性單元 — 定義", "Adam": "自適應動差估計 — 定義", "LN": "x"}
    page = (
        "<p>ReLU 與梯度裁剪；nn.ReLU、ReLU6、AdamW、Pre-LN 不算；"
        '<code>ReLU</code> <a href="#">ReLU</a> \\(\\mathrm{ReLU}\\) 也不算；'
        '<abbr title="English title">Adam</abbr> 換成中文。</p>'
    )
    out = add_tooltips(page, terms, latin)
    assert ABBR.findall(out) == [
        ("修正線性單元 — 定義", "ReLU"),
        ("gradient clipping — 定義", "梯度裁剪"),
        ("自適應動差估計 — 定義", "Adam"),
    ]
    assert "nn.ReLU、ReLU6、AdamW、Pre-LN" in out
    assert "<code>ReLU</code>" in out and '<a href="#">ReLU</a>' in out
    assert "\\(\\mathrm{ReLU}\\)" in out


def test_chinese_entries_give_their_latin_names_a_chinese_tooltip():
    terms, latin = chinese_terms()
    assert latin_names("batch normalization / BatchNorm") == ["batch normalization", "BatchNorm"]
    expected = [("ReLU", "修正線性單元"), ("BatchNorm", "批次正規化"), ("Pre-LN", "前置")]
    for name, chinese in expected:
        assert html.unescape(latin[name]).startswith(chinese), (name, latin[name])
    assert html.unescape(terms["修正線性單元"]).startswith("ReLU — ")


def test_chinese_pages_show_chinese_tooltips_on_latin_terms(site):
    page = (site / ZH / "remedies" / "activations" / "index.html").read_text("utf-8")
    titles = {text: title for title, text in ABBR.findall(page)}
    assert html.unescape(titles["ReLU"]).startswith("修正線性單元 — ")
    assert html.unescape(titles["Leaky ReLU"]).startswith("帶洩漏修正線性單元 — ")


def pages_html(site: Path, language: str) -> str:
    """Every built page of one language but the glossary page, which lists every term."""
    root = site / ZH if language == ZH else site
    pages = [
        p
        for p in root.rglob("index.html")
        if (language == ZH) == (p.is_relative_to(site / ZH))
        and "review/glossary" not in p.as_posix()
        and "print" not in p.relative_to(site).parts
    ]
    return "\n".join(p.read_text("utf-8") for p in pages)


@pytest.mark.parametrize("language", [DEFAULT, ZH])
def test_every_glossary_entry_is_used_on_a_page(site, language):
    """A tooltip no page shows is a glossary line to remove, or a term the pages should use."""
    shown = {html.unescape(text) for _, text in ABBR.findall(pages_html(site, language))}
    unused = []
    for t in glossary_terms(ABBREVIATIONS[language]):
        names = [t["term"], *(latin_names(t["zh"]) if language == ZH else [])]
        if not shown & set(names):
            unused.append(t["term"])
    assert not unused, (
        f"{ABBREVIATIONS[language].name}: entries that no {language} page shows: "
        + ", ".join(unused)
    )


def test_chinese_glossary_is_in_the_order_of_the_english_terms():
    from pipeline.docsite.glossary import glossary_list

    names = re.findall(r"^([^:\n].*?) · (.+)$", glossary_list(ABBREVIATIONS[ZH]), re.M)
    english = [e.lower() for _, e in names]
    assert english == sorted(english) and len(names) > 40
    # the English list keeps its order
    terms = [t for t, _ in re.findall(r"^([^:\n].*?) · (.+)$", glossary_list(), re.M)]
    assert [t.lower() for t in terms] == sorted(t.lower() for t in terms)
