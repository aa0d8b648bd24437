r"""Search as a reader needs it: prose only, and one index per language.

- Code and printed output stay out of the index (every reader downloads it when they first
  search): the prose around them names what they show. So do the labels of example tabs
  ("PyTorch", "TensorFlow"), which ran together into "PyTorchTensorFlow" in the excerpts.
- Math is typeset after indexing (pipeline/docsite/typeset.py), so the index holds the short TeX
  source, not KaTeX's HTML. Excerpts show it as Unicode text instead (readable_math():
  `\(g_k = \partial \mathcal{L} / \partial \theta_k\)` reads `g_k = ∂ℒ / ∂θ_k`), converted by
  pylatexenc, a maintained LaTeX-to-text library.
- Chinese text is segmented by jieba; the glossary's Chinese terms are added to its dictionary
  (add_glossary_words()), so 梯度裁剪 stays one word in the index instead of 梯度 + 裁剪.
- mkdocs-static-i18n merges both languages into one index, so an English query could rank a
  Chinese page first and every reader downloaded both. After the build, split_index_files()
  writes search/search_index.json with the English pages and zh-TW/search/search_index.json
  with the Chinese ones (locations relative to zh-TW/); the Chinese pages' theme base points at
  zh-TW/ (pipeline/docsite/material.py), which is where the theme looks for the index. The
  offline edition's search_index.js copies are split the same way.
- The index loads when the search box opens, not with every page: see LAZY_SEARCH in
  pipeline/docsite/material.py.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from pipeline.docsite.lang import ZH

CODE_BLOCK = re.compile(r'<div class="((?:language-\w+ |no-copy output )?highlight)">')
TAB_LABELS = '<div class="tabbed-labels">'
# Math as the search plugin leaves it in the index: arithmatex's \( \) and \[ \] around TeX.
MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
SIMPLE = re.compile(r"[\w.\u2202\u2032']+")  # a numerator or denominator without parentheses


def exclude_code_from_search(page_html: str) -> str:
    """Code and printed output blocks, and the labels of example tabs, carry
    data-search-exclude."""
    page_html = CODE_BLOCK.sub(r'<div class="\1" data-search-exclude>', page_html)
    return page_html.replace(TAB_LABELS, '<div class="tabbed-labels" data-search-exclude>')


@lru_cache(maxsize=1)
def _latex_to_text():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    def fraction(node, l2tobj) -> str:
        parts = (l2tobj.nodelist_to_text([a]).strip() for a in node.nodeargd.argnlist[-2:])
        return "/".join(p if SIMPLE.fullmatch(p) else f"({p})" for p in parts)

    context = get_default_latex_context_db()
    context.add_context_category(
        "fractions", macros=[MacroTextSpec("frac", simplify_repl=fraction)], prepend=True
    )
    return LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces=True)


def tex_to_text(tex: str) -> str:
    r"""A formula as one line of Unicode text: `\frac{a+b}{c}` -> `(a+b)/c`, `\mathbb{E}` -> `𝔼`."""
    tex = re.sub(r"\\[td]frac(?![a-zA-Z])", r"\\frac", tex)
    tex = re.sub(r"([_^])\{([^{}\\]{2,})\}", r"\1{(\2)}", tex)  # g_{k,i} -> g_(k,i)
    return " ".join(_latex_to_text().latex_to_text(tex).split())


def readable_math(index_text: str) -> str:
    """An index entry's text (HTML) with each formula as Unicode text instead of TeX."""
    return MATH.sub(
        lambda m: html.escape(tex_to_text(html.unescape(m[1] or m[2])), quote=False), index_text
    )


def add_glossary_words(words: list[str]) -> None:
    """jieba keeps each of these words whole (the search plugin segments with the same jieba).
    A term with a space (`He 初始化`) is two words to the search anyway: it is left out."""
    import jieba

    for word in words:
        if not re.search(r"\s", word):
            jieba.add_word(word)


def split_index(index: dict) -> dict[str, dict]:
    """{"": English index, "zh-TW/": Chinese index with locations relative to zh-TW/}, formulas
    as Unicode text."""
    prefix = f"{ZH}/"
    docs = [{**d, "text": readable_math(d["text"])} for d in index["docs"]]
    english = [d for d in docs if not d["location"].startswith(prefix)]
    chinese = [
        {**d, "location": d["location"].removeprefix(prefix)}
        for d in docs
        if d["location"].startswith(prefix)
    ]
    return {"": {**index, "docs": english}, prefix: {**index, "docs": chinese}}


def split_index_files(site: Path) -> None:
    """Replace the merged index of the built site by one index per language."""
    merged = site / "search" / "search_index.json"
    if not merged.is_file():
        return
    offline = (site / "search" / "search_index.js").is_file()
    for prefix, index in split_index(json.loads(merged.read_text("utf-8"))).items():
        folder = site / prefix / "search"
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(data, encoding="utf-8")
        if offline:  # Material's offline plugin inlines the index into a script for file://
            (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
