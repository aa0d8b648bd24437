"""The glossary: one file per language, the glossary page and the tooltips built from it.

    docs/includes/abbreviations.md        *[term]: 中文 — definition.   (English pages)
    docs/includes/abbreviations.zh-TW.md  *[中文]: term — 中文定義。      (Chinese pages)

English tooltips come from Markdown's `abbr` extension (pymdownx.snippets appends the English
file to every page, see mkdocs.yml). That extension matches whole words only (\\b), and there
are no word boundaries inside Chinese text, so Chinese pages get theirs from add_tooltips().
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from pipeline.docsite.lang import DEFAULT, ZH
from pipeline.outputs import ROOT

ABBREVIATIONS = {
    DEFAULT: ROOT / "docs" / "includes" / "abbreviations.md",
    ZH: ROOT / "docs" / "includes" / f"abbreviations.{ZH}.md",
}
TERM = re.compile(r"^\*\[(?P<term>[^\]]+)\]: (?P<zh>.+?) \u2014 (?P<definition>.+)$")


def glossary_terms(path: Path = ABBREVIATIONS[DEFAULT]) -> list[dict[str, str]]:
    """Entries of the abbreviations file; a malformed line is an error naming the line."""
    terms = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("<!--"):
            continue
        match = TERM.match(line)
        if not match:
            raise ValueError(
                f"{path.relative_to(ROOT).as_posix()}:{number}: write a term as "
                "`*[term]: 中文 \u2014 definition.`"
            )
        terms.append(match.groupdict())
    return terms


def glossary_list(path: Path = ABBREVIATIONS[DEFAULT]) -> str:
    """A definition list (reads well on a phone, unlike a three-column table)."""
    entries, seen = [], set()
    for t in sorted(glossary_terms(path), key=lambda t: t["term"].lower()):
        key = t["term"].lower()
        if key in seen or key.removesuffix("s") in seen:
            continue  # singular and plural share one entry ("RNN", "RNNs")
        seen.add(key)
        entries.append(f"{t['term']} · {t['zh']}\n:   {t['definition']}\n")
    return "\n".join(entries)


ABBR_SKIP = (
    *("pre", "code", "a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"),
    *("option", "select", "textarea", "button", "svg", "title"),
)
TAG = re.compile(r"(<[^>]+>)")


def add_tooltips(page_html: str, terms: dict[str, str]) -> str:
    """Wrap each glossary term in <abbr title="...">, as the abbr extension does on English
    pages; outside code, links, headings and form controls. Longest terms win."""
    if not terms:
        return page_html
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    out, skip = [], []
    for part in TAG.split(page_html):
        if part.startswith("<"):
            name = re.match(r"</?([a-zA-Z0-9]+)", part)
            if name and name[1].lower() in ABBR_SKIP and not part.endswith("/>"):
                if part.startswith("</"):
                    if skip and skip[-1] == name[1].lower():
                        skip.pop()
                else:
                    skip.append(name[1].lower())
            out.append(part)
        elif skip or not part.strip():
            out.append(part)
        else:
            out.append(pattern.sub(lambda m: f'<abbr title="{terms[m[0]]}">{m[0]}</abbr>', part))
    return "".join(out)


@lru_cache(maxsize=4)
def _chinese_terms(path: Path, mtime: float) -> dict[str, str]:
    return {
        t["term"]: html.escape(f"{t['zh']} — {t['definition']}", quote=True)
        for t in glossary_terms(path)
    }


def chinese_tooltips(page_html: str) -> str:
    """The Chinese glossary's tooltips on a Chinese page (the file is read once per change)."""
    path = ABBREVIATIONS[ZH]
    if not path.is_file():
        return page_html
    return add_tooltips(page_html, _chinese_terms(path, path.stat().st_mtime))
