"""Property tests (hypothesis) of grading: the invariants hold for any customer base, not only
for the course data."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import khlib as kh
from khlib import KhlibInputError

amounts = st.lists(st.one_of(st.just(0.0), st.floats(0.01, 1e7, allow_nan=False)), min_size=1, max_size=60)
SETTINGS = settings(max_examples=150, deadline=None)


def _series(values):
    return pd.Series(values, index=[f"c{i:03d}" for i in range(len(values))], name="sales", dtype=float)


def _rank(grades: pd.Series) -> np.ndarray:
    return grades.cat.codes.to_numpy()


@SETTINGS
@given(amounts, st.tuples(st.floats(0.05, 0.9), st.floats(0.05, 0.99)))
def test_abc_shares_sum_to_one_and_grades_follow_spend(values, cuts):
    s = _series(values)
    lo, hi = sorted(cuts)
    if hi - lo < 1e-3 or s.sum() <= 0:
        return
    g = kh.abc_grade(s, cuts=(lo, hi))
    summ = kh.grade_summary(g)
    assert summ["customer_share"].sum() == pytest.approx(1.0)
    assert summ["value_share"].sum() == pytest.approx(1.0)
    assert summ["customers"].sum() == len(s)
    v = g["sales"].to_numpy()
    r = _rank(g["grade"])
    # more spend never means a lower grade (A < B < C in code order)
    assert all(r[i] <= r[j] for i in range(len(v)) for j in range(len(v)) if v[i] > v[j])
    # A is the smallest top set reaching the first cut
    a = g[g["grade"] == "A"]
    assert a["sales"].sum() / s.sum() >= lo - 1e-9
    assert (a["sales"].sum() - a["sales"].iloc[-1]) / s.sum() < lo + 1e-9


@SETTINGS
@given(amounts, st.randoms(use_true_random=False))
def test_grades_do_not_depend_on_row_order(values, rnd):
    s = _series(values)
    if s.sum() <= 0:
        return
    shuffled = s.sample(frac=1.0, random_state=rnd.randint(0, 10_000))
    for f in (kh.abc_grade, kh.pyramid_grade):
        a, b = f(s)["grade"], f(shuffled)["grade"]
        tied = s.duplicated(keep=False)  # ties may swap places, their values may not
        pd.testing.assert_series_equal(a[~tied.reindex(a.index).to_numpy()].sort_index(),
                                       b[~tied.reindex(b.index).to_numpy()].sort_index())


@SETTINGS
@given(amounts)
def test_pyramid_sizes_and_zero_buyers(values):
    s = _series(values)
    if s.sum() <= 0:
        with pytest.raises(KhlibInputError, match="0"):
            kh.pyramid_grade(s)
        return
    g = kh.pyramid_grade(s)
    n = len(s)
    counts = g["grade"].value_counts().reindex(list("ABCD"), fill_value=0)
    pos = int((s > 0).sum())
    expected_top = [math.ceil(p * n - 1e-9) for p in (0.01, 0.05, 0.20)]
    assert counts["A"] == min(expected_top[0], pos)
    assert counts[["A", "B", "C"]].sum() <= expected_top[2]
    assert (g.loc[g["sales"] == 0, "grade"] == "D").all()
    r = _rank(g["grade"])
    v = g["sales"].to_numpy()
    assert all(r[i] <= r[j] for i in range(n) for j in range(n) if v[i] > v[j])
    assert kh.grade_summary(g)["value_share"].sum() == pytest.approx(1.0)


ids = st.sets(st.integers(0, 40), max_size=25)


@SETTINGS
@given(ids, ids, st.data())
def test_migration_counts_add_up_to_both_periods(before_ids, after_ids, data):
    def graded(idset):
        vals = data.draw(st.lists(st.floats(0.1, 1e5), min_size=len(idset), max_size=len(idset)))
        s = pd.Series(vals, index=[f"c{i:02d}" for i in sorted(idset)], name="sales", dtype=float)
        return kh.abc_grade(s) if len(s) else pd.DataFrame({"grade": pd.Categorical([], categories=list("ABC"))})

    if not before_ids or not after_ids:
        return
    b, a = graded(before_ids), graded(after_ids)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", kh.KhlibWarning)  # disjoint periods warn; counts still add up
        m = kh.grade_migration(b, a)
    before_counts = b["grade"].value_counts()
    after_counts = a["grade"].value_counts()
    for g in "ABC":
        assert m.loc[g].sum() == before_counts.get(g, 0)
        assert m[g].sum() == after_counts.get(g, 0)
    assert m.loc["新增"].sum() == len(set(a.index) - set(b.index))
    assert m["流失"].sum() == len(set(b.index) - set(a.index))
    assert m.to_numpy().sum() == len(set(a.index) | set(b.index))


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 50), st.floats(1, 1e5)), min_size=2, max_size=50),
       st.integers(2, 7))
def test_rfm_scores_are_in_range_and_monotone(rows, bins):
    t = pd.DataFrame(rows, columns=["recency_days", "orders", "sales"], index=[f"c{i}" for i in range(len(rows))])
    sc = kh.rfm_scores(t, bins=bins)
    for k, col, better in (("R", "recency_days", -1), ("F", "orders", 1), ("M", "sales", 1)):
        assert sc[k].between(1, bins).all()
        v = better * t[col].to_numpy()
        r = sc[k].to_numpy()
        assert all(r[i] >= r[j] for i in range(len(v)) for j in range(len(v)) if v[i] > v[j])
    seg = kh.rfm_segment(sc)
    assert seg["segment"].notna().all()


def test_migration_with_ids_of_different_types_is_an_error():
    b = kh.abc_grade(pd.Series([5.0, 3, 1], index=[123, 456, 789], name="sales"))
    a = kh.abc_grade(pd.Series([5.0, 3, 1], index=["00123", "00456", "00789"], name="sales"))
    with pytest.raises(KhlibInputError, match="写法不同"):
        kh.grade_migration(b, a)
    other = kh.abc_grade(pd.Series([5.0, 3], index=["x1", "x2"], name="sales"))
    with pytest.warns(kh.KhlibWarning, match="No customer appears in both periods"):
        kh.grade_migration(b, other)


def test_pyramid_never_makes_a_non_buyer_vip():
    g = kh.pyramid_grade(pd.Series([0.0, 0.0, 0.0, 5.0], index=list("abcd"), name="sales"))
    assert g["grade"].astype(str).to_dict() == {"d": "A", "a": "D", "b": "D", "c": "D"}
    with pytest.raises(KhlibInputError, match="Every value is 0"):
        kh.pyramid_grade(pd.Series([0.0, 0.0], index=list("ab"), name="sales"))
