"""Order lines -> one row per customer, per product, per customer and period (订单汇总).

见第04章 客户分级（分级的输入）与第05章 交易分析。Every function validates and maps the
caller's columns with :func:`khlib.prepare_orders`, selects the period with
:mod:`khlib.periods` (whole days) and aggregates with vectorised group-bys.
"""

from __future__ import annotations

import pandas as pd

from .._errors import examples, fail, need_columns
from ..io import prepare_orders, to_number
from ..periods import DateLike, day, select_period


def canonical_orders(orders: pd.DataFrame, **cols) -> pd.DataFrame:
    """Validate ``orders`` and rename the caller's columns (``customer=``, ``date=`` …) to
    khlib's canonical names; duplicated lines are not checked here (:func:`khlib.prepare_orders`
    does that for a whole file)."""
    return prepare_orders(orders, check_duplicates=False, **cols)


def customer_summary(
    orders: pd.DataFrame,
    *,
    start: DateLike = None,
    end: DateLike = None,
    asof: DateLike = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
) -> pd.DataFrame:
    """Per-customer transaction summary (客户交易汇总), one row per customer.

    Output schema (index ``customer_id``, sorted): ``orders`` (int, distinct orders; distinct
    order days when there is no order id), ``lines`` (int), ``sales`` (float, sum of amount),
    ``first_date``, ``last_date`` (datetime), ``recency_days`` (int, whole days from the last
    order's day to ``asof``), ``tenure_days`` (int, from the first order's day to ``asof``),
    ``mean_order`` (float, sales / orders).

    ``start``/``end`` restrict the period (whole days, inclusive: ``end="2025-12-31"`` keeps
    an order at 14:05 that day); ``asof`` defaults to ``end``, else to the day of the last
    order in the data.

    >>> lines = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": [1, 2, 3],
    ...                       "order_date": ["2025-01-01", "2025-01-11 14:05", "2025-01-05"],
    ...                       "amount": [100.0, 50.0, 30.0]})
    >>> customer_summary(lines, end="2025-01-11")[["orders", "sales", "recency_days"]]
                 orders  sales  recency_days
    customer_id
    a                 2  150.0             0
    b                 1   30.0             6
    """
    df = canonical_orders(orders, customer=customer, date=date, amount=amount, order=order)
    df = select_period(df, start, end)
    ref = day(asof, "asof") if asof is not None else (
        day(end, "end") if end is not None else df["order_date"].max().normalize())
    last = df["order_date"].max()
    if last.normalize() > ref:
        raise fail(f"asof={ref.date()} 早于最后的订单日期 {last.date()}。",
                   f"asof={ref.date()} is before the last order date {last.date()}.")
    key = "order_id" if "order_id" in df.columns else "order_date"
    if key == "order_date":
        df = df.assign(order_date_day=df["order_date"].dt.normalize())
        key = "order_date_day"
    g = df.groupby("customer_id", sort=True)
    out = pd.DataFrame({
        "orders": g[key].nunique(),
        "lines": g.size(),
        "sales": g["amount"].sum(),
        "first_date": g["order_date"].min(),
        "last_date": g["order_date"].max(),
    })
    out["recency_days"] = (ref - out["last_date"].dt.normalize()).dt.days
    out["tenure_days"] = (ref - out["first_date"].dt.normalize()).dt.days
    out["mean_order"] = out["sales"] / out["orders"]
    out.index.name = "customer_id"
    return out


def product_summary(
    orders: pd.DataFrame,
    *,
    start: DateLike = None,
    end: DateLike = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    product: str = "product_id",
    quantity: str | None = None,
) -> pd.DataFrame:
    """Per-product sales summary (产品销售汇总), one row per product.

    Output schema (index ``product_id``, sorted): ``quantity`` (float, only when a quantity
    column is given), ``sales`` (float), ``lines`` (int), ``customers`` (int, distinct buyers).
    """
    df = canonical_orders(orders, customer=customer, date=date, amount=amount, product=product,
                          quantity=quantity)
    df = select_period(df, start, end)
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
    """Sales per customer and period (分期销售额).

    Output schema: index ``customer_id``; one float column per period (``"Y"`` years ``2025``,
    ``"Q"`` quarters ``2025Q1``, ``"M"`` months ``2025-01``), 0 where a customer bought nothing;
    the columns' name is ``period``."""
    df = canonical_orders(orders, customer=customer, date=date, amount=amount)
    period = df["order_date"].dt.to_period(freq)
    out = df.groupby(["customer_id", period])["amount"].sum().unstack(fill_value=0.0)
    out.columns = out.columns.astype(str)
    out.columns.name = "period"
    return out


def mix_sales(
    orders: pd.DataFrame,
    products: pd.DataFrame,
    customer_id,
    *,
    by: str = "category",
    start: DateLike = None,
    end: DateLike = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    product: str = "product_id",
) -> pd.DataFrame:
    """One customer's purchases and the company's sales per value of a product attribute
    (客户与公司的产品结构), the heavy step of :func:`khlib.transactions.product_mix`.

    Output schema (index named ``by``, every value of ``by`` the company sold in the period):
    ``customer_sales``, ``company_sales`` (float). ``products`` needs ``product_id`` and ``by``."""
    need_columns(products, ["product_id", by], "产品表", "products")
    if start is None and end is None:  # no period: the dates are not needed
        need_columns(orders, [customer, product, amount], "订单表", "orders")
        df = pd.DataFrame({"customer_id": orders[customer], "product_id": orders[product],
                           "amount": to_number(orders[amount], amount)})
    else:
        df = canonical_orders(orders, customer=customer, date=date, amount=amount, product=product)
    if not (df["customer_id"] == customer_id).any():
        raise fail(f"订单中没有客户 '{customer_id}'。", f"Customer '{customer_id}' has no orders.")
    df = select_period(df, start, end)
    key = df["product_id"].map(products.drop_duplicates("product_id").set_index("product_id")[by])
    if key.isna().any():
        bad = df.loc[key.isna(), "product_id"].unique()
        raise fail(f"订单中有产品表里没有的产品：{examples(bad)}。",
                   f"Orders contain products missing from the product table: {examples(bad)}.")
    mine = df["customer_id"] == customer_id
    company = df["amount"].groupby(key).sum()
    own = df.loc[mine, "amount"].groupby(key[mine]).sum()
    out = pd.DataFrame({"customer_sales": own.reindex(company.index, fill_value=0.0),
                        "company_sales": company})
    out.index.name = by
    return out


def average_stock(
    inventory: pd.DataFrame,
    *,
    start: DateLike = None,
    end: DateLike = None,
    by: str = "product_id",
    value: str = "avg_stock_value",
) -> tuple[pd.Series, int]:
    """Average monthly stock per ``by`` over the months of the period (平均库存), and the number
    of months it averages over. ``inventory`` has one row per item and ``month`` (``YYYY-MM``)
    with the month's average stock ``value`` (at cost)."""
    for col in (by, "month", value):
        if col not in inventory.columns:
            raise fail(f"库存表缺少列 '{col}'；现有的列：{list(inventory.columns)}。",
                       f"The inventory table lacks column '{col}'; it has {list(inventory.columns)}.")
    inv = inventory
    month = inv["month"].astype(str)
    keep = pd.Series(True, index=inv.index)
    if start is not None:
        keep &= month >= day(start, "start").strftime("%Y-%m")
    if end is not None:
        keep &= month <= day(end, "end").strftime("%Y-%m")
    inv = inv[keep]
    stock = to_number(inv[value], value)
    return stock.groupby(inv[by]).mean(), int(month[keep].nunique())
