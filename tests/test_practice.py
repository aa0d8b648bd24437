"""Practice mode of the exam page (docs/assets/practice.js, pipeline/docsite/practice.py).

The build step is tested on small HTML strings; the script in Chromium on the built site, one
page load per test where it can be: answering (feedback, explanation, topic score), progress
kept over a reload and per language, "retry what I got wrong", the keyboard alone, the page
without JavaScript, and axe-core after answering.
"""

from __future__ import annotations

import json

import pytest
import test_browser
from test_browser import open_page

from pipeline.docsite import practice
from pipeline.docsite.lang import DEFAULT, ZH

EXAM = {DEFAULT: "review/exam/", ZH: f"{ZH}/review/exam/"}
STORE = "egv-practice:{}"

# The browser tests' fixtures: Chromium, and the built site served on loopback.
browser, server = test_browser.browser, test_browser.server

OPTIONS = "<ul>\n<li>(A) one</li>\n<li>(B) two</li>\n<li>(C) three</li>\n<li>(D) four</li>\n</ul>\n"
CODE = (
    '<div class="highlight" data-search-exclude><pre><span></span><code>'
    '<span class="c1"># (A)</span>\nf()\n<span class="c1"># (B)</span>\ng()\n'
    '<span class="c1"># (C)</span>\nh()\n<span class="c1"># (D)</span>\nk()\n</code></pre></div>\n'
)


def answer(summary: str) -> str:
    return f'<details class="success">\n<summary>{summary}</summary>\n<p>Why.</p>\n</details>\n'


def page(*questions: str) -> str:
    return (
        '<html><body><article class="md-content__inner md-typeset">\n'
        '<h1 id="exam">Exam</h1>\n<h2 id="key-points">Key points<a class="headerlink" '
        'href="#key-points">&para;</a></h2>\n<p>Text.</p>\n'
        '<h2 id="concepts">Concepts &amp; more<a class="headerlink" href="#concepts">&para;</a>'
        "</h2>\n" + "".join(questions) + "</article></body></html>"
    )


Q1 = '<h3 id="q1-definition">Q1. Definition</h3>\n<p>Which one?</p>\n' + OPTIONS
Q2 = '<h3 id="q2-code">Q2. Code</h3>\n<p>Which version?</p>\n' + CODE
SOURCE = "---\ndescription: x\n---\n\n# Exam\n\n## Concepts\n\n### Q1. Definition\n\n### Q2. Code\n"


def mark(html: str, language: str = DEFAULT, url: str = "review/exam/"):
    problems: list[str] = []
    src = "review/exam.md" if language == DEFAULT else f"review/exam.{ZH}.md"
    return practice.mark_questions(html, url, src, language, SOURCE, problems.append), problems


def config(html: str) -> dict:
    import html as html_module
    import re

    raw = re.search(r'data-practice-config="([^"]*)"', html)[1]
    return json.loads(html_module.unescape(raw))


def test_the_build_marks_each_question_with_its_key_topic_stem_and_options():
    out, problems = mark(page(Q1 + answer("Answer: (B)"), Q2 + answer("Answer: (D)")))
    assert not problems
    assert '<h3 id="q1-definition" data-practice-question="q1-definition" ' in out
    assert 'data-practice-topic="concepts">Q1. Definition</h3>' in out
    assert "<p data-practice-stem>Which one?</p>" in out
    assert '<ul data-practice-options="ABCD">' in out
    assert '<li data-practice-option="C">(C) three</li>' in out
    assert '<div data-practice-options="ABCD" class="highlight"' in out  # options as code
    assert '<details class="success" data-practice-key="B">' in out
    assert '<details class="success" data-practice-key="D">' in out
    # One panel, before the first topic with questions, then the script, relative to the page.
    assert out.count("data-practice hidden") == 1
    assert out.index("data-practice hidden") > out.index('id="key-points"')
    assert out.index("data-practice hidden") < out.index('<h2 id="concepts"')
    assert '<script src="../../assets/practice.js" defer></script>' in out
    # Nothing else changed: without the marks, the page is what the build made.
    plain = out.replace(
        out[out.index('<div class="practice"') : out.index('<h2 id="concepts"')], ""
    )
    for attr in [
        ' data-practice-question="q1-definition" data-practice-topic="concepts"',
        ' data-practice-question="q2-code" data-practice-topic="concepts"',
        " data-practice-stem",
        ' data-practice-options="ABCD"',
        ' data-practice-key="B"',
        ' data-practice-key="D"',
    ] + [f' data-practice-option="{x}"' for x in "ABCD"]:
        plain = plain.replace(attr, "")
    assert plain == page(Q1 + answer("Answer: (B)"), Q2 + answer("Answer: (D)"))


def test_the_panel_holds_the_strings_of_the_page_language_and_the_topic_names():
    out, problems = mark(page(Q1 + answer("答案：(A)")), ZH, f"{ZH}/review/exam/")
    assert not problems
    data = config(out)
    assert data["lang"] == ZH and data["text"]["check"] == "檢查答案"
    assert data["topics"] == [{"id": "concepts", "name": "Concepts & more"}]
    assert '<script src="../../../assets/practice.js" defer></script>' in out


def test_both_languages_have_every_string_with_the_same_fields():
    import re

    fields = re.compile(r"\{(\w+)\}")
    assert practice.TEXT[DEFAULT].keys() == practice.TEXT[ZH].keys()
    for key, english in practice.TEXT[DEFAULT].items():
        chinese = practice.TEXT[ZH][key]
        assert sorted(fields.findall(english)) == sorted(fields.findall(chinese)), key


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (Q1.replace("<li>(D) four</li>\n", "") + answer("Answer: (B)"), "options ['A', 'B', 'C']"),
        (Q1 + answer("Answer: (B, C)"), "no answer block keyed (A) to (D)"),
        (Q1.replace("<p>Which one?</p>\n", "") + answer("Answer: (B)"), "no paragraph just above"),
    ],
    ids=["three-options", "two-keys", "no-stem"],
)
def test_a_question_it_cannot_read_fails_the_build_naming_file_and_line(question, expected):
    out, problems = mark(page(question))
    assert len(problems) == 2, problems  # the question, then: no questions on the page
    assert problems[0].startswith("docs/review/exam.md:9: Q1: ")
    assert expected in problems[0]
    assert out == page(question)


def test_the_script_url_is_relative_to_the_page():
    assert practice.script_url("review/exam/") == "../../assets/practice.js"
    assert practice.script_url(f"{ZH}/review/exam/") == "../../../assets/practice.js"
    assert practice.script_url("review/exam.html") == "../assets/practice.js"  # offline edition
    assert practice.is_practice_page(f"review/exam.{ZH}.md")
    assert not practice.is_practice_page("review/glossary.md")


# In Chromium, on the built site.


def fieldset(page, qid: str):
    return page.locator(f"#{qid} ~ fieldset").first


def details(page, qid: str):
    return page.locator(f"#{qid} ~ details").first


def key(page, qid: str) -> str:
    return details(page, qid).get_attribute("data-practice-key")


def choose(page, qid: str, right: bool) -> str:
    """Answer question qid with a mouse, right or wrong; returns the letter chosen."""
    k = key(page, qid)
    letter = k if right else next(x for x in "ABCD" if x != k)
    fieldset(page, qid).locator(f"input[value='{letter}']").locator("..").click()
    fieldset(page, qid).get_by_role("button").click()
    return letter


def state(page, qid: str) -> dict:
    return page.evaluate(
        """qid => {
            const h = document.getElementById(qid);
            let fs = h.nextElementSibling;
            while (fs.tagName !== "FIELDSET") fs = fs.nextElementSibling;
            let d = fs.nextElementSibling;
            while (d.tagName !== "DETAILS") d = d.nextElementSibling;
            const checked = fs.querySelector("input:checked");
            const feedback = fs.querySelector(".practice-question__feedback");
            return {
                checked: checked && checked.value,
                disabled: Array.from(fs.querySelectorAll("input")).every(i => i.disabled),
                feedback: feedback.hidden ? null : feedback.textContent,
                explanation: !d.hidden && d.open,
            };
        }""",
        qid,
    )


def row(page, topic: str) -> list[str]:
    # textContent, not innerText: the browser may not have laid out the table yet (it is
    # content-visibility: auto far from the screen, docs/assets/site.css), and innerText is
    # empty there.
    cells = page.locator("#practice-score tr", has_text=topic).first.locator("td")
    return [t.strip() for t in cells.all_text_contents()]


def stored(page, language: str) -> dict:
    raw = page.evaluate(f"localStorage.getItem({json.dumps(STORE.format(language))})")
    return json.loads(raw)["answers"] if raw else {}


Q = ["q1-definition", "q2-scenario-a-long-sequence", "q3-vanishing-versus-exploding"]


def test_answering_shows_feedback_the_explanation_and_the_topic_score(browser, server):
    page, problems = open_page(browser, server + EXAM[DEFAULT])
    assert state(page, Q[2]) == {
        "checked": None,
        "disabled": False,
        "feedback": None,
        "explanation": False,
    }
    choose(page, Q[0], right=True)
    wrong = choose(page, Q[1], right=False)
    first, second = state(page, Q[0]), state(page, Q[1])
    cells = row(page, "Concepts")
    total = page.locator("fieldset.practice-question").count()
    page.wait_for_function(
        "() => document.querySelector('.practice__status').textContent.includes('Concepts')"
    )
    status = page.locator(".practice__status").text_content().strip()
    page.context.close()
    assert not problems, "\n".join(problems)
    assert first["feedback"] == "Correct." and first["explanation"] and first["disabled"]
    k = second["feedback"]
    assert second["checked"] == wrong and second["explanation"]
    assert k.startswith(f"Not right: you chose ({wrong}); the answer is (")
    assert cells[0] == "Concepts" and cells[1].startswith("2 of ") and cells[2] == "1"
    assert status == f"{k} Concepts: 1 correct of 2 answered."
    assert total >= 60  # tests/test_exam.py: at least 60 questions


def test_progress_is_kept_over_a_reload_per_language_ignoring_stale_entries(browser, server):
    page, problems = open_page(browser, server + EXAM[DEFAULT])
    choose(page, Q[0], right=True)
    # What the page wrote, plus entries of a question the page no longer has and of letters a
    # question does not offer, which the script ignores.
    entry = STORE.format(DEFAULT)
    saved = {**stored(page, DEFAULT), "q99-gone": "A", Q[1]: "Z", Q[2]: 3}
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, JSON.stringify({answers: v}))", [entry, saved]
    )
    page.reload(wait_until="networkidle")
    after_reload = [state(page, q) for q in Q], row(page, "Concepts")
    page.evaluate(f"localStorage.setItem({json.dumps(entry)}, '{{not json')")  # broken: no progress
    page.reload(wait_until="networkidle")
    broken = state(page, Q[0])
    page.goto(server + EXAM[ZH], wait_until="networkidle")  # the other language: its own progress
    chinese = state(page, Q[0]), row(page, "概念")
    page.context.close()
    assert not problems, "\n".join(problems)
    first, second, third = after_reload[0]
    assert first["feedback"] == "Correct." and first["explanation"] and first["disabled"]
    assert second["checked"] is None and third["checked"] is None
    assert after_reload[1][1].startswith("1 of ") and after_reload[1][2] == "1"
    assert broken["checked"] is None and not broken["explanation"]
    assert chinese[0]["checked"] is None and chinese[1][1].startswith("0 / ")


def test_retry_clears_only_the_wrong_answers_and_focuses_the_first(browser, server):
    page, problems = open_page(browser, server + EXAM[DEFAULT])
    right = choose(page, Q[0], right=True)
    choose(page, Q[1], right=False)
    choose(page, Q[2], right=False)
    page.get_by_role("button", name="Retry what I got wrong").click()
    states = [state(page, q) for q in Q]
    focused = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
    kept = stored(page, DEFAULT)
    retry_disabled = page.get_by_role("button", name="Retry what I got wrong").is_disabled()
    page.get_by_role("button", name="Start over").click()
    after_reset = state(page, Q[0]), stored(page, DEFAULT)
    page.context.close()
    assert not problems, "\n".join(problems)
    assert states[0]["checked"] == right and states[0]["explanation"]
    for s in states[1:]:
        assert s == {"checked": None, "disabled": False, "feedback": None, "explanation": False}
    assert focused == [f"practice-{Q[1]}", "A"]
    assert kept == {Q[0]: right} and retry_disabled
    assert after_reset == (
        {"checked": None, "disabled": False, "feedback": None, "explanation": False},
        {},
    )


def test_the_keyboard_alone_answers_a_question(browser, server):
    # The Chinese page: its strings and its storage entry are checked on the way.
    page, problems = open_page(browser, server + EXAM[ZH])
    k = key(page, Q[0])
    page.focus(f"#{Q[0]} a.headerlink")  # the permalink just above the question
    page.keyboard.press("Tab")  # into the radio group: option (A), nothing chosen yet
    first = page.evaluate("() => [document.activeElement.type, document.activeElement.checked]")
    for _ in range("ABCD".index(k)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the check button
    on_button = page.evaluate("() => document.activeElement.textContent")
    page.keyboard.press("Enter")
    result = state(page, Q[0])
    summary = page.evaluate("() => document.activeElement.textContent")
    title = page.locator(".practice .admonition-title").text_content().strip()
    saved = stored(page, ZH)
    page.context.close()
    assert not problems, "\n".join(problems)
    assert first == ["radio", False]
    assert on_button == "檢查答案"
    assert result["checked"] == k and result["feedback"] == "答對了。" and result["explanation"]
    assert summary == f"答案：({k})"  # focus moves to the explanation
    assert title == "練習模式" and saved == {Q[0]: k}


def test_without_javascript_the_page_is_as_written(browser, server, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    found = {}
    for language, path in EXAM.items():
        page.goto(server + path)
        found[language] = page.evaluate(
            """() => ({
                details: document.querySelectorAll("details.success").length,
                open: document.querySelectorAll("details.success[open]").length,
                hidden: document.querySelectorAll("details[hidden]").length,
                radios: document.querySelectorAll("article input[type=radio]").length,
                lists: document.querySelectorAll("ul[data-practice-options]").length,
                panel: document.querySelector("[data-practice]").offsetHeight,
            })"""
        )
    context.close()
    for language, counts in found.items():
        built = (site / EXAM[language] / "index.html").read_text("utf-8")
        assert counts == {
            "details": built.count("data-practice-key="),  # every question's answer block
            "open": 0,
            "hidden": 0,
            "radios": 0,
            "lists": built.count('<ul data-practice-options="ABCD">'),
            "panel": 0,
        }, language
        assert counts["details"] >= 60


@pytest.mark.parametrize(("language", "scheme"), [(DEFAULT, "dark"), (ZH, "light")])
def test_no_serious_accessibility_violation_after_answering(browser, server, language, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page, problems = open_page(browser, server + EXAM[language], scheme=scheme)
    choose(page, Q[0], right=True)
    choose(page, Q[1], right=False)
    fieldset(page, Q[2]).locator("label").first.click()  # chosen, not checked
    # The practice elements in their three states; the whole page, before answering, is
    # test_browser.py's (axe takes 10 s on it).
    parts = ["[data-practice]", "fieldset.practice-question:has(input:checked)", "details[open]"]
    results = Axe().run(page, context={"include": parts})
    page.context.close()
    serious = test_browser.serious_violations(results)
    assert not problems and not serious, "\n".join(problems + serious)
