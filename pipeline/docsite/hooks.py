"""The one MkDocs entry point of the site (mkdocs.yml: `hooks: [pipeline/docsite/hooks.py]`).

Each MkDocs event below calls the steps of pipeline/docsite/ in the order written here, and the
order matters where a comment says why. The steps are plain functions of text (Markdown in,
Markdown out; HTML in, HTML out) or of the built site folder; problems go to `warn`, which
fails the strict build. Nothing here runs code or imports torch or TensorFlow.

The project root must be importable: nox and the tests run `python -m mkdocs` from it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from pipeline.docsite import (
    editions,
    examples,
    glossary,
    i18n,
    lang,
    macros,
    material,
    notebooks,
    practice,
    search,
    typeset,
)

log = logging.getLogger("mkdocs.hooks.docsite")
warn = log.warning


def front_matter_lines(page) -> int:
    """How many lines of the page's file MkDocs removed above its Markdown: the front matter."""
    from mkdocs.utils.meta import get_data

    raw = page.file.content_string
    body, _ = get_data(raw)
    return raw[: len(raw) - len(body)].count("\n") if raw.endswith(body) else 0


def on_config(config):
    editions.use_local_shim(config)  # the offline edition loads nothing from a CDN
    return config


@event_priority(-300)  # after mkdocs-static-i18n (-100) has made this language's file list
def on_files(files, config):
    if i18n.current_language(config) == lang.DEFAULT:
        for problem in i18n.untranslated(Path(config.docs_dir)):
            warn(problem)
    files = i18n.keep_notebook_pages(files, config)  # before: the merge needs every notebook
    notebooks.merge_walkthroughs(files, config, warn)
    return files


def on_pre_build(config):
    i18n.use_language_cache(config)


def on_page_markdown(markdown: str, page, config, files) -> str:
    src, language = page.file.src_uri, lang.language(page)
    # Examples first, on the text as written, so a problem is reported at its line.
    has_examples = any(isinstance(e, examples.Embed) for e in examples.find_embeds(markdown))
    offset = front_matter_lines(page)
    markdown = examples.expand(markdown, src, lang.text("output", page), offset, warn)
    markdown = macros.expand(markdown, src, language, warn)
    if has_examples:
        markdown = macros.add_tested_with(markdown, language)
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    if notebooks.is_notebook(page):  # first: it turns mkdocs-jupyter's HTML into Material's
        html = notebooks.convert_page(html, page, config, files, warn)
    html = search.exclude_code_from_search(html)  # before the search plugin indexes the page
    if lang.language(page) == lang.ZH:
        html = lang.join_cjk_lines(html)  # before the tooltips, which must see whole words
        html = glossary.chinese_tooltips(html)
    if page.file.src_uri.endswith(".md"):
        examples.check_images(html, page.file.src_uri, warn)
    return html


def on_page_context(context, page, config, nav):
    # After every page's content exists (the nav is rendered in order, the print page last).
    if editions.is_print_page(page):
        editions.fill_print_page(page, nav)
    return context


def on_post_page(output: str, page, config) -> str:
    # Math last among the content changes: the search plugin indexed the short TeX source.
    output, has_math = typeset.typeset(output, page.file.src_uri, warn)
    if has_math:
        output = typeset.link_css(output, page.url)
    # The practice mode's marks on the final HTML, so that neither the search index nor the
    # print page (both made from the content before this event) gets them.
    if practice.is_practice_page(page.file.src_uri):
        src = page.file.src_uri
        source = page.file.content_string
        output = practice.mark_questions(output, page.url, src, lang.language(page), source, warn)
    output = material.name_search_dialog(output)
    if page.url.startswith(f"{lang.ZH}/"):
        output = material.chinese_theme_base(output, lang.ZH)
    output = i18n.drop_head_alternates(output)
    return i18n.point_switcher(output, page.url)


def on_post_template(output: str, template_name: str, config) -> str:
    if template_name == "404.html":  # not sitemap.xml
        return material.name_search_dialog(output)
    return output


@event_priority(-200)  # after mkdocs-static-i18n (-100) has written the merged search index
def on_post_build(config) -> None:
    typeset.close_engine()
    site = Path(config.site_dir)
    material.patch_assets(site)
    if not i18n.building_another_language(config):
        search.split_index_files(site)


def on_build_error(error) -> None:
    typeset.close_engine()
