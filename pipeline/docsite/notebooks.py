"""Walkthrough pages that look and weigh like the rest of the site.

    docs/walkthroughs/<name>.py        the notebook (jupytext percent format), code and prose
    docs/walkthroughs/<name>.zh-TW.py  its translation: the same cells, code cells left empty
    docs/outputs/walkthroughs/<name>.ipynb   its code cells as run by `nox -s outputs`, with
                                              their outputs (pipeline/run.py)
        --merge_walkthroughs(): the page's Markdown cells + the executed code cells-->  one notebook
        --mkdocs-jupyter: convert to HTML, executing nothing-->
        --convert_page(): rebuild that HTML as Material markup-->  walkthroughs/<name>/index.html
                                                               walkthroughs/<name>/<name>.ipynb
                                                               walkthroughs/<name>/<name>-figure-<n>.svg

The build runs no code, so it needs neither torch nor TensorFlow, and both languages show the
outputs of the same run. A page whose code cells changed after that run fails the build, like
a stale snippet (run `nox -s outputs`).

mkdocs-jupyter's own HTML inlines about 570 KB of JupyterLab CSS, a clipboard script, MathJax
configuration and a mermaid loader that imports from a CDN. convert_page() keeps only the cells:
prose as prose (math as `$...$`, typeset by the KaTeX hook like every other page), code as
Material code blocks with its copy button, printed output like the examples' output blocks, and
each figure as a file with the alt text given in its cell header (in the page's language):

    # %% alt="What the reader should see in the figure."

Links in the prose are written to the Markdown sources (`../remedies/clipping.md#anchor`) as on
any page: here they point to the built pages, in the downloadable .ipynb to the published site.
"""

from __future__ import annotations

import base64
import copy
import html
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from pipeline.docsite.lang import ZH, english_of, language, text
from pipeline.docsite.macros import tested_with
from pipeline.outputs import Walkthrough, read_manifest, staleness, svg_size_of

Warn = Callable[[str], None]

WALKTHROUGHS = "walkthroughs/"
HELP = "See CONTRIBUTING.md, 'Add a walkthrough notebook'."

CELL = re.compile(
    r'<div class="jp-Cell jp-(?P<kind>Markdown|Code)Cell jp-Notebook-cell[^"]*"[^>]*>', re.S
)
RENDERED_MD = re.compile(
    r'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput"'
    r' data-mime-type="text/markdown">(?P<body>.*?)</div>\s*</div>\s*</div>\s*</div>\s*$',
    re.S,
)
CODE = re.compile(r'<div class="highlight-ipynb hl-python"><pre>(?P<code>.*?)</pre></div>', re.S)
OUTPUT = re.compile(
    r'<div class="(?P<cls>[^"]*jp-OutputArea-output[^"]*)" data-mime-type="(?P<mime>[^"]+)"'
    r"[^>]*>\s*(?P<body>.*?)\s*</div>\s*</div>(?=\s*(?:<div class=\"jp-OutputArea-child|</div>))",
    re.S,
)
PRE = re.compile(r"<pre>(.*)</pre>", re.S)
DATA_IMG = re.compile(r'<img[^>]*src="data:image/(?P<type>svg\+xml|png);base64,(?P<data>[^"]+)"')
# `## Heading { #id }` in a Markdown cell: the id is kept (translations keep the English ids).
CUSTOM_ID = re.compile(
    r'<h([1-6]) id="([^"]*)">(.*?)\s*\{\s*#([\w-]+)\s*\}(<a class="anchor-link" href="#)[^"]*'
    r'(">\u00b6</a>)</h\1>',
    re.S,
)
HEADING = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)<a class="headerlink"', re.S)
ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#(?P<id>[^"]+)">\u00b6</a>')
HREF = re.compile(r'href="(?P<href>[^"#:]*\.md)(?P<frag>#[^"]*)?"')
MD_LINK = re.compile(r"\]\((?P<path>[^)\s#:]*\.md)(?P<frag>#[^)\s]*)?\)")
IDS = re.compile(r'\sid="([^"]+)"')
# Math as written in the notebook. `$` inside <code> is left alone (split_code below).
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$<>]+?)(?<!\s)\$(?!\$)")
CODE_SPAN = re.compile(r"(<code>.*?</code>|<pre>.*?</pre>)", re.S)


def is_notebook(page) -> bool:
    uri = page.file.src_uri
    return uri.startswith(WALKTHROUGHS) and uri.endswith(".py")


def merged_notebook(page_path: Path, walkthrough: Walkthrough, src: str) -> tuple[dict, list]:
    """The notebook a page shows: its own Markdown cells (in its language) and, in their place,
    the code cells of the English walkthrough with the outputs `nox -s outputs` captured.
    Returns the notebook (nbformat 4, as a dict) and the problems found."""
    import jupytext
    import nbformat

    problems = []
    page = jupytext.read(page_path)
    english = src == walkthrough.rel.removeprefix("docs/")
    if english:
        stale = staleness(walkthrough, versions=False)
        if stale:
            problems.append(f"{stale}: run `nox -s outputs` and commit docs/outputs/.")
    executed = None
    if read_manifest(walkthrough) and walkthrough.notebook_path.is_file():
        executed = nbformat.reads(walkthrough.notebook_path.read_text("utf-8"), as_version=4)
    source_cells = [c for c in page.cells if c.cell_type == "code"]
    if executed is None or len(executed.cells) != len(source_cells):
        if executed is not None and not english:
            problems.append(
                f"docs/{src} has {len(source_cells)} code cells, "
                f"{walkthrough.rel} has {len(executed.cells)}: a translation keeps every cell "
                "of the English notebook, in the same order."
            )
        executed = None
    kernelspec = page.metadata.get("kernelspec") or {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    merged = nbformat.v4.new_notebook(metadata={"kernelspec": kernelspec})
    code_number = 0
    for cell in page.cells:
        if cell.cell_type != "code":
            merged.cells.append(nbformat.v4.new_markdown_cell(cell.source))
            continue
        code_number += 1
        if not english and cell.source.strip():
            problems.append(
                f"docs/{src}: code cell {code_number} is not empty. The code cells of a "
                f"translated walkthrough stay empty: the code and its outputs come from "
                f"{walkthrough.rel}. Translate only the Markdown cells and the alt texts."
            )
        if executed is not None:
            code = copy.deepcopy(executed.cells[code_number - 1])
        else:
            code = nbformat.v4.new_code_cell(cell.source if english else "")
        code.metadata = {"alt": cell.metadata["alt"]} if "alt" in cell.metadata else {}
        merged.cells.append(code)
    for number, cell in enumerate(merged.cells, start=1):
        cell.id = f"cell-{number}"  # not random: two builds give the same file
    return merged, problems


def merge_walkthroughs(files, config, warn: Warn):
    """Point mkdocs-jupyter at the merged notebook of each walkthrough page (see above)."""
    import nbformat

    docs = Path(config.docs_dir)
    cache = Path(config.config_file_path).parent / ".cache" / "notebooks"
    for file in files:
        uri = file.src_uri
        if not (uri.startswith(WALKTHROUGHS) and uri.endswith(".py")):
            continue
        walkthrough = Walkthrough(docs / english_of(uri))
        merged, problems = merged_notebook(docs / uri, walkthrough, uri)
        for problem in problems:
            warn(problem)
        lang = ZH if f".{ZH}." in uri else "en"
        target = cache / lang / "walkthroughs" / f"{Path(uri).stem.split('.')[0]}.ipynb"
        data = nbformat.writes(merged)
        if not target.is_file() or target.read_text("utf-8") != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(data, encoding="utf-8")
        file.abs_src_path = str(target)
    return files


def _cells(content: str) -> list[tuple[str, str]]:
    """(kind, html) of each cell, in order. mkdocs-jupyter wraps code cells twice."""
    content = content.split("</div> <!-- jp-Notebook -->")[0]
    starts = [m for m in CELL.finditer(content)]
    cells = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(content)
        chunk = content[match.end() : end]
        if match["kind"] == "Code" and 'id="cell-id=' not in match[0]:
            continue  # the outer wrapper; the inner div follows at once
        cells.append((match["kind"], chunk))
    return cells


def _typeset_markers(body: str) -> str:
    """`$x$` and `$$x$$` in prose become the spans the KaTeX hook typesets."""
    parts = CODE_SPAN.split(body)
    for i in range(0, len(parts), 2):
        text = DISPLAY_MATH.sub(lambda m: f'<div class="arithmatex">\\[{m[1]}\\]</div>', parts[i])
        parts[i] = INLINE_MATH.sub(lambda m: f'<span class="arithmatex">\\({m[1]}\\)</span>', text)
    return "".join(parts)


def _target(page, link: str) -> str:
    """The docs/ path a link written in the notebook points to (relative to the notebook)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), link))


def _resolve_links(body: str, page, files, src: str, warn: Warn) -> str:
    def resolve(match: re.Match) -> str:
        target = _target(page, match["href"])
        file = files.get_file_from_path(target)
        if file is None:
            warn(
                f"{src}: link '{match['href']}' points to docs/{target}, which does not exist. "
                "Write links relative to the notebook file, as in a Markdown page."
            )
            return match[0]
        return f'href="{file.url_relative_to(page.file)}{match["frag"] or ""}"'

    return HREF.sub(resolve, body)


def _output_block(printed: str, title: str) -> str:
    return (
        f'<div class="no-copy output highlight"><span class="filename">{title}</span>'
        f"<pre><span></span><code>{printed}</code></pre></div>"
    )


def convert(
    content: str, page, config, files, notebook, warn: Warn
) -> tuple[str, dict[str, bytes]]:
    """Material markup for the cells; the figures as {file name: bytes}."""
    src = f"docs/{page.file.src_uri}"
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    out, figures, code_index = [], {}, 0
    for kind, chunk in _cells(content):
        if kind == "Markdown":
            match = RENDERED_MD.search(chunk)
            if not match:
                warn(f"{src}: could not read a Markdown cell of the converted notebook")
                continue
            body = CUSTOM_ID.sub(
                lambda m: f'<h{m[1]} id="{m[4]}">{m[3]}{m[5]}{m[4]}{m[6]}</h{m[1]}>', match["body"]
            )
            body = ANCHOR_LINK.sub(
                lambda m: (
                    f'<a class="headerlink" href="#{m["id"]}" title="Permanent link">\u00b6</a>'
                ),
                body,
            )
            body = _resolve_links(_typeset_markers(body), page, files, src, warn)
            out.append(body)
            continue
        cell = code_cells[code_index] if code_index < len(code_cells) else None
        code_index += 1
        code = CODE.search(chunk)
        if code:
            out.append(
                '<div class="language-python highlight"><pre><span></span><code>'
                + code["code"].removeprefix("<span></span>")
                + "</code></pre></div>"
            )
        printed: list[str] = []  # consecutive printed chunks form one output block
        for output in OUTPUT.finditer(chunk):
            mime, body = output["mime"], output["body"]
            if mime == "application/vnd.jupyter.stderr":
                err = html.unescape(PRE.sub(lambda m: m[1], body)).strip()
                warn(
                    f"{src}: code cell {code_index} wrote to stderr: {err[:300]!r}. "
                    "Silence or fix the warning: the page must not show it."
                )
                continue
            pre = PRE.search(body)
            if pre and not DATA_IMG.search(body):
                printed.append(pre[1])
                continue
            if printed:
                out.append(_output_block("".join(printed), text("output", page)))
                printed = []
            image = DATA_IMG.search(body)
            if image:
                ext = "svg" if image["type"] == "svg+xml" else "png"
                # Named after the notebook: without directory URLs (offline edition) the
                # figures of all walkthroughs share one folder.
                name = f"{Path(page.file.src_uri).stem}-figure-{len(figures) + 1}.{ext}"
                data = base64.b64decode(image["data"])
                figures[name] = data
                alt = (cell.metadata.get("alt", "") if cell else "").strip()
                if not alt:
                    warn(
                        f"{src}: the figure of code cell {code_index} has no alt text. Start the "
                        'cell with `# %% alt="What the reader should see in it."`. ' + HELP
                    )
                size = svg_size_of(data) if ext == "svg" else None
                dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
                out.append(
                    f'<p><img src="{name}" alt="{html.escape(alt)}"{dims} loading="lazy"></p>'
                )
            elif mime == "text/html":
                out.append(body)
        if printed:
            out.append(_output_block("".join(printed), text("output", page)))
    if code_index != len(code_cells):
        warn(f"{src}: found {code_index} code cells in the HTML, {len(code_cells)} in the file")
    return "\n".join(out), figures


def ipynb_for_download(notebook, page, config, files) -> str:
    """The notebook as .ipynb, its links to pages pointing at the published site."""
    import jupytext

    site = (config.site_url or "").rstrip("/") + "/"

    def absolute(match: re.Match) -> str:
        target = _target(page, match["path"])
        file = files.get_file_from_path(target)
        url = file.url if file else target
        return f"]({site}{url}{match['frag'] or ''})"

    nb = copy.deepcopy(notebook)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = MD_LINK.sub(absolute, cell.source)
    nb.metadata.pop("jupytext", None)
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{number}"  # not random: two builds give the same file
    return jupytext.writes(nb, fmt="ipynb")


def tested_with_line(notebook, page) -> str:
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    return tested_with(
        language(page),
        torch=bool(re.search(r"^\s*(import|from) torch\b", code, re.M)),
        tensorflow=bool(re.search(r"^\s*(import|from) (tensorflow|keras)\b", code, re.M)),
    )


def convert_page(content: str, page, config, files, warn: Warn) -> str:
    """A walkthrough page as Material markup, its figures and its download written to the
    site folder."""
    import jupytext

    notebook = jupytext.read(page.file.abs_src_path)
    body, figures = convert(content, page, config, files, notebook, warn)
    stem = Path(page.file.src_uri).stem
    out_dir = Path(config.site_dir) / Path(page.file.dest_uri).parent
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in figures.items():
        (out_dir / name).write_bytes(data)
    (out_dir / f"{stem}.ipynb").write_text(
        ipynb_for_download(notebook, page, config, files), encoding="utf-8"
    )
    download = (
        f'<p class="tested-with">{tested_with_line(notebook, page)}</p>\n'
        f'<p class="notebook-download"><a class="md-button" href="{stem}.ipynb" download>'
        f"{text('download', page)}</a></p>"
    )
    # The download button goes right under the title.
    body = re.sub(r"(</h1>)", r"\1\n" + download.replace("\\", "\\\\"), body, count=1)
    page.present_anchor_ids = set(IDS.findall(body))
    page.toc = toc_of(body)
    return body


def toc_of(body: str):
    """The page's table of contents, from the headings as rendered (ids included)."""
    from mkdocs.structure.toc import get_toc

    root: list[dict] = []
    stack: list[tuple[int, list]] = [(1, root)]
    for level, anchor, inner in HEADING.findall(body):
        name = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        while stack[-1][0] >= int(level):
            stack.pop()
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        stack[-1][1].append(token)
        stack.append((int(level), token["children"]))
    return get_toc(root)
