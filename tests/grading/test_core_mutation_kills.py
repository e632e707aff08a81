"""ABC, pyramid, RFM and grade summaries at their edges, pinned by hand (gaps found by mutation
testing of khlib/grading/core.py, issue 11)."""

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.grading import abc_grade, grade_summary, pyramid_grade, rfm_scores


def test_abc_on_shares_below_one_and_a_single_customer():
    s = pd.Series({"a": 0.3, "b": 0.1, "c": 0.05, "d": 0.05})  # a total of 0.5 is a valid total
    g = abc_grade(s)
    # before-shares 0, .6, .8, .9: A, A, B, B
    assert g["grade"].astype(str).tolist() == ["A", "A", "B", "B"]
    assert list(g["grade"].cat.categories) == ["A", "B", "C"]  # C is a grade even when nobody has it
    one = abc_grade(pd.Series({"x": 5.0}))
    assert one["grade"].astype(str).tolist() == ["A"]
    with pytest.raises(KhlibInputError):
        abc_grade(pd.Series([], dtype=float))


def test_long_table_with_an_id_column_keeps_the_id_as_index_name():
    t = pd.DataFrame({"客户": ["x", "y", "z"], "金额": [50.0, 30.0, 20.0]})
    g = abc_grade(t, "金额", id="客户")
    assert g.index.name == "客户" and g.index.tolist() == ["x", "y", "z"]


def test_pyramid_small_positive_and_zero_sales():
    # 100 customers: one with 0.5 (tiny but positive), one with 0: only the 0 is forced into the
    # last layer; the pyramid ranks the others (top 1% A, 5% B, 20% C, rest D)
    v = pd.Series(np.r_[np.arange(98, 0, -1) * 10.0, 0.5, 0.0], index=[f"c{i:03d}" for i in range(100)])
    p = pyramid_grade(v)
    assert p.loc["c000", "grade"] == "A" and p.loc["c001", "grade"] == "B"
    assert p.loc["c099", "grade"] == "D" and p.loc["c098", "grade"] == "D"
    top = pyramid_grade(pd.Series({"a": 0.5, "b": 0.0}))
    assert top.loc["a", "grade"] == "A" and top.loc["b", "grade"] == "D"
    with pytest.raises(KhlibInputError):
        pyramid_grade(pd.Series({"a": 0.0, "b": 0.0}))
    assert pyramid_grade(pd.Series({"a": 0.4, "b": 0.3}))["grade"].astype(str).tolist()[0] == "A"  # total 0.7


def test_grade_summary_of_an_empty_grade():
    s = grade_summary(abc_grade(pd.Series({"a": 90.0, "b": 10.0})), "value")
    assert s.loc["C", "customers"] == 0 and np.isnan(s.loc["C", "mean_value"])


def test_rfm_with_two_bins():
    summ = pd.DataFrame({"recency_days": [1, 50, 100, 200], "orders": [9, 5, 2, 1], "sales": [900.0, 500.0, 200.0, 100.0]},
                        index=list("abcd"))
    sc = rfm_scores(summ, bins=2)
    assert sc["R"].tolist() == [2, 2, 1, 1] and sc["F"].tolist() == [2, 2, 1, 1]
    with pytest.raises(KhlibInputError):
        rfm_scores(summ, bins=1)


def test_pyramid_never_lifts_a_customer_without_purchases():
    """Second mutation run (issue 11): 100 customers, 3 with sales. The top 1% is the largest
    (A); the top 5% less A would hold 4 customers but only 2 bought: no zero-sales customer is B
    or C — all 97 are D (by hand)."""
    s = pd.Series([500.0, 300.0, 200.0] + [0.0] * 97, index=[f"c{i:03d}" for i in range(100)], name="sales")
    g = pyramid_grade(s)
    assert g["grade"].value_counts(sort=False).to_dict() == {"A": 1, "B": 2, "C": 0, "D": 97}
