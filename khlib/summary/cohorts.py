"""Order lines -> a customer's first weeks (新客户早期行为): what a new customer did in its
first ``days`` days, the inputs of chapter 02's "ants that become elephants" model; monthly
acquisition cohorts (获客队列) and per-customer churn times (流失时间) for chapter 08.

One factorisation of the ids, a mask of each customer's first window and ``bincount``; no
loop over rows, no change to the input frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from ..io import clean_ids
from ..io._prepare import prepare_lines
from ..periods import DateLike, day_number
from ._tables import check_span_days, retention_frame
from .orders import canonical_orders


def _sorted_distinct(key: np.ndarray) -> np.ndarray:
    """``np.unique(key)`` for integer keys by one sort: numpy 2.4's ``np.unique`` hashes first and
    then sorts, 0.5 s instead of 0.05 s on a million keys."""
    s = np.sort(key)
    return s[np.concatenate(([True], s[1:] != s[:-1]))] if len(s) else s


def _distinct_pairs(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Number of distinct values of ``b`` for each group ``a`` (0..n-1); ``b`` < 0 is ignored."""
    keep = b >= 0
    pairs = _sorted_distinct(a[keep].astype(np.int64) * (int(b.max(initial=0)) + 1) + b[keep])
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

    A Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame is counted on its
    own engine and this same pandas table comes back (a small display table:
    :func:`khlib.summary.engines.cohorts.cohort_retention_any`).
    """
    if not isinstance(orders, pd.DataFrame):  # another engine: the narwhals port, the same pandas table
        from .engines.cohorts import cohort_retention_any
        return cohort_retention_any(orders, customer=customer, date=date, amount=amount, order=order)
    prep = prepare_lines(orders, customer=customer, date=date, amount=amount, order=order)
    codes = prep.customers.codes  # factorised once, by the validation
    n = len(prep.customers.ids)
    d = prep.frame["order_date"].to_numpy().astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, codes, d)
    offset = d - first[codes]
    last_month = int(d.max())
    c0 = int(first.min())
    cohort = first - c0  # 0 .. k-1
    k = int(cohort.max()) + 1
    width = last_month - c0 + 1
    pairs = _sorted_distinct(codes.astype(np.int64) * width + offset)  # distinct (customer, month offset)
    who, off = pairs // width, pairs % width
    active = np.bincount(cohort[who] * width + off, minlength=k * width).reshape(k, width).astype(float)
    return retention_frame(active, c0, last_month)


def churn_times(
    orders: pd.DataFrame,
    *,
    span_days: int = 180,
    start: DateLike = None,
    end: DateLike = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
) -> pd.DataFrame:
    """Per-customer churn time (流失时间) of a non-contractual business, the input of a
    Kaplan–Meier curve or a Cox model (:mod:`khlib.loyalty`): a customer **churns** when it
    places no order for ``span_days`` days.

    Definition. A customer's distinct order days up to ``end`` are d1 < d2 < … < dk (``end``
    defaults to the last order date in the data; later orders are ignored; times of day are
    dropped). The gap after di is d(i+1) − di, and end − dk after the last one. The customer
    **churns at the first order day di whose gap is ≥ span_days** (the gap after dk counts
    only when end − dk ≥ span_days: it is known to have run that long); the churn is dated at
    that last order day before the silence. Otherwise it is **censored** at dk: all we know
    is that it has not churned before its last order day.

    The clock starts

    - ``start=None``: at the customer's first order day in the data (acquisition). For
      customers who traded before the data begin this is only the first day *in the data*:
      select new customers first before reading durations as lifetimes;
    - ``start`` given (a landmark date): only customers **active** at ``start`` are included —
      with an order day in [start − span_days, start] — and every clock starts at ``start``.
      Orders before ``start`` still count for the gaps, and the churn is the first qualifying
      order day from start − span_days on (earlier gaps belong to a past episode). A churn at
      an order day before ``start`` gives duration 0: the silence that began before ``start``
      ran on for ``span_days``, the customer was in effect lost at once.

    Output schema (index ``customer_id``, sorted): ``start_date`` (datetime, the clock's
    start), ``churn_date`` (datetime, the churn order day, or dk when censored),
    ``duration_days`` (float, churn_date − start_date in days, clipped at 0), ``churned``
    (int 0/1, the event), ``came_back`` (bool: churned, then ordered again before ``end`` —
    the "no order for span_days" verdict was not final), ``orders`` (int, distinct order days
    from start_date to churn_date, both included).

    >>> lines = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b", "b", "c", "c"],
    ...     "order_date": ["2025-01-01", "2025-01-20", "2025-03-31", "2025-02-10", "2025-03-05",
    ...                    "2025-03-20", "2025-01-05", "2025-01-25"], "amount": 1.0})
    >>> t = churn_times(lines, span_days=30)  # end: 2025-03-31, the last order
    >>> t[["churn_date", "duration_days", "churned", "came_back", "orders"]]
                churn_date  duration_days  churned  came_back  orders
    customer_id
    a           2025-01-20           19.0        1       True       2
    b           2025-03-20           38.0        0      False       3
    c           2025-01-25           20.0        1      False       2

    a: gaps 19, 70 (≥ 30): churns on 01-20 and comes back on 03-31. b: gaps 23, 15 and 11 to
    ``end``: censored at its last order. c: gaps 20, then 65 days to ``end``: churned.

    A Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame is computed on its
    own engine and comes back as the same type (:func:`khlib.summary.engines.cohorts.churn_times_any`).
    """
    if not isinstance(orders, pd.DataFrame):  # another engine: the narwhals port, same columns
        from .engines.cohorts import churn_times_any
        return churn_times_any(orders, span_days=span_days, start=start, end=end, customer=customer, date=date,
                               amount=amount, order=order)
    span = check_span_days(span_days)
    prep = prepare_lines(orders, customer=customer, date=date, amount=amount, order=order)
    ids = prep.customers.ids
    rank = pd.factorize(pd.Series(ids, dtype=object), sort=True)[0]  # codes -> position in sorted ids
    sorted_ids = np.empty(len(ids), dtype=object)
    sorted_ids[rank] = ids
    day = prep.frame["order_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    last = int(day.max())
    end_d = day_number(end, "end") if end is not None else last
    start_d = day_number(start, "start") if start is not None else None
    if start_d is not None and end_d < start_d:
        zh_end = f"end={end}" if end is not None else f"数据的最后订单日 {np.datetime64(end_d, 'D')}（end 的默认值）"
        en_end = f"end={end}" if end is not None else f"the last order date {np.datetime64(end_d, 'D')} (end's default)"
        raise fail(f"{zh_end} 早于 start={start}：观察期须在起点之后结束。",
                   f"{en_end} is before start={start}: the observation must end after the landmark.")
    keep = day <= end_d
    if not keep.any():
        raise fail(f"end={end} 早于第一笔订单（{np.datetime64(int(day.min()), 'D')}）：没有可分析的订单。",
                   f"end={end} is before the first order ({np.datetime64(int(day.min()), 'D')}): no orders to analyse.")
    code = rank[prep.customers.codes[keep]].astype(np.int64)
    day = day[keep]
    d0 = int(day.min())
    width = end_d - d0 + 1
    pairs = _sorted_distinct(code * width + (day - d0))  # distinct (customer, day), sorted by customer then day
    cust, dd = pairs // width, pairs % width + d0
    m = len(pairs)
    new = np.r_[True, cust[1:] != cust[:-1]]
    group = np.cumsum(new) - 1  # 0 .. customers-1, per distinct day
    gstart = np.flatnonzero(new)
    glast = np.r_[gstart[1:] - 1, m - 1]
    gap = np.empty(m, dtype=np.int64)
    gap[:-1] = np.diff(dd)
    gap[glast] = end_d - dd[glast]  # after the last order: the days to end
    qualifies = gap >= span
    if start_d is not None:
        qualifies &= dd >= start_d - span
    hit = np.flatnonzero(qualifies)  # sorted, so the first hit of each customer opens its run
    first_hit = hit[np.r_[True, group[hit][1:] != group[hit][:-1]]] if len(hit) else hit
    churned = np.zeros(len(gstart), dtype=bool)
    churned[group[first_hit]] = True
    churn_pos = glast.copy()
    churn_pos[group[first_hit]] = first_hit
    counted = np.r_[0, np.cumsum(dd >= start_d)] if start_d is not None else np.arange(m + 1)
    n_orders = counted[churn_pos + 1] - counted[gstart]
    if start_d is None:
        begin = dd[gstart]
        sel = np.ones(len(gstart), dtype=bool)
    else:
        active = (dd >= start_d - span) & (dd <= start_d)
        sel = np.zeros(len(gstart), dtype=bool)
        sel[group[active]] = True
        if not sel.any():
            raise fail(f"在 start={start} 之前的 {span} 天内（含 start 当天）没有客户下过单：没有活跃客户可跟踪。",
                       f"No customer ordered in the {span} days up to start={start} (inclusive): "
                       "no active customer to follow.")
        begin = np.full(int(sel.sum()), start_d, dtype=np.int64)
    churn_day = dd[churn_pos[sel]]
    return pd.DataFrame({
        "start_date": begin.astype("datetime64[D]").astype("datetime64[ns]"),
        "churn_date": churn_day.astype("datetime64[D]").astype("datetime64[ns]"),
        "duration_days": np.maximum(churn_day - begin, 0).astype(float),
        "churned": churned[sel].astype(np.int64),
        "came_back": churned[sel] & (churn_pos[sel] < glast[sel]),
        "orders": n_orders[sel].astype(np.int64),
    }, index=pd.Index(sorted_ids[cust[gstart[sel]]], dtype=prep.frame["customer_id"].dtype, name="customer_id"))
