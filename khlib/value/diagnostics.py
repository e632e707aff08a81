"""Model checks (模型检验)：见第01章 客户价值。

Does the BG/NBD model fit? Cumulative repeat purchases against the model over the calibration
and holdout periods (the classic tracking plot), the distribution of repeat purchases, and one
customer's P(alive) day by day. The order lines are aggregated to purchase days by
:func:`khlib.summary.purchase_days` (the heavy step); here only the model's arithmetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..periods import day, in_period
from ..summary import TIME_UNITS, purchase_days
from .models import BetaGeoModel, btyd_columns

__all__ = ["alive_history", "frequency_fit", "tracking_curve"]


def tracking_curve(bg: BetaGeoModel, orders: pd.DataFrame, *, calibration_end, observation_end,
                   unit: str = "W", customer: str = "customer_id", date: str = "order_date",
                   amount: str = "amount") -> pd.DataFrame:
    """Cumulative repeat purchases per period, actual against the model (累计重复购买：实际 vs 模型):
    the classic calibration/holdout tracking check. Expected = Σ_i E[X(t − s_i)] over customers
    who made their first purchase at s_i (only first purchases up to ``calibration_end`` count)."""
    u = TIME_UNITS[unit]
    days = purchase_days(orders, customer=customer, date=date, amount=amount)
    cal_end, obs_end = day(calibration_end, "calibration_end"), day(observation_end, "observation_end")
    days = days[in_period(days["first_day"], end=cal_end) & in_period(days["day"], end=obs_end)]
    daily = pd.DataFrame({"c": days["customer_id"], "d": days["day"], "f": days["first_day"]})
    origin = daily["f"].min()
    periods = int(np.ceil(((obs_end - origin).days + 1) / u))
    t_end = np.arange(1, periods + 1) * u  # days since origin at the end of each period
    rep = daily[daily["d"] > daily["f"]]
    rep_t = (rep["d"] - origin).dt.days.to_numpy()
    actual = np.searchsorted(np.sort(rep_t), t_end - 1, side="right")
    starts = (daily.drop_duplicates("c")["f"] - origin).dt.days.to_numpy() / u  # one per customer, sorted
    grid = t_end[None, :] / u - starts[:, None] - 1 / u  # periods each customer has been around
    expected = np.where(grid > 0, bg.expected_repeat_purchases(np.clip(grid, 0, None)), 0).sum(axis=0)
    idx = pd.Index(np.arange(1, periods + 1), name="period")
    out = pd.DataFrame({"actual": actual, "model": expected}, index=idx)
    out.attrs["calibration_period"] = int(np.ceil(((cal_end - origin).days + 1) / u))
    return out


def frequency_fit(bg: BetaGeoModel, summary: pd.DataFrame, *, max_x: int = 7) -> pd.DataFrame:
    """Number of customers with 0, 1, …, ``max_x``+ repeat purchases in the calibration period,
    actual against the model's Σ_i P(X(T_i) = x) (重复购买次数分布的拟合)."""
    x, _, T = btyd_columns(summary, ("frequency", "recency", "T"))
    rows = []
    for k in range(max_x):
        rows.append((str(k), int((x == k).sum()), float(bg.probability_of_n_purchases(T, k).sum())))
    rows.append((f"{max_x}+", int((x >= max_x).sum()), len(x) - sum(r[2] for r in rows)))
    return pd.DataFrame(rows, columns=["repeat_purchases", "actual", "model"]).set_index("repeat_purchases")


def alive_history(bg: BetaGeoModel, orders: pd.DataFrame, customer_id, *, end, unit: str = "W",
                  customer: str = "customer_id", date: str = "order_date", amount: str = "amount") -> pd.DataFrame:
    """One customer's P(alive) day by day from its first purchase to ``end`` (存活概率的变化):
    it jumps to 1 at each purchase and decays while the customer stays away."""
    mine = purchase_days(orders, customer_id=customer_id, customer=customer, date=date, amount=amount)["day"].to_numpy()
    days = pd.date_range(mine[0], day(end, "end"), freq="D")
    n_by_day = np.searchsorted(mine, days.values, side="right")  # purchase days up to each day
    x = n_by_day - 1
    last = mine[n_by_day - 1]
    u = TIME_UNITS[unit]
    tx = (last - mine[0]).astype("timedelta64[D]").astype(float) / u
    T = (days.values - mine[0]).astype("timedelta64[D]").astype(float) / u
    p = bg.probability_alive(x, tx, T)
    return pd.DataFrame({"p_alive": p, "purchases": x + 1, "purchase": np.isin(days.values, mine)},
                        index=pd.Index(days, name="date"))
