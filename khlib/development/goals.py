"""Goals broken down (目标分解): a three-year goal into years, quarters and months, with the
company's seasonality (教材：三年目标 → 年度 → 季度 → 月度)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail


def seasonal_shares(monthly: pd.Series) -> pd.Series:
    """Each calendar month's share of a year's sales (季节系数), averaged over the years of
    ``monthly`` (a Series of sales indexed by month: Period, Timestamp or "2025-03"). Only
    complete years count; the shares of the 12 months sum to 1.

    >>> s = pd.Series([1.0] * 11 + [2.0], index=pd.period_range("2025-01", periods=12, freq="M"))
    >>> round(float(seasonal_shares(s).iloc[-1]), 4)
    0.1538
    """
    idx = pd.PeriodIndex(pd.Index(monthly.index).astype(str), freq="M")
    v = pd.to_numeric(pd.Series(monthly.to_numpy(), index=idx), errors="coerce")
    if v.isna().any() or (v < 0).any():
        raise fail("月度销售额必须是非负数。", "Monthly sales must be non-negative numbers.")
    years = pd.Series(idx.year, index=idx)
    complete = years.groupby(years).transform("size") == 12
    if not complete.any():
        raise fail("没有完整的年份（12 个月）可以计算季节系数。", "No complete year (12 months) to compute seasonal shares from.")
    v = v[complete.to_numpy()]
    share = v / v.groupby(v.index.year).transform("sum")
    out = share.groupby(share.index.month).mean()
    out = out / out.sum()
    out.index = pd.Index(range(1, 13), name="month")
    return out.rename("share")


def goal_breakdown(total: float, *, years: int = 3, growth_rate: float = 0.1, seasonality: pd.Series | None = None,
                   first_year: int = 2026) -> pd.DataFrame:
    """A multi-year goal split into years, quarters and months (目标分解): year goals grow by
    ``growth_rate`` a year and add up to ``total``; each year is split by ``seasonality`` (12 monthly
    shares, e.g. :func:`seasonal_shares`; equal months without it). One row per month with
    ``year``, ``quarter``, ``month``, ``goal``, and the year's and quarter's goals.

    >>> g = goal_breakdown(331.0, years=3, growth_rate=0.1)
    >>> g.groupby("year")["goal"].sum().round(6).tolist()
    [100.0, 110.0, 121.0]
    """
    t = float(total)
    if not np.isfinite(t) or t <= 0:
        raise fail(f"总目标应是正数，而不是 {total!r}。", f"The total goal must be positive, not {total!r}.")
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or years < 1:
        raise fail(f"years 应是 ≥ 1 的整数，而不是 {years!r}。", f"years must be a whole number >= 1, not {years!r}.")
    if not np.isfinite(growth_rate) or growth_rate <= -1:
        raise fail(f"growth_rate 应大于 -1，而不是 {growth_rate!r}。", f"growth_rate must be greater than -1, not {growth_rate!r}.")
    w = (1 + growth_rate) ** np.arange(years)
    year_goal = t * w / w.sum()
    if seasonality is None:
        s = np.full(12, 1 / 12)
    else:
        s = pd.to_numeric(pd.Series(seasonality), errors="coerce").to_numpy(dtype=float)
        if len(s) != 12 or np.isnan(s).any() or (s < 0).any() or not np.isclose(s.sum(), 1.0, atol=1e-9):
            raise fail("seasonality 应是 12 个非负、和为 1 的月度占比。", "seasonality must be 12 non-negative monthly shares summing to 1.")
    month = np.tile(np.arange(1, 13), years)
    year = np.repeat(np.arange(first_year, first_year + years), 12)
    goal = np.repeat(year_goal, 12) * np.tile(s, years)
    out = pd.DataFrame({"year": year, "quarter": (month - 1) // 3 + 1, "month": month, "goal": goal})
    out["year_goal"] = np.repeat(year_goal, 12)
    out["quarter_goal"] = out.groupby(["year", "quarter"])["goal"].transform("sum")
    return out
