"""Churn drivers measured at a landmark date (流失驱动因素): the covariates of chapter 08's Cox
model, each measured **before** the landmark so that nothing from the follow-up leaks into them
(a complaint counted over the whole period would be more frequent for customers who stayed
longer, and make complaints look protective).

Each covariate comes from the course's standard tables through one khlib call: the grade from
the year's sales (:func:`khlib.abc_grade`), the segment and the first-trade date from the
customer records, complaints and their handling (chapter 07), the overdue share of the
receivables (chapter 05) and visits (chapter 06's contact log). Categories become 0/1 columns
with the first category left out as the reference (A grade, 经销商).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from ..grading import abc_grade
from ..periods import in_period
from ..summary import activity_volume, customer_summary, overdue_by, receivables_by

#: Column names of :func:`landmark_covariates` (Chinese: they are shown as the model's rows).
DRIVERS = ("B 类", "C 类", "企业", "机构", "新客户", "有投诉", "投诉处理不满意", "逾期占比", "拜访（对数）")


def landmark_covariates(
    customer_ids,
    *,
    landmark,
    orders: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    complaints: pd.DataFrame | None = None,
    invoices: pd.DataFrame | None = None,
    payments: pd.DataFrame | None = None,
    activities: pd.DataFrame | None = None,
    days: int = 365,
    visit_days: int = 92,
) -> pd.DataFrame:
    """Churn covariates at ``landmark`` (观察起点的协变量) for ``customer_ids`` (e.g. the
    index of :func:`khlib.summary.churn_times` with ``start=landmark``): one row per customer.

    Columns (those whose tables are given): ``B 类``/``C 类`` (ABC grade on the sales of the
    ``days`` days up to the landmark; A is the reference), ``企业``/``机构`` (segment; 经销商 the
    reference) and ``新客户`` (first trade within the ``days`` before) from ``customers``
    (indexed by customer id); ``有投诉`` and ``投诉处理不满意`` (a complaint received in the ``days``
    before, one rated 不满意) from ``complaints``; ``逾期占比`` (overdue balance ÷ balance on the
    landmark, 0 without a balance) from ``invoices`` and ``payments``; ``拜访（对数）`` (log(1 +
    visits in the ``visit_days`` before)) from ``activities``.
    """
    index = pd.Index(customer_ids, name="customer_id")
    day = pd.Timestamp(landmark).normalize()
    since = day - pd.Timedelta(days=days - 1)
    out = pd.DataFrame(index=index)
    sales = customer_summary(orders, start=since, end=day)["sales"]
    grade = abc_grade(sales)["grade"].astype(str).reindex(index)
    if grade.isna().any():
        raise fail(f"有 {int(grade.isna().sum())} 位客户在观察起点前 {days} 天没有销售额，无法分级：请只传入当时活跃的客户。",
                   f"{int(grade.isna().sum())} customer(s) have no sales in the {days} days before the landmark and "
                   "cannot be graded: pass the customers active then only.")
    out["B 类"], out["C 类"] = (grade == "B").astype(int), (grade == "C").astype(int)
    if customers is not None:
        need_columns(customers, ["segment", "first_trade_date"], "客户资料", "customers")
        seg = customers["segment"].reindex(index)
        out["企业"], out["机构"] = (seg == "企业").astype(int), (seg == "机构").astype(int)
        first = pd.to_datetime(customers["first_trade_date"]).reindex(index)
        out["新客户"] = in_period(first, start=since, end=day).astype(int)
    if complaints is not None:
        need_columns(complaints, ["customer_id", "received", "outcome"], "投诉表", "complaints")
        window = complaints[in_period(pd.to_datetime(complaints["received"]), start=since, end=day).to_numpy()]
        out["有投诉"] = index.isin(window["customer_id"]).astype(int)
        out["投诉处理不满意"] = index.isin(window.loc[window["outcome"] == "不满意", "customer_id"]).astype(int)
    if invoices is not None and payments is not None:
        overdue = overdue_by(invoices, payments, asof=day)["overdue_balance"]
        balance = receivables_by(invoices, payments, asof=day)["balance"]
        share = (overdue / balance.where(balance > 0)).reindex(index)
        out["逾期占比"] = share.fillna(0.0).clip(0.0, 1.0)
    if activities is not None:
        volume = activity_volume(activities, start=day - pd.Timedelta(days=visit_days - 1), end=day)
        visits = volume["拜访"] if "拜访" in volume.columns else pd.Series(dtype=float)
        out["拜访（对数）"] = np.log1p(visits.reindex(index).fillna(0.0).to_numpy(float))
    return out
