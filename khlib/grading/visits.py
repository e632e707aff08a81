"""The visit plan per grade (分级拜访计划) and the workload it asks for. 见第04章 客户分级；
the monthly calendar built from it is in :mod:`khlib.fieldsales`."""

from __future__ import annotations

import pandas as pd

from .._deprecation import renamed_kwargs
from .._errors import fail

VISIT_PLAN = pd.DataFrame(
    [
        ("A", "业务员", "拜访", 3, 3, "每月 3 次"),
        ("A", "业务员", "电话", 2, 3, "每月 2–3 次"),
        ("A", "销售经理", "拜访", 1 / 2, 1, "每 1–2 个月 1 次"),
        ("A", "营销总监", "拜访", 1 / 6, 1 / 6, "每半年 1 次"),
        ("A", "总经理", "拜访", 1 / 12, 1 / 12, "每年 1 次"),
        ("B", "业务员", "拜访", 2, 2, "每月 2 次"),
        ("B", "业务员", "电话", 1, 2, "每月 1–2 次"),
        ("B", "销售经理", "拜访", 1 / 3, 1 / 2, "每 2–3 个月 1 次"),
        ("B", "营销总监", "拜访", 1 / 12, 1 / 6, "每 6–12 个月 1 次"),
        ("B", "总经理", "拜访", 0, 0, "必要时"),
        ("C", "业务员", "拜访", 1, 1, "每月 1 次"),
        ("C", "业务员", "电话", 1, 1, "每月 1 次"),
        ("D", "业务员", "电话", 0, 0, "最低限度服务，按需联系"),
    ],
    columns=["grade", "role", "activity", "per_month_low", "per_month_high", "rule"],
)
"""The visit plan per grade (分级拜访计划): who contacts a customer of each grade, how, and
how often per month (low–high). Pass your own table of the same shape to the functions."""


@renamed_kwargs(plan="visit_plan")
def visit_plan(grade: str | None = None, visit_plan: pd.DataFrame = VISIT_PLAN) -> pd.DataFrame:
    """The visit rules of one grade (or all), as a table (分级拜访计划); ``visit_plan`` is the
    table to read (default :data:`VISIT_PLAN`)."""
    plan = visit_plan
    if grade is None:
        return plan.copy()
    if grade not in set(plan["grade"]):
        raise fail(f"拜访计划中没有等级 '{grade}'，已有：{sorted(set(plan['grade']))}。",
                   f"No grade '{grade}' in the visit plan; it has {sorted(set(plan['grade']))}.")
    return plan[plan["grade"] == grade].reset_index(drop=True)


@renamed_kwargs(plan="visit_plan")
def visit_workload(
    grades: pd.Series | pd.DataFrame,
    *,
    grade: str = "grade",
    by: str | None = None,
    visit_plan: pd.DataFrame = VISIT_PLAN,
) -> pd.DataFrame:
    """Contacts per month that a set of graded customers asks for (月度拜访工作量): for each
    role and activity, the low and high number of visits or calls per month, optionally per
    group ``by`` (a column such as region or salesperson). Grades missing from the plan get
    no contacts and are reported in an error, not silently dropped."""
    if isinstance(grades, pd.Series):
        frame = grades.rename(grade).to_frame()
    else:
        frame = grades
        if grade not in frame.columns:
            raise fail(f"缺少等级列 '{grade}'。", f"Grade column '{grade}' not found.")
    plan = visit_plan
    unknown = sorted(set(frame[grade].astype(str)) - set(plan["grade"]))
    if unknown:
        raise fail(f"拜访计划中没有这些等级：{unknown}；请在 visit_plan 中补充。",
                   f"The visit plan has no rules for grade(s) {unknown}; add them to visit_plan.")
    keys = [by] if by else []
    if by and by not in frame.columns:
        raise fail(f"缺少分组列 '{by}'。", f"Group column '{by}' not found.")
    counts = frame.assign(_g=frame[grade].astype(str)).groupby(keys + ["_g"], observed=True).size()
    counts = counts.rename("customers").reset_index()
    merged = counts.merge(plan, left_on="_g", right_on="grade")
    merged["low"] = merged["customers"] * merged["per_month_low"]
    merged["high"] = merged["customers"] * merged["per_month_high"]
    return merged.groupby(keys + ["role", "activity"], sort=False)[["low", "high"]].sum()


