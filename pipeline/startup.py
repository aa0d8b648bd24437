"""MkDocs hook: Material's start-up restyles a long page once, not four or five times.

Lighthouse's total blocking time on the long pages (8-9k elements) came almost all from
Material's JavaScript at start-up: without the bundle the math page scores 100. Traced in
Chromium, the bundle made the browser recompute the style of every element several times:

- its palette component appends <meta name="color-scheme"> to <head>, and later sets its
  content; each change of that meta restyles the whole document;
- it sets data-md-color-switching on <body> while it applies the palette, and the palette CSS
  rule `[data-md-color-switching] *` (no transitions while colours switch) then matches every
  element, so adding and removing the attribute restyles them all.

After the build this hook leaves that meta out of the document (the bundle still writes to it,
detached) and drops the universal rule. docs/assets/site.css gives <html> the dark colour scheme
when the dark palette is on, which is what the meta did. The cost: switching the palette fades
colours for a quarter second instead of changing them at once.

If a Material upgrade changes either piece, the build fails and says which: update the pattern
below for the new version, or drop this hook from mkdocs.yml.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

MARK = "/*pipeline/startup.py*/"
BUNDLE = "assets/javascripts/bundle.*.min.js"
# Material 9.x's palette component, minified:
#   let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);
META = re.compile(
    r'(let (\w+)=\w+\("meta",\{name:"color-scheme"\}\);)document\.head\.appendChild\(\2\);'
)
SWITCHING = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,"
    "[data-md-color-switching] :before{transition-duration:0s!important}"
)


def patch_theme_asset(site: Path, pattern: str, patch, mark: str) -> None:
    """Apply patch to the one built file matching pattern, unless it already carries mark
    (`mkdocs serve --dirty` keeps files an earlier build patched). pipeline/searchindex.py
    patches the theme's bundle the same way."""
    found = sorted(site.glob(pattern))
    if len(found) != 1:
        raise PluginError(
            f"pipeline/startup.py: expected one {pattern} in the site, found {len(found)}"
        )
    text = found[0].read_text(encoding="utf-8")
    if mark not in text:
        found[0].write_text(patch(text), encoding="utf-8")


def detach_color_scheme_meta(bundle_js: str) -> str:
    patched, count = META.subn(lambda m: m[1] + MARK, bundle_js)
    if count != 1:
        raise PluginError(
            "pipeline/startup.py: Material's bundle no longer appends the color-scheme meta the "
            f"way META expects (found {count} times): update META for this version."
        )
    return patched


def drop_switching_rule(palette_css: str) -> str:
    if palette_css.count(SWITCHING) != 1:
        raise PluginError(
            "pipeline/startup.py: Material's palette CSS no longer has the rule SWITCHING "
            "expects: update SWITCHING for this version."
        )
    return palette_css.replace(SWITCHING, MARK)


def on_post_build(config) -> None:
    site = Path(config.site_dir)
    patch_theme_asset(site, BUNDLE, detach_color_scheme_meta, MARK)
    patch_theme_asset(site, "assets/stylesheets/palette.*.min.css", drop_switching_rule, MARK)
