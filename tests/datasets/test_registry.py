"""The registry (khlib.datasets.registry) against the files, the loaders, the notebooks and
data/README.md: one entry per file, and everything that lists tables follows it."""

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

import khlib as kh
from khlib.datasets import TABLES, load
from khlib.datasets.generate import BUILDERS
from khlib.datasets.registry import FAMILIES

ROOT = Path(__file__).resolve().parents[2]
README = kh.datasets.data_dir() / "README.md"


def _sections(text: str) -> list[tuple[str, str, str]]:
    """(the ``##`` part, the ``###`` heading, the section's text) of data/README.md."""
    out, part, head, body = [], "", None, []
    for line in text.splitlines():
        if line.startswith("## ") or line.startswith("### "):
            if head is not None:
                out.append((part, head, "\n".join(body)))
            head, body = (None, []) if line.startswith("## ") else (line, [])
            if line.startswith("## "):
                part = line[3:].strip()
        elif head is not None:
            body.append(line)
    if head is not None:
        out.append((part, head, "\n".join(body)))
    return out


def _section(key: str) -> tuple[str, str, str]:
    t = TABLES[key]
    hits = [s for s in _sections(README.read_text(encoding="utf-8")) if f"`{t.file}`" in s[1]]
    assert len(hits) == 1, f"{t.file}: {len(hits)} sections of data/README.md name it in their heading"
    return hits[0]


@pytest.mark.parametrize("key", list(TABLES))
def test_readme_documents_every_column_of_every_table(key):
    _, heading, body = _section(key)
    df = load(key)
    missing = [col for col in df.columns if f"`{col}`" not in heading + body]
    assert not missing, f"{TABLES[key].file}: columns not documented in data/README.md: {missing}"


@pytest.mark.parametrize("key", list(TABLES))
def test_readme_section_states_origin_encoding_and_source(key):
    t = TABLES[key]
    part, heading, body = _section(key)
    assert part == ("Files and columns" if t.synthetic else "Real data"), (t.file, part)
    if t.encoding != "utf-8":
        assert t.encoding.upper() in heading, f"{t.file}: the heading should name its encoding {t.encoding}"
    if not t.synthetic:
        assert t.cite in body, f"{t.file}: the section should cite {t.cite}"


def test_readme_names_every_loader():
    text = README.read_text(encoding="utf-8")
    for t in TABLES.values():
        assert f"{t.loader}()" in text, t.loader
    assert "load(" in text


def test_every_data_file_is_registered_and_every_registered_file_exists():
    on_disk = {p.name for p in kh.datasets.data_dir().iterdir() if p.is_file() and p.name != "README.md"}
    registered = {t.file for t in TABLES.values()}
    assert on_disk == registered, (on_disk - registered, registered - on_disk)
    assert len(registered) == len(TABLES)  # one entry per file


def test_files_and_real_files_follow_the_registry():
    assert kh.datasets.FILES == {k: t.file for k, t in TABLES.items() if t.synthetic}
    assert kh.datasets.REAL_FILES == {"cdnow": "cdnow_sample.txt", "mobi": "ecsi_mobi.csv", "rossi": "rossi.csv"}
    assert not TABLES["cdnow"].synthetic and TABLES["cdnow"].cite == "Fader, Hardie & Lee (2005)"


def _width(text: str) -> int:
    """Display width as pandas counts it with display.unicode.east_asian_width (CJK = 2)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "FW" else 1 for ch in text)


@pytest.mark.parametrize("key", list(TABLES))
def test_titles_and_descriptions_fit_the_tour_cells(key):
    t = TABLES[key]  # pandas cuts longer cells (display.max_colwidth = 50) with "..."
    assert _width(t.description) <= 50 and _width(t.title) <= 50 and "\n" not in t.description, t.description


def test_chapter00_tour_shows_every_registered_table():
    tour = kh.intro.dataset_tour()
    assert list(tour.index) == [t.file for t in TABLES.values()]
    for t in TABLES.values():
        row = tour.loc[t.file]
        df = load(t.key)
        assert (row["行数"], row["列数"]) == df.shape
        assert row["读取方式"] == t.call and row["名称"] == t.title and row["内容"] == t.description
        assert all(ch in row["章节"] for ch in t.chapters)
    assert tour.loc["cdnow_sample.txt", "来源"].startswith("真实")
    assert {"salespeople.csv", "invoices.csv.gz", "dealer_inventory.csv.gz"} <= set(tour.index)


@pytest.mark.parametrize("key", list(TABLES))
def test_loader_reads_the_registry_entry(key):
    t = TABLES[key]
    got = getattr(kh.datasets, t.loader)()
    if t.part is not None:
        got = got[t.part]
    want = load(key)
    pd.testing.assert_frame_equal(got, want)
    assert got is not load(key)  # a fresh copy each call
    got.iloc[:, 0] = got.iloc[::-1, 0].to_numpy()  # and changing it in place leaves the cache alone
    pd.testing.assert_frame_equal(load(key), want)
    for col in set(t.strings) - set(t.dates):  # a date may be read as text, then parsed (CDNOW)
        assert pd.api.types.is_string_dtype(want[col]), (t.file, col)
    for col in t.dates:
        assert pd.api.types.is_datetime64_any_dtype(want[col]), (t.file, col)
    ids = [c for c in want.columns if c.endswith("_id") or c == "phone"]
    assert set(ids) <= set(t.strings), f"{t.file}: ids must be read as strings: {set(ids) - set(t.strings)}"


def test_ids_keep_their_leading_zeros():
    assert load("cdnow")["customer_id"].iloc[0] == "0001"
    assert kh.datasets.load_products()["product_id"].iloc[0] == "P01"


def test_unknown_table_names_the_registered_ones():
    with pytest.raises(kh.KhlibInputError, match="cdnow"):
        load("no_such_table")
    assert kh.datasets.data_path("cdnow").name == "cdnow_sample.txt"


def test_generator_families_match_the_registry():
    assert tuple(BUILDERS) == FAMILIES
    assert {t.family for t in TABLES.values() if t.synthetic} == set(FAMILIES)
    assert all(t.family is None for t in TABLES.values() if not t.synthetic)


def _notebook_code(path: Path) -> str:
    import json

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_chapters_are_the_notebooks_that_read_the_table():
    by_loader: dict[str, set[str]] = {}
    for k, t in TABLES.items():
        by_loader.setdefault(t.loader, set()).add(k)
    notebooks: dict[str, list[Path]] = {}  # a chapter may be split in two lectures (05, 05b)
    for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb")):
        notebooks.setdefault(p.name[:2], []).append(p)
    # a table may be generated ahead of its chapter: a chapter of the course plan (kh.intro.CHAPTERS)
    # whose notebook is not written yet
    planned = {stem[:2] for stem, _, _ in kh.intro.CHAPTERS if not (ROOT / "notebooks" / f"{stem}.ipynb").exists()}
    for t in TABLES.values():
        assert set(t.chapters) <= set(notebooks) | planned, (t.key, t.chapters)
    for chapter, paths in sorted(notebooks.items()):
        path = paths[0]
        code = "\n".join(_notebook_code(q) for q in paths)
        used = set()
        for name in re.findall(r"\b(load_\w+)\(", code):
            used |= by_loader.get(name, set())
        used |= set(re.findall(r"""(?:data_path|datasets\.load)\(\s*["'](\w+)["']""", code)) & set(TABLES)
        registered = {k for k, t in TABLES.items() if chapter in t.chapters}
        assert used == registered, (f"notebooks/{path.name} reads {sorted(used)}, the registry lists "
                                    f"{sorted(registered)} for chapter {chapter}")


def test_no_module_imports_private_names_of_another():
    """Inside khlib.datasets nothing reaches for another module's underscore names."""
    for path in (ROOT / "khlib" / "datasets").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"
                modules |= {a.asname or a.name for a in node.names}
            elif isinstance(node, ast.Import):
                modules |= {a.asname or a.name.split(".")[0] for a in node.names}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in modules and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                raise AssertionError(f"{path.name}: {node.value.id}.{node.attr}")
