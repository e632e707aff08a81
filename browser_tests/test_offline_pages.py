"""The slide decks and HTML pages open from disk in Chromium with no request to another host
and no script error (the JavaScript assets are checked by running them, not by grepping)."""

from __future__ import annotations

import runpy

import pytest

from conftest import ROOT

build = runpy.run_path(str(ROOT / "tools" / "build.py"))


@pytest.fixture(scope="module", params=["slides", "html"])
def pages(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    build["build_pages"](request.param, out)
    return request.param, out


def test_pages_load_offline(pages, browser, shots):
    kind, out = pages
    for f in sorted(out.glob("*.html")):
        ctx = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
        pg = ctx.new_page()
        requests, errors = [], []
        pg.on("request", lambda r: requests.append(r.url))
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(f.as_uri())
        pg.wait_for_load_state("load")
        if kind == "slides" and f.name != "index.html":
            for _ in range(4):  # a few slide changes: MathJax and widgets must not throw
                pg.keyboard.press("ArrowRight")
                pg.wait_for_timeout(200)
        pg.wait_for_timeout(500)
        external = [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
        assert not external, f"{f.name}: {external}"
        assert not errors, f"{f.name}: {errors}"
        if f.stem.startswith("04_grading"):
            pg.screenshot(path=str(shots / f"offline_{f.stem}.png"))
            # the saved widget state renders the ABC sliders without a kernel
            assert pg.locator(".widget-slider").count() >= 2
        ctx.close()


def test_report_page_opens_offline_with_the_course_font(browser, shots, tmp_path):
    """The report command's HTML page opens from disk with the network off: no request leaves
    the machine, the plots are embedded, and the Chinese text is drawn with a CJK font (the
    bundled face linked next to the page) — its width is that of square CJK glyphs."""
    from khlib.report import main

    sample = ROOT / "data" / "analyst_sample_gbk.csv"
    out = tmp_path / "rep"
    assert main([str(sample), "--customer", "客户代码", "--date", "日期", "--amount", "价税合计",
                 "--order", "单据编号", "--out", str(out), "--quiet"]) == 0
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    pg = ctx.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto((out / "客户分级报告.html").as_uri())
    pg.wait_for_load_state("load")
    pg.evaluate("document.fonts.ready")
    assert pg.locator("img").count() >= 2
    assert pg.evaluate("""() => {
        const imgs = [...document.images];
        return imgs.every(i => i.complete && i.naturalWidth > 100);
    }""")
    width = pg.evaluate("""() => {
        const s = document.createElement('span');
        s.style.fontFamily = '"khlib CJK SC"'; s.style.fontSize = '40px'; s.textContent = '客户分级报告';
        document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w;
    }""")
    assert 200 < width < 280, width  # six square glyphs of 40 px
    assert pg.evaluate("document.fonts.check('40px \"khlib CJK SC\"', '客户')")
    external = [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert not external, external
    pg.screenshot(path=str(shots / "report_page.png"), full_page=False)
    ctx.close()
