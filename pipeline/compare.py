"""Compare two outputs the way a reader compares them: a fresh run against docs/outputs/.

Another CPU, another kernel or another thread count changes the last bits of a float, so a
byte comparison would fail on machines where the page is right. The rule:

- Printed text is split into words and numbers. Words must be identical; `nan`, `inf` and
  `-inf` are words. Runs of spaces count as one (alignment only).
- A number may differ by one unit in its last printed digit: `0.998` matches `0.997` and
  `0.999`, `2.98e+26` matches `2.97e+26` but not `3.8e+26`, `414` matches `413`. The coarser
  of the two numbers sets the unit. (A count the prose relies on, such as the step where a loss
  turns NaN, is asserted exactly by the snippet's behaviour test, which runs on every
  configuration too.)
- Figures are rasterised (resvg) and compared as pictures: the same size, and an RMS pixel
  difference of at most FIGURE_RMS (0-255 scale), matplotlib's own image-test measure.

`text_difference` and `figure_difference` return None when the outputs agree, else a short
explanation naming the first place they differ. Needs neither torch nor TensorFlow.
"""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal

NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")
FIGURE_RMS = 2.0


def _tokens(text: str) -> list[tuple[int, str]]:
    """(line number, token) for each word and number; numbers are tokens of their own."""
    tokens = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        for word in line.split():
            pos = 0
            for match in NUMBER.finditer(word):
                if match.start() > pos:
                    tokens.append((lineno, word[pos : match.start()]))
                tokens.append((lineno, match[0]))
                pos = match.end()
            if pos < len(word):
                tokens.append((lineno, word[pos:]))
    return tokens


def _is_number(token: str) -> bool:
    return NUMBER.fullmatch(token) is not None


def unit(token: str) -> Decimal:
    """One unit in the last printed digit: 0.998 -> 0.001, 2.98e+26 -> 1e+24, 400 -> 1."""
    exponent = Decimal(token.lstrip("+")).as_tuple().exponent
    return Decimal(1).scaleb(exponent)


def numbers_agree(a: str, b: str) -> bool:
    return abs(Decimal(a) - Decimal(b)) <= max(unit(a), unit(b))


def text_difference(expected: str, actual: str) -> str | None:
    """None if `actual` prints what `expected` prints to the precision shown, else where not."""
    want, got = _tokens(expected), _tokens(actual)
    for (line, a), (_, b) in zip(want, got):
        if a == b:
            continue
        if _is_number(a) and _is_number(b) and numbers_agree(a, b):
            continue
        shown = expected.splitlines()[line - 1].strip()
        if _is_number(a) and _is_number(b):
            why = f"more than one unit ({max(unit(a), unit(b)):g}) in the last printed digit"
            return f"line {line}: {a} became {b} ({why}); the line reads: {shown}"
        return f"line {line}: {a!r} became {b!r}; the line reads: {shown}"
    if len(want) != len(got):
        longer, which = (want, "expected") if len(want) > len(got) else (got, "new")
        line, token = longer[min(len(want), len(got))]
        return f"the {which} output goes on at line {line} with {token!r}, the other has ended"
    return None


def _pixels(svg: bytes):
    import numpy as np
    import resvg_py
    from matplotlib import image

    png = resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), skip_system_fonts=True, dpi=96)
    return (image.imread(io.BytesIO(bytes(png)), format="png") * 255).astype(np.float64)


def figure_difference(expected: bytes, actual: bytes, tolerance: float = FIGURE_RMS) -> str | None:
    """None if the two SVG figures look the same, else how they differ."""
    if expected == actual:
        return None
    a, b = _pixels(expected), _pixels(actual)
    if a.shape != b.shape:
        return f"the figure is {b.shape[1]}x{b.shape[0]} px, was {a.shape[1]}x{a.shape[0]} px"
    rms = math.sqrt(float(((a - b) ** 2).mean()))
    if rms > tolerance:
        return f"the figure's pixels differ by an RMS of {rms:.2f} (at most {tolerance} allowed)"
    return None
