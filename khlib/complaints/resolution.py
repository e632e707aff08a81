"""Time to resolution against a service level (处理时效与服务水平), with open complaints treated
as censored: a complaint still open after 4 days says "more than 4 days", not "unknown" and not
"4 days". The Kaplan–Meier estimate is chapter 08's (:func:`khlib.loyalty.kaplan_meier`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from ..io import to_date
from ..loyalty import kaplan_meier


def resolution_times(complaints: pd.DataFrame, *, asof=None) -> pd.DataFrame:
    """Days from receipt to resolution (处理时长) of each complaint: ``days`` (float; for an open
    complaint the days it has been open on ``asof``) and ``resolved`` (1 = resolved, 0 = still
    open: censored). ``complaints`` has khlib's ``received`` and ``resolved`` columns
    (:func:`~khlib.complaints.prepare_complaints`); ``asof`` defaults to the latest time in them.

    >>> c = pd.DataFrame({"received": pd.to_datetime(["2025-03-01 09:00", "2025-03-02 12:00"]),
    ...                   "resolved": pd.to_datetime(["2025-03-02 21:00", None])})
    >>> resolution_times(c, asof="2025-03-04 12:00")
       days  resolved
    0   1.5         1
    1   2.0         0
    """
    need_columns(complaints, ["received", "resolved"], "投诉表", "complaints")
    rec = to_date(complaints["received"], "received")
    res = to_date(complaints["resolved"], "resolved", optional=True)
    if (res < rec).any():
        raise fail("有投诉的解决时间早于受理时间：请先用 prepare_complaints 检查。",
                   "Some complaints are resolved before they were received: check with prepare_complaints.")
    cut = pd.Timestamp(asof) if asof is not None else max(rec.max(), res.max() if res.notna().any() else rec.max())
    late = rec > cut
    if late.any():
        raise fail(f"观察时点 {cut} 早于 {int(late.sum())} 件投诉的受理时间。",
                   f"asof {cut} is before the receive time of {int(late.sum())} complaint(s).")
    done = res.notna() & (res <= cut)
    stop = res.where(done, cut)
    return pd.DataFrame({"days": (stop - rec).dt.total_seconds().to_numpy() / 86400.0,
                         "resolved": done.astype(int).to_numpy()}, index=complaints.index)


def service_level(complaints: pd.DataFrame, *, target_days: float = 5.0, asof=None, level: float = 0.95) -> pd.Series:
    """The share of complaints resolved within ``target_days`` (服务水平达成率), estimated with
    Kaplan–Meier so that open complaints count for the days they have been open, with its
    ``level`` interval (the KM log-scale interval, flipped). For comparison, two naive shares:
    among resolved complaints only (too optimistic: the slow ones are still open) and over all
    complaints counting open ones as missed (too pessimistic for recent ones).

    Returns ``complaints``, ``open``, ``target_days``, ``share``, ``ci_low``, ``ci_high``,
    ``share_resolved_only``, ``share_open_as_missed``.
    """
    if not np.isfinite(target_days) or target_days <= 0:
        raise fail(f"target_days（服务水平天数）应是正数，而不是 {target_days!r}。",
                   f"target_days (the service level in days) must be positive, not {target_days!r}.")
    t = resolution_times(complaints, asof=asof)
    km = kaplan_meier(t, duration="days", event="resolved", level=level)
    upto = km[km.index <= target_days]
    s, lo, hi = (1.0, 1.0, 1.0) if upto.empty else upto.iloc[-1][["survival", "ci_low", "ci_high"]]
    done = t["resolved"] == 1
    within = done & (t["days"] <= target_days)
    return pd.Series({
        "complaints": len(t), "open": int((~done).sum()), "target_days": float(target_days),
        "share": 1 - s, "ci_low": 1 - hi, "ci_high": 1 - lo,
        "share_resolved_only": within.sum() / max(done.sum(), 1),
        "share_open_as_missed": within.sum() / len(t),
    })


def resolution_curve(complaints: pd.DataFrame, *, asof=None, level: float = 0.95) -> pd.DataFrame:
    """The Kaplan–Meier curve of the time to resolution (处理时长曲线), as the share **resolved**
    by each time: ``time`` (days) index; ``at_risk``, ``events``, ``resolved_share``, ``ci_low``,
    ``ci_high``."""
    t = resolution_times(complaints, asof=asof)
    km = kaplan_meier(t, duration="days", event="resolved", level=level)
    return pd.DataFrame({"at_risk": km["at_risk"], "events": km["events"], "resolved_share": 1 - km["survival"],
                         "ci_low": 1 - km["ci_high"], "ci_high": 1 - km["ci_low"]}, index=km.index)
