"""Concentration: Gini against closed forms (deterministic quantile samples), Lorenz / Pareto
curves, top shares and the whale curve by hand."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from khlib import KhlibInputError
from khlib.selection import gini, lorenz_curve, top_share, whale_curve, whale_summary

N = 1_000_000
U = (np.arange(1, N + 1) - 0.5) / N  # quantile points of a large population


@pytest.mark.parametrize("alpha", [1.5, 2.0, 3.0])
def test_gini_of_a_pareto_distribution(alpha):
    x = (1 - U) ** (-1 / alpha)  # Pareto with index alpha, x_min = 1
    # the sample's upper tail is cut at the last quantile: for alpha 1.5 the tail is heavy and
    # converges slowly (error ~ N^(1 - 2/alpha)); 1/(2 alpha - 1) = 0.5, 1/3, 0.2
    tol = {1.5: 3e-3, 2.0: 1e-3, 3.0: 1e-4}[alpha]  # measured errors: 0.0024, 0.0002, 0.00001
    assert gini(pd.Series(x)) == pytest.approx(1 / (2 * alpha - 1), abs=tol)


def test_gini_of_uniform_exponential_and_lognormal():
    assert gini(pd.Series(U)) == pytest.approx(1 / 3, abs=1e-6)
    assert gini(pd.Series(-np.log(1 - U))) == pytest.approx(0.5, abs=1e-4)
    sigma = 0.85  # the company's size spread
    assert gini(pd.Series(np.exp(sigma * norm.ppf(U)))) == pytest.approx(2 * norm.cdf(sigma / np.sqrt(2)) - 1, abs=1e-4)


def test_gini_by_hand():
    assert gini(pd.Series([0, 0, 0, 1])) == 0.75  # (n - 1) / n
    assert gini(pd.Series([0, 0, 0, 1]), unbiased=True) == pytest.approx(1.0)
    assert gini(pd.Series([5.0, 5.0, 5.0])) == 0.0
    # [1, 2, 3, 4]: mean absolute difference over all 16 ordered pairs 20/16 = 1.25; G = 1.25 / (2 x 2.5) = 0.25
    assert gini(pd.Series([4, 1, 3, 2])) == pytest.approx(0.25)
    assert gini(pd.Series([4, 1, 3, 2]) * 1000) == pytest.approx(0.25)


@pytest.mark.parametrize("bad, words", [
    (pd.Series([1.0, np.nan]), "missing"), (pd.Series([], dtype=float), "no values"),
    (pd.Series([3.0, -1.0]), "whale curve"), (pd.Series([0.0, 0.0]), "0"),
])
def test_gini_refuses_what_it_cannot_measure(bad, words):
    with pytest.raises(KhlibInputError, match=words):
        gini(bad)


def test_lorenz_and_pareto_curves_by_hand():
    v = pd.Series([10.0, 60.0, 30.0])
    assert lorenz_curve(v)["value_share"].tolist() == [0.0, 0.6, 0.9, 1.0]
    assert lorenz_curve(v, descending=False)["value_share"].round(12).tolist() == [0.0, 0.1, 0.4, 1.0]
    assert lorenz_curve(v)["customer_share"].round(12).tolist() == [0.0, 0.333333333333, 0.666666666667, 1.0]


def test_top_share_interpolates_between_customers():
    v = pd.Series([50.0, 30.0, 10.0, 5.0, 5.0])
    assert top_share(v, 0.2) == 0.5  # exactly the first customer
    assert top_share(v, 0.3) == pytest.approx(0.65)  # the first plus half of the second (30 / 2 = 15)
    assert top_share(v, 1.0) == 1.0 and top_share(v, 0.0) == 0.0
    with pytest.raises(KhlibInputError):
        top_share(v, 1.5)


def test_whale_curve_by_hand():
    profit = pd.Series({"a": 50.0, "b": 30.0, "c": 20.0, "d": -10.0, "e": -20.0})
    w = whale_curve(profit.sample(frac=1, random_state=3))  # input order does not matter
    # sorted 50, 30, 20, -10, -20: cumulative 50, 80, 100, 90, 70 of a total of 70
    assert w.index.tolist() == ["a", "b", "c", "d", "e"]
    assert w["cumulative_share"].round(6).tolist() == [0.714286, 1.142857, 1.428571, 1.285714, 1.0]
    s = whale_summary(profit)
    assert s.peak_share == pytest.approx(100 / 70)
    assert (s.customers_at_peak, s.unprofitable, s.loss_total) == (3, 2, -30.0)
    assert s.unprofitable_share == 0.4 and s.customers_at_peak_share == 0.6
    assert s.top20_share == pytest.approx(50 / 70)  # the top 20% is the first customer
    assert whale_summary(profit * 3).peak_share == pytest.approx(s.peak_share)  # scale free


def test_whale_curve_refuses_a_non_positive_total():
    with pytest.raises(KhlibInputError, match="not positive"):
        whale_curve(pd.Series([10.0, -10.0]))


def test_inputs_not_modified_and_a_million_customers_are_fast():
    import time

    rng = np.random.default_rng(0)
    profit = pd.Series(rng.normal(100, 400, N), index=[f"C{i}" for i in range(N)])
    before = profit.copy()
    t = time.perf_counter()
    whale_summary(profit)
    took = time.perf_counter() - t
    pd.testing.assert_series_equal(profit, before)
    assert took < 2.0  # about 0.25 s here
