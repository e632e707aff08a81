"""Build the course's hand-outs from notebooks/: offline slide decks, static HTML pages and the
student edition. Used by `make slides`, `make html` and `make student`.

    python tools/build.py slides  [--out build/slides]
    python tools/build.py html    [--out build/site]
    python tools/build.py student [--out build/student] [--keep]

Everything a page loads comes from `assets/` next to it (copied from the pinned npm packages in
tools/web/ and from khlib's bundled font), so the folders open by double-click with no network.
"""

from __future__ import annotations

import argparse
import ast
import copy
import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
WEB = ROOT / "tools" / "web"
TEMPLATES = ROOT / "tools" / "templates"

#: Cell tags the course uses in notebook metadata.
SOLUTION_TAG = "solution"  # the answer to a 动手练习 exercise: stripped from the student edition
SLIDES_HIDE_TAG = "slides-hide"  # scaffolding code shown in the notebook but not on a slide
STUDENT_PROMPT = "# 动手练习：把 None 换成你的答案，再运行下面的自测单元格。\n"


def notebooks() -> list[Path]:
    return sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def _title(nb) -> str:
    for c in nb.cells:
        if c.cell_type == "markdown":
            m = re.search(r"^# (.+)$", c.source, flags=re.M)
            if m:
                return m.group(1).strip()
    return "notebook"


# ------------------------------------------------------------------------------ student edition
def answer_names(source: str) -> list[str]:
    """Names a solution cell assigns at top level (``answer_41 = ...``)."""
    names = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        for t in targets:
            if isinstance(t, ast.Name) and t.id.startswith("answer") and t.id not in names:
                names.append(t.id)
    return names


def student_notebook(nb):
    """A copy of ``nb`` with every solution replaced by a prompt, and the outputs of solution
    and self-check cells cleared (the checks then say 尚未作答)."""
    out = copy.deepcopy(nb)
    clear_next = False
    for cell in out.cells:
        tags = cell.metadata.get("tags", [])
        if SOLUTION_TAG in tags:
            names = answer_names(cell.source)
            if not names:
                raise ValueError(f"solution cell assigns no answer_… variable:\n{cell.source}")
            cell.source = STUDENT_PROMPT + "\n".join(f"{n} = None" for n in names)
            cell.outputs, cell.execution_count = [], None
            cell.metadata["tags"] = [t for t in tags if t != SOLUTION_TAG] + ["exercise"]
            cell.metadata.pop("khlib", None)
            clear_next = True
        elif clear_next and cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            clear_next = False
    out.metadata.pop("widgets", None)  # saved widget state may hold solution-time output
    return out


def build_student(dest: Path, keep: bool = False) -> list[Path]:
    """Write the student edition of every notebook into ``dest``. With ``keep`` (``make
    lab-student``) a notebook already in ``dest`` is left alone: it holds the student's answers."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for p in notebooks():
        target = dest / p.name
        if keep and target.exists():
            continue
        nb = nbformat.read(p, as_version=4)
        nbformat.write(student_notebook(nb), target)
        written.append(target)
    return written


# ------------------------------------------------------------------------------ assets
ASSETS = [  # (source under tools/web/node_modules, destination under assets/)
    # reveal.js: the engine and the one theme the decks use (other themes import web fonts)
    ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.js"),
    ("reveal.js/dist/reveal.css", "reveal.js/dist/reveal.css"),
    ("reveal.js/dist/theme/white.css", "reveal.js/dist/theme/white.css"),
    ("reveal.js/dist/theme/fonts/source-sans-pro", "reveal.js/dist/theme/fonts/source-sans-pro"),
    ("reveal.js/plugin/notes", "reveal.js/plugin/notes"),
    ("requirejs/require.js", "require.js"),
    ("jquery/dist/jquery.min.js", "jquery.min.js"),
    ("mathjax/MathJax.js", "mathjax/MathJax.js"),
    ("mathjax/config/TeX-AMS_CHTML-full.js", "mathjax/config/TeX-AMS_CHTML-full.js"),
    ("mathjax/extensions", "mathjax/extensions"),
    ("mathjax/jax/input/TeX", "mathjax/jax/input/TeX"),
    ("mathjax/jax/output/CommonHTML", "mathjax/jax/output/CommonHTML"),
    ("mathjax/jax/element", "mathjax/jax/element"),
    ("mathjax/fonts/HTML-CSS/TeX/woff", "mathjax/fonts/HTML-CSS/TeX/woff"),
]
WIDGET_DIST = "@jupyter-widgets/html-manager/dist"


def ensure_web_packages() -> Path:
    """Install the pinned npm packages (package-lock.json) into tools/web/node_modules once."""
    nm = WEB / "node_modules"
    if not (nm / "reveal.js" / "dist" / "reveal.js").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WEB, check=True)
    return nm


def copy_assets(dest: Path) -> Path:
    """Copy the pages' scripts, styles and the web font into ``dest/assets``; returns the path
    of the exported Chinese font (``@font-face`` url, relative to ``dest``: assets/<name>)."""
    import khlib

    nm = ensure_web_packages()
    assets = dest / "assets"
    for src, dst in ASSETS:
        s, d = nm / src, assets / dst
        d.parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir():
            shutil.copytree(s, d, dirs_exist_ok=True)
        else:
            shutil.copy2(s, d)
    wd = assets / "html-manager"
    wd.mkdir(parents=True, exist_ok=True)
    for f in (nm / WIDGET_DIST).iterdir():
        if f.name == "embed-amd.js" or f.suffix in {".woff", ".woff2", ".ttf"}:
            shutil.copy2(f, wd / f.name)
    return khlib.export_web_font(assets)


def _link_targets(nb, suffix: str):
    """Point links between notebooks at the exported pages (00_intro.ipynb -> 00_intro.html)."""
    for c in nb.cells:
        if c.cell_type == "markdown":
            c.source = re.sub(r"\]\(([\w\-]+)\.ipynb(#[^)]*)?\)", lambda m: f"]({m.group(1)}{suffix}{m.group(2) or ''})",
                              c.source)
    for c in nb.cells:  # links inside HTML outputs (the course index's life-cycle map)
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if "text/html" in data:
                data["text/html"] = re.sub(r'href="([\w\-]+)\.ipynb(#[^"]*)?"',
                                           lambda m: f'href="{m.group(1)}{suffix}{m.group(2) or ""}"',
                                           "".join(data["text/html"]))


def _exporter(kind: str):
    from nbconvert import HTMLExporter, SlidesExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    c = Config()
    common = dict(require_js_url="assets/require.js", mathjax_url="assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
                  widget_renderer_url="assets/html-manager/embed-amd.js", extra_template_basedirs=[str(TEMPLATES)])
    if kind == "slides":
        c.SlidesExporter.update(common, template_name="khslides", reveal_url_prefix="assets/reveal.js",
                                jquery_url="assets/jquery.min.js", reveal_theme="white", reveal_transition="none",
                                reveal_scroll=True, reveal_width="1280", reveal_height="800")
        c.TagRemovePreprocessor.remove_cell_tags = {SLIDES_HIDE_TAG}
        c.TagRemovePreprocessor.enabled = True
        exp = SlidesExporter(config=c)
    else:
        c.HTMLExporter.update(common, template_name="khhtml")
        exp = HTMLExporter(config=c)
    exp.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    return exp


def build_pages(kind: str, dest: Path, paths: list[Path] | None = None) -> list[Path]:
    """``kind`` is ``"slides"`` (reveal.js decks) or ``"html"`` (static pages with outputs) of
    ``paths`` (default: every notebook in notebooks/, plus the slides' index.html)."""
    import khlib

    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    font = copy_assets(dest)
    exp = _exporter(kind)
    suffix = ".slides.html" if kind == "slides" else ".html"
    css = khlib.web_font_css(f"assets/{font.name}")
    written, entries = [], []
    for p in (notebooks() if paths is None else [Path(x) for x in paths]):
        nb = nbformat.read(p, as_version=4)
        _link_targets(nb, suffix)
        body, _ = exp.from_notebook_node(nb, resources={"khlib_css": css, "metadata": {"name": p.stem}})
        target = dest / f"{p.stem}{suffix}"
        target.write_text(body, encoding="utf-8")
        written.append(target)
        entries.append((p.stem, _title(nb), target.name))
    if kind == "slides" and paths is None:  # the HTML site's index.html is the exported course index
        (dest / "index.html").write_text(_slides_index(entries, css), encoding="utf-8")
    return written


def _slides_index(entries, css: str) -> str:
    items = "\n".join(f'<li><a href="{html.escape(f)}">{html.escape(t)}</a></li>'
                      for stem, t, f in entries if stem != "index")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>客户管理数据分析 · 幻灯片</title>
<style>{css}
body {{ max-width: 52em; margin: 3em auto; font-size: 20px; line-height: 1.6; }}
a {{ color: #1565C0; }}</style></head>
<body><h1>客户管理数据分析 · 幻灯片</h1>
<p>双击即可离线打开；方向键翻页，按 S 打开演讲者视图。<a href="index.slides.html">课程目录</a></p>
<ul>
{items}
</ul></body></html>
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["slides", "html", "student"])
    ap.add_argument("--out", default=None)
    ap.add_argument("--keep", action="store_true", help="student: keep notebooks already in --out (answers)")
    args = ap.parse_args(argv)
    out = Path(args.out) if args.out else ROOT / "build" / {"slides": "slides", "html": "site",
                                                              "student": "student"}[args.what]
    t = time.perf_counter()
    files = build_student(out, args.keep) if args.what == "student" else build_pages(args.what, out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"{args.what}: {len(files)} files in {out} ({size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
