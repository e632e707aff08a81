"""Contact discipline (客情维护的执行, chapter 06): the contact log against chapter 04's visit plan
by grade — who was visited as often as the plan asks, and which A customers were not visited.

The heavy step (activity lines → visits per customer) is :func:`khlib.summary.activity_volume`;
these functions work on its per-customer result and the graded customers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail
from ..grading.visits import VISIT_PLAN


def contact_compliance(graded: pd.DataFrame, contacts: pd.Series, *, grade: str = "grade", months: float = 12.0,
                       visit_plan: pd.DataFrame = VISIT_PLAN, role: str = "业务员", activity: str = "拜访") -> pd.DataFrame:
    """Each graded customer's contacts against the plan (拜访计划执行): ``planned`` is the plan's
    lower bound for ``role`` and ``activity`` per month × ``months`` (e.g. A: 3 visits a month by the
    salesperson), ``actual`` the customer's contacts in the period (``contacts``: a Series by
    customer id, such as ``activity_volume(...)["拜访"]``; customers without any count 0), ``met``
    whether actual ≥ planned and ``shortfall`` = max(planned − actual, 0). Grades the plan does
    not cover for this role and activity plan no contact (D)."""
    if not isinstance(graded, pd.DataFrame) or grade not in graded.columns:
        raise fail(f"graded 应是带等级列 '{grade}' 的表（每个客户一行，索引为客户编号）。",
                   f"graded must be a table with a grade column '{grade}' (one row per customer, customer ids as index).")
    if graded.index.has_duplicates:
        raise fail("graded 的客户编号有重复。", "graded has duplicated customer ids.")
    if not np.isfinite(months) or months <= 0:
        raise fail(f"months 应是正数，而不是 {months!r}。", f"months must be positive, not {months!r}.")
    plan = visit_plan[(visit_plan["role"] == role) & (visit_plan["activity"] == activity)]
    if plan.empty:
        raise fail(f"拜访计划中没有 {role} 的 {activity}。", f"The visit plan has no {activity} by {role}.")
    per_month = plan.set_index("grade")["per_month_low"]
    c = pd.to_numeric(pd.Series(contacts), errors="coerce")
    if c.isna().any() or (c < 0).any():
        raise fail("contacts 应是非负的次数（按客户编号）。", "contacts must be non-negative counts by customer id.")
    g = graded[grade].astype(str)
    out = pd.DataFrame({"grade": graded[grade], "planned": g.map(per_month).fillna(0.0).to_numpy() * months,
                        "actual": c.reindex(graded.index).fillna(0.0).to_numpy()}, index=graded.index)
    out["met"] = out["actual"] >= out["planned"] - 1e-9
    out["shortfall"] = (out["planned"] - out["actual"]).clip(lower=0.0)
    return out


def compliance_by(compliance: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Plan execution per group (按业务员或区域的执行情况): customers with a plan, share of them
    whose plan was met, planned and actual contacts, and A customers not contacted at all.
    ``groups`` maps customer id → group (salesperson, region)."""
    need = {"grade", "planned", "actual", "met"}
    if not need <= set(compliance.columns):
        raise fail("compliance 应是 contact_compliance 的结果。", "compliance must be the result of contact_compliance.")
    g = pd.Series(groups).reindex(compliance.index)
    if g.isna().any():
        missing = list(compliance.index[g.isna()][:5])
        raise fail(f"groups 缺少这些客户：{missing}…", f"groups lacks these customers: {missing}…")
    with_plan = compliance[compliance["planned"] > 0]
    key = g[with_plan.index]
    grp = with_plan.groupby(key, sort=True)
    out = pd.DataFrame({"customers": grp.size(), "met_share": grp["met"].mean(), "planned": grp["planned"].sum(),
                        "actual": grp["actual"].sum()})
    a = with_plan[(with_plan["grade"].astype(str) == "A") & (with_plan["actual"] == 0)]
    out["a_unvisited"] = a.groupby(key[a.index]).size().reindex(out.index).fillna(0).astype(int)
    out.index.name = g.name if g.name is not None else "group"
    return out
