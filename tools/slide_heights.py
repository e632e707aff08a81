"""Measure every slide of the exported decks in Chromium: is each one at most 800 px tall at
1280 px wide (the projector's slide)?

    python tools/slide_heights.py notebooks/04_grading.ipynb [notebooks/05_transactions.ipynb ...]
    python tools/slide_heights.py --all                # every notebook in notebooks/
    python tools/slide_heights.py NB --shots DIR       # also a 1280x800 screenshot of every slide

Only the given notebooks are exported (as `make slides` does, with tools/build.py: cells tagged
`slides-hide` removed, `notes` cells turned into speaker notes), into a temporary folder, and
opened from disk in headless Chromium (Debian's /usr/bin/chromium, or $KHLIB_CHROMIUM, driven by
Playwright). Prints one line per slide: the slide number as reveal.js counts it (the `c` of its
`c/t` counter), its position h.v (horizontal slide, vertical subslide; 1-based), its height in
px, OVER when it is taller than 800 px, and its first heading (or first line). Exit status 1 when
any slide is OVER, so it can gate a commit.

How a slide is measured: reveal.js is configured to 1280x800 with scaling disabled
(minScale = maxScale = 1, margin 0) in a 1280x800 window; the deck is walked slide by slide with
`Reveal.slide(h, v)` and, once its images are decoded and the web fonts, MathJax and the
embedded widgets have rendered, the `scrollHeight` of the current leaf `<section>` is read: the
height of its laid-out content at a width of 1280 px, whether or not reveal.js (or nbconvert's
scroll option) clips or scales it.
Speaker notes (`<aside class="notes">`) are not displayed, so they do not count.
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_HEIGHT = 800  # px: reveal height of the decks (tools/build.py), at 1280 px wide
WIDTH = 1280
CHROMIUM = os.environ.get("KHLIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass(frozen=True)
class Slide:
    number: int  # reveal.js's flat counter, 1-based
    h: int  # horizontal index, 1-based
    v: int  # vertical index within the stack, 1-based
    height: int  # px
    title: str

    @property
    def over(self) -> bool:
        return self.height > MAX_HEIGHT


_SETUP_JS = """async ({width, height}) => {
    Reveal.configure({width, height, margin: 0, minScale: 1, maxScale: 1, transition: 'none',
                      controls: false, progress: false});
    Reveal.layout();
    return Reveal.getHorizontalSlides().map(s => Math.max(1, s.querySelectorAll(':scope > section').length));
}"""

_SETTLE_JS = """async () => {
    const imgs = [...Reveal.getCurrentSlide().querySelectorAll('img')];
    await Promise.all(imgs.map(i => i.complete && i.naturalHeight ? 0 : i.decode().catch(() => 0)));
    await document.fonts.ready;
    if (window.MathJax && MathJax.Hub && MathJax.Hub.Queue) {
        await new Promise(r => { MathJax.Hub.Queue(r); setTimeout(r, 5000); });
    }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    await document.fonts.ready;
}"""

_MEASURE_JS = """() => {
    const s = Reveal.getCurrentSlide();
    const head = s.querySelector('h1, h2, h3, h4, h5, h6');
    let title = head ? head.innerText : '';
    if (!title.trim()) title = (s.innerText || '').split('\\n')
        .find(l => l.trim() && !/^\\s*(In|Out)\\s*\\[\\s*\\d*\\s*\\]:\\s*$/.test(l)) || '';
    return {height: s.scrollHeight, title: title.replace(/¶/g, '').trim()};
}"""


def measure_page(page, html_file: Path, shots: Path | None = None) -> list[Slide]:
    """Heights of every slide of one exported deck, opened in the Playwright ``page`` (a
    1280x800 viewport is set here). Screenshots of every slide go to ``shots`` if given."""
    page.set_viewport_size({"width": WIDTH, "height": MAX_HEIGHT})
    page.goto(Path(html_file).resolve().as_uri())
    page.wait_for_load_state("load")
    # nbconvert's template loads reveal.js through require.js: fetch the same module instance
    page.wait_for_function("() => window.require && window.requirejs", timeout=60_000)
    page.evaluate("""() => new Promise(r => require(['assets/reveal.js/dist/reveal.js'], R => {
        window.Reveal = R; r(); }))""")
    page.wait_for_function("() => Reveal.isReady && Reveal.isReady()", timeout=60_000)
    stacks = page.evaluate(_SETUP_JS, {"width": WIDTH, "height": MAX_HEIGHT})
    # embedded widget views render asynchronously after load
    page.wait_for_timeout(1000 if page.locator("script[type='application/vnd.jupyter.widget-state+json']").count() else 100)
    slides, n = [], 0
    for h, count in enumerate(stacks):
        for v in range(count):
            n += 1
            page.evaluate(f"Reveal.slide({h}, {v})")
            page.evaluate(_SETTLE_JS)
            m = page.evaluate(_MEASURE_JS)
            slides.append(Slide(n, h + 1, v + 1, int(m["height"]), m["title"][:60]))
            if shots is not None:
                shots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shots / f"{Path(html_file).name.split('.')[0]}_s{n:02d}.png"))
    return slides


def export_decks(notebooks: list[Path], dest: Path) -> list[Path]:
    """Export ``notebooks`` as reveal.js decks into ``dest`` exactly as `make slides` does."""
    build = runpy.run_path(str(ROOT / "tools" / "build.py"))
    return build["build_pages"]("slides", dest, [Path(p) for p in notebooks])


def measure_notebooks(notebooks: list[Path], shots: Path | None = None) -> dict[str, list[Slide]]:
    """Export ``notebooks`` to a temporary folder and measure every slide in headless Chromium."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (sudo apt-get install chromium, or set KHLIB_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="slide_heights_") as tmp, sync_playwright() as p:
        decks = export_decks(notebooks, Path(tmp))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": MAX_HEIGHT})
            return {Path(nb).name: measure_page(page, deck, shots) for nb, deck in zip(notebooks, decks)}
        finally:
            browser.close()


def report(name: str, slides: list[Slide]) -> str:
    tallest = max(slides, key=lambda s: s.height)
    over = [s for s in slides if s.over]
    lines = [f"{name}: {len(slides)} slides, tallest {tallest.height} px (slide {tallest.number}), "
             f"{len(over)} over {MAX_HEIGHT} px",
             f"{'slide':>5}  {'h.v':>5}  {'px':>5}        title"]
    for s in slides:
        lines.append(f"{s.number:>5}  {f'{s.h}.{s.v}':>5}  {s.height:>5}  {'OVER' if s.over else '    '}  {s.title}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--all", action="store_true", help="every notebook in notebooks/")
    ap.add_argument("--shots", type=Path, default=None, help="folder for a screenshot of every slide")
    args = ap.parse_args(argv)
    nbs = sorted((ROOT / "notebooks").glob("*.ipynb")) if args.all else args.notebooks
    if not nbs:
        ap.error("name at least one notebook, or --all")
    for nb in nbs:
        if not nb.exists():
            ap.error(f"no such notebook: {nb}")
    results = measure_notebooks(nbs, args.shots)
    print("\n\n".join(report(name, slides) for name, slides in results.items()))
    return 1 if any(s.over for slides in results.values() for s in slides) else 0


if __name__ == "__main__":
    sys.exit(main())
