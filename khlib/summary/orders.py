"""Order lines -> one row per customer, per product, per customer and period (订单汇总).

见第04章 客户分级（分级的输入）与第05章 交易分析。Every function validates and maps the
caller's columns with :func:`khlib.prepare_orders` (the one validation path: the same checks,
duplicated lines included), selects the period with :mod:`khlib.periods` (whole days) and
aggregates with vectorised group-bys.

**Returns (退货)** are order lines with a negative amount; they are refused unless
``allow_negative=True``, and then netted the same way everywhere: money columns (``sales``,
``customer_sales``, ``company_sales``, the periods of :func:`sales_by_period`, ``quantity``)
are **net of returns**; counts and dates describe **purchases**, the lines with an amount
>= 0 (``orders``, ``lines``, ``customers``, ``first_date``, ``last_date`` and with them
``recency_days`` and ``tenure_days``). A customer whose net sales are <= 0 stays in the table
with its net. A customer with only returns in the period stays too, with 0 orders and lines,
the dates of its returns and ``mean_order`` left empty (NaN); a warning names such customers.
Without negative amounts every output is the same as without the option.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import examples, fail, need_columns, warn
from ..io import clean_ids, prepare_orders, to_number
from ..io._prepare import prepare_lines
from ..io._rows import caller_level
from ..periods import DateLike, day, select_period


def one_id(customer_id):
    """One customer id written the way :func:`khlib.io.clean_ids` writes ids (``123`` ->
    ``"123"``, ``" C1 "`` -> ``"C1"``), to find it among cleaned lines."""
    if customer_id is None:
        return None
    return clean_ids(pd.Series([customer_id], dtype=object)).iloc[0]


def canonical_orders(orders: pd.DataFrame, **cols) -> pd.DataFrame:
    """Validate ``orders`` and rename the caller's columns (``customer=``, ``date=`` …) to
    khlib's canonical names: exactly :func:`khlib.prepare_orders` with the same checks (ids,
    numbers, dates, duplicated lines; ``allow_negative=`` for returns)."""
    return prepare_orders(orders, **cols)


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
    allow_negative: bool = False,
) -> pd.DataFrame:
    """Per-customer transaction summary (客户交易汇总), one row per customer.

    Output schema (index ``customer_id``, sorted): ``orders`` (int, distinct orders; distinct
    order days when there is no order id), ``lines`` (int), ``sales`` (float, sum of amount),
    ``first_date``, ``last_date`` (datetime), ``recency_days`` (int, whole days from the last
    order's day to ``asof``), ``tenure_days`` (int, from the first order's day to ``asof``),
    ``mean_order`` (float, sales / orders).

    With ``allow_negative=True`` negative lines are returns: ``sales`` is net of them, the
    counts and dates count purchases only (see the module notes).

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

    A Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame is summarised on
    its own engine and comes back as the same type (:func:`khlib.summary.engines.customer_summary_any`).
    """
    if not isinstance(orders, pd.DataFrame):  # another engine: the narwhals port, same columns
        from .engines import customer_summary_any
        return customer_summary_any(orders, start=start, end=end, asof=asof, customer=customer, date=date,
                                    amount=amount, order=order, allow_negative=allow_negative)
    prep = prepare_lines(orders, customer=customer, date=date, amount=amount, order=order,
                         allow_negative=allow_negative)
    # Group on the integer codes of the validation's factorisation (ranked so that the groups
    # come out sorted by id): the ids are hashed once, not three times.
    ids = prep.customers.ids
    rank = pd.factorize(pd.Series(ids, dtype=object), sort=True)[0] if len(ids) else np.zeros(0, np.int64)
    sorted_ids = np.empty(len(ids), dtype=object)
    sorted_ids[rank] = ids
    if prep.orders is not None:
        order_code = prep.orders.codes.astype(np.int64)
    else:  # no order id: one order per customer and day
        order_code = prep.frame["order_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    df = prep.frame.assign(_customer=rank[prep.customers.codes], _order=order_code)
    df = select_period(df, start, end)
    ref = day(asof, "asof") if asof is not None else (
        day(end, "end") if end is not None else df["order_date"].max().normalize())
    last = df["order_date"].max()
    if last.normalize() > ref:
        raise fail(f"asof={ref.date()} 早于最后的订单日期 {last.date()}。",
                   f"asof={ref.date()} is before the last order date {last.date()}.")
    buy = df["amount"].to_numpy() >= 0
    g = df.groupby("_customer", sort=True)
    order_code = df["_order"].to_numpy()
    if buy.all():
        out = pd.DataFrame({
            "orders": _distinct_per_group(g, order_code),
            "lines": g.size(),
            "sales": g["amount"].sum(),
            "first_date": g["order_date"].min(),
            "last_date": g["order_date"].max(),
        })
    else:
        out = _with_returns(df, g, buy, order_code, sorted_ids)
    out.index = pd.Index(sorted_ids[out.index.to_numpy()], dtype=prep.frame["customer_id"].dtype, name="customer_id")
    out["recency_days"] = (ref - out["last_date"].dt.normalize()).dt.days
    out["tenure_days"] = (ref - out["first_date"].dt.normalize()).dt.days
    out["mean_order"] = out["sales"] / out["orders"].where(out["orders"] > 0)
    return out


def _distinct_per_group(g, codes: np.ndarray, rows: np.ndarray | None = None) -> pd.Series:
    """Number of distinct ``codes`` (integers) per group of ``g`` (only ``rows`` when given),
    in the order of ``g``'s groups: one hash table of (group, code) pairs."""
    gid = g.ngroup().to_numpy().astype(np.int64)
    if rows is not None:
        gid, codes = gid[rows], codes[rows]
    lo = codes.min() if len(codes) else 0
    span = int(codes.max() - lo) + 1 if len(codes) else 1
    pairs = pd.unique(gid * span + (codes - lo))  # a hash table: faster here than numpy's unique
    counts = np.bincount(pairs // span, minlength=g.ngroups)
    return pd.Series(counts.astype(np.int64), index=g.size().index)


def _with_returns(df: pd.DataFrame, g, buy, order_code: np.ndarray, sorted_ids: np.ndarray) -> pd.DataFrame:
    """customer_summary's columns when some lines are returns: sales net, the rest from purchases."""
    sales = g["amount"].sum()
    p = df[buy].groupby("_customer", sort=True)
    out = pd.DataFrame({
        "orders": _distinct_per_group(g, order_code, buy),
        "lines": p.size().reindex(sales.index, fill_value=0),
        "sales": sales,
        "first_date": p["order_date"].min().reindex(sales.index),
        "last_date": p["order_date"].max().reindex(sales.index),
    })
    only = out["first_date"].isna()
    if only.any():
        out.loc[only, "first_date"] = g["order_date"].min()[only]
        out.loc[only, "last_date"] = g["order_date"].max()[only]
        who = sorted_ids[out.index[only].to_numpy()]
        warn(f"{int(only.sum())} 个客户在期间内只有退货、没有购买：{examples(who)}。"
             "他们留在表中，订单数为 0，销售额为退货净额，日期取退货日期。",
             f"{int(only.sum())} customer(s) have only returns and no purchase in the period: "
             f"{examples(who)}. They stay in the table with 0 orders, their net (negative) "
             "sales and the dates of their returns.", stacklevel=caller_level())
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
    allow_negative: bool = False,
) -> pd.DataFrame:
    """Per-product sales summary (产品销售汇总), one row per product.

    Output schema (index ``product_id``, sorted): ``quantity`` (float, only when a quantity
    column is given), ``sales`` (float), ``lines`` (int), ``customers`` (int, distinct buyers).
    With returns (``allow_negative=True``) ``sales`` and ``quantity`` are net, ``lines`` and
    ``customers`` count purchases.

    A Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame is summarised on
    its own engine and comes back as the same type (:func:`khlib.summary.engines.product_summary_any`).
    """
    if not isinstance(orders, pd.DataFrame):  # another engine: the narwhals port, same columns
        from .engines.products import product_summary_any
        return product_summary_any(orders, start=start, end=end, customer=customer, date=date, amount=amount,
                                   product=product, quantity=quantity, allow_negative=allow_negative)
    df = canonical_orders(orders, customer=customer, date=date, amount=amount, product=product,
                          quantity=quantity, allow_negative=allow_negative)
    df = select_period(df, start, end)
    g = df.groupby("product_id", sort=True)
    buy = df["amount"].to_numpy() >= 0
    if buy.all():
        out = pd.DataFrame({"sales": g["amount"].sum(), "lines": g.size(),
                            "customers": g["customer_id"].nunique()})
    else:
        p = df[buy].groupby("product_id", sort=True)
        sales = g["amount"].sum()
        out = pd.DataFrame({"sales": sales, "lines": p.size().reindex(sales.index, fill_value=0),
                            "customers": p["customer_id"].nunique().reindex(sales.index, fill_value=0)})
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
    allow_negative: bool = False,
) -> pd.DataFrame:
    """Sales per customer and period (分期销售额).

    Output schema: index ``customer_id``; one float column per period (``"Y"`` years ``2025``,
    ``"Q"`` quarters ``2025Q1``, ``"M"`` months ``2025-01``), 0 where a customer bought nothing;
    the columns' name is ``period``. Net of returns with ``allow_negative=True``.

    A Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame is summed on its
    own engine and comes back as the same type, ``customer_id`` as its first column
    (:func:`khlib.summary.engines.sales_by_period_any`; ``freq`` "Y", "Q" or "M")."""
    if not isinstance(orders, pd.DataFrame):  # another engine: the narwhals port, same columns
        from .engines.products import sales_by_period_any
        return sales_by_period_any(orders, freq=freq, customer=customer, date=date, amount=amount,
                                   allow_negative=allow_negative)
    df = canonical_orders(orders, customer=customer, date=date, amount=amount, allow_negative=allow_negative)
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
    allow_negative: bool = False,
) -> pd.DataFrame:
    """One customer's purchases and the company's sales per value of a product attribute
    (客户与公司的产品结构), the heavy step of :func:`khlib.transactions.product_mix`.

    Output schema (index named ``by``, every value of ``by`` the company sold in the period):
    ``customer_sales``, ``company_sales`` (float). ``products`` needs ``product_id`` and ``by``.
    Net of returns with ``allow_negative=True``."""
    need_columns(products, ["product_id", by], "产品表", "products")
    dated = start is not None or end is not None or date in orders.columns  # no period: dates may be absent
    df = canonical_orders(orders, customer=customer, date=date if dated else None, amount=amount, product=product,
                          allow_negative=allow_negative)
    customer_id = one_id(customer_id)
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
