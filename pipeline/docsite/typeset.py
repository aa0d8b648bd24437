"""Math typeset at build time with KaTeX, so pages ship HTML and no math JavaScript.

pymdownx.arithmatex (generic mode) leaves `\\(...\\)` and `\\[...\\]` in the page; typeset()
renders each with the KaTeX copy in pipeline/docsite/katex/ (run by the V8 engine of
`mini-racer`); link_css() links docs/assets/katex/katex.min.css on pages that have math. Fonts
are served by the site. A TeX error is reported with the page and fails the strict build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from mkdocs.utils import get_relative_url

KATEX_JS = Path(__file__).with_name("katex") / "katex.min.js"
CSS = "assets/katex/katex.min.css"

# Inline math takes the punctuation right after it along, so "c > 0." never wraps before the dot.
INLINE = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>([.,;:!?)]?)', re.DOTALL)
DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.DOTALL)

RENDER_JS = """
function renderTeX(tex, display) {
  try {
    return {html: katex.renderToString(tex, {displayMode: display, throwOnError: true,
                                            strict: "error", output: "htmlAndMathml"})};
  } catch (e) {
    return {error: String(e.message || e)};
  }
}
"""


@cache
def _engine():
    from py_mini_racer import MiniRacer

    ctx = MiniRacer()
    ctx.eval(KATEX_JS.read_text(encoding="utf-8"))
    ctx.eval(RENDER_JS)
    return ctx


@cache
def render_tex(tex: str, display: bool) -> tuple[str | None, str | None]:
    """(html, None) or (None, error message)."""
    result = _engine().call("renderTeX", tex, display)
    return result.get("html"), result.get("error")


def typeset(html_text: str, src: str, warn: Callable[[str], None]) -> tuple[str, bool]:
    """The page with its math typeset, and whether it had any."""
    found = False

    def replace(match: re.Match, display: bool) -> str:
        nonlocal found
        found = True
        tex = html.unescape(match[1]).strip()
        rendered, error = render_tex(tex, display)
        if error:
            warn(f"docs/{src}: cannot typeset {tex!r}: {error}")
            return f"<code>{html.escape(tex)}</code>"
        if display:
            return f'<div class="math" data-search-exclude>{rendered}</div>'
        joiner = "\u2060" if match[2] else ""  # WORD JOINER: no line break before the dot
        return f'<span class="math" data-search-exclude>{rendered}</span>{joiner}{match[2]}'

    html_text = DISPLAY.sub(lambda m: replace(m, True), html_text)
    html_text = INLINE.sub(lambda m: replace(m, False), html_text)
    return html_text, found


def close_engine() -> None:
    """Dispose of V8 explicitly: an isolate left to interpreter shutdown can hang the exit."""
    if _engine.cache_info().currsize:
        _engine().close()
        _engine.cache_clear()


def link_css(page_html: str, page_url: str) -> str:
    """The KaTeX stylesheet in the page's head."""
    href = get_relative_url(CSS, page_url)
    return page_html.replace("</head>", f'<link rel="stylesheet" href="{href}">\n</head>', 1)
