"""Search as a reader needs it: prose only, and one index per language.

- Code and printed output stay out of the index (every reader downloads it when they first
  search): the prose around them names what they show. Math is typeset after indexing
  (pipeline/docsite/typeset.py), so the index holds the short TeX source, not KaTeX's HTML.
- mkdocs-static-i18n merges both languages into one index, so an English query could rank a
  Chinese page first and every reader downloaded both. After the build, split_index_files()
  writes search/search_index.json with the English pages and zh-TW/search/search_index.json
  with the Chinese ones (locations relative to zh-TW/); the Chinese pages' theme base points at
  zh-TW/ (pipeline/docsite/material.py), which is where the theme looks for the index. The
  offline edition's search_index.js copies are split the same way.
- The index loads when the search box opens, not with every page: see LAZY_SEARCH in
  pipeline/docsite/material.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.docsite.lang import ZH

CODE_BLOCK = re.compile(r'<div class="((?:language-\w+ |no-copy output )?highlight)">')


def exclude_code_from_search(page_html: str) -> str:
    """Code and printed output blocks carry data-search-exclude."""
    return CODE_BLOCK.sub(r'<div class="\1" data-search-exclude>', page_html)


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


def split_index_files(site: Path) -> None:
    """Replace the merged index of the built site by one index per language."""
    merged = site / "search" / "search_index.json"
    if not merged.is_file():
        return
    offline = (site / "search" / "search_index.js").is_file()
    for prefix, index in split_index(json.loads(merged.read_text("utf-8"))).items():
        folder = site / prefix / "search"
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(data, encoding="utf-8")
        if offline:  # Material's offline plugin inlines the index into a script for file://
            (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
