"""Churn times and cohort retention on any engine (see :mod:`khlib.summary.engines`): chapter
08's heavy step, :func:`khlib.summary.churn_times` and :func:`khlib.summary.cohort_retention`
written once with narwhals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ..._errors import fail
from ...periods import DateLike, day, day_number
from .._tables import check_span_days, retention_frame
from ._base import finish, nw, order_lines, screen_lines


def _date_of(number: int) -> str:
    return str(np.datetime64(int(number), "D"))


def churn_times_any(
    orders: Any,
    *,
    span_days: int = 180,
    start: DateLike = None,
    end: DateLike = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
):
    """:func:`khlib.summary.churn_times` on any engine (任意引擎上的流失时间): a pandas
    DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame in, the
    same type out (lazy stays lazy, nothing is collected).

    The definition is that of :func:`khlib.summary.churn_times`: each customer's distinct order
    days up to ``end`` (default: the last order day in the data), the gap from each to the next
    (to ``end`` after the last), the churn (流失) at the first order day whose gap is
    ``>= span_days``, else censored at the last order day; with a landmark ``start`` only the
    customers with an order day in [start − span_days, start], every clock starting at ``start``
    and churns looked for from start − span_days on. The gaps are a window over each customer's
    days (``shift(-1)`` ordered by day), the rest one group-by: no row of the lines is collected.

    Columns as in ``SCHEMAS["churn_times"]``: ``start_date``, ``churn_date`` (datetime, whole
    days), ``duration_days`` (float, clipped at 0), ``churned`` (int 0/1), ``came_back`` (bool),
    ``orders`` (int, distinct order days from start_date to churn_date). ``order=`` is checked to
    name a column but not used: churn counts order days.

    Validation checks the columns and their types only (see the module notes). The errors that
    depend on the data — ``end`` before the first order, the default ``end`` (the last order
    day) before ``start``, no customer active at ``start`` — are raised for eager frames
    (pandas, Polars DataFrame); a lazy frame gives an empty result instead.

    An example with Polars (not run by the doctests: Polars is optional)::

        >>> import polars as pl                                           # doctest: +SKIP
        >>> lines = pl.LazyFrame({"customer_id": ["a", "a", "a", "b", "b"],
        ...     "order_date": ["2025-01-01", "2025-01-20", "2025-03-31", "2025-02-10", "2025-03-20"],
        ...     "amount": 1.0}).with_columns(pl.col("order_date").str.to_datetime())  # doctest: +SKIP
        >>> churn_times_any(lines, span_days=30).select(
        ...     "customer_id", "duration_days", "churned", "came_back").collect()     # doctest: +SKIP
        shape: (2, 4)
        ┌─────────────┬───────────────┬─────────┬───────────┐
        │ customer_id ┆ duration_days ┆ churned ┆ came_back │
        │ ---         ┆ ---           ┆ ---     ┆ ---       │
        │ str         ┆ f64           ┆ i64     ┆ bool      │
        ╞═════════════╪═══════════════╪═════════╪═══════════╡
        │ a           ┆ 19.0          ┆ 1       ┆ true      │
        │ b           ┆ 38.0          ┆ 0       ┆ false     │
        └─────────────┴───────────────┴─────────┴───────────┘
    """
    span = check_span_days(span_days)
    start_d = day_number(start, "start") if start is not None else None
    end_d = day_number(end, "end") if end is not None else None
    if start_d is not None and end_d is not None and end_d < start_d:
        raise fail(f"end={end} 早于 start={start}：观察期须在起点之后结束。",
                   f"end={end} is before start={start}: the observation must end after the landmark.")
    lines = order_lines(orders, customer=customer, date=date, amount=amount, order=order, use_order=order is not None)
    screen_lines(lines)
    if isinstance(lines, nw.DataFrame):  # eager: the pandas path's data checks cost nothing here
        first, last = (int(v) if v is not None else None for v in lines.select(
            nw.col("_day").min().alias("lo"), nw.col("_day").max().alias("hi")).row(0))
        if last is not None:
            if end_d is None and start_d is not None and last < start_d:
                raise fail(f"数据的最后订单日 {_date_of(last)}（end 的默认值）早于 start={start}：观察期须在起点之后结束。",
                           f"the last order date {_date_of(last)} (end's default) is before start={start}: "
                           "the observation must end after the landmark.")
            if end_d is not None and end_d < first:
                raise fail(f"end={end} 早于第一笔订单（{_date_of(first)}）：没有可分析的订单。",
                           f"end={end} is before the first order ({_date_of(first)}): no orders to analyse.")
            end_d = end_d if end_d is not None else last
    day_ = nw.col("_day")
    if end_d is not None:
        lines = lines.filter(day_ <= end_d)
        end_expr = nw.lit(end_d, nw.Int64)
    else:  # lazy, no end: the last order day over all customers
        end_expr = day_.max()
    # one row per customer and order day, with its midnight as a datetime
    days = (lines.with_columns(_date=nw.col("order_date").dt.truncate("1d"))
            .group_by("customer_id", "_day").agg(nw.col("_date").min()))
    if end_d is None:
        days = days.with_columns(_end=end_expr)
        end_expr = nw.col("_end")
    gap = day_.shift(-1).over("customer_id", order_by="_day").fill_null(end_expr) - day_
    qualifies = gap >= span
    if start_d is not None:
        qualifies = qualifies & (day_ >= start_d - span)
    days = days.with_columns(_hit=nw.when(qualifies).then(day_))
    churn_day = nw.col("_hit").min().over("customer_id").fill_null(day_.max().over("customer_id"))
    begin = nw.lit(start_d, nw.Int64) if start_d is not None else day_.min().over("customer_id")
    parts = {"_churn_day": churn_day, "_begin": begin}
    days = days.with_columns(**parts)
    counted = (day_ >= nw.col("_begin")) & (day_ <= nw.col("_churn_day"))
    parts = {"_counted": counted.cast(nw.Int64),
             "_churn_date": nw.when(day_ == nw.col("_churn_day")).then(nw.col("_date"))}
    if start_d is not None:
        parts["_active"] = ((day_ >= start_d - span) & (day_ <= start_d)).cast(nw.Int64)
    aggs = [nw.col("_hit").min(), nw.col("_churn_day").min(), nw.col("_begin").min(), nw.col("_day").max().alias("_last"),
            nw.col("_counted").sum(), nw.col("_churn_date").min(), nw.col("_date").min().alias("_first_date")]
    if start_d is not None:
        aggs.append(nw.col("_active").sum())
    if "_end" in days.collect_schema().names():
        aggs.append(nw.col("_end").min())
    out = days.with_columns(**parts).group_by("customer_id").agg(*aggs)
    if start_d is not None:
        out = out.filter(nw.col("_active") > 0)
        if end_d is None:  # lazy, no end: nothing when the last order day is before the landmark
            out = out.filter(nw.col("_end") >= start_d)
    churned = ~nw.col("_hit").is_null()
    duration = nw.col("_churn_day") - nw.col("_begin")
    start_date = (nw.lit(dt.datetime.combine(day(start, "start").date(), dt.time()), nw.Datetime("us"))
                  if start_d is not None else nw.col("_first_date"))
    out = out.with_columns(
        start_date=start_date,
        churn_date=nw.col("_churn_date"),
        duration_days=nw.when(duration > 0).then(duration).otherwise(0).cast(nw.Float64),
        churned=churned.cast(nw.Int64),
        came_back=churned & (nw.col("_churn_day") < nw.col("_last")),
        orders=nw.col("_counted"),
    )
    if isinstance(out, nw.DataFrame) and start_d is not None and len(out) == 0:
        raise fail(f"在 start={start} 之前的 {span} 天内（含 start 当天）没有客户下过单：没有活跃客户可跟踪。",
                   f"No customer ordered in the {span} days up to start={start} (inclusive): "
                   "no active customer to follow.")
    return finish(out, "churn_times")


def cohort_retention_any(
    orders: Any,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
) -> pd.DataFrame:
    """:func:`khlib.summary.cohort_retention` on any engine (任意引擎上的获客队列留存表): a
    pandas DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame
    in, **a pandas DataFrame out** — the same frame as the pandas path (index ``cohort``, a
    monthly Period; ``customers``, the cohort's size; columns 0, 1, 2 … the share of the cohort
    ordering that many months after its first order's month; missing after the end of the data).

    The engine does the heavy part: the distinct (customer, month) pairs, each customer's first
    month (its cohort, a window), and the number of customers per (cohort, months since). Only
    that count table — at most cohorts × months rows — is collected: the result is a small
    display table (a few dozen rows and columns), which is why it comes back as pandas whatever
    the engine. ``order=`` is checked to name a column but not used.

    Validation checks the columns and their types only (see the module notes); no lines give
    an error on every engine (the count table is collected anyway).
    """
    lines = order_lines(orders, customer=customer, date=date, amount=amount, order=order, use_order=order is not None)
    screen_lines(lines)
    date_ = nw.col("order_date")
    month = (date_.dt.year().cast(nw.Int64) - 1970) * 12 + date_.dt.month().cast(nw.Int64) - 1  # months since 1970-01
    pairs = lines.select("customer_id", _month=month).unique()
    counts = (pairs.with_columns(_cohort=nw.col("_month").min().over("customer_id"))
              .with_columns(_since=nw.col("_month") - nw.col("_cohort"))
              .group_by("_cohort", "_since").agg(nw.len().alias("_active")))
    if isinstance(counts, nw.LazyFrame):
        counts = counts.collect()
    table = {k: np.asarray(v, dtype=np.int64) for k, v in counts.to_dict(as_series=False).items()}
    cohort, since, active_n = table["_cohort"], table["_since"], table["_active"]
    if len(cohort) == 0:
        raise fail(f"没有订单行（{date}）：无法计算获客队列。", f"No order lines ({date}): no cohorts to compute.")
    c0 = int(cohort.min())
    k = int(cohort.max()) - c0 + 1
    last_month = int((cohort + since).max())
    width = last_month - c0 + 1
    active = np.zeros((k, width))
    active[cohort - c0, since] = active_n
    return retention_frame(active, c0, last_month)
