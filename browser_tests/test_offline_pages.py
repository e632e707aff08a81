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
