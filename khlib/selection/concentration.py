"""Concentration of sales and profit (集中度): Pareto / Lorenz curves, the Gini coefficient and
the whale curve of customer profitability.

Light steps on one value per customer (a Series indexed by customer id): a sort and a
cumulative sum, O(n log n), no loop over customers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import fail


def _values(values: pd.Series, what: str, *, negative_ok: bool = False) -> np.ndarray:
    """The values as floats; clear errors for empty input, missing values and negatives."""
    if isinstance(values, pd.DataFrame):
        raise fail(f"{what}需要一列数值（Series），而不是表格。", f"{what} needs one column of values (a Series), not a table.")
    v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    if len(v) == 0:
        raise fail(f"{what}：没有数值（0 个客户）。", f"{what}: no values (0 customers).")
    if np.isnan(v).any() or not np.isfinite(v).all():
        raise fail(f"{what}：有 {int((~np.isfinite(v)).sum())} 个缺失或无穷大的值。",
                   f"{what}: {int((~np.isfinite(v)).sum())} missing or infinite value(s).")
    if not negative_ok and (v < 0).any():
        raise fail(f"{what}：有 {int((v < 0).sum())} 个负数。有亏损（负利润）时集中度曲线与基尼系数没有意义，"
                   "请用鲸鱼曲线（kh.selection.whale_curve）。",
                   f"{what}: {int((v < 0).sum())} negative value(s). With losses (negative profit) a Lorenz curve and "
                   "the Gini coefficient are not defined (the Gini is no longer bounded by 1): use the whale curve "
                   "(kh.selection.whale_curve).")
    return v


def lorenz_curve(values: pd.Series, *, descending: bool = True) -> pd.DataFrame:
    """The Pareto curve (帕累托曲线) or, ascending, the Lorenz curve (洛伦兹曲线) of one value
    per customer: ``customer_share`` against ``value_share`` (cumulative shares, both 0 to 1,
    starting at the point (0, 0)).

    Descending order (the default) puts the biggest customers first, as marketing draws it;
    ``descending=False`` gives the economist's Lorenz curve (smallest first).

    >>> lorenz_curve(pd.Series([10.0, 30.0, 60.0]))["value_share"].tolist()
    [0.0, 0.6, 0.9, 1.0]
    """
    v = _values(values, "帕累托曲线 / Lorenz curve")
    total = v.sum()
    if total <= 0:
        raise fail("所有客户的数值都是 0：没有可以描述的集中度。", "Every value is 0: there is no concentration to describe.")
    s = np.sort(v)[::-1] if descending else np.sort(v)
    return pd.DataFrame({"customer_share": np.r_[0.0, np.arange(1, len(s) + 1) / len(s)],
                         "value_share": np.r_[0.0, np.cumsum(s) / total]})


def gini(values: pd.Series, *, unbiased: bool = False) -> float:
    """The Gini coefficient (基尼系数) of one value per customer (≥ 0): the mean absolute
    difference between two customers divided by twice the mean; 0 when all are equal, (n − 1)/n
    when one customer has everything. ``unbiased=True`` multiplies by n/(n − 1) (the estimate for
    a sample drawn from a larger population; 1 when one has everything).

    Computed from the sorted values, G = Σ (2i − n − 1) x₍ᵢ₎ / (n Σ x), exact for the finite
    population. Tested against closed forms (Pareto index α: 1/(2α − 1); uniform: 1/3;
    exponential: 1/2; log-normal σ: 2Φ(σ/√2) − 1).

    >>> gini(pd.Series([0, 0, 0, 1]))
    0.75
    """
    v = np.sort(_values(values, "基尼系数 / Gini"))
    n = len(v)
    total = v.sum()
    if total <= 0:
        raise fail("所有客户的数值都是 0：基尼系数没有定义。", "Every value is 0: the Gini coefficient is not defined.")
    g = float(np.sum((2 * np.arange(1, n + 1) - n - 1) * v) / (n * total))
    if unbiased:
        if n < 2:
            raise fail("只有一个客户，无法做小样本修正（unbiased=True）。", "One customer only: unbiased=True needs two or more.")
        g *= n / (n - 1)
    return g


def top_share(values: pd.Series, share: float = 0.2) -> float:
    """Share of the total carried by the top ``share`` of customers (前 x% 客户的占比): the
    height of the Pareto curve at ``share`` of the customers, interpolated linearly between
    two customers when ``share × n`` is not a whole number (0.2 of 12 customers = 2.4: the top
    two plus 0.4 of the third).

    >>> top_share(pd.Series([50.0, 30.0, 10.0, 5.0, 5.0]), 0.2)
    0.5
    """
    if not 0 <= share <= 1:
        raise fail(f"share 应在 0 与 1 之间，而不是 {share}。", f"share must be between 0 and 1, not {share}.")
    curve = lorenz_curve(values)
    return float(np.interp(share, curve["customer_share"], curve["value_share"]))


def whale_curve(profit: pd.Series) -> pd.DataFrame:
    """The whale curve (鲸鱼曲线, customer profitability curve; Kaplan & Cooper, 1998): customers
    ranked by profit, most profitable first; cumulative profit as a share of the total profit.
    It rises above 1 (100%) while the profitable customers are added and falls back to 1 as the
    loss-making ones take their share away.

    Output (index: customer id, in rank order): ``rank`` (1 = most profitable),
    ``customer_share``, ``profit``, ``cumulative_profit``, ``cumulative_share``. Fails when the
    total profit is 0 or negative: shares of a total that is not positive mean nothing.

    >>> whale_curve(pd.Series({"a": 50.0, "b": -20.0, "c": 30.0, "d": 20.0, "e": -10.0}))["cumulative_share"].round(3).tolist()
    [0.714, 1.143, 1.429, 1.286, 1.0]
    """
    v = _values(profit, "鲸鱼曲线 / whale curve", negative_ok=True)
    total = v.sum()
    if total <= 0:
        raise fail(f"客户利润合计为 {total:,.2f}（不是正数）：鲸鱼曲线以总利润为 100%，总利润不为正时没有意义。",
                   f"The customers' profits add up to {total:,.2f} (not positive): the whale curve is drawn as a share "
                   "of the total profit, which must be positive.")
    index = pd.Series(profit).index
    order = np.lexsort((np.arange(len(v)), -v))  # most profitable first; ties keep the input order
    s = v[order]
    cum = np.cumsum(s)
    n = len(s)
    return pd.DataFrame({"rank": np.arange(1, n + 1), "customer_share": np.arange(1, n + 1) / n, "profit": s,
                         "cumulative_profit": cum, "cumulative_share": cum / total},
                        index=pd.Index(index[order], name=index.name or "customer_id"))


@dataclass(frozen=True)
class WhaleSummary:
    """The numbers of a whale curve (鲸鱼曲线要点)."""

    customers: int  #: number of customers
    total_profit: float
    peak_share: float  #: the curve's peak, e.g. 1.43 = 143% of the total profit
    customers_at_peak: int  #: customers up to the peak (all profitable ones)
    customers_at_peak_share: float
    unprofitable: int  #: customers with profit < 0
    unprofitable_share: float
    loss_total: float  #: the sum of the losses (≤ 0)
    top20_share: float  #: profit share of the top 20% of customers (interpolated)


def whale_summary(profit: pd.Series) -> WhaleSummary:
    """The whale curve in numbers (鲸鱼曲线要点): its peak, how many customers reach it, how
    many lose money and how much, and the profit share of the top 20%.

    >>> s = whale_summary(pd.Series([50.0, 30.0, 20.0, -10.0, -20.0]))
    >>> round(s.peak_share, 4), s.customers_at_peak, s.unprofitable, s.loss_total
    (1.4286, 3, 2, -30.0)
    """
    curve = whale_curve(profit)
    cum = curve["cumulative_share"].to_numpy()
    peak = int(np.argmax(cum))
    p = curve["profit"].to_numpy()
    n = len(p)
    top20 = float(np.interp(0.2, np.r_[0.0, curve["customer_share"].to_numpy()], np.r_[0.0, cum]))
    return WhaleSummary(
        customers=n, total_profit=float(p.sum()), peak_share=float(cum[peak]), customers_at_peak=peak + 1,
        customers_at_peak_share=(peak + 1) / n, unprofitable=int((p < 0).sum()), unprofitable_share=float((p < 0).mean()),
        loss_total=float(p[p < 0].sum()), top20_share=top20)
