"""The visit plan per grade (分级拜访计划), the workload it asks for, and the account-manager
system (客户经理制): who is responsible for each top customer and what each salesperson carries.
见第04章 客户分级；the monthly calendar built from it is in :mod:`khlib.fieldsales`."""

from __future__ import annotations

import pandas as pd

from .._deprecation import renamed_kwargs
from .._errors import fail, need_columns

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




@renamed_kwargs(plan="visit_plan")
def visit_plan_table(visit_plan: pd.DataFrame = VISIT_PLAN) -> pd.DataFrame:
    """The visit plan as one small table (分级拜访计划一览): one row per role and activity (in the
    plan's order), one column per grade, the rule as text; "—" where a grade has no such contact.

    >>> visit_plan_table().loc[("业务员", "拜访"), "A"]
    '每月 3 次'
    """
    plan = visit_plan
    keys = plan[["role", "activity"]].drop_duplicates()
    table = plan.pivot_table(index=["role", "activity"], columns="grade", values="rule", aggfunc="first")
    table = table.reindex(pd.MultiIndex.from_frame(keys)).reindex(columns=list(dict.fromkeys(plan["grade"])))
    table.columns.name = None
    return table.fillna("—")


def account_managers(graded: pd.DataFrame, assignments: pd.DataFrame, *, grade: str = "grade",
                     top_grade: str = "A") -> pd.DataFrame:
    """Who is responsible for each top customer (客户经理制：A 类客户专人负责).

    For every customer of ``graded`` whose grade is ``top_grade``: ``salespeople`` (how many
    salespeople ``assignments`` lists for it: 1 is the rule, 0 means nobody is responsible, 2 or
    more means nobody alone is) and ``salesperson_id`` (the ids joined by "、", empty when none).
    Largest first when ``graded`` has a ``sales`` column, otherwise in ``graded``'s order.

    >>> g = pd.DataFrame({"grade": ["A", "A", "A", "B"]}, index=["a", "b", "c", "d"])
    >>> asg = pd.DataFrame({"customer_id": ["a", "b", "b", "d"], "salesperson_id": ["S1", "S1", "S2", "S2"]})
    >>> account_managers(g, asg)["salespeople"].tolist()
    [1, 2, 0]
    """
    need_columns(graded, [grade], "分级表", "graded")
    need_columns(assignments, ["customer_id", "salesperson_id"], "客户—业务员分配表", "assignments")
    top = graded[graded[grade].astype(str) == str(top_grade)]
    if top.empty:
        raise fail(f"分级表中没有 {top_grade} 类客户（已有：{sorted(set(graded[grade].astype(str)))}）。",
                   f"No customer of grade {top_grade} in the graded table.")
    asg = assignments.dropna(subset=["salesperson_id"]).drop_duplicates(["customer_id", "salesperson_id"])
    asg = asg[asg["customer_id"].isin(top.index)]
    who = asg.groupby("customer_id")["salesperson_id"].agg(lambda s: "、".join(sorted(map(str, s))))
    out = pd.DataFrame({"salespeople": asg.groupby("customer_id").size().reindex(top.index).fillna(0).astype("int64"),
                        "salesperson_id": who.reindex(top.index).fillna("")}, index=top.index)
    if "sales" in top.columns:
        out.insert(0, "sales", top["sales"])
    return out


def salesperson_load(graded: pd.DataFrame, assignments: pd.DataFrame, *, grade: str = "grade",
                     visit_plan: pd.DataFrame = VISIT_PLAN) -> pd.DataFrame:
    """What each salesperson carries (业务员的客户负担): customers of each grade and the visits
    per month the visit plan asks of the salesperson in person (业务员 拜访, low end), one row
    per salesperson, most top-grade customers first. Customers without a salesperson are left
    out (find them with :func:`account_managers`).

    >>> g = pd.DataFrame({"grade": pd.Categorical(["A", "B", "C"], categories=list("ABCD"))}, index=["a", "b", "c"])
    >>> asg = pd.DataFrame({"customer_id": ["a", "b", "c"], "salesperson_id": ["S1", "S1", "S2"]})
    >>> salesperson_load(g, asg)["visits"].tolist()
    [5.0, 1.0]
    """
    need_columns(graded, [grade], "分级表", "graded")
    need_columns(assignments, ["customer_id", "salesperson_id"], "客户—业务员分配表", "assignments")
    asg = assignments.dropna(subset=["salesperson_id"]).drop_duplicates(["customer_id", "salesperson_id"])
    g = graded[grade]
    joined = asg[asg["customer_id"].isin(graded.index)].copy()
    joined["_grade"] = g.reindex(joined["customer_id"]).astype(str).to_numpy()
    cats = list(g.cat.categories) if isinstance(g.dtype, pd.CategoricalDtype) else sorted(set(g.astype(str)))
    counts = pd.crosstab(joined["salesperson_id"], joined["_grade"]).reindex(columns=cats, fill_value=0)
    plan = visit_plan[(visit_plan["role"] == "业务员") & (visit_plan["activity"] == "拜访")]
    per = plan.groupby("grade")["per_month_low"].sum().reindex(cats).fillna(0.0)
    counts.columns = [str(c) for c in counts.columns]
    counts["customers"] = counts[[str(c) for c in cats]].sum(axis=1)
    counts["visits"] = (counts[[str(c) for c in cats]] * per.to_numpy()).sum(axis=1).astype(float)
    counts.index.name = "salesperson_id"
    counts.columns.name = None
    return counts.sort_values([str(cats[0]), "visits"], ascending=False, kind="stable")
