"""Small tables shared by the pandas path and the engine ports of :mod:`khlib.summary`: each is
built in one place so that the two paths cannot drift apart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import examples, fail
from ..io import clean_ids, to_number


def unit_cost_table(pid: pd.Series, cost: pd.Series, unit_cost: str) -> tuple[pd.Series, pd.Series]:
    """A products table's ids and unit costs, checked (单位成本表): text ids cleaned (as
    :func:`khlib.io.clean_ids`), costs read as numbers; fails naming the products on duplicated
    ids and on unit costs that are missing or negative. Returns (ids, costs), same length."""
    if pid.dtype == object or pd.api.types.is_string_dtype(pid):
        pid = clean_ids(pid, str(pid.name))
    dup = pd.Index(pid).duplicated(keep=False)
    if dup.any():
        raise fail(f"产品表中产品编号重复：{examples(pd.Index(pid)[dup].unique())}；每个产品只能有一个单位成本。",
                   f"Duplicated product ids in the products table: {examples(pd.Index(pid)[dup].unique())}; "
                   "each product needs exactly one unit cost.")
    cost = to_number(cost, unit_cost)
    bad = cost.isna() | (cost < 0)
    if bad.any():
        raise fail(f"列 '{unit_cost}'（单位成本）缺失或为负：{examples(pid[bad], cost[bad])}；单位成本应 ≥ 0。",
                   f"Column '{unit_cost}' (unit cost) is missing or negative for {examples(pid[bad], cost[bad])}; "
                   "unit costs must be >= 0.")
    return pid, cost


def retention_frame(active: np.ndarray, first_month: int, last_month: int) -> pd.DataFrame:
    """The cohort retention table (获客队列留存表) from ``active[c, m]`` — the customers of the
    c-th monthly cohort from ``first_month`` (months since 1970-01) ordering m months after
    their first month — up to ``last_month``: shares of the cohort's size (offset 0), missing
    after the data end; empty cohorts left out."""
    k, width = active.shape
    size = active[:, 0].astype(float)  # every customer is active in its first month, and only there at offset 0
    share = active / np.where(size > 0, size, np.nan)[:, None]
    horizon = last_month - (first_month + np.arange(k))  # last observable month offset of each cohort
    share[np.arange(width)[None, :] > horizon[:, None]] = np.nan
    keep = size > 0
    months = pd.period_range(pd.Period(np.datetime64(first_month, "M").astype(str), "M"), periods=k, freq="M")
    out = pd.DataFrame(share[keep], index=pd.Index(months[keep], name="cohort"), columns=list(range(width)))
    out.insert(0, "customers", size[keep])
    return out


def no_cost_error(missing: list) -> Exception:
    """The error for products sold without a unit cost (both paths say the same)."""
    return fail(f"订单中有 {len(missing)} 种产品在产品表中没有单位成本：{examples(missing)}。",
                f"{len(missing)} product(s) sold have no unit cost in the products table: {examples(missing)}.")


def check_span_days(span_days) -> int:
    """``span_days`` of the churn definition as an int ≥ 1, or a clear error."""
    if isinstance(span_days, bool) or not isinstance(span_days, (int, np.integer)) or span_days < 1:
        raise fail(f"span_days 应是 ≥ 1 的整数（多少天不下单算流失），而不是 {span_days!r}。",
                   f"span_days must be a whole number of days >= 1 (how long without an order is churn), "
                   f"not {span_days!r}.")
    return int(span_days)
