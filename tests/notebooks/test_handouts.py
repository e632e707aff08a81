"""Student edition, offline slide decks and static HTML pages (tools/build.py)."""

import ast
import json
import re
import runpy
import shutil
from pathlib import Path

import nbformat
import pytest

import khlib as kh

ROOT = Path(__file__).resolve().parents[2]
build = runpy.run_path(str(ROOT / "tools" / "build.py"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHECKS = sorted(n for n in kh.check.__all__ if n.startswith("q"))


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
        assert not re.search(r"(?<![a-z])solution", text.lower())  # no tag, no metadata ("resolution" is a word)
        for c in student["cells"]:
            if "exercise" in c["metadata"].get("tags", []):
                assert c["outputs"] == [] and "None" in "".join(c["source"])


# The student edition is not executed here: nbval runs every original notebook top to bottom,
# and the tests below prove statically that the student edition differs from it only in ways
# that cannot break the run — each solution becomes ``answer_… = None``, no later cell needs
# what a solution defined, and each self-check answers None with 尚未作答.
def _scoped(node) -> bool:
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp,
                             ast.SetComp, ast.DictComp, ast.GeneratorExp))


def top_level_bindings(source: str) -> set[str]:
    """Names a cell binds in the notebook's namespace (not inside functions or comprehensions)."""
    names, todo = set(), list(ast.parse(source).body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        if not _scoped(node):
            todo.extend(ast.iter_child_nodes(node))
    return names


def free_names(source: str) -> set[str]:
    """Names a cell reads that it does not bind itself (anywhere in the cell, arguments included)."""
    tree = ast.parse(source)
    loads, local = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else local).add(node.id)
        elif isinstance(node, ast.arg):
            local.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            local.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            local |= {a.asname or a.name.split(".")[0] for a in node.names}
    return loads - local


def check_call(source: str) -> tuple[str, list[str]]:
    """``kh.check.qXX(answer_…)`` -> ("qXX", ["answer_…"]); fails on anything else."""
    body = ast.parse(source).body
    assert len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call), source
    call = body[0].value
    assert ast.unparse(call.func).startswith("kh.check.q") and not call.keywords, source
    assert all(isinstance(a, ast.Name) for a in call.args), source
    return call.func.attr, [a.id for a in call.args]


def _pairs(student_dir):
    for p in NOTEBOOKS:
        teacher = nbformat.read(p, as_version=4)
        student = nbformat.read(student_dir / p.name, as_version=4)
        assert [c.cell_type for c in student.cells] == [c.cell_type for c in teacher.cells], p.name
        yield p.name, teacher, student


def _is_solution(cell) -> bool:
    return "solution" in cell.metadata.get("tags", [])


def test_student_edition_changes_only_the_solutions(student_dir):
    """Every cell that differs is a solution turned into ``answer_… = None`` prompts (outputs
    cleared, tagged exercise); the self-check after it keeps its code and loses its output."""
    n_prompts = 0
    for name, teacher, student in _pairs(student_dir):
        after_solution = False
        for i, (t, s) in enumerate(zip(teacher.cells, student.cells)):
            where = f"{name} cell {i}"
            if _is_solution(t):
                wanted = build["answer_names"](t.source)
                body = ast.parse(s.source).body
                assert wanted and [ast.unparse(n) for n in body] == [f"{a} = None" for a in wanted], where
                assert s.source.startswith(build["STUDENT_PROMPT"]), where
                assert s.outputs == [] and s.execution_count is None, where
                assert "exercise" in s.metadata["tags"] and "solution" not in s.metadata["tags"], where
                n_prompts += 1
                after_solution = True
                continue
            assert s.source == t.source, f"{where} differs from the original"
            assert {k: v for k, v in s.metadata.items()} == {k: v for k, v in t.metadata.items()}, where
            if after_solution and s.cell_type == "code":
                assert "kh.check.q" in s.source and s.outputs == [] and s.execution_count is None, where
                after_solution = False
            elif s.cell_type == "code":
                assert s.outputs == t.outputs, f"{where}: outputs differ"
    assert n_prompts >= 10  # 00: 2, 01: 3, 04: 4, 05: 3


def test_solutions_only_bind_names():
    """A solution cell only assigns names: it changes no object a later cell could read."""
    for p in NOTEBOOKS:
        for c in nbformat.read(p, as_version=4).cells:
            if not _is_solution(c):
                continue
            for node in ast.parse(c.source).body:
                assert isinstance(node, (ast.Assign, ast.AnnAssign)), f"{p.name}: {ast.unparse(node)}"
            for node in ast.walk(ast.parse(c.source)):
                assert not (isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, ast.Store)), (
                    f"{p.name}: a solution modifies an object: {ast.unparse(node)}")
                assert not (isinstance(node, ast.keyword) and node.arg == "inplace"), p.name


def test_student_edition_runs_without_the_solutions(student_dir):
    """No later cell (self-checks aside) reads a name that a solution bound, unless a cell of
    the student edition binds it again first; answers are read by the self-checks only."""
    for name, teacher, student in _pairs(student_dir):
        from_solutions: dict[str, int] = {}
        for i, (t, s) in enumerate(zip(teacher.cells, student.cells)):
            if s.cell_type != "code":
                continue
            if _is_solution(t):
                from_solutions |= {n: i for n in top_level_bindings(t.source)}
                continue
            is_check = "kh.check.q" in s.source
            if not is_check:
                used = free_names(s.source)
                stale = sorted(n for n in used if n in from_solutions)
                assert not stale, f"{name} cell {i} reads {stale}, bound by the solution in cell(s) " \
                                  f"{[from_solutions[n] for n in stale]}"
                assert not [n for n in used if n.startswith("answer")], f"{name} cell {i} reads an answer"
            for n in top_level_bindings(s.source):  # bound again by the student edition itself
                from_solutions.pop(n, None)


def test_self_checks_say_not_answered(student_dir):
    """Each self-check of the student edition reads the prompt's answers, which are None: the
    check answers 尚未作答 instead of raising."""
    n_checks = 0
    for name, teacher, student in _pairs(student_dir):
        prompted: set[str] = set()
        for t, s in zip(teacher.cells, student.cells):
            if _is_solution(t):
                prompted = set(build["answer_names"](t.source))
            elif s.cell_type == "code" and "kh.check.q" in s.source:
                fn, args = check_call(s.source)
                assert args and set(args) <= prompted, f"{name}: {s.source} reads {args}, the prompt sets {prompted}"
                fb = getattr(kh.check, fn)(*[None] * len(args))
                assert fb.ok is None and "尚未作答" in repr(fb), f"{name}: {fn}(None) -> {fb!r}"
                n_checks += 1
                prompted = set()
    assert n_checks == len(CHECKS), "every exercise check appears once in the student edition"


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


def test_lab_student_keeps_the_students_answers(tmp_path):
    """`make lab-student` rebuilds into student/ with --keep: a notebook the student has worked
    in is left alone, a missing one (a new chapter) is added; student/ is never committed."""
    first = build["build_student"](tmp_path, keep=True)
    assert sorted(p.name for p in first) == [p.name for p in NOTEBOOKS]
    worked = tmp_path / NOTEBOOKS[0].name
    worked.write_text(worked.read_text(encoding="utf-8").replace("None", "42", 1), encoding="utf-8")
    gone = tmp_path / NOTEBOOKS[-1].name
    gone.unlink()
    again = build["build_student"](tmp_path, keep=True)
    assert again == [gone] and gone.exists()
    assert "42" in worked.read_text(encoding="utf-8")
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "tools/build.py student --out student --keep" in make and "cd student &&" in make
    assert "student/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
