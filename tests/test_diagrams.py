"""The hand-written diagrams of docs/assets/diagrams/.

Each is an SVG that a reader sees through an <img>: well-formed, with role="img", a <title> and
a viewBox, at most 720 units wide, self-contained (no scripts, no external references, system
fonts only), drawn on a transparent background in colours that keep at least 3:1 contrast
against Material's light (white) and dark (slate, #1e2129) page, with text of at least 14 px.
Every diagram has a Chinese twin, `<name>.zh-TW.svg`, with its labels in Chinese; both pages
reference `<name>.svg`, and mkdocs-static-i18n (suffix layout) serves the twin in its place
under /zh-TW/.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FOLDER = DOCS / "assets" / "diagrams"
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

DIAGRAMS = sorted(FOLDER.glob("*.svg"))
ENGLISH = [p for p in DIAGRAMS if not p.name.endswith(".zh-TW.svg")]

# The palette: the figures' mid-grey, and accents close to Material's deep orange and to the
# figures' blue, each darkened until it reads on both backgrounds.
PALETTE = {"#808080": "grey", "#e8590c": "orange", "#228be6": "blue"}
BACKGROUNDS = {"light": "#ffffff", "dark (slate)": "#1e2129"}
COLOUR_ATTRS = ("fill", "stroke", "color", "stop-color", "flood-color", "lighting-color")
MAX_WIDTH = 720
MIN_FONT_PX = 14
SYSTEM_FONTS = {
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "Roboto",
    "Noto Sans",
    "Helvetica Neue",
    "Arial",
    "PingFang TC",
    "Microsoft JhengHei",
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "sans-serif",
}
CJK = re.compile(r"[\u4e00-\u9fff]")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*assets/diagrams/[^)\s]+)\)(\{[^}]*\})?")


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def style_declarations(element: ET.Element) -> dict[str, str]:
    style = element.get("style", "")
    return {
        key.strip(): value.strip()
        for key, _, value in (item.partition(":") for item in style.split(";") if item.strip())
    }


def images(page: Path) -> list[tuple[str, str, str]]:
    """(alt, target, attributes) of each diagram image line of a page."""
    return IMAGE.findall(page.read_text("utf-8"))


def pages(zh: bool) -> list[Path]:
    return [p for p in sorted(DOCS.rglob("*.md")) if p.name.endswith(".zh-TW.md") == zh]


def test_the_palette_reads_on_both_backgrounds():
    for colour, name in PALETTE.items():
        for background, value in BACKGROUNDS.items():
            ratio = contrast(colour, value)
            assert ratio >= 3.0, f"{name} {colour} has contrast {ratio:.2f}:1 on {background}"


def test_there_are_diagrams_and_each_has_a_chinese_twin():
    assert ENGLISH, "no diagrams in docs/assets/diagrams/"
    names = {p.name for p in DIAGRAMS}
    for path in ENGLISH:
        twin = path.name.removesuffix(".svg") + ".zh-TW.svg"
        assert twin in names, f"{path.name} has no Chinese version {twin}"
    for path in DIAGRAMS:
        if path.name.endswith(".zh-TW.svg"):
            assert path.name.replace(".zh-TW.svg", ".svg") in names, f"{path.name}: no English"


@pytest.mark.parametrize("path", DIAGRAMS, ids=[p.name for p in DIAGRAMS])
def test_diagram_is_an_accessible_self_contained_svg(path):
    text = path.read_text("utf-8")
    root = ET.fromstring(text)  # well-formed XML, or this raises
    assert root.tag == f"{SVG_NS}svg", f"{path.name}: the root is not an SVG <svg>"
    assert root.get("role") == "img", f'{path.name}: give the <svg> role="img"'
    title = root.find(f"{SVG_NS}title")
    assert title is not None and (title.text or "").strip(), f"{path.name}: no <title>"
    chinese = path.name.endswith(".zh-TW.svg")
    assert bool(CJK.search(title.text)) == chinese, f"{path.name}: title in the wrong language"
    labels = "".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))
    if chinese:
        assert CJK.search(labels), f"{path.name}: no Chinese labels"
    else:
        assert not CJK.search(labels), f"{path.name}: Chinese in the English diagram"

    view_box = [float(v) for v in root.get("viewBox", "").replace(",", " ").split()]
    assert len(view_box) == 4, f"{path.name}: no viewBox"
    assert 0 < view_box[2] <= MAX_WIDTH, f"{path.name}: viewBox wider than {MAX_WIDTH}"
    if root.get("width"):
        assert float(root.get("width")) <= MAX_WIDTH, f"{path.name}: width above {MAX_WIDTH}"

    fonts = [f.strip().strip("'\"") for f in root.get("font-family", "").split(",")]
    assert fonts[-1] == "sans-serif" and set(fonts) <= SYSTEM_FONTS, (
        f"{path.name}: font-family must list system fonts only, ending in sans-serif: {fonts}"
    )
    assert float(root.get("font-size", "16")) >= MIN_FONT_PX

    problems = []
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        if tag in ("script", "foreignObject", "image", "style", "a", "iframe"):
            problems.append(f"<{tag}> element")
        declarations = style_declarations(element)
        attributes = {**element.attrib, **declarations}
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag}> event handler {name}")
            if name in ("href", XLINK_HREF) and not value.startswith("#"):
                problems.append(f"<{tag}> links to {value}")
            for url in re.findall(r"url\(([^)]*)\)", value):
                if not url.strip("'\" ").startswith("#"):
                    problems.append(f"<{tag}> {name} refers to {url}")
            if name in COLOUR_ATTRS and value != "none" and value.lower() not in PALETTE:
                problems.append(f"<{tag}> {name}={value!r} is not in the palette")
            if name == "font-size" and float(value.removesuffix("px")) < MIN_FONT_PX:
                problems.append(f"<{tag}> font-size {value} below {MIN_FONT_PX} px")
            if name in ("opacity", "fill-opacity", "stroke-opacity") and float(value) < 1:
                problems.append(f"<{tag}> {name}={value}: a faded colour loses its contrast")
        if tag == "rect" and attributes.get("fill", "black") != "none":
            area = float(attributes.get("width", 0)) * float(attributes.get("height", 0))
            if area > 0.1 * view_box[2] * view_box[3]:
                problems.append(f"<rect> filled over {area:.0f} units: keep the background clear")
    assert "@import" not in text and "@font-face" not in text
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", ENGLISH, ids=[p.name for p in ENGLISH])
@pytest.mark.parametrize("zh", [False, True], ids=["en", "zh-TW"])
def test_diagram_is_shown_on_a_page_in_each_language(path, zh):
    root = ET.fromstring(path.read_text("utf-8"))
    shown = []
    for page in pages(zh):
        for alt, target, attributes in images(page):
            name = target.rsplit("/", 1)[-1]
            assert not name.endswith(".zh-TW.svg"), (
                f"{page.relative_to(ROOT)} links {name}: link the English name, the Chinese "
                "edition serves the .zh-TW.svg in its place"
            )
            if name != path.name:
                continue
            shown.append(page)
            assert alt.strip(), f"{page.relative_to(ROOT)}: {name} has no alt text"
            assert bool(CJK.search(alt)) == zh, f"{page.relative_to(ROOT)}: alt text language"
            assert f'width="{root.get("width")}"' in (attributes or ""), (
                f'{page.relative_to(ROOT)}: give {name} {{ width="{root.get("width")}" '
                f'height="{root.get("height")}" }} so the page does not jump when it loads'
            )
            assert (page.parent / target).resolve() == path.resolve(), (
                f"{page.relative_to(ROOT)}: {target} does not point to {path.name}"
            )
    language = "Chinese" if zh else "English"
    assert shown, f"{path.name} is shown on no {language} page"


def test_the_chinese_edition_serves_the_chinese_diagrams(site):
    for path in ENGLISH:
        twin = path.name.removesuffix(".svg") + ".zh-TW.svg"
        english = (site / "assets" / "diagrams" / path.name).read_text("utf-8")
        chinese = (site / "zh-TW" / "assets" / "diagrams" / path.name).read_text("utf-8")
        assert english == path.read_text("utf-8"), f"/assets/diagrams/{path.name}"
        assert chinese == (FOLDER / twin).read_text("utf-8"), (
            f"/zh-TW/assets/diagrams/{path.name} is not {twin}"
        )
        assert not (site / "assets" / "diagrams" / twin).exists()
