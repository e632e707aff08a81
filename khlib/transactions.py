"""Transaction analysis (交易分析): product scorecard — gross margin, turnover, cross ratio,
contribution ratio — and receivables — ageing and days sales outstanding. 见第05章 交易分析。

The per-product aggregation uses :func:`khlib.product_summary` (the heavy step); everything here
is light arithmetic on its result. Functions return new frames and never modify their inputs.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

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
        out["avg_stock"] = inv.groupby("product_id")["avg_stock_value"].mean().reindex(out.index)
        out = product_ratios(out, months=n_months, _stacklevel=3)
    return out


def product_ratios(table: pd.DataFrame, *, sales: str = "sales", gross_profit: str = "gross_profit",
                   avg_stock: str = "avg_stock", months: float = 12, _stacklevel: int = 2) -> pd.DataFrame:
    """The ratios of the product scorecard from per-product totals (交叉比率与贡献比率):
    ``share`` of sales, ``margin_rate``, ``turnover`` = sales ÷ average stock × 12 / ``months``,
    ``cross_ratio`` = margin rate × turnover and ``contribution_ratio`` = cross ratio × share.
    Use it when you already have sales, gross profit and average stock per product (e.g. the
    textbook's tables); rows without stock get NaN and a warning, never a division by zero.

    >>> t = pd.DataFrame({"sales": [400, 100], "gross_profit": [60, 35], "avg_stock": [40, 100]}, index=["纸", "柜"])
    >>> product_ratios(t)["cross_ratio"].round(2).tolist()
    [1.5, 0.35]
    """
    _need(table, [sales, gross_profit, avg_stock], "产品表 / table ")
    if months <= 0:
        raise fail(f"months 必须为正数，收到 {months}。", f"months must be positive, got {months}.")
    out = table.copy()
    s = to_number(out[sales], sales)
    total = s.sum()
    if total <= 0:
        raise fail("销售额合计为 0，占比无定义。", "Total sales are 0: shares are undefined.")
    stock = pd.to_numeric(out[avg_stock], errors="coerce")
    out["share"] = s / total
    out["margin_rate"] = to_number(out[gross_profit], gross_profit) / s.where(s != 0)
    none = stock.isna() | (stock <= 0)
    out["turnover"] = (s / stock.where(~none)) * (12 / months)
    out["cross_ratio"] = out["margin_rate"] * out["turnover"]
    out["contribution_ratio"] = out["cross_ratio"] * out["share"]
    out["stock_note"] = np.where(none, "无库存：周转率无定义", "")
    if none.any():
        warnings.warn(f"Turnover undefined (no stock) for {list(out.index[none])}: left empty, not divided by "
                      "zero.", stacklevel=_stacklevel)
    return out


def plot_product_matrix(scorecard: pd.DataFrame, *, labels: pd.Series | dict | None = None, ax=None,
                        title: str | None = None, label_top: int = 5):
    """Margin rate against turnover (毛利率—周转率矩阵), bubble area ∝ sales, split at the
    sales-weighted averages: top right = high margin and fast (推广), bottom left = low margin and
    slow (滞销, 压缩库存). Curves of equal cross ratio (margin × turnover) are drawn in grey.
    Products with undefined turnover (no stock) are left out. Names are shown for the
    ``label_top`` largest products and the extremes."""
    import matplotlib.pyplot as plt

    _need(scorecard, ["sales", "margin_rate", "turnover"], "产品贡献表 / scorecard ")
    df = scorecard.dropna(subset=["turnover"])
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 6.5))
    size = 2500 * df["sales"] / df["sales"].max()
    ax.scatter(df["turnover"], df["margin_rate"], s=size, alpha=0.55, color="#1f77b4", edgecolor="white")
    w = df["sales"] / df["sales"].sum()
    mx, my = float((df["turnover"] * w).sum()), float((df["margin_rate"] * w).sum())
    ax.axvline(mx, color="grey", lw=1, ls="--")
    ax.axhline(my, color="grey", lw=1, ls="--")
    xs = np.linspace(max(df["turnover"].min() * 0.8, 1e-3), df["turnover"].max() * 1.1, 200)
    for level in np.quantile(df["margin_rate"] * df["turnover"], [0.25, 0.5, 0.75]):
        ax.plot(xs, level / xs, color="#bbbbbb", lw=1)
    names = pd.Series(labels) if labels is not None else pd.Series(df.index, index=df.index)
    # label the biggest sellers and the extremes only, so that the names stay readable
    keep = set(df.nlargest(label_top, "sales").index) | set(df.nlargest(3, "turnover").index) \
        | set(df.nsmallest(2, "turnover").index) | set(df.nlargest(2, "margin_rate").index)
    for pid, r in df[df.index.isin(keep)].iterrows():
        ax.annotate(str(names.get(pid, pid)), (r["turnover"], r["margin_rate"]), fontsize=11, ha="center", va="bottom",
                    xytext=(0, 6), textcoords="offset points")
    ax.set_ylim(0, max(df["margin_rate"].max() * 1.3, my * 1.5))
    ax.set_xlim(0, df["turnover"].max() * 1.12)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("年周转率（次）")
    ax.set_ylabel("毛利率")
    ax.text(0.99, 0.98, "右上：高毛利、快周转 → 重点推广\n左下：低毛利、慢周转 → 压缩库存", transform=ax.transAxes,
            ha="right", va="top", fontsize=12, bbox=dict(facecolor="white", edgecolor="#cccccc"))
    ax.set_title(title or "产品矩阵：毛利率 × 周转率 = 交叉比率（灰线为等交叉比率线，气泡大小为销售额）")
    return ax


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


# --------------------------------------------------------------------------------------------
# Product mix and credit policy per grade.
def product_mix(orders: pd.DataFrame, products: pd.DataFrame, customer: str, *, by: str = "category",
                start=None, end=None) -> pd.DataFrame:
    """How one customer's product mix differs from the company's (客户产品结构对比): for each
    value of ``by`` (a column of ``products``, e.g. ``"category"`` or ``"product_id"``), the
    customer's share of its purchases, the company's share of sales, the difference in
    percentage points and the index (customer share ÷ company share; 1 = same as the company).
    Sorted by difference: what the customer buys less of than the company's average comes
    first — the products to push with this customer."""
    _need(products, ["product_id", by], "产品表 / products ")
    _need(orders, ["customer_id", "product_id", "amount"], "订单表 / orders ")
    if customer not in set(orders["customer_id"]):
        raise fail(f"订单中没有客户 '{customer}'。", f"Customer '{customer}' has no orders.")
    o = orders
    if start is not None or end is not None:
        from .summary import _period

        o = _period(orders.assign(order_date=to_date(orders["order_date"], "order_date")), start, end)
    key = o["product_id"].map(products.drop_duplicates("product_id").set_index("product_id")[by])
    if key.isna().any():
        bad = o.loc[key.isna(), "product_id"].unique()
        raise fail(f"订单中有产品表里没有的产品：{examples(bad)}。", f"Orders contain products missing from the "
                   f"product table: {examples(bad)}.")
    amount = to_number(o["amount"], "amount")
    company = amount.groupby(key).sum()
    mine = amount[o["customer_id"] == customer].groupby(key[o["customer_id"] == customer]).sum()
    if mine.sum() <= 0:
        raise fail(f"客户 '{customer}' 在所选期间没有购买。", f"Customer '{customer}' bought nothing in the period.")
    out = pd.DataFrame({"customer_sales": mine.reindex(company.index, fill_value=0.0), "company_sales": company})
    out["customer_share"] = out["customer_sales"] / out["customer_sales"].sum()
    out["company_share"] = out["company_sales"] / out["company_sales"].sum()
    out["diff_pp"] = (out["customer_share"] - out["company_share"]) * 100
    out["index"] = out["customer_share"] / out["company_share"]
    out.index.name = by
    return out.sort_values("diff_pp", kind="stable")


CREDIT_POLICY = pd.DataFrame(
    [
        ("A", 2.0, "优先保障：额度约为两个账期的进货额，逾期先由业务员沟通"),
        ("B", 1.5, "正常赊销：额度约为一个半账期的进货额"),
        ("C", 1.0, "从严：额度约为一个账期的进货额，超限即停止发货"),
        ("D", 0.0, "现款现货（款到发货），不给赊销额度"),
    ],
    columns=["grade", "terms_multiple", "policy"],
)
"""Credit policy per grade (分级信用政策): the recommended limit is ``terms_multiple`` × the
customer's purchases within its payment terms. Pass your own table of the same shape."""


def credit_recommendation(
    graded: pd.DataFrame,
    customers: pd.DataFrame,
    credit: pd.DataFrame | None = None,
    *,
    months: float = 12,
    policy: pd.DataFrame = CREDIT_POLICY,
    grade: str = "grade",
    value: str = "sales",
    round_to: float = 5000,
) -> pd.DataFrame:
    """Credit limit recommendation per customer from its grade (按等级的信用额度建议).

    ``graded`` is one row per customer (index = customer id) with ``grade`` and ``value`` (sales
    in a period of ``months`` months), e.g. from :func:`khlib.abc_grade`; ``customers`` gives
    ``payment_terms_days`` and the current ``credit_limit``; ``credit`` (from
    :func:`credit_check`) adds the open balance and the amount more than 90 days overdue.

    recommended = terms_multiple(grade) × monthly purchases × terms ÷ 30, rounded up to
    ``round_to``. A customer with anything more than 90 days overdue gets 0 and the action
    暂停赊销 (collect first) whatever its grade; otherwise the action compares with the current
    limit: 提高额度 / 降低额度 (beyond ±20%) or 维持.
    """
    for col in (grade, value):
        if col not in graded.columns:
            raise fail(f"分级表缺少列 '{col}'。", f"The graded table lacks column '{col}'.")
    _need(customers, ["customer_id", "payment_terms_days", "credit_limit"], "客户表 / customers ")
    _need(policy, ["grade", "terms_multiple"], "信用政策 / policy ")
    if months <= 0:
        raise fail(f"months 必须为正数，收到 {months}。", f"months must be positive, got {months}.")
    g = graded[grade].astype(str)
    unknown = sorted(set(g) - set(policy["grade"].astype(str)))
    if unknown:
        raise fail(f"信用政策中没有这些等级：{unknown}。", f"The credit policy has no rule for grade(s) {unknown}.")
    cust = customers.drop_duplicates("customer_id").set_index("customer_id")
    missing = graded.index.difference(cust.index)
    if len(missing):
        raise fail(f"分级表中的客户不在客户表中：{examples(missing)}。",
                   f"Graded customers missing from the customer table: {examples(missing)}.")
    mult = g.map(policy.assign(grade=policy["grade"].astype(str)).set_index("grade")["terms_multiple"])
    out = pd.DataFrame({grade: graded[grade], value: graded[value]}, index=graded.index)
    out["monthly"] = graded[value] / months
    out["terms_days"] = cust["payment_terms_days"].reindex(graded.index)
    out["credit_limit"] = cust["credit_limit"].reindex(graded.index)
    raw = mult * out["monthly"] * out["terms_days"] / 30
    out["recommended"] = np.ceil(raw / round_to) * round_to
    if credit is not None:
        _need(credit, ["balance", "overdue_90"], "信用检查表 / credit ")
        out["balance"] = credit["balance"].reindex(out.index).fillna(0.0)
        out["overdue_90"] = credit["overdue_90"].reindex(out.index).fillna(0.0)
        stop = out["overdue_90"] > 0
    else:
        stop = pd.Series(False, index=out.index)
    out.loc[stop, "recommended"] = 0.0
    ratio = out["recommended"] / out["credit_limit"].where(out["credit_limit"] > 0)
    out["action"] = np.select(
        [stop, out["recommended"].eq(0) & out["credit_limit"].gt(0), out["credit_limit"].le(0) & out["recommended"].gt(0),
         ratio > 1.2, ratio < 0.8],
        ["暂停赊销：先清收逾期90天以上欠款", "取消赊销（现款现货）", "新给额度", "提高额度", "降低额度"], "维持")
    return out


# --------------------------------------------------------------------------------------------
# Route order (路序分析): visiting order over the customers' coordinates.
_EARTH_KM = 6371.0088


def distance_matrix(lat, lon) -> np.ndarray:
    """Great-circle distances in km between all pairs of points (球面距离矩阵, haversine).
    Road distances are longer (typically ×1.2–1.4); the order that minimises one is close to
    the order that minimises the other for stops in one city or region."""
    la = np.radians(np.asarray(lat, dtype=float))
    lo = np.radians(np.asarray(lon, dtype=float))
    dla = la[:, None] - la[None, :]
    dlo = lo[:, None] - lo[None, :]
    h = np.sin(dla / 2) ** 2 + np.cos(la[:, None]) * np.cos(la[None, :]) * np.sin(dlo / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def _tour_length(d: np.ndarray, order, closed: bool) -> float:
    order = np.asarray(order)
    legs = d[order[:-1], order[1:]].sum()
    return float(legs + (d[order[-1], order[0]] if closed else 0.0))


def _solve_tour(d: np.ndarray, closed: bool, *, no_improvement: int, time_limit: float, seed: int) -> list[int]:
    """Best visiting order of points 1..n-1 starting at point 0 with PyVRP (hybrid genetic
    search): a one-vehicle routing problem on integer metres."""
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime, MultipleCriteria, NoImprovement

    n = len(d)
    if n <= 3 or (not closed and n <= 2):
        return list(range(1, n))
    metres = np.round(d * 1000).astype(np.int64)
    m = Model()
    locs = [m.add_location(0.0, 0.0) for _ in range(n)]
    start = m.add_depot(locs[0])
    end = start
    if not closed:  # a free end: a dummy depot reached from every stop at no cost
        end_loc = m.add_location(0.0, 0.0)
        end = m.add_depot(end_loc)
    for loc in locs[1:]:
        m.add_client(loc)
    m.add_vehicle_type(1, start_depot=start, end_depot=end)
    for i in range(n):
        row = metres[i]
        for j in range(n):
            if i != j:
                m.add_edge(locs[i], locs[j], int(row[j]))
    if not closed:
        for i in range(1, n):
            m.add_edge(locs[i], end_loc, 0)
        m.add_edge(locs[0], end_loc, 0)
    stop = MultipleCriteria([NoImprovement(no_improvement), MaxRuntime(time_limit)])
    res = m.solve(stop=stop, seed=seed, display=False, collect_stats=False)
    route = res.best.routes()[0]
    return [a.idx + 1 for a in route.schedule() if a.is_client()]


@dataclass(frozen=True)
class Route:
    """A visiting order (拜访路线). ``stops`` lists the start point (``kind`` "start", ``seq`` 0;
    absent when the route starts at its first customer) and the customers in visiting order
    (``seq`` 1, 2, …) with the leg and cumulative distance in km; ``naive_km`` is
    the distance of the order given (e.g. the roster's), ``left_out`` the customers without
    usable coordinates."""

    stops: pd.DataFrame
    distance_km: float
    naive_km: float
    closed: bool
    left_out: tuple[str, ...] = ()

    @property
    def saving(self) -> float:
        """Share of the naive distance saved by the solver's order (路线节省比例)."""
        return 1 - self.distance_km / self.naive_km if self.naive_km > 0 else 0.0

    def order(self) -> list[str]:
        """Customer ids in visiting order (without the start point)."""
        return self.stops.loc[self.stops["kind"] == "customer", "id"].tolist()

    @property
    def n_customers(self) -> int:
        """Number of customers on the route."""
        return int((self.stops["kind"] == "customer").sum())

    def plot(self, ax=None, *, labels: bool | None = None, title: str | None = None, color: str = "#1f4e79"):
        """Map-style plot of the route (路线图): stops numbered in visiting order, arrows along
        the way, the start point as a star; customer names (Chinese) next to the stops when
        there are at most 15 (or when ``labels=True``)."""
        return plot_route(self, ax=ax, labels=labels, title=title, color=color)


def visit_route(
    stops: pd.DataFrame,
    *,
    start: tuple[float, float] | None = None,
    start_label: str = "出发点",
    id: str = "customer_id",
    lat: str = "lat",
    lon: str = "lon",
    label: str | None = "name",
    closed: bool = True,
    no_improvement: int = 1000,
    time_limit: float = 30.0,
    seed: int = 0,
) -> Route:
    """Visiting order over the stops' coordinates (路序分析) from PyVRP's routing solver.

    ``stops`` has one row per customer to visit with ``id``, ``lat``, ``lon`` (decimal degrees)
    and optionally a ``label`` column (the name shown on the map). The route starts at
    ``start`` = (lat, lon), e.g. the office, or at the first stop if ``start`` is None, and
    returns there when ``closed`` (else it ends at the last customer). Distances are
    great-circle km (:func:`distance_matrix`).

    The search stops after ``no_improvement`` iterations without a better order, so the result
    is reproducible for a given ``seed``; ``time_limit`` (seconds) is a safety cap for very large
    problems, and a route cut by it may differ between runs. Rows with a missing or impossible
    coordinate are left out with a warning that names them; duplicated ids are an error.
    """
    need = [id, lat, lon] + ([label] if label else [])
    _need(stops, need, "拜访客户表 / stops ")
    if stops[id].duplicated().any():
        dup = stops.loc[stops[id].duplicated(keep=False), id]
        raise fail(f"客户编号重复：{examples(dup.unique())}。", f"Duplicated stop ids: {examples(dup.unique())}.")
    la = pd.to_numeric(stops[lat], errors="coerce")
    lo = pd.to_numeric(stops[lon], errors="coerce")
    bad = la.isna() | lo.isna() | ~la.between(-90, 90) | ~lo.between(-180, 180)
    left_out = tuple(str(v) for v in stops.loc[bad, id])
    if bad.any():
        names = stops.loc[bad, label] if label else stops.loc[bad, id]
        warnings.warn(f"{int(bad.sum())} stop(s) without usable coordinates left out of the route: "
                      f"{examples(stops.loc[bad, id], names)} (缺少坐标的客户未排入路线).", stacklevel=2)
    ok = stops[~bad]
    if start is None and ok.empty:
        raise fail("没有带坐标的客户，无法排路线。", "No stop has usable coordinates: nothing to route.")
    if start is not None:
        s_lat, s_lon = (float(start[0]), float(start[1]))
        if not (-90 <= s_lat <= 90 and -180 <= s_lon <= 180):
            raise fail(f"出发点坐标 {start} 不是 (纬度, 经度)。", f"start {start} is not a (lat, lon) pair.")
        pts_lat = np.r_[s_lat, la[~bad].to_numpy()]
        pts_lon = np.r_[s_lon, lo[~bad].to_numpy()]
        ids = [start_label, *ok[id].astype(str)]
        names = [start_label, *(ok[label].astype(str) if label else ok[id].astype(str))]
    else:
        pts_lat, pts_lon = la[~bad].to_numpy(), lo[~bad].to_numpy()
        ids = list(ok[id].astype(str))
        names = list(ok[label].astype(str)) if label else ids
    d = distance_matrix(pts_lat, pts_lon)
    naive = list(range(len(d)))
    best = [0, *_solve_tour(d, closed, no_improvement=no_improvement, time_limit=time_limit, seed=seed)]
    # The solver works on whole metres; keep the given order when it is as short.
    if _tour_length(d, best, closed) > _tour_length(d, naive, closed) - 1e-9:
        best = naive
    best = np.asarray(best)
    leg = np.r_[0.0, d[best[:-1], best[1:]]]
    first = 0 if start is not None else 1  # the start point is stop 0; without one, customers count from 1
    table = pd.DataFrame({"seq": np.arange(len(best)) + first, "id": np.asarray(ids, dtype=object)[best],
                          "name": np.asarray(names, dtype=object)[best], "lat": pts_lat[best], "lon": pts_lon[best],
                          "leg_km": leg, "cum_km": leg.cumsum(),
                          "kind": np.where((np.arange(len(best)) == 0) & (start is not None), "start", "customer")})
    return Route(stops=table, distance_km=_tour_length(d, best, closed), naive_km=_tour_length(d, naive, closed),
                 closed=closed, left_out=left_out)


def short_name(name: str, city: str | None = None) -> str:
    """Short label for maps and calendars (简称): 绍兴宏达贸易有限公司 with city 绍兴 → 宏达贸易 —
    the legal form and a leading city name are dropped.

    >>> short_name("乌鲁木齐瑞丰精密机械有限责任公司", "乌鲁木齐")
    '瑞丰精密机械'
    """
    name = str(name)
    for suffix in ("股份有限公司", "有限责任公司", "有限公司", "公司"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    if city and name.startswith(city) and len(name) > len(city) + 1:
        name = name[len(city):]
    return name


def plot_route(route: Route, ax=None, *, labels: bool | None = None, title: str | None = None,
               color: str = "#1f4e79"):
    """Map-style plot of a :class:`Route` (路线图) in longitude/latitude with the aspect of a
    map at that latitude: numbered stops, arrows in visiting order, the start as a star."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 7))
    s = route.stops
    path = s if not route.closed else pd.concat([s, s.iloc[:1]])
    x, y = path["lon"].to_numpy(), path["lat"].to_numpy()
    for i in range(len(path) - 1):
        ax.annotate("", xy=(x[i + 1], y[i + 1]), xytext=(x[i], y[i]),
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=1.8, alpha=0.8, shrinkA=8, shrinkB=8))
    cust = s[s["kind"] == "customer"]
    ax.scatter(cust["lon"], cust["lat"], s=260, color="white", edgecolor=color, linewidth=2, zorder=3)
    for _, r in cust.iterrows():
        ax.text(r["lon"], r["lat"], str(r["seq"]), ha="center", va="center", fontsize=11, color=color, zorder=4)
    home = s[s["kind"] == "start"]
    ax.scatter(home["lon"], home["lat"], marker="*", s=500, color="#c00000", zorder=5)
    show = labels if labels is not None else len(s) <= 16
    if show:
        for _, r in s.iterrows():
            text = str(r["name"])
            ax.annotate(text, (r["lon"], r["lat"]), xytext=(9, 7), textcoords="offset points", fontsize=12)
    mid = np.radians(s["lat"].mean())
    ax.set_aspect(1 / max(np.cos(mid), 0.1))
    ax.ticklabel_format(useOffset=False, style="plain")
    ax.set_xlabel("经度")
    ax.set_ylabel("纬度")
    ax.margins(0.12)
    ax.set_title(title or f"拜访路线：{route.n_customers} 家客户，{route.distance_km:,.1f} km"
                          f"（按名册顺序 {route.naive_km:,.1f} km，节省 {route.saving:.0%}）")
    return ax


# --------------------------------------------------------------------------------------------
# Monthly visit calendar (月度拜访日程).
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]


def working_days(month, *, calendar: str | None = "cn", holidays=(), extra_workdays=()) -> pd.DatetimeIndex:
    """Working days of a month (工作日). ``calendar="cn"`` follows the State Council's holiday
    schedule including the weekend make-up days (调休), from the maintained ``chinesecalendar``
    package, which knows the years up to the latest published schedule; ``calendar=None``
    takes Monday–Friday. ``holidays`` removes and ``extra_workdays`` adds dates either way.

    >>> working_days("2025-10").strftime("%m-%d").tolist()[:3]
    ['10-09', '10-10', '10-11']
    """
    try:
        period = pd.Period(month, freq="M")
    except (ValueError, TypeError):
        raise fail(f"月份 {month!r} 无法识别，请写成 '2026-01'。", f"Month {month!r} not understood; write '2026-01'.") from None
    days = pd.date_range(period.start_time, period.end_time.normalize(), freq="D")
    if calendar == "cn":
        import chinese_calendar

        try:
            work = np.array([chinese_calendar.is_workday(d.date()) for d in days])
        except NotImplementedError:
            raise fail(f"chinesecalendar 还没有 {period.year} 年的放假安排：升级该包，或用 calendar=None 并在 "
                       "holidays 中列出假日。",
                       f"chinesecalendar has no holiday schedule for {period.year}: upgrade it, or pass "
                       "calendar=None and list the holidays.") from None
    elif calendar is None:
        work = days.day_of_week < 5
    else:
        raise fail(f"calendar 只能是 'cn' 或 None，收到 {calendar!r}。", f"calendar must be 'cn' or None, got {calendar!r}.")
    out = days[work]
    if len(holidays):
        out = out.difference(pd.DatetimeIndex(pd.to_datetime(list(holidays))))
    if len(extra_workdays):
        extra = pd.DatetimeIndex(pd.to_datetime(list(extra_workdays)))
        out = out.union(extra[(extra >= days[0]) & (extra <= days[-1])])
    if out.empty:
        raise fail(f"{period} 没有工作日。", f"{period} has no working days.")
    return out


def visit_calendar(
    roster: pd.DataFrame,
    month,
    *,
    id: str = "customer_id",
    grade: str = "grade",
    order=None,
    plan: pd.DataFrame | None = None,
    role: str = "业务员",
    level: str = "low",
    days=None,
    calendar: str | None = "cn",
    group: str | None = None,
) -> pd.DataFrame:
    """A month's visit and call calendar for one salesperson (月度拜访日程表).

    How often each customer is visited (拜访) and called (电话) comes from the visit plan per
    grade (:data:`khlib.grading.VISIT_PLAN`, rows of ``role``, frequency ``low`` or ``high``).
    A customer with k visits a month is seen every n/k working days (n = working days of the
    month, :func:`working_days`), so A customers are seen three times, evenly spread. Customers
    of a grade are taken in ``order`` — pass the order of a route over the whole territory
    (:func:`visit_route`) and neighbours are visited on the same or next days ("route first,
    cluster second"): the month is cut into as many laps as the most frequent grade needs
    (3 for A), each lap walks the route once, A customers on every lap, B on two of three, C on
    one, and each lap's visits are cut into consecutive stretches, one per working day. With
    ``group`` (a roster column such as ``"city"``) a lap's days are shared out between the
    groups in proportion to their visits, so that no day mixes two cities. Calls are evenly
    spaced, the first half a spacing after the first visit. Rows: date, weekday, customer, grade,
    activity and the visit number (e.g. 2/3). Deterministic; no loops over customers.
    """
    from .grading import VISIT_PLAN

    plan = VISIT_PLAN if plan is None else plan
    _need(roster, [id, grade] + ([group] if group else []), "客户名册 / roster ")
    if level not in ("low", "high"):
        raise fail(f"level 只能是 'low' 或 'high'，收到 {level!r}。", f"level must be 'low' or 'high', got {level!r}.")
    if roster[id].duplicated().any():
        raise fail(f"名册中客户编号重复：{examples(roster.loc[roster[id].duplicated(), id])}。",
                   f"Duplicated customer ids in the roster: {examples(roster.loc[roster[id].duplicated(), id])}.")
    g = roster[grade].astype(str)
    rules = plan[(plan["role"] == role) & plan["activity"].isin(["拜访", "电话"])]
    if rules.empty:
        raise fail(f"拜访计划中没有角色 '{role}' 的拜访或电话。", f"The visit plan has no visits or calls for role '{role}'.")
    unknown = sorted(set(g) - set(plan["grade"].astype(str)))
    if unknown:
        raise fail(f"拜访计划中没有这些等级：{unknown}。", f"The visit plan has no rules for grade(s) {unknown}.")
    freq = rules.pivot_table(index="grade", columns="activity", values=f"per_month_{level}", aggfunc="sum")
    whole = np.isclose(freq.fillna(0) % 1, 0) | np.isclose(freq.fillna(0) % 1, 1)
    if not whole.all().all():
        raise fail(f"日程表需要每月整数次，'{role}' 的频率为：{freq.to_dict()}。",
                   f"The calendar needs whole numbers of contacts a month; '{role}' has {freq.to_dict()}.")
    freq = freq.round().fillna(0).astype(int)
    days = working_days(month, calendar=calendar) if days is None else pd.DatetimeIndex(pd.to_datetime(days))
    n = len(days)
    ids = roster[id].astype(str)
    if order is not None:
        order = [str(o) for o in order]
        rank = pd.Series(np.arange(len(order)), index=order)
        missing = ids[~ids.isin(rank.index)]
        # customers not on the route (e.g. no coordinates) go last, in roster order
        pos = rank.reindex(ids).to_numpy(dtype=float).copy()
        pos[np.isnan(pos)] = len(order) + np.arange(len(missing))
    else:
        pos = np.arange(len(ids), dtype=float)
    base = pd.DataFrame({id: ids.to_numpy(), grade: g.to_numpy(), "_pos": pos})
    cols = ["date", id, grade, "activity", "_k", "_pos"]
    k_visit = base[grade].map(freq["拜访"]).fillna(0).astype(int).to_numpy() if "拜访" in freq else np.zeros(len(base), int)
    k_call = base[grade].map(freq["电话"]).fillna(0).astype(int).to_numpy() if "电话" in freq else np.zeros(len(base), int)
    laps = max(int(k_visit.max(initial=0)), 1)
    # Laps: the month is cut into `laps` blocks of working days; each block walks the route once.
    day_lap = (np.arange(n) * laps) // n
    lap_start = np.searchsorted(day_lap, np.arange(laps))
    lap_len = np.bincount(day_lap, minlength=laps)
    # A customer with k visits goes on k of the laps, evenly spaced; the first lap rotates with
    # its rank in its grade so that every lap carries the same load.
    rank = base.groupby(grade)["_pos"].rank(method="first").to_numpy().astype(int) - 1
    rows = np.repeat(np.arange(len(base)), k_visit)
    j = np.arange(len(rows)) - np.repeat(np.cumsum(k_visit) - k_visit, k_visit)
    kk = k_visit[rows]
    lap = (rank[rows] + (j * laps) // np.maximum(kk, 1)) % laps
    ev = pd.DataFrame({"_row": rows, "_lap": lap, "_pos": base["_pos"].to_numpy()[rows]})
    ev = ev.sort_values(["_lap", "_pos"], kind="stable")
    q = ev.groupby("_lap").cumcount().to_numpy()
    m = ev.groupby("_lap")["_row"].transform("size").to_numpy()
    lp = ev["_lap"].to_numpy()
    ev["_day"] = lap_start[lp] + (q * lap_len[lp]) // m  # consecutive stretches of the route per day
    if group is not None:  # keep each day inside one city: share a lap's days out by city
        ev["_grp"] = roster[group].astype(str).to_numpy()[ev["_row"].to_numpy()]
        for b_lap in range(laps):
            sub = ev[ev["_lap"] == b_lap]
            sizes = sub.groupby("_grp", sort=False).size()  # in route order
            n_days = int(lap_len[b_lap])
            if sub.empty or len(sizes) > n_days:
                continue
            quota = (sizes / sizes.sum() * n_days).to_numpy()
            alloc = np.maximum(np.floor(quota).astype(int), 1)
            while alloc.sum() > n_days:
                alloc[int(np.argmax(alloc - quota))] -= 1
            while alloc.sum() < n_days:
                alloc[int(np.argmax(quota - alloc))] += 1
            first_day = lap_start[b_lap] + np.r_[0, np.cumsum(alloc)[:-1]]
            g_idx = sizes.index.get_indexer(sub["_grp"])
            qq = sub.groupby("_grp", sort=False).cumcount().to_numpy()
            ev.loc[sub.index, "_day"] = first_day[g_idx] + (qq * alloc[g_idx]) // sizes.to_numpy()[g_idx]
    visits = pd.DataFrame({"date": days[ev["_day"].to_numpy()], id: base[id].to_numpy()[ev["_row"]],
                           grade: base[grade].to_numpy()[ev["_row"]], "activity": "拜访",
                           "_k": k_visit[ev["_row"]], "_pos": ev["_pos"].to_numpy()})
    # Calls: evenly spaced, the first half a spacing after the first visit (or by route position).
    first = pd.Series(ev["_day"].to_numpy()).groupby(ev["_row"].to_numpy()).min().reindex(range(len(base)))
    pos_day = ((rank + 0.5) / base.groupby(grade)[id].transform("size").to_numpy() * n).astype(int)
    anchor = first.fillna(pd.Series(pos_day)).to_numpy().astype(float)
    crow = np.repeat(np.arange(len(base)), k_call)
    cj = np.arange(len(crow)) - np.repeat(np.cumsum(k_call) - k_call, k_call)
    ck = k_call[crow]
    cday = (anchor[crow] + (cj + 0.5) * n / np.maximum(ck, 1)).astype(int) % n
    calls = pd.DataFrame({"date": days[cday], id: base[id].to_numpy()[crow], grade: base[grade].to_numpy()[crow],
                          "activity": "电话", "_k": ck, "_pos": base["_pos"].to_numpy()[crow]})
    cal = pd.concat([visits[cols], calls[cols]], ignore_index=True)
    cal.insert(1, "weekday", [WEEKDAYS[d] for d in pd.DatetimeIndex(cal["date"]).day_of_week])
    cal = cal.sort_values(["date", "activity", "_pos"], kind="stable").reset_index(drop=True)
    nth = cal.groupby([id, "activity"]).cumcount() + 1  # numbered in date order
    cal["visit"] = nth.astype(str) + "/" + cal["_k"].astype(str)
    return cal.drop(columns=["_pos", "_k"])


def calendar_grid(calendar: pd.DataFrame, *, activity: str = "拜访", label: str | None = None) -> pd.DataFrame:
    """The calendar as a month grid (日历视图): weeks as rows, Monday–Sunday as columns, each
    cell the day's ``activity`` stops (``label`` column, else customer ids) joined by "、"."""
    _need(calendar, ["date", "activity"], "日程表 / calendar ")
    col = label or calendar.columns[2]
    sub = calendar[calendar["activity"] == activity]
    text = sub.groupby("date")[col].agg(lambda s: "、".join(map(str, s)))
    if text.empty:
        return pd.DataFrame(columns=WEEKDAYS)
    dates = pd.DatetimeIndex(text.index)
    month = pd.date_range(dates.min().to_period("M").start_time, dates.max().to_period("M").end_time.normalize())
    cells = pd.Series("", index=month)
    cells[dates] = [f"{d.day}日：{t}" for d, t in zip(dates, text)]
    cells[month.difference(dates)] = [f"{d.day}日" for d in month.difference(dates)]
    frame = pd.DataFrame({"week": month.isocalendar().week.to_numpy(), "wd": [WEEKDAYS[d] for d in month.day_of_week],
                          "cell": cells.to_numpy()})
    grid = frame.pivot(index="week", columns="wd", values="cell").reindex(columns=WEEKDAYS).fillna("")
    grid.index = [f"第{i + 1}周" for i in range(len(grid))]
    grid.columns.name = None
    return grid


def routes_by_day(
    calendar: pd.DataFrame,
    stops: pd.DataFrame,
    *,
    start: tuple[float, float] | None = None,
    start_label: str = "出发点",
    id: str = "customer_id",
    activity: str = "拜访",
    lat: str = "lat",
    lon: str = "lon",
    label: str | None = "name",
    max_start_km: float | None = 150.0,
    **route_kw,
) -> tuple[pd.DataFrame, dict]:
    """A route for every day of a visit calendar (每日路线): returns a summary (one row per day:
    customers, where the route starts, km in the solver's order, km in the naive order —
    the order of ``stops``, e.g. the roster's — and the saving) and a dict date →
    :class:`Route`. ``stops`` gives the coordinates (and labels) of the customers.

    Routes start and end at ``start`` (the office); on days when every customer is more than
    ``max_start_km`` away from it (a trip to another city) the route starts at the first
    customer instead and the travel there is not counted."""
    _need(calendar, ["date", id, "activity"], "日程表 / calendar ")
    _need(stops, [id], "拜访客户表 / stops ")
    info = stops.drop_duplicates(id).set_index(id)
    visits = calendar[calendar["activity"] == activity]
    unknown = sorted(set(visits[id]) - set(info.index))
    if unknown:
        raise fail(f"日程中的客户没有坐标资料：{examples(unknown)}。", f"Calendar customers missing from stops: {examples(unknown)}.")
    routes, rows = {}, []
    with warnings.catch_warnings(record=True):  # one summary warning below instead of one per day
        warnings.simplefilter("always")
        for date, day in visits.groupby("date", sort=True):
            todays = info[info.index.isin(day[id])].reset_index()  # in the order of ``stops``
            origin, origin_label = start, start_label
            if start is not None and max_start_km is not None:
                d0 = distance_matrix(np.r_[start[0], pd.to_numeric(todays[lat], errors="coerce")],
                                     np.r_[start[1], pd.to_numeric(todays[lon], errors="coerce")])[0, 1:]
                if np.nanmin(d0, initial=np.inf) > max_start_km:  # away on a trip: start at the first customer
                    origin, origin_label = None, ""
            r = visit_route(todays, start=origin, start_label=origin_label, id=id, lat=lat, lon=lon, label=label,
                            **route_kw)
            routes[date] = r
            rows.append((date, r.n_customers, origin_label or "首个客户",
                         r.distance_km, r.naive_km, r.saving))
    left = sorted({c for r in routes.values() for c in r.left_out})
    if left:
        warnings.warn(f"Customers without usable coordinates left out of the daily routes: {examples(left)} "
                      "(缺少坐标的客户未排入路线).", stacklevel=2)
    summary = pd.DataFrame(rows, columns=["date", "stops", "start", "km", "naive_km", "saving"]).set_index("date")
    return summary, routes


# --------------------------------------------------------------------------------------------
# The analysis flow (分析流程): 整理资料 → 业绩分析 → 分级 → 客户名册 → 路序 → 访问计划.
FLOW_STEPS = ["整理资料", "业绩分析", "分级", "客户名册", "路序", "访问计划"]


@dataclass
class SalespersonPlan:
    """Everything :func:`salesperson_plan` produces for one salesperson and month (业务员月度计划):
    ``roster`` (客户名册: one row per customer with grade, sales, shares, plan check, receivables),
    ``territory_route`` (a route over all customers to visit, which orders the calendar),
    ``calendar`` (visits and calls per working day), ``day_summary`` and ``routes`` (a route per
    visiting day)."""

    salesperson: pd.Series
    month: str
    period: tuple[pd.Timestamp, pd.Timestamp]
    roster: pd.DataFrame
    territory_route: Route
    calendar: pd.DataFrame
    day_summary: pd.DataFrame
    routes: dict

    def week_routes(self, week: int = 1) -> dict:
        """The daily routes of the ``week``-th calendar week of the month (1 = first)."""
        dates = sorted(self.routes)
        weeks = pd.DatetimeIndex(dates).isocalendar().week.to_numpy()
        order = list(dict.fromkeys(weeks))
        if not 1 <= week <= len(order):
            raise fail(f"本月只有 {len(order)} 个有拜访的周，收到第 {week} 周。",
                       f"The month has {len(order)} weeks with visits; got week {week}.")
        return {d: self.routes[d] for d, w in zip(dates, weeks) if w == order[week - 1]}

    def to_excel(self, path) -> Path:
        """Write the roster (with grade colours), the calendar grid, the day list and the
        routes to one Excel workbook (业务员月度计划.xlsx). Returns the path."""
        from .grading import write_graded_sheet

        path = Path(path)
        labels = self.calendar
        routes = pd.concat([r.stops.assign(date=d.date()) for d, r in self.routes.items()], ignore_index=True) \
            if self.routes else pd.DataFrame()
        with pd.ExcelWriter(path, engine="openpyxl") as xw:
            write_graded_sheet(xw, self.roster.reset_index(), "客户名册", "grade")
            calendar_grid(labels, label="short_name").to_excel(xw, sheet_name="拜访日历")
            calendar_grid(labels, activity="电话", label="short_name").to_excel(xw, sheet_name="电话日历")
            self.calendar.assign(date=self.calendar["date"].dt.date).to_excel(xw, sheet_name="日程明细", index=False)
            self.day_summary.assign(date=lambda d: d.index.date).to_excel(xw, sheet_name="每日路线汇总", index=False)
            routes.to_excel(xw, sheet_name="路线明细", index=False)
        return path

    def plot_day(self, date=None, ax=None):
        """Map of one visiting day's route (default: the first day)."""
        if not self.routes:
            raise fail("本月没有拜访。", "No visits this month.")
        key = sorted(self.routes)[0] if date is None else pd.Timestamp(date)
        if key not in self.routes:
            raise fail(f"{pd.Timestamp(key).date()} 没有拜访；有拜访的日期：{[d.day for d in sorted(self.routes)]} 日。",
                       f"No visits on {pd.Timestamp(key).date()}.")
        r = self.routes[key]
        return r.plot(ax=ax, title=f"{self.salesperson['name']} {key:%m月%d日}（{WEEKDAYS[key.day_of_week]}）拜访路线："
                                   f"{r.n_customers} 家，{r.distance_km:.1f} km（名册顺序 {r.naive_km:.1f} km）")


def find_salesperson(salespeople: pd.DataFrame, who: str) -> pd.Series:
    """The salesperson row by name (姓名) or id; fails, with suggestions, when unknown or when
    the name is shared (then use the id)."""
    _need(salespeople, ["salesperson_id", "name"], "业务员表 / salespeople ")
    hit = salespeople[(salespeople["salesperson_id"] == who) | (salespeople["name"] == who)]
    if hit.empty:
        import difflib

        close = difflib.get_close_matches(str(who), salespeople["name"].astype(str).tolist(), n=3, cutoff=0.3)
        raise fail(f"没有业务员 '{who}'。相近的姓名：{close}。", f"No salesperson '{who}'. Close names: {close}.")
    if len(hit) > 1:
        raise fail(f"有 {len(hit)} 位业务员叫 '{who}'：{hit['salesperson_id'].tolist()}，请用编号。",
                   f"{len(hit)} salespeople are called '{who}': {hit['salesperson_id'].tolist()}; use the id.")
    return hit.iloc[0]


def salesperson_plan(
    who: str,
    month,
    *,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    salespeople: pd.DataFrame,
    assignments: pd.DataFrame,
    plan: pd.DataFrame | None = None,
    invoices: pd.DataFrame | None = None,
    payments: pd.DataFrame | None = None,
    months_back: int = 12,
    start: tuple[float, float] | None = None,
    calendar: str | None = "cn",
    seed: int = 0,
) -> SalespersonPlan:
    """The whole analysis flow for one salesperson (分析流程), from tidy records to next
    month's visit plan:

    1. 整理资料 — the salesperson's customers (``assignments``: customer → salesperson);
    2. 业绩分析 — each customer's sales in the ``months_back`` months before ``month``, its
       share of its region's sales and, with ``plan`` (``expected_share_of_region``), the
       shortfall flag of :func:`share_vs_plan`;
    3. 分级 — company-wide ABC grade on those sales (customers who bought nothing: D);
    4. 客户名册 — the roster, with open balance, amount over 90 days overdue and the credit
       limit check when ``invoices`` and ``payments`` are given;
    5. 路序 — a route over all customers to visit, from the office (``start``, else the
       salesperson's ``base_lat``/``base_lon``, else the first customer);
    6. 访问计划 — the month's calendar from the visit plan per grade, and a route per day.
    """
    from .grading import VISIT_PLAN, abc_grade
    from .summary import customer_summary

    sp = find_salesperson(salespeople, who)
    _need(assignments, ["customer_id", "salesperson_id"], "分配表 / assignments ")
    _need(customers, ["customer_id", "name", "region", "lat", "lon"], "客户表 / customers ")
    mine = assignments.loc[assignments["salesperson_id"] == sp["salesperson_id"], "customer_id"]
    if mine.empty:
        raise fail(f"业务员 {sp['name']}（{sp['salesperson_id']}）名下没有客户。",
                   f"Salesperson {sp['salesperson_id']} has no customers assigned.")
    # 1 整理资料
    period = pd.Period(month, freq="M")
    end = period.start_time - pd.Timedelta(days=1)
    begin = (period - months_back).start_time
    cust = customers.drop_duplicates("customer_id").set_index("customer_id")
    unknown = sorted(set(mine) - set(cust.index))
    if unknown:
        raise fail(f"分配表中的客户不在客户表中：{examples(unknown)}。",
                   f"Assigned customers missing from the customer table: {examples(unknown)}.")
    # 2 业绩分析 (company-wide, so grades and regional shares are the company's)
    summ = customer_summary(orders, start=begin, end=end)
    sales = summ["sales"]
    graded = abc_grade(sales[sales > 0])
    region_total = sales.groupby(cust["region"].reindex(sales.index)).sum()
    ros = cust.loc[mine.tolist(), ["name", "kind", "region", "city", "lat", "lon"]].copy() \
        if "city" in cust.columns else cust.loc[mine.tolist(), ["name", "region", "lat", "lon"]].copy()
    ros.index.name = "customer_id"
    ros["short_name"] = [short_name(n, c) for n, c in zip(ros["name"], ros.get("city", [None] * len(ros)))]
    ros["sales"] = sales.reindex(ros.index).fillna(0.0)
    ros["orders"] = summ["orders"].reindex(ros.index).fillna(0).astype(int) if "orders" in summ else 0
    ros["share_of_region"] = ros["sales"] / ros["region"].map(region_total)
    # 3 分级
    ros["grade"] = pd.Categorical(graded["grade"].reindex(ros.index).astype(object).fillna("D"),
                                  categories=["A", "B", "C", "D"], ordered=True)
    if plan is not None:
        check = share_vs_plan(orders, customers, plan, start=begin, end=end)
        ros["expected_share"] = check["expected_share_of_region"].reindex(ros.index)
        ros["plan_flag"] = check["flag"].reindex(ros.index).fillna("无计划")
    # 4 客户名册
    if invoices is not None and payments is not None:
        cc = credit_check(invoices, payments, customers, asof=end)
        ros["balance"] = cc["balance"].reindex(ros.index).fillna(0.0)
        ros["overdue_90"] = cc["overdue_90"].reindex(ros.index).fillna(0.0)
        ros["credit_limit"] = cust["credit_limit"].reindex(ros.index) if "credit_limit" in cust else np.nan
        ros["over_limit"] = ros["balance"] > ros["credit_limit"].fillna(0)
    visits = VISIT_PLAN[(VISIT_PLAN["role"] == "业务员") & (VISIT_PLAN["activity"] == "拜访")]
    ros["visits"] = ros["grade"].astype(str).map(visits.set_index("grade")["per_month_low"]).fillna(0).astype(int)
    ros = ros.sort_values(["grade", "sales"], ascending=[True, False], kind="stable")
    # 5 路序: over every customer with visits this month
    if start is None and {"base_lat", "base_lon"} <= set(sp.index):
        start = (float(sp["base_lat"]), float(sp["base_lon"]))
    office = f"{sp.get('base_city', '')}办公室" if "base_city" in sp.index else "办公室"
    to_visit = ros[ros["visits"] > 0].reset_index()
    territory = visit_route(to_visit, start=start, start_label=office, label="short_name", seed=seed)
    # 6 访问计划
    cal = visit_calendar(ros.reset_index(), period, order=territory.order(), calendar=calendar,
                         group="city" if "city" in ros.columns else None)
    cal = cal.merge(ros[["short_name"]], left_on="customer_id", right_index=True, how="left")
    day_summary, routes = routes_by_day(cal, ros.reset_index(), start=start, start_label=office, label="short_name",
                                        seed=seed)
    return SalespersonPlan(salesperson=sp, month=str(period), period=(begin, end), roster=ros,
                           territory_route=territory, calendar=cal, day_summary=day_summary, routes=routes)


# --------------------------------------------------------------------------------------------
# Widgets (课堂互动).
def plan_widget(tables: dict, *, months=("2026-01", "2026-02", "2026-03"), who: str | None = None,
                initial: SalespersonPlan | None = None):
    """Pick a salesperson and a month (选择业务员和月份): their roster by grade, the route of a
    chosen day on a map and the month's visit calendar follow. ``tables`` holds the keyword
    arguments of :func:`salesperson_plan` (orders, customers, salespeople, assignments and
    optionally plan, invoices, payments). Plans are computed once per choice and cached; pass an
    already computed plan as ``initial`` to start from it without recomputing."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    people = tables["salespeople"]
    options = [(f"{r['name']}（{r['salesperson_id']}，{r.get('base_city', '')}）", r["salesperson_id"])
               for _, r in people.iterrows()]
    style = {"description_width": "initial"}
    if initial is not None:
        who = initial.salesperson["salesperson_id"]
        months = list(dict.fromkeys([initial.month, *months]))
    pick = w.Dropdown(options=options, value=who or options[0][1], description="业务员", style=style,
                      layout=w.Layout(width="360px"))
    month = w.Dropdown(options=list(months), description="月份", style=style, layout=w.Layout(width="200px"))
    day = w.IntSlider(value=1, min=1, max=23, description="第几个拜访日", continuous_update=False, style=style,
                      layout=w.Layout(width="420px"))
    out = w.Output()
    cache: dict = {} if initial is None else {(initial.salesperson["salesperson_id"], initial.month): initial}

    def plan():
        key = (pick.value, month.value)
        if key not in cache:
            cache[key] = salesperson_plan(pick.value, month.value, **tables)
        return cache[key]

    def show(change=None):
        p = plan()
        dates = sorted(p.routes)
        day.max = max(len(dates), 1)
        with out:
            out.clear_output(wait=True)
            counts = p.roster["grade"].value_counts().sort_index()
            print(f"{p.salesperson['name']}：{len(p.roster)} 家客户（" +
                  "，".join(f"{g} {n}" for g, n in counts.items()) +
                  f"），{p.month} 共 {len(dates)} 个拜访日、{int((p.calendar['activity'] == '拜访').sum())} 次拜访")
            fig, ax = plt.subplots(figsize=(9, 6.5))
            p.plot_day(dates[min(day.value, len(dates)) - 1], ax=ax)
            plt.show()
            display(calendar_grid(p.calendar, label="short_name").style.set_uuid("khplanwidget")
                    .set_caption("拜访日历（简称）"))

    for c in (pick, month, day):
        c.observe(show, names="value")
    show()
    return w.VBox([w.HBox([pick, month]), day, out])


def share_widget(orders: pd.DataFrame, customers: pd.DataFrame, plan: pd.DataFrame, *, start=None, end=None,
                 region: str | None = None):
    """Move the expected shares and see the flags change (目标占比滑块): a region, the
    tolerance (flag when actual ÷ expected is below it) and a factor that raises or lowers every
    expected share of the region; shows how many customers are flagged and the largest
    shortfalls."""
    import ipywidgets as w
    from IPython.display import display

    base = share_vs_plan(orders, customers, plan, start=start, end=end)
    style = {"description_width": "initial"}
    regions = sorted(base["region"].unique())
    reg = w.Dropdown(options=regions, value=region or regions[0], description="地区", style=style)
    tol = w.FloatSlider(value=0.8, min=0.3, max=1.0, step=0.05, description="容忍度（实际/计划 低于此值即预警）",
                        readout_format=".0%", continuous_update=False, style=style, layout=w.Layout(width="520px"))
    factor = w.FloatSlider(value=1.0, min=0.5, max=1.5, step=0.05, description="计划占比整体调整 ×",
                           readout_format=".2f", continuous_update=False, style=style, layout=w.Layout(width="520px"))
    out = w.Output()

    def show(change=None):
        df = base[base["region"] == reg.value].copy()
        df["expected_share_of_region"] = df["expected_share_of_region"] * factor.value
        df["ratio"] = df["actual_share"] / df["expected_share_of_region"].where(df["expected_share_of_region"] > 0)
        df["flag"] = np.select([df["sales"] <= 0, df["ratio"] < tol.value], ["未下单", "低于计划"], "正常")
        with out:
            out.clear_output(wait=True)
            counts = df["flag"].value_counts().reindex(["正常", "低于计划", "未下单"], fill_value=0)
            print(f"{reg.value}：{len(df)} 家有计划的客户 — " + "，".join(f"{k} {v}" for k, v in counts.items()))
            worst = df[df["flag"] == "低于计划"].assign(gap=lambda d: d["expected_share_of_region"] - d["actual_share"])
            show_cols = ["sales", "actual_share", "expected_share_of_region", "ratio"]
            display(worst.sort_values("gap", ascending=False)[show_cols].head(8).style
                    .format({"sales": "{:,.0f}", "actual_share": "{:.2%}", "expected_share_of_region": "{:.2%}",
                             "ratio": "{:.0%}"}).set_uuid("khsharewidget").set_caption("差距最大的预警客户"))

    for c in (reg, tol, factor):
        c.observe(show, names="value")
    show()
    return w.VBox([reg, tol, factor, out])
