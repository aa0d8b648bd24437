"""MkDocs hook: accessibility fixes Material for MkDocs does not make itself.

- Its search dialog has role="dialog" but no accessible name (axe: aria-dialog-name).
"""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_DIALOG = (
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
)


def on_post_page(output: str, page, config) -> str:
    return output.replace(SEARCH_DIALOG, NAMED_DIALOG, 1)


def on_post_template(output: str, template_name, config) -> str:  # 404.html
    return output.replace(SEARCH_DIALOG, NAMED_DIALOG, 1)
