"""The finished-chapter conventions of COURSE_DESIGN ("What a finished chapter looks like"),
checked on every chapter notebook: Chinese on screen, slides that fit a lecture, speaker notes,
exercises at three levels, a case with 讨论题, references, analyst material at the end.
(Slide heights are measured in a real browser: browser_tests/.)"""

import json
import re
from pathlib import Path

import pytest

from khlib.vocab import LABELS

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if re.match(r"\d\d[a-z]?_", p.name))
MAX_SLIDES = 32  # one 90-minute lecture is about 30 slides (COURSE_DESIGN)


def cells(nb):
    return json.loads(nb.read_text(encoding="utf-8"))["cells"]


def src(c):
    return "".join(c["source"])


def kind(c):
    return c["metadata"].get("slideshow", {}).get("slide_type", "-")


def html_outputs(c):
    return "".join("".join(o.get("data", {}).get("text/html", "")) for o in c.get("outputs", []))


def lecture(nb):
    """The cells of the lecture: up to the closing analyst section (给分析师) or 参考文献."""
    out = []
    for c in cells(nb):
        if c["cell_type"] == "markdown" and re.match(r"## (给分析师|参考文献)", src(c)):
            break
        out.append(c)
    return out


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_one_lecture_of_about_thirty_slides(nb):
    n = sum(kind(c) in ("slide", "subslide") for c in cells(nb))
    assert n <= MAX_SLIDES, f"{nb.name}: {n} slides — split the chapter (COURSE_DESIGN: about 30)"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_speaker_notes_carry_about_ninety_minutes(nb):
    notes = [src(c) for c in cells(nb) if kind(c) == "notes"]
    assert notes, f"{nb.name}: no speaker notes (markdown cells with slide_type 'notes')"
    minutes = [int(m) for n in notes for m in re.findall(r"约\s*(\d+)\s*分钟", n)]
    assert all(n.startswith("**讲者备注**") for n in notes)
    assert 60 <= sum(minutes) <= 120, f"{nb.name}: speaker notes add up to {sum(minutes)} minutes"
    slides = sum(kind(c) == "slide" for c in lecture(nb))
    assert len(notes) >= slides * 0.6, f"{nb.name}: {len(notes)} notes for {slides} lecture slides"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_exercises_at_three_levels(nb):
    heads = re.findall(r"\*\*练习 \d+b?\.\d+（(基础|进阶|挑战)）\*\*", "\n".join(src(c) for c in cells(nb)))
    assert len(heads) >= 4, f"{nb.name}: {len(heads)} exercises with a level"
    assert {"基础", "进阶", "挑战"} <= set(heads), f"{nb.name}: levels {sorted(set(heads))}"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_case_discussion_and_references(nb):
    md = [src(c) for c in cells(nb) if c["cell_type"] == "markdown"]
    assert any(re.search(r"^#+ .*案例", m, flags=re.M) for m in md), f"{nb.name}: no case section"
    assert any(re.search(r"^#+ 讨论题", m, flags=re.M) for m in md), f"{nb.name}: no 讨论题"
    refs = [m for m in md if m.startswith("## 参考文献")]
    assert refs, f"{nb.name}: no 参考文献 section"
    entries = re.findall(r"^\s*(?:-|\d+\.)\s+\S", refs[0], flags=re.M)
    assert len(entries) >= 2, f"{nb.name}: {len(entries)} references"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_analyst_section_closes_the_chapter_and_stays_off_the_slides(nb):
    cs = cells(nb)
    starts = [i for i, c in enumerate(cs) if c["cell_type"] == "markdown" and src(c).startswith("## 给分析师")]
    if not starts:
        return
    i = starts[0]
    summary = [j for j, c in enumerate(cs) if c["cell_type"] == "markdown" and src(c).startswith("## 小结")]
    assert summary and summary[0] < i, f"{nb.name}: the analyst section comes after 小结"
    for c in cs[i:]:
        if c["cell_type"] == "markdown" and src(c).startswith("## 参考文献"):
            break
        assert kind(c) == "skip", f"{nb.name}: analyst cell on a slide: {src(c)[:60]!r}"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chinese_on_screen(nb):
    """No code column names, raw numbers or raw timestamps in the tables students see."""
    codes = {k for k in LABELS if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", k)}
    for c in lecture(nb):
        if c["cell_type"] != "code":
            continue
        assert ".set_uuid(" not in src(c), f"{nb.name}: Styler boilerplate on a slide: {src(c)[:60]!r}"
        html = re.sub(r"<style.*?</style>", "", html_outputs(c), flags=re.S)
        heads = {re.sub(r"<.*?>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html, flags=re.S)}
        assert not heads & codes, f"{nb.name}: English headers {sorted(heads & codes)} in {src(c)[:60]!r}"
        body = re.sub(r"<.*?>", " ", html)
        assert not re.search(r"\d\.\d{6}\b", body), f"{nb.name}: unformatted number in {src(c)[:60]!r}"
        assert not re.search(r"\d{4}-\d\d-\d\d 00:00:00", body), f"{nb.name}: raw timestamp in {src(c)[:60]!r}"
        assert not re.search(r"\b0\d月", body), f"{nb.name}: zero-padded month in {src(c)[:60]!r}"
        for o in c.get("outputs", []):
            text = "".join(o.get("text", "")) if o.get("output_type") == "stream" else ""
            assert "Warning" not in text, f"{nb.name}: English warning on screen: {text[:80]!r}"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_figures_share_a_slide_with_their_sentence(nb):
    """A plot cell is never the first thing on a slide: the sentence that introduces it is on
    the same slide (markdown `slide` followed by the code cell as `-`)."""
    cs = [c for c in lecture(nb) if kind(c) != "notes"]
    for c in cs:
        has_png = any("image/png" in o.get("data", {}) for o in c.get("outputs", []))
        if c["cell_type"] == "code" and has_png:
            assert kind(c) == "-", f"{nb.name}: figure starts its own slide: {src(c)[:60]!r}"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_every_table_a_cell_builds_is_shown(nb):
    """Only a cell's last expression is displayed: a ``kh.show(...)`` (or any bare expression
    statement) before it is computed and silently dropped — a table the students never see."""
    import ast

    lost = []
    for c in cells(nb):
        if c["cell_type"] != "code" or src(c).lstrip().startswith(("%", "!")):
            continue
        body = ast.parse(src(c)).body
        for stmt in body[:-1]:
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                f = stmt.value.func
                shown = isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and (
                    (f.value.id == "kh" and f.attr in {"show", "style_grades"}) or f.attr in {"head", "tail", "describe"})
                if shown:
                    lost.append(src(c).splitlines()[stmt.lineno - 1][:80])
    assert not lost, f"{nb.name}: wrap in display(...) or make it the last line: {lost}"
