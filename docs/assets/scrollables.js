/* Boxes that scroll sideways are reachable by keyboard (axe: scrollable-region-focusable).

   Wide display formulas, tables and code blocks scroll inside their own box on a narrow screen
   instead of widening the page (docs/assets/site.css). A keyboard user can scroll such a box
   only once it takes focus, so each box that is wider than its frame gets tabindex="0", and
   loses it again when it fits (a wider window, a hidden tab). Material does the same for code
   blocks (patched to do so on every device: pipeline/docsite/material.py, CODE_FOCUS); this
   script covers code too, so the result does not depend on which of the two runs first.
   Without JavaScript nothing changes. <html data-scrollables> tells the tests it has run.

   Measuring is cheap only when the page's layout is up to date, so the script measures every
   box first and sets attributes afterwards (a write between two reads would make the browser
   lay out the page again for each box). The browser lays out a block of the article only near
   the screen (docs/assets/site.css, content-visibility); until the first Tab, the script
   measures a box when the browser has laid it out (ResizeObserver reports it then). The first
   Tab sets <html data-keyboard>, which lays out the whole page, and marks every box before the
   browser moves the focus. */
(function () {
  "use strict";

  const BOXES = ".md-typeset .katex-display, .md-typeset__scrollwrap, .md-typeset pre > code";
  const MARK = "data-scrolls";

  function mark(boxes) {
    const wide = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
    boxes.forEach((box, i) => {
      if (wide[i] && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute(MARK, "");
      } else if (!wide[i] && box.hasAttribute(MARK)) {
        box.removeAttribute("tabindex");
        box.removeAttribute(MARK);
      }
    });
  }

  function layOutForKeyboard(event) {
    if (event.key === "Tab" && !document.documentElement.hasAttribute("data-keyboard")) {
      document.documentElement.setAttribute("data-keyboard", "");
      mark([...document.querySelectorAll(BOXES)]);
    }
  }

  function start() {
    document.addEventListener("keydown", layOutForKeyboard, true);
    // A box is measured once the browser has laid it out, and again when it changes size: the
    // window's width, its tab shown, KaTeX's web fonts arriving. A box not laid out reports 0.
    const observer = new ResizeObserver((entries) =>
      mark(entries.filter((e) => e.contentRect.width > 0).map((e) => e.target)),
    );
    const observed = new WeakSet();
    const observeAll = () =>
      document.querySelectorAll(BOXES).forEach((box) => {
        if (!observed.has(box)) {
          observed.add(box);
          observer.observe(box);
        }
      });
    observeAll();
    // A box added later is observed too (Material wraps a table the build left unwrapped,
    // after this script ran; the build wraps them all: pipeline/docsite/material.py).
    new MutationObserver(observeAll).observe(document.body, { childList: true, subtree: true });
    // After the fonts' own resize reports (a frame later), the boxes on screen are marked.
    document.fonts.ready.then(() =>
      requestAnimationFrame(() =>
        setTimeout(() => document.documentElement.setAttribute("data-scrollables", "")),
      ),
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
