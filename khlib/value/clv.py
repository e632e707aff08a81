"""Lifetime value by arithmetic (客户终身价值的算术)：见第01章 客户价值。

The slide's lifetime value and what discounting does to it:

1. The slide (幻灯片上的算术): lifetime = 1 / churn, CLV = lifetime × annual profit − acquisition
   cost; a retention programme that halves churn (925 → 1525 USD); the survival table behind
   "a customer stays 10 years".
2. Discounted CLV with retention ``r``, discount rate ``d`` and margin ``m`` (money per period),
   in the three conventions textbooks use (Fader & Hardie, "Reconciling and Clarifying CLV
   Formulas"), as closed forms and as a year-by-year table that agree; retention economics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail
from ._inputs import count, money, rate

__all__ = [
    "CLV_TIMINGS", "break_even_programme_cost", "clv_by_retention", "clv_table", "discounted_clv",
    "expected_lifetime", "retention_programme", "retention_uplift", "simple_clv", "survival_table",
]

# ============================================================================ 1. the slide


def _churn(x, name: str = "churn") -> float:
    """A churn rate in (0, 1): 0 would make the lifetime infinite."""
    return rate(x, name, zero=False)


def expected_lifetime(churn: float) -> float:
    """Expected customer lifetime in periods (预期客户寿命) = 1 / churn rate: a customer who
    leaves with probability ``churn`` at the end of each year stays 1/churn years on average
    (the geometric distribution; it counts the first year).

    >>> expected_lifetime(0.10)
    10.0
    """
    return 1.0 / _churn(churn)


def simple_clv(annual_profit: float, churn: float, acquisition_cost: float = 0.0,
               retention_cost: float = 0.0) -> float:
    """The slide's lifetime value (简单客户终身价值): expected lifetime × (annual profit −
    annual retention cost per customer) − acquisition cost. No discounting.

    >>> simple_clv(100, 0.10, 75)            # 10 years × 100 − 75
    925.0
    >>> simple_clv(100, 0.05, 75, 20)        # 20 years × (100 − 20) − 75
    1525.0
    """
    profit = money(annual_profit, "annual_profit") - money(retention_cost, "retention_cost")
    return expected_lifetime(churn) * profit - money(acquisition_cost, "acquisition_cost")


def retention_programme(annual_profit: float, churn: float, acquisition_cost: float,
                        new_churn: float, programme_cost: float) -> pd.DataFrame:
    """Compare CLV without and with a retention programme (保留计划) that lowers churn to
    ``new_churn`` at ``programme_cost`` per customer per year; the last row is the gain."""
    churn, new_churn = _churn(churn), _churn(new_churn, "new_churn")
    annual_profit, programme_cost = money(annual_profit, "annual_profit"), money(programme_cost, "programme_cost")
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
    r = 1 - _churn(churn)
    t = np.arange(1, count(years, "years") + 1)
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
    m, r, d = _clv_inputs(margin, retention, discount, timing)
    denom = 1 + d - r
    value = {"start": m * (1 + d), "end": m, "end_retained": m * r}[timing] / denom
    return value - money(acquisition_cost, "acquisition_cost")


def _clv_inputs(margin, retention, discount, timing: str) -> tuple[float, float, float]:
    """Margin (finite money), retention and discount (rates in [0, 1)), and the timing."""
    if timing not in CLV_TIMINGS:
        raise fail(f"timing 须为 {list(CLV_TIMINGS)} 之一，得到 {timing!r}。",
                   f"timing must be one of {list(CLV_TIMINGS)}, got {timing!r}.")
    return money(margin, "margin"), rate(retention, "retention"), rate(discount, "discount")


def clv_table(margin: float, retention: float, discount: float, *, years: int = 50,
              timing: str = "end") -> pd.DataFrame:
    """The year-by-year table behind :func:`discounted_clv` (逐年贴现表): probability the
    customer is still there to pay, margin, discount factor, present value and the running
    total, which converges to the closed form as ``years`` grows."""
    margin, retention, discount = _clv_inputs(margin, retention, discount, timing)
    t = np.arange(1, count(years, "years") + 1)
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
    r = rate(list(retentions), "retentions")
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
    margin, churn, new_churn = money(margin, "margin"), _churn(churn), _churn(new_churn, "new_churn")
    base = discounted_clv(margin, 1 - churn, discount, timing=timing)
    per_margin = discounted_clv(1.0, 1 - new_churn, discount, timing=timing)
    return float(margin - base / per_margin)


def retention_uplift(margin: float, retention: float, points: float, discount: float, *,
                     timing: str = "end") -> float:
    """Relative change of CLV when retention rises by ``points`` (e.g. 0.05 = 5 points): the
    computation behind "5 points more retention raise profit by 25–85%" (留存率提高的利润效应)."""
    m, r, d = _clv_inputs(margin, retention, discount, timing)
    p = money(points, "points")
    rate(abs(p), "points")  # 5 meant as 5 points: the error suggests 0.05
    if not 0 <= r + p < 1:
        raise fail(f"retention + points = {r + p:g} 须在 [0, 1) 之间。", f"retention + points = {r + p:g} must be in [0, 1).")
    before = discounted_clv(m, r, d, timing=timing)
    if before == 0:
        raise fail("提高前的 CLV 为 0（margin 为 0，或 end_retained 口径下留存率为 0）：相对变化没有定义。",
                   "CLV before the rise is 0 (margin 0, or retention 0 with timing end_retained): "
                   "the relative change is undefined.")
    return discounted_clv(m, r + p, d, timing=timing) / before - 1
