"""Chapter 08: two churn rules (no order for a span; BG/NBD P(alive) below a threshold) checked
on a holdout, and Dick & Basu's loyalty types. Hand-made examples with the arithmetic in the
comments; P(alive) against the closed form written out here; the company's numbers pinned."""

import copy
import warnings

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib import ConvergenceWarning
from khlib.loyalty.churn import churn_agreement, churn_flags, compare_churn_definitions
from khlib.loyalty.types import LOYALTY_TYPES, loyalty_types

ASOF, END = "2025-06-30", "2025-12-31"


def _flags(orders, **kw):
    """churn_flags on a hand example: a handful of customers are too few for the BG/NBD fit."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return churn_flags(orders, **kw)


# ------------------------------------------------------------------ the span rule, by hand
HAND = pd.DataFrame({
    "customer_id": ["a", "a", "a", "b", "b", "c", "d"],
    "order_date": ["2025-01-01", "2025-02-01", "2025-03-01", "2025-01-10", "2025-01-20", "2025-04-20",
                   "2025-07-15"],  # d's first order is after asof: d is not judged
    "amount": [10.0, 20.0, 30.0, 5.0, 5.0, 8.0, 9.0],
})


def test_recency_and_the_span_rule_by_hand():
    f = _flags(HAND, asof=ASOF, span_days=121)
    # a: last 2025-03-01 -> 30 (rest of March) + 30 + 31 + 30 = 121 days to 2025-06-30
    # b: last 2025-01-20 -> 11 + 28 + 31 + 30 + 31 + 30 = 161;  c: last 2025-04-20 -> 10 + 31 + 30 = 71
    assert f.index.tolist() == ["a", "b", "c"] and f.index.name == "customer_id"
    assert f["recency_days"].tolist() == [121, 161, 71]
    assert f["churned_span"].tolist() == [True, True, False]  # exactly 121 days is "at least 121", as churn_times
    assert _flags(HAND, asof=ASOF, span_days=120)["churned_span"].tolist() == [True, True, False]
    assert list(f.columns) == ["recency_days", "p_alive", "churned_span", "churned_p_alive"]
    assert f["churned_span"].dtype == bool and f["churned_p_alive"].dtype == bool
    assert f.loc["c", "p_alive"] == 1.0  # one purchase only: BG/NBD's P(alive) is 1, never flagged
    assert (f["churned_p_alive"] == (f["p_alive"] < 0.5)).all()
    assert f.attrs == {"asof": ASOF, "span_days": 121, "threshold": 0.5, "unit": "W"}


def test_analysts_column_names():
    cn = HAND.rename(columns={"customer_id": "客户代码", "order_date": "日期", "amount": "价税合计"})
    f = _flags(cn, asof=ASOF, span_days=121, customer="客户代码", date="日期", amount="价税合计")
    pd.testing.assert_frame_equal(f, _flags(HAND, asof=ASOF, span_days=121))


# ------------------------------------------------------------------ the holdout check, by hand
#       span  p_alive  ordered in (asof, end]?
# a     T     T        no
# b     T     F        yes (2025-08-01)
# c     T     F        no  (an order on asof's day, 14:00, is not after asof)
# d     F     T        no  (its next order, 2026-01-05, is after end)
# e     F     F        yes (2025-12-31 23:00: end is a whole day)
# f     F     F        no
RULES = pd.DataFrame({"churned_span": [True, True, True, False, False, False],
                      "churned_p_alive": [True, False, False, True, False, False]},
                     index=pd.Index(list("abcdef"), name="customer_id"))
LINES = pd.DataFrame({
    "customer_id": list("abcdef") + ["b", "c", "d", "e"],
    "order_date": ["2025-01-10"] * 6 + ["2025-08-01", "2025-06-30 14:00", "2026-01-05", "2025-12-31 23:00"],
    "amount": [1.0] * 10,
})


def test_precision_and_recall_by_hand():
    t = compare_churn_definitions(RULES, LINES, asof=ASOF, end=END)
    # lost (no order in the holdout): a, c, d, f = 4 of 6; returned: b, e
    assert t.index.name == "rule" and (t["customers"] == 6).all() and (t["not_returned"] == 4).all()
    assert list(t.columns) == ["customers", "not_returned", "flagged", "flagged_returned", "not_flagged_lost",
                               "precision", "recall", "accuracy"]
    expected = {  # flagged, flagged_returned, not_flagged_lost, precision, recall, accuracy
        # span flags a, b, c: b returned (false alarm); d, f lost unflagged (misses); hits a, c
        # precision 2/3, recall 2/4, right: a, c (flag, lost) + e (no flag, returned) = 3/6
        "休眠：超过期限无订单": (3, 1, 2, 2 / 3, 2 / 4, 3 / 6),
        # P(alive) flags a, d: both lost; misses c, f; right: a, d + b, e = 4/6
        "P(alive) 低于阈值": (2, 0, 2, 1.0, 2 / 4, 4 / 6),
        # both: a only -> 1 hit of 4 lost; right: a + b, e = 3/6
        "两种都判流失": (1, 0, 3, 1.0, 1 / 4, 3 / 6),
        # either: a, b, c, d -> b returned; hits a, c, d; miss f; right: a, c, d + e = 4/6
        "至少一种判流失": (4, 1, 1, 3 / 4, 3 / 4, 4 / 6),
        # span only: b, c -> b returned, c lost; right: c + e = 2/6
        "只有休眠规则判流失": (2, 1, 3, 1 / 2, 1 / 4, 2 / 6),
        # P(alive) only: d, lost; right: d + b, e = 3/6
        "只有 P(alive) 判流失": (1, 0, 3, 1.0, 1 / 4, 3 / 6),
    }
    assert t.index.tolist() == list(expected)
    for rule, (flagged, false_alarms, misses, precision, recall, accuracy) in expected.items():
        row = t.loc[rule]
        assert (row["flagged"], row["flagged_returned"], row["not_flagged_lost"]) == (flagged, false_alarms, misses), rule
        assert row[["precision", "recall", "accuracy"]].tolist() == pytest.approx([precision, recall, accuracy]), rule


def test_agreement_crosstab_by_hand():
    t = churn_agreement(RULES)
    # span × P(alive): both a; span only b, c; P(alive) only d; neither e, f
    assert t.index.tolist() == ["流失", "未流失", "合计"] and t.columns.tolist() == ["流失", "未流失", "合计"]
    assert t.to_numpy().tolist() == [[1, 2, 3], [1, 2, 3], [2, 4, 6]]
    assert (t.index.name, t.columns.name) == ("休眠规则", "P(alive) 规则")


def test_labels_come_from_the_flags_and_other_rules_are_compared_too():
    f = _flags(HAND, asof=ASOF, span_days=90, threshold=0.3)
    lines = pd.concat([HAND, pd.DataFrame({"customer_id": ["a"], "order_date": [END], "amount": [1.0]})])
    t = compare_churn_definitions(f.assign(churned_90=f["recency_days"] > 90), lines, asof=ASOF, end=END)
    assert t.index.tolist()[:3] == ["休眠：超过 90 天无订单", "P(alive) < 0.3", "churned_90"]  # column order
    # a returned (2025-12-31), b and c did not; the span rule flags a (121 > 90) and b (161)
    assert t.loc["休眠：超过 90 天无订单", ["flagged", "flagged_returned", "not_flagged_lost"]].tolist() == [2, 1, 1]
    only = compare_churn_definitions(f[["churned_span"]], lines, asof=ASOF, end=END)
    assert only.index.tolist() == ["休眠：超过 90 天无订单"]  # one rule: no combinations


def test_incomplete_holdout_warns():
    lines = LINES[LINES["order_date"] < "2025-12"]
    with pytest.warns(kh.KhlibWarning, match="incomplete"):
        compare_churn_definitions(RULES, lines, asof=ASOF, end=END)


# ------------------------------------------------------------------ P(alive) against the closed form
@pytest.fixture(scope="module")
def company(orders):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the company's fit converges: no warning at all
        return churn_flags(orders, asof=ASOF, span_days=180, threshold=0.5)


def test_p_alive_is_the_bgnbd_closed_form(orders, company):
    s = kh.btyd_summary(orders, calibration_end=ASOF)  # weeks, as chapter 01
    bg = kh.value.BetaGeoModel().fit(s)
    assert bg.result.converged
    r, alpha, a, b = bg.params[["r", "alpha", "a", "b"]]
    x, tx, T = s["frequency"].to_numpy(float), s["recency"].to_numpy(float), s["T"].to_numpy(float)
    # P(alive) = 1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x))  (FHL 2005)
    odds = np.where(x > 0, a / (b + np.maximum(x, 1) - 1) * ((alpha + T) / (alpha + tx)) ** (r + x), 0.0)
    expected = pd.Series(1 / (1 + odds), index=s.index).sort_index()
    assert company.index.equals(expected.index)
    np.testing.assert_allclose(company["p_alive"].to_numpy(), expected.to_numpy(), rtol=1e-12, atol=0)
    assert (company.loc[s.index[x == 0], "p_alive"] == 1.0).all()


def test_p_alive_does_not_depend_on_the_time_unit(orders, company):
    days = churn_flags(orders, asof=ASOF, unit="D")
    np.testing.assert_allclose(days["p_alive"].to_numpy(), company["p_alive"].to_numpy(), rtol=1e-7, atol=1e-12)


def test_company_numbers(orders, company):
    """Pinned: the data are pinned byte for byte and the fit lands on the optimum."""
    assert len(company) == 2636
    assert company[["churned_span", "churned_p_alive"]].sum().tolist() == [301, 154]
    t = compare_churn_definitions(company, orders, asof=ASOF, end=END)
    assert t["not_returned"].iloc[0] == 428
    assert t.iloc[:2][["flagged", "flagged_returned", "not_flagged_lost"]].to_numpy().tolist() == [[301, 66, 193],
                                                                                                   [154, 5, 279]]
    assert churn_agreement(company).to_numpy().tolist() == [[142, 159, 301], [12, 2323, 2335], [154, 2482, 2636]]


# ------------------------------------------------------------------ loyalty types
def test_quadrants_with_explicit_cuts():
    att = pd.Series([4.5, 4.0, 2.0, 3.0, 3.9], index=pd.Index(list("abcde"), name="customer_id"))
    beh = pd.Series([12, 2, 10, 1, 6], index=pd.Index(list("abcde"), name="customer_id"))
    t = loyalty_types(att, beh, attitude_cut=4, behaviour_cut=6)
    # a: 4.5 ≥ 4, 12 ≥ 6 -> 忠诚; b: 4.0 is AT the cut -> high, 2 < 6 -> 潜在忠诚
    # c: 2 < 4, 10 ≥ 6 -> 虚假忠诚; d: low, low -> 不忠诚; e: 3.9 < 4, 6 AT the cut -> high -> 虚假忠诚
    assert t["loyalty_type"].tolist() == ["忠诚", "潜在忠诚", "虚假忠诚", "不忠诚", "虚假忠诚"]
    assert t["high_attitude"].tolist() == [True, True, False, False, False]
    assert t["high_behaviour"].tolist() == [True, False, True, False, True]
    assert list(t.columns) == ["loyalty_attitude", "behaviour", "high_attitude", "high_behaviour", "loyalty_type"]
    assert t.attrs == {"attitude_cut": 4.0, "behaviour_cut": 6.0} and t.index.name == "customer_id"
    assert list(t["loyalty_type"].cat.categories) == list(LOYALTY_TYPES)


def test_quadrants_with_median_cuts_and_ties():
    att = pd.Series([1.0, 2, 3, 4, 5], index=list("abcde"))
    beh = pd.Series([5.0, 4, 3, 2, 1], index=list("abcde"))
    t = loyalty_types(att, beh)
    # medians: attitude 3, behaviour 3; ≥ the median is high, so c (3, 3) is high on both
    # a (1, 5) 虚假忠诚, b (2, 4) 虚假忠诚, c (3, 3) 忠诚, d (4, 2) 潜在忠诚, e (5, 1) 潜在忠诚
    assert t.attrs == {"attitude_cut": 3.0, "behaviour_cut": 3.0}
    assert t["loyalty_type"].tolist() == ["虚假忠诚", "虚假忠诚", "忠诚", "潜在忠诚", "潜在忠诚"]
    # even count: median of 1, 2, 3, 4 is 2.5 -> 3 and 4 high
    even = loyalty_types(pd.Series([1.0, 2, 3, 4], index=list("wxyz")), pd.Series([1.0, 1, 1, 1], index=list("wxyz")))
    assert even.attrs["attitude_cut"] == 2.5 and even["high_attitude"].tolist() == [False, False, True, True]
    assert even["high_behaviour"].all()  # every value ties at the median 1: all high


def test_alignment_is_an_inner_join_in_attitude_order():
    att = pd.Series([4.0, 2.0, 5.0], index=["c", "a", "x"])
    beh = pd.Series([1.0, 9.0, 3.0], index=["a", "c", "y"])
    t = loyalty_types(att, beh, attitude_cut=3, behaviour_cut=5)
    assert t.index.tolist() == ["c", "a"]  # x and y are in one Series only
    assert t["loyalty_type"].tolist() == ["忠诚", "不忠诚"]  # c: 4 ≥ 3, 9 ≥ 5; a: 2 < 3, 1 < 5
    with pytest.warns(kh.KhlibWarning, match="1 customer"):
        missing = loyalty_types(pd.Series([4.0, np.nan], index=["c", "a"]), beh)
    assert missing.index.tolist() == ["c"]


def test_loyalty_types_table():
    assert list(LOYALTY_TYPES) == ["忠诚", "潜在忠诚", "虚假忠诚", "不忠诚"]
    for name, (english, action) in LOYALTY_TYPES.items():
        assert "loyalty" in english and any("\u4e00" <= ch <= "\u9fff" for ch in action), name


# ------------------------------------------------------------------ errors
def test_errors_name_the_problem():
    with pytest.raises(KhlibInputError, match="before the first order"):
        churn_flags(HAND, asof="2024-12-31")
    for bad in (0, 1, 1.5, -0.1, np.nan, "0.5", True):
        with pytest.raises(KhlibInputError, match=r"threshold .*\(0, 1\)"):
            churn_flags(HAND, asof=ASOF, threshold=bad)
    with pytest.raises(KhlibInputError, match="fraction"):
        churn_flags(HAND, asof=ASOF, threshold=50)
    for bad in (0, -30, 0.5, 90.5, np.inf, True, "90"):
        with pytest.raises(KhlibInputError, match="span_days"):
            churn_flags(HAND, asof=ASOF, span_days=bad)
    with pytest.raises(KhlibInputError, match="unit"):
        churn_flags(HAND, asof=ASOF, unit="Y")
    with pytest.raises(KhlibInputError, match="must be after asof"):
        compare_churn_definitions(RULES, LINES, asof=ASOF, end=ASOF)
    with pytest.raises(KhlibInputError, match="no churned"):
        compare_churn_definitions(RULES.rename(columns=str.upper), LINES, asof=ASOF, end=END)
    with pytest.raises(KhlibInputError, match="True/False"):
        compare_churn_definitions(RULES.assign(churned_span=[1, 2, 0, 0, 0, 0]), LINES, asof=ASOF, end=END)
    stamped = RULES.copy()
    stamped.attrs = {"asof": "2025-03-31"}
    with pytest.raises(KhlibInputError, match="same day"):
        compare_churn_definitions(stamped, LINES, asof=ASOF, end=END)
    with pytest.raises(KhlibInputError, match="same data"):
        compare_churn_definitions(RULES.rename(index={"a": "zz"}), LINES, asof=ASOF, end=END)
    with pytest.raises(KhlibInputError, match="share no customer"):
        loyalty_types(pd.Series([4.0], index=["a"]), pd.Series([3.0], index=["b"]))
    with pytest.raises(KhlibInputError, match="non-numeric"):
        loyalty_types(pd.Series(["高"], index=["a"]), pd.Series([3.0], index=["a"]))
    with pytest.raises(KhlibInputError, match="duplicated"):
        loyalty_types(pd.Series([4.0, 3.0], index=["a", "a"]), pd.Series([3.0], index=["a"]))
    with pytest.raises(KhlibInputError, match="attitude_cut"):
        loyalty_types(pd.Series([4.0], index=["a"]), pd.Series([3.0], index=["a"]), attitude_cut="4")


# ------------------------------------------------------------------ inputs unchanged
def test_inputs_are_not_modified():
    hand, lines, rules = HAND.copy(), LINES.copy(), RULES.copy()
    f = _flags(hand, asof=ASOF)
    before = copy.deepcopy(f)
    compare_churn_definitions(f, lines, asof=ASOF, end=END)
    compare_churn_definitions(rules, lines, asof=ASOF, end=END)
    churn_agreement(rules)
    pd.testing.assert_frame_equal(hand, HAND)
    pd.testing.assert_frame_equal(lines, LINES)
    pd.testing.assert_frame_equal(rules, RULES)
    pd.testing.assert_frame_equal(f, before)
    assert f.attrs == before.attrs and rules.attrs == {}
    att, beh = pd.Series([4.0, np.nan, 2.0], index=list("abc")), pd.Series([1.0, 2.0, 3.0], index=list("cba"))
    att0, beh0 = att.copy(), beh.copy()
    with pytest.warns(kh.KhlibWarning):
        loyalty_types(att, beh)
    pd.testing.assert_series_equal(att, att0)
    pd.testing.assert_series_equal(beh, beh0)
