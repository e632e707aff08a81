"""Chapter 01 客户价值: the slide's numbers, discounting, BTYD summary, BG/NBD and Gamma-Gamma."""

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib._errors import ConvergenceWarning, NotFittedError
from khlib import value as v

# ---------------------------------------------------------------- the slide


def test_slide_925_and_1525():
    assert v.expected_lifetime(0.10) == 10
    assert v.simple_clv(100, 0.10, 75) == 925
    assert v.simple_clv(100, 0.05, 75, retention_cost=20) == 1525
    t = v.retention_programme(100, 0.10, 75, new_churn=0.05, programme_cost=20)
    assert t.loc["增加", "CLV"] == 600
    assert t.loc["有保留计划", "预期寿命（年）"] == 20


def test_survival_sum_is_expected_lifetime():
    s = v.survival_table(0.10, years=400)
    assert s["cum_years"].iloc[-1] == pytest.approx(10)
    assert s["alive_end"].sum() == pytest.approx(9)  # counted from the end of year 1


@pytest.mark.parametrize("timing,closed", [("start", 600.0), ("end", 555.5556), ("end_retained", 500.0)])
def test_discounted_clv_closed_forms_match_year_by_year(timing, closed):
    assert v.discounted_clv(100, 0.9, 0.08, timing=timing) == pytest.approx(closed, rel=1e-6)
    table = v.clv_table(100, 0.9, 0.08, years=400, timing=timing)
    assert table["cumulative"].iloc[-1] == pytest.approx(closed, rel=1e-6)


def test_what_discounting_does_to_925():
    assert v.discounted_clv(100, 0.9, 0.08, acquisition_cost=75) == pytest.approx(480.56, abs=0.01)
    assert v.discounted_clv(100, 0.9, 0.12, acquisition_cost=75) == pytest.approx(379.55, abs=0.01)
    assert v.discounted_clv(100, 0.9, 0.0, acquisition_cost=75) == pytest.approx(925)  # d=0: the slide


def test_retention_economics():
    assert v.break_even_programme_cost(100, 0.10, 0.05) == pytest.approx(50)
    c = v.break_even_programme_cost(100, 0.10, 0.05, 0.10)
    assert v.discounted_clv(100 - c, 0.95, 0.10) == pytest.approx(v.discounted_clv(100, 0.90, 0.10))
    assert v.retention_uplift(100, 0.90, 0.05, 0.10) == pytest.approx(0.2 / 0.15 - 1)
    grid = v.clv_by_retention(100, [0.5, 0.7, 0.9], 0.1)
    assert grid["clv"].is_monotonic_increasing


@pytest.mark.parametrize("call,match", [
    (lambda: v.expected_lifetime(0), "churn"),
    (lambda: v.expected_lifetime(1.2), "churn"),
    (lambda: v.discounted_clv(100, 0.9, -0.1), "discount"),
    (lambda: v.discounted_clv(100, 0.9, 0.1, timing="middle"), "timing"),
    (lambda: v.discounted_clv(100, 1.0, 0.1), "retention"),
])
def test_bad_rates(call, match):
    with pytest.raises(KhlibInputError, match=match):
        call()


# ---------------------------------------------------------------- CDNOW
@pytest.fixture(scope="module")
def cdnow():
    d = kh.datasets.load_cdnow()
    return kh.btyd_summary(d, customer="customer_id", date="date", amount="amount",
                           calibration_end="1997-09-30", observation_end="1998-06-30")


def test_cdnow_summary_matches_published(cdnow):
    assert len(cdnow) == 2357 and (cdnow["frequency"] > 0).sum() == 946
    assert cdnow["frequency"].sum() == 2457 and cdnow["frequency_holdout"].sum() == 1882
    one = cdnow.loc["0001"]  # Hardie's summary file: x=2, t_x=30.43, T=38.86, zbar=22.35
    assert one["frequency"] == 2
    assert [one["recency"], one["T"], one["monetary_value"]] == pytest.approx([30.43, 38.86, 22.35], abs=0.006)
    assert cdnow["duration_holdout"].iloc[0] == 39


def test_bgnbd_reproduces_fader_hardie_lee_2005(cdnow):
    bg = v.BetaGeoModel().fit(cdnow)
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for k, val in published.items():
        assert bg.params[k] == pytest.approx(val, rel=0.01), k
    assert bg.result.log_likelihood == pytest.approx(-9582.4, abs=0.1)
    assert bg.result.converged and (bg.result.std_err > 0).all()
    assert bg.result.std_err["r"] == pytest.approx(0.0126, abs=0.001)


def test_gamma_gamma_reproduces_published(cdnow):
    gg = v.GammaGammaModel().fit(cdnow)
    for k, val in {"p": 6.25, "q": 3.74, "gamma": 15.44}.items():
        assert gg.params[k] == pytest.approx(val, rel=0.01), k
    assert gg.result.n == 946
    spend = gg.expected_spend(cdnow["frequency"], cdnow["monetary_value"])
    assert spend[cdnow["frequency"].to_numpy() == 0] == pytest.approx(15.44 * 6.25 / 2.74, rel=0.01)


def test_bgnbd_predictions_are_coherent(cdnow):
    bg = v.BetaGeoModel().fit(cdnow)
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    alive = bg.probability_alive(x, tx, T)
    assert ((alive > 0) & (alive <= 1)).all() and (alive[x.to_numpy() == 0] == 1).all()
    e39 = bg.expected_purchases(39, x, tx, T)
    assert e39.sum() == pytest.approx(1653.4, abs=0.5)  # actual holdout: 1,882 repeat purchases
    probs = sum(bg.probability_of_n_purchases(np.array([38.86]), n)[0] for n in range(200))
    assert probs == pytest.approx(1, abs=1e-6)
    # E[X(t)] equals sum n P(X(t)=n)
    mean = sum(n * bg.probability_of_n_purchases(np.array([20.0]), n)[0] for n in range(400))
    assert mean == pytest.approx(bg.expected_repeat_purchases(20.0), rel=1e-6)


def test_cross_check_against_lifetimes(cdnow):
    """A peer implementation (lifetimes, dev-only) gives the same parameters and predictions."""
    lifetimes = pytest.importorskip("lifetimes")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lb = lifetimes.BetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
        rep = cdnow[cdnow["frequency"] > 0]
        lg = lifetimes.GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
    bg, gg = v.BetaGeoModel().fit(cdnow), v.GammaGammaModel().fit(cdnow)
    np.testing.assert_allclose(bg.params.to_numpy(), lb.params_[["r", "alpha", "a", "b"]].to_numpy(), rtol=1e-5)
    np.testing.assert_allclose(gg.params.to_numpy(), lg.params_[["p", "q", "v"]].to_numpy(), rtol=1e-5)
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    np.testing.assert_allclose(bg.expected_purchases(39, x, tx, T),
                               lb.conditional_expected_number_of_purchases_up_to_time(39, x, tx, T), rtol=1e-5)
    np.testing.assert_allclose(bg.probability_alive(x, tx, T), lb.conditional_probability_alive(x, tx, T), atol=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lc = lg.customer_lifetime_value(lb, x, tx, T, cdnow["monetary_value"], time=12, discount_rate=0.01, freq="W")
    mc = v.customer_lifetime_value(bg, gg, cdnow)
    assert mc.sum() == pytest.approx(lc.sum(), rel=0.002)  # month = 4.348 vs lifetimes' 4.345 weeks


# ---------------------------------------------------------------- bad input
def test_btyd_bad_input():
    lines = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_date": ["2025-01-01", "2025-02-01", "2025-01-05"],
                          "amount": [10.0, 20.0, 5.0]})
    with pytest.raises(KhlibInputError, match="holdout"):
        kh.btyd_summary(lines, calibration_end="2025-03-01", observation_end="2025-02-01")
    with pytest.raises(KhlibInputError, match="第 1 行|index 1|non-numeric"):
        kh.btyd_summary(lines.assign(amount=[10.0, "x", 5.0]), calibration_end="2025-03-01")
    with pytest.raises(KhlibInputError, match="negative"):
        kh.btyd_summary(lines.assign(amount=[10.0, -1.0, 5.0]), calibration_end="2025-03-01")
    with pytest.raises(KhlibInputError, match="unparsable"):
        kh.btyd_summary(lines.assign(order_date=["2025-01-01", "soon", "2025-01-05"]), calibration_end="2025-03-01")
    with pytest.raises(KhlibInputError, match="missing"):
        kh.btyd_summary(lines.assign(amount=[10.0, None, 5.0]), calibration_end="2025-03-01")
    with pytest.raises(KhlibInputError, match="unit"):
        kh.btyd_summary(lines, calibration_end="2025-03-01", unit="Y")
    with pytest.warns(UserWarning, match="holdout may be incomplete"):
        kh.btyd_summary(lines, calibration_end="2025-01-15", observation_end="2025-12-31")


def test_models_refuse_what_they_cannot_estimate():
    once = pd.DataFrame({"frequency": [0, 0, 0], "recency": [0.0, 0, 0], "T": [10.0, 12, 8],
                         "monetary_value": [0.0, 0, 0]})
    with pytest.raises(KhlibInputError, match="only once"):
        v.BetaGeoModel().fit(once)
    with pytest.raises(KhlibInputError, match="Fewer than 3"):
        v.GammaGammaModel().fit(once)
    with pytest.raises(NotFittedError, match="BG/NBD 模型还没有拟合(.|\n)*not fitted"):
        v.BetaGeoModel().probability_alive([1], [1], [2])
    with pytest.raises(NotFittedError, match="Gamma-Gamma"):
        v.GammaGammaModel().expected_spend([1], [10.0])
    with pytest.raises(KhlibInputError, match="btyd_summary"):
        v.BetaGeoModel().fit(pd.DataFrame({"x": [1]}))


def test_non_convergence_warns():
    # everyone buys every period and never stops: the dropout probability runs to zero
    never_stop = pd.DataFrame({"frequency": [10.0] * 50, "recency": [10.0] * 50, "T": [10.0] * 50})
    with pytest.warns(ConvergenceWarning, match="BG/NBD：最大似然估计没有收敛") as caught:
        m = v.BetaGeoModel().fit(never_stop)
    assert not m.result.converged
    zh, en = str(caught[0].message).split("\n")  # Chinese first, then English
    assert "不可靠" in zh and "did not converge" in en and "unreliable" in en
    assert caught[0].filename == __file__  # points at the caller's line


def test_gamma_gamma_is_unit_free(cdnow):
    """Spend in cents or in 10,000s: p and q unchanged, gamma scales, no convergence warning."""
    import warnings

    base = v.GammaGammaModel().fit(cdnow).params
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        big = v.GammaGammaModel().fit(cdnow.assign(monetary_value=cdnow["monetary_value"] * 1e4)).params
    assert big["p"] == pytest.approx(base["p"], rel=1e-3) and big["q"] == pytest.approx(base["q"], rel=1e-3)
    assert big["gamma"] == pytest.approx(base["gamma"] * 1e4, rel=1e-3)


def test_clv_by_grade_and_hidden_value():
    clv = pd.Series([100.0, 80, 60, 90, 5], index=list("abcde"))
    grades = pd.Series(["A", "A", "B", "C", "C"], index=list("abcde"))
    t = v.clv_by_grade(clv, grades)
    assert t.loc["A", "total"] == 180 and t["share"].sum() == pytest.approx(1) and "无等级" not in t.index
    t2 = v.clv_by_grade(clv, grades.drop("e"))
    assert t2.loc["无等级", "customers"] == 1 and t2.loc["无等级", "total"] == 5
    hid = v.hidden_value(clv, grades)
    assert list(hid.index) == ["d"] and hid["bar"].iloc[0] == 90


def test_btyd_summary_names_missing_customer_ids():
    lines = pd.DataFrame({"customer_id": ["a", None, "", "b"], "order_date": ["2025-01-01"] * 4,
                          "amount": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(KhlibInputError, match=r"index 1, 2"):
        kh.btyd_summary(lines, calibration_end="2025-03-01")
