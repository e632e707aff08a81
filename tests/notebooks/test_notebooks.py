"""Every chapter follows COURSE_DESIGN's conventions. (nbval, run by `make test` over
notebooks/, executes each notebook and compares it with its committed outputs.)"""

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHAPTERS = [p for p in NOTEBOOKS if re.match(r"\d\d[a-z]?_", p.name)]


def load(p):
    return json.loads(p.read_text(encoding="utf-8"))


def src(cell):
    return "".join(cell["source"])


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_slide_metadata_on_every_cell(nb):
    cells = load(nb)["cells"]
    missing = [i for i, c in enumerate(cells) if "slide_type" not in c["metadata"].get("slideshow", {})]
    assert not missing, f"cells without slideshow metadata: {missing}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_setup(nb):
    code = [c for c in load(nb)["cells"] if c["cell_type"] == "code"]
    assert src(code[0]).startswith("import khlib as kh\n\nkh.setup_notebook()")
    for c in code[1:]:
        assert "setup_notebook" not in src(c) and "rcParams" not in src(c)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_executed_in_order_without_errors(nb):
    code = [c for c in load(nb)["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert None not in counts and counts == sorted(counts) and counts[0] == 1
    for c in code:
        for o in c["outputs"]:
            assert o["output_type"] != "error", src(c)
            assert o.get("name") != "stderr", f"stderr output in {nb.name}: {o.get('text')}"
    text = nb.read_text(encoding="utf-8")
    assert not re.search(r"/(work|tmp|home|root|Users)/[A-Za-z]", text), "absolute path in notebook"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_structure(nb):
    cells = load(nb)["cells"]
    md = [src(c) for c in cells if c["cell_type"] == "markdown"]
    assert md[0].count("课程目录") == 1 and cells[0]["metadata"].get("khlib", {}).get("nav")
    assert cells[-1]["metadata"].get("khlib", {}).get("nav"), "navigation at the bottom"
    assert re.match(r"# 第 \d\d 章 ", md[1]), "Chinese title"
    assert any(m.startswith("## 学习目标") for m in md)
    assert any(m.startswith("## 小结") for m in md)
    assert any(m.startswith("## 动手练习") for m in md)


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_exercises_have_tagged_solutions_and_checks(nb):
    cells = load(nb)["cells"]
    sols = [i for i, c in enumerate(cells) if "solution" in c["metadata"].get("tags", [])]
    assert sols, "no tagged solution cells"
    for i in sols:
        nxt = cells[i + 1]
        assert nxt["cell_type"] == "code" and "kh.check.q" in src(nxt), "a self-check follows each solution"
        out = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in nxt["outputs"])
        assert out.startswith("'✔") or "✔ 正确" in out, f"solution does not pass its check: {out}"


def test_only_widget_cells_skip_output_comparison():
    """nbval compares every output except widget cells, whose content depends on the frontend, and
    cells that read an optional file generated on demand (``make bigdata``), declared in their
    metadata (``khlib.optional_file``) and guarded by an existence check in the cell itself."""
    for nb in NOTEBOOKS:
        for c in load(nb)["cells"]:
            if "nbval-ignore-output" in c["metadata"].get("tags", []) or "NBVAL_IGNORE_OUTPUT" in src(c):
                optional = c["metadata"].get("khlib", {}).get("optional_file")
                if optional:
                    assert Path(optional).name in src(c) and ".exists()" in src(c), f"{nb.name}: unguarded optional file"
                    assert not (ROOT / optional).exists() or "build/" in optional  # generated, never committed
                    continue
                assert "_widget(" in src(c), f"{nb.name}: output comparison skipped for a non-widget cell"


def test_every_chapter_has_a_widget():
    for nb in CHAPTERS:
        assert "widget" in nb.read_text(encoding="utf-8").lower() and any(
            "application/vnd.jupyter.widget-view+json" in o.get("data", {})
            for c in load(nb)["cells"] if c["cell_type"] == "code" for o in c["outputs"]), nb.name


def links(cell) -> list[str]:
    """Link targets in a markdown cell and in the HTML outputs of a code cell."""
    if cell["cell_type"] == "markdown":
        return re.findall(r"\]\(([^)\s]+)\)", src(cell))
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for o in cell.get("outputs", []))
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_links_resolve(nb):
    for c in load(nb)["cells"]:
        for target in links(c):
            if target.startswith(("http://", "https://", "#", "mailto:")):
                continue
            path = (nb.parent / unquote(target.split("#")[0])).resolve()
            assert path.exists(), f"{nb.name}: broken link {target}"


def test_index_links_every_chapter_and_chapters_link_back():
    index_links = [t for c in load(ROOT / "notebooks" / "index.ipynb")["cells"] for t in links(c)]
    for nb in CHAPTERS:
        assert index_links.count(nb.name) == 2, f"map and table should both link {nb.name}"
        own = [t for c in load(nb)["cells"] for t in links(c)]
        assert own.count("index.ipynb") == 2, f"{nb.name} links back to the index at top and bottom"
    # neighbours: each chapter links to the previous and next chapter that exist
    for prev, nxt in zip(CHAPTERS, CHAPTERS[1:]):
        assert nxt.name in [t for c in load(prev)["cells"] for t in links(c)]
        assert prev.name in [t for c in load(nxt)["cells"] for t in links(c)]


def test_one_slide_theme_for_every_notebook():
    """RISE (live slides in JupyterLab) uses the same theme and size in every notebook."""
    rise = [load(nb)["metadata"].get("rise") for nb in NOTEBOOKS]
    assert rise[0] and rise[0]["theme"] == "white" and all(r == rise[0] for r in rise)
