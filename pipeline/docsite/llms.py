"""Pages for AI assistants: a Markdown copy of every page and an llms.txt per edition.

    remedies/clipping/index.html      the page
    remedies/clipping/index.html.md   the same page as plain Markdown (llmstxt.org: the page's
                                      URL + ".md", "index.html.md" for a directory URL)
    llms.txt, zh-TW/llms.txt          every page in nav order: [title](….md): its description
    print/index.html.md               every page's Markdown in one file (the print page's twin)

The Markdown copy is the page's Markdown after the examples were expanded (hooks.py,
on_page_markdown), so it already holds both frameworks' code and outputs; `to_markdown()`
inlines the `--8<--` files, turns Material's syntax into plain Markdown (tabs -> a bold label,
admonitions -> quotes, attribute lists and HTML widgets dropped), makes links absolute on
site_url and writes math as `$...$` / `$$...$$` (TeX, which assistants read best). A walkthrough
becomes Markdown from the notebook the page shows (`notebook_markdown()`).

Why not the mkdocs-llmstxt plugin (0.5.1): it converts the built HTML, and on this site it wrote
one llms.txt (the Chinese edition's, over the English one), lost the "PyTorch" / "TensorFlow"
tab labels, mangled the KaTeX math into `(\\varepsilon = 10^{-6})` and kept "Copied!" and the
code twice in the walkthroughs. mkdocs-llmstxt-md 0.3.0 and mkdocs-ask-ai 1.1.3 keep the
Markdown as on_page_markdown hands it to plugins, which run before this hook: `{{ example() }}`
lines and `--8<--` includes unexpanded (read in their code, not tried in a build);
mkdocs-copy-to-llm 0.2.10 copies the page's DOM text with English-only labels. The Markdown the
build already has needs none of that undone.

Everything here is text in, text out, except `write()`, which writes the files.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from pipeline.docsite.lang import DEFAULT, ZH

HELP = "See CONTRIBUTING.md, 'Pages for AI assistants'."
SUFFIX = ".md"  # llmstxt.org: the Markdown version of a page lives at its URL + .md

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>```+|~~~+)(?P<info>.*)$")
SNIPPET = re.compile(r'^(?P<indent>[ \t]*)--8<--\s+"(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\s*$')
SECTION_MARK = re.compile(r"^\s*#\s*--8<--\s*\[(start|end):[\w-]+\]\s*$")
CONTAINER = re.compile(
    r"^(?P<indent>[ \t]*)(?P<kind>===\+?|!!!|\?\?\?\+?)\s*"
    r'(?P<type>[\w-]+)?\s*(?:"(?P<title>[^"]*)")?\s*$'
)
COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:.*$")
IMAGE_ATTRS = re.compile(r"(!\[[^\]]*\]\([^)]*\))\{[^}]*\}")
HEADING_ATTRS = re.compile(r"^(#{1,6} .*?)\s*\{\s*[#.:][^{}]*\}\s*$")
ATTR_LINE = re.compile(r"^\s*\{:?\s*[#.][^{}]*\}\s*$")
EMPTY_ANCHOR = re.compile(r'<(span|a) id="[^"]*"></\1>')
MARKDOWN_P = re.compile(r"<p\b[^>]*\bmarkdown\b[^>]*>(.*?)</p>", re.S)
HTML_BLOCK = re.compile(r"^<(div|form|svg|figure)\b[^>]*>.*?^</\1>\s*$\n?", re.S | re.M)
LINK = re.compile(r"(?P<lead>!?\[[^\]]*\]\()(?P<target>[^)\s]+)(?P<rest>[^)]*\))")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
DISPLAY_MATH = re.compile(r"\\\[(.+?)\\\]", re.S)
INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.S)


def page_url_of(src_uri: str) -> str:
    """The URL of a page (directory URLs) from its source path in the English edition:
    remedies/clipping.md -> remedies/clipping/, remedies/index.md -> remedies/."""
    stem = src_uri.rsplit(".", 1)[0]
    stem = stem.removesuffix(f".{ZH}")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def markdown_url(page_url: str) -> str:
    """Where the Markdown copy of a page lies:
    remedies/clipping/ -> remedies/clipping/index.html.md."""
    if page_url == "" or page_url.endswith("/"):
        return page_url + "index.html" + SUFFIX
    return page_url + SUFFIX


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """Apply change to the parts of a Markdown text outside code fences and code spans."""
    out, prose, fence = [], [], None

    def flush() -> None:
        if prose:
            out.append(change("\n".join(prose)))
            prose.clear()

    for line in text.split("\n"):
        match = FENCE.match(line)
        if fence is None and match:
            flush()
            fence = match["mark"]
            out.append(line)
        elif fence is not None:
            if match and match["mark"].startswith(fence) and not match["info"].strip():
                fence = None
            out.append(line)
        else:
            prose.append(line)
    flush()
    return "\n".join(out)


def _outside_spans(text: str, change: Callable[[str], str]) -> str:
    pieces, last = [], 0
    for match in CODE_SPAN.finditer(text):
        pieces += [change(text[last : match.start()]), match[0]]
        last = match.end()
    pieces.append(change(text[last:]))
    return "".join(pieces)


def inline_files(markdown: str, read: Callable[[str], str]) -> str:
    """Replace each `--8<-- "path"` line inside a code fence with the file (or its section),
    and drop those outside fences (the glossary include)."""
    out, fence = [], None
    for line in markdown.split("\n"):
        opening = FENCE.match(line)
        if opening:
            if fence is None:
                fence = opening["mark"]
            elif opening["mark"].startswith(fence) and not opening["info"].strip():
                fence = None
            out.append(line)
            continue
        in_fence = fence is not None
        match = SNIPPET.match(line)
        if not match:
            out.append(line)
            continue
        if not in_fence:
            continue
        text = read(match["path"])
        if match["section"]:
            start, end = f"[start:{match['section']}]", f"[end:{match['section']}]"
            text = text.split(start, 1)[1].split("\n", 1)[1].split(end, 1)[0]
            text = text.rsplit("\n", 1)[0] if "\n" in text else ""
        body = [ln for ln in text.rstrip("\n").split("\n") if not SECTION_MARK.match(ln)]
        out += [match["indent"] + ln if ln else "" for ln in body]
    return "\n".join(out)


def _fence_info(info: str) -> tuple[str, str | None]:
    """The language and title of a fence: `python title="x.py"` -> ("python", "x.py"),
    `{ .text .output title="Output" }` -> ("text", "Output")."""
    title = re.search(r'title="([^"]*)"', info)
    rest = re.sub(r'title="[^"]*"', "", info).strip().strip("{}").strip()
    words = [w.lstrip(".") for w in rest.split() if w.startswith(".") or "=" not in w]
    lang = words[0] if words else ""
    return lang, title[1] if title else None


def _containers(lines: list[str]) -> list[str]:
    """Tabs -> a bold label and their content; admonitions and details -> block quotes; code
    fences lose their attributes (the title becomes a line above). Recursive for nesting."""
    out: list[str] = []
    i, fence = 0, None
    while i < len(lines):
        line = lines[i]
        match = FENCE.match(line)
        if fence is not None:
            if match and match["mark"].startswith(fence) and not match["info"].strip():
                fence = None
            out.append(line)
            i += 1
            continue
        if match:
            fence = match["mark"]
            lang, title = _fence_info(match["info"])
            if title:  # a file name as code, "Output" as a word
                title = f"`{title}`" if "/" in title else title
                out += [f"{match['indent']}{title}:", ""]
            out.append(f"{match['indent']}{match['mark']}{lang}")
            i += 1
            continue
        box = CONTAINER.match(line)
        if not box:
            out.append(line)
            i += 1
            continue
        indent = box["indent"]
        body, i = [], i + 1
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(indent + "    ")):
            body.append(lines[i][len(indent) + 4 :] if lines[i].strip() else "")
            i += 1
        while body and not body[-1]:
            body.pop()
        while body and not body[0]:
            body.pop(0)
        inner = _containers(body)
        if box["kind"].startswith("==="):
            out += [f"{indent}**{box['title'] or box['type']}**", ""]
            out += [indent + ln if ln else "" for ln in inner]
        else:
            label = box["title"] if box["title"] is not None else (box["type"] or "").title()
            quoted = ([f"**{label}**", ""] if label else []) + inner
            out += [f"{indent}> {ln}".rstrip() for ln in quoted]
        out.append("")
    return out


def _absolute(target: str, src_uri: str, site_url: str, edition: str) -> str:
    """A link of the page at src_uri, as an absolute URL on the published site."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("//"):
        return target
    path, _, fragment = target.partition("#")
    fragment = f"#{fragment}" if fragment else ""
    base = site_url.rstrip("/") + "/"
    if not path:
        return base + edition + page_url_of(src_uri) + fragment
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    if resolved.endswith(".md") or (
        resolved.startswith("walkthroughs/") and resolved.endswith(".py")
    ):
        return base + edition + page_url_of(resolved) + fragment
    return base + resolved + fragment  # a figure or file: shared by both editions, at the root


def to_markdown(markdown: str, src_uri: str, site_url: str, read: Callable[[str], str]) -> str:
    """The Markdown copy of a page from its expanded Markdown (see the module docstring).
    `read(path)` returns a file of the repository (the `--8<--` includes)."""
    edition = f"{ZH}/" if f".{ZH}." in src_uri else ""
    text = COMMENT.sub("", markdown)
    text = inline_files(text, read)

    def spans(chunk: str) -> str:  # what must not change inside a code span
        chunk = LINK.sub(
            lambda m: m["lead"] + _absolute(m["target"], src_uri, site_url, edition) + m["rest"],
            chunk,
        )
        chunk = DISPLAY_MATH.sub(lambda m: f"$${m[1]}$$", chunk)
        return INLINE_MATH.sub(lambda m: f"${m[1]}$", chunk)

    def prose(chunk: str) -> str:
        chunk = MARKDOWN_P.sub(lambda m: m[1].strip(), chunk)
        chunk = HTML_BLOCK.sub("", chunk)
        chunk = EMPTY_ANCHOR.sub("", chunk)
        chunk = IMAGE_ATTRS.sub(r"\1", chunk)
        lines = [HEADING_ATTRS.sub(r"\1", ln) for ln in chunk.split("\n")]
        lines = [ln for ln in lines if not ABBREVIATION.match(ln) and not ATTR_LINE.match(ln)]
        return _outside_spans("\n".join(lines), spans)

    text = _outside_code(text, prose)  # before the containers: their fences are indented
    text = "\n".join(_containers(text.split("\n")))
    return _squeeze_blank_lines(text).strip("\n") + "\n"


def _squeeze_blank_lines(text: str) -> str:
    """One blank line between blocks, outside code (whose blank lines are the author's)."""
    out: list[str] = []
    fence = None
    for line in text.split("\n"):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match["mark"]
        elif fence is not None and match and match["mark"].startswith(fence):
            fence = None if not match["info"].strip() else fence
        elif fence is None and not line.strip() and out and not out[-1].strip():
            continue
        out.append(line if line.strip() or fence else "")
    return "\n".join(out)


def notebook_markdown(notebook: dict, output_title: str, figure_base: str) -> str:
    """A walkthrough as Markdown, from the notebook its page shows (prose cells in the page's
    language, the executed code cells with their outputs). Figures link to figure_base +
    <stem>-figure-<n>.<ext>, the files notebooks.py writes beside the page."""
    parts, figures = [], 0
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] != "code":
            parts.append(source.strip("\n"))
            continue
        if source.strip():
            parts.append(f"```python\n{source.strip(chr(10))}\n```")
        printed: list[str] = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                text = output["text"]
                printed.append("".join(text) if isinstance(text, list) else text)
                continue
            image = next((m for m in ("image/svg+xml", "image/png") if m in data), None)
            if image:
                figures += 1
                ext = "svg" if image == "image/svg+xml" else "png"
                alt = cell.get("metadata", {}).get("alt", "").strip()
                alt = alt.replace("[", "(").replace("]", ")")
                parts.append(f"![{alt}]({figure_base}-figure-{figures}.{ext})")
            elif "text/plain" in data:
                text = data["text/plain"]
                printed.append("".join(text) if isinstance(text, list) else text)
        if printed:
            parts.append(f"{output_title}:\n\n```text\n{''.join(printed).strip(chr(10))}\n```")
    return "\n\n".join(p for p in parts if p) + "\n"


def missing_description(description, src: str) -> str | None:
    """The problem with a page without a `description:` (its summary in llms.txt)."""
    if isinstance(description, str) and description.strip():
        return None
    where = (
        "in the `jupyter:` metadata of its header" if src.endswith(".py") else "to its front matter"
    )
    return (
        f"docs/{src}:1: no `description:`, the page's one-line summary in llms.txt and in "
        f"search results. Add one {where}. {HELP}"
    )


def summary_line(description: str) -> str:
    """A front-matter description on one line."""
    return " ".join(description.split())


TEXT = {
    "intro": {
        DEFAULT: (
            "Every page below is also published as plain Markdown at its URL + `index.html.md`, "
            "with both frameworks' example code and its real outputs inline and math as TeX. "
            "The Traditional Chinese edition has its own list at {other}."
        ),
        ZH: (
            "以下每一頁也以純 Markdown 發布於該頁網址加上 `index.html.md`，"
            "內含兩種框架的範例程式碼與實際輸出，數學式以 TeX 表示。"
            "英文版的清單在 {other}。"
        ),
    },
    "copy": {DEFAULT: "Copy page as Markdown", ZH: "將本頁複製為 Markdown"},
    "copied": {DEFAULT: "Copied the page as Markdown", ZH: "已將本頁複製為 Markdown"},
}


def llms_txt(
    site_name: str, site_description: str, edition: str, site_url: str, entries: list
) -> str:
    """An edition's llms.txt. entries, in nav order: ("section", title) or
    ("page", title, page_url, description)."""
    base = site_url.rstrip("/") + "/"
    other = base + ("" if edition == ZH else f"{ZH}/") + "llms.txt"
    lines = [f"# {site_name}", "", f"> {summary_line(site_description)}", ""]
    lines += [TEXT["intro"][edition].format(other=other), ""]
    for entry in entries:
        if entry[0] == "section":
            lines += ["", f"## {entry[1]}", ""]
        else:
            _, title, url, description = entry
            lines.append(f"- [{title}]({base}{markdown_url(url)}): {summary_line(description)}")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


COPY_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="'
    "M20.56 18H3.44C2.65 18 2 17.37 2 16.59V7.41C2 6.63 2.65 6 3.44 6h17.12c.79 0 1.44.63 "
    "1.44 1.41v9.18c0 .78-.65 1.41-1.44 1.41M3.44 6.94c-.26 0-.48.21-.48.47v9.19c0 .25.22.46"
    ".48.46h17.12c.26 0 .48-.21.48-.46V7.41c0-.26-.22-.47-.48-.47zm1.45 8.25V8.81h1.92l1.92 "
    "2.35 1.92-2.35h1.93v6.38h-1.93v-3.66l-1.92 2.35-1.92-2.35v3.66zm12.01 0-2.9-3.1h1.94V8.81"
    'h1.92v3.28h1.93z"/></svg>'
)  # Material Design Icons "language-markdown-outline", as shipped with Material for MkDocs


def copy_button(page_url: str, edition: str) -> str:
    """The "copy page as Markdown" button: a link to the page's Markdown copy (the fallback
    without JavaScript), which docs/assets/copy-markdown.js upgrades to copy it instead."""
    href = posixpath.basename(markdown_url(page_url))
    root = "../" * page_url.count("/")
    label, done = TEXT["copy"][edition], TEXT["copied"][edition]
    return (
        f'<a href="{href}" title="{label}" aria-label="{label}" data-copied="{done}" '
        f'class="md-content__button md-icon egv-copy-md" data-egv-copy-md type="text/markdown">'
        f"{COPY_ICON}</a>"
        f'<script src="{root}assets/copy-markdown.js" defer></script>'
    )


def copy_status() -> str:
    """The button's status line, empty until a copy (copy-markdown.js fills it). It is in the
    page from the start: a screen reader then knows the live region before it speaks, and the
    script inserts nothing among the article's blocks (an element inserted there makes the
    browser restyle every block after it, a long task on a long page)."""
    return '<span class="egv-copy-md__status" role="status"></span>'


def write(site_dir: Path, url: str, text: str) -> None:
    """Write a file of the built site (url relative to its root)."""
    target = site_dir / url
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
