/* Boxes that scroll sideways are reachable by keyboard (axe: scrollable-region-focusable).

   Wide display formulas, tables and code blocks scroll inside their own box on a narrow screen
   instead of widening the page (docs/assets/site.css). A keyboard user can scroll such a box
   only once it takes focus, so each box that is wider than its frame gets tabindex="0", and
   loses it again when it fits (a wider window, a hidden tab). Material does the same for code
   blocks (patched to do so on every device: pipeline/docsite/material.py, CODE_FOCUS); this
   script covers code too, so the result does not depend on which of the two runs first.
   Without JavaScript nothing changes. <html data-scrollables> tells the tests it has run.

   The browser lays out a block of the article only near the screen (docs/assets/site.css,
   content-visibility), and a box it has not laid out has no width to compare. The first Tab
   therefore sets <html data-keyboard>, which lays out the whole page, and marks every box before
   the browser moves the focus. */
(function () {
  "use strict";

  const BOXES = ".md-typeset .katex-display, .md-typeset__scrollwrap, .md-typeset pre > code";
  const MARK = "data-scrolls";

  function mark(box) {
    const wide = box.scrollWidth > box.clientWidth + 1;
    if (wide && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute(MARK, "");
    } else if (!wide && box.hasAttribute(MARK)) {
      box.removeAttribute("tabindex");
      box.removeAttribute(MARK);
    }
  }

  function markAll() {
    document.querySelectorAll(BOXES).forEach(mark);
  }

  function layOutForKeyboard(event) {
    if (event.key === "Tab" && !document.documentElement.hasAttribute("data-keyboard")) {
      document.documentElement.setAttribute("data-keyboard", "");
      markAll();
    }
  }

  function start() {
    markAll();
    document.addEventListener("keydown", layOutForKeyboard, true);
    // A box changes size when the window does or when its tab is shown.
    const observer = new ResizeObserver((entries) => entries.forEach((e) => mark(e.target)));
    const observed = new WeakSet();
    const observeAll = () =>
      document.querySelectorAll(BOXES).forEach((box) => {
        if (!observed.has(box)) {
          observed.add(box);
          observer.observe(box);
        }
      });
    observeAll();
    // Material wraps each table in .md-typeset__scrollwrap, possibly after this script ran.
    new MutationObserver(observeAll).observe(document.body, { childList: true, subtree: true });
    // Web fonts (KaTeX's) change the width of formulas once they arrive.
    document.fonts.ready.then(() => {
      markAll();
      document.documentElement.setAttribute("data-scrollables", "");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
