"""Every slide of every exported deck (every notebook in notebooks/) fits the projector: at most
800 px tall at 1280 px wide.

Method (tools/slide_heights.py, the same code chapter authors run): each deck is exported as by
`make slides` (cells tagged `slides-hide` removed; `notes` cells become speaker notes, an
``<aside class="notes">`` that reveal.js never displays, so they do not count), opened from disk
in a 1280x800 window, and reveal.js is configured to 1280x800 with scaling disabled
(minScale = maxScale = 1, margin 0). The deck is walked with ``Reveal.slide(h, v)``; after the
images are decoded and the fonts, MathJax and the embedded widgets render, the ``scrollHeight`` of the current leaf
``<section>`` (one reveal slide or subslide) is its content's height at 1280 px wide, whatever
reveal.js or nbconvert's scroll option does to clip or scale it.
"""

from __future__ import annotations

import runpy

import pytest

from conftest import ROOT

heights = runpy.run_path(str(ROOT / "tools" / "slide_heights.py"))
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_every_slide_fits_1280x800(stem, browser, decks, shots):
    page = browser.new_page()
    try:
        slides = heights["measure_page"](page, decks / f"{stem}.slides.html")
    finally:
        page.close()
    report = heights["report"](f"{stem}.ipynb", slides)
    print(report)
    (shots / f"slide_heights_{stem}.txt").write_text(report + "\n", encoding="utf-8")
    assert len(slides) >= 2, report
    over = [s for s in slides if s.over]
    assert not over, f"{len(over)} slide(s) taller than {heights['MAX_HEIGHT']} px:\n{report}"
