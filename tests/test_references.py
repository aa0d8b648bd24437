"""Citations and the references page agree, in both languages.

- every link to `references.md#<id>` names an entry that exists on both references pages;
- the two references pages list the same entries, and every entry is linked from at least one
  page of its language (the page claims to list every work cited on the site);
- every author-year citation written in prose ("Cho et al., 2014", "Gers and Cummins, 2000",
  "Liu 等人（2020）") is a link to the references page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from prose import NOT_PROSE, blank, notebook_markdown

from pipeline.docsite.lang import sources, translation_of

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
REFERENCES = {"en": "review/references.md", "zh-TW": "review/references.zh-TW.md"}

# Every page, both languages, Markdown and walkthrough notebooks; not the references pages.
PAGES = {
    language: [
        DOCS / rel
        for src in sources(DOCS)
        for rel in [src if language == "en" else translation_of(src)]
        if not src.startswith("review/references")
    ]
    for language in REFERENCES
}

ENTRY = re.compile(r'<span id="([^"]+)"></span>')
REF_LINK = re.compile(r"\]\((?:[^)\s]*/)?references\.md#([^)\s]+)\)")
# A Markdown link whose target is an entry of the references page, text included.
LINKED_CITATION = re.compile(r"\[[^\]]*\]\((?:[^)\s]*/)?references\.md#[^)\s]+\)")
NAME = r"[A-Z][A-Za-z'\u00C0-\u017F-]+"
# An author-year citation: a surname, optionally "et al." / "等人" / "and|& <surname>" (one or
# more), then the year after a comma or in parentheses.
CITATION = re.compile(
    rf"\b{NAME}(?:(?:,\s*{NAME})*,?\s+(?:and|&)\s+{NAME}|\s+et al\.|\s*等人)?"
    r"(?:\s*[,，]\s*|\s*[(（])(?:19|20)\d\d\b"
)


def entries(language: str) -> list[str]:
    return ENTRY.findall((DOCS / REFERENCES[language]).read_text("utf-8"))


def page_text(page: Path) -> str:
    """The page's text; a notebook keeps only its Markdown cells (line numbers kept)."""
    text = page.read_text("utf-8")
    return notebook_markdown(text) if page.suffix == ".py" else text


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


@pytest.mark.parametrize("language", REFERENCES)
def test_every_reference_link_names_an_entry(language):
    known = set(entries("en")) & set(entries("zh-TW"))
    problems = []
    for page in PAGES[language]:
        text = page.read_text("utf-8")
        for match in REF_LINK.finditer(text):
            if match[1] not in known:
                name = page.relative_to(ROOT).as_posix()
                problems.append(f"{name}:{line_of(text, match.start())}: #{match[1]}")
    assert not problems, "links to references that do not exist:\n" + "\n".join(problems)


def test_both_references_pages_list_the_same_entries_in_order():
    assert entries("en") == entries("zh-TW")
    en = entries("en")
    assert len(en) == len(set(en)), "an entry id appears twice"


@pytest.mark.parametrize("language", REFERENCES)
def test_every_entry_is_cited_somewhere(language):
    cited = {
        target for page in PAGES[language] for target in REF_LINK.findall(page.read_text("utf-8"))
    }
    unused = [entry for entry in entries(language) if entry not in cited]
    assert not unused, (
        f"{REFERENCES[language]} lists works that no page links to: {', '.join(unused)}; "
        "cite them or remove them"
    )


def unlinked_citations(pages: list[Path]) -> list[str]:
    problems = []
    for page in pages:
        text = NOT_PROSE.sub(blank, LINKED_CITATION.sub(blank, page_text(page)))
        for match in CITATION.finditer(text):
            name = page.relative_to(ROOT).as_posix()
            problems.append(f"{name}:{line_of(text, match.start())}: {match[0]!r}")
    return problems


@pytest.mark.parametrize("language", REFERENCES)
def test_author_year_citations_link_to_the_references(language):
    problems = unlinked_citations(PAGES[language])
    assert not problems, (
        "author-year citations that are not links to the references page "
        "(write [Name et al., 2014](../review/references.md#name2014)):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize(
    "text, found",
    [
        ("as Cho et al., 2014 showed", True),
        ("the forget gate (Gers, Schmidhuber and Cummins, 2000)", True),
        ("Gers and Cummins, 2000", True),
        ("Loshchilov and Hutter (2019) proposed", True),
        ("Liu 等人（2020）提出", True),
        ("Mikolov, 2012", True),
        ("[Cho et al., 2014](../review/references.md#cho2014)", False),
        ("ICML 2013, PMLR 9", False),
        ("TensorFlow 2.16 and Keras 2.11", False),
        ("Kingma & Ba (section 2.1)", False),
    ],
)
def test_the_citation_pattern(text, found):
    text = NOT_PROSE.sub(blank, LINKED_CITATION.sub(blank, text))
    assert bool(CITATION.search(text)) is found
