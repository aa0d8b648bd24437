"""MkDocs hook: small text macros, all read from files of the repository (nothing typed twice).

    {{ version("torch") }}   the exact pin from pyproject.toml [dependency-groups]
    {{ glossary() }}         (alone on a line) the glossary, built from
                             docs/includes/abbreviations.md, the file that also gives every page
                             its term tooltips (pymdownx.snippets auto_append)

Every page that shows an example also gets a "Tested with ..." line under its title.
"""

from __future__ import annotations

import logging
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.embed import find_embeds  # noqa: E402
from pipeline.i18n import DEFAULT, TEXT, ZH, language  # noqa: E402
from pipeline.run import ROOT  # noqa: E402

log = logging.getLogger("mkdocs.hooks.macros")

ABBREVIATIONS = ROOT / "docs" / "includes" / "abbreviations.md"
# The Chinese pages' glossary: the same format, Chinese term first. pipeline/i18n.py adds its
# tooltips (the English file is appended to every page by pymdownx.snippets, see mkdocs.yml).
ABBREVIATIONS_ZH = ROOT / "docs" / "includes" / f"abbreviations.{ZH}.md"
VERSION = re.compile(r"\{\{\s*version\(\s*[\"']([\w.-]+)[\"']\s*\)\s*\}\}")
GLOSSARY = re.compile(r"^[ \t]*\{\{\s*glossary\(\s*\)\s*\}\}[ \t]*$", re.MULTILINE)
TERM = re.compile(r"^\*\[(?P<term>[^\]]+)\]: (?P<zh>.+?) \u2014 (?P<definition>.+)$")
TITLE = re.compile(r"^# .+$", re.MULTILINE)


@cache
def pins() -> dict[str, str]:
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["dependency-groups"]
    found = {}
    for requirements in groups.values():
        for req in requirements:
            if isinstance(req, str) and "==" in req:
                name, version = req.split("==")
                found[name.strip().lower()] = version.strip()
    return found


def tested_with(lang: str = DEFAULT, torch: bool = True, tensorflow: bool = True) -> str:
    """The "Tested with ..." sentence, in the page's language, from the pins."""
    p = pins()
    libs = []
    if torch:
        libs.append(
            f"torch {p['torch']} (CPU)" if lang == DEFAULT else f"torch {p['torch']}（CPU）"
        )
    if tensorflow:
        tf = f"TensorFlow {p['tensorflow-cpu']}"
        keras = f"Keras {p['keras']}"
        libs.append(f"{tf} ({keras})" if lang == DEFAULT else f"{tf}（{keras}）")
    return TEXT["tested_with"][lang].format(libs=TEXT["and"][lang].join(libs))


def glossary_terms(path: Path = ABBREVIATIONS) -> list[dict[str, str]]:
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


def glossary_list(path: Path = ABBREVIATIONS) -> str:
    """A definition list (reads well on a phone, unlike a three-column table)."""
    entries, seen = [], set()
    for t in sorted(glossary_terms(path), key=lambda t: t["term"].lower()):
        key = t["term"].lower()
        if key in seen or key.removesuffix("s") in seen:
            continue  # singular and plural share one entry ("RNN", "RNNs")
        seen.add(key)
        entries.append(f"{t['term']} · {t['zh']}\n:   {t['definition']}\n")
    return "\n".join(entries)


def on_page_markdown(markdown: str, page, config, files) -> str:
    src = page.file.src_uri

    def version(match: re.Match) -> str:
        name = match[1].lower()
        if name not in pins():
            log.warning(f"docs/{src}: no pin named {match[1]!r} in pyproject.toml")
            return match[0]
        return pins()[name]

    lang = language(page)
    glossary = ABBREVIATIONS if lang == DEFAULT else ABBREVIATIONS_ZH
    markdown = VERSION.sub(version, markdown)
    if GLOSSARY.search(markdown):
        try:
            markdown = GLOSSARY.sub(lambda _: glossary_list(glossary), markdown)
        except (ValueError, FileNotFoundError) as exc:
            log.warning(f"docs/{src}: cannot build the glossary: {exc}")
    if any(not isinstance(e, Exception) for e in find_embeds(markdown)):
        note = f'\n\n<p class="tested-with" markdown>{tested_with(lang)}</p>\n'
        markdown = TITLE.sub(lambda m: m[0] + note, markdown, count=1)
    return markdown
