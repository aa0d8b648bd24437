"""Examples: one line of Markdown becomes a tested example shown in framework tabs.

In a page under docs/, the line

    {{ example("clipping/train_loop") }}

becomes linked tabs labelled "PyTorch" and "TensorFlow" (one per snippet that exists:
snippets/clipping/train_loop_torch.py, snippets/clipping/train_loop_tf.py), each with the
snippet's code, its captured output and its figures from docs/outputs/. Options:

    section="loop"            show only `# --8<-- [start:loop]` ... `# --8<-- [end:loop]`
    alt="What to see ..."     alt text of the figures (required when the snippet plots);
                              a list gives one text per figure
    output=False              hide the printed output

This step only reads files. It never runs a snippet, so editing Markdown stays fast; every
problem it finds is reported (a warning that fails the strict build) with the page, the line
and what to do.
"""

from __future__ import annotations

import ast
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.outputs import (
    FRAMEWORKS,
    OUTPUTS,
    ROOT,
    SNIPPETS,
    Snippet,
    read_manifest,
    staleness,
    svg_size_of,
)

EXAMPLE_LINE = re.compile(r"^(?P<indent>[ \t]*)\{\{\s*example\((?P<args>.*)\)\s*\}\}\s*$")
FENCE = re.compile(r"^[ \t]*(```|~~~)")
OPTIONS = {"section": str, "alt": (str, list), "output": bool}
HELP = "See CONTRIBUTING.md, 'Add an example'."


@dataclass
class Embed:
    line: int  # 1-based line in the page
    indent: str
    example: str
    section: str | None = None
    alt: str | list | None = None
    output: bool = True


class EmbedError(ValueError):
    pass


def parse_line(text: str) -> Embed | None:
    """Parse one `{{ example(...) }}` line; None if the line is something else."""
    match = EXAMPLE_LINE.match(text)
    if not match:
        return None
    try:
        call = ast.parse(f"example({match['args']})", mode="eval").body
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    except (SyntaxError, ValueError) as exc:
        raise EmbedError(
            f"cannot read {text.strip()!r}: use literal strings, e.g. "
            '{{ example("clipping/train_loop", alt="...") }}'
        ) from exc
    if len(args) != 1 or not isinstance(args[0], str):
        raise EmbedError(
            f'{text.strip()!r}: give exactly one example name, e.g. "clipping/train_loop"'
        )
    for key, value in kwargs.items():
        if key not in OPTIONS:
            raise EmbedError(
                f"{text.strip()!r}: unknown option {key}= (known: {', '.join(OPTIONS)})"
            )
        if not isinstance(value, OPTIONS[key]):
            raise EmbedError(f"{text.strip()!r}: {key}= has the wrong type")
    return Embed(0, match["indent"], args[0], **kwargs)


def find_embeds(markdown: str) -> list[Embed | EmbedError]:
    """All example lines of a page outside code fences, with their line numbers."""
    found: list[Embed | EmbedError] = []
    fence = None
    for number, text in enumerate(markdown.splitlines(), start=1):
        marker = FENCE.match(text)
        if marker:
            fence = None if fence == marker[1] else (fence or marker[1])
            continue
        if fence:
            continue
        try:
            embed = parse_line(text)
        except EmbedError as exc:
            exc.line = number
            found.append(exc)
            continue
        if embed:
            embed.line = number
            found.append(embed)
    return found


def twins(example: str) -> list[Snippet]:
    """The snippets of one example, PyTorch first."""
    return [
        Snippet(SNIPPETS / f"{example}_{fw}.py")
        for fw in FRAMEWORKS
        if (SNIPPETS / f"{example}_{fw}.py").is_file()
    ]


def has_section(snippet: Snippet, section: str) -> bool:
    text = snippet.path.read_text(encoding="utf-8")
    return f"--8<-- [start:{section}]" in text and f"--8<-- [end:{section}]" in text


def svg_size(path: Path) -> tuple[int, int] | None:
    return svg_size_of(path.read_bytes())


def render(
    embed: Embed, page_src: str, output_title: str = "Output"
) -> tuple[list[str], list[str]]:
    """Markdown for one embed, and the problems found (each a full sentence)."""
    problems: list[str] = []
    snippets = twins(embed.example)
    if not snippets:
        return [], [
            f"example '{embed.example}' not found: there is no snippets/{embed.example}_torch.py "
            f"or snippets/{embed.example}_tf.py. Check the name or create the snippet. {HELP}"
        ]
    page_dir = posixpath.dirname(page_src)
    lines: list[str] = []
    for snippet in snippets:
        if embed.section and not has_section(snippet, embed.section):
            problems.append(
                f"{snippet.rel} has no section '{embed.section}': mark it with "
                f"`# --8<-- [start:{embed.section}]` and `# --8<-- [end:{embed.section}]`, "
                "or fix the section= name."
            )
            continue
        stale = staleness(snippet, versions=False)
        if stale:
            problems.append(f"{stale}: run `nox -s outputs` and commit docs/outputs/.")
            continue
        manifest = read_manifest(snippet)
        figures = manifest["figures"]
        alts = embed.alt if isinstance(embed.alt, list) else [embed.alt] * len(figures)
        if figures and (
            not all(isinstance(a, str) and a.strip() for a in alts) or len(alts) != len(figures)
        ):
            problems.append(
                f"example '{embed.example}': {snippet.rel} draws {len(figures)} figure(s), so the "
                f'example needs alt text for each: add alt="what the reader should see" '
                f"(or a list of {len(figures)} texts)."
            )
            continue

        source = snippet.rel + (f":{embed.section}" if embed.section else "")
        lines += [f'=== "{FRAMEWORKS[snippet.framework]}"', ""]
        lines += [f'    ```python title="{snippet.rel}"', f'    --8<-- "{source}"', "    ```", ""]
        if embed.output and manifest["stdout"]:
            out = (snippet.out_dir / manifest["stdout"]).relative_to(ROOT).as_posix()
            lines += [
                f'    ``` {{ .text .no-copy .output title="{output_title}" }}',
                f'    --8<-- "{out}"',
                "    ```",
                "",
            ]
        for name, alt in zip(figures, alts, strict=True):
            target = (snippet.out_dir / name).relative_to(OUTPUTS.parent).as_posix()
            size = svg_size(snippet.out_dir / name)
            attrs = f" width={size[0]} height={size[1]}" if size else ""
            alt_md = alt.replace("[", "(").replace("]", ")")
            lines += [
                f"    ![{alt_md}]({posixpath.relpath(target, page_dir)}){{ loading=lazy{attrs} }}",
                "",
            ]
    return [embed.indent + line if line else "" for line in lines], problems


def expand(
    markdown: str, src: str, output_title: str, line_offset: int, warn: Callable[[str], None]
) -> str:
    """Replace every example line of a page with its tabs. `line_offset` is the number of
    lines MkDocs removed above `markdown` (the front matter), so that a problem is reported at
    its line in the file, as docs/<page>:<line>."""
    out_lines = markdown.splitlines()
    # Replace from the bottom so earlier line numbers stay valid.
    for item in reversed(find_embeds(markdown)):
        where = f"docs/{src}:{item.line + line_offset}"
        if isinstance(item, EmbedError):
            warn(f"{where}: {item} {HELP}")
            continue
        block, problems = render(item, src, output_title)
        for problem in problems:
            warn(f"{where}: {problem}")
        out_lines[item.line - 1 : item.line] = block or [
            f'{item.indent}!!! failure "Missing example"',
            "",
        ]
    return "\n".join(out_lines) + "\n"


IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r'\salt="([^"]*)"', re.IGNORECASE)
SRC = re.compile(r'\ssrc="([^"]*)"', re.IGNORECASE)


def check_images(page_html: str, src: str, warn: Callable[[str], None]) -> None:
    """Every image of a Markdown page has alt text (a walkthrough's figures are checked by
    pipeline/docsite/notebooks.py)."""
    for tag in IMG.findall(page_html):
        alt = ALT.search(tag)
        if not alt or not html.unescape(alt[1]).strip():
            image = SRC.search(tag)
            warn(
                f"docs/{src}: image {image[1] if image else tag!r} has no alt text. "
                "Write what the reader should see in it: ![what it shows](file)."
            )
