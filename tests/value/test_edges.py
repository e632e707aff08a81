"""Chapter 01 客户价值: edge tests from the mutation run (mutmut over clv.py, models.py and the
input checks) — exact tables and messages, boundaries, defaults, the fallbacks of the BG/NBD
expectation, and the fits' unit conversions and convergence flags."""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import integrate

from khlib import KhlibInputError
from khlib import value as v
from khlib._errors import ConvergenceWarning
from khlib.value import FitResult
from khlib.value._inputs import TOLERANCE, btyd_values, count, money, positive, rate


def _message(call) -> tuple[str, str]:
    with pytest.raises(KhlibInputError) as caught:
        call()
    zh, en = str(caught.value).split("\n")
    return zh, en


def _given(cls, values):
    m = cls()
    m.result = FitResult(pd.Series(values, index=m.names), pd.Series(np.nan, index=m.names), 0.0, 0, True, "given")
    return m


# ---------------------------------------------------------------- the slide's tables, exactly
def test_retention_programme_table_by_hand():
    got = v.retention_programme(100, 0.10, 75, new_churn=0.05, programme_cost=20)
    want = pd.DataFrame({"流失率": [0.10, 0.05, -0.05], "预期寿命（年）": [10.0, 20.0, 10.0],
                         "年净利润": [100.0, 80.0, -20.0], "CLV": [925.0, 1525.0, 600.0]},
                        index=pd.Index(["无保留计划", "有保留计划", "增加"], name="方案"))
    pd.testing.assert_frame_equal(got, want, rtol=1e-12)


def test_survival_table_by_hand():
    got = v.survival_table(0.2, years=3)
    want = pd.DataFrame({"alive_start": [1.0, 0.8, 0.64], "alive_end": [0.8, 0.64, 0.512],
                         "cum_years": [1.0, 1.8, 2.44]}, index=pd.Index([1, 2, 3], name="year"))
    pd.testing.assert_frame_equal(got, want, check_index_type=False, rtol=1e-12)
    assert len(v.survival_table(0.2)) == 30


@pytest.mark.parametrize("timing,alive,when", [("start", [1, 0.9, 0.81], [0, 1, 2]),
                                               ("end", [1, 0.9, 0.81], [1, 2, 3]),
                                               ("end_retained", [0.9, 0.81, 0.729], [1, 2, 3])])
def test_clv_table_by_hand(timing, alive, when):
    got = v.clv_table(100, 0.9, 0.08, years=3, timing=timing)
    factor = 1.08 ** -np.array(when, dtype=float)
    pv = 100 * np.array(alive) * factor
    want = pd.DataFrame({"p_alive": alive, "margin": 100.0, "discount_factor": factor, "present_value": pv,
                         "cumulative": np.cumsum(pv)}, index=pd.Index([1, 2, 3], name="year"))
    pd.testing.assert_frame_equal(got, want, check_index_type=False, rtol=1e-12)
    assert len(v.clv_table(100, 0.9, 0.08, timing=timing)) == 50


def test_clv_by_retention_passes_timing_and_acquisition_cost_on():
    grid = v.clv_by_retention(100, [0.5, 0.9], 0.08, timing="start", acquisition_cost=75)
    assert grid["clv"].tolist() == [v.discounted_clv(100, r, 0.08, timing="start", acquisition_cost=75)
                                    for r in (0.5, 0.9)]
    assert v.clv_by_retention(100, [0.9], 0.08)["clv"].iloc[0] == v.discounted_clv(100, 0.9, 0.08)


@pytest.mark.parametrize("timing,cost", [("start", 25.0), ("end", 25.0), ("end_retained", 100 - 100 * 0.9 * 0.15 / (0.2 * 0.95))])
def test_break_even_programme_cost_by_hand(timing, cost):
    """m = 100, churn 10% → 5%, d = 10%: (1 + d) cancels for "start", the first-year retention
    does not for "end_retained"."""
    assert v.break_even_programme_cost(100, 0.10, 0.05, 0.10, timing=timing) == pytest.approx(cost, rel=1e-12)


def test_retention_uplift_edges():
    assert v.retention_uplift(100, 0.9, 0.05, 0.1, timing="end_retained") == pytest.approx(
        (0.95 / 0.15) / (0.9 / 0.2) - 1)
    assert v.retention_uplift(100, 0.05, -0.05, 0.1) == pytest.approx((1 / 1.1) / (1 / 1.05) - 1)  # down to 0
    zh, en = _message(lambda: v.retention_uplift(100, 0.9, 0.1, 0.1))  # exactly 1
    assert zh == "retention + points = 1 须在 [0, 1) 之间。" and en == "retention + points = 1 must be in [0, 1)."
    zh, en = _message(lambda: v.retention_uplift(0, 0.9, 0.05, 0.1))
    assert zh == "提高前的 CLV 为 0（margin 为 0，或 end_retained 口径下留存率为 0）：相对变化没有定义。"
    assert en == ("CLV before the rise is 0 (margin 0, or retention 0 with timing end_retained): "
                  "the relative change is undefined.")


def test_rates_come_back_as_python_floats():
    assert type(rate(0.1, "discount")) is float and type(v.expected_lifetime(0.1)) is float
    assert isinstance(rate([0.1, 0.2], "retentions"), np.ndarray)


# ---------------------------------------------------------------- the input checks' messages
@pytest.mark.parametrize("call,zh,en", [
    (lambda: rate(10, "discount"),
     "discount 是比率，须在 [0, 1) 之间（写成小数），得到 10；是指 10% 吗？请写 0.1（10 → 0.1）。",
     "discount is a rate and must be in [0, 1) (a fraction), got 10; did you mean 10%? Write 0.1 (10 → 0.1)."),
    (lambda: rate([0.5, -1, 70], "retentions"),
     "retentions 是比率，须在 [0, 1) 之间（写成小数），得到 位置 1 (-1.0), 2 (70.0)；是指 70% 吗？请写 0.7（70 → 0.7）。",
     "retentions is a rate and must be in [0, 1) (a fraction), got position(s) 1 (-1.0), 2 (70.0); "
     "did you mean 70%? Write 0.7 (70 → 0.7)."),
    (lambda: rate(0, "churn", zero=False), "churn 是比率，须在 (0, 1) 之间（写成小数），得到 0。",
     "churn is a rate and must be in (0, 1) (a fraction), got 0."),
    (lambda: rate(100, "retention"), "retention 是比率，须在 [0, 1) 之间（写成小数），得到 100。",
     "retention is a rate and must be in [0, 1) (a fraction), got 100."),  # 1 is no retention either
    (lambda: rate(100, "margin_rate", zero=False, one=True, meaning=("0.3 即 30% 的毛利率", "0.3 = 30% margin")),
     "margin_rate 是比率，须在 (0, 1] 之间（写成小数，0.3 即 30% 的毛利率），得到 100；是指 100% 吗？请写 1（100 → 1）。",
     "margin_rate is a rate and must be in (0, 1] (a fraction, 0.3 = 30% margin), got 100; "
     "did you mean 100%? Write 1 (100 → 1)."),
    (lambda: rate(1.5, "margin_rate", zero=False, one=True),
     "margin_rate 是比率，须在 (0, 1] 之间（写成小数），得到 1.5；是指 1.5% 吗？请写 0.015（1.5 → 0.015）。",
     "margin_rate is a rate and must be in (0, 1] (a fraction), got 1.5; did you mean 1.5%? Write 0.015 (1.5 → 0.015)."),
    (lambda: rate(200, "discount"), "discount 是比率，须在 [0, 1) 之间（写成小数），得到 200。",
     "discount is a rate and must be in [0, 1) (a fraction), got 200."),
    (lambda: rate("10%", "discount"), "discount 须是数（比率），得到 '10%'。", "discount must be a number (a rate), got '10%'."),
    (lambda: money(float("nan"), "margin"), "margin 须是有限的金额，得到 nan。", "margin must be a finite amount, got nan."),
    (lambda: money("a lot", "margin"), "margin 须是一个数，得到 'a lot'。", "margin must be a number, got 'a lot'."),
    (lambda: positive(0, "periods_per_month"), "periods_per_month 须是大于 0 的有限数，得到 0.0。",
     "periods_per_month must be a finite number > 0, got 0.0."),
    (lambda: positive("x", "periods_per_month"), "periods_per_month 须是一个数，得到 'x'。",
     "periods_per_month must be a number, got 'x'."),
    (lambda: count(0, "months"), "months 须是 ≥ 1 的整数，得到 0。", "months must be a whole number >= 1, got 0."),
    (lambda: count(-1, "n", low=0), "n 须是 ≥ 0 的整数，得到 -1。", "n must be a whole number >= 0, got -1."),
    (lambda: count(float("inf"), "years"), "years 须是 ≥ 1 的整数，得到 inf。", "years must be a whole number >= 1, got inf."),
])
def test_messages_read_exactly(call, zh, en):
    assert _message(call) == (zh, en)


def test_boundaries_of_the_plain_checks():
    assert positive(0.5, "periods_per_month") == 0.5
    assert rate(1, "margin_rate", zero=False, one=True) == 1.0 and rate(0, "discount") == 0.0
    assert count(0, "n", low=0) == 0 and count(3.0, "months") == 3 and type(count(3.0, "months")) is int


def test_btyd_messages_read_exactly():
    summary_ids = pd.Index(["a", "b", "c"])
    assert _message(lambda: btyd_values(frequency=[1, -2, 0.5], labels=summary_ids)) == (
        "frequency 有 2 个值不符合要求（须为 ≥ 0 的整数（重复购买次数））：客户 b (-2.0), c (0.5)。",
        "frequency has 2 invalid value(s) (expected whole numbers >= 0 (repeat purchases)): customer(s) b (-2.0), c (0.5).")
    assert _message(lambda: btyd_values(recency=pd.Series([3.0, 1.0], index=["x", "y"]), T=[2.0, 2.0])) == (
        "recency 有 1 个值不符合要求（须为 不大于 T 的数（最近购买不会晚于观察期末））：客户 x (3.0)。",
        "recency has 1 invalid value(s) (expected numbers <= T (the last purchase lies within the customer's age)): "
        "customer(s) x (3.0).")
    assert _message(lambda: btyd_values(frequency=[1, 0], monetary_value=[0.0, 0.0])) == (
        "monetary_value 有 1 个值不符合要求（须为 frequency > 0 的客户须 > 0）：位置 0 (0.0)。",
        "monetary_value has 1 invalid value(s) (expected > 0 where frequency > 0): position(s) 0 (0.0).")
    assert _message(lambda: btyd_values(t=[[1.0, "soon"]])) == (
        "t 有 1 个值不符合要求（须为 ≥ 0 的有限数（预测期长度））：位置 1 (nan)。",
        "t has 1 invalid value(s) (expected finite numbers >= 0 (length of the forecast period)): position(s) 1 (nan).")
    assert _message(lambda: btyd_values(frequency=[1, 2], T=[1, 2, 3])) == (
        "各输入的长度不一致：{'frequency': (2,), 'T': (3,)}。", "The inputs differ in length: {'frequency': (2,), 'T': (3,)}.")


def test_btyd_values_one_at_a_time_and_the_tolerance():
    (tx,) = btyd_values(recency=[1.0, 2.0])
    assert tx.tolist() == [1.0, 2.0] and tx.dtype == float
    assert btyd_values(recency=10 + TOLERANCE, T=10.0)[0] == 10 + TOLERANCE  # rounding: accepted
    with pytest.raises(KhlibInputError, match="recency"):
        btyd_values(recency=10 + 3 * TOLERANCE, T=10.0)


def test_btyd_columns_exactly(cdnow_summary):
    (x,) = v.btyd_columns(cdnow_summary, ("frequency",))  # int64 in the summary
    assert x.dtype == float
    assert _message(lambda: v.btyd_columns(cdnow_summary, ("frequency", "spend"))) == (
        "缺少列 ['spend']：请先用 kh.btyd_summary(orders, calibration_end=...) 汇总。",
        "Columns ['spend'] not found: summarise with kh.btyd_summary(orders, calibration_end=...) first.")


# ---------------------------------------------------------------- fits
def test_bgnbd_fit_boundaries(cdnow_summary):
    assert _message(lambda: v.BetaGeoModel().fit(cdnow_summary.iloc[:0])) == ("汇总表是空的。", "The summary is empty.")
    once = pd.DataFrame({"frequency": [0, 0], "recency": [0.0, 0.0], "T": [3.0, 4.0]})
    assert _message(lambda: v.BetaGeoModel().fit(once)) == (
        "所有客户都只买过一次（frequency 全为 0）：无法估计重复购买模型，请延长校准期。",
        "Every customer bought only once (all frequency = 0): a repeat-purchase model cannot be estimated; "
        "lengthen the calibration period.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # tiny data: the point is that they are accepted
        v.BetaGeoModel().fit(cdnow_summary.iloc[:1])  # one customer (with repeat purchases)
        v.BetaGeoModel().fit(cdnow_summary.assign(frequency=cdnow_summary["frequency"].clip(upper=1)))


def _bgnbd_sample(n, p_of, seed, *, rate_shape=None, mean_rate=0.5):
    """A BG/NBD-like sample over 52 weeks: Poisson purchases at ``mean_rate`` a week (rates ~
    Gamma(rate_shape) around it, or one rate for all), dropping out after a purchase with
    probability p_of(rng)."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        lam = mean_rate if rate_shape is None else rng.gamma(rate_shape, mean_rate / rate_shape)
        p, t, x, tx = p_of(rng), 0.0, 0, 0.0
        while (t := t + rng.exponential(1 / lam)) <= 52:
            x, tx = x + 1, t
            if rng.random() < p:
                break
        rows.append((x, tx, 52.0))
    return pd.DataFrame(rows, columns=["frequency", "recency", "T"])


def _spends(seed, spend_of):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 10, 500).astype(float)
    return pd.DataFrame({"frequency": x, "monetary_value": spend_of(rng, x)})


@pytest.mark.parametrize("model,data,runaway", [
    ("BG/NBD", lambda: pd.DataFrame({"frequency": [10.0] * 50, "recency": [10.0] * 50, "T": [10.0] * 50}), None),
    ("BG/NBD", lambda: _bgnbd_sample(1000, lambda g: g.beta(1, 3), 0), "r"),  # one purchase rate for all
    ("BG/NBD", lambda: _bgnbd_sample(1000, lambda g: 0.0 if g.random() < 0.995 else g.beta(1, 2), 2, rate_shape=2.0),
     "a"),  # 99.5% never drop out
    ("BG/NBD", lambda: _bgnbd_sample(2000, lambda g: g.exponential(1) / 3000, 1, rate_shape=2.0, mean_rate=1.0),
     "b"),  # dropout all but absent
    ("Gamma-Gamma", lambda: _spends(1, lambda g, x: 30 / g.gamma(4.0, 1.0, len(x))), "p"),  # equal spends per customer
    ("Gamma-Gamma", lambda: _spends(1, lambda g, x: g.gamma(3.0 * x, 1 / (0.1 * x))), "q"),  # one mean spend for all
])
def test_a_shape_parameter_running_off_is_flagged(model, data, runaway):
    """Data that cannot pin a shape parameter down: the fit says so, naming the model, whichever
    shape parameter runs off (everybody always buys: the dropout parameters run to the bounds; one
    purchase rate for all: r → ∞; nearly nobody drops out: a → 0; dropout all but absent: b → ∞;
    no spread of a customer's spends: p → ∞; one mean spend for all: q → ∞)."""
    cls = v.BetaGeoModel if model == "BG/NBD" else v.GammaGammaModel
    with pytest.warns(ConvergenceWarning, match=f"^{model}：最大似然估计没有收敛") as caught:
        fit = cls().fit(data())
    assert not fit.result.converged
    assert fit.result.message.startswith("did not converge: a parameter ran to the edge of its range")
    assert f"{model}: the maximum-likelihood fit did not converge" in str(caught[0].message)
    if runaway:  # off the shape range, inside the optimiser's bounds, the one that ran off furthest
        # (along a ridge another shape may drift too: with b -> inf only a / (a + b) is pinned, and
        # where the optimiser stops on that ridge differs between scipy builds, so a may pass 1e3)
        shapes = fit.params.drop("alpha" if model == "BG/NBD" else "gamma")
        dist = np.abs(np.log(shapes))
        assert dist.idxmax() == runaway and dist.max() > np.log(1e3) and dist.max() < 19.9
        others = dist.drop(runaway)
        assert (others < dist.max() - np.log(100)).all()  # the others at least 100x less far off


def test_gamma_gamma_fit_boundaries_and_units(cdnow_summary):
    three = pd.DataFrame({"frequency": [1, 2, 3, 0], "monetary_value": [10.0, 20.0, 15.0, 0.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        v.GammaGammaModel().fit(three)  # three customers with repeat purchases are enough
    assert _message(lambda: v.GammaGammaModel().fit(three.iloc[1:])) == (
        "少于 3 位客户有重复购买：无法估计消费金额模型。",
        "Fewer than 3 customers with repeat purchases: the spend model cannot be estimated.")
    base = v.GammaGammaModel().fit(cdnow_summary).result
    cents = v.GammaGammaModel().fit(cdnow_summary.assign(monetary_value=cdnow_summary["monetary_value"] * 100)).result
    np.testing.assert_allclose(cents.std_err, base.std_err * [1, 1, 100], rtol=1e-6)
    assert cents.log_likelihood == pytest.approx(base.log_likelihood - base.n * np.log(100), rel=1e-9)
    assert type(base.log_likelihood) is float
    rep = cdnow_summary[cdnow_summary["frequency"] > 0]
    _, _, H = v.GammaGammaModel.loglik(base.params.to_numpy(), rep["frequency"].to_numpy(float),
                                       rep["monetary_value"].to_numpy(), hessian=True)
    np.testing.assert_allclose(base.std_err, np.sqrt(np.diag(np.linalg.inv(-H))), rtol=1e-6)  # in dollars
    assert base.extra["corr_frequency_spend"] == pytest.approx(np.corrcoef(rep["frequency"], rep["monetary_value"])[0, 1])


def test_correlation_of_equal_spends_is_nan_without_a_runtime_warning():
    same = pd.DataFrame({"frequency": [1, 2, 3, 4] * 5, "monetary_value": [10.0] * 20})
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit = v.GammaGammaModel().fit(same)
    assert np.isnan(fit.result.extra["corr_frequency_spend"])


@pytest.mark.parametrize("x", [1, 4])
def test_gamma_gamma_density_of_mean_spend_integrates_to_one(x):
    """exp(loglik) is a density of the mean spend m̄ of x transactions: it integrates to 1."""
    params = (6.25, 3.74, 15.44)
    f = lambda m: np.exp(v.GammaGammaModel.loglik(params, np.array([x]), np.array([m]))[0])  # noqa: E731
    total = integrate.quad(f, 0, np.inf, limit=200)[0]
    assert total == pytest.approx(1, abs=1e-7)


# ---------------------------------------------------------------- predictions by hand
def test_expected_spend_by_hand():
    gg = _given(v.GammaGammaModel, [6.25, 3.74, 15.44])
    pop = 15.44 * 6.25 / 2.74
    own = 6.25 * 2 / (6.25 * 2 + 2.74)  # weight of the customer's own mean after 2 transactions
    assert gg.expected_spend(2, 22.35) == pytest.approx((1 - own) * pop + own * 22.35, rel=1e-14)
    assert _message(lambda: _given(v.GammaGammaModel, [2.0, 0.5, 10.0]).expected_spend(1, 5.0)) == (
        "Gamma-Gamma 的 q = 0.5 ≤ 1：总体平均消费 γp/(q−1) 不存在，无法预测消费。",
        "Gamma-Gamma q = 0.5 <= 1: the population mean spend γp/(q−1) is infinite; spend cannot be predicted.")


def test_probability_of_n_purchases_at_time_zero_and_vectorised():
    bg = _given(v.BetaGeoModel, [0.243, 4.414, 0.793, 2.426])
    assert bg.probability_of_n_purchases(0.0, 0)[0] == pytest.approx(1)
    assert bg.probability_of_n_purchases(0.0, 2)[0] == 0
    both = bg.probability_of_n_purchases([10.0, 30.0], 3)
    assert both.tolist() == [bg.probability_of_n_purchases(10.0, 3)[0], bg.probability_of_n_purchases(30.0, 3)[0]]


def test_probability_alive_by_hand():
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    bg = _given(v.BetaGeoModel, [r, alpha, a, b])
    for x, tx, T in ((1, 5.0, 30.0), (3, 20.0, 38.0)):
        want = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))
        assert bg.probability_alive(x, tx, T) == pytest.approx(want, rel=1e-13)


@pytest.mark.parametrize("params,x,tx,T", [((0.5, 1.0, 3.0, 2.0), 0, 0.0, 0.0), ((0.5, 1.0, 5.0, 2.0), 2, 5.0, 10.0)])
def test_the_long_run_limit(params, x, tx, T):
    """With a > 1 a customer alive today makes (a + b + x − 1)/(a − 1) more purchases in all: the
    value at t = 1e300, where z rounds to 1 and the transformed ₂F₁ diverges (a > 1 + r + x), comes
    from FHL's form, without a RuntimeWarning."""
    r, alpha, a, b = params
    bg = _given(v.BetaGeoModel, list(params))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = bg.expected_purchases(1e300, x, tx, T)
    assert got == pytest.approx((a + b + x - 1) / (a - 1) * bg.probability_alive(x, tx, T), rel=1e-12)


@pytest.mark.parametrize("params,call,reference", [
    # scipy's 2F1 fails in the transformed form (c − a − b whole, z near 1): FHL's own form
    ((0.05, 0.1015625, 0.05, 4.0), lambda bg: bg.expected_repeat_purchases(47.0), 19.48392984868195),
    # both forms fail: c nudged by 1e-12; × P(alive) = 0.99496…
    ((0.5, 0.5, 0.5, 0.75), lambda bg: bg.expected_purchases(5.0, 99, 0.0, 0.0), 460.6050911189389 * 0.9949622166246851),
])
def test_where_scipy_fails_the_expectation_still_lands(params, call, reference):
    """References from the hypergeometric series summed with 60-digit decimals."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no RuntimeWarning leaks from the fallbacks
        got = call(_given(v.BetaGeoModel, list(params)))
    assert got == pytest.approx(reference, rel=1e-9)
