"""Notebook setup: Chinese font, plot style for projection, display options, seed.

Every chapter's first code cell is ``import khlib as kh; kh.setup_notebook()``; nothing else is
configured by hand in a notebook.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

FONT_FAMILY = "Noto Sans CJK SC"
DEFAULT_SEED = 2024


def chinese_font_path() -> Path:
    """Path of the bundled open Chinese font (Noto Sans CJK, SIL OFL 1.1), shipped by the
    ``noto-cjk-sans-otc`` package, so that no system font is needed (中文字体)."""
    try:
        import noto_cjk_sans_otc
    except ImportError as exc:  # pragma: no cover - a dependency of khlib
        raise ImportError("Chinese plots need the font package: pip install noto-cjk-sans-otc") from exc
    path = Path(getattr(noto_cjk_sans_otc, "FONT_PATH", Path(noto_cjk_sans_otc.__file__).with_name(
        "NotoSansCJK-Regular.ttc")))
    if not path.exists():  # pragma: no cover
        raise FileNotFoundError(f"Font file missing from noto-cjk-sans-otc: {path}")
    return path


class _NoBoldFallbackNoise:
    """Drop matplotlib's 'Failed to find font weight bold' log line: the bundled font has one
    weight, the fallback to it is intended, and the message would pollute notebook stderr."""

    def filter(self, record) -> bool:
        return "Failed to find font weight" not in record.getMessage()


def use_chinese_font() -> str:
    """Register the bundled CJK font with matplotlib (in memory, nothing written to disk) and
    make it the default family, with DejaVu Sans as per-glyph fallback. Returns the family."""
    import logging

    import matplotlib as mpl
    from matplotlib import font_manager

    log = logging.getLogger("matplotlib.font_manager")
    if not any(isinstance(f, _NoBoldFallbackNoise) for f in log.filters):
        log.addFilter(_NoBoldFallbackNoise())
    path = str(chinese_font_path())
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    mpl.rcParams["font.family"] = [FONT_FAMILY, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = True
    return FONT_FAMILY


def display_number(v: float) -> str:
    """How tables show numbers in the course: amounts of 1,000 and more as whole numbers with
    thousands separators (1,296,164), smaller ones with four significant digits (0.2426, 4.414,
    22.35), so that both money and model parameters stay readable."""
    import math

    if not math.isfinite(v):
        return str(v)
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return "0" if v == 0 else f"{v:.4g}"


def setup_notebook(seed: int = DEFAULT_SEED, *, projector: bool = True) -> None:
    """Set up a chapter notebook (笔记本初始化): Chinese font, a plot style readable from the
    back of a lecture hall (``projector=True``: large type, thick lines), pandas display
    options for Chinese tables, and fixed seeds for ``random`` and numpy's global state.
    Code that needs its own random numbers should still use ``np.random.default_rng(seed)``.
    """
    import matplotlib as mpl
    import pandas as pd

    use_chinese_font()
    mpl.rcParams.update({
        "figure.figsize": (10, 5.6),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.autolayout": True,
        "font.size": 15 if projector else 11,
        "axes.titlesize": "large",
        "axes.titleweight": "normal",  # the bundled CJK font has one weight
        "axes.labelsize": "medium",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "lines.linewidth": 2.5 if projector else 1.5,
        "legend.frameon": False,
        "legend.fontsize": "small",
    })
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 140)
    pd.set_option("display.max_rows", 30)
    pd.set_option("display.unicode.east_asian_width", True)
    pd.set_option("display.float_format", display_number)
    random.seed(seed)
    np.random.seed(seed)


WEB_FONT_FILE = "khlib-cjk-sc.otf"
WEB_FONT_FAMILY = "khlib CJK SC"


def export_web_font(directory: str | Path) -> Path:
    """Write the Simplified-Chinese face of the bundled font as an OpenType file that browsers
    load with ``@font-face`` (网页中文字体), so tables, slides and HTML pages show Chinese on a
    machine with no CJK font. Extracting one face of the collection takes under a second; an
    existing file is reused. Returns the file's path."""
    from fontTools.ttLib import TTCollection

    out = Path(directory) / WEB_FONT_FILE
    if out.exists() and out.stat().st_size > 1_000_000:
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    collection = TTCollection(str(chinese_font_path()), lazy=True)
    face = next(f for f in collection.fonts if f["name"].getDebugName(1) == FONT_FAMILY)
    tmp = out.with_suffix(".tmp")
    face.save(str(tmp))
    tmp.replace(out)
    return out


def web_font_css(font_url: str = WEB_FONT_FILE) -> str:
    """CSS that adds the exported font as the last fallback of JupyterLab's (and plain pages')
    font stacks: system fonts are used first, the bundled font fills any missing glyph."""
    stack = (f'-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, '
             f'"PingFang SC", "Microsoft YaHei", "{WEB_FONT_FAMILY}", sans-serif')
    mono = f'SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace, "{WEB_FONT_FAMILY}"'
    return f"""/* Written by khlib: Chinese glyphs without a system CJK font (Noto Sans CJK SC, SIL OFL 1.1). */
@font-face {{
  font-family: "{WEB_FONT_FAMILY}";
  src: url("{font_url}") format("opentype");
  font-display: swap;
}}
/* On body, not :root: JupyterLab's theme, injected later, redefines the :root variables. */
body, body.jp-ThemedContainer {{
  --jp-ui-font-family: {stack};
  --jp-content-font-family: {stack};
  --jp-code-font-family: {mono};
  --r-main-font: {stack};
  --r-code-font: {mono};
  --r-heading-font: {stack};
  font-family: {stack};
}}
/* Slide themes and widgets set their own stacks: add the fallback there too. */
.reveal, .reveal h1, .reveal h2, .reveal h3, .reveal h4, .reveal h5, .reveal h6,
.jupyter-widgets, .widget-label, .widget-readout, .widget-dropdown select {{
  font-family: {stack};
}}
.reveal pre, .reveal code, .highlight pre {{
  font-family: {mono};
}}
"""


LAB_EXTENSION = "khlib-cjk-font"

_REMOTE_ENTRY = """/* Written by khlib (kh.install_lab_font): a style-only JupyterLab extension that adds the
   bundled Chinese web font. JupyterLab and RISE's slideshow page (/rise/…) both load the styles
   of federated extensions; RISE's page ignores custom/custom.css. */
(function () {
  var css = new URL("__CSS__", document.currentScript.src).href;
  var scope = (window._JUPYTERLAB = window._JUPYTERLAB || {});
  scope["__NAME__"] = {
    init: function () { return Promise.resolve(); },
    get: function () {
      return Promise.resolve(function () {
        if (!document.querySelector("link[data-khlib-font]")) {
          var link = document.createElement("link");
          link.rel = "stylesheet";
          link.href = css;
          link.setAttribute("data-khlib-font", "");
          document.head.appendChild(link);
        }
        return {};
      });
    }
  };
})();
"""


def install_lab_font(config_dir: str | Path = ".jupyter") -> Path:
    """Install the web font for JupyterLab and live RISE slides (实时幻灯片中文字体): writes
    ``<config_dir>/labextensions/khlib-cjk-font/``, a style-only JupyterLab extension whose
    stylesheet (:func:`web_font_css`) adds the bundled font as the last fallback of the page's
    font stacks. Run JupyterLab with ``JUPYTER_PATH`` including ``config_dir`` (what ``make lab``
    does): JupyterLab and RISE's slideshow page load every extension's style, whereas RISE's
    page never loads ``custom/custom.css``. Returns the stylesheet's path."""
    import hashlib
    import json

    ext = Path(config_dir) / "labextensions" / LAB_EXTENSION
    static = ext / "static"
    export_web_font(static)
    css_text = web_font_css()
    css = static / f"khlib.{hashlib.sha256(css_text.encode()).hexdigest()[:12]}.css"
    js = _REMOTE_ENTRY.replace("__CSS__", css.name).replace("__NAME__", LAB_EXTENSION)
    entry = f"remoteEntry.{hashlib.sha256(js.encode()).hexdigest()[:12]}.js"
    for old in static.glob("*"):  # earlier versions' files (names carry a content hash)
        if old.suffix in {".css", ".js"} and old.name not in {css.name, entry}:
            old.unlink()
    css.write_text(css_text, encoding="utf-8")
    (static / entry).write_text(js, encoding="utf-8")
    package = {"name": LAB_EXTENSION, "version": "1.0.0", "private": True,
               "description": "khlib: Chinese web font (Noto Sans CJK SC, SIL OFL 1.1) for JupyterLab and RISE",
               "jupyterlab": {"_build": {"load": f"static/{entry}", "style": "./style"}}}
    (ext / "package.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    return css
