"""MkDocs hook: search as a reader needs it: one index per language, downloaded on first use.

- Lazy: Material for MkDocs downloads search/search_index.json and parses it on the main thread
  as soon as any page loads, although most visits never search. From file:// it already waits
  until the search box opens; this hook makes it wait over HTTP too, by changing that one
  condition in the theme's JavaScript bundle after the build. Opening search (a click, or the
  keys / s f) starts the download; a query typed meanwhile is answered once the index is ready.
  The feature `search.highlight` stays off in mkdocs.yml: it would fetch the index on every page.
- Per language: mkdocs-static-i18n merges both languages into one index, so an English query
  could rank a Chinese page first and every reader downloaded both. After the build this hook
  splits it: search/search_index.json holds the English pages and zh-TW/search/search_index.json
  the Chinese ones (locations relative to zh-TW/); the Chinese pages' "base" in Material's
  config points at zh-TW/, which is where the theme looks for the index and resolves results.
  The offline edition's search_index.js copies are split the same way.

If a Material upgrade changes the bundle so that the condition is not found exactly once, the
build fails and says so: update PATTERN below (or drop the lazy part) for the new version.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.i18n import ZH  # noqa: E402
from pipeline.startup import BUNDLE, patch_theme_asset  # noqa: E402

# In Material 9.x's bundle: `L($(location.protocol!=="file:"),Je("search")).pipe(...)`, i.e.
# "start the search worker's setup now over HTTP, or when the search toggle opens".
PATTERN = 'location.protocol!=="file:"'
LAZY = "!1/*lazy search: pipeline/searchindex.py*/"

CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)"')


def make_lazy(bundle_js: str) -> str:
    count = bundle_js.count(PATTERN)
    if count != 1:
        raise PluginError(
            f"pipeline/searchindex.py: expected {PATTERN!r} once in Material's bundle, found "
            f"it {count} times. Material's JavaScript changed: update PATTERN in "
            "pipeline/searchindex.py for this version, or remove the lazy part of the hook."
        )
    return bundle_js.replace(PATTERN, LAZY)


def split_index(index: dict) -> dict[str, dict]:
    """{"": English index, "zh-TW/": Chinese index with locations relative to zh-TW/}."""
    prefix = f"{ZH}/"
    english = [d for d in index["docs"] if not d["location"].startswith(prefix)]
    chinese = [
        {**d, "location": d["location"].removeprefix(prefix)}
        for d in index["docs"]
        if d["location"].startswith(prefix)
    ]
    return {"": {**index, "docs": english}, prefix: {**index, "docs": chinese}}


def on_post_page(output: str, page, config) -> str:
    """A Chinese page's theme base is the Chinese edition's root, where its index lies."""
    if not page.url.startswith(f"{ZH}/"):
        return output
    output, found = CONFIG_BASE.subn(lambda m: f'{m[1]}{m[2].rstrip("/")}/{ZH}/"', output, 1)
    if not found:
        raise PluginError(
            f'pipeline/searchindex.py: no "base" in Material\'s __config on {page.url}; the '
            "theme's template changed: update CONFIG_BASE for this version."
        )
    return output


def _building_another_language(config) -> bool:
    plugin = config.plugins.get("i18n")
    return bool(plugin and plugin.building)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has written the merged index
def on_post_build(config) -> None:
    site = Path(config.site_dir)
    patch_theme_asset(site, BUNDLE, make_lazy, LAZY)

    merged = site / "search" / "search_index.json"
    if _building_another_language(config) or not merged.is_file():
        return  # the merged index is written once every language is built
    offline = (site / "search" / "search_index.js").is_file()
    for prefix, index in split_index(json.loads(merged.read_text("utf-8"))).items():
        folder = site / prefix / "search"
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(data, encoding="utf-8")
        if offline:  # Material's offline plugin inlines the index into a script for file://
            (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
