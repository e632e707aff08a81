"""Order lines -> the per-customer inputs of "buy till you die" models (BTYD 汇总).

见第01章 客户价值。:func:`btyd_summary` is vectorised on integer codes; :func:`purchase_days`
is the per-customer, per-day table the model checks (tracking curve, P(alive) history) start
from.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail, warn
from ..io._prepare import prepare_lines
from ..periods import day as one_day
from .orders import canonical_orders, one_id


#: Length in days of the time units of the BTYD models (天、周、月).
TIME_UNITS = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}


def btyd_periods(calibration_end, observation_end, unit: str) -> tuple[pd.Timestamp, pd.Timestamp | None]:
    """The BTYD summary's periods checked (校准期与留出期), shared by the pandas path and the
    engine port: ``unit`` one of :data:`TIME_UNITS`, the calibration end and the optional
    observation end as whole days, the holdout after the calibration period."""
    if unit not in TIME_UNITS:
        raise fail(f"unit 须为 'D'、'W' 或 'M'，得到 {unit!r}。", f"unit must be 'D', 'W' or 'M', got {unit!r}.")
    cal_end = one_day(calibration_end, "calibration_end")
    obs_end = one_day(observation_end, "observation_end") if observation_end is not None else None
    if obs_end is not None and obs_end <= cal_end:
        raise fail(f"观察期结束 {obs_end.date()} 必须晚于校准期结束 {cal_end.date()}（留出期在校准期之后）。",
                   f"observation_end {obs_end.date()} must be after calibration_end {cal_end.date()}: "
                   "the holdout period follows the calibration period.")
    return cal_end, obs_end


def _last_per_group(group: np.ndarray, value: np.ndarray, n: int) -> np.ndarray:
    """Maximum of ``value`` per group code (``value`` sorted within each group, groups sorted)."""
    out = np.zeros(n, dtype=np.int64)
    if len(group):
        ends = np.r_[np.flatnonzero(group[1:] != group[:-1]), len(group) - 1]
        out[group[ends]] = value[ends]
    return out


def btyd_summary(
    orders: pd.DataFrame,
    *,
    calibration_end: str | pd.Timestamp,
    observation_end: str | pd.Timestamp | None = None,
    unit: str = "W",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    allow_negative: bool = False,
) -> pd.DataFrame:
    """Per-customer summary for "buy till you die" models (BTYD 汇总：频次、最近、时长、平均消费).

    Follows the convention of Fader, Hardie & Lee (2005) and of the ``lifetimes`` package:
    transactions are first summed per customer and **day**; a customer's first day is the start
    of its clock. In the calibration period (up to and including ``calibration_end``):
    ``frequency`` = number of repeat purchase days (days with a purchase − 1), ``recency`` =
    time from the first to the last purchase day, ``T`` = time from the first purchase day to
    ``calibration_end``, ``monetary_value`` = mean amount of the repeat purchase days (0 when
    there is none; the first purchase is left out), all times in ``unit`` (``"D"`` days,
    ``"W"`` weeks of 7 days, ``"M"`` months of 30.44 days). Only customers whose first purchase
    falls in the calibration period are included, in the order in which they first appear in
    ``orders`` (sort the result by id if you need to). With ``observation_end`` (the holdout end),
    adds ``frequency_holdout`` (purchase days after ``calibration_end``), ``monetary_holdout``
    and ``duration_holdout``.

    Lines are validated like :func:`khlib.prepare_orders` (duplicated order lines included).
    Returns (negative lines, with ``allow_negative=True``): a **purchase day** is a day with a
    purchase line whose net amount (purchases minus that day's returns) is positive, or that
    has no return; its value is that net amount. A day of returns only is not a purchase day
    and its amount is left out (the models describe purchases). Without returns nothing changes.

    >>> t = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                   "order_date": ["1997-01-01", "1997-01-15", "1997-01-15", "1997-01-08"],
    ...                   "amount": [10.0, 20.0, 5.0, 7.0]})
    >>> btyd_summary(t, calibration_end="1997-01-29")
                 frequency  recency    T  monetary_value
    customer_id
    a                    1      2.0  4.0            25.0
    b                    0      0.0  3.0             0.0

    A Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame is summarised on
    its own engine and comes back as the same type, sorted by id (:func:`khlib.summary.engines.btyd_summary_any`).
    """
    if not isinstance(orders, pd.DataFrame):  # another engine: the narwhals port, same columns
        from .engines import btyd_summary_any
        return btyd_summary_any(orders, calibration_end=calibration_end, observation_end=observation_end, unit=unit,
                                customer=customer, date=date, amount=amount, allow_negative=allow_negative)
    cal_end, obs_end = btyd_periods(calibration_end, observation_end, unit)
    prep = prepare_lines(orders, customer=customer, date=date, amount=amount, allow_negative=allow_negative)
    df = prep.frame
    last = df["order_date"].max()
    if obs_end is not None and obs_end > last:
        warn(f"留出期结束 {obs_end.date()} 晚于最后一笔交易（{last.date()}）：留出期可能不完整。",
             f"observation_end {obs_end.date()} is after the last transaction ({last.date()}); "
             "the holdout may be incomplete.")
    # Vectorised on integer codes: customer -> code, date -> day number, one sort of the
    # combined key, then per-day and per-customer sums with bincount / reduceat.
    codes, ids = prep.customers.codes, prep.customers.ids  # factorised once, by the validation
    day = df["order_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    d0 = int(day.min())
    span = int(day.max()) - d0 + 1
    key = codes.astype(np.int64) * span + (day - d0)
    ukey, inv = np.unique(key, return_inverse=True)
    amounts = df["amount"].to_numpy(dtype=float)
    d_amount = np.bincount(inv, weights=amounts)
    if (amounts < 0).any():  # returns: keep the purchase days (see the docstring)
        buys = np.bincount(inv, weights=(amounts >= 0).astype(float)) > 0
        rets = np.bincount(inv, weights=(amounts < 0).astype(float)) > 0
        purchase = buys & ((d_amount > 0) | ~rets)
        ukey, d_amount = ukey[purchase], d_amount[purchase]
        if not len(ukey):
            raise fail("没有任何购买日（所有日子都只有退货或退货抵消了购买）。",
                       "No purchase day: every day has only returns or returns that cancel its purchases.")
    d_code, d_day = ukey // span, ukey % span + d0  # sorted by customer, then day
    new_cust = np.r_[True, d_code[1:] != d_code[:-1]]
    starts = np.flatnonzero(new_cust)
    first = np.repeat(d_day[starts], np.diff(np.r_[starts, len(d_day)]))
    cal_end_d = int(np.datetime64(cal_end.date(), "D").astype(np.int64))
    keep_cust = d_day[starts] <= cal_end_d
    if not keep_cust.any():
        raise fail(f"校准期结束 {cal_end.date()} 之前没有任何客户的首次购买。",
                   f"No customer made a first purchase on or before {cal_end.date()}.")
    n = len(ids)
    in_cal = d_day <= cal_end_d
    u = TIME_UNITS[unit]
    days_in_cal = np.bincount(d_code[in_cal], minlength=n)
    last_cal = _last_per_group(d_code[in_cal], d_day[in_cal], n)
    first_c = np.full(n, 0, dtype=np.int64)
    first_c[d_code[starts]] = d_day[starts]
    rep = in_cal & (d_day > first)
    rep_n = np.bincount(d_code[rep], minlength=n)
    rep_sum = np.bincount(d_code[rep], weights=d_amount[rep], minlength=n)
    sel = np.flatnonzero(keep_cust)
    cust = d_code[starts][sel]
    out = pd.DataFrame({
        "frequency": days_in_cal[cust] - 1,
        "recency": (last_cal[cust] - first_c[cust]) / u,
        "T": (cal_end_d - first_c[cust]) / u,
        "monetary_value": np.divide(rep_sum[cust], rep_n[cust], out=np.zeros(len(cust)), where=rep_n[cust] > 0),
    }, index=pd.Index(np.asarray(ids)[cust], name="customer_id"))
    if obs_end is not None:
        obs_end_d = int(np.datetime64(obs_end.date(), "D").astype(np.int64))
        hold = (d_day > cal_end_d) & (d_day <= obs_end_d)
        h_n = np.bincount(d_code[hold], minlength=n)
        h_sum = np.bincount(d_code[hold], weights=d_amount[hold], minlength=n)
        out["frequency_holdout"] = h_n[cust]
        out["monetary_holdout"] = np.divide(h_sum[cust], h_n[cust], out=np.zeros(len(cust)), where=h_n[cust] > 0)
        out["duration_holdout"] = (obs_end_d - cal_end_d) / u
    out.index.name = "customer_id"
    return out


def purchase_days(
    orders: pd.DataFrame,
    *,
    customer_id=None,
    end: str | pd.Timestamp | None = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    allow_negative: bool = False,
) -> pd.DataFrame:
    """One row per customer and purchase day (购买日), the unit of the BTYD models.

    Output schema (sorted by customer, then day; default integer index): ``customer_id``,
    ``day`` (datetime, midnight), ``amount`` (float, the day's total), ``first_day`` (datetime,
    the customer's first purchase day). ``customer_id`` keeps one customer (an error when it has
    no purchase); ``end`` drops the days after it (whole day). With returns
    (``allow_negative=True``) the purchase days and their net amounts follow
    :func:`btyd_summary`."""
    df = canonical_orders(orders, customer=customer, date=date, amount=amount, allow_negative=allow_negative)
    if customer_id is not None:
        df = df[df["customer_id"] == one_id(customer_id)]
        if df.empty:
            raise fail(f"客户 '{customer_id}' 没有交易记录。", f"Customer '{customer_id}' has no transactions.")
    g = df.assign(day=df["order_date"].dt.normalize(), buy=df["amount"] >= 0, ret=df["amount"] < 0) \
        .groupby(["customer_id", "day"], sort=True)
    daily = g["amount"].sum().reset_index()
    if not df["amount"].ge(0).all():  # returns: keep the purchase days
        buys, rets = g["buy"].any().to_numpy(), g["ret"].any().to_numpy()
        daily = daily[buys & ((daily["amount"].to_numpy() > 0) | ~rets)].reset_index(drop=True)
        if daily.empty:
            raise fail(f"客户 '{customer_id}' 没有购买日（只有退货）。" if customer_id is not None else "没有任何购买日。",
                       f"Customer '{customer_id}' has no purchase day (returns only)." if customer_id is not None
                       else "No purchase day.")
    daily["first_day"] = daily.groupby("customer_id")["day"].transform("min")
    if end is not None:
        from ..periods import in_period

        daily = daily[in_period(daily["day"], None, end)].reset_index(drop=True)
    return daily
