"""Transaction analysis (交易分析): product scorecard — gross margin, turnover, cross ratio,
contribution ratio — and receivables — ageing and days sales outstanding. 见第05章 交易分析。

The per-product aggregation uses :func:`khlib.product_summary` (the heavy step); everything here
is light arithmetic on its result. Functions return new frames and never modify their inputs.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ._errors import examples, fail
from .io import to_date, to_number
from .summary import product_summary


def _need(df: pd.DataFrame, cols, what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise fail(f"{what}缺少列 {missing}；现有的列：{list(df.columns)}。",
                   f"The {what} table lacks column(s) {missing}; it has {list(df.columns)}.")


def product_scorecard(
    orders: pd.DataFrame,
    products: pd.DataFrame,
    inventory: pd.DataFrame | None = None,
    *,
    start=None,
    end=None,
    months: float | None = None,
) -> pd.DataFrame:
    """Product scorecard (产品贡献分析表), one row per product, largest sales first:

    - ``sales``, ``share`` and ``cum_share`` of sales, ``abc`` (product ABC at 80% / 95%);
    - ``cost`` = quantity × unit cost, ``gross_profit``, ``margin_rate`` = gross profit ÷ sales;
    - ``avg_stock`` = average monthly stock at cost; ``turnover`` = sales ÷ average stock,
      scaled to a year (× 12 / number of months in the period);
    - ``cross_ratio`` (交叉比率) = margin rate × turnover (= annual gross profit per unit of
      average stock at cost, known as GMROI);
    - ``contribution_ratio`` (贡献比率) = cross ratio × sales share.

    Products with no stock have an undefined turnover: ``turnover``, ``cross_ratio`` and
    ``contribution_ratio`` are left empty (NaN) for them, ``stock_note`` says why, and a warning
    names them — nothing is divided by zero. ``orders`` needs ``product_id``, ``quantity``,
    ``amount``, ``order_date``, ``customer_id``; ``products`` ``product_id`` and ``unit_cost``;
    ``inventory`` ``product_id``, ``month`` (``YYYY-MM``) and ``avg_stock_value``.
    """
    _need(products, ["product_id", "unit_cost"], "产品表 / products ")
    summ = product_summary(orders, start=start, end=end, quantity="quantity")
    cost = products.set_index("product_id")["unit_cost"]
    unknown = sorted(set(summ.index) - set(cost.index))
    if unknown:
        raise fail(f"订单中有产品表里没有的产品：{unknown[:5]}。", f"Orders contain products missing from the product "
                   f"table: {unknown[:5]}.")
    out = summ.sort_values("sales", ascending=False, kind="stable")
    out["share"] = out["sales"] / out["sales"].sum()
    out["cum_share"] = out["share"].cumsum()
    before = out["cum_share"] - out["share"]
    out["abc"] = np.select([before < 0.8, before < 0.95], ["A", "B"], "C")
    out["cost"] = out["quantity"] * cost.reindex(out.index).to_numpy()
    out["gross_profit"] = out["sales"] - out["cost"]
    out["margin_rate"] = out["gross_profit"] / out["sales"]
    if inventory is not None:
        _need(inventory, ["product_id", "month", "avg_stock_value"], "库存表 / inventory ")
        inv = inventory
        if start is not None:
            inv = inv[inv["month"] >= pd.Timestamp(start).strftime("%Y-%m")]
        if end is not None:
            inv = inv[inv["month"] <= pd.Timestamp(end).strftime("%Y-%m")]
        n_months = months if months is not None else inv["month"].nunique()
        stock = inv.groupby("product_id")["avg_stock_value"].mean().reindex(out.index)
        out["avg_stock"] = stock
        none = stock.isna() | (stock <= 0)
        out["turnover"] = (out["sales"] / stock.where(~none)) * (12 / n_months)
        out["cross_ratio"] = out["margin_rate"] * out["turnover"]
        out["contribution_ratio"] = out["cross_ratio"] * out["share"]
        out["stock_note"] = np.where(none, "无库存：周转率无定义", "")
        if none.any():
            warnings.warn(f"Turnover undefined (no stock) for {list(out.index[none])}: left empty, not divided by "
                          "zero.", stacklevel=2)
    return out


AGE_BUCKETS = ["未到期", "逾期1-30天", "逾期31-60天", "逾期61-90天", "逾期90天以上"]
"""Ageing buckets (账龄分段): not yet due, then days past due."""


def open_items(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof) -> pd.DataFrame:
    """Invoices with what is still owed on ``asof`` (未收款明细): ``paid``, ``balance`` and
    ``days_overdue`` (days past the due date; negative = not yet due).

    Fails, naming the rows, on payments that exceed their invoice, payments dated before their
    invoice, and payments for invoices or customers that do not exist."""
    _need(invoices, ["invoice_id", "customer_id", "invoice_date", "due_date", "amount"], "发票表 / invoices ")
    _need(payments, ["invoice_id", "customer_id", "payment_date", "amount"], "收款表 / payments ")
    ref = pd.Timestamp(asof)
    inv = invoices.copy()
    inv["amount"] = to_number(inv["amount"], "amount")
    inv["invoice_date"] = to_date(inv["invoice_date"], "invoice_date")
    inv["due_date"] = to_date(inv["due_date"], "due_date")
    pay = payments.copy()
    pay["amount"] = to_number(pay["amount"], "amount")
    pay["payment_date"] = to_date(pay["payment_date"], "payment_date")
    pay = pay[pay["payment_date"] <= ref]
    # One hash lookup of every payment's invoice serves all the checks and the sums below.
    all_ids = pd.Index(invoices["invoice_id"])
    if all_ids.has_duplicates:
        dup = all_ids.duplicated(keep=False)
        raise fail(f"发票号重复：{examples(all_ids[dup])}。", f"Duplicated invoice ids: {examples(all_ids[dup])}.")
    pos = all_ids.get_indexer(pay["invoice_id"])
    bad = pos < 0
    if bad.any():
        raise fail(f"收款对应的发票不存在：{examples(pay.index[bad], pay['invoice_id'][bad])}。",
                   f"Payments for unknown invoices at index {examples(pay.index[bad], pay['invoice_id'][bad])}.")
    wrong = pay["customer_id"].to_numpy() != invoices["customer_id"].to_numpy()[pos]
    if wrong.any():
        raise fail(f"收款的客户编号与发票不符或不存在：{examples(pay.index[wrong], pay['customer_id'][wrong])}。",
                   f"Payments whose customer id is unknown or differs from the invoice's, at index "
                   f"{examples(pay.index[wrong], pay['customer_id'][wrong])}.")
    all_dates = inv["invoice_date"].to_numpy()  # same rows and order as ``invoices``
    early = pay["payment_date"].to_numpy() < all_dates[pos]
    if early.any():
        raise fail(f"收款日期早于开票日期：{examples(pay.index[early], pay['invoice_id'][early])}。",
                   f"Payments dated before their invoice at index {examples(pay.index[early], pay['invoice_id'][early])}.")
    paid_all = np.bincount(pos, weights=pay["amount"].to_numpy(), minlength=len(all_ids))
    inv["paid"] = paid_all
    inv = inv[inv["invoice_date"] <= ref]  # invoices issued by ``asof``
    over = inv["paid"] > inv["amount"] + 0.005
    if over.any():
        raise fail(f"收款超过发票金额：{examples(inv['invoice_id'][over], inv['paid'][over])}。",
                   f"Payments exceed the invoice amount for {examples(inv['invoice_id'][over], inv['paid'][over])}.")
    inv["balance"] = (inv["amount"] - inv["paid"]).round(2)
    inv["days_overdue"] = (ref - inv["due_date"]).dt.days
    return inv


def ageing_table(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof, by: str = "customer_id") -> pd.DataFrame:
    """Receivables ageing (应收账款账龄分析表): open balances per ``by`` in the buckets not yet
    due, 1–30, 31–60, 61–90 and over 90 days overdue, with the total and the overdue share."""
    items = open_items(invoices, payments, asof=asof)
    items = items[items["balance"] > 0.005]
    d = items["days_overdue"]
    bucket = pd.Categorical(np.select([d <= 0, d <= 30, d <= 60, d <= 90], AGE_BUCKETS[:4], AGE_BUCKETS[4]),
                            categories=AGE_BUCKETS)
    if by not in items.columns:
        raise fail(f"分组列 '{by}' 不存在。", f"Group column '{by}' not found.")
    table = items.assign(bucket=bucket).pivot_table(index=by, columns="bucket", values="balance", aggfunc="sum",
                                                    fill_value=0.0, observed=False)
    table = table.reindex(columns=AGE_BUCKETS, fill_value=0.0)
    table.columns.name = None
    table["合计"] = table[AGE_BUCKETS].sum(axis=1)
    table["逾期占比"] = 1 - table["未到期"] / table["合计"]
    return table.sort_values("合计", ascending=False)


def days_sales_outstanding(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof, days: int = 90) -> float:
    """Days sales outstanding (应收账款周转天数, DSO) = receivables on ``asof`` ÷ credit sales of the
    last ``days`` days × ``days``."""
    items = open_items(invoices, payments, asof=asof)
    ref = pd.Timestamp(asof)
    recent = items.loc[items["invoice_date"] > ref - pd.Timedelta(days=days), "amount"].sum()
    if recent <= 0:
        raise fail(f"最近 {days} 天没有赊销，DSO 无定义。", f"No credit sales in the last {days} days: DSO undefined.")
    return float(items["balance"].sum() / recent * days)


def _sales_by_customer(orders: pd.DataFrame, start, end) -> pd.Series:
    from .summary import customer_summary

    return customer_summary(orders, start=start, end=end)["sales"]


def composition(orders: pd.DataFrame, customers: pd.DataFrame, by: str | list[str], *, start=None, end=None,
                top: float = 0.2) -> pd.DataFrame:
    """Customer composition (客户构成分析): per group of ``by`` (any customer columns, e.g.
    ``"region"``, ``["region", "segment"]``, ``"salesperson_id"`` after a merge), the buying
    customers, sales, share of the total, and the share of the group's sales that its top
    ``top`` fraction of customers brings (大客户占比)."""
    keys = [by] if isinstance(by, str) else list(by)
    _need(customers, ["customer_id", *keys], "客户表 / customers ")
    sales = _sales_by_customer(orders, start, end).rename("sales")
    df = customers[["customer_id", *keys]].drop_duplicates("customer_id").set_index("customer_id").join(sales, how="inner")
    df = df.sort_values("sales", ascending=False, kind="stable")
    rank = df.groupby(keys, observed=True).cumcount() + 1
    size = df.groupby(keys, observed=True)["sales"].transform("size")
    df["_top"] = np.where(rank <= np.ceil(top * size), df["sales"], 0.0)
    out = df.groupby(keys, observed=True).agg(customers=("sales", "size"), sales=("sales", "sum"), top_sales=("_top", "sum"))
    out["share"] = out["sales"] / out["sales"].sum()
    out["top_share"] = out["top_sales"] / out["sales"]
    return out.drop(columns="top_sales").sort_values("sales", ascending=False)


def share_vs_plan(orders: pd.DataFrame, customers: pd.DataFrame, plan: pd.DataFrame, *, start=None, end=None,
                  level: str = "region", expected: str = "expected_share_of_region",
                  tolerance: float = 0.8) -> pd.DataFrame:
    """Each customer's share of its ``level``'s sales against the planned share (目标占比检查):
    ``ratio`` = actual ÷ expected; ``flag`` = 低于计划 when the ratio is below ``tolerance``,
    未下单 when the customer bought nothing, else 正常."""
    _need(customers, ["customer_id", level], "客户表 / customers ")
    _need(plan, ["customer_id", expected], "计划表 / plan ")
    sales = _sales_by_customer(orders, start, end)
    df = plan[["customer_id", expected]].merge(customers[["customer_id", level]], on="customer_id", how="left")
    if df[level].isna().any():
        bad = df.loc[df[level].isna(), "customer_id"]
        raise fail(f"计划中的客户不在客户表中：{examples(bad)}。", f"Plan customers missing from the customer table: {examples(bad)}.")
    df["sales"] = sales.reindex(df["customer_id"]).fillna(0.0).to_numpy()
    df["actual_share"] = df["sales"] / df.groupby(level)["sales"].transform("sum")
    df["ratio"] = df["actual_share"] / df[expected].where(df[expected] > 0)
    df["flag"] = np.select([df["sales"] <= 0, df["ratio"] < tolerance], ["未下单", "低于计划"], "正常")
    return df.set_index("customer_id").sort_values("ratio", kind="stable")


def credit_check(invoices: pd.DataFrame, payments: pd.DataFrame, customers: pd.DataFrame, *, asof) -> pd.DataFrame:
    """Open balance against credit limit per customer (信用额度检查): ``balance``,
    ``overdue_90`` (more than 90 days past due), ``credit_limit``, ``utilisation`` and
    ``over_limit`` (balance above the limit)."""
    _need(customers, ["customer_id", "credit_limit"], "客户表 / customers ")
    items = open_items(invoices, payments, asof=asof)
    items = items[items["balance"] > 0.005]
    g = items.groupby("customer_id")
    out = pd.DataFrame({"balance": g["balance"].sum(),
                        "overdue_90": items[items["days_overdue"] > 90].groupby("customer_id")["balance"].sum()})
    out["overdue_90"] = out["overdue_90"].fillna(0.0)
    limit = customers.drop_duplicates("customer_id").set_index("customer_id")["credit_limit"]
    out["credit_limit"] = limit.reindex(out.index)
    out["utilisation"] = out["balance"] / out["credit_limit"].where(out["credit_limit"] > 0)
    out["over_limit"] = out["balance"] > out["credit_limit"].fillna(0)
    return out.sort_values("utilisation", ascending=False)
