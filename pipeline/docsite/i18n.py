"""The Traditional Chinese edition, next to mkdocs-static-i18n: the parts the plugin lacks.

- A page without its translation is an error that names both files (untranslated()).
- Chinese walkthroughs stay pages: mkdocs-static-i18n would serve a notebook of a non-default
  language as a download (keep_notebook_pages()).
- mkdocs-jupyter evicts from its cache what a build did not use; each language gets its own
  folder, so building one does not evict the other (use_language_cache()).
- The head's per-page <link rel="alternate" hreflang> go: Material's JavaScript fetches a
  sitemap.xml next to each (a 404 and a console error on every page); the root sitemap.xml
  lists the alternates for search engines (drop_head_alternates()).
- The language switcher points at the same page in the other language: mkdocs-static-i18n
  links home pages from the site root ("/zh-TW/", broken from disk or a sub-path) and does not
  know the notebooks' translations (point_switcher()).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.utils import get_relative_url

from pipeline.docsite.lang import DEFAULT, ZH, sources, translation_of


def current_language(config) -> str:
    plugin = config.plugins.get("i18n")
    return plugin.current_language if plugin else DEFAULT


def building_another_language(config) -> bool:
    """True while mkdocs-static-i18n builds a language other than its last one."""
    plugin = config.plugins.get("i18n")
    return bool(plugin and plugin.building)


def untranslated(docs_dir: Path) -> list[str]:
    return [
        f"docs/{src} has no Traditional Chinese translation: create "
        f"docs/{translation_of(src)} with the same headings (same ids) and the same "
        "examples. See CONTRIBUTING.md, 'Translate a page'."
        for src in sources(docs_dir)
        if not (docs_dir / translation_of(src)).is_file()
    ]


def keep_notebook_pages(files, config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return files
    from mkdocs_jupyter.plugin import NotebookFile

    for file in list(files):
        if not file.is_documentation_page() and jupyter.should_include(file):
            notebook = NotebookFile(file, **config)
            # keep the localized place mkdocs-static-i18n gave it: zh-TW/walkthroughs/<name>/
            notebook.dest_path, notebook.url = file.dest_path, file.url
            notebook.abs_dest_path = file.abs_dest_path
            files.remove(file)
            files.append(notebook)
    return files


def use_language_cache(config) -> None:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        if not hasattr(jupyter, "egv_cache_base"):
            jupyter.egv_cache_base = Path(jupyter.config["cache_dir"])
        cache = jupyter.egv_cache_base / current_language(config)
        cache.mkdir(parents=True, exist_ok=True)
        jupyter.config["cache_dir"] = str(cache)


HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
SWITCH = re.compile(r'<a href="([^"]*)" hreflang="([^"]+)"')


def drop_head_alternates(page_html: str) -> str:
    return HEAD_ALTERNATE.sub("", page_html)


def point_switcher(page_html: str, page_url: str) -> str:
    """Both editions share their paths, the Chinese one under zh-TW/."""
    base = page_url.removeprefix(f"{ZH}/")
    urls = {DEFAULT: base, ZH: f"{ZH}/{base}"}

    def switch(match: re.Match) -> str:
        target = urls.get(match[2])
        if target is None:
            return match[0]
        return f'<a href="{get_relative_url(target or ".", page_url)}" hreflang="{match[2]}"'

    return SWITCH.sub(switch, page_html)
