"""The exam review page is an item bank in the format of the iPAS exam.

The real exam (iPAS AI 應用規劃師, 中級, 第三科) is all single-answer, four-option multiple
choice, with many scenario items. These tests parse the Markdown of `docs/review/exam.md` and
its translation, without a build: at least 60 questions, each with options (A) to (D) and one
answer block that links to the page teaching it; the same questions, keys and anchors in both
languages; at least a third marked as scenarios; no test-wise cues (the key is rarely the longest
option, the letters are spread evenly); no short-answer items; no library-version trivia.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "docs" / "review" / "exam.md"
ZH = ROOT / "docs" / "review" / "exam.zh-TW.md"

MIN_QUESTIONS = 60
LETTERS = "ABCD"
SCENARIO = {"en": "Scenario:", "zh": "情境題："}
ANSWER = {
    "en": re.compile(r'^\?\?\? success "Answer: \(([^)]*)\)"\s*$'),
    "zh": re.compile(r'^\?\?\? success "答案：\(([^)]*)\)"\s*$'),
}

QUESTION = re.compile(r"^### Q(\d+)\.\s+(.*?)\s*(?:\{\s*#([\w-]+)\s*\})?\s*$")
SECTION = re.compile(r"^#{1,3} ")
OPTION = re.compile(r"^- \(([A-Z])\)\s?(.*)$")
CODE_OPTION = re.compile(r"^#\s*\(([A-Z])\)\s*$")  # options written as one code block
LINK = re.compile(r"\]\([^)\s]+\)")
MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]", re.S)
# A library release (`TensorFlow 2.21`, `Keras 2`, `torch 2.13`), a dotted release (`2.16.1`) or
# a bare `2.16`-style number: items must not depend on what changes from release to release.
VERSION = re.compile(
    r"\b(?:torch|PyTorch|TensorFlow|TF|Keras|tf\.keras|Python|NumPy|CUDA|JAX)\s+v?\d+(?:\.\d+)*"
    r"|\b\d+\.\d+\.\d+\b|(?<![\d.])[1-9]\.\d{2}(?![\d.])",
    re.I,
)
SHORT_ANSWER = re.compile(r"short answer|model answer|簡答|參考答案|模範答案", re.I)


@dataclass
class Question:
    number: int
    title: str
    anchor: str
    line: int
    stem: str = ""
    options: dict[str, str] = field(default_factory=dict)
    option_order: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    answer_text: str = ""


def parse(text: str, lang: str) -> list[Question]:
    """The questions of an exam page, in order."""
    questions: list[Question] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = QUESTION.match(lines[i])
        if not m:
            i += 1
            continue
        number, title = int(m[1]), m[2]
        # Without `{ #id }`, MkDocs gives the heading the slug of its text.
        anchor = m[3] or slugify(f"Q{number}. {title}", "-")
        q = Question(number, title, anchor, i + 1)
        i += 1
        stem, current, in_code, in_answer = [], None, False, False
        while i < len(lines) and (in_code or not SECTION.match(lines[i])):
            line = lines[i]
            answer = ANSWER[lang].match(line)
            if answer:
                q.keys.append(answer[1])
                in_answer, current = True, None
            elif in_answer:
                if line.strip() and not line.startswith("    "):
                    in_answer = False
                    stem.append(line)
                else:
                    q.answer_text += line.strip() + " "
            elif line.startswith("```"):
                in_code = not in_code
                current = None
            elif in_code and CODE_OPTION.match(line.strip()):
                current = CODE_OPTION.match(line.strip())[1]
                q.option_order.append(current)
                q.options[current] = ""
            elif in_code and current:
                q.options[current] += line.strip() + " "
            elif OPTION.match(line):
                current = OPTION.match(line)[1]
                q.option_order.append(current)
                q.options[current] = OPTION.match(line)[2] + " "
            elif current and line.startswith("  ") and line.strip():
                q.options[current] += line.strip() + " "
            else:
                current = None
                if not in_code:
                    stem.append(line)
            i += 1
        q.stem = "\n".join(stem).strip()
        q.options = {k: " ".join(v.split()) for k, v in q.options.items()}
        questions.append(q)
    return questions


def load(path: Path, lang: str) -> list[Question]:
    return parse(path.read_text("utf-8"), lang)


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def where(path: Path, q: Question) -> str:
    return f"{name(path)}:{q.line}: Q{q.number}"


def key(q: Question) -> str:
    return q.keys[0] if q.keys else "?"


@pytest.fixture(scope="module")
def en() -> list[Question]:
    return load(EN, "en")


@pytest.fixture(scope="module")
def zh() -> list[Question]:
    return load(ZH, "zh")


def structure_problems(path: Path, questions: list[Question]) -> list[str]:
    """What is wrong with the questions of one page, each naming the question."""
    problems = []
    if len(questions) < MIN_QUESTIONS:
        problems.append(f"{name(path)}: {len(questions)} questions; write at least {MIN_QUESTIONS}")
    numbers = [q.number for q in questions]
    if numbers != list(range(1, len(questions) + 1)):
        problems.append(f"{name(path)}: number the questions Q1, Q2, ... in order; got {numbers}")
    for q in questions:
        if q.option_order != list(LETTERS):
            problems.append(
                f"{where(path, q)}: options {q.option_order or 'none'}; give exactly four, "
                "(A) to (D), in order (a short-answer item has none: rewrite it as multiple choice)"
            )
        if len(q.keys) != 1 or q.keys[0] not in LETTERS:
            problems.append(
                f"{where(path, q)}: answer blocks {q.keys or 'none'}; give exactly one, keyed "
                "(A), (B), (C) or (D)"
            )
        if not LINK.search(q.answer_text):
            problems.append(
                f"{where(path, q)}: the answer explains without a link; link the page (and "
                "anchor) that teaches the point"
            )
        if not q.stem:
            problems.append(f"{where(path, q)}: no question text between heading and options")
    return problems


def test_each_question_has_four_options_and_one_linked_answer(en, zh):
    problems = structure_problems(EN, en) + structure_problems(ZH, zh)
    assert not problems, "\n".join(problems)


def test_both_languages_have_the_same_questions_keys_and_anchors(en, zh):
    assert len(zh) == len(en), (
        f"{name(ZH)} has {len(zh)} questions, {name(EN)} {len(en)}: translate every question, in "
        "the same order"
    )
    problems = []
    for e, z in zip(en, zh):
        if z.number != e.number:
            problems.append(f"{where(ZH, z)}: in the place of Q{e.number} of {name(EN)}")
        if z.anchor != e.anchor:
            problems.append(
                f"{where(ZH, z)}: anchor #{z.anchor}; give it the English id: "
                f"`### Q{e.number}. ... {{ #{e.anchor} }}`"
            )
        if z.keys != e.keys:
            problems.append(f"{where(ZH, z)}: keyed {z.keys}, the English Q{e.number} {e.keys}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang, path", [("en", EN), ("zh", ZH)])
def test_a_third_are_scenarios(en, zh, lang, path):
    questions = en if lang == "en" else zh
    marked = [q for q in questions if q.title.startswith(SCENARIO[lang])]
    assert 3 * len(marked) >= len(questions), (
        f"{name(path)}: {len(marked)} of {len(questions)} questions are scenarios; mark at least "
        f"a third, as `### Q7. {SCENARIO[lang]} <topic>`, with a situation from a training run "
        "in the stem"
    )


def test_scenarios_are_the_same_in_both_languages(en, zh):
    en_marked = {q.number for q in en if q.title.startswith(SCENARIO["en"])}
    zh_marked = {q.number for q in zh if q.title.startswith(SCENARIO["zh"])}
    assert en_marked == zh_marked, (
        f"scenario marks differ: only in {name(EN)}: {sorted(en_marked - zh_marked)}; only in "
        f"{name(ZH)}: {sorted(zh_marked - en_marked)}"
    )


@pytest.mark.parametrize("lang, path", [("en", EN), ("zh", ZH)])
def test_the_key_is_rarely_the_longest_option(en, zh, lang, path):
    """In each language: a translation can make the key the longest option again (the Chinese
    keys once were in 30 of 60 questions while the English ones were in 13)."""
    questions = en if lang == "en" else zh
    longest = []
    for q in questions:
        if q.keys and q.keys[0] in q.options and len(q.options) == 4:
            k = len(q.options[q.keys[0]])
            if all(k > len(text) for letter, text in q.options.items() if letter != q.keys[0]):
                longest.append(f"Q{q.number}")
    assert 3 * len(longest) <= len(questions), (
        f"{name(path)}: the key is strictly the longest option in {len(longest)} of "
        f"{len(questions)} "
        f"questions ({', '.join(longest)}); at most a third may be, or length gives the answer "
        "away: lengthen a distractor or shorten the key"
    )


def test_the_answer_letters_are_spread_evenly(en):
    counts = {letter: sum(key(q) == letter for q in en) for letter in LETTERS}
    uneven = {letter: n for letter, n in counts.items() if not 0.2 * len(en) <= n <= 0.3 * len(en)}
    assert not uneven, (
        f"{name(EN)}: keys per letter {counts}; each letter must key 20 % to 30 % of the "
        f"questions ({uneven} is outside): move keys by reordering options"
    )


@pytest.mark.parametrize("path", [EN, ZH], ids=name)
def test_no_short_answer_items(path):
    text = path.read_text("utf-8")
    found = [
        f"{name(path)}:{n}: {line.strip()}"
        for n, line in enumerate(text.splitlines(), 1)
        if (line.startswith("#") or line.startswith("???")) and SHORT_ANSWER.search(line)
    ]
    assert not found, (
        "short-answer items, which the exam does not have; make them four-option questions:\n"
        + "\n".join(found)
    )


@pytest.mark.parametrize("lang, path", [("en", EN), ("zh", ZH)])
def test_no_version_trivia_in_stems_or_options(en, zh, lang, path):
    problems = []
    for q in en if lang == "en" else zh:
        for part, text in [("stem", q.stem), *((f"option ({k})", v) for k, v in q.options.items())]:
            for m in VERSION.finditer(MATH.sub(" ", text)):
                problems.append(f"{where(path, q)} {part}: {m[0]!r}")
    assert not problems, (
        "library versions in questions; an item must not depend on a release (behaviour changes, "
        "the item goes stale): ask about the concept instead\n" + "\n".join(problems)
    )


def test_the_parser_reads_the_formats_it_checks():
    text = (
        "## Topic\n\n### Q1. Scenario: a thing\n\nWhich?\n\n- (A) one\n  more\n- (B) two\n"
        "- (C) three\n- (D) four\n\n"
        '??? success "Answer: (A)"\n\n    Because. [Link](../x.md#y)\n\n'
        "### Q2. Code\n\nWhich?\n\n```python\n# (A)\nf(x)\n# (B)\ng(x)\n# (C)\nh(x)\n# (D)\nk(x)\n"
        '```\n\n??? success "Answer: (D)"\n\n    Because.\n\n## Next\n'
    )
    q1, q2 = parse(text, "en")
    assert (q1.anchor, q1.options["A"], q1.keys, q1.stem) == (
        "q1-scenario-a-thing",
        "one more",
        ["A"],
        "Which?",
    )
    assert q2.option_order == list(LETTERS) and q2.options["D"] == "k(x)" and q2.keys == ["D"]
    assert structure_problems(EN, [q2]) and "without a link" in structure_problems(EN, [q2])[-1]
