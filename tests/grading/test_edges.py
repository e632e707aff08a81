"""Edge cases of grading that mutation testing showed unguarded: output columns and order,
categorical grades, the id column, cut-point rules, empty grades, messages naming the right rows."""

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError

FRAME = pd.DataFrame({"cid": ["x", "y", "z", "w"], "sales": [10.0, 60.0, 25.0, 5.0], "city": list("甲乙丙丁")})


@pytest.mark.parametrize("grade_fn", [kh.abc_grade, kh.pyramid_grade])
def test_output_columns_rank_share_and_ordered_grades(grade_fn):
    g = grade_fn(FRAME, "sales", id="cid")
    assert g.index.name == "cid" and list(g.index) == ["y", "z", "x", "w"]
    assert list(g.columns[:5]) == ["sales", "rank", "share", "cum_share", "grade"]
    assert g["rank"].tolist() == [1, 2, 3, 4]
    assert g["share"].sum() == pytest.approx(1.0) and g["share"].iloc[0] == pytest.approx(0.6)
    assert g["city"].tolist() == ["乙", "丙", "甲", "丁"]  # the caller's columns are kept
    assert g["grade"].cat.ordered and (g["grade"] <= g["grade"].iloc[-1]).all()


def test_unnamed_series_and_categories_kept_when_a_grade_is_empty():
    s = pd.Series([5.0, 3.0, 2.0])
    g = kh.pyramid_grade(s)  # n = 3: A 1, B ceil(0.15) - 1 = 0, C 0, D 2
    assert "value" in g.columns
    assert list(g["grade"].cat.categories) == ["A", "B", "C", "D"]
    summ = kh.grade_summary(g, "value")
    assert summ.index.name == "grade" and list(summ.index) == ["A", "B", "C", "D"]
    assert summ.loc["B", "customers"] == 0 and np.isnan(summ.loc["B", "mean_value"])
    assert summ.loc["A", "mean_value"] == 5.0 and summ.loc["D", "mean_value"] == 2.5


def test_grade_summary_by_hand():
    g = kh.abc_grade(pd.Series([50.0, 30, 10, 6, 4], index=list("vwxyz"), name="sales"))
    summ = kh.grade_summary(g)
    assert summ["customers"].tolist() == [2, 2, 1]
    assert summ["sales"].tolist() == [80.0, 16.0, 4.0]
    assert summ["mean_value"].tolist() == [40.0, 8.0, 4.0]
    assert summ["value_share"].tolist() == pytest.approx([0.8, 0.16, 0.04])


@pytest.mark.parametrize("cuts,ok", [((0.8, 1.0), True), ((0.0, 0.9), False), ((0.8, 0.8), False),
                                     ((0.9, 0.8), False), ((0.8, 1.2), False)])
def test_cut_point_rules(cuts, ok):
    s = pd.Series([50.0, 30, 20], index=list("abc"), name="sales")
    if ok:
        assert kh.abc_grade(s, cuts=cuts)["grade"].tolist() == ["A", "A", "B"]
    else:
        with pytest.raises(KhlibInputError, match="cut points"):
            kh.abc_grade(s, cuts=cuts)


def test_zero_and_small_values_are_graded_negative_rows_named():
    s = pd.Series([1.0, 0.0, 10.0], index=list("abc"), name="sales")  # before a: 10/11 = 90.9% -> B
    assert kh.abc_grade(s)["grade"].astype(str).to_dict() == {"c": "A", "a": "B", "b": "C"}
    bad = pd.Series([5.0, 0.0, -1.0], index=list("abc"), name="sales")
    with pytest.raises(KhlibInputError) as e:
        kh.abc_grade(bad)
    assert "c (-1.0)" in str(e.value) and "b (" not in str(e.value)


def test_messages_name_the_column():
    with pytest.raises(KhlibInputError, match="'value'"):
        kh.abc_grade(pd.Series(["x", "y"]))
    with pytest.raises(KhlibInputError, match="'sales'"):
        kh.abc_grade(pd.DataFrame({"sales": ["x", "y"]}))
    with pytest.raises(KhlibInputError, match="numeric"):
        kh.abc_grade(pd.Series([True, False], name="flag"))


def test_rfm_total_is_the_sum_of_the_scores():
    t = pd.DataFrame({"recency_days": [5, 40, 300, 10], "orders": [12, 3, 1, 2], "sales": [900.0, 200.0, 50.0, 80.0]},
                     index=list("abcd"))
    sc = kh.rfm_scores(t, bins=4)
    assert (sc["rfm_total"] == sc["R"] + sc["F"] + sc["M"]).all()
    assert sc.loc["a", ["R", "F", "M", "rfm_total"]].tolist() == [4, 4, 4, 12]
    assert sc.loc["c", "rfm_code"] == "111"


@pytest.mark.parametrize("before_ids,after_ids", [
    ([120, 450, 789], ["00120", "00450", "00789"]),
    (["00120", "00450", "00789"], [120, 450, 789]),
])
def test_migration_ids_written_differently_either_way(before_ids, after_ids):
    b = kh.abc_grade(pd.Series([5.0, 3, 1], index=before_ids, name="sales"))
    a = kh.abc_grade(pd.Series([5.0, 3, 1], index=after_ids, name="sales"))
    with pytest.raises(KhlibInputError, match="3"):
        kh.grade_migration(b, a)


def test_migration_labels_and_shares():
    b = pd.Series(pd.Categorical(["A", "B", "C"], categories=list("ABC")), index=list("xyz"))
    a = pd.Series(["A", "A", "D"], index=list("xyw"))  # plain strings, a grade B lacks
    m = kh.grade_migration(b, a)
    assert list(m.index) == ["A", "B", "C", "D", "新增"] and list(m.columns) == ["A", "B", "C", "D", "流失"]
    assert m.index.name == "前一期" and m.columns.name == "后一期"
    assert m.loc["B", "A"] == 1 and m.loc["新增", "D"] == 1 and m.loc["C", "流失"] == 1
    shares = kh.grade_migration(b, a, normalize=True)
    assert shares.loc["A", "A"] == 1.0 and shares.loc["B", "A"] == 1.0
    only_new = kh.grade_migration(pd.Series(["A"], index=["x"]), pd.Series(["A", "B"], index=["x", "q"]),
                                  normalize=True)
    assert only_new.loc["新增", "B"] == 1.0


def test_migration_keeps_empty_and_unsorted_grades():
    order = ["重点", "主要", "普通"]  # not alphabetical; 主要 is empty in both periods
    b = pd.Series(pd.Categorical(["重点", "普通"], categories=order), index=["x", "y"])
    a = pd.Series(pd.Categorical(["普通", "重点"], categories=order), index=["x", "y"])
    m = kh.grade_migration(b, a)
    assert list(m.index) == [*order, "新增"] and list(m.columns) == [*order, "流失"]
    assert m.loc["主要"].sum() == 0 and m["主要"].sum() == 0 and m.loc["重点", "普通"] == 1
    plain = pd.Series(["重点", "普通"], index=["x", "y"])
    assert "主要" in kh.grade_migration(plain, a).columns  # the later period's empty grade still shows
