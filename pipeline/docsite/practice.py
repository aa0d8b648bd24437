"""Practice mode of the exam page: the build marks up the questions, docs/assets/practice.js
turns them into a quiz.

The exam page (docs/review/exam.md and its translation) is written as headings, paragraphs, an
option list and a `??? success "Answer: (X)"` block per question; without JavaScript the reader
sees exactly that. This step, on the page's final HTML, adds data attributes so that the script
never reads prose:

    <h3 id="q1-definition" data-practice-question="q1-definition" data-practice-topic="concepts">
    <p data-practice-stem>            the paragraph just above the options: the radio group's legend
    <ul data-practice-options="ABCD">  with <li data-practice-option="A"> ... (D)
      or <div class="highlight" data-practice-options="ABCD">  options written as `# (A)` code
    <details class="success" data-practice-key="B">  the existing answer block: the key is
                                                       already written in its summary

and, before the first topic with questions, a hidden panel holding the interface's strings in
the page's language and the topic names, followed by the script (loaded on this page only).
A question it cannot read fails the build, naming the file and line of its heading.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable

from pipeline.docsite.lang import DEFAULT, ZH, english_of

PAGES = {"review/exam.md"}  # English sources; their translations are practice pages too
SCRIPT = "assets/practice.js"
LETTERS = "ABCD"

# What the reader sees, in both languages; {name} fields are filled in by the script.
TEXT = {
    DEFAULT: {
        "title": "Practice mode",
        "intro": "Choose an option and press Check answer: you see at once whether it is "
        "right, with the explanation. Your answers are kept in this browser only.",
        "check": "Check answer",
        "choose": "Choose an option first.",
        "right": "Correct.",
        "wrong": "Not right: you chose ({chosen}); the answer is ({key}).",
        "topic": "{topic}: {correct} correct of {answered} answered.",
        "yours": "Your answer",
        "key": "Correct answer",
        "version": "Version ({letter})",
        "caption": "Your score by topic",
        "topicHead": "Topic",
        "answeredHead": "Answered",
        "correctHead": "Correct",
        "of": "{answered} of {total}",
        "all": "All topics",
        "retry": "Retry what I got wrong",
        "retried": "{n} wrong answers cleared: try them again.",
        "noWrong": "No wrong answers to retry.",
        "reset": "Start over",
        "cleared": "All answers cleared.",
    },
    ZH: {
        "title": "練習模式",
        "intro": "選一個選項後按「檢查答案」，立即知道對錯並看到解說。"
        "作答紀錄只保存在這個瀏覽器中。",
        "check": "檢查答案",
        "choose": "請先選一個選項。",
        "right": "答對了。",
        "wrong": "答錯了：你選了 ({chosen})，正確答案是 ({key})。",
        "topic": "{topic}：已作答 {answered} 題，答對 {correct} 題。",
        "yours": "你的答案",
        "key": "正確答案",
        "version": "版本 ({letter})",
        "caption": "各主題得分",
        "topicHead": "主題",
        "answeredHead": "已作答",
        "correctHead": "答對",
        "of": "{answered} / {total}",
        "all": "全部主題",
        "retry": "重做答錯的題目",
        "retried": "已清除 {n} 題答錯的題目，請重新作答。",
        "noWrong": "沒有答錯的題目需要重做。",
        "reset": "全部重來",
        "cleared": "已清除所有作答。",
    },
}

HEADING = re.compile(r'<h([23]) id="([^"]+)"([^>]*)>(.*?)</h\1>', re.S)
QUESTION = re.compile(r"Q(\d+)\.")
HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")
ANSWER = re.compile(
    r'<details class="success">\s*<summary>(?:Answer: |答案：)\(([^)]*)\)</summary>'
)
LIST = re.compile(r"<ul>(.*?)</ul>", re.S)
ITEM = re.compile(r"<li>\(([A-Z])\)")
CODE = re.compile(r'<div class="(?:language-\w+ )?highlight"[^>]*>.*?</pre></div>', re.S)
CODE_OPTION = re.compile(r"^#\s*\(([A-Z])\)\s*$", re.M)
PARAGRAPH_END = re.compile(r"</p>\s*$")

FORMAT = (
    "write the options as `- (A) ...` to `- (D) ...` (or one code block with `# (A)` to "
    '`# (D)` lines), then `??? success "Answer: (X)"` (Chinese: `答案：(X)`)'
)


def is_practice_page(src_uri: str) -> bool:
    """docs/review/exam.md and docs/review/exam.zh-TW.md."""
    return english_of(src_uri) in PAGES


def script_url(page_url: str) -> str:
    """The script's URL relative to the page: review/exam/ -> ../../assets/practice.js."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    return posixpath.relpath(SCRIPT, folder.rstrip("/") or ".")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub("", HEADERLINK.sub("", fragment))).split())


def _line(source: str, number: int) -> int:
    """The line of `### Q<number>.` in the page's Markdown (0 when not found)."""
    m = re.search(rf"^###\s+Q{number}\.", source, re.M)
    return source.count("\n", 0, m.start()) + 1 if m else 0


def _options(chunk: str, end: int) -> tuple[int, int, str, list[str]] | None:
    """The last option list or option code block before `end`: (start, stop, kind, letters)."""
    found = None
    for m in LIST.finditer(chunk, 0, end):
        letters = ITEM.findall(m[1])
        if letters and letters[0] == "A":
            found = (m.start(), m.end(), "list", letters)
    for m in CODE.finditer(chunk, 0, end):
        letters = CODE_OPTION.findall(html.unescape(TAG.sub("", m[0])))
        if letters and (found is None or m.start() > found[0]):
            found = (m.start(), m.end(), "code", letters)
    return found


def _mark_question(chunk: str, qid: str, topic: str, where: str, warn) -> str | None:
    """One question (its heading to the next heading) with its data attributes, or None."""
    answer = ANSWER.search(chunk)
    if not answer or answer[1] not in LETTERS:
        warn(f"{where}: no answer block keyed (A) to (D); {FORMAT}")
        return None
    options = _options(chunk, answer.start())
    if not options or options[3] != list(LETTERS):
        got = options[3] if options else "none"
        warn(f"{where}: options {got}; the practice mode needs (A) to (D): {FORMAT}")
        return None
    start, stop, kind, _ = options
    before = chunk[:start]
    stem = before.rfind("<p>")
    if stem < 0 or not PARAGRAPH_END.search(before):
        warn(
            f"{where}: no paragraph just above the options; end the question text with a "
            "paragraph (it becomes the legend of the answer choices)"
        )
        return None
    block = chunk[start:stop]
    if kind == "list":
        block = '<ul data-practice-options="ABCD">' + ITEM.sub(
            r'<li data-practice-option="\1">(\1)', block.removeprefix("<ul>"), count=4
        )
    else:
        block = re.sub(r"^<div ", '<div data-practice-options="ABCD" ', block)
    details = chunk[answer.start() :].replace(
        '<details class="success">',
        f'<details class="success" data-practice-key="{answer[1]}">',
        1,
    )
    heading_end = chunk.index(">")  # the <h3 ...> tag
    return (
        chunk[:heading_end]
        + f' data-practice-question="{qid}" data-practice-topic="{topic}"'
        + chunk[heading_end:stem]
        + "<p data-practice-stem>"
        + chunk[stem + 3 : start]
        + block
        + chunk[stop : answer.start()]
        + details
    )


def mark_questions(
    page_html: str,
    page_url: str,
    src: str,
    language: str,
    source: str,
    warn: Callable[[str], None],
) -> str:
    """The practice page's HTML with its questions marked up and the panel and script added
    (see the module's docstring). src is the page's path under docs/, source its Markdown."""
    path = f"docs/{src}"
    headings = list(HEADING.finditer(page_html))
    parts, last, topic, topics, panel_at = [], 0, None, [], None
    for i, h in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else _article_end(page_html, h)
        if h[1] == "2":
            topic = (h[2], _text(h[4]), h.start())
            continue
        number = QUESTION.match(_text(h[4]))
        if not number:
            continue
        where = f"{path}:{_line(source, int(number[1]))}: Q{number[1]}"
        if topic is None:
            warn(f"{where}: a question outside a topic; put it under a `## Topic` heading")
            continue
        marked = _mark_question(page_html[h.start() : end], h[2], topic[0], where, warn)
        if marked is None:
            continue
        if topic not in topics:
            topics.append(topic)
            if panel_at is None:
                panel_at = topic[2]
        parts += [page_html[last : h.start()], marked]
        last = end
    if not topics:
        warn(f"{path}: a practice page without questions; `### Q1. ...` headings under topics")
        return page_html
    marked_html = "".join(parts) + page_html[last:]
    data = {
        "lang": language,
        "text": TEXT[language],
        "topics": [{"id": t, "name": name} for t, name, _ in topics],
    }
    panel = (
        f'<div class="practice" data-practice hidden data-practice-config="'
        f'{html.escape(json.dumps(data, ensure_ascii=False), quote=True)}"></div>\n'
        f'<script src="{script_url(page_url)}" defer></script>\n'
    )
    # The panel goes before the first topic's heading; nothing before it changed length.
    return marked_html[:panel_at] + panel + marked_html[panel_at:]


def _article_end(page_html: str, heading: re.Match) -> int:
    end = page_html.find("</article>", heading.end())
    return end if end >= 0 else len(page_html)
