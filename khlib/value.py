"""Customer value (客户价值): lifetime value from the slide's arithmetic to probabilistic models.
见第01章 客户价值。

Three layers:

1. The slide (幻灯片上的算术): lifetime = 1 / churn, CLV = lifetime × annual profit − acquisition
   cost; a retention programme that halves churn (925 → 1525 USD).
2. Discounted CLV with retention ``r``, discount rate ``d`` and margin ``m``, in the three
   conventions textbooks use (Fader & Hardie, "Reconciling and Clarifying CLV Formulas"), as
   closed forms and as a year-by-year table that agree; retention economics.
3. Probabilistic models for non-contractual customers: BG/NBD (Fader, Hardie & Lee 2005) for
   repeat purchases and Gamma-Gamma for spend, fitted by maximum likelihood with scipy on the
   output of :func:`khlib.summary.btyd_summary`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special

from ._errors import fail

# ============================================================================ 1. the slide


def _rate(x: float, name: str, *, open_low: bool = True) -> float:
    x = float(x)
    if not (0 < x < 1 if open_low else 0 <= x < 1):
        raise fail(f"{name} 须在 0 与 1 之间（不含 1），得到 {x}。", f"{name} must be in (0, 1), got {x}.")
    return x


def expected_lifetime(churn: float) -> float:
    """Expected customer lifetime in periods (预期客户寿命) = 1 / churn rate: a customer who
    leaves with probability ``churn`` at the end of each year stays 1/churn years on average
    (the geometric distribution; it counts the first year).

    >>> expected_lifetime(0.10)
    10.0
    """
    return 1.0 / _rate(churn, "churn")


def simple_clv(annual_profit: float, churn: float, acquisition_cost: float = 0.0,
               retention_cost: float = 0.0) -> float:
    """The slide's lifetime value (简单客户终身价值): expected lifetime × (annual profit −
    annual retention cost per customer) − acquisition cost. No discounting.

    >>> simple_clv(100, 0.10, 75)            # 10 years × 100 − 75
    925.0
    >>> simple_clv(100, 0.05, 75, 20)        # 20 years × (100 − 20) − 75
    1525.0
    """
    return expected_lifetime(churn) * (annual_profit - retention_cost) - acquisition_cost


def retention_programme(annual_profit: float, churn: float, acquisition_cost: float,
                        new_churn: float, programme_cost: float) -> pd.DataFrame:
    """Compare CLV without and with a retention programme (保留计划) that lowers churn to
    ``new_churn`` at ``programme_cost`` per customer per year; the last row is the gain."""
    before = simple_clv(annual_profit, churn, acquisition_cost)
    after = simple_clv(annual_profit, new_churn, acquisition_cost, programme_cost)
    rows = [("无保留计划", churn, expected_lifetime(churn), annual_profit, before),
            ("有保留计划", new_churn, expected_lifetime(new_churn), annual_profit - programme_cost, after)]
    out = pd.DataFrame(rows, columns=["方案", "流失率", "预期寿命（年）", "年净利润", "CLV"]).set_index("方案")
    out.loc["增加"] = [new_churn - churn, out.iloc[1, 1] - out.iloc[0, 1], -programme_cost, after - before]
    return out


def survival_table(churn: float, years: int = 30) -> pd.DataFrame:
    """Year-by-year survival (逐年留存): the share of a cohort still a customer at the start of
    each year, r^(t−1). Its sum tends to 1/churn (the expected lifetime); the sum counted from
    the *end* of year 1 is r/(1−r), one year less — the two readings of "a customer stays 10
    years"."""
    r = 1 - _rate(churn, "churn")
    t = np.arange(1, years + 1)
    s = r ** (t - 1)
    return pd.DataFrame({"year": t, "alive_start": s, "alive_end": s * r,
                         "cum_years": np.cumsum(s)}).set_index("year")


# ============================================================================ 2. discounting
CLV_TIMINGS = {
    "start": "m(1+d)/(1+d−r)：每期期初收到利润，含第一期（未贴现）",
    "end": "m/(1+d−r)：每期期末收到利润，第一期的利润一定收到",
    "end_retained": "m·r/(1+d−r)：每期期末收到利润，第一期也要先留下来才收到",
}
"""The three textbook conventions for discounted CLV with constant retention (Fader & Hardie)."""


def discounted_clv(margin: float, retention: float, discount: float, *, timing: str = "end",
                   acquisition_cost: float = 0.0) -> float:
    """Discounted customer lifetime value (贴现客户终身价值) with margin ``m`` per period,
    retention rate ``r`` and discount rate ``d`` per period, minus ``acquisition_cost``:

    - ``timing="start"``: m(1+d)/(1+d−r) — margins at the start of each period, the first one
      now (undiscounted);
    - ``timing="end"``: m/(1+d−r) — margins at the end of each period, the first one certain;
    - ``timing="end_retained"``: m·r/(1+d−r) — margins at the end of each period, each one only
      if the customer is retained through it.

    The slide's 925 (m=100, r=0.9, acquisition 75) becomes 480.56 at d=8% with ``"end"``:

    >>> round(discounted_clv(100, 0.9, 0.08, acquisition_cost=75), 2)
    480.56
    """
    m, r = float(margin), _rate(retention, "retention", open_low=False)
    d = float(discount)
    if d < 0:
        raise fail(f"贴现率须 ≥ 0，得到 {d}。", f"discount must be >= 0, got {d}.")
    if timing not in CLV_TIMINGS:
        raise fail(f"timing 须为 {list(CLV_TIMINGS)} 之一，得到 {timing!r}。",
                   f"timing must be one of {list(CLV_TIMINGS)}, got {timing!r}.")
    denom = 1 + d - r
    value = {"start": m * (1 + d), "end": m, "end_retained": m * r}[timing] / denom
    return value - acquisition_cost


def clv_table(margin: float, retention: float, discount: float, *, years: int = 50,
              timing: str = "end") -> pd.DataFrame:
    """The year-by-year table behind :func:`discounted_clv` (逐年贴现表): probability the
    customer is still there to pay, margin, discount factor, present value and the running
    total, which converges to the closed form as ``years`` grows."""
    discounted_clv(margin, retention, discount, timing=timing)  # validates
    t = np.arange(1, years + 1)
    if timing == "start":
        alive, when = retention ** (t - 1), t - 1
    elif timing == "end":
        alive, when = retention ** (t - 1), t
    else:
        alive, when = retention ** t, t
    factor = (1 + discount) ** -when.astype(float)
    pv = margin * alive * factor
    return pd.DataFrame({"year": t, "p_alive": alive, "margin": margin, "discount_factor": factor,
                         "present_value": pv, "cumulative": np.cumsum(pv)}).set_index("year")


def clv_by_retention(margin: float, retentions, discount: float, *, timing: str = "end",
                     acquisition_cost: float = 0.0) -> pd.DataFrame:
    """CLV over a grid of retention rates (留存率与客户价值): the curve that makes the case for
    retention — value rises faster and faster as retention approaches 1."""
    r = np.asarray(list(retentions), dtype=float)
    clv = [discounted_clv(margin, x, discount, timing=timing, acquisition_cost=acquisition_cost) for x in r]
    return pd.DataFrame({"retention": r, "clv": clv}).set_index("retention")


def break_even_programme_cost(margin: float, churn: float, new_churn: float, discount: float = 0.0, *,
                              timing: str = "end") -> float:
    """The most a retention programme may cost per customer per period (保留计划的盈亏平衡成本)
    so that CLV does not fall: solve CLV(m − c, 1 − new_churn) = CLV(m, 1 − churn) for c. With
    ``discount=0`` and ``timing="end"`` this is m(1 − new_churn/churn): 50 USD on the slide.

    >>> round(break_even_programme_cost(100, 0.10, 0.05), 6)
    50.0
    """
    base = discounted_clv(margin, 1 - churn, discount, timing=timing)
    per_margin = discounted_clv(1.0, 1 - new_churn, discount, timing=timing)
    return float(margin - base / per_margin)


def retention_uplift(margin: float, retention: float, points: float, discount: float, *,
                     timing: str = "end") -> float:
    """Relative change of CLV when retention rises by ``points`` (e.g. 0.05 = 5 points): the
    computation behind "5 points more retention raise profit by 25–85%" (留存率提高的利润效应)."""
    before = discounted_clv(margin, retention, discount, timing=timing)
    after = discounted_clv(margin, retention + points, discount, timing=timing)
    return after / before - 1


# ============================================================================ 3. BG/NBD and Gamma-Gamma
def _btyd_columns(summary: pd.DataFrame, cols: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    missing = [c for c in cols if c not in summary.columns]
    if missing:
        raise fail(f"缺少列 {missing}：请先用 kh.btyd_summary(orders, calibration_end=...) 汇总。",
                   f"Columns {missing} not found: summarise with kh.btyd_summary(orders, calibration_end=...) first.")
    out = []
    for c in cols:
        v = pd.to_numeric(summary[c], errors="coerce").to_numpy(dtype=float)
        if np.isnan(v).any() or (v < 0).any():
            raise fail(f"列 '{c}' 有缺失或负值。", f"Column '{c}' has missing or negative values.")
        out.append(v)
    return tuple(out)


def _hessian(f, x: np.ndarray, eps: float = 1e-4) -> np.ndarray:
    """Central-difference Hessian (for standard errors from the observed information)."""
    n = len(x)
    h = eps * np.maximum(np.abs(x), 1e-2)
    H = np.empty((n, n))
    for i in range(n):  # over the 2–4 model parameters, not over data rows
        for j in range(i, n):
            ei, ej = np.zeros(n), np.zeros(n)
            ei[i], ej[j] = h[i], h[j]
            H[i, j] = H[j, i] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h[i] * h[j])
    return H


@dataclass
class FitResult:
    """Parameters, standard errors and fit details of a maximum-likelihood model."""

    params: pd.Series
    std_err: pd.Series
    log_likelihood: float
    n: int
    converged: bool
    message: str
    extra: dict = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """Parameters with standard errors and 95% intervals (参数估计表)."""
        return pd.DataFrame({"estimate": self.params, "std_err": self.std_err,
                             "ci_low": self.params - 1.96 * self.std_err,
                             "ci_high": self.params + 1.96 * self.std_err})


def _fit(negll, start: np.ndarray, names: list[str], n: int, what: str,
         shapes: tuple[str, ...] = ()) -> FitResult:
    res = optimize.minimize(lambda lp: negll(np.exp(lp)), np.log(start), method="L-BFGS-B",
                            bounds=[(-20, 20)] * len(start), options={"maxiter": 2000})
    x = np.exp(res.x)
    # A shape parameter running off to 0 or infinity (beyond 1e-3 .. 1e3) means the data cannot
    # pin the model down (e.g. nobody ever drops out): the optimiser stops, but not at an optimum.
    # Scale parameters (alpha, gamma) follow the units of time and money and are not checked.
    shape_idx = [i for i, nm in enumerate(names) if nm in shapes]
    interior = bool(np.all(np.abs(res.x[shape_idx]) < np.log(1e3))) and bool(np.all(np.abs(res.x) < 19.9))
    converged = bool(res.success) and interior
    if not converged:
        why = res.message if not res.success else "a parameter ran to the edge of its range"
        warnings.warn(f"{what}: the maximum-likelihood fit did not converge ({why}); "
                      f"parameters {dict(zip(names, x.round(4)))} are unreliable.", RuntimeWarning, stacklevel=3)
    with np.errstate(all="ignore"):
        H = _hessian(negll, x)
        try:
            cov = np.linalg.inv(H)
            se = np.sqrt(np.where(np.diag(cov) > 0, np.diag(cov), np.nan))
        except np.linalg.LinAlgError:
            se = np.full(len(x), np.nan)
    return FitResult(pd.Series(x, index=names), pd.Series(se, index=names), float(-res.fun), n,
                     converged, str(res.message))


class _FittedModel:
    """Shared by the models: the fit result and access to fitted parameters."""

    names: list[str] = []

    def __init__(self) -> None:
        self.result: FitResult | None = None

    def _p(self) -> np.ndarray:
        if self.result is None:
            raise fail("模型还没有拟合：先调用 fit(summary)。", "The model is not fitted: call fit(summary) first.")
        return self.result.params.to_numpy()

    @property
    def params(self) -> pd.Series:
        """Fitted parameters (参数估计值)."""
        self._p()
        return self.result.params


class BetaGeoModel(_FittedModel):
    """BG/NBD model (BG/NBD 模型) of repeat purchases for non-contractual customers (Fader,
    Hardie & Lee 2005): while alive, a customer buys as a Poisson process with rate λ ~
    Gamma(r, α); after each purchase it drops out with probability p ~ Beta(a, b).

    ``fit(summary)`` takes the ``frequency``, ``recency`` and ``T`` columns of
    :func:`khlib.summary.btyd_summary`. On the CDNOW sample with a 39-week calibration period it
    reproduces the published r = 0.243, α = 4.414, a = 0.793, b = 2.426.
    """

    names = ["r", "alpha", "a", "b"]

    # -- likelihood
    @staticmethod
    def _loglik(params, x, tx, T):
        r, alpha, a, b = params
        A1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
        A2 = special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b) - special.gammaln(a + b + x)
        A3 = -(r + x) * np.log(alpha + T)
        with np.errstate(divide="ignore", invalid="ignore"):
            A4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx),
                          -np.inf)
        return A1 + A2 + np.logaddexp(A3, A4)

    def fit(self, summary: pd.DataFrame, *, frequency: str = "frequency", recency: str = "recency",
            T: str = "T") -> "BetaGeoModel":
        """Maximum-likelihood fit (最大似然估计) with standard errors from the observed information."""
        x, tx, TT = _btyd_columns(summary, (frequency, recency, T))
        if len(x) == 0:
            raise fail("汇总表是空的。", "The summary is empty.")
        if (tx > TT + 1e-9).any():
            raise fail("有客户的 recency 大于 T：请检查汇总。", "Some customers have recency > T; check the summary.")
        if not (x > 0).any():
            raise fail("所有客户都只买过一次（frequency 全为 0）：无法估计重复购买模型，请延长校准期。",
                       "Every customer bought only once (all frequency = 0): a repeat-purchase model cannot "
                       "be estimated; lengthen the calibration period.")
        self.result = _fit(lambda p: -self._loglik(p, x, tx, TT).sum(), np.array([1.0, 1.0, 1.0, 1.0]),
                           self.names, len(x), "BG/NBD", shapes=("r", "a", "b"))
        return self

    # -- predictions
    def expected_purchases(self, t, frequency, recency, T) -> np.ndarray:
        """E[Y(t) | x, t_x, T]: expected purchases in the next ``t`` periods (未来 t 期的预期购买次数)."""
        r, alpha, a, b = self._p()
        x, tx, TT = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        t = np.asarray(t, dtype=float)
        z = t / (alpha + TT + t)
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + TT) / (alpha + TT + t)) ** (r + x) * hyp)
        return num / (1 + (x > 0) * a / np.maximum(b + x - 1, 1e-300) * ((alpha + TT) / (alpha + tx)) ** (r + x))

    def probability_alive(self, frequency, recency, T) -> np.ndarray:
        """P(alive | x, t_x, T) (客户仍“活着”的概率); 1 for customers with no repeat purchase."""
        r, alpha, a, b = self._p()
        x, tx, TT = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        return 1.0 / (1 + (x > 0) * a / np.maximum(b + x - 1, 1e-300) * ((alpha + TT) / (alpha + tx)) ** (r + x))

    def expected_repeat_purchases(self, t) -> np.ndarray:
        """E[X(t)]: expected repeat purchases of a new customer in its first ``t`` periods."""
        r, alpha, a, b = self._p()
        t = np.asarray(t, dtype=float)
        hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)

    def probability_of_n_purchases(self, t, n: int) -> np.ndarray:
        """P(X(t) = n): probability that a new customer makes exactly ``n`` repeat purchases in
        its first ``t`` periods (FHL 2005, eq. 8); vectorised over ``t``."""
        r, alpha, a, b = self._p()
        t = np.atleast_1d(np.asarray(t, dtype=float))
        lb = special.betaln(a, b)
        p = alpha / (alpha + t)
        q = t / (alpha + t)
        logq = np.log(np.where(q > 0, q, 1e-300))
        out = np.exp(special.betaln(a, b + n) - lb + special.gammaln(r + n) - special.gammaln(r)
                     - special.gammaln(n + 1) + r * np.log(p) + n * logq)
        if n > 0:
            j = np.arange(n)
            coef = np.exp(special.gammaln(r + j) - special.gammaln(r) - special.gammaln(j + 1))
            partial = p ** r * (coef[None, :] * np.exp(j[None, :] * logq[:, None])).sum(axis=1)
            out = out + np.exp(special.betaln(a + 1, b + n - 1) - lb) * (1 - partial)
        return out


class GammaGammaModel(_FittedModel):
    """Gamma-Gamma model of spend per transaction (Gamma-Gamma 消费金额模型; Fader, Hardie & Lee
    2005, "RFM and CLV"): a customer's transactions vary around its mean spend, which varies
    across customers; assumes spend is independent of frequency (check the correlation).

    ``fit(summary)`` uses customers with at least one repeat purchase (``frequency > 0``) and their
    ``monetary_value`` (mean repeat spend). On CDNOW: p ≈ 6.25, q ≈ 3.74, γ ≈ 15.44.
    """

    names = ["p", "q", "gamma"]

    @staticmethod
    def _loglik(params, x, m):
        p, q, g = params
        return (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q) + q * np.log(g)
                + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(g + x * m))

    def fit(self, summary: pd.DataFrame, *, frequency: str = "frequency",
            monetary_value: str = "monetary_value") -> "GammaGammaModel":
        x, m = _btyd_columns(summary, (frequency, monetary_value))
        keep = x > 0
        if keep.sum() < 3:
            raise fail("少于 3 位客户有重复购买：无法估计消费金额模型。",
                       "Fewer than 3 customers with repeat purchases: the spend model cannot be estimated.")
        if (m[keep] <= 0).any():
            raise fail("有重复购买的客户中有平均消费 ≤ 0：金额须为正数。",
                       "Some customers with repeat purchases have mean spend <= 0; spend must be positive.")
        x, m = x[keep], m[keep]
        # Fit on spend in units of its mean (gamma scales with money, p and q do not), then
        # convert back: stable whatever the currency.
        c = float(m.mean())
        res = _fit(lambda p: -self._loglik(p, x, m / c).sum(), np.array([1.0, 1.0, 1.0]),
                   self.names, int(keep.sum()), "Gamma-Gamma", shapes=("p", "q"))
        res.params["gamma"] *= c
        res.std_err["gamma"] *= c
        res.log_likelihood -= len(m) * np.log(c)  # density of spend in its own units
        self.result = res
        self.result.extra["corr_frequency_spend"] = float(np.corrcoef(x, m)[0, 1])
        return self

    def expected_spend(self, frequency, monetary_value) -> np.ndarray:
        """E[M | x, m̄] (预期平均消费): a weighted average of the population mean γp/(q−1) and the
        customer's own mean, the weight on its own growing with its number of purchases."""
        p, q, g = self._p()
        x, m = (np.asarray(v, dtype=float) for v in (frequency, monetary_value))
        pop = g * p / (q - 1)
        w = p * x / (p * x + q - 1)
        return (1 - w) * pop + w * m


def customer_lifetime_value(bg: BetaGeoModel, gg: GammaGammaModel, summary: pd.DataFrame, *,
                            months: int = 12, monthly_discount: float = 0.01, margin: float = 1.0,
                            periods_per_month: float = 365.25 / 12 / 7) -> pd.Series:
    """Per-customer discounted CLV (个体客户终身价值) from the two models: expected purchases in
    each coming month (BG/NBD) × expected spend (Gamma-Gamma) × ``margin``, discounted monthly
    at ``monthly_discount`` and summed over ``months``. ``periods_per_month`` converts months into
    the summary's time unit (weeks by default)."""
    x, tx, T = _btyd_columns(summary, ("frequency", "recency", "T"))
    (m,) = _btyd_columns(summary, ("monetary_value",))
    spend = gg.expected_spend(x, m)
    total = np.zeros(len(x))
    prev = np.zeros(len(x))
    for k in range(1, months + 1):  # over months, vectorised over customers
        cum = bg.expected_purchases(k * periods_per_month, x, tx, T)
        total += (cum - prev) * spend * margin / (1 + monthly_discount) ** k
        prev = cum
    return pd.Series(total, index=summary.index, name="clv")


# ============================================================================ model checks and plots
def tracking_curve(bg: BetaGeoModel, orders: pd.DataFrame, *, calibration_end, observation_end,
                   unit: str = "W", customer: str = "customer_id", date: str = "order_date",
                   amount: str = "amount") -> pd.DataFrame:
    """Cumulative repeat purchases per period, actual against the model (累计重复购买：实际 vs 模型):
    the classic calibration/holdout tracking check. Expected = Σ_i E[X(t − s_i)] over customers
    who made their first purchase at s_i (only first purchases up to ``calibration_end`` count)."""
    from .summary import _UNITS, _canonical

    df = _canonical(orders, customer=customer, date=date, amount=amount)
    u = _UNITS[unit]
    day = df["order_date"].dt.normalize()
    daily = pd.DataFrame({"c": df["customer_id"], "d": day}).drop_duplicates()
    first = daily.groupby("c")["d"].transform("min")
    cal_end, obs_end = pd.Timestamp(calibration_end), pd.Timestamp(observation_end)
    daily = daily[(first <= cal_end) & (daily["d"] <= obs_end)].assign(f=first)
    origin = daily["f"].min()
    periods = int(np.ceil(((obs_end - origin).days + 1) / u))
    t_end = np.arange(1, periods + 1) * u  # days since origin at the end of each period
    rep = daily[daily["d"] > daily["f"]]
    rep_t = (rep["d"] - origin).dt.days.to_numpy()
    actual = np.searchsorted(np.sort(rep_t), t_end - 1, side="right")
    starts = ((daily.groupby("c")["f"].first() - origin).dt.days.to_numpy() / u)
    grid = t_end[None, :] / u - starts[:, None] - 1 / u  # periods each customer has been around
    expected = np.where(grid > 0, bg.expected_repeat_purchases(np.clip(grid, 0, None)), 0).sum(axis=0)
    idx = pd.Index(np.arange(1, periods + 1), name="period")
    out = pd.DataFrame({"actual": actual, "model": expected}, index=idx)
    out.attrs["calibration_period"] = int(np.ceil(((cal_end - origin).days + 1) / u))
    return out


def frequency_fit(bg: BetaGeoModel, summary: pd.DataFrame, *, max_x: int = 7) -> pd.DataFrame:
    """Number of customers with 0, 1, …, ``max_x``+ repeat purchases in the calibration period,
    actual against the model's Σ_i P(X(T_i) = x) (重复购买次数分布的拟合)."""
    x, _, T = _btyd_columns(summary, ("frequency", "recency", "T"))
    rows = []
    for k in range(max_x):
        rows.append((str(k), int((x == k).sum()), float(bg.probability_of_n_purchases(T, k).sum())))
    rows.append((f"{max_x}+", int((x >= max_x).sum()), len(x) - sum(r[2] for r in rows)))
    return pd.DataFrame(rows, columns=["repeat_purchases", "actual", "model"]).set_index("repeat_purchases")


def alive_history(bg: BetaGeoModel, orders: pd.DataFrame, customer_id, *, end, unit: str = "W",
                  customer: str = "customer_id", date: str = "order_date", amount: str = "amount") -> pd.DataFrame:
    """One customer's P(alive) day by day from its first purchase to ``end`` (存活概率的变化):
    it jumps to 1 at each purchase and decays while the customer stays away."""
    from .summary import _UNITS, _canonical

    df = _canonical(orders, customer=customer, date=date, amount=amount)
    mine = np.sort(df.loc[df["customer_id"] == customer_id, "order_date"].dt.normalize().unique())
    if len(mine) == 0:
        raise fail(f"客户 '{customer_id}' 没有交易记录。", f"Customer '{customer_id}' has no transactions.")
    days = pd.date_range(mine[0], pd.Timestamp(end), freq="D")
    n_by_day = np.searchsorted(mine, days.values, side="right")  # purchase days up to each day
    x = n_by_day - 1
    last = mine[n_by_day - 1]
    u = _UNITS[unit]
    tx = (last - mine[0]).astype("timedelta64[D]").astype(float) / u
    T = (days.values - mine[0]).astype("timedelta64[D]").astype(float) / u
    p = bg.probability_alive(x, tx, T)
    return pd.DataFrame({"p_alive": p, "purchases": x + 1, "purchase": np.isin(days.values, mine)},
                        index=pd.Index(days, name="date"))


def plot_tracking(track: pd.DataFrame, *, ax=None, title: str | None = None, unit_label: str = "周"):
    """Plot :func:`tracking_curve`: actual and model cumulative repeat purchases, with the end of
    the calibration period marked."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    ax.plot(track.index, track["actual"], color="#212121", label="实际")
    ax.plot(track.index, track["model"], color="#C62828", ls="--", label="BG/NBD 模型")
    cp = track.attrs.get("calibration_period")
    if cp:
        ax.axvline(cp, color="grey", ls=":", lw=1.5)
        ax.text(cp, ax.get_ylim()[1] * 0.05, " 校准期 | 留出期", color="grey")
    ax.set_xlabel(unit_label)
    ax.set_ylabel("累计重复购买次数")
    ax.set_title(title or "累计重复购买：实际与模型")
    ax.legend()
    return ax


def plot_frequency_fit(fit: pd.DataFrame, *, ax=None, title: str | None = None):
    """Bars of :func:`frequency_fit`: actual and model customers per number of repeat purchases."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    pos = np.arange(len(fit))
    ax.bar(pos - 0.2, fit["actual"], 0.4, color="#424242", label="实际")
    ax.bar(pos + 0.2, fit["model"], 0.4, color="#C62828", label="BG/NBD 模型")
    ax.set_xticks(pos, fit.index)
    ax.set_xlabel("校准期内的重复购买次数")
    ax.set_ylabel("客户数")
    ax.set_title(title or "重复购买次数分布：实际与模型")
    ax.legend()
    return ax


def plot_alive_history(history: pd.DataFrame, *, ax=None, title: str | None = None):
    """P(alive) over time with the purchase days marked (存活概率曲线)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.2))
    ax.plot(history.index, history["p_alive"], color="#1565C0")
    buys = history.index[history["purchase"]]
    ax.scatter(buys, np.ones(len(buys)), color="#C62828", zorder=3, label="购买日")
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("P(仍活跃)")
    ax.set_title(title or "购买历史与存活概率")
    ax.legend(loc="lower left")
    return ax


def clv_widget(annual_profit: float = 100, churn: float = 0.10, acquisition_cost: float = 75,
               new_churn: float = 0.05, programme_cost: float = 20, discount: float = 0.0):
    """Sliders for churn, margin, discount rate and programme cost (客户价值滑块): the CLV with
    and without the retention programme, simple and discounted (``timing="end"``)."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    style = {"description_width": "initial"}
    lay = w.Layout(width="360px")
    s_churn = w.FloatSlider(value=churn, min=0.02, max=0.5, step=0.01, description="流失率",
                            readout_format=".0%", continuous_update=False, style=style, layout=lay)
    s_new = w.FloatSlider(value=new_churn, min=0.01, max=0.5, step=0.01, description="计划后流失率",
                          readout_format=".0%", continuous_update=False, style=style, layout=lay)
    s_profit = w.FloatSlider(value=annual_profit, min=10, max=300, step=5, description="年利润（美元）",
                             readout_format=".0f", continuous_update=False, style=style, layout=lay)
    s_cost = w.FloatSlider(value=programme_cost, min=0, max=100, step=1, description="计划成本/年",
                           readout_format=".0f", continuous_update=False, style=style, layout=lay)
    s_disc = w.FloatSlider(value=discount, min=0, max=0.2, step=0.01, description="贴现率",
                           readout_format=".0%", continuous_update=False, style=style, layout=lay)
    out = w.Output()

    def show(change=None):
        with out:
            out.clear_output(wait=True)
            base = [simple_clv(s_profit.value, s_churn.value, acquisition_cost),
                    discounted_clv(s_profit.value, 1 - s_churn.value, s_disc.value, acquisition_cost=acquisition_cost)]
            prog = [simple_clv(s_profit.value, s_new.value, acquisition_cost, s_cost.value),
                    discounted_clv(s_profit.value - s_cost.value, 1 - s_new.value, s_disc.value,
                                   acquisition_cost=acquisition_cost)]
            table = pd.DataFrame({"无保留计划": base, "有保留计划": prog}, index=["幻灯片算法", "贴现 CLV"])
            table["差额"] = table["有保留计划"] - table["无保留计划"]
            display(table.style.format("{:,.0f}").set_uuid("khclvwidget"))
            fig, ax = plt.subplots(figsize=(8, 3.8))
            table[["无保留计划", "有保留计划"]].T.plot.bar(ax=ax, rot=0, color=["#9E9E9E", "#1565C0"])
            ax.axhline(0, color="black", lw=1)
            ax.set_ylabel("CLV（美元）")
            be = break_even_programme_cost(s_profit.value, s_churn.value, s_new.value, s_disc.value)
            ax.set_title(f"盈亏平衡的计划成本：每年 {be:,.0f} 美元")
            plt.show()

    for s in (s_churn, s_new, s_profit, s_cost, s_disc):
        s.observe(show, names="value")
    show()
    return w.VBox([w.HBox([s_churn, s_new]), w.HBox([s_profit, s_cost]), s_disc, out])


def alive_widget(bg: BetaGeoModel, orders: pd.DataFrame, customer_ids, *, end, **cols):
    """A customer picker that shows the customer's purchase history and P(alive) over time."""
    import ipywidgets as w
    import matplotlib.pyplot as plt

    pick = w.Dropdown(options=list(customer_ids), description="客户", layout=w.Layout(width="300px"))
    out = w.Output()

    def show(change=None):
        with out:
            out.clear_output(wait=True)
            h = alive_history(bg, orders, pick.value, end=end, **cols)
            plot_alive_history(h, title=f"客户 {pick.value}：购买 {int(h['purchase'].sum())} 天，"
                                        f"期末 P(仍活跃) = {h['p_alive'].iloc[-1]:.2f}")
            plt.show()

    pick.observe(show, names="value")
    show()
    return w.VBox([pick, out])


def clv_by_grade(clv: pd.Series, grades: pd.Series, *, ungraded: str = "无等级") -> pd.DataFrame:
    """Predicted CLV per grade (各等级的预测客户价值): customers, total and mean CLV, and the
    grade's share of the total. Customers with a CLV but no grade (e.g. no purchase in the
    grading period) form their own row ``ungraded`` rather than disappearing."""
    g = grades.reindex(clv.index)
    cats = list(g.cat.categories) if isinstance(g.dtype, pd.CategoricalDtype) else sorted(g.dropna().unique())
    g = pd.Categorical(g.astype(object).where(g.notna(), ungraded), categories=cats + [ungraded])
    df = pd.DataFrame({"clv": clv.to_numpy(), "grade": g}, index=clv.index)
    out = df.groupby("grade", observed=False)["clv"].agg(customers="size", total="sum", mean="mean")
    if out.loc[ungraded, "customers"] == 0:
        out = out.drop(index=ungraded)
    out["share"] = out["total"] / out["total"].sum()
    return out


def hidden_value(clv: pd.Series, grades: pd.Series, *, top: str = "A") -> pd.DataFrame:
    """Customers outside grade ``top`` whose predicted CLV reaches the median CLV of the ``top``
    grade (被低估的客户): candidates for a higher grade in the visit plan."""
    g = grades.reindex(clv.index).astype(object)
    bar = clv[g == top].median()
    hit = clv[(g != top) & (clv >= bar)].sort_values(ascending=False)
    return pd.DataFrame({"clv": hit, "grade": g[hit.index]}).assign(bar=bar)
