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
               just before the "edit this page" button, beside the title, and its status line
               just after it.
LAZY_CONTENT   the JavaScript bundle, checked and left as it is: the feature flag `content.lazy`
               (mkdocs.yml) is undocumented; if the bundle no longer reads it, the build stops
               rather than silently mount every code block at load again.
LAZY_TABS      the JavaScript bundle: a set of content tabs is mounted (tab indicator, scroll
               buttons, linked labels) when it comes into view, as content.lazy does for code
               blocks. Mounting reads the labels' size and scroll position, a forced layout per
               set: on the long pages, one task of 50-100 ms per set under Lighthouse's CPU
               slowdown. Until then the tabs work without it (the labels are native radio
               labels); a linked-tab switch elsewhere reaches such a set through its inputs.
               The component matches linked labels by their text through textContent, not
               innerText, which is empty in a block the browser has not laid out yet
               (content-visibility in docs/assets/site.css): a switch reaches every set.
TABS_RESTORE   every page: the inline script that selects the reader's last chosen tab at load
               reads the labels' textContent too: innerText made a returning reader's browser
               lay out the whole page parsed so far, in the middle of parsing it.
TABLE_MOUNT    every page, and the JavaScript bundle: each table is built inside the two boxes
               Material's script would put it in (`.md-typeset__scrollwrap > .md-typeset__table`,
               which scroll a wide table sideways; TABLE_WRAPPER checks that these are still
               its classes), and the script leaves a table so wrapped alone. Replacing a table
               among the article's blocks at load made the browser restyle every block after
               it (initialization page: about 100 ms under Lighthouse's 4x CPU slowdown).
BUNDLE_SCRIPT  every page and 404.html: Material's script runs once the page is parsed (defer).
               At the end of the body it ran while the parser waited, and its first read of
               the scroll position laid out the whole page inside the same task; with defer the
               browser draws the page first (what-is page, Lighthouse, 3 runs: performance
               94 -> 99, total blocking time about 200 -> 95 ms). The script still runs before
               DOMContentLoaded, where Material starts its components, and the site's own
               deferred scripts keep their order around it.
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
# content.lazy's "once visible" pipe on a code block `e`, minified:
#   V("content.lazy")?mt(e).pipe(g(n=>n),Ee(1),b(()=>o)):o
# (watch visibility, keep true, take one, then switch to the mount `o`).
ONCE_VISIBLE = re.compile(
    r'\w+\("content\.lazy"\)\?((\w+)\(e\)\.pipe\(\w+\(n=>n\),\w+\(1\),\w+\(\(\)=>)o(\)\))'
)
# The content tabs component: `function ri(e,{viewport$:t,target$:r}){...;return e.append(s),
# H(()=>{...mount...}).pipe(et(pe))}function oi(`; the mount adds "tabbed-labels--linked".
LAZY_TABS = re.compile(
    r'(function \w+\(e,\{viewport\$:\w+,target\$:\w+\}\)\{let (\w+)=\w+\("\.tabbed-labels",e\)'
    r"[^{}]*?return e\.append\(\w+\),)(\w+\(\(\)=>\{let .*?tabbed-labels--linked.*?\}\))"
    r"(\.pipe\(\w+\(\w+\)\)\}function )"
)
LAZY_TABS_MARK = f"/*lazy tabs: {HERE}*/"
# A linked-tab switch marks the label it selects in another set "data-md-switching", and that
# set's component unmarks it when it hears the change; a set not mounted yet must unmark itself.
UNMARK = (
    'e.querySelectorAll("[data-md-switching]").forEach(l=>l.removeAttribute("data-md-switching"))'
)
# The inline script of content.tabs.link (partials/content.html's tabs restore), minified.
TABS_RESTORE = (
    'for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab)'
)
# The content component, minified: `...M("table:not([class])",e).map(i=>ti(i)),...`, which
# replaces each table by `x("div",{class:"md-typeset__scrollwrap"},x("div",{class:
# "md-typeset__table"},table))`.
TABLE_MOUNT = re.compile(r'\w+\("table:not\(\[class\]\)",e\)\.map\(\w+=>\w+\(\w+\)\)')
TABLE_WRAPPER = re.compile(
    r'\w+\("div",\{class:"md-typeset__scrollwrap"\},\w+\("div",\{class:"md-typeset__table"\}'
)
TABLE_MARK = f"/*tables wrapped at build: {HERE}*/"
TABLE = re.compile(r"<table>.*?</table>", re.S)
# base.html's scripts block, as built: `<script src="../assets/javascripts/bundle.<hash>.min.js">`
BUNDLE_SCRIPT = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.\w+\.min\.js"></script>')
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


def defer_bundle(page_html: str) -> str:
    """Material's script runs once the page is parsed, not where it stands (BUNDLE_SCRIPT)."""
    patched, found = BUNDLE_SCRIPT.subn(
        lambda m: m[0].replace("></script>", " defer></script>"), page_html
    )
    if found != 1:
        raise _changed("script tag of the JavaScript bundle", "BUNDLE_SCRIPT", found)
    return patched


def check_scripts_deferred(extra_javascript: list, config_file: str) -> None:
    """Each extra_javascript entry runs after Material's deferred script (BUNDLE_SCRIPT): an
    entry without defer would run before it, where Material's `document$` does not exist yet."""
    lines = Path(config_file).read_text(encoding="utf-8").splitlines()
    for script in extra_javascript:
        path = str(script)
        if getattr(script, "defer", False) or getattr(script, "type", "") == "module":
            continue
        line = next((n for n, text in enumerate(lines, 1) if path in text), 0)
        raise PluginError(
            f"{Path(config_file).name}:{line}: extra_javascript {path} has no `defer: true`. "
            "Material's script is deferred (pipeline/docsite/material.py, BUNDLE_SCRIPT), so a "
            "script without defer runs before it: write the entry as `- path: "
            f"{path}` with `defer: true` under it."
        )


def chinese_theme_base(page_html: str, zh: str) -> str:
    """A Chinese page's theme base is the Chinese edition's root, where its index lies."""
    page_html, found = CONFIG_BASE.subn(lambda m: f'{m[1]}{m[2].rstrip("/")}/{zh}/"', page_html, 1)
    if not found:
        raise _changed('__config "base"', "CONFIG_BASE", 0)
    return page_html


def add_content_button(page_html: str, button: str, after: str = "") -> str:
    """Put button before the page's "edit this page" button, where Material's actions are, and
    after (if given) just after that button."""
    found = list(EDIT_BUTTON.finditer(page_html))
    if len(found) != 1:
        raise _changed('"edit this page" button', "EDIT_BUTTON", len(found))
    start = found[0].start()
    end = page_html.index("</a>", found[0].end()) + len("</a>")
    edit = page_html[start:end]
    return page_html[:start] + button + edit + after + page_html[end:]


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


def mount_tabs_when_visible(bundle_js: str) -> str:
    once = ONCE_VISIBLE.findall(bundle_js)
    if len(once) != 1:
        raise _changed("JavaScript bundle", "ONCE_VISIBLE", len(once))
    ((before, watch, after),) = once
    found = LAZY_TABS.findall(bundle_js)
    if len(found) != 1 or found[0][2].count(".innerText.trim()") != 2:
        raise _changed("JavaScript bundle", "LAZY_TABS", len(found))
    ((start, labels, mount, end),) = found
    # Watched through its labels: the mount watches the set itself, and the shared observer
    # would stop watching the set when this first watch ends, right after the mount began.
    before = before.replace(f"{watch}(e)", f"{watch}({labels})")
    text = mount.replace(".innerText.trim()", ".textContent.trim()")
    lazy = f"{start}{before}({UNMARK},{text}){after}{LAZY_TABS_MARK}{end}"
    return bundle_js.replace(start + mount + end, lazy, 1)


def restore_tabs_by_text(page_html: str) -> str:
    found = page_html.count(TABS_RESTORE)
    if found != 1:
        raise _changed("tab restoring script", "TABS_RESTORE", found)
    return page_html.replace(TABS_RESTORE, TABS_RESTORE.replace("innerText", "textContent"))


def wrap_tables(page_html: str) -> str:
    """Each table of the page (Markdown's, without a class) inside Material's two boxes."""
    return TABLE.sub(
        lambda m: (
            f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">{m[0]}</div></div>'
        ),
        page_html,
    )


def leave_wrapped_tables(bundle_js: str) -> str:
    """The bundle wraps only a table not wrapped at build time (wrap_tables)."""
    wrappers = len(TABLE_WRAPPER.findall(bundle_js))
    if wrappers != 1:
        raise _changed("JavaScript bundle", "TABLE_WRAPPER", wrappers)
    patched, found = TABLE_MOUNT.subn(
        lambda m: m[0].replace(
            '"table:not([class])"',
            f'"table:not([class]):not(.md-typeset__table>table)"{TABLE_MARK}',
        ),
        bundle_js,
    )
    if found != 1:
        raise _changed("JavaScript bundle", "TABLE_MOUNT", found)
    return patched


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
        js = leave_wrapped_tables(mount_tabs_when_visible(check_lazy_content(js)))
        return make_lazy(detach_color_scheme_meta(focus_wide_code(js)))

    _patch_asset(site, BUNDLE, bundle, LAZY)
    _patch_asset(site, PALETTE_CSS, drop_switching_rule, SWITCHING_MARK)
