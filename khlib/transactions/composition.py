"""Customer composition (客户构成分析), sales against the sales plan (目标占比) and one
customer's product mix against the company's (客户产品结构). 见第05章 交易分析。

Sales per customer come from :func:`khlib.summary.customer_summary`, the mix from
:func:`khlib.summary.mix_sales` (the heavy step).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._deprecation import renamed_kwargs
from .._errors import examples, fail, need_columns
from ..periods import DateLike
from ..summary import customer_summary, mix_sales, product_summary

def composition(orders: pd.DataFrame, customers: pd.DataFrame, by: str | list[str], *, start: DateLike = None,
                end: DateLike = None, top: float = 0.2) -> pd.DataFrame:
    """Customer composition (客户构成分析): per group of ``by`` (any customer columns, e.g.
    ``"region"``, ``["region", "segment"]``, ``"salesperson_id"`` after a merge), the buying
    customers, sales, share of the total, and the share of the group's sales that its top
    ``top`` fraction of customers brings (大客户占比)."""
    keys = [by] if isinstance(by, str) else list(by)
    need_columns(customers, ["customer_id", *keys], "客户表", "customers")
    sales = customer_summary(orders, start=start, end=end)["sales"].rename("sales")
    df = customers[["customer_id", *keys]].drop_duplicates("customer_id").set_index("customer_id").join(sales, how="inner")
    df = df.sort_values("sales", ascending=False, kind="stable")
    rank = df.groupby(keys, observed=True).cumcount() + 1
    size = df.groupby(keys, observed=True)["sales"].transform("size")
    df["_top"] = np.where(rank <= np.ceil(top * size), df["sales"], 0.0)
    out = df.groupby(keys, observed=True).agg(customers=("sales", "size"), sales=("sales", "sum"), top_sales=("_top", "sum"))
    out["share"] = out["sales"] / out["sales"].sum()
    out["top_share"] = out["top_sales"] / out["sales"]
    return out.drop(columns="top_sales").sort_values("sales", ascending=False)


@renamed_kwargs(plan="sales_plan", level="by")
def share_vs_plan(orders: pd.DataFrame, customers: pd.DataFrame, sales_plan: pd.DataFrame, *, start: DateLike = None,
                  end: DateLike = None, by: str = "region", expected: str = "expected_share_of_region",
                  tolerance: float = 0.8) -> pd.DataFrame:
    """Each customer's share of its group's (``by``, e.g. region) sales against the sales plan's share (目标占比检查).
    ``sales_plan`` (销售计划) has one row per planned customer with ``customer_id`` and the
    ``expected`` share; ``tolerance`` is the actual ÷ expected ratio below which a customer is
    flagged:
    ``ratio`` = actual ÷ expected; ``flag`` = 低于计划 when the ratio is below ``tolerance``,
    未下单 when the customer bought nothing, else 正常."""
    need_columns(customers, ["customer_id", by], "客户表", "customers")
    need_columns(sales_plan, ["customer_id", expected], "销售计划表", "sales plan")
    sales = customer_summary(orders, start=start, end=end)["sales"]
    df = sales_plan[["customer_id", expected]].merge(customers[["customer_id", by]], on="customer_id", how="left")
    if df[by].isna().any():
        bad = df.loc[df[by].isna(), "customer_id"]
        raise fail(f"计划中的客户不在客户表中：{examples(bad)}。", f"Plan customers missing from the customer table: {examples(bad)}.")
    df["sales"] = sales.reindex(df["customer_id"]).fillna(0.0).to_numpy()
    df["actual_share"] = df["sales"] / df.groupby(by)["sales"].transform("sum")
    df["ratio"] = df["actual_share"] / df[expected].where(df[expected] > 0)
    df["flag"] = np.select([df["sales"] <= 0, df["ratio"] < tolerance], ["未下单", "低于计划"], "正常")
    return df.set_index("customer_id").sort_values("ratio", kind="stable")


@renamed_kwargs(customer="customer_id")
def product_mix(orders: pd.DataFrame, products: pd.DataFrame, customer_id: str, *, by: str = "category",
                start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
    """How one customer's product mix differs from the company's (客户产品结构对比): for each
    value of ``by`` (a column of ``products``, e.g. ``"category"`` or ``"product_id"``), the
    customer's share of its purchases (``purchase_share``; called ``customer_share`` before
    0.2, a name that means 客户数占比 in grading), the company's share of sales, the difference in
    percentage points and the index (customer share ÷ company share; 1 = same as the company).
    Sorted by difference: what the customer buys less of than the company's average comes
    first — the products to push with this customer. ``customer_id`` is the customer's id (the
    value, not a column name); the sums come from :func:`khlib.summary.mix_sales`."""
    out = mix_sales(orders, products, customer_id, by=by, start=start, end=end)
    if out["customer_sales"].sum() <= 0:
        raise fail(f"客户 '{customer_id}' 在所选期间没有购买。", f"Customer '{customer_id}' bought nothing in the period.")
    out["purchase_share"] = out["customer_sales"] / out["customer_sales"].sum()
    out["company_share"] = out["company_sales"] / out["company_sales"].sum()
    out["diff_pp"] = (out["purchase_share"] - out["company_share"]) * 100
    out["index"] = out["purchase_share"] / out["company_share"]
    return out.sort_values("diff_pp", kind="stable")


def product_plan_check(orders: pd.DataFrame, sales_plan: pd.DataFrame, *, start: DateLike = None,
                       end: DateLike = None, by: str = "product_id", expected: str = "expected_share",
                       tolerance: float = 0.8) -> pd.DataFrame:
    """Actual product mix against the planned mix (产品计划占比检查).

    ``sales_plan`` has one row per ``by`` (a column of ``orders``, e.g. ``product_id``) with the
    planned share of the company's sales (``expected``, summing to 1). For each planned item:
    ``sales`` in the period, ``actual_share``, ``diff_pp`` = (actual − planned) × 100 percentage
    points, ``ratio`` = actual ÷ planned and ``flag``: 低于计划 when the ratio is below
    ``tolerance`` (as in :func:`share_vs_plan`), 高于计划 when above 1 ÷ ``tolerance`` (the same
    band in ratio terms: 0.8 → 1.25), 无销售 when nothing sold, else 符合计划. The default 0.8
    is a course assumption (本课程的假设). Sales of items
    not in the plan fail (the plan must cover what is sold). Sorted by ratio, lowest first.

    >>> o = pd.DataFrame({"customer_id": ["a"] * 3, "order_date": ["2025-03-01"] * 3,
    ...                   "product_id": ["p", "q", "r"], "amount": [50.0, 30.0, 20.0]})
    >>> plan = pd.DataFrame({"product_id": ["p", "q", "r"], "expected_share": [0.35, 0.45, 0.2]})
    >>> product_plan_check(o, plan)["flag"].to_dict()  # ratios: q 0.30/0.45 = 0.67, r 1.0, p 0.50/0.35 = 1.43
    {'q': '低于计划', 'r': '符合计划', 'p': '高于计划'}
    """
    need_columns(sales_plan, [by, expected], "销售计划表", "sales plan")
    need_columns(orders, [by, "amount"], "订单表", "orders")
    if not 0 < tolerance <= 1:
        raise fail(f"tolerance 应在 0 到 1 之间（0.8 表示实际÷计划低于 80% 即预警），收到 {tolerance}。",
                   f"tolerance must be in (0, 1] (0.8: flag below 80% of plan), got {tolerance}.")
    if sales_plan[by].duplicated().any():
        dup = sales_plan.loc[sales_plan[by].duplicated(), by]
        raise fail(f"销售计划中 {by} 重复：{examples(dup)}。", f"Duplicated {by} in the sales plan: {examples(dup)}.")
    plan = sales_plan.set_index(by)[expected].astype(float)
    if abs(plan.sum() - 1) > 0.01:
        raise fail(f"计划占比合计应为 1，实际为 {plan.sum():.4f}。", f"Planned shares must sum to 1, got {plan.sum():.4f}.")
    if by == "product_id":
        sales = product_summary(orders, start=start, end=end)["sales"]
    else:
        period = customer_summary(orders.assign(customer_id=orders[by]), start=start, end=end)
        sales = period["sales"]
    unplanned = sorted(set(sales[sales > 0].index) - set(plan.index))
    if unplanned:
        raise fail(f"这些 {by} 有销售却不在计划中：{examples(unplanned)}。",
                   f"These {by} values sold but are not in the plan: {examples(unplanned)}.")
    out = pd.DataFrame({"expected_share": plan})
    out.index.name = by
    out["sales"] = sales.reindex(out.index).fillna(0.0)
    total = out["sales"].sum()
    if total <= 0:
        raise fail("所选期间没有销售，无法与计划比较。", "No sales in the period: nothing to compare with the plan.")
    out["actual_share"] = out["sales"] / total
    out["diff_pp"] = (out["actual_share"] - out["expected_share"]) * 100
    out["ratio"] = out["actual_share"] / out["expected_share"].where(out["expected_share"] > 0)
    out["flag"] = np.select([out["sales"] <= 0, out["ratio"] < tolerance, out["ratio"] > 1 / tolerance],
                            ["无销售", "低于计划", "高于计划"], "符合计划")
    return out.sort_values("ratio", kind="stable")
