"""Pages for AI assistants (pipeline/docsite/llms.py): llms.txt in both editions, a Markdown
copy of every page with its examples' code and outputs, and the "copy page as Markdown" button.

The conversion is tested on small strings; the rest on the built site (the session `site`
fixture), and the button in Chromium (the fixtures of tests/test_browser.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.docsite import llms, material
from pipeline.docsite.lang import ZH, sources
from tests.test_browser import browser, server  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://exploding-gradients-verified.github.io/"
FILES = {
    "snippets/t/a_torch.py": "import torch\n# --8<-- [start:core]\nx = 1\n# --8<-- [end:core]\n",
    "docs/outputs/t/a_torch.txt": "loss 0.5\n",
}


def convert(markdown: str, src: str = "remedies/clipping.md") -> str:
    return llms.to_markdown(markdown, src, SITE_URL, FILES.__getitem__)


# --- the conversion -------------------------------------------------------------------------


def test_tabs_become_labels_with_the_code_and_output_inlined():
    page = (
        '=== "PyTorch"\n\n'
        '    ```python title="snippets/t/a_torch.py"\n'
        '    --8<-- "snippets/t/a_torch.py"\n'
        "    ```\n\n"
        '    ``` { .text .no-copy .output title="Output" }\n'
        '    --8<-- "docs/outputs/t/a_torch.txt"\n'
        "    ```\n\n"
        "After the tabs.\n"
    )
    assert convert(page) == (
        "**PyTorch**\n\n"
        "`snippets/t/a_torch.py`:\n\n"
        "```python\nimport torch\nx = 1\n```\n\n"
        "Output:\n\n```text\nloss 0.5\n```\n\n"
        "After the tabs.\n"
    )


def test_a_section_is_only_its_lines():
    page = '```python\n--8<-- "snippets/t/a_torch.py:core"\n```\n'
    assert convert(page) == "```python\nx = 1\n```\n"


def test_admonitions_and_details_become_quotes():
    page = '!!! warning "Mind this"\n\n    Body *text*.\n\n??? success\n\n    Hidden.\n'
    assert convert(page) == "> **Mind this**\n>\n> Body *text*.\n\n> **Success**\n>\n> Hidden.\n"


def test_tex_is_kept_as_dollar_math_outside_code():
    page = "A \\(g_k \\le c\\) and `\\(code\\)`:\n\n\\[\n\\lVert g \\rVert_2\n\\]\n"
    assert convert(page) == "A $g_k \\le c$ and `\\(code\\)`:\n\n$$\n\\lVert g \\rVert_2\n$$\n"


def test_links_become_absolute_in_the_page_edition():
    page = (
        "[a](../basics/what-is.md#why) [b](#here) [c](../walkthroughs/keras-rnn.py) "
        "[d](https://example.org/x) ![e](../outputs/t/f.svg){ loading=lazy width=10 }\n"
    )
    assert convert(page) == (
        f"[a]({SITE_URL}basics/what-is/#why) [b]({SITE_URL}remedies/clipping/#here) "
        f"[c]({SITE_URL}walkthroughs/keras-rnn/) [d](https://example.org/x) "
        f"![e]({SITE_URL}outputs/t/f.svg)\n"
    )
    zh = convert("[a](../basics/what-is.md) [i](index.md)", f"remedies/clipping.{ZH}.md")
    assert zh == f"[a]({SITE_URL}{ZH}/basics/what-is/) [i]({SITE_URL}{ZH}/remedies/)\n"


def test_site_only_syntax_is_left_out():
    page = (
        "# Title\n\n"
        '<p class="tested-with" markdown>Tested with torch.</p>\n\n'
        "## 三種 { #three-ways }\n\n"
        "<!-- a note for editors -->\n"
        '<span id="ba2016"></span>**Ba** (2016).\n\n'
        '<div class="grad-explorer" hidden>\n<form>\n<label>Depth</label>\n</form>\n</div>\n\n'
        '--8<-- "docs/includes/abbreviations.md"\n'
        "*[RNN]: recurrent neural network\n"
        "Text.\n"
    )
    assert convert(page) == "# Title\n\nTested with torch.\n\n## 三種\n\n**Ba** (2016).\n\nText.\n"


def test_code_is_left_as_it_is():
    page = '```python\n# [a](b.md) \\(x\\) <div>\n=== "not a tab"\n```\n'
    assert convert(page) == page


def test_markdown_urls_follow_llmstxt_org():
    assert llms.markdown_url("remedies/clipping/") == "remedies/clipping/index.html.md"
    assert llms.markdown_url("") == "index.html.md"
    assert llms.page_url_of(f"remedies/index.{ZH}.md") == "remedies/"


def test_a_notebook_becomes_prose_code_outputs_and_figures():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "# Title\n\nSee $T = 50$."},
            {
                "cell_type": "code",
                "source": "print(1)",
                "metadata": {"alt": "A line [rising]."},
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": "1\n"},
                    {"output_type": "display_data", "data": {"image/svg+xml": "<svg/>"}},
                ],
            },
        ]
    }
    assert llms.notebook_markdown(notebook, "Output", "https://x/w/n") == (
        "# Title\n\nSee $T = 50$.\n\n```python\nprint(1)\n```\n\n"
        "![A line (rising).](https://x/w/n-figure-1.svg)\n\nOutput:\n\n```text\n1\n```\n"
    )


def test_llms_txt_format():
    entries = [
        ("page", "Home", "", "The home\n page."),
        ("section", "Remedies"),
        ("page", "Clipping", "remedies/clipping/", "Clip it."),
    ]
    text = llms.llms_txt("Site", "What it is.", "en", SITE_URL, entries)
    assert text.startswith("# Site\n\n> What it is.\n\n")
    assert f"- [Home]({SITE_URL}index.html.md): The home page.\n\n## Remedies\n\n" in text
    assert text.endswith(f"- [Clipping]({SITE_URL}remedies/clipping/index.html.md): Clip it.\n")


def test_a_page_without_description_is_named():
    problem = llms.missing_description(None, "remedies/clipping.md")
    assert problem.startswith("docs/remedies/clipping.md:1: no `description:`")
    assert "jupyter:" in llms.missing_description(" ", "walkthroughs/keras-rnn.py")
    assert llms.missing_description("Clip it.", "remedies/clipping.md") is None


def test_the_button_anchor_names_its_constant():
    with pytest.raises(Exception, match="EDIT_BUTTON"):
        material.add_content_button("<article>no edit button</article>", "<a></a>")


# --- the built site -------------------------------------------------------------------------


def page_urls(edition: str) -> list[str]:
    prefix = "" if edition == "en" else f"{ZH}/"
    return [prefix + llms.page_url_of(src) for src in sources(ROOT / "docs")]


@pytest.mark.parametrize("edition", ["en", ZH])
def test_llms_txt_lists_every_page_once_with_a_summary(site, edition):
    prefix = "" if edition == "en" else f"{ZH}/"
    text = (site / prefix / "llms.txt").read_text("utf-8")
    entries = re.findall(r"^- \[(.+?)\]\((\S+?)\): (.*)$", text, re.M)
    listed = [url.removeprefix(SITE_URL) for _, url, _ in entries]
    expected = [llms.markdown_url(url) for url in page_urls(edition)]
    assert sorted(listed) == sorted(expected)  # every page, exactly once
    assert all(summary.strip() for _, _, summary in entries)
    for url in listed:
        assert (site / url).is_file(), url
    if edition == ZH:
        assert "梯度裁剪" in [title for title, _, _ in entries]
        assert text.startswith("# 梯度爆炸，實證版")


def test_clipping_copy_holds_both_frameworks_code_and_outputs(site):
    text = (site / "remedies/clipping/index.html.md").read_text("utf-8")
    for name in ["by_value_torch", "by_value_tf"]:
        source = (ROOT / "snippets/clipping" / f"{name}.py").read_text("utf-8")
        assert source.strip() in text, name
        printed = (ROOT / "docs/outputs/clipping" / f"{name}.txt").read_text("utf-8")
        assert printed.splitlines()[0] in text, name
    assert "**PyTorch**" in text and "**TensorFlow**" in text
    assert re.search(r"\$\$\s*\\lVert g \\rVert_2 = \\sqrt", text)  # TeX kept
    for leftover in ["<div", "<span", "tabbed", '=== "', "--8<--", "{ #", "katex", "*["]:
        assert leftover not in text, leftover


def test_chinese_copy_is_the_chinese_page_with_the_same_code(site):
    text = (site / f"{ZH}/remedies/clipping/index.html.md").read_text("utf-8")
    assert text.startswith("# 梯度裁剪")
    assert (ROOT / "snippets/clipping/by_value_tf.py").read_text("utf-8").strip() in text
    assert f"{SITE_URL}{ZH}/" in text  # links stay in the Chinese edition


def test_walkthrough_copy_holds_its_code_outputs_and_figures(site):
    text = (site / "walkthroughs/keras-rnn/index.html.md").read_text("utf-8")
    assert text.startswith("# A vanilla RNN in Keras")
    assert 'keras.config.set_floatx("float64")' in text
    printed = (ROOT / "docs/outputs/walkthroughs/keras-rnn.txt").read_text("utf-8")
    assert printed.splitlines()[1] in text
    assert "$T = 50$" in text
    figure = re.search(rf"\]\({re.escape(SITE_URL)}(walkthroughs/keras-rnn/[^)]+\.svg)\)", text)
    assert figure and (site / figure[1]).is_file()
    zh = (site / f"{ZH}/walkthroughs/keras-rnn/index.html.md").read_text("utf-8")
    assert 'keras.config.set_floatx("float64")' in zh and "Keras" in zh.splitlines()[0]


def test_print_page_copy_is_every_page(site):
    text = (site / "print/index.html.md").read_text("utf-8")
    for url in page_urls("en"):
        title = (site / llms.markdown_url(url)).read_text("utf-8").splitlines()[0]
        assert title in text, url


# --- the button -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "label"), [("remedies/clipping/", "Copy page as Markdown"), (f"{ZH}/", "將本頁複製為")]
)
def test_button_is_a_link_to_the_markdown_without_javascript(browser, server, path, label):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + path)
    link = page.locator("a[data-egv-copy-md]")
    href, name = link.get_attribute("href"), link.get_attribute("aria-label")
    response = page.request.get(server + path + href)
    ok, body = response.ok, response.text()
    context.close()
    assert href == "index.html.md" and label in name
    assert ok and body.startswith("# ")


def test_the_button_script_does_not_move_the_title(browser, server):  # noqa: F811
    """Its status line, empty until a copy, takes no room beside the title: a title that just
    fits on one line at 412 px stays there (the page would jump once the script ran)."""
    heights = []
    for script in (False, True):
        context = browser.new_context(
            viewport={"width": 412, "height": 823}, java_script_enabled=script
        )
        page = context.new_page()
        page.goto(server + f"{ZH}/remedies/at-scale/", wait_until="networkidle")
        heights.append(page.locator("article h1").evaluate("h => h.getBoundingClientRect().height"))
        context.close()
    assert heights[0] == heights[1], (
        f"title {heights[0]} px high without the script, {heights[1]} with it"
    )


def test_button_copies_the_page_markdown_by_keyboard(browser, server, site):  # noqa: F811
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "remedies/clipping/", wait_until="networkidle")
    button = page.locator("a[data-egv-copy-md]")
    button.focus()
    page.keyboard.press("Enter")
    page.locator(".egv-copy-md__status", has_text="Copied").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    label = button.get_attribute("aria-label")
    url = page.url
    context.close()
    assert url.endswith("remedies/clipping/")  # copied, not followed
    assert copied == (site / "remedies/clipping/index.html.md").read_text("utf-8")
    assert label == "Copied the page as Markdown"
