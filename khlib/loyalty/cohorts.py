"""Acquisition cohorts under a churn definition (按获客队列看流失): for each cohort, the share of
its customers not yet churned a given number of months after acquisition, estimated with
Kaplan–Meier so that recent customers (censored: they have not had the time to churn) count for
the time they have been observed, not as churned and not as retained."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from .survival import kaplan_meier

#: Days in a month for "months since acquisition" (365.25 / 12).
MONTH_DAYS = 30.4375


def cohort_survival(times: pd.DataFrame, *, months: Sequence[int] = (3, 6, 9, 12), freq: str = "Q") -> pd.DataFrame:
    """Share not churned ``months`` after acquisition, by acquisition cohort (队列留存：未流失比例).

    ``times`` is :func:`khlib.summary.churn_times` without a landmark (one row per customer,
    ``start_date``, ``duration_days``, ``churned``). Cohorts are the quarters (``freq="Q"``) or
    months (``"M"``) of ``start_date``; each cell is the cohort's Kaplan–Meier survival at that
    many months, missing when no customer of the cohort was observed that long. Columns: the
    cohort size ``customers``, then one column per month count.

    >>> t = pd.DataFrame({"start_date": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-02-20", "2024-04-02"]),
    ...                   "duration_days": [40.0, 400.0, 200.0, 10.0], "churned": [1, 0, 1, 0]})
    >>> cohort_survival(t, months=(1, 3, 12)).round(3).values.tolist()
    [[3.0, 1.0, 0.667, 0.333], [1.0, nan, nan, nan]]
    """
    need_columns(times, ["start_date", "duration_days", "churned"], "流失时间表", "churn times")
    if freq not in ("Q", "M"):
        raise fail(f"freq 应是 'Q'（季度队列）或 'M'（月度队列），而不是 {freq!r}。",
                   f"freq must be 'Q' (quarterly cohorts) or 'M' (monthly), not {freq!r}.")
    if not months or any(int(m) != m or m < 1 for m in months):
        raise fail(f"months 应是正整数（获客后的月数），而不是 {list(months)}。",
                   f"months must be positive whole numbers of months, not {list(months)}.")
    cohort = pd.to_datetime(times["start_date"]).dt.to_period(freq)
    rows = {}
    for label in sorted(cohort.dropna().unique()):
        part = times[(cohort == label).to_numpy()]
        km = kaplan_meier(part, duration="duration_days", event="churned")
        observed = float(part["duration_days"].max())
        cells = []
        for m in months:
            t = m * MONTH_DAYS
            upto = km[km.index <= t]
            cells.append(np.nan if t > observed else (1.0 if upto.empty else float(upto["survival"].iloc[-1])))
        rows[str(label)] = [float(len(part)), *cells]
    return pd.DataFrame.from_dict(rows, orient="index", columns=["customers", *months]).rename_axis("cohort")
