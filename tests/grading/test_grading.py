"""Chapter 04 客户分级: ABC, the pyramid, RFM, migration, the visit plan, colours and plots."""

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import khlib as kh
from khlib import KhlibInputError
from khlib.grading import HAND_EXAMPLE as EXAMPLE_04


def test_abc_textbook_example():
    g = kh.abc_grade(EXAMPLE_04)
    assert g["grade"].astype(str).tolist() == list("AAABBBBCCC")
    assert g["cum_share"].iloc[2] == pytest.approx(0.81)
    summ = kh.grade_summary(g)
    assert summ["customers"].tolist() == [3, 4, 3]
    assert summ["value_share"].tolist() == pytest.approx([0.81, 0.157, 0.033])


def test_abc_boundary_customer_belongs_to_upper_grade():
    s = pd.Series([80.0, 15.0, 5.0], index=list("xyz"))
    # cumulative share before y is exactly 80%: y starts B
    assert kh.abc_grade(s, None)["grade"].astype(str).tolist() == ["A", "B", "C"]


def test_abc_adjustable_cuts_and_four_grades():
    g = kh.abc_grade(EXAMPLE_04, cuts=(0.7, 0.9, 0.97), labels=("A", "B", "C", "D"))
    assert g["grade"].astype(str).tolist() == list("AAABBCCCDD")
    assert list(g["grade"].cat.categories) == ["A", "B", "C", "D"]


def test_abc_keeps_other_columns_and_id_column():
    df = pd.DataFrame({"cid": list("pqr"), "sales": [1.0, 5.0, 3.0], "region": ["东", "西", "南"]})
    g = kh.abc_grade(df, "sales", id="cid")
    assert g.index.tolist() == ["q", "r", "p"] and g.loc["q", "region"] == "西"


@pytest.mark.parametrize("kwargs,match", [
    (dict(cuts=(0.95, 0.8)), "递增"),
    (dict(cuts=(0.8, 1.2)), "递增"),
    (dict(labels=("A", "B")), "labels"),
])
def test_abc_bad_cuts(kwargs, match):
    with pytest.raises(KhlibInputError, match=match):
        kh.abc_grade(EXAMPLE_04, **kwargs)


@pytest.mark.parametrize("data,match", [
    (pd.DataFrame({"sales": [1.0, -2.0]}, index=["a", "b"]), "负数"),
    (pd.DataFrame({"sales": [1.0, np.nan]}, index=["a", "b"]), "缺失"),
    (pd.DataFrame({"sales": ["1", "2"]}, index=["a", "b"]), "numeric"),
    (pd.DataFrame({"sales": [1.0, 2.0]}, index=["a", "a"]), "customer_summary"),
    (pd.DataFrame({"amount": [1.0]}), "'sales'"),
    (pd.DataFrame({"sales": []}, dtype=float), "empty"),
    (pd.DataFrame({"sales": [0.0, 0.0]}, index=["a", "b"]), "0"),
])
def test_abc_bad_input(data, match):
    with pytest.raises(KhlibInputError, match=match):
        kh.abc_grade(data)


def test_pyramid_counts():
    s = pd.Series(np.arange(1000, 0, -1, dtype=float), index=[f"c{i}" for i in range(1000)])
    g = kh.pyramid_grade(s, None)
    assert g["grade"].value_counts().sort_index().tolist() == [10, 40, 150, 800]
    # small bases still get one VIP: ceil(1% * 30) = 1, ceil(5% * 30) = 2, ceil(20% * 30) = 6
    g = kh.pyramid_grade(s.iloc[:30], None)
    assert g["grade"].value_counts().sort_index().tolist() == [1, 1, 4, 24]


def test_rfm_scores_and_segments():
    t = pd.DataFrame({"recency_days": [5, 5, 300, 40, 200], "orders": [12, 1, 9, 3, 1],
                      "sales": [900.0, 20.0, 800.0, 200.0, 600.0]}, index=list("abcde"))
    r = kh.rfm_scores(t)
    assert r.loc["a", "R"] == r.loc["b", "R"]  # ties share a score
    assert r.loc["a", ["R", "F", "M"]].tolist() == [5, 5, 5]
    assert r["rfm_code"].tolist() == ["555", "521", "144", "332", "223"]
    assert kh.rfm_segment(r)["segment"]["a"] == "重要价值客户"  # default: above the mean score
    seg = kh.rfm_segment(r, threshold=2)["segment"]
    assert seg["a"] == "重要价值客户"
    assert seg["c"] == "重要保持客户"  # long ago, but frequent and large
    assert seg["e"] == "重要挽留客户"  # long ago, rare, large
    assert seg["b"] == "一般发展客户"  # recent, rare, small
    assert len(kh.RFM_SEGMENTS) == 8 and list(seg.cat.categories) == list(kh.RFM_SEGMENTS.values())


def test_rfm_needs_scores():
    with pytest.raises(KhlibInputError, match="rfm_scores"):
        kh.rfm_segment(pd.DataFrame({"x": [1]}))
    with pytest.raises(KhlibInputError, match="bins"):
        kh.rfm_scores(pd.DataFrame({"recency_days": [1], "orders": [1], "sales": [1.0]}), bins=1)


def test_grade_migration_counts_new_and_lost():
    before = pd.Series(pd.Categorical(["A", "B", "C", "C"], categories=list("ABC")), index=list("wxyz"))
    after = pd.Series(pd.Categorical(["A", "A", "B", "C"], categories=list("ABC")), index=list("wxyv"))
    m = kh.grade_migration(before, after)
    assert m.loc["A", "A"] == 1 and m.loc["B", "A"] == 1 and m.loc["C", "B"] == 1
    assert m.loc["C", "流失"] == 1 and m.loc["新增", "C"] == 1
    assert int(m.to_numpy().sum()) == 5
    share = kh.grade_migration(before, after, normalize=True)
    assert share.loc["C", "流失"] == 0.5


def test_visit_workload_textbook_plan():
    w = kh.visit_workload(pd.Series(["A"] * 6 + ["B"] * 15 + ["C"] * 40))
    assert w.loc[("业务员", "拜访"), "low"] == 6 * 3 + 15 * 2 + 40
    assert w.loc[("业务员", "电话"), "low"] == 6 * 2 + 15 + 40
    assert w.loc[("业务员", "电话"), "high"] == 6 * 3 + 15 * 2 + 40
    assert w.loc[("总经理", "拜访"), "low"] == pytest.approx(0.5)
    with pytest.raises(KhlibInputError, match="E"):
        kh.visit_workload(pd.Series(["A", "E"]))
    assert kh.visit_plan("C")["per_month_low"].tolist() == [1, 1]


def test_colour_table_and_excel(tmp_path):
    g = kh.abc_grade(EXAMPLE_04)
    html = kh.style_grades(g).to_html()
    for grade in "ABC":
        assert kh.GRADE_COLORS[grade].lower() in html.lower()
    assert "81.0%" in html
    path = kh.to_excel_graded(g, tmp_path / "分级.xlsx")
    ws = load_workbook(path)["客户分级"]
    header = [c.value for c in ws[1]]
    col = header.index("grade") + 1
    for r in range(2, ws.max_row + 1):
        grade = ws.cell(row=r, column=col).value
        assert ws.cell(row=r, column=col).fill.fgColor.rgb.endswith(kh.GRADE_COLORS[grade].lstrip("#").upper())
    assert ws.freeze_panes == "A2"
    assert kh.grade_colors(["A", "D", "X"]) == [kh.GRADE_COLORS["A"], kh.GRADE_COLORS["D"], "#9E9E9E"]


def test_company_pareto_emerges(summary_2025, graded_2025):
    """Nothing planted: the heavy tail of the purchase process gives a Pareto near 80/20."""
    s = summary_2025
    g = kh.grade_summary(graded_2025)
    assert 0.10 <= g.loc["A", "customer_share"] <= 0.30
    assert g.loc["C", "customer_share"] >= 0.35
    p = kh.grade_summary(kh.pyramid_grade(s))
    top20 = p.loc[["A", "B", "C"], "value_share"].sum()
    assert 0.70 <= top20 <= 0.90


def test_plots_draw(tmp_path):
    import matplotlib.pyplot as plt

    kh.setup_notebook()
    g = kh.abc_grade(EXAMPLE_04)
    ax = kh.plot_pareto(g)
    assert len(ax.get_legend().get_texts()) == 3
    kh.plot_grade_summary(kh.grade_summary(g))
    kh.plot_pyramid(kh.grade_summary(kh.pyramid_grade(EXAMPLE_04)))
    kh.plot_migration(kh.grade_migration(g, g))
    plt.close("all")
