"""Small text macros, all read from files of the repository (nothing typed twice).

    {{ version("torch") }}   the exact pin from pyproject.toml [dependency-groups]
    {{ glossary() }}         (alone on a line) the glossary of the page's language
                             (pipeline/docsite/glossary.py)

and the "Tested with ..." line under the title of every page that shows an example. Macros in
code fences are left alone, so a page can show them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import cache

from pipeline.docsite import glossary
from pipeline.docsite.lang import DEFAULT, TEXT
from pipeline.outputs import ROOT

VERSION = re.compile(r"\{\{\s*version\(\s*[\"']([\w.-]+)[\"']\s*\)\s*\}\}")
GLOSSARY = re.compile(r"^[ \t]*\{\{\s*glossary\(\s*\)\s*\}\}[ \t]*$", re.MULTILINE)
TITLE = re.compile(r"^# .+$", re.MULTILINE)
FENCE = re.compile(r"^[ \t]*(```|~~~)")


@cache
def pins() -> dict[str, str]:
    """Every exact pin of pyproject.toml [dependency-groups], by lower-case name: the one
    reader of the pins (the site's version numbers and the tests use it)."""
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


def outside_fences(markdown: str, change: Callable[[str], str]) -> str:
    """Apply change to the parts of markdown that are not inside ``` or ~~~ fences."""
    parts, current, fence = [], [], None
    for line in markdown.splitlines(keepends=True):
        marker = FENCE.match(line)
        inside = fence is not None
        if marker:
            fence = None if fence == marker[1] else (fence or marker[1])
        if inside or marker:
            if not inside and current:  # a fence opens: flush the prose before it
                parts.append(change("".join(current)))
                current = []
            parts.append(line)
        else:
            current.append(line)
    if current:
        parts.append(change("".join(current)))
    return "".join(parts)


def expand(markdown: str, src: str, lang: str, warn: Callable[[str], None]) -> str:
    """{{ version(...) }} and {{ glossary() }} in the page's Markdown; problems go to warn."""

    def version(match: re.Match) -> str:
        name = match[1].lower()
        if name not in pins():
            warn(f"docs/{src}: no pin named {match[1]!r} in pyproject.toml")
            return match[0]
        return pins()[name]

    def glossary_of(text: str) -> str:
        try:
            return GLOSSARY.sub(
                lambda _: glossary.glossary_list(glossary.ABBREVIATIONS[lang]), text
            )
        except (ValueError, FileNotFoundError) as exc:
            warn(f"docs/{src}: cannot build the glossary: {exc}")
            return text

    return outside_fences(markdown, lambda text: glossary_of(VERSION.sub(version, text)))


def add_tested_with(markdown: str, lang: str) -> str:
    """The "Tested with ..." paragraph right under the page's title."""
    note = f'\n\n<p class="tested-with" markdown>{tested_with(lang)}</p>\n'
    done = False

    def under_title(text: str) -> str:
        nonlocal done
        if done:
            return text
        text, found = TITLE.subn(lambda m: m[0] + note, text, count=1)
        done = bool(found)
        return text

    return outside_fences(markdown, under_title)
