"""The course glossary (kh.vocab.TERMS, notebooks/glossary.ipynb): every term has one English
translation and a chapter, no English term translates two Chinese terms, and the glossary
notebook — linked from the index and the README — shows every term."""

import json
from collections import Counter
from pathlib import Path

import pytest

import khlib as kh
from khlib._errors import KhlibInputError

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = {f"{i:02d}" for i in range(9)}


def test_every_term_has_english_chapter_and_definition():
    bad = {t: v for t, v in kh.vocab.TERMS.items()
           if len(v) != 3 or not v[0].strip() or v[1] not in CHAPTERS or not v[2].strip() or not t.strip()}
    assert not bad, bad


def test_one_translation_per_term():
    """An English term (ignoring case and spaces) names one Chinese term only."""
    norm = Counter(" ".join(en.lower().split()) for en, _, _ in kh.vocab.TERMS.values())
    twice = {en: [t for t, v in kh.vocab.TERMS.items() if " ".join(v[0].lower().split()) == en]
             for en, n in norm.items() if n > 1}
    assert not twice, twice


def test_glossary_table():
    g = kh.vocab.glossary()
    assert list(g.columns) == ["chapter", "term", "english", "definition"]
    assert len(g) == len(kh.vocab.TERMS) and set(g["term"]) == set(kh.vocab.TERMS)
    assert list(g["chapter"]) == sorted(g["chapter"])  # by chapter first
    g04 = kh.vocab.glossary("04")
    assert set(g04["chapter"]) == {"04"} and "ABC 分类法" in set(g04["term"])
    row = g[g["term"] == "客户终身价值"].iloc[0]
    assert (row["english"], row["chapter"]) == ("customer lifetime value (CLV)", "01")
    assert kh.vocab.glossary("02").empty or set(kh.vocab.glossary("02")["chapter"]) == {"02"}
    with pytest.raises(KhlibInputError, match="'4'"):
        kh.vocab.glossary("4")


def test_glossary_notebook_shows_every_term():
    nb = json.loads((ROOT / "notebooks" / "glossary.ipynb").read_text(encoding="utf-8"))
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []))
    missing = [t for t, (en, _, _) in kh.vocab.TERMS.items() if f">{t}<" not in html or f">{en}<" not in html]
    assert not missing, f"terms not shown in notebooks/glossary.ipynb (add the chapter's cell): {missing}"
    labels = [name for name in kh.vocab.LABELS if f">{name}<" not in html]
    assert not labels, labels  # the analysts' table of column labels is complete


def test_glossary_is_linked_from_index_and_readme():
    assert "](glossary.ipynb)" in (ROOT / "notebooks" / "index.ipynb").read_text(encoding="utf-8")
    assert "notebooks/glossary.ipynb" in (ROOT / "README.md").read_text(encoding="utf-8")
