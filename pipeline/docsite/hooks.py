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
    codespans,
    editions,
    examples,
    glossary,
    i18n,
    lang,
    llms,
    macros,
    material,
    notebooks,
    practice,
    search,
    typeset,
)

log = logging.getLogger("mkdocs.hooks.docsite")
warn = log.warning

# The Markdown copy of each page (pipeline/docsite/llms.py), by page URL, and each edition's
# nav, kept until on_post_build writes llms.txt and the print page's copy.
markdown_copies: dict[str, tuple[str, str]] = {}
navs: dict[str, object] = {}


def front_matter_lines(page) -> int:
    """How many lines of the page's file MkDocs removed above its Markdown: the front matter."""
    from mkdocs.utils.meta import get_data

    raw = page.file.content_string
    body, _ = get_data(raw)
    return raw[: len(raw) - len(body)].count("\n") if raw.endswith(body) else 0


def on_config(config):
    editions.use_local_shim(config)  # the offline edition loads nothing from a CDN
    material.check_scripts_deferred(config.extra_javascript, config.config_file_path)
    # Before any page is indexed: jieba keeps the glossary's Chinese terms whole.
    search.add_glossary_words(list(glossary.chinese_terms()[0]))
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
    if i18n.current_language(config) == lang.DEFAULT:  # the English edition is built first
        markdown_copies.clear()
        navs.clear()
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
    if notebooks.is_notebook(page):  # its Markdown copy is made in on_page_content
        return markdown
    # Last: the Markdown copy is this text, with its examples and macros expanded.
    root = Path(config.config_file_path).parent
    copy = llms.to_markdown(markdown, src, config.site_url or "", read_file(root))
    remember_copy(page, copy, page.meta.get("description"), src)
    return markdown


def read_file(root: Path):
    return lambda path: (root / path).read_text(encoding="utf-8")


def remember_copy(page, copy: str, description, src: str) -> None:
    problem = llms.missing_description(description, src)
    if problem:
        warn(problem)
        description = ""
    markdown_copies[page.url] = (copy, description)


def on_page_content(html: str, page, config, files) -> str:
    if notebooks.is_notebook(page):  # first: it turns mkdocs-jupyter's HTML into Material's
        html = notebooks.convert_page(html, page, config, files, warn)
        # Its Markdown copy comes from the notebook the page shows (mkdocs-jupyter gives no
        # Markdown to on_page_markdown); the description from the notebook's metadata.
        import jupytext
        import nbformat

        shown = nbformat.reads(Path(page.file.abs_src_path).read_text("utf-8"), as_version=4)
        stem = Path(page.file.src_uri).stem
        site = (config.site_url or "").rstrip("/") + "/"
        raw = llms.notebook_markdown(shown, lang.text("output", page), site + page.url + stem)
        copy = llms.to_markdown(raw, page.file.src_uri, site, lambda path: "")
        source = jupytext.read(Path(config.docs_dir) / page.file.src_uri)
        remember_copy(page, copy, source.metadata.get("description"), page.file.src_uri)
    html = search.exclude_code_from_search(html)  # before the search plugin indexes the page
    html = codespans.merge_spans(html, code_colour_kinds(config))  # the print page gets it too
    if lang.language(page) == lang.ZH:
        html = lang.join_cjk_lines(html)  # before the tooltips, which must see whole words
        html = glossary.chinese_tooltips(html)
    if page.file.src_uri.endswith(".md"):
        examples.check_images(html, page.file.src_uri, warn)
    return html


def code_colour_kinds(config) -> dict[str, str]:
    return codespans.stylesheet_kinds(
        *codespans.theme_stylesheets(Path(config.docs_dir) / "assets" / "site.css")
    )


def on_page_context(context, page, config, nav):
    navs[i18n.current_language(config)] = (nav, config.site_name, config.site_description)
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
    output = material.defer_bundle(output)
    output = material.restore_tabs_by_text(output)
    output = material.wrap_tables(output)
    if page.url.startswith(f"{lang.ZH}/"):
        output = material.chinese_theme_base(output, lang.ZH)
    output = i18n.drop_head_alternates(output)
    if page.url in markdown_copies:  # the print page's copy is written in on_post_build
        edition = lang.ZH if page.url.startswith(f"{lang.ZH}/") else lang.DEFAULT
        button = llms.copy_button(page.url, edition)
        output = material.add_content_button(output, button, llms.copy_status())
        if not editions.is_print_page(page):
            site = Path(config.site_dir)
            llms.write(site, llms.markdown_url(page.url), markdown_copies[page.url][0])
    return i18n.point_switcher(output, page.url)


def on_post_template(output: str, template_name: str, config) -> str:
    if template_name == "404.html":  # not sitemap.xml
        return material.defer_bundle(material.name_search_dialog(output))
    return output


@event_priority(-200)  # after mkdocs-static-i18n (-100) has written the merged search index
def on_post_build(config) -> None:
    typeset.close_engine()
    site = Path(config.site_dir)
    material.patch_assets(site)
    for language in navs:  # each edition's: mkdocs-static-i18n builds the others inside its
        write_llms_files(config, site, language)  # on_post_build, before this one runs
    if not i18n.building_another_language(config):
        search.split_index_files(site)


def write_llms_files(config, site: Path, language: str) -> None:
    """An edition's llms.txt and its print page's Markdown copy: every page in nav order."""
    nav, site_name, site_description = navs[language]
    entries, pages = [], []

    def walk(items) -> None:
        for item in items:
            if item.is_section:
                entries.append(("section", item.title))
                walk(item.children)
            elif item.is_page and item.url in markdown_copies:
                copy, description = markdown_copies[item.url]
                entries.append(("page", item.title, item.url, description))
                pages.append(item)

    walk(nav.items)
    prefix = f"{lang.ZH}/" if language == lang.ZH else ""
    text = llms.llms_txt(
        site_name, site_description or "", language, config.site_url or "", entries
    )
    llms.write(site, prefix + "llms.txt", text)
    for page in pages:
        if editions.is_print_page(page):
            parts = [markdown_copies[page.url][0]]
            parts += [markdown_copies[p.url][0] for p in pages if p is not page]
            llms.write(site, llms.markdown_url(page.url), "\n\n".join(parts))


def on_build_error(error) -> None:
    typeset.close_engine()
