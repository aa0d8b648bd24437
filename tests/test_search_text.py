"""The search steps of the site layer as functions of text (pipeline/docsite/search.py)."""

from __future__ import annotations

import pytest

from pipeline.docsite import search


@pytest.mark.parametrize(
    "tex, text",
    [
        (r"g_k = \partial \mathcal{L} / \partial \theta_k", "g_k = ∂ℒ / ∂θ_k"),
        (r"\frac{a+b}{c}", "(a+b)/c"),
        (r"\tfrac{1}{2} n_{\text{in}}", "1/2 n_in"),
        (r"\sum_{k=1}^{K} g_{k,i}^2", "∑_(k=1)^K g_(k,i)^2"),
        (r"\mathbb{E}[f'(u)^2]", "𝔼[f'(u)^2]"),
        (r"\sqrt{2} \approx 1.41", "√(2) ≈1.41"),
    ],
)
def test_formulas_become_one_line_of_text(tex, text):
    assert search.tex_to_text(tex) == text


def test_index_text_keeps_its_html_and_escapes_what_it_writes():
    index_text = r"<p>if \(a &lt; b\) then</p> \[ x_{t-1} \]"
    assert search.readable_math(index_text) == "<p>if a &lt; b then</p> x_(t-1)"


def test_tab_labels_and_code_are_kept_out_of_the_index():
    html = (
        '<div class="tabbed-labels"><label for="a">PyTorch</label><label for="b">TensorFlow'
        '</label></div><div class="language-python highlight"><pre>x</pre></div>'
    )
    out = search.exclude_code_from_search(html)
    assert '<div class="tabbed-labels" data-search-exclude>' in out
    assert '<div class="language-python highlight" data-search-exclude>' in out


def test_glossary_words_stay_whole_for_jieba():
    import jieba

    search.add_glossary_words(["梯度裁剪"])
    assert "梯度裁剪" in list(jieba.cut("先做梯度裁剪再更新"))
