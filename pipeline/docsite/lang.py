"""The two languages of the site: which pages exist, which are Chinese, the hooks' sentences.

Every page `docs/X.md` (and walkthrough `docs/walkthroughs/N.py`) has its translation
`docs/X.zh-TW.md` (`N.zh-TW.py`) in the same folder; mkdocs-static-i18n builds the Chinese
edition under /zh-TW/. Imports nothing of pipeline/.
"""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT, ZH = "en", "zh-TW"
TEXT = {
    "tested_with": {
        DEFAULT: "Tested with {libs}, the versions pinned in the repository.",
        ZH: "測試環境：{libs}，即儲存庫中釘選的版本。",
    },
    "and": {DEFAULT: " and ", ZH: " 與 "},
    "output": {DEFAULT: "Output", ZH: "輸出"},
    "download": {DEFAULT: "Download the notebook (.ipynb)", ZH: "下載筆記本（.ipynb）"},
}


def language_of(src_uri: str) -> str:
    """The language of a source file by its name: X.zh-TW.md is Chinese."""
    return ZH if f".{ZH}." in src_uri else DEFAULT


def language(page) -> str:
    return language_of(page.file.src_uri)


def text(key: str, page) -> str:
    return TEXT[key][language(page)]


def translation_of(src_uri: str) -> str:
    """remedies/clipping.md -> remedies/clipping.zh-TW.md"""
    stem, _, ext = src_uri.rpartition(".")
    return f"{stem}.{ZH}.{ext}"


def english_of(src_uri: str) -> str:
    """walkthroughs/keras-rnn.zh-TW.py -> walkthroughs/keras-rnn.py"""
    return src_uri.replace(f".{ZH}.", ".")


def sources(docs_dir: Path) -> list[str]:
    """The English pages, each of which has a translation: Markdown pages and walkthroughs
    (paths relative to docs/). The one answer to "which pages exist"."""
    found = []
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir).as_posix()
        if f".{ZH}." in path.name or rel.startswith(("includes/", "outputs/", "assets/")):
            continue
        if path.suffix == ".md" or (rel.startswith("walkthroughs/") and path.suffix == ".py"):
            found.append(rel)
    return found


CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
CJK_BREAK = re.compile(f"(?<=[{CJK}])\n[ \t]*(?=[{CJK}])")
PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)


def join_cjk_lines(html: str) -> str:
    """Browsers show a line break in the source as a space, which Chinese text must not have:
    join lines that end and start with a CJK character (outside <pre>)."""
    parts = PRE.split(html)
    for i in range(0, len(parts), 2):
        parts[i] = CJK_BREAK.sub("", parts[i])
    return "".join(parts)
