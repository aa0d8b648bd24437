"""Highlighted code with fewer elements and the same colours.

Pygments wraps every token in a span: on the long pages (initialization, math) that is about
half of all elements, and each one costs the reader's browser style and layout work. Material
colours the tokens through one custom property per kind of token, in rules such as
`.highlight .o,.highlight .ow{color:var(--md-code-hl-operator-color)}`. So:

- two neighbouring tokens whose classes take the same property look the same as one span that
  holds both, whitespace between them included;
- a token whose property is the code's own colour (names: `--md-code-hl-name-color` is
  `var(--md-code-fg-color)`), or that no rule styles at all (whitespace), needs no span.

The kinds are read from Material's stylesheets and site.css at build time (`color_kinds`): a
class that any rule styles with more than one colour property (a background, a display, a fixed
colour) is left as it is, and so is a class no rule names, except whitespace (`w`). The text of
the code does not change, so "copy" copies the same characters. A block holding any other markup
(line numbers, highlighted lines, annotations) is left as it is.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

from pipeline.docsite.material import MAIN_CSS, PALETTE_CSS

BLOCK = re.compile(r"(<pre><span></span><code>)(.*?)(</code></pre>)", re.DOTALL)
TOKEN = re.compile(r'<span class="([\w-]+)">([^<]*)</span>|([^<]+)|(<)')
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COLOR_ONLY = re.compile(r"\s*color\s*:\s*var\((--[\w-]+)\)\s*;?\s*")
CODE_FG = "var(--md-code-fg-color)"
PLAIN = ""  # the kind of text that needs no span
UNSTYLED = {"w": PLAIN}  # Pygments' whitespace token: no stylesheet colours it


def color_kinds(css_texts: list[str]) -> dict[str, str]:
    """class -> the custom property of its colour (PLAIN: the code's own), from the stylesheets.

    A class maps to PLAIN when its property is the code's own colour wherever the property is
    set. A class styled by anything but one colour property is left alone.
    """
    kinds: dict[str, str] = {}
    barred: set[str] = set()
    definitions: dict[str, set[str]] = {}
    for css in css_texts:
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
        for prop, value in re.findall(r"(--md-code-hl-[\w-]+-color)\s*:\s*([^;}]+)", css):
            definitions.setdefault(prop, set()).add(value.strip())
        for selectors, body in RULE.findall(css):
            named = re.findall(r"\.highlight\s+(?:span)?\.([\w-]+)(?![\w-])", selectors)
            if not named:
                continue
            color = COLOR_ONLY.fullmatch(body)
            for cls in named:
                if not color or kinds.get(cls, color[1]) != color[1]:
                    barred.add(cls)
                else:
                    kinds[cls] = color[1]
    for cls, prop in list(kinds.items()):
        if definitions.get(prop) == {CODE_FG}:
            kinds[cls] = PLAIN
    kinds = {**UNSTYLED, **kinds}
    return {cls: kind for cls, kind in kinds.items() if cls not in barred}


@cache
def theme_stylesheets(site_css: Path) -> tuple[Path, ...]:
    """Material's main and palette stylesheets as installed, and the site's own."""
    import material as theme

    templates = Path(theme.__file__).parent / "templates"
    found = [p for pattern in (MAIN_CSS, PALETTE_CSS) for p in sorted(templates.glob(pattern))]
    if len(found) != 2:
        raise RuntimeError(f"expected one main and one palette stylesheet in {templates}")
    return (*found, site_css)


@cache
def stylesheet_kinds(*paths: Path) -> dict[str, str]:
    return color_kinds([p.read_text(encoding="utf-8") for p in paths])


def merge_block(code: str, kinds: dict[str, str]) -> str:
    """One block's code HTML with neighbouring tokens of one colour in one span."""
    pieces: list[tuple[str, str, str]] = []  # (kind, class, escaped text)
    for i, match in enumerate(TOKEN.finditer(code)):
        cls, text, plain, other = match.groups()
        if other:
            return code  # markup other than token spans: leave the block alone
        if cls is None:
            pieces.append((PLAIN, "", plain))
        elif cls in kinds:
            pieces.append((kinds[cls], cls, text))
        else:
            pieces.append((f"={i}", cls, text))  # styled otherwise, or unknown: never merged
    runs: list[list[str]] = []  # [kind, class of the run's first token, text]
    for i, (kind, cls, text) in enumerate(pieces):
        # Whitespace joins the run before it when the token after it continues that run (not
        # a token styled otherwise: its background would be lost).
        blank = not kind.startswith("=") and not html.unescape(text).strip()
        joins = (
            blank
            and runs
            and runs[-1][0]
            and i + 1 < len(pieces)
            and pieces[i + 1][0] == runs[-1][0]
        )
        if joins or (runs and runs[-1][0] == kind):
            runs[-1][2] += text
        else:
            runs.append([kind, cls, text])
    return "".join(
        f'<span class="{cls}">{text}</span>' if kind else text for kind, cls, text in runs
    )


def merge_spans(page_html: str, kinds: dict[str, str]) -> str:
    """Every highlighted block of the page with its tokens merged by colour."""
    return BLOCK.sub(lambda m: m[1] + merge_block(m[2], kinds) + m[3], page_html)
