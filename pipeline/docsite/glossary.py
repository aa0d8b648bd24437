"""The glossary: one file per language, the glossary page and the tooltips built from it.

    docs/includes/abbreviations.md        *[term]: 中文 — definition.   (English pages)
    docs/includes/abbreviations.zh-TW.md  *[中文]: term — 中文定義。      (Chinese pages)

English tooltips come from Markdown's `abbr` extension (pymdownx.snippets appends the English
file to every page, see mkdocs.yml). That extension matches whole words only (\\b), and there
are no word boundaries inside Chinese text, so Chinese pages get theirs from add_tooltips().

On a Chinese page the Latin-script names of an entry get the Chinese tooltip too: the English
field of a Chinese line may give several, separated by " / " (`*[批次正規化]: batch
normalization / BatchNorm — ...`). They match as whole words (not inside `nn.ReLU`, `AdamW` or
`Pre-LN`), and where the English glossary already wrapped one, its English title is replaced.
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
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
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


def english_key(t: dict[str, str]) -> str:
    """The English term of an entry, in lower case: the term, or a Chinese line's English."""
    return (t["zh"] if CJK.search(t["term"]) else t["term"]).lower()


def glossary_list(path: Path = ABBREVIATIONS[DEFAULT]) -> str:
    """A definition list (reads well on a phone, unlike a three-column table), in the order of
    the English terms: code-point order of Chinese names would look random to a reader."""
    entries, seen = [], set()
    for t in sorted(glossary_terms(path), key=english_key):
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
# Math, still TeX when the tooltips are added (pipeline/docsite/typeset.py runs later).
MATH = re.compile(r"(\\\(.*?\\\)|\\\[.*?\\\])", re.S)
# A Latin-script term is a whole word: no letter, digit, "_", "." or "-" joined to it.
BEFORE, AFTER = r"(?<![A-Za-z0-9_.\-])", r"(?![A-Za-z0-9_\-])"


def latin_names(english: str) -> list[str]:
    """The Latin-script names of a Chinese entry: its English field, split at " / "."""
    return [name.strip() for name in english.split(" / ") if name.strip()]


def add_tooltips(page_html: str, terms: dict[str, str], latin: dict[str, str] | None = None) -> str:
    """Wrap each glossary term in <abbr title="...">, as the abbr extension does on English
    pages; outside code, links, headings, form controls and math. Longest terms win. The
    `latin` terms match as whole words only, and retitle an <abbr> that already wraps one."""
    latin = latin or {}
    titles = {**terms, **latin}
    if not titles:
        return page_html
    if latin:
        names = "|".join(re.escape(t) for t in sorted(latin, key=len, reverse=True))
        page_html = re.sub(
            rf'<abbr title="[^"]*">({names})</abbr>',
            lambda m: f'<abbr title="{latin[m[1]]}">{m[1]}</abbr>',
            page_html,
        )
    pattern = re.compile(
        "|".join(
            f"{BEFORE}{re.escape(t)}{AFTER}" if t in latin else re.escape(t)
            for t in sorted(titles, key=len, reverse=True)
        )
    )

    def wrap(text: str) -> str:
        return "".join(
            piece
            if index % 2
            else pattern.sub(lambda m: f'<abbr title="{titles[m[0]]}">{m[0]}</abbr>', piece)
            for index, piece in enumerate(MATH.split(text))
        )

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
            out.append(wrap(part))
    return "".join(out)


def chinese_terms(path: Path = ABBREVIATIONS[ZH]) -> tuple[dict[str, str], dict[str, str]]:
    """The Chinese terms and the Latin-script names, each with its tooltip: a Chinese term
    shows the English name, a Latin name the Chinese one (the reader sees the other)."""
    terms, latin = {}, {}
    for t in glossary_terms(path):
        names = latin_names(t["zh"])
        if CJK.search(t["term"]):
            terms[t["term"]] = html.escape(f"{t['zh']} — {t['definition']}", quote=True)
        else:  # a key in Latin letters (z-loss) is a whole word too
            names.insert(0, t["term"])
        for name in names:
            if not CJK.search(name):
                title = t["term"] if CJK.search(t["term"]) else t["zh"]
                latin.setdefault(name, html.escape(f"{title} — {t['definition']}", quote=True))
    return terms, latin


@lru_cache(maxsize=4)
def _chinese_terms(path: Path, mtime: float) -> tuple[dict[str, str], dict[str, str]]:
    return chinese_terms(path)


def chinese_tooltips(page_html: str) -> str:
    """The Chinese glossary's tooltips on a Chinese page (the file is read once per change)."""
    path = ABBREVIATIONS[ZH]
    if not path.is_file():
        return page_html
    return add_tooltips(page_html, *_chinese_terms(path, path.stat().st_mtime))
