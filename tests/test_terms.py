"""The Chinese edition uses one term per concept (docs/includes/terms.zh-TW.yml).

A variant listed there fails the test wherever a reader sees it in Chinese prose: every
`*.zh-TW.md`, the Markdown cells and figure alt texts of `docs/walkthroughs/*.zh-TW.py`, and the
Chinese glossary. Code blocks, inline code, math and link targets are exempt, and so is a
verbatim quotation of the source note and an allowance the term list names (the exam synonym).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from prose import prose

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TERMS = DOCS / "includes" / "terms.zh-TW.yml"


def load_terms(path: Path = TERMS) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    for entry in data["terms"]:
        assert entry.get("use") and entry.get("avoid"), f"{path.name}: {entry} needs use and avoid"
    return data


def chinese_files(docs: Path = DOCS) -> list[Path]:
    return sorted(
        [*docs.rglob("*.zh-TW.md"), *(docs / "walkthroughs").glob("*.zh-TW.py")]
        + [docs / "includes" / "abbreviations.zh-TW.md"]
    )


def variants_in(text: str, name: str, data: dict, notebook: bool = False) -> list[str]:
    """Problems as `file:line: 'variant' -> use 'term'`; the longest variant wins where two
    overlap (門控循環單元, not also 門控)."""
    text = prose(text, notebook, keep_alt=True)
    quoted = [m.span() for m in re.finditer(data["quote"], text)]
    variants = sorted(
        ((v, e) for e in data["terms"] if name not in e.get("except", []) for v in e["avoid"]),
        key=lambda ve: len(ve[0]),
        reverse=True,
    )
    problems, taken, used = [], [], {}
    for variant, entry in variants:
        allowed = [m.span() for a in entry.get("allow", []) for m in re.finditer(a, text)]
        for match in re.finditer(re.escape(variant), text):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            if any(a <= start and end <= b for a, b in quoted):
                continue
            allowance = next((s for s in allowed if s[0] <= start and end <= s[1]), None)
            first = used.setdefault(entry["use"], allowance) if allowance else None
            if allowance and (not entry.get("once") or first == allowance):
                continue
            why = " (the synonym is allowed once per file)" if allowance else ""
            line = text.count("\n", 0, start) + 1
            problems.append((line, f"{name}:{line}: '{variant}' -> use '{entry['use']}'{why}"))
    return [p for _, p in sorted(set(problems))]


def test_chinese_prose_uses_the_site_terms():
    data = load_terms()
    problems = []
    for path in chinese_files():
        name = path.relative_to(ROOT).as_posix()
        problems += variants_in(path.read_text("utf-8"), name, data, path.suffix == ".py")
    assert not problems, (
        "Chinese prose uses a variant; write the site's term "
        "(docs/includes/terms.zh-TW.yml):\n" + "\n".join(problems)
    )


FIXTURE = """\
# 標題

每一層都有偏置向量，損失來回震盪。

```python
x = 1  # 偏置 in code is exempt
```

`反縮放` in inline code is exempt, and so is math \\(\\text{偏置}\\).
激勵函數（activation function，考題常稱激活函數）是允許的一次。
再寫一次激勵函數（又稱激活函數）就不行，直接寫激活函數也不行。
1. **「Sigmoid 與 tanh 容易造成梯度爆炸，會震盪。」**（原始筆記）
[Pascanu et al., 2013](../review/references.md#pascanu2013)
GRU（門控循環單元）最佳化器（optimizer，亦稱優化器）
"""


def test_variants_are_found_with_file_line_and_term():
    problems = variants_in(FIXTURE, "docs/x.zh-TW.md", load_terms())
    assert "docs/x.zh-TW.md:3: '偏置' -> use '偏差'" in problems
    assert "docs/x.zh-TW.md:3: '震盪' -> use '振盪'" in problems
    assert "docs/x.zh-TW.md:13: 'et al.' -> use '等人'" in problems
    # the synonym: the first allowed use passes, the second and the bare variant fail
    synonym = [p for p in problems if "激活函數" in p]
    assert len(synonym) == 2 and all(":11:" in p for p in synonym), synonym
    assert any("allowed once per file" in p for p in synonym)
    # code, inline code, math and the verbatim quotation of the note are exempt
    assert not [p for p in problems if ":6:" in p or ":9:" in p or ":12:" in p], problems
    # the longest variant wins; the optimizer synonym has its own allowance
    assert [p for p in problems if ":14:" in p] == [
        "docs/x.zh-TW.md:14: '門控循環單元' -> use '閘控循環單元'"
    ]
    assert len(problems) == 6, problems


def test_notebook_code_cells_are_exempt_and_alt_texts_checked():
    notebook = '# %%\nx = "偏置"\n# %% alt="對數尺度圖"\n# %% [markdown]\n# 單元狀態\n'
    problems = variants_in(notebook, "docs/walkthroughs/x.zh-TW.py", load_terms(), True)
    assert problems == [
        "docs/walkthroughs/x.zh-TW.py:3: '對數尺度' -> use '對數刻度'",
        "docs/walkthroughs/x.zh-TW.py:5: '單元狀態' -> use '細胞狀態'",
    ]


@pytest.mark.parametrize("entry", load_terms()["terms"], ids=lambda e: e["use"])
def test_a_site_term_is_not_its_own_variant(entry):
    assert not any(v in entry["use"] for v in entry["avoid"]), entry
