"""A JupyterLab server on localhost and a headless Chromium for the browser tests.

Chromium is Debian's (`/usr/bin/chromium`, installed by `make browser-test`); Playwright drives
it without downloading a browser of its own. Every Jupyter folder is temporary and the notebooks
are copied, so the test leaves no state behind and autosave never touches the repository.
Screenshots go to build/browser/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "browser"
CHROMIUM = os.environ.get("KHLIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    import khlib

    tmp = tmp_path_factory.mktemp("lab")
    work = tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", work, ignore=shutil.ignore_patterns("*.xlsx", ".ipynb_checkpoints"))
    env = dict(os.environ)
    for var in ("CONFIG", "DATA", "RUNTIME"):
        env[f"JUPYTER_{var}_DIR"] = str(tmp / var.lower())
    env["IPYTHONDIR"] = str(tmp / "ipython")
    env["KHLIB_DATA_DIR"] = str(ROOT / "data")
    # Chinese without a system font, in JupyterLab and in RISE's slideshow page, as `make lab`
    khlib.install_lab_font(tmp / "config")
    env["JUPYTER_PATH"] = str(tmp / "config")
    settings = tmp / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    nbset = tmp / "config" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    nbset.mkdir(parents=True)  # render every cell (no windowing), so outputs can be read anywhere
    (nbset / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={work}",
           "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((tmp / "lab.log").read_text())
            time.sleep(0.5)
    else:
        proc.terminate()
        raise RuntimeError("JupyterLab did not start within 60 s:\n" + (tmp / "lab.log").read_text())
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser-test` (installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture(scope="session")
def decks(tmp_path_factory) -> Path:
    """Every notebook exported as a reveal.js deck, exactly as `make slides` does."""
    import runpy

    out = tmp_path_factory.mktemp("decks")
    runpy.run_path(str(ROOT / "tools" / "build.py"))["build_pages"]("slides", out)
    return out
