"""The heavy step: order lines -> one row per customer / per product (交易汇总).

Every chapter's light steps (grading, scoring, plots) start from these summaries. Keeping the
aggregation here, in one module, is what lets it move to another engine (Polars, DuckDB,
Spark) for data that outgrow pandas without touching the chapters. All functions are
vectorised group-bys; none loops over rows, none modifies its input.
见第04章 客户分级（RFM 与分级的输入）与第05章 交易分析。
"""

from __future__ import annotations

import pandas as pd

from ._errors import fail
from .io import prepare_orders


def _period(orders: pd.DataFrame, start, end) -> pd.DataFrame:
    mask = pd.Series(True, index=orders.index)
    if start is not None:
        mask &= orders["order_date"] >= pd.Timestamp(start)
    if end is not None:
        mask &= orders["order_date"] <= pd.Timestamp(end)
    out = orders[mask]
    if len(out) == 0:
        raise fail(f"所选期间 {start} 至 {end} 内没有订单。",
                   f"No order lines between {start} and {end}.")
    return out


def _canonical(orders: pd.DataFrame, **cols) -> pd.DataFrame:
    """Validate and rename unless the frame is already canonical with the right types."""
    return prepare_orders(orders, check_duplicates=False, **cols)


def customer_summary(
    orders: pd.DataFrame,
    *,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    asof: str | pd.Timestamp | None = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
) -> pd.DataFrame:
    """Per-customer transaction summary (客户交易汇总), one row per customer.

    Columns: ``orders`` (distinct orders; distinct order days when there is no order id),
    ``lines``, ``sales`` (sum of amount), ``first_date``, ``last_date``, ``recency_days``
    (days from the last order to ``asof``), ``tenure_days`` (from the first order to
    ``asof``), ``mean_order`` (sales / orders). ``start``/``end`` restrict the period
    (inclusive); ``asof`` defaults to ``end``, else to the last order date in the data.

    >>> lines = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": [1, 2, 3],
    ...                       "order_date": ["2025-01-01", "2025-01-11", "2025-01-05"],
    ...                       "amount": [100.0, 50.0, 30.0]})
    >>> customer_summary(lines)[["orders", "sales", "recency_days"]]
                 orders  sales  recency_days
    customer_id
    a                 2  150.0             0
    b                 1   30.0             6
    """
    df = _canonical(orders, customer=customer, date=date, amount=amount, order=order)
    df = _period(df, start, end)
    ref = pd.Timestamp(asof) if asof is not None else (
        pd.Timestamp(end) if end is not None else df["order_date"].max())
    if (df["order_date"] > ref).any():
        raise fail(f"asof={ref.date()} 早于最后的订单日期 {df['order_date'].max().date()}。",
                   f"asof={ref.date()} is before the last order date {df['order_date'].max().date()}.")
    key = "order_id" if "order_id" in df.columns else "order_date"
    g = df.groupby("customer_id", sort=True)
    out = pd.DataFrame({
        "orders": g[key].nunique(),
        "lines": g.size(),
        "sales": g["amount"].sum(),
        "first_date": g["order_date"].min(),
        "last_date": g["order_date"].max(),
    })
    out["recency_days"] = (ref - out["last_date"]).dt.days
    out["tenure_days"] = (ref - out["first_date"]).dt.days
    out["mean_order"] = out["sales"] / out["orders"]
    out.index.name = "customer_id"
    return out


def product_summary(
    orders: pd.DataFrame,
    *,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    product: str = "product_id",
    quantity: str | None = None,
) -> pd.DataFrame:
    """Per-product sales summary (产品销售汇总): ``quantity`` (when given), ``sales``,
    ``lines``, ``customers`` (distinct buyers), one row per product."""
    df = _canonical(orders, customer=customer, date=date, amount=amount, product=product,
                    quantity=quantity)
    df = _period(df, start, end)
    g = df.groupby("product_id", sort=True)
    out = pd.DataFrame({"sales": g["amount"].sum(), "lines": g.size(),
                        "customers": g["customer_id"].nunique()})
    if "quantity" in df.columns:
        out.insert(0, "quantity", g["quantity"].sum())
    return out


def sales_by_period(
    orders: pd.DataFrame,
    *,
    freq: str = "Y",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
) -> pd.DataFrame:
    """Sales per customer and period (分期销售额): customers in rows, periods (``"Y"``
    years, ``"Q"`` quarters, ``"M"`` months) in columns, 0 where a customer bought nothing."""
    df = _canonical(orders, customer=customer, date=date, amount=amount)
    period = df["order_date"].dt.to_period(freq)
    out = df.groupby(["customer_id", period])["amount"].sum().unstack(fill_value=0.0)
    out.columns = out.columns.astype(str)
    out.columns.name = "period"
    return out
