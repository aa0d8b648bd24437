"""MkDocs hook: the Traditional Chinese edition, next to mkdocs-static-i18n.

Every page `docs/X.md` (and walkthrough `docs/walkthroughs/N.py`) has its translation
`docs/X.zh-TW.md` (`N.zh-TW.py`) in the same folder; the zh-TW site is built under /zh-TW/.
Snippets, their outputs and figures are shared: a translated page uses the same
`{{ example(...) }}` lines. This hook

- fails the build (a warning in strict mode) for a page that has no translation, naming the file;
- keeps the Chinese walkthrough notebooks pages: mkdocs-static-i18n would otherwise serve a
  notebook of a non-default language as a download;
- gives each language its own folder in mkdocs-jupyter's cache of converted notebooks, so
  building one language does not evict the other's;
- holds the few sentences the hooks write themselves, in both languages (TEXT).
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
log = logging.getLogger("mkdocs.hooks.i18n")

DEFAULT, ZH = "en", "zh-TW"
TEXT = {
    "tested_with": {
        DEFAULT: "Tested with {libs}, the versions pinned in the repository.",
        ZH: "測試環境：{libs}，即儲存庫中釘選的版本。",
    },
    "and": {DEFAULT: " and ", ZH: " 與 "},
    "output": {DEFAULT: "Output", ZH: "輸出"},
    "download": {DEFAULT: "Download the notebook (.ipynb)", ZH: "下載筆記本（.ipynb）"},
}


def language(page) -> str:
    """The language of a page, from its file name (X.zh-TW.md is Chinese)."""
    return ZH if f".{ZH}." in page.file.src_uri else DEFAULT


def text(key: str, page) -> str:
    return TEXT[key][language(page)]


CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
CJK_BREAK = re.compile(f"(?<=[{CJK}])\n[ \t]*(?=[{CJK}])")
PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)


def join_cjk_lines(html: str) -> str:
    """Browsers show a line break in the source as a space, which Chinese text must not have:
    join lines that end and start with a CJK character (outside <pre>)."""
    parts = PRE.split(html)
    for i in range(0, len(parts), 2):
        parts[i] = CJK_BREAK.sub("", parts[i])
    return "".join(parts)


def translation_of(src_uri: str) -> str:
    stem, _, ext = src_uri.rpartition(".")
    return f"{stem}.{ZH}.{ext}"


def sources(docs_dir: Path) -> list[str]:
    """The English pages that need a translation: Markdown pages and walkthrough notebooks."""
    found = []
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir).as_posix()
        if f".{ZH}." in path.name or rel.startswith(("includes/", "outputs/", "assets/")):
            continue
        if path.suffix == ".md" or (rel.startswith("walkthroughs/") and path.suffix == ".py"):
            found.append(rel)
    return found


def _current_language(config) -> str:
    plugin = config.plugins.get("i18n")
    return plugin.current_language if plugin else DEFAULT


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built this language's file list
def on_files(files, config):
    lang = _current_language(config)
    if lang == DEFAULT:
        docs = Path(config.docs_dir)
        for src in sources(docs):
            if not (docs / translation_of(src)).is_file():
                log.warning(
                    f"docs/{src} has no Traditional Chinese translation: create "
                    f"docs/{translation_of(src)} with the same headings (same ids) and the same "
                    "examples. See CONTRIBUTING.md, 'Translate a page'."
                )
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


def on_pre_build(config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        # mkdocs-jupyter evicts what a build did not use: one subfolder per language.
        if not hasattr(jupyter, "egv_cache_base"):
            jupyter.egv_cache_base = Path(jupyter.config["cache_dir"])
        cache = jupyter.egv_cache_base / _current_language(config)
        cache.mkdir(parents=True, exist_ok=True)
        jupyter.config["cache_dir"] = str(cache)


ABBR_SKIP = (
    *("pre", "code", "a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"),
    *("option", "select", "textarea", "button", "svg", "title"),
)
TAG = re.compile(r"(<[^>]+>)")


def add_tooltips(html: str, terms: dict[str, str]) -> str:
    """Wrap each glossary term in <abbr title="...">, as the abbr extension does on English
    pages. That extension matches whole words only (\\b), and there are no word boundaries
    inside Chinese text, so Chinese pages get their tooltips here. Longest terms win."""
    if not terms:
        return html
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    out, skip = [], []
    for part in TAG.split(html):
        if part.startswith("<"):
            name = re.match(r"</?([a-zA-Z0-9]+)", part)
            if name and name[1].lower() in ABBR_SKIP and not part.endswith("/>"):
                if part.startswith("</"):
                    if skip and skip[-1] == name[1].lower():
                        skip.pop()
                else:
                    skip.append(name[1].lower())
            out.append(part)
        elif skip or not part.strip():
            out.append(part)
        else:
            out.append(pattern.sub(lambda m: f'<abbr title="{terms[m[0]]}">{m[0]}</abbr>', part))
    return "".join(out)


def on_page_content(content: str, page, config, files) -> str:
    """Glossary tooltips on Chinese pages, from docs/includes/abbreviations.zh-TW.md."""
    if language(page) != ZH:
        return content
    import html

    from pipeline.macros import ABBREVIATIONS_ZH, glossary_terms

    if not ABBREVIATIONS_ZH.is_file():
        return content
    terms = {
        t["term"]: html.escape(f"{t['zh']} — {t['definition']}", quote=True)
        for t in glossary_terms(ABBREVIATIONS_ZH)
    }
    return add_tooltips(content, terms)


SWITCH = re.compile(r'<a href="([^"]*)" hreflang="([^"]+)"')
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output: str, page, config) -> str:
    """Drop the head's per-page <link rel="alternate" hreflang>: Material's JavaScript fetches a
    sitemap.xml next to each of them (a 404 and a console error on every page); the sitemap.xml
    at the site root lists the alternates for search engines.

    Then point the language switcher at the same page in the other language. mkdocs-static-i18n
    links home pages from the site root ("/zh-TW/", broken from disk or a sub-path) and does not
    know the notebooks' translations; both editions share their paths, Chinese under zh-TW/."""
    output = HEAD_ALTERNATE.sub("", output)
    base = page.url.removeprefix(f"{ZH}/")
    urls = {DEFAULT: base, ZH: f"{ZH}/{base}"}

    def switch(match: re.Match) -> str:
        target = urls.get(match[2])
        if target is None:
            return match[0]
        return f'<a href="{get_relative_url(target or ".", page.url)}" hreflang="{match[2]}"'

    return SWITCH.sub(switch, output)
