"""The built site as a reader meets it, in a real browser (Playwright driving Debian's Chromium).

Every page is served on loopback and loaded in Chromium: it must load without console errors,
failed requests or requests to any other host, pass axe-core with no serious or critical
violation on a 375 px phone in light and in dark mode and on a desktop in light mode (the
print pages in light only), show no raw TeX, and not scroll sideways on a 375 px phone.
Linked tabs and the copy button are checked on pages with examples.

Without Chromium these tests are skipped, except on CI (CI=true), where they fail:
install it with `apt-get install chromium` (.ci/run does).
"""

from __future__ import annotations

import functools
import http.server
import math
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if not path:
        message = "Chromium not found: install it with `apt-get install chromium`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def site_pages() -> list[str]:
    """URL paths of the pages, from their sources (pipeline/docsite/lang.py: no build needed)."""
    from pipeline.docsite.lang import ZH, sources

    paths = []
    for src in sources(ROOT / "docs"):
        for prefix in ("", f"{ZH}/"):
            stem = src.rsplit(".", 1)[0].removesuffix("index").removesuffix("/")
            paths.append(prefix + (f"{stem}/" if stem else ""))
    return sorted(paths, key=lambda p: (p.startswith(ZH), p))


PAGES = site_pages()
# How long a page may take to settle (scripts run at DOMContentLoaded) on a busy machine.
SETTLED_MS = 60_000


def open_page(browser, url: str, *, scheme: str = "light", width: int = 1280):
    """A new page at url; returns (page, problems) where problems collects what went wrong.
    Below 600 px the page is opened as a phone opens it: touch, no hover."""
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
        service_workers="block",
        has_touch=phone,
        is_mobile=phone,
    )
    page = context.new_page()
    problems: list[str] = []
    host = urlsplit(url).netloc

    def route(r):
        if urlsplit(r.request.url).netloc not in (host, ""):
            problems.append(f"request to another host: {r.request.url}")
            return r.abort()
        return r.continue_()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"),
    )
    # A request the next navigation cancels (a reload while the favicon loads) is no fault of
    # the site; one to another host is aborted by route() and reported there.
    page.on(
        "requestfailed",
        lambda r: (
            r.failure != "net::ERR_ABORTED" and problems.append(f"failed: {r.url} {r.failure}")
        ),
    )
    page.goto(url, wait_until="networkidle")
    return page, problems


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_loads_cleanly(browser, server, path):
    page, problems = open_page(browser, server + path)
    # innerText leaves out the blocks the browser has not laid out yet (content-visibility:
    # auto); the first Tab lays out the whole page.
    press_tab(page)
    text = page.inner_text("article")
    page.context.close()
    assert not problems, f"/{path}:\n" + "\n".join(problems)
    for tex in ["\\(", "\\)", "\\[", "\\]", "$$", "\\frac", "\\mathcal"]:
        assert tex not in text, f"/{path} shows raw TeX {tex!r}"


# Where axe looks: every page on a 375 px phone (touch, no hover) in both palettes, and on a
# desktop in the light palette. Contrast depends on the palette, not on the width; what
# scrolls sideways (and so must take keyboard focus) depends on the width and, through
# Material's code blocks, on the pointer. The print pages hold every other page and take axe
# a minute each: they are checked in the light palette only.
AXE_CASES = [
    pytest.param(path, scheme, width, id=f"{path or 'home'}-{scheme}-{width}px")
    for path in PAGES
    for scheme, width in (("light", 1280), ("light", 375), ("dark", 375))
    if not (path.endswith("print/") and scheme == "dark")
]


def serious_violations(results) -> list[str]:
    """axe's serious and critical violations, one line each with up to five elements."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("path", "scheme", "width"), AXE_CASES)
def test_no_serious_accessibility_violation(browser, server, path, scheme, width):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_page(browser, server + path, scheme=scheme, width=width)
    # docs/assets/scrollables.js has given every box that scrolls sideways its tabindex. It runs
    # at DOMContentLoaded, which on a print page comes about 2.5 s after the network is idle on a
    # quiet machine (parsing the whole site) and past 10 s on a loaded one: hence the minute.
    page.wait_for_selector("html[data-scrollables]", state="attached", timeout=SETTLED_MS)
    overlaps = []
    if width < 600 and scheme == "light" and not path.endswith("print/"):
        # Lighthouse runs axe on a phone-sized page as loaded: no Tab, no scrolling, so the
        # blocks far from the screen are not laid out (content-visibility in
        # docs/assets/site.css). A block taller than its placeholder then overflows onto the
        # blocks below, and axe reads its text on their backgrounds (a tab label on a code
        # block, a list on the footer): no contrast violation here means the placeholder
        # (contain-intrinsic-size) is taller than every block.
        loaded = Axe().run(page, options={"runOnly": ["color-contrast"]})
        overlaps = [
            " ".join(n["target"]) for v in loaded.response["violations"] for n in v["nodes"]
        ]
    # A box the browser has not laid out yet has no width, so axe could not tell whether it
    # scrolls. A keyboard user's first Tab lays out the whole page: axe checks the page as that
    # user meets it.
    press_tab(page)
    results = Axe().run(page)
    page.context.close()
    assert not overlaps, (
        f"/{path}: contrast violations before any scrolling: {overlaps[:5]}; if a block grew "
        "taller than the placeholder, raise contain-intrinsic-size in docs/assets/site.css"
    )
    serious = serious_violations(results)
    assert not serious, f"/{path} in {scheme} mode at {width} px:\n" + "\n".join(serious)


def press_tab(page) -> None:
    """A keyboard user's first Tab: docs/assets/scrollables.js lays out the whole page."""
    page.wait_for_selector("html[data-scrollables]", state="attached", timeout=SETTLED_MS)
    page.keyboard.press("Tab")
    page.wait_for_selector("html[data-keyboard]", state="attached", timeout=SETTLED_MS)
    # The Tab focuses the "skip to content" link, which slides and fades in (a CSS transition):
    # a check of its colours mid-way reads a faded link (axe: color-contrast on .md-skip).
    page.wait_for_function(
        "document.getAnimations().every(a => !(a instanceof CSSTransition)"
        " || a.playState !== 'running')",
        timeout=SETTLED_MS,
    )


# Elements whose layout the browser skips: inside a block of the article far from the screen.
SKIPPED = """() => [...document.querySelectorAll('.md-content__inner > * > *')]
    .filter(b => b.checkVisibility() && !b.checkVisibility({contentVisibilityAuto: true}))
    .length"""


def test_a_wide_formula_takes_keyboard_focus_on_a_phone_only(browser, server):
    """The math page's widest formula scrolls inside its box at 375 px and is reachable by Tab;
    on a desktop it fits and is no tab stop. Until the first Tab, the browser skips the layout
    of the blocks far from the screen (content-visibility: auto)."""
    focusable = []
    for width in (375, 1280):
        page, _ = open_page(browser, server + "basics/math/", width=width)
        page.wait_for_selector("html[data-scrollables]", state="attached", timeout=SETTLED_MS)
        skipped = page.evaluate(SKIPPED)
        assert skipped > 10, f"{skipped} blocks skipped at {width} px: content-visibility is off"
        press_tab(page)
        assert page.evaluate(SKIPPED) == 0, "the first Tab left blocks without a layout"
        focusable.append(
            page.evaluate(
                """() => [...document.querySelectorAll('.katex-display')]
                    .filter(b => b.scrollWidth > b.clientWidth + 1)
                    .map(b => b.getAttribute('tabindex'))"""
            )
        )
        page.context.close()
    phone, desktop = focusable
    assert phone and all(t == "0" for t in phone), f"wide formulas at 375 px: tabindex {phone}"
    assert not desktop, f"{len(desktop)} formulas scroll sideways at 1280 px"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_no_sideways_scrolling_on_a_phone(browser, server, path):
    page, _ = open_page(browser, server + path, width=375)
    # Until the first Tab, the browser lays out a block of the article only near the screen
    # (content-visibility: auto), and such a block clips what overflows it. Noted here: those
    # blocks and how far each may paint beyond its edge. Then the first Tab lays out the whole
    # page, as a keyboard user sees it, and the widths are measured on that layout.
    page.evaluate(
        """() => document.querySelectorAll('.md-content__inner > *').forEach(b => {
            const style = getComputedStyle(b);
            if (style.contentVisibility === 'auto') b.dataset.clipMargin = style.overflowClipMargin;
        })"""
    )
    press_tab(page)
    # Measure the settled layout: fonts loaded, frames drawn. On a busy machine an intermediate
    # layout can be wider for a moment (seen as 397 px on pages with display math), so the
    # width is sampled for up to 3 s and only a width that stays too large fails.
    widths = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const frame = () => new Promise(r => requestAnimationFrame(() => r()));
            const size = () => [document.documentElement.scrollWidth,
                                document.documentElement.clientWidth];
            let w = size();
            for (let i = 0; i < 30 && w[0] > w[1]; i++) {
                await frame(); await frame();
                await new Promise(r => setTimeout(r, 100));
                w = size();
            }
            return w;
        }"""
    )
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.md-content__inner > [data-clip-margin]')]
            .filter(b => getComputedStyle(b).overflowX === 'visible'
                         && b.scrollWidth > b.clientWidth + 1 + parseFloat(b.dataset.clipMargin))
            .map(b => `<${b.localName} class="${b.className}"> ${b.scrollWidth} px`)"""
    )
    page.context.close()
    assert widths[0] <= widths[1], f"/{path} is {widths[0]} px wide on a {widths[1]} px screen"
    # A block the browser lays out only near the screen clips what overflows it by more than its
    # overflow-clip-margin: nothing may, but a box that scrolls sideways itself (a table's wrapper).
    assert not overflowing, f"/{path} at 375 px, blocks wider than the text: {overflowing}"


def tab_shown(tabs) -> str:
    """The label of the tab a set of tabs shows."""
    checked = tabs.locator(":scope > input:checked").get_attribute("id")
    return tabs.locator(f"label[for='{checked}']").text_content().strip()


INDICATOR_WIDTH = """e => new Promise(done => {
    const start = performance.now();
    (function poll() {
        const width = getComputedStyle(e).getPropertyValue('--md-indicator-width');
        width || performance.now() - start > 5000 ? done(width) : requestAnimationFrame(poll);
    })();
})"""


def mounted(tabs):
    """The labels of a set of tabs, once Material has mounted the set: it does so when the set
    comes into view (pipeline/docsite/material.py, LAZY_TABS); only then does a click in it
    switch the other sets too."""
    tabs.scroll_into_view_if_needed()
    labels = tabs.locator(":scope > .tabbed-labels--linked")
    labels.wait_for(state="attached", timeout=SETTLED_MS)
    return labels


def test_linked_tabs_follow_the_reader_to_the_next_page(browser, server):
    page, _ = open_page(browser, server + "remedies/clipping/")
    mounted(page.locator(".tabbed-set").first).locator("label", has_text="TensorFlow").click()
    page.goto(server + "basics/detecting/", wait_until="networkidle")
    # The last set too: it lies in a block the browser has not laid out (TABS_RESTORE).
    shown = [tab_shown(page.locator(".tabbed-set").nth(i)) for i in (0, -1)]
    page.context.close()
    assert shown == ["TensorFlow", "TensorFlow"]


def test_linked_tabs_reach_a_set_mounted_later(browser, server):
    """Material mounts a set of tabs when it comes into view (pipeline/docsite/material.py,
    LAZY_TABS). A switch in the first set still selects the same tab in the last set, far below;
    once mounted, the last set passes its own switches on, both ways."""

    page, _ = open_page(browser, server + "remedies/clipping/")
    first, last = page.locator(".tabbed-set").first, page.locator(".tabbed-set").last
    assert last.locator(".tabbed-labels--linked").count() == 0, "the last set mounted at load"
    mounted(first).locator("label", has_text="TensorFlow").click()
    assert tab_shown(last) == "TensorFlow"
    labels = mounted(last)
    # Mounted whole: the line under the chosen tab gets its width (within 5 s).
    indicator = last.evaluate(INDICATOR_WIDTH)
    seen = []
    for name in ("PyTorch", "TensorFlow"):
        labels.locator("label", has_text=name).click()
        seen.append((name, tab_shown(first)))
    page.context.close()
    assert seen == [("PyTorch", "PyTorch"), ("TensorFlow", "TensorFlow")], seen
    assert indicator.endswith("px") and float(indicator[:-2]) > 0, f"indicator width {indicator!r}"


# Every element the page's scripts add to or remove from the article's top level, from the
# moment the parser has built the page (Material's bundle and the site's scripts run after it).
RECORD_ARTICLE_CHANGES = """
window.__articleChanges = [];
document.addEventListener("readystatechange", () => {
  if (document.readyState !== "interactive") return;
  const article = document.querySelector("article.md-content__inner");
  const name = (n) => n.nodeName.toLowerCase() + (n.className ? "." + n.className : "");
  new MutationObserver((records) => records.forEach((r) => window.__articleChanges.push(
    ...[...r.addedNodes].map((n) => "added " + name(n)),
    ...[...r.removedNodes].map((n) => "removed " + name(n))))
  ).observe(article, { childList: true });
}, true);
"""


def test_scripts_insert_nothing_among_the_article_blocks(browser, server):
    """An element inserted among the article's blocks makes the browser restyle every block
    after it: on a long page, a long task at load (20 ms unthrottled on this page, four times
    that on Lighthouse's phone). The page is built with what the scripts would add: the copy
    button's status line (llms.copy_status) and the boxes around each table, which Material's
    script then leaves alone (pipeline/docsite/material.py, TABLE_MOUNT)."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.add_init_script(RECORD_ARTICLE_CHANGES)
    page.goto(server + "remedies/initialization/", wait_until="networkidle")
    page.wait_for_selector("html[data-scrollables]", state="attached", timeout=SETTLED_MS)
    changes = page.evaluate("window.__articleChanges")
    tables = page.evaluate(
        """() => [...document.querySelectorAll("article table")].map((t) =>
             t.parentElement.matches(".md-typeset__scrollwrap > .md-typeset__table") &&
             t.closest(".md-typeset__scrollwrap").parentElement.closest(".md-typeset__scrollwrap")
               === null)"""
    )
    context.close()
    assert changes == [], (
        f"scripts changed the article's top level at load: {changes}; build the element into "
        "the page instead (see llms.copy_status)"
    )
    assert tables and all(tables), f"each table in exactly one pair of Material's boxes: {tables}"


def test_copy_button_copies_the_runnable_snippet(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "remedies/clipping/", wait_until="networkidle")
    block = page.locator(".tabbed-block").first.locator(".highlight").first
    block.hover()
    block.locator("button[data-md-type='copy']").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    context.close()
    source = (ROOT / "snippets" / "clipping" / "by_value_torch.py").read_text("utf-8")
    assert copied.strip() == source.strip()
    assert ">>>" not in copied and "Output" not in copied


def search(page, query: str) -> str | None:
    """Type a query into Material's search; the href of the first result. The index loads in a
    worker; until it is ready a query is dropped, so the query is typed again until it answers."""
    box = page.locator("input.md-search__input")
    first = page.locator(".md-search-result__item a").first
    for _ in range(40):
        box.fill(query)
        box.press("End")  # Material reacts to key events
        try:
            first.wait_for(timeout=500)
            return first.get_attribute("href")
        except Exception:  # noqa: BLE001 - not ready yet
            continue
    return None


def test_search_index_loads_when_search_opens(browser, server):
    """A page load does not download the search index (LAZY_SEARCH in
    pipeline/docsite/material.py); opening search does, and the search answers."""
    page, problems = open_page(browser, server + "basics/math/")
    loaded = """() => performance.getEntriesByType("resource")
        .some(entry => entry.name.endsWith("search/search_index.json"))"""
    page.wait_for_timeout(500)
    before = page.evaluate(loaded)
    href = search(page, "clipping")
    after = page.evaluate(loaded)
    page.context.close()
    assert not problems, problems
    assert not before, "the search index was downloaded before search was opened"
    assert after, "opening search did not download the index"
    assert href and "/remedies/" in href, f"searching 'clipping' first found {href}"
    assert "zh-TW" not in href, "an English page searched the Chinese pages"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_colour_scheme_follows_the_palette(browser, server, scheme):
    """pipeline/docsite/material.py leaves Material's color-scheme meta out; site.css does its
    work."""
    page, problems = open_page(browser, server + "basics/math/", scheme=scheme)
    found = page.evaluate(
        """() => [getComputedStyle(document.documentElement).colorScheme,
                  document.querySelectorAll('meta[name="color-scheme"]').length]"""
    )
    page.context.close()
    assert not problems, problems
    assert found == ["dark" if scheme == "dark" else "normal", 0], found


def test_offline_edition_works_from_disk_with_search(browser, tmp_path):
    """`nox -s offline`: opened as file://, pages load without any network, search answers."""
    from conftest import build_site

    out = build_site(tmp_path / "offline", OFFLINE="true")
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: r.url.startswith("file://") or requests.append(r.url))
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto((out / "walkthroughs" / "keras-rnn.html").as_uri(), wait_until="load")
    loaded = page.evaluate(
        """async () => {
            const images = [...document.images];
            images.forEach(i => { i.loading = "eager"; });
            await Promise.all(images.map(i => i.decode().catch(() => null)));
            return images.length > 0 && images.every(i => i.naturalWidth > 0);
        }"""
    )
    page.goto((out / "index.html").as_uri(), wait_until="load")
    found = search(page, "clipping")
    page.goto((out / "zh-TW" / "index.html").as_uri(), wait_until="load")
    found_zh = search(page, "梯度裁剪")
    context.close()
    assert not requests, f"the offline edition requested {requests}"
    assert not errors, errors
    assert loaded, "a walkthrough figure did not load from disk"
    assert found and found.endswith(("remedies/clipping.html", "remedies/at-scale.html")), found
    assert found_zh and found_zh.endswith("zh-TW/remedies/clipping.html"), found_zh


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("梯度裁剪", "zh-TW/remedies/clipping/"),
        ("權重初始化", "zh-TW/remedies/initialization/"),
        ("學習率", "zh-TW/remedies/learning-rate/"),
    ],
)
def test_chinese_search_finds_the_chinese_page(browser, server, query, expected):
    page, problems = open_page(browser, server + "zh-TW/")
    href = search(page, query)
    page.context.close()
    assert not problems, problems
    assert href and expected in href, f"searching {query!r} first found {href}"


def explorer(page):
    """The explorer's root, and a function that sets one control as a reader would."""
    root = page.locator("[data-grad-explorer]")

    def set_control(name, value):
        page.evaluate(
            """([name, value]) => {
                const el = document.querySelector(`[data-grad-explorer] [name=${name}]`);
                if (el.type === "checkbox") el.checked = value; else el.value = value;
                el.dispatchEvent(new Event("input", {bubbles: true}));
            }""",
            [name, value],
        )

    return root, set_control


def test_explorer_agrees_with_the_snippet(browser, server):
    """Depth 30, width 64, N(0, s²/n), tanh: the ratio of the gradient norms at layer 1 and
    layer 30 matches what snippets/math/mlp_layer_grads_torch.py printed, within sampling
    spread (other random weights): a factor of 3 on ratios from 1e-9 to 1e2."""
    printed = (ROOT / "docs/outputs/math/mlp_layer_grads_torch.txt").read_text("utf-8")
    expected = {
        scale: float(ratio)
        for scale, ratio in re.findall(
            r"scale ([\d.]+):\n  dL/dh layer 1 \S+, layer 30 \S+, ratio (\S+)", printed
        )
    }
    assert set(expected) == {"0.5", "1.0", "2.0"}
    page, problems = open_page(browser, server + "basics/math/")
    root, set_control = explorer(page)
    assert root.is_visible()
    found = {}
    for scale in expected:
        set_control("scale", scale)
        found[scale] = float(root.get_attribute("data-ratio"))
    page.context.close()
    assert not problems, problems
    for scale, ratio in expected.items():
        assert abs(math.log10(found[scale]) - math.log10(ratio)) < math.log10(3), (
            f"scale {scale}: the explorer gives {found[scale]:.3g}, the snippet {ratio:.3g}"
        )


def test_explorer_clips_and_answers_the_keyboard(browser, server):
    page, problems = open_page(browser, server + "basics/math/")
    root, set_control = explorer(page)
    set_control("scale", "2")
    set_control("clip", True)
    before = float(root.get_attribute("data-global-norm"))
    after = float(root.get_attribute("data-clipped"))
    depth = page.locator("[data-grad-explorer] input[name=depth]")
    depth.focus()
    page.keyboard.press("ArrowRight")
    shown = page.locator("[data-grad-explorer] output[for=gx-depth]").inner_text()
    summary = page.locator("[data-grad-explorer] [data-summary]").inner_text()
    lines = page.locator("[data-grad-explorer] svg polyline").count()
    page.context.close()
    assert not problems, problems
    assert before > 1 and after == 1.0
    assert shown == "31" and "layer 31" in summary
    assert lines == 2


def test_explorer_is_hidden_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "basics/math/")
    hidden = page.locator("[data-grad-explorer]").is_hidden()
    figures = page.locator("img[src*='mlp_layer_grads']").count()
    context.close()
    assert hidden and figures >= 1
