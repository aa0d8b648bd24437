"""Highlighted code keeps its text and colours with fewer spans (pipeline/docsite/codespans.py)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from pipeline.docsite import codespans

ROOT = Path(__file__).resolve().parents[1]

CSS = """
:root{--md-code-hl-name-color:var(--md-code-fg-color);--md-code-hl-number-color:#d52a2a}
[data-md-color-scheme=slate]{--md-code-hl-name-color:var(--md-code-fg-color)}
.highlight .o,.highlight .ow{color:var(--md-code-hl-operator-color)}
.highlight .p{color:var(--md-code-hl-punctuation-color)}
.highlight .mi,.highlight .mf{color:var(--md-code-hl-number-color)}
.highlight .kc,.highlight .n{color:var(--md-code-hl-name-color)}
.highlight .gd{background-color:var(--md-typeset-del-color)}
.highlight .gi{color:#0a0}
@media print{.highlight .x{color:var(--md-code-hl-number-color)}}
"""


def test_kinds_follow_the_colour_property_of_each_class():
    kinds = codespans.color_kinds([CSS])
    assert kinds["o"] == kinds["ow"] == "--md-code-hl-operator-color"
    assert kinds["p"] == "--md-code-hl-punctuation-color"  # its own kind, even if same value
    assert kinds["mi"] == kinds["mf"] == kinds["x"] == "--md-code-hl-number-color"
    assert kinds["n"] == kinds["kc"] == kinds["w"] == codespans.PLAIN  # the code's own colour
    assert "gd" not in kinds and "gi" not in kinds  # a background, a fixed colour: left alone


def test_a_name_colour_set_otherwise_in_one_palette_keeps_its_spans():
    css = CSS + "[data-md-color-scheme=default]{--md-code-hl-name-color:#333}"
    assert codespans.color_kinds([css])["n"] == "--md-code-hl-name-color"


def test_neighbouring_tokens_of_one_colour_share_a_span_and_the_text_is_kept():
    kinds = codespans.color_kinds([CSS])
    code = (
        '<span class="n">x</span><span class="w"> </span><span class="o">=</span> '
        '<span class="p">(</span><span class="mi">1</span><span class="p">,</span> '
        '<span class="mf">2.0</span><span class="p">))</span> <span class="o">&lt;</span>'
        '<span class="gd">-</span><span class="gd">-</span>'
    )
    merged = codespans.merge_block(code, kinds)
    assert merged == (
        'x <span class="o">=</span> <span class="p">(</span><span class="mi">1</span>'
        '<span class="p">,</span> <span class="mf">2.0</span><span class="p">))</span> '
        '<span class="o">&lt;</span><span class="gd">-</span><span class="gd">-</span>'
    )
    deleted_space = '<span class="p">(</span><span class="gd"> </span><span class="p">)</span>'
    assert codespans.merge_block(deleted_space, kinds) == deleted_space  # keeps its background
    kinds["p"] = kinds["mi"]  # if punctuation and numbers shared a colour
    assert '<span class="p">(1, 2.0))</span>' in codespans.merge_block(code, kinds)
    assert re.sub(r"<[^>]+>", "", merged) == re.sub(r"<[^>]+>", "", code)


def test_a_block_with_other_markup_is_left_alone():
    kinds = codespans.color_kinds([CSS])
    code = '<span class="n">x</span><a id="__codelineno-0-1"></a><span class="p">(</span>'
    assert codespans.merge_block(code, kinds) == code


def test_the_installed_theme_gives_names_the_code_colour():
    """If Material changes how it colours tokens, this says so before the pages change."""
    kinds = codespans.stylesheet_kinds(
        *codespans.theme_stylesheets(ROOT / "docs" / "assets" / "site.css")
    )
    assert kinds["n"] == codespans.PLAIN
    assert kinds["s1"] == kinds["s2"] == kinds["si"] != codespans.PLAIN


def test_shown_snippets_are_their_files_and_have_fewer_spans(site):
    """The merged code of every snippet on a page is still the file, character for character."""
    page = site / "remedies" / "initialization" / "index.html"
    html = page.read_text("utf-8")
    blocks = re.findall(
        r'<span class="filename">(snippets/[^<]+)</span><pre><span></span><code>(.*?)</code></pre>',
        html,
        re.S,
    )
    assert len(blocks) >= 10
    for name, code in blocks:
        shown = unescape(re.sub(r"<[^>]+>", "", code))
        assert shown.rstrip("\n") == (ROOT / name).read_text("utf-8").rstrip("\n"), name
        assert '<span class="n">' not in code and '<span class="w">' not in code, name
