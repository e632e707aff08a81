"""style_grades gives every table its own id, derived from the content: the colours of one table
never land on another table of the same page, and the saved notebook is the same on every run."""

import re

import pandas as pd

import khlib as kh


def _ids(html: str) -> set[str]:
    return set(re.findall(r'id="T_([A-Za-z0-9_]+?)_row', html))


def test_two_tables_two_ids_same_table_same_id():
    a = kh.abc_grade(pd.Series([50.0, 30, 10, 5, 5], index=list("abcde"), name="sales"))
    b = kh.abc_grade(pd.Series([60.0, 20, 10, 5, 5], index=list("abcde"), name="sales"))
    ha, hb, ha2 = kh.style_grades(a).to_html(), kh.style_grades(b).to_html(), kh.style_grades(a.copy()).to_html()
    assert _ids(ha) and _ids(ha).isdisjoint(_ids(hb))
    assert ha == ha2
    # the CSS of each table is scoped to its own id
    for html in (ha, hb):
        (uid,) = {i.split("_")[0] for i in _ids(html)}
        css = re.findall(r"#T_([A-Za-z0-9]+)_row", html)
        assert css and set(css) == {uid}


def test_same_content_other_grade_column_other_id():
    g = kh.abc_grade(pd.Series([50.0, 30, 10, 5, 5], index=list("abcde"), name="sales"))
    h = g.rename(columns={"grade": "等级"})
    assert _ids(kh.style_grades(g).to_html()).isdisjoint(_ids(kh.style_grades(h, "等级").to_html()))
