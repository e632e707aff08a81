"""Order lines -> a customer's first weeks (新客户早期行为): what a new customer did in its
first ``days`` days, the inputs of chapter 02's "ants that become elephants" model.

One factorisation of the ids, a mask of each customer's first window and ``bincount``; no
loop over rows, no change to the input frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from ..io import clean_ids
from .orders import canonical_orders


def _distinct_pairs(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Number of distinct values of ``b`` for each group ``a`` (0..n-1); ``b`` < 0 is ignored."""
    keep = b >= 0
    pairs = np.unique(a[keep].astype(np.int64) * (int(b.max(initial=0)) + 1) + b[keep])
    return np.bincount(pairs // (int(b.max(initial=0)) + 1), minlength=n)


def early_summary(
    orders: pd.DataFrame,
    *,
    days: int = 90,
    products: pd.DataFrame | None = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
    product: str | None = None,
    category: str = "category",
) -> pd.DataFrame:
    """Each customer's first ``days`` days from its first order in the data (首单后 N 天的行为).

    The window runs from the day of the customer's first order to ``days − 1`` days after it
    (``days=90``: the first order's day and the 89 following). For customers who traded before
    the data begin the "first order" is only the first one in the data: select new customers
    (e.g. by first-trade date) before reading the result as their first quarter.

    Output schema (index ``customer_id``, sorted): ``first_date`` (datetime, day of the first
    order), ``orders`` (int, distinct orders; distinct order days without an order id),
    ``lines`` (int), ``sales`` (float), ``products`` (int, distinct products; 0 without a
    product column) and, when ``products`` (a catalogue with ``category=``) is given,
    ``categories`` (int, distinct categories bought).

    >>> lines = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "order_id": [1, 2, 3, 4],
    ...     "order_date": ["2024-03-01", "2024-05-29", "2024-05-30", "2024-07-01"],
    ...     "product_id": ["P1", "P2", "P3", "P1"], "amount": [10.0, 20.0, 40.0, 5.0]})
    >>> early_summary(lines, days=90)[["orders", "sales", "products"]]
                 orders  sales  products
    customer_id
    a                 2   30.0         2
    b                 1    5.0         1
    """
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or days < 1:
        raise fail(f"days 应是 ≥ 1 的整数（天数），而不是 {days!r}。",
                   f"days must be a whole number of days >= 1, not {days!r}.")
    df = canonical_orders(orders, customer=customer, date=date, amount=amount, order=order, product=product)
    codes, index = pd.factorize(df["customer_id"], sort=True)
    n = len(index)
    day = df["order_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, codes, day)
    inside = day < first[codes] + days
    c = codes[inside]
    if "order_id" in df.columns:
        order_code = pd.factorize(df["order_id"])[0][inside]
    else:
        order_code = day[inside] - day.min()
    out = pd.DataFrame({
        "first_date": first.astype("datetime64[D]").astype("datetime64[ns]"),
        "orders": _distinct_pairs(c, order_code, n),
        "lines": np.bincount(c, minlength=n),
        "sales": np.bincount(c, weights=df["amount"].to_numpy(dtype=float)[inside], minlength=n),
    }, index=pd.Index(index, name="customer_id"))
    if "product_id" in df.columns:
        prod = pd.factorize(df["product_id"])[0][inside]
        out["products"] = _distinct_pairs(c, prod, n)
    else:
        out["products"] = 0
    if products is not None:
        if "product_id" not in df.columns:
            raise fail("给出了产品表（products），但订单中没有产品列：请用 product= 指明产品列。",
                       "A products table was given but the order lines have no product column: name it with product=.")
        pcol = product or "product_id"
        need_columns(products, [pcol, category], "产品表", "products")
        cat_of = pd.Series(products[category].to_numpy(), index=clean_ids(products[pcol], pcol))
        cat = cat_of.reindex(df["product_id"].to_numpy()[inside])
        if cat.isna().any():
            raise fail(f"有 {int(cat.isna().sum())} 行订单的产品不在产品表中或没有类别（{category}）。",
                       f"{int(cat.isna().sum())} order line(s) have a product missing from the products table "
                       f"or without a category ({category}).")
        out["categories"] = _distinct_pairs(c, pd.factorize(cat.to_numpy())[0], n)
    return out


def cohort_retention(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
) -> pd.DataFrame:
    """Monthly acquisition cohorts and their retention (获客队列留存表): one row per cohort (the
    calendar month of a customer's first order in the data, index ``cohort``, a Period), one
    column per month since acquisition (0, 1, 2 …): the share of the cohort's customers who
    ordered in that month, plus ``customers`` (the cohort's size). Months after the end of the
    data are missing, not 0 — a recent cohort has not had the chance to come back yet.

    >>> lines = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
    ...     "order_date": ["2025-01-05", "2025-03-01", "2025-01-20", "2025-02-02", "2025-03-09"],
    ...     "amount": [1.0, 1.0, 1.0, 1.0, 1.0]})
    >>> cohort_retention(lines)[["customers", 0, 1, 2]].values.tolist()
    [[2.0, 1.0, 0.0, 0.5], [1.0, 1.0, 1.0, nan]]
    """
    df = canonical_orders(orders, customer=customer, date=date, amount=amount, order=order)
    codes, index = pd.factorize(df["customer_id"])
    n = len(index)
    d = df["order_date"].to_numpy().astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, codes, d)
    offset = d - first[codes]
    last_month = int(d.max())
    c0 = int(first.min())
    cohort = first - c0  # 0 .. k-1
    k = int(cohort.max()) + 1
    width = last_month - c0 + 1
    pairs = np.unique(codes.astype(np.int64) * width + offset)  # distinct (customer, month offset)
    who, off = pairs // width, pairs % width
    active = np.bincount(cohort[who] * width + off, minlength=k * width).reshape(k, width).astype(float)
    size = np.bincount(cohort, minlength=k).astype(float)
    share = active / np.where(size > 0, size, np.nan)[:, None]
    horizon = last_month - (c0 + np.arange(k))  # last observable month offset of each cohort
    share[np.arange(width)[None, :] > horizon[:, None]] = np.nan
    keep = size > 0
    months = pd.period_range(pd.Period(np.datetime64(c0, "M").astype(str), "M"), periods=k, freq="M")
    out = pd.DataFrame(share[keep], index=pd.Index(months[keep], name="cohort"), columns=list(range(width)))
    out.insert(0, "customers", size[keep])
    return out
