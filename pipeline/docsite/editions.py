"""The two other editions of the site.

- Print edition: docs/print.md is a placeholder page; this hook fills it with every page of the
  nav, in order, once all pages are rendered (on_page_context runs after every page's Markdown
  has become HTML). Ids are prefixed per page so they stay unique, links between pages become
  links within the print page, and relative links to files are rewritten for its URL. Math is
  typeset by pipeline/docsite/typeset.py like on any page. Print it, or save it as PDF.
- Offline edition (`nox -s offline`, OFFLINE=true): Material's offline plugin makes search work
  from file:// through a Web Worker shim that it would load from unpkg.com; the site serves the
  shim itself instead (docs/assets/vendor/), so the edition makes no request at all.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

PRINT_PAGE = "print.md"
SHIM = "assets/vendor/iframe-worker-shim.js"

ID = re.compile(r'(\s(?:id|for)=")([^"]+)"')
HREF = re.compile(r'(\s(?:href|src|data-clipboard-target)=")([^"]*)"')


def use_local_shim(config) -> None:
    """In the offline edition, Material's worker shim comes from the site, not from a CDN."""
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if offline is not None and offline.config.enabled:
        config.extra["polyfills"] = [SHIM]


def _page_key(page: Page) -> str:
    """A prefix for the ids of one page inside the print page."""
    key = page.file.src_uri.rsplit(".", 1)[0]
    key = re.sub(r"\.[a-z]{2}-[A-Z]{2}$", "", key).replace("/", "-")  # same ids in translations
    return re.sub(r"[^\w-]", "-", key) or "home"


def _rewrite(content: str, page: Page, print_page: Page, keys: dict[str, str]) -> str:
    """Make a page's HTML correct at the print page's URL, with ids unique to the page."""
    key = keys[page.url]
    content = ID.sub(lambda m: f'{m[1]}{key}--{m[2]}"', content)

    def link(match: re.Match) -> str:
        attr, url = match[1], match[2]
        if attr.strip().startswith("data-clipboard-target"):
            return f"{attr}{url.replace('#', f'#{key}--', 1)}" + '"'
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:")):
            return match[0]
        if not parts.path:  # an anchor on the same page
            return f'{attr}#{key}--{parts.fragment}"' if parts.fragment else match[0]
        target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page.url), parts.path))
        target = target.lstrip("/")
        page_url = target + "/" if target and not target.endswith((".html", "/")) else target
        for candidate in (target, page_url, target.removesuffix("index.html")):
            if candidate in keys or (candidate == "" and "" in keys):
                anchor = (
                    f"{keys[candidate]}--{parts.fragment}" if parts.fragment else keys[candidate]
                )
                return f'{attr}#{anchor}"'
        relative = posixpath.relpath("/" + target, posixpath.dirname("/" + print_page.url) or "/")
        if parts.path.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return f'{attr}{relative}{"#" + parts.fragment if parts.fragment else ""}"'

    return HREF.sub(link, content)


def is_print_page(page) -> bool:
    """print.md, or its translation print.zh-TW.md."""
    return page.file.src_uri.split(".")[0] == PRINT_PAGE.split(".")[0]


def fill_print_page(page, nav) -> None:
    """The print page's content: every other page of the nav, in order (see above)."""
    pages = [p for p in nav.pages if not is_print_page(p) and p.content]
    keys = {p.url: _page_key(p) for p in pages}
    sections, toc = [page.content], []
    for p in pages:
        key = keys[p.url]
        body = _rewrite(p.content, p, page, keys)
        sections.append(f'<section class="print-section" id="{key}">\n{body}\n</section>')
        toc.append({"level": 2, "id": key, "name": p.title, "children": []})
    page.content = "\n".join(sections)
    page.toc = get_toc(toc)
