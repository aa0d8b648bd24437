"""The prose of a page as a reader reads it, for the tests that check words in it
(test_references.py, test_terms.py). Everything else is blanked, not removed, so that an
index into the text still gives the line of the file."""

from __future__ import annotations

import re

# What is not prose: fenced and inline code, math, macros, HTML comments, link targets.
NOT_PROSE = re.compile(
    r"```.*?```|~~~.*?~~~|`[^`\n]*`|\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$|\$[^$\n]*\$"
    r"|\{\{.*?\}\}|<!--.*?-->|\]\([^)]*\)",
    re.S,
)


def blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match[0])


def notebook_markdown(text: str, keep_alt: bool = False) -> str:
    """A jupytext notebook's Markdown cells; code lines become empty (keep_alt keeps the
    alt="..." of a cell marker, the text a figure is described by)."""
    lines, markdown = [], False
    for line in text.splitlines():
        if line.startswith("# %%"):
            markdown = "[markdown]" in line
            alt = re.search(r'alt="[^"]*"', line) if keep_alt else None
            lines.append(alt[0] if alt else "")
        else:
            lines.append(line[2:] if markdown and line.startswith("# ") else "")
    return "\n".join(lines)


def prose(text: str, notebook: bool = False, keep_alt: bool = False) -> str:
    """The text a reader sees, with everything else blanked."""
    if notebook:
        text = notebook_markdown(text, keep_alt)
    return NOT_PROSE.sub(blank, text)
