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
from ..summary import customer_summary, mix_sales

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
    customer's share of its purchases, the company's share of sales, the difference in
    percentage points and the index (customer share ÷ company share; 1 = same as the company).
    Sorted by difference: what the customer buys less of than the company's average comes
    first — the products to push with this customer. ``customer_id`` is the customer's id (the
    value, not a column name); the sums come from :func:`khlib.summary.mix_sales`."""
    out = mix_sales(orders, products, customer_id, by=by, start=start, end=end)
    if out["customer_sales"].sum() <= 0:
        raise fail(f"客户 '{customer_id}' 在所选期间没有购买。", f"Customer '{customer_id}' bought nothing in the period.")
    out["customer_share"] = out["customer_sales"] / out["customer_sales"].sum()
    out["company_share"] = out["company_sales"] / out["company_sales"].sum()
    out["diff_pp"] = (out["customer_share"] - out["company_share"]) * 100
    out["index"] = out["customer_share"] / out["company_share"]
    return out.sort_values("diff_pp", kind="stable")
