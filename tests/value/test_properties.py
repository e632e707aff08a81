"""Property tests (hypothesis) of chapter 01 客户价值: the CLV formulas and the BTYD predictions
keep their economic meaning for any valid input, not only for the slide's numbers and CDNOW.

Sizes: 200 examples for each closed-form CLV property (microseconds per call), 150 for the
BG/NBD and Gamma-Gamma predictions (a customer array per example), 40 for the per-customer CLV
(12 monthly predictions per example) and 25 for the fits that check immutability; the file runs
in a few seconds.
"""

import copy

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khlib import value as v
from khlib.value import FitResult

FAST = settings(max_examples=200, deadline=None)
MODEL = settings(max_examples=150, deadline=None)
SLOW = settings(max_examples=40, deadline=None)
FITS = settings(max_examples=25, deadline=None)

TIMINGS = st.sampled_from(sorted(v.CLV_TIMINGS))
margins = st.floats(0.01, 1e5)
money = st.floats(-1e5, 1e5)
rates = st.floats(0.0, 0.99)
churns = st.floats(0.001, 0.99)


def _close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


# ---------------------------------------------------------------- discounted and simple CLV
@FAST
@given(margins, rates, rates, rates, money, TIMINGS)
def test_discounted_clv_increases_with_retention(m, r1, r2, d, acq, timing):
    lo, hi = sorted((r1, r2))
    a = v.discounted_clv(m, lo, d, timing=timing, acquisition_cost=acq)
    b = v.discounted_clv(m, hi, d, timing=timing, acquisition_cost=acq)
    assert b >= a or _close(a, b)


@FAST
@given(margins, margins, rates, rates, money, TIMINGS)
def test_discounted_clv_increases_with_margin(m1, m2, r, d, acq, timing):
    lo, hi = sorted((m1, m2))
    a = v.discounted_clv(lo, r, d, timing=timing, acquisition_cost=acq)
    b = v.discounted_clv(hi, r, d, timing=timing, acquisition_cost=acq)
    assert b >= a or _close(a, b)
    if hi > lo * (1 + 1e-9) and (r > 1e-6 or timing != "end_retained"):  # a margin received at all
        assert b > a


@FAST
@given(margins, rates, rates, rates, money, TIMINGS)
def test_discounted_clv_decreases_with_discount(m, r, d1, d2, acq, timing):
    lo, hi = sorted((d1, d2))
    a = v.discounted_clv(m, r, lo, timing=timing, acquisition_cost=acq)
    b = v.discounted_clv(m, r, hi, timing=timing, acquisition_cost=acq)
    assert b <= a or _close(a, b)


@FAST
@given(margins, rates, rates, TIMINGS)
def test_the_three_timings_are_ordered_and_match_the_table(m, r, d, timing):
    """start ≥ end ≥ end_retained, each a fixed multiple of the next; the year-by-year table
    converges to the closed form."""
    start, end, kept = (v.discounted_clv(m, r, d, timing=t) for t in ("start", "end", "end_retained"))
    assert _close(start, end * (1 + d)) and _close(kept, end * r)
    table = v.clv_table(m, r, d, years=3000, timing=timing)
    assert _close(table["cumulative"].iloc[-1], v.discounted_clv(m, r, d, timing=timing), rel=1e-6)


@FAST
@given(money, churns, money, money)
def test_simple_clv_is_lifetime_times_profit_minus_acquisition(profit, churn, acq, cost):
    life = v.expected_lifetime(churn)
    assert _close(life, 1 / churn)
    assert _close(v.simple_clv(profit, churn, acq, cost), life * (profit - cost) - acq)
    assert _close(v.simple_clv(profit, churn), life * profit)


@FAST
@given(margins, churns, churns, rates, TIMINGS)
def test_break_even_cost_leaves_clv_unchanged(m, churn, new_churn, d, timing):
    c = v.break_even_programme_cost(m, churn, new_churn, d, timing=timing)
    before = v.discounted_clv(m, 1 - churn, d, timing=timing)
    after = v.discounted_clv(m - c, 1 - new_churn, d, timing=timing)
    assert _close(before, after, rel=1e-7)
    assert (c > 0) == (new_churn < churn) or _close(c, 0.0)


# ---------------------------------------------------------------- BG/NBD and Gamma-Gamma
def _bg(r, alpha, a, b):
    m = v.BetaGeoModel()
    m.result = FitResult(pd.Series([r, alpha, a, b], index=m.names), pd.Series(np.nan, index=m.names),
                         0.0, 0, True, "given")
    return m


def _gg(p, q, g):
    m = v.GammaGammaModel()
    m.result = FitResult(pd.Series([p, q, g], index=m.names), pd.Series(np.nan, index=m.names), 0.0, 0, True, "given")
    return m


bg_params = st.tuples(st.floats(0.05, 5), st.floats(0.1, 100), st.floats(0.05, 5), st.floats(0.05, 5)).filter(
    lambda p: abs(p[2] - 1) > 1e-3 and abs(p[2] + p[3] - 1) > 1e-3)  # (a − 1) and (a + b − 1) divide


@st.composite
def customers(draw, size=st.integers(1, 8)):
    """Valid per-customer BTYD values: whole frequency, 0 ≤ recency ≤ T, recency 0 without repeats."""
    n = draw(size)
    x = np.array(draw(st.lists(st.integers(0, 300), min_size=n, max_size=n)), dtype=float)
    T = np.array(draw(st.lists(st.floats(0, 300), min_size=n, max_size=n)))
    share = np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    tx = np.where(x > 0, share * T, 0.0)
    m = np.where(x > 0, np.array(draw(st.lists(st.floats(0.01, 1e4), min_size=n, max_size=n))), 0.0)
    return x, tx, T, m


@MODEL
@given(bg_params, customers(), st.floats(0, 520), st.floats(0, 520))
def test_expected_purchases_are_non_negative_and_grow_with_t(params, cust, t1, t2):
    bg = _bg(*params)
    x, tx, T, _ = cust
    lo, hi = sorted((t1, t2))
    a, b = bg.expected_purchases(lo, x, tx, T), bg.expected_purchases(hi, x, tx, T)
    assert np.isfinite(a).all() and np.isfinite(b).all()
    assert (a >= -1e-12).all()
    assert (b >= a - 1e-9 * np.maximum(1, a)).all()
    assert (bg.expected_purchases(0.0, x, tx, T) == 0).all()


@MODEL
@given(bg_params, customers())
def test_probability_alive_is_a_probability(params, cust):
    x, tx, T, _ = cust
    p = _bg(*params).probability_alive(x, tx, T)
    assert ((p >= 0) & (p <= 1)).all()
    assert (p[x == 0] == 1).all()


@MODEL
@given(bg_params, st.floats(0, 520), st.floats(0, 520))
def test_a_new_customer_expects_more_purchases_over_a_longer_time(params, t1, t2):
    bg = _bg(*params)
    lo, hi = sorted((t1, t2))
    a, b = bg.expected_repeat_purchases(lo), bg.expected_repeat_purchases(hi)
    assert 0 <= a or _close(a, 0.0)
    assert b >= a or _close(a, b)
    # a new customer is a customer with x = t_x = T = 0
    assert _close(bg.expected_purchases(hi, 0, 0, 0), b)


@MODEL
@given(st.floats(0.1, 50), st.floats(1.01, 50), st.floats(0.01, 1e4), customers())
def test_expected_spend_lies_between_population_and_customer_mean(p, q, g, cust):
    x, _, _, m = cust
    spend = _gg(p, q, g).expected_spend(x, m)
    pop = g * p / (q - 1)
    lo, hi = np.minimum(pop, m), np.maximum(pop, m)
    slack = 1e-9 * np.maximum(1, hi)
    assert ((spend >= lo - slack) & (spend <= hi + slack)).all()
    assert np.allclose(spend[x == 0], pop)


@pytest.fixture(scope="module")
def cdnow_fits(cdnow_summary):
    return v.BetaGeoModel().fit(cdnow_summary), v.GammaGammaModel().fit(cdnow_summary)


@SLOW
@given(customers(), st.floats(0.01, 1), st.floats(0.01, 1), st.integers(1, 36), st.integers(1, 36), rates)
def test_customer_lifetime_value_grows_with_margin_rate_and_months(cdnow_fits, cust, k1, k2, n1, n2, d):
    bg, gg = cdnow_fits
    x, tx, T, m = cust
    summary = pd.DataFrame({"frequency": x, "recency": tx, "T": T, "monetary_value": m},
                           index=[f"c{i}" for i in range(len(x))])
    lo, hi = sorted((k1, k2))
    few, many = sorted((n1, n2))
    base = v.customer_lifetime_value(bg, gg, summary, margin_rate=lo, months=few, monthly_discount=d)
    assert (base >= 0).all()
    more_margin = v.customer_lifetime_value(bg, gg, summary, margin_rate=hi, months=few, monthly_discount=d)
    assert (more_margin >= base).all()
    longer = v.customer_lifetime_value(bg, gg, summary, margin_rate=lo, months=many, monthly_discount=d)
    assert (longer >= base - 1e-12 * base).all()


# ---------------------------------------------------------------- no function mutates its inputs
@MODEL
@given(bg_params, customers(), st.floats(0, 100), st.booleans())
def test_predictions_leave_their_inputs_alone(params, cust, t, as_series):
    x, tx, T, m = cust
    idx = [f"c{i}" for i in range(len(x))]
    args = [pd.Series(a, index=idx) for a in (x, tx, T, m)] if as_series else [a.copy() for a in (x, tx, T, m)]
    before = copy.deepcopy(args)
    bg, gg = _bg(*params), _gg(3.0, 4.0, 10.0)
    bg.expected_purchases(t, *args[:3])
    bg.probability_alive(*args[:3])
    gg.expected_spend(args[0], args[3])
    ts = np.array([t, 2 * t])
    bg.expected_repeat_purchases(ts)
    bg.probability_of_n_purchases(ts, 2)
    for got, want in zip(args, before):
        np.testing.assert_array_equal(np.asarray(got), np.asarray(want))
        if as_series:
            pd.testing.assert_series_equal(got, want)
    np.testing.assert_array_equal(ts, [t, 2 * t])
    assert bg.params.tolist() == list(params)


@FITS
@given(st.integers(0, 2**32 - 1), st.sampled_from([300, 600]))
def test_fits_and_clv_leave_the_summary_alone(cdnow_summary, seed, n):
    sample = cdnow_summary.sample(n, random_state=seed)
    before = sample.copy(deep=True)
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a small sample may not converge: not the point here
            bg, gg = v.BetaGeoModel().fit(sample), v.GammaGammaModel().fit(sample)
    v.customer_lifetime_value(bg, gg, sample, months=3)
    pd.testing.assert_frame_equal(sample, before)


@FAST
@given(margins, st.lists(rates, min_size=1, max_size=10), rates, TIMINGS)
def test_clv_by_retention_leaves_the_grid_alone(m, grid, d, timing):
    before = list(grid)
    arr = np.array(grid)
    out = v.clv_by_retention(m, grid, d, timing=timing)
    v.clv_by_retention(m, arr, d, timing=timing)
    assert grid == before and np.array_equal(arr, before)
    assert out.sort_index()["clv"].is_monotonic_increasing
