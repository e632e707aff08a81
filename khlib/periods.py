"""Periods (统计期间): the one place that decides which dated rows fall in ``start`` … ``end``.

Every khlib function with ``start``/``end`` uses :func:`period_bounds` or :func:`in_period`:
both ends are **whole days** and inclusive, so ``end="2025-12-31"`` keeps an order stamped
2025-12-31 14:05 (a plain ``<= Timestamp("2025-12-31")`` would drop it, and with it perhaps a
customer). ``asof`` (the day a state is measured on: recency, balances) is a day as well.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._errors import fail
from .io._dates import parse_day

DateLike = str | pd.Timestamp | None


def day(value, what: str = "date") -> pd.Timestamp:
    """A date-like value as a midnight timestamp (the day it falls on); a clear error when it
    cannot be read. Strings are read like the data's dates (:func:`khlib.io.to_date`):
    ``2025-12-31``, ``2025/12/31``, ``2025年12月31日``, ``20251231``, ``31.12.2025``; an
    ambiguous ``03/04/2025`` is an error. A time zone is dropped (the local day is kept).

    >>> day("2025-12-31 14:05")
    Timestamp('2025-12-31 00:00:00')
    >>> day("2025年1月1日"), day("20250101")
    (Timestamp('2025-01-01 00:00:00'), Timestamp('2025-01-01 00:00:00'))
    """
    return parse_day(value, what).normalize()


def day_number(value, what: str = "date") -> int:
    """The day of :func:`day` as a whole number of days since 1970-01-01 (for vectorised
    comparisons with ``datetime64[D]`` arrays).

    >>> day_number("1970-01-02")
    1
    """
    return int(day(value, what).to_datetime64().astype("datetime64[D]").astype(np.int64))


def period_bounds(start: DateLike = None, end: DateLike = None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``(first instant, first instant after the period)``: start's midnight and the midnight
    after ``end``'s day (half-open, so every time of the last day is inside). ``None`` = open.

    >>> period_bounds("2025-01-01", "2025-12-31")
    (Timestamp('2025-01-01 00:00:00'), Timestamp('2026-01-01 00:00:00'))
    """
    lo = day(start, "start") if start is not None else None
    hi = day(end, "end") + pd.Timedelta(days=1) if end is not None else None
    if lo is not None and hi is not None and hi <= lo:
        raise fail(f"期间结束 {end} 早于开始 {start}。", f"The period ends ({end}) before it starts ({start}).")
    return lo, hi


def in_period(dates: pd.Series, start: DateLike = None, end: DateLike = None) -> pd.Series:
    """Boolean mask: which ``dates`` (datetime64) fall in ``start`` … ``end``, whole days,
    both inclusive.

    >>> s = pd.Series(pd.to_datetime(["2025-12-31 14:05", "2026-01-01 00:00"]))
    >>> in_period(s, end="2025-12-31").tolist()
    [True, False]
    """
    lo, hi = period_bounds(start, end)
    mask = pd.Series(True, index=dates.index)
    if lo is not None:
        mask &= dates >= lo
    if hi is not None:
        mask &= dates < hi
    return mask


def select_period(frame: pd.DataFrame, start: DateLike = None, end: DateLike = None, *,
                  date: str = "order_date", empty_ok: bool = False) -> pd.DataFrame:
    """The rows of ``frame`` whose ``date`` column falls in the period; an error naming the
    period when none does (unless ``empty_ok``)."""
    if start is None and end is None:
        out = frame
    else:
        out = frame[in_period(frame[date], start, end)]
    if len(out) == 0 and not empty_ok:
        raise fail(f"所选期间 {start or '…'} 至 {end or '…'} 内没有记录（{date}）。",
                   f"No rows with {date} between {start or '…'} and {end or '…'}.")
    return out


def month_bounds(month) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a month given as ``"2026-01"`` (or anything pandas reads as a
    month), for use as ``start``/``end``.

    >>> month_bounds("2026-02")
    (Timestamp('2026-02-01 00:00:00'), Timestamp('2026-02-28 00:00:00'))
    """
    try:
        p = pd.Period(month, freq="M")
    except (ValueError, TypeError):
        raise fail(f"月份 {month!r} 无法识别，请写成 '2026-01'。", f"Month {month!r} not understood; write '2026-01'.") from None
    return p.start_time, p.end_time.normalize()


def months_before(month, n: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The ``n`` whole months before ``month`` as ``(start, end)`` days: the look-back window of
    a plan for that month.

    >>> months_before("2026-01", 12)
    (Timestamp('2025-01-01 00:00:00'), Timestamp('2025-12-31 00:00:00'))
    """
    p = pd.Period(month_bounds(month)[0], freq="M")
    return (p - n).start_time, (p.start_time - pd.Timedelta(days=1)).normalize()
