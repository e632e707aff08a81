"""Event lines -> periods and windows (事件汇总): complaints, deliveries or any dated events counted
per week or month, and each event's customer's orders in the days before and after it.
见第07章（客户投诉：控制图、投诉后的复购）。

Both are heavy steps (they read every event line and every order line) and stay here, apart
from the light steps of chapter 07 (control limits, service level, the recovery comparison).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import examples, fail, need_columns
from ..io import clean_ids, to_date
from ..periods import day_number


def _days(values: pd.Series) -> np.ndarray:
    """Whole days since 1970-01-01 of a datetime Series (vectorised)."""
    return values.to_numpy().astype("datetime64[D]").astype(np.int64)
from .orders import canonical_orders

#: Period codes of :func:`event_counts` -> pandas period frequency.
EVENT_FREQS = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}


def event_counts(
    events: pd.DataFrame,
    *,
    date: str,
    freq: str = "W",
    start=None,
    end=None,
    by: str | None = None,
) -> pd.DataFrame:
    """Count dated events per period (按期计数): days, weeks (Monday to Sunday), months, quarters
    or years from ``start`` to ``end`` (default: the first and last event), **every** period
    listed, those without an event as 0 — a control chart needs the quiet weeks too.

    Output: index ``period`` (the first day of each period, datetime), one integer column
    ``count``, or with ``by=`` one column per value of that column (sorted).

    >>> ev = pd.DataFrame({"received": ["2024-01-01 09:00", "2024-01-03", "2024-01-16"], "k": ["a", "b", "a"]})
    >>> event_counts(ev, date="received")["count"].tolist()
    [2, 0, 1]
    >>> event_counts(ev, date="received", by="k", start="2024-01-01", end="2024-01-14").to_dict("list")
    {'a': [1, 0], 'b': [1, 0]}
    """
    if freq not in EVENT_FREQS:
        raise fail(f"freq 应是 {list(EVENT_FREQS)} 之一（日、周、月、季、年），而不是 {freq!r}。",
                   f"freq must be one of {list(EVENT_FREQS)} (day, week, month, quarter, year), not {freq!r}.")
    need_columns(events, [date] + ([by] if by else []), "事件表", "events")
    when = to_date(events[date], date)
    lo = pd.Timestamp(start) if start is not None else when.min()
    hi = pd.Timestamp(end) if end is not None else when.max()
    if hi.normalize() < lo.normalize():
        raise fail(f"结束日 {hi:%Y-%m-%d} 早于开始日 {lo:%Y-%m-%d}。", f"end {hi:%Y-%m-%d} is before start {lo:%Y-%m-%d}.")
    inside = (when >= lo.normalize()) & (when < hi.normalize() + pd.Timedelta(days=1))
    code = EVENT_FREQS[freq]
    periods = pd.period_range(lo, hi, freq=code)
    pos = pd.PeriodIndex(when[inside], freq=code).asi8 - periods[0].ordinal
    index = pd.Index(periods.start_time, name="period")
    if by is None:
        return pd.DataFrame({"count": np.bincount(pos, minlength=len(periods))}, index=index)
    groups, names = pd.factorize(events.loc[inside, by], sort=True)
    if (groups < 0).any():
        bad = events.index[inside][groups < 0]
        raise fail(f"分组列 '{by}' 有空值：{examples(bad)}。", f"Group column '{by}' is empty at {examples(bad)}.")
    flat = np.bincount(groups * len(periods) + pos, minlength=len(names) * len(periods))
    return pd.DataFrame(flat.reshape(len(names), len(periods)).T, index=index, columns=pd.Index(names, name=by))


def orders_around(
    events: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    days: int = 90,
    event_date: str = "received",
    end=None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
) -> pd.DataFrame:
    """Each event's customer's orders in the ``days`` before and after it (事件前后的订单): the
    heavy step of "do customers buy again after a complaint?".

    ``events`` has a customer column (the same name as in ``orders``) and ``event_date`` (a
    date or time; the day counts). Before = the ``days`` days up to the day before the event;
    after = the ``days`` days after the event's day (the day itself belongs to neither: an order
    that day may precede the complaint). ``followed`` is False when the window after runs past
    ``end`` (default: the last order date in ``orders``): those events cannot be judged yet.
    Orders are distinct order ids (``order=``), or distinct order days without one.

    Output: one row per event, the events' index; ``orders_before`` (int), ``orders_after``
    (int), ``sales_after`` (float), ``followed`` (bool).

    >>> lines = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "order_id": [1, 2, 3, 4],
    ...     "order_date": ["2024-01-10", "2024-02-01", "2024-03-15", "2024-02-20"], "amount": [10.0, 20.0, 40.0, 5.0]})
    >>> ev = pd.DataFrame({"customer_id": ["a", "b"], "received": ["2024-02-01 10:00", "2024-02-01"]})
    >>> orders_around(ev, lines, days=60, end="2024-12-31")
       orders_before  orders_after  sales_after  followed
    0              1             1         40.0      True
    1              0             1          5.0      True
    """
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or days < 1:
        raise fail(f"days 应是 ≥ 1 的整数（天数），而不是 {days!r}。", f"days must be a whole number of days >= 1, not {days!r}.")
    need_columns(events, [customer, event_date], "事件表", "events")
    df = canonical_orders(orders, customer=customer, date=date, amount=amount, order=order)
    day = _days(df["order_date"])
    key_ids = df["order_id"] if "order_id" in df.columns else pd.Series(day, index=df.index)
    # one row per order: its first day and its amount
    by_order = pd.DataFrame({"c": df["customer_id"].to_numpy(), "o": key_ids.to_numpy(), "d": day,
                             "a": df["amount"].to_numpy(dtype=float)}).groupby(["c", "o"], sort=False)
    per_order = by_order.agg(d=("d", "min"), a=("a", "sum"))
    cust = per_order.index.get_level_values("c").to_numpy()
    oday, oamt = per_order["d"].to_numpy(), per_order["a"].to_numpy()
    ids = pd.Index(pd.unique(cust))
    code = ids.get_indexer(cust)
    ev_cust = clean_ids(events[customer], customer)
    ev_code = ids.get_indexer(ev_cust.to_numpy())
    ev_day = _days(to_date(events[event_date], event_date))
    base = int(min(oday.min(), ev_day.min(initial=oday.min()))) - days - 5
    span = int(max(oday.max(), ev_day.max(initial=oday.max()))) + days + 5 - base
    key = code.astype(np.int64) * span + (oday - base)
    order_by = np.argsort(key, kind="stable")
    key, cum = key[order_by], np.concatenate([[0.0], np.cumsum(oamt[order_by])])
    off = (ev_day - base).astype(np.int64)
    known = ev_code >= 0  # a customer without orders has none before or after
    ek = np.where(known, ev_code, 0).astype(np.int64) * span
    lo_b = np.searchsorted(key, ek + off - days, "left")
    hi_b = np.searchsorted(key, ek + off, "left")
    lo_a = np.searchsorted(key, ek + off + 1, "left")
    hi_a = np.searchsorted(key, ek + off + days + 1, "left")
    last = day_number(end, "end") if end is not None else int(oday.max())
    return pd.DataFrame({
        "orders_before": np.where(known, hi_b - lo_b, 0),
        "orders_after": np.where(known, hi_a - lo_a, 0),
        "sales_after": np.where(known, cum[hi_a] - cum[lo_a], 0.0),
        "followed": ev_day + days <= last,
    }, index=events.index)
