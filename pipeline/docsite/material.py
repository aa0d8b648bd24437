"""Every change this site makes to Material for MkDocs' own output, in one place.

Material 9.8 is pinned and in maintenance mode; its successor runs no MkDocs hooks. Each patch
below matches a piece of the theme's built HTML, JavaScript or CSS exactly; if an upgrade
changes that piece, the build stops and names the constant to update (or the patch to drop):
a patch never silently does nothing.

Inventory (constant: where it applies, what it changes, why):

SEARCH_DIALOG  every page and 404.html: the search dialog gets an accessible name
               (axe: aria-dialog-name).
CONFIG_BASE    every Chinese page: the theme's "base" points at zh-TW/, where that edition's
               search index lies (pipeline/docsite/search.py splits the index).
LAZY_SEARCH    the JavaScript bundle: over HTTP too, the search index is downloaded when the
               search box opens, not on every page load (as Material already does from
               file://); `search.highlight` stays off in mkdocs.yml, as it would fetch it.
META           the JavaScript bundle: the palette's <meta name="color-scheme"> stays out of the
               document (each change of it restyled the whole page; docs/assets/site.css sets
               color-scheme on <html> instead).
CODE_FOCUS     the JavaScript bundle: a code block that scrolls sideways is reachable by keyboard
               (tabindex 0) on every device; Material did so only where the pointer can hover,
               so on touch screens, or in a browser that reports no hover, a wide block was
               out of a keyboard's reach (axe: scrollable-region-focusable). The other scrolling
               boxes (display math, tables) get the same from docs/assets/scrollables.js.
EDIT_BUTTON    every page: the "copy page as Markdown" button (pipeline/docsite/llms.py) goes
               just before the "edit this page" button, beside the title.
LAZY_CONTENT   the JavaScript bundle, checked and left as it is: the feature flag `content.lazy`
               (mkdocs.yml) is undocumented; if the bundle no longer reads it, the build stops
               rather than silently mount every code block at load again.
SWITCHING      the palette CSS: drops `[data-md-color-switching] *`, which restyled every
               element when the palette was applied at start-up (switching palettes now fades
               for a quarter second).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError

HERE = "pipeline/docsite/material.py"
BUNDLE = "assets/javascripts/bundle.*.min.js"
PALETTE_CSS = "assets/stylesheets/palette.*.min.css"
MAIN_CSS = "assets/stylesheets/main.*.min.css"  # read by codespans.py for the token colours

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_DIALOG = (
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
)
CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)"')
# In the bundle: `L($(location.protocol!=="file:"),Je("search")).pipe(...)`, i.e. "set up the
# search worker now over HTTP, or when the search toggle opens".
LAZY_SEARCH = 'location.protocol!=="file:"'
LAZY = f"!1/*lazy search: {HERE}*/"
# The palette component, minified:
#   let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);
META = re.compile(
    r'(let (\w+)=\w+\("meta",\{name:"color-scheme"\}\);)document\.head\.appendChild\(\2\);'
)
META_MARK = f"/*color-scheme meta: {HERE}*/"
# The code block component, minified: "if it scrolls and the pointer can hover, tabindex 0".
CODE_FOCUS = re.compile(
    r'(\w+)&&\w+\?(\w+)\.setAttribute\("tabindex","0"\):\2\.removeAttribute\("tabindex"\)'
)
CODE_FOCUS_MARK = f"/*code focus: {HERE}*/"
# The "edit this page" button of content.action.edit (partials/actions.html).
EDIT_BUTTON = re.compile(
    r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon" rel="edit">'
)
LAZY_CONTENT = re.compile(r'\w+\("content\.lazy"\)\?')
SWITCHING = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,"
    "[data-md-color-switching] :before{transition-duration:0s!important}"
)
SWITCHING_MARK = f"/*switching rule: {HERE}*/"


def _changed(what: str, constant: str, found: int) -> PluginError:
    return PluginError(
        f"{HERE}: Material's {what} no longer matches {constant} (found {found} times, "
        f"expected once). Material changed: update {constant} in {HERE} for this version, "
        "or drop the patch."
    )


def name_search_dialog(page_html: str) -> str:
    found = page_html.count(SEARCH_DIALOG)
    if found != 1:
        raise _changed("search dialog markup", "SEARCH_DIALOG", found)
    return page_html.replace(SEARCH_DIALOG, NAMED_DIALOG, 1)


def chinese_theme_base(page_html: str, zh: str) -> str:
    """A Chinese page's theme base is the Chinese edition's root, where its index lies."""
    page_html, found = CONFIG_BASE.subn(lambda m: f'{m[1]}{m[2].rstrip("/")}/{zh}/"', page_html, 1)
    if not found:
        raise _changed('__config "base"', "CONFIG_BASE", 0)
    return page_html


def add_content_button(page_html: str, button: str) -> str:
    """Put button before the page's "edit this page" button, where Material's actions are."""
    found = EDIT_BUTTON.findall(page_html)
    if len(found) != 1:
        raise _changed('"edit this page" button', "EDIT_BUTTON", len(found))
    return page_html.replace(found[0], button + found[0], 1)


def make_lazy(bundle_js: str) -> str:
    found = bundle_js.count(LAZY_SEARCH)
    if found != 1:
        raise _changed("JavaScript bundle", "LAZY_SEARCH", found)
    return bundle_js.replace(LAZY_SEARCH, LAZY)


def detach_color_scheme_meta(bundle_js: str) -> str:
    patched, found = META.subn(lambda m: m[1] + META_MARK, bundle_js)
    if found != 1:
        raise _changed("JavaScript bundle", "META", found)
    return patched


def check_lazy_content(bundle_js: str) -> str:
    found = len(LAZY_CONTENT.findall(bundle_js))
    if found != 1:
        raise _changed("JavaScript bundle", "LAZY_CONTENT", found)
    return bundle_js


def focus_wide_code(bundle_js: str) -> str:
    patched, found = CODE_FOCUS.subn(
        lambda m: (
            f'{m[1]}{CODE_FOCUS_MARK}?{m[2]}.setAttribute("tabindex","0")'
            f':{m[2]}.removeAttribute("tabindex")'
        ),
        bundle_js,
    )
    if found != 1:
        raise _changed("JavaScript bundle", "CODE_FOCUS", found)
    return patched


def drop_switching_rule(palette_css: str) -> str:
    found = palette_css.count(SWITCHING)
    if found != 1:
        raise _changed("palette CSS", "SWITCHING", found)
    return palette_css.replace(SWITCHING, SWITCHING_MARK)


def _patch_asset(site: Path, pattern: str, patch: Callable[[str], str], mark: str) -> None:
    """Apply patch to the one built file matching pattern, unless it carries mark already
    (`mkdocs serve --dirty` keeps the files an earlier build patched)."""
    found = sorted(site.glob(pattern))
    if len(found) != 1:
        raise PluginError(f"{HERE}: expected one {pattern} in the site, found {len(found)}")
    text = found[0].read_text(encoding="utf-8")
    if mark not in text:
        found[0].write_text(patch(text), encoding="utf-8")


def patch_assets(site: Path) -> None:
    """The theme's JavaScript and CSS, once per build."""

    def bundle(js: str) -> str:
        return make_lazy(detach_color_scheme_meta(focus_wide_code(check_lazy_content(js))))

    _patch_asset(site, BUNDLE, bundle, LAZY)
    _patch_asset(site, PALETTE_CSS, drop_switching_rule, SWITCHING_MARK)
