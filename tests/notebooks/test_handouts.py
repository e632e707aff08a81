"""Student edition, offline slide decks and static HTML pages (tools/build.py)."""

import json
import re
import runpy
import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
build = runpy.run_path(str(ROOT / "tools" / "build.py"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def solutions(nb) -> list[str]:
    return [c.source for c in nb.cells if "solution" in c.metadata.get("tags", [])]


def test_answer_names():
    assert build["answer_names"]("x = 1\nanswer_41 = [b for b in x]\nanswer_42: tuple = (1, 2)") == [
        "answer_41", "answer_42"]
    with pytest.raises(ValueError, match="answer"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution"]})])
        build["student_notebook"](nb)


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    build["build_student"](out)
    return out


def test_student_edition_has_no_solution_text(student_dir):
    for p in NOTEBOOKS:
        teacher = nbformat.read(p, as_version=4)
        text = (student_dir / p.name).read_text(encoding="utf-8")
        for sol in solutions(teacher):
            for line in sol.splitlines():
                code = line.split("#")[0].strip()
                if "=" in code and not code.endswith("= None"):
                    assert code.split("=", 1)[1].strip() not in text or len(code.split("=", 1)[1].strip()) < 4, (
                        f"{p.name}: solution leaks: {line}")
        student = json.loads(text)
        assert "solution" not in text.lower().replace('"exercise"', "")  # no tag, no metadata
        for c in student["cells"]:
            if "exercise" in c["metadata"].get("tags", []):
                assert c["outputs"] == [] and "None" in "".join(c["source"])


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS if "_" in p.stem])
def test_student_edition_runs_and_says_not_answered(student_dir, name):
    from nbclient import NotebookClient

    nb = nbformat.read(student_dir / name, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and "kh.check.q" in c.source]
    assert checks
    for c in checks:
        out = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in c.outputs)
        assert "尚未作答" in out, out
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.output_type != "error"


@pytest.fixture(scope="module", params=["slides", "html"])
def pages(request, tmp_path_factory):
    if shutil.which("npm") is None and not (ROOT / "tools" / "web" / "node_modules").exists():
        pytest.skip("npm is needed once to fetch the pinned reveal.js / widget assets")
    out = tmp_path_factory.mktemp(request.param)
    build["build_pages"](request.param, out)
    return request.param, out


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|"""
                      r"""import\s[^;]*?from\s*["'](?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def test_exports_reference_no_external_host(pages):
    kind, out = pages
    files = list(out.glob("*.html"))
    assert len(files) == len(NOTEBOOKS) + (1 if kind == "slides" else 0)
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert not EXTERNAL.findall(text), f"{f.name}: {EXTERNAL.findall(text)[:3]}"
        for ref in re.findall(r'(?:src|href)="([^"#?]+)', text):
            if not ref.startswith(("data:", "mailto:", "javascript:")):
                assert (out / ref).exists(), f"{f.name}: missing {ref}"
        assert "khlib CJK SC" in text and "assets/khlib-cjk-sc.otf" in text
    for css in out.rglob("*.css"):  # stylesheets must not pull web fonts or other sheets
        assert not EXTERNAL.findall(css.read_text(encoding="utf-8", errors="replace")), css


def test_exports_link_between_pages_and_hide_scaffolding(pages):
    kind, out = pages
    suffix = ".slides.html" if kind == "slides" else ".html"
    text04 = (out / f"04_grading{suffix}").read_text(encoding="utf-8")
    for f in out.glob("*.html"):
        assert not re.search(r'href="[^"]*\.ipynb', f.read_text(encoding="utf-8")), f"{f.name} links a notebook"
    if kind == "slides":
        assert "kh.setup_notebook" not in text04  # tagged slides-hide
        assert "kh.setup_notebook" in (out / "00_intro.slides.html").read_text(encoding="utf-8")  # taught there
        index = (out / "index.html").read_text(encoding="utf-8")
        for p in NOTEBOOKS:
            if p.stem != "index":
                assert f'href="{p.stem}.slides.html"' in index
    else:
        assert 'href="index.html"' in text04  # navigation cells link the exported pages
        assert re.search(r'href="\d\d_\w+\.html"', text04)
        assert 'href="04_grading.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in text04  # widgets render from saved state
