"""Chapter 01 客户价值, never a silent wrong number (issue 11): every CLV formula and every BTYD
prediction refuses negative, NaN, infinite or inconsistent inputs with a bilingual error that
names the argument, the offending customers (or positions) and what was expected."""

import re

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib import value as v
from khlib.value import FitResult


def _raises(call, *patterns):
    """``call()`` fails with a Chinese line, then an English line matching every pattern."""
    with pytest.raises(KhlibInputError) as caught:
        call()
    zh, en = str(caught.value).split("\n")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh
    for p in patterns:
        assert re.search(p, en), f"{p!r} not in {en!r}"
    return zh, en


@pytest.fixture(scope="module")
def fits(cdnow_summary):
    return v.BetaGeoModel().fit(cdnow_summary), v.GammaGammaModel().fit(cdnow_summary)


@pytest.fixture
def cd(cdnow_summary):
    """A copy of the first 50 CDNOW customers, free to change."""
    return cdnow_summary.iloc[:50].copy()


def _given(cls, values):
    m = cls()
    m.result = FitResult(pd.Series(values, index=m.names), pd.Series(np.nan, index=m.names), 0.0, 0, True, "given")
    return m


# ---------------------------------------------------------------- rates, money, counts in clv.py
@pytest.mark.parametrize("call,patterns", [
    # 10 meant as 10%: the 9.80
    (lambda: v.discounted_clv(100, 0.8, 10), [r"^discount is a rate", r"\[0, 1\)", r"got 10;", r"10 → 0\.1\)"]),
    (lambda: v.discounted_clv(100, 80, 0.1), [r"^retention is a rate", r"80 → 0\.8\)"]),
    (lambda: v.discounted_clv(100, 0.8, -0.1), [r"^discount", r"got -0\.1\.$"]),
    (lambda: v.discounted_clv(100, 1.0, 0.1), [r"^retention", r"got 1;"]),
    (lambda: v.discounted_clv(100, float("nan"), 0.1), [r"^retention", r"got nan"]),
    (lambda: v.discounted_clv(100, 0.9, float("inf")), [r"^discount", r"got inf"]),
    (lambda: v.simple_clv(100, 10), [r"^churn is a rate", r"\(0, 1\)", r"10 → 0\.1\)"]),
    (lambda: v.simple_clv(100, 0), [r"^churn", r"\(0, 1\)", r"got 0\."]),
    (lambda: v.expected_lifetime(1.2), [r"^churn", r"1\.2 → 0\.012"]),
    (lambda: v.retention_programme(100, 0.1, 75, new_churn=5, programme_cost=20), [r"^new_churn", r"5 → 0\.05"]),
    (lambda: v.retention_programme(100, 10, 75, new_churn=0.05, programme_cost=20), [r"^churn", r"10 → 0\.1"]),
    (lambda: v.survival_table(float("nan")), [r"^churn", r"nan"]),
    (lambda: v.clv_table(100, 0.9, 8), [r"^discount", r"8 → 0\.08"]),
    (lambda: v.clv_table(100, 90, 0.08), [r"^retention", r"90 → 0\.9"]),
    (lambda: v.clv_by_retention(100, [0.5, 70, 0.9], 0.1), [r"^retentions", r"position\(s\) 1 \(70\.0\)", r"70 → 0\.7"]),
    (lambda: v.clv_by_retention(100, [0.5, 0.7], 12), [r"^discount", r"12 → 0\.12"]),
    (lambda: v.break_even_programme_cost(100, 10, 0.05), [r"^churn", r"10 → 0\.1"]),
    (lambda: v.break_even_programme_cost(100, 0.1, 5), [r"^new_churn", r"5 → 0\.05"]),
    (lambda: v.break_even_programme_cost(100, 0.1, 0.05, 8), [r"^discount", r"8 → 0\.08"]),
    (lambda: v.retention_uplift(100, 90, 0.05, 0.1), [r"^retention", r"90 → 0\.9"]),
    (lambda: v.retention_uplift(100, 0.9, 5, 0.1), [r"^points is a rate", r"5 → 0\.05"]),
    (lambda: v.retention_uplift(100, 0.9, 0.2, 0.1), [r"^retention \+ points = 1\.1 must be in \[0, 1\)"]),
    (lambda: v.retention_uplift(100, 0.1, -0.2, 0.1), [r"^retention \+ points = -0\.1"]),
    (lambda: v.retention_uplift(100, 0.9, 0.05, 10), [r"^discount", r"10 → 0\.1"]),
])
def test_every_rate_in_clv_is_a_fraction(call, patterns):
    _raises(call, *patterns)


@pytest.mark.parametrize("call,name", [
    (lambda: v.simple_clv(float("nan"), 0.1), "annual_profit"),
    (lambda: v.simple_clv(100, 0.1, float("inf")), "acquisition_cost"),
    (lambda: v.simple_clv(100, 0.1, 75, float("nan")), "retention_cost"),
    (lambda: v.retention_programme(100, 0.1, 75, 0.05, float("nan")), "programme_cost"),
    (lambda: v.retention_programme(float("inf"), 0.1, 75, 0.05, 20), "annual_profit"),
    (lambda: v.discounted_clv(float("nan"), 0.9, 0.1), "margin"),
    (lambda: v.discounted_clv(100, 0.9, 0.1, acquisition_cost=float("nan")), "acquisition_cost"),
    (lambda: v.clv_table(float("nan"), 0.9, 0.1), "margin"),
    (lambda: v.clv_by_retention(float("nan"), [0.5], 0.1), "margin"),
    (lambda: v.break_even_programme_cost(float("inf"), 0.1, 0.05), "margin"),
    (lambda: v.retention_uplift(100, 0.9, float("nan"), 0.1), "points"),
    (lambda: v.simple_clv("lots", 0.1), "annual_profit"),
])
def test_nan_money_never_reaches_a_total(call, name):
    _raises(call, rf"^{name} must be a (finite amount|number)")


@pytest.mark.parametrize("call,name", [
    (lambda: v.survival_table(0.1, years=0), "years"),
    (lambda: v.survival_table(0.1, years=2.5), "years"),
    (lambda: v.clv_table(100, 0.9, 0.1, years=-1), "years"),
])
def test_years_are_whole_and_positive(call, name):
    _raises(call, rf"^{name} must be a whole number >= 1")


def test_whole_floats_count_and_text_is_not_a_rate():
    assert len(v.survival_table(0.1, years=3.0)) == 3
    _raises(lambda: v.discounted_clv(100, "high", 0.1), r"^retention must be a number \(a rate\), got 'high'")
    _raises(lambda: v.discounted_clv(100, 0.9, 0.1, timing="middle"), r"^timing must be one of")


def test_relative_uplift_of_a_zero_clv_is_undefined():
    _raises(lambda: v.retention_uplift(0, 0.9, 0.05, 0.1), "relative change is undefined")
    _raises(lambda: v.retention_uplift(100, 0.0, 0.05, 0.1, timing="end_retained"), "undefined")
    assert v.retention_uplift(100, 0.95, -0.05, 0.1) == pytest.approx(0.15 / 0.2 - 1)  # retention falls


# ---------------------------------------------------------------- BG/NBD and Gamma-Gamma predictions
def _btyd(cd, **change):
    """frequency, recency, T of ``cd`` with the values of ``change`` (column -> {customer: value})."""
    out = {c: cd[c].astype(float).copy() for c in ("frequency", "recency", "T", "monetary_value")}
    for col, cells in change.items():
        for cust, val in cells.items():
            out[col][cust] = val
    return out


BAD_CUSTOMERS = [  # (column, value, expected wording)
    ("frequency", -1.0, r"frequency has 1 invalid value\(s\) \(expected whole numbers >= 0"),
    ("frequency", 1.5, r"frequency has 1 invalid value\(s\) \(expected whole numbers >= 0"),
    ("frequency", np.nan, r"frequency has 1 invalid value"),
    ("recency", -0.5, r"recency has 1 invalid value\(s\) \(expected finite numbers >= 0\)"),
    ("recency", np.nan, r"recency has 1 invalid value"),
    ("recency", 99.0, r"recency has 1 invalid value\(s\) \(expected numbers <= T"),
    ("T", np.inf, r"T has 1 invalid value\(s\) \(expected finite numbers >= 0 \(customer age\)"),
    ("T", -1.0, r"T has 1 invalid value"),
]


@pytest.mark.parametrize("col,val,wording", BAD_CUSTOMERS)
@pytest.mark.parametrize("method", ["expected_purchases", "probability_alive"])
def test_bgnbd_predictions_name_the_customer(fits, cd, method, col, val, wording):
    bg = fits[0]
    d = _btyd(cd, **{col: {"0005": val}})
    args = (d["frequency"], d["recency"], d["T"])
    call = (lambda: bg.expected_purchases(39, *args)) if method == "expected_purchases" else \
        (lambda: bg.probability_alive(*args))
    zh, en = _raises(call, wording, r"customer\(s\) 0005 \(")
    assert "客户 0005" in zh


def test_positions_when_no_customer_ids_are_given(fits):
    bg = fits[0]
    _raises(lambda: bg.expected_purchases(39, [1, 2, -3], [1, 1, 1], [2, 2, 2]),
            r"^frequency has 1 invalid", r"position\(s\) 2 \(-3\.0\)")
    zh, _ = _raises(lambda: bg.probability_alive(2, 5.0, 4.0), r"^recency", r"position\(s\) 0 \(5\.0\)")
    assert "位置 0" in zh
    _raises(lambda: bg.probability_alive([1, "x"], [1, 1], [2, 2]), r"^frequency", r"position\(s\) 1 \(nan\)")
    _raises(lambda: bg.probability_alive([1, 2, 3], [1, 1], [2, 2]), r"^The inputs differ in length")


def test_many_bad_customers_are_counted_and_shown_five(fits, cd):
    d = _btyd(cd)
    d["T"].iloc[:8] = np.nan
    _, en = _raises(lambda: fits[0].probability_alive(d["frequency"], d["recency"], d["T"]), r"^T has 8 invalid")
    assert en.count("(nan)") == 5 and "(+3)" in en


@pytest.mark.parametrize("t,wording", [(-1.0, r"^t has 1 invalid"), (np.nan, r"^t has 1"), (np.inf, r"^t has 1"),
                                       ([10, -2], r"position\(s\) 1 \(-2\.0\)")])
def test_the_forecast_period_t(fits, cd, t, wording):
    bg = fits[0]
    _raises(lambda: bg.expected_purchases(t, cd["frequency"], cd["recency"], cd["T"]), wording,
            r"expected finite numbers >= 0 \(length of the forecast period\)")
    _raises(lambda: bg.expected_repeat_purchases(t), wording)
    _raises(lambda: bg.probability_of_n_purchases(t, 2), wording)


@pytest.mark.parametrize("n", [-1, 1.5, np.nan, "two"])
def test_n_is_a_whole_number(fits, n):
    _raises(lambda: fits[0].probability_of_n_purchases(10.0, n), r"^n must be a (whole )?number")


def test_n_may_be_a_whole_float(fits):
    bg = fits[0]
    assert bg.probability_of_n_purchases(10.0, 2.0) == pytest.approx(bg.probability_of_n_purchases(10.0, 2))


@pytest.mark.parametrize("col,val,wording", [
    ("monetary_value", 0.0, r"monetary_value has 1 invalid value\(s\) \(expected > 0 where frequency > 0\)"),
    ("monetary_value", -5.0, r"monetary_value has 1 invalid value\(s\) \(expected finite numbers >= 0"),
    ("monetary_value", np.nan, r"monetary_value has 1 invalid"),
    ("frequency", 2.5, r"frequency has 1 invalid"),
])
def test_expected_spend_names_the_customer(fits, cd, col, val, wording):
    d = _btyd(cd, **{col: {"0001": val}})  # 0001 bought twice more
    _raises(lambda: fits[1].expected_spend(d["frequency"], d["monetary_value"]), wording, r"customer\(s\) 0001 ")


def test_spend_of_one_time_buyers_is_the_population_mean_whatever_their_zero(fits, cd):
    """A customer without repeat purchases has no mean repeat spend: 0 there is fine."""
    gg = fits[1]
    once = cd["frequency"] == 0
    spend = gg.expected_spend(cd["frequency"], cd["monetary_value"])
    p, q, g = gg.params
    assert np.allclose(spend[once.to_numpy()], g * p / (q - 1))


def test_gamma_gamma_with_q_at_most_one_has_no_mean_spend():
    gg = _given(v.GammaGammaModel, [2.0, 0.9, 10.0])
    _raises(lambda: gg.expected_spend([1, 2], [10.0, 20.0]), r"^Gamma-Gamma q = 0\.9 <= 1")
    _raises(lambda: _given(v.GammaGammaModel, [2.0, 1.0, 10.0]).expected_spend([1], [10.0]), r"q = 1 <= 1")


def test_an_overflow_is_an_error_not_a_nan():
    """a = 1 makes (a − 1) in FHL's formula zero: the prediction says so instead of NaN."""
    bg = _given(v.BetaGeoModel, [0.5, 4.0, 1.0, 2.0])
    _raises(lambda: bg.expected_repeat_purchases(10.0), r"^expected_repeat_purchases overflowed")
    _raises(lambda: bg.expected_purchases(10.0, 1, 1, 2), r"^expected_purchases overflowed")


# ---------------------------------------------------------------- customer_lifetime_value
@pytest.mark.parametrize("kwargs,wording", [
    ({"monthly_discount": -1}, r"^monthly_discount is a rate and must be in \[0, 1\) \(a fraction, 0\.01 = 1% a month\)"),
    ({"monthly_discount": np.nan}, r"^monthly_discount .* got nan"),
    ({"monthly_discount": 1}, r"^monthly_discount .*did you mean 1%\? Write 0\.01"),
    ({"monthly_discount": 12}, r"12 → 0\.12"),
    ({"months": 0}, r"^months must be a whole number >= 1, got 0"),
    ({"months": 1.5}, r"^months must be a whole number"),
    ({"months": np.nan}, r"^months must be a whole number"),
    ({"margin_rate": 0}, r"^margin_rate is a rate and must be in \(0, 1\] \(a fraction, 0\.3 = 30% margin\)"),
    ({"margin_rate": 30}, r"^margin_rate .*30 → 0\.3"),
    ({"margin_rate": np.nan}, r"^margin_rate"),
    ({"periods_per_month": 0}, r"^periods_per_month must be a finite number > 0"),
    ({"periods_per_month": -4.3}, r"^periods_per_month"),
    ({"periods_per_month": np.inf}, r"^periods_per_month"),
])
def test_clv_settings(fits, cd, kwargs, wording):
    _raises(lambda: v.customer_lifetime_value(*fits, cd, **kwargs), wording)


def test_clv_boundaries_are_accepted(fits, cd):
    full = v.customer_lifetime_value(*fits, cd, margin_rate=1, monthly_discount=0, months=12.0)
    assert np.isfinite(full).all() and (full >= 0).all()


@pytest.mark.parametrize("col,val,wording", [
    ("monetary_value", np.nan, r"^Column 'monetary_value' has 1 missing, infinite or negative value\(s\): customer\(s\) 0002 \(nan\)"),
    ("T", np.inf, r"^Column 'T' has 1 missing, infinite or negative value\(s\): customer\(s\) 0002 \(inf\)"),
    ("recency", -1.0, r"^Column 'recency' has 1"),
    ("monetary_value", 0.0, r"^monetary_value has 1 invalid value\(s\) \(expected > 0 where frequency > 0\): customer\(s\) 0002"),
    ("frequency", 1.5, r"^frequency has 1 invalid value\(s\) \(expected whole numbers >= 0 \(repeat purchases\)\): customer\(s\) 0002"),
    ("recency", 50.0, r"^recency has 1 invalid value\(s\) \(expected numbers <= T"),
])
def test_clv_names_the_customer_in_the_summary(fits, cd, col, val, wording):
    cd[col] = cd[col].astype(float)
    cd.loc["0002", col] = val  # 0002 bought once more
    _raises(lambda: v.customer_lifetime_value(*fits, cd), wording)


# ---------------------------------------------------------------- fits
@pytest.mark.parametrize("col,val,wording", [
    ("T", np.inf, r"^Column 'T' has 1 missing, infinite or negative value\(s\): customer\(s\) 0004 \(inf\)"),
    ("T", np.nan, r"^Column 'T' has 1 missing"),
    ("recency", 45.0, r"^recency has 1 invalid value\(s\) \(expected numbers <= T .*customer\(s\) 0004 \(45\.0\)"),
    ("frequency", 0.5, r"^frequency has 1 invalid value\(s\) .*customer\(s\) 0004 \(0\.5\)"),
    ("frequency", "three", r"^Column 'frequency' has 1 missing.*0004 \(nan\)"),
])
def test_bgnbd_fit_names_the_customer(cdnow_summary, col, val, wording):
    bad = cdnow_summary.copy()
    bad[col] = bad[col].astype(object)
    bad.loc["0004", col] = val
    _raises(lambda: v.BetaGeoModel().fit(bad), wording)


@pytest.mark.parametrize("val,wording", [
    (0.0, r"^monetary_value has 1 invalid value\(s\) \(expected > 0 where frequency > 0\): customer\(s\) 0001 \(0\.0\)"),
    (-3.0, r"^Column 'monetary_value' has 1 missing, infinite or negative value\(s\): customer\(s\) 0001 \(-3\.0\)"),
    (np.inf, r"^Column 'monetary_value' has 1 .*0001 \(inf\)"),
])
def test_gamma_gamma_fit_names_the_customer(cdnow_summary, val, wording):
    bad = cdnow_summary.copy()
    bad.loc["0001", "monetary_value"] = val
    _raises(lambda: v.GammaGammaModel().fit(bad), wording)


def test_recency_a_rounding_error_above_t_is_accepted(fits):
    bg = fits[0]
    assert bg.probability_alive(2, 10 + 1e-10, 10) == pytest.approx(bg.probability_alive(2, 10, 10))
