"""Order lines and service-activity lines -> one row per customer (成本汇总): the heavy step
of chapter 02's customer profitability (客户盈利能力).

* :func:`customer_gross_profit`: order lines priced at the products' unit costs -> sales, cost of
  goods and gross margin per customer;
* :func:`activity_volume`: activity lines (deliveries, visits, calls, reminders …) -> the
  cost-driver quantity of each activity per customer;
* :func:`activity_costs`: the same quantities times a cost rate per activity (作业成本法,
  activity-based costing) -> the cost of each activity and the cost to serve per customer.

The light step (profit = gross margin − cost to serve, the whale curve) is in
:mod:`khlib.selection`. Everything here is one factorisation of the ids and ``bincount``; no
loop over rows, no change to the input frames.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import examples, fail, need_columns
from ..io import check_customer_ids, to_date, to_number
from ..io._ids import distinct_ids
from ..io._prepare import prepare_lines
from ..periods import DateLike, in_period
from ._tables import no_cost_error, unit_cost_table


def customer_gross_profit(
    orders: pd.DataFrame,
    products: pd.DataFrame,
    *,
    start: DateLike = None,
    end: DateLike = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    product: str = "product_id",
    quantity: str = "quantity",
    unit_cost: str = "unit_cost",
    allow_negative: bool = False,
) -> pd.DataFrame:
    """Gross margin per customer (客户毛利): sales less the cost of the goods sold to it.

    ``orders`` are order lines (validated as by :func:`khlib.prepare_orders`); ``products``
    gives each product's ``unit_cost`` (the product column has the same name, ``product=``, in
    both tables). The cost of a line is ``quantity × unit_cost``.

    Output schema (index ``customer_id``, sorted): ``sales`` (float), ``cost_of_goods`` (float),
    ``gross_profit`` (float, sales − cost of goods). Returns (``allow_negative=True``) are
    netted: a returned line carries a negative amount and a negative quantity.

    Fails naming the products when a product sold has no unit cost, a unit cost is missing or
    negative, or a product appears twice in ``products``.

    >>> lines = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": [1, 1, 2],
    ...     "order_date": ["2025-01-02"] * 3, "product_id": ["P1", "P2", "P1"],
    ...     "quantity": [2, 1, 1], "amount": [200.0, 50.0, 100.0]})
    >>> cat = pd.DataFrame({"product_id": ["P1", "P2"], "unit_cost": [70.0, 30.0]})
    >>> customer_gross_profit(lines, cat)
                 sales  cost_of_goods  gross_profit
    customer_id
    a            250.0          170.0          80.0
    b            100.0           70.0          30.0

    Order lines as a Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame are
    priced on their own engine and come back as the same type; ``products`` may then be a
    pandas frame or one of that engine (:func:`khlib.summary.engines.customer_gross_profit_any`).
    """
    if not isinstance(orders, pd.DataFrame):  # another engine: the narwhals port, same columns
        from .engines.products import customer_gross_profit_any
        return customer_gross_profit_any(orders, products, start=start, end=end, customer=customer, date=date,
                                         amount=amount, product=product, quantity=quantity, unit_cost=unit_cost,
                                         allow_negative=allow_negative)
    need_columns(products, [product, unit_cost], "产品表", "products")
    prep = prepare_lines(orders, customer=customer, date=date, amount=amount, product=product, quantity=quantity,
                         allow_negative=allow_negative)
    keep = in_period(prep.frame["order_date"], start, end).to_numpy()
    if not keep.any():
        raise fail(f"所选期间 {start or '…'} 至 {end or '…'} 内没有订单（{date}）。",
                   f"No order lines with {date} between {start or '…'} and {end or '…'}.")
    df = prep.frame[keep]
    pid, cost = unit_cost_table(products[product], products[unit_cost], unit_cost)
    prod_code, prod_u = pd.factorize(df["product_id"])  # a few hundred products: look each up once
    pos_u = pd.Index(pid).get_indexer(prod_u)
    if (pos_u < 0).any():
        missing = list(np.asarray(prod_u, dtype=object)[pos_u < 0])
        raise no_cost_error(missing)
    qty = df["quantity"].to_numpy(dtype=float)
    if np.isnan(qty).any():
        rows = df.index[np.isnan(qty)]
        raise fail(f"列 '{quantity}'（数量）有 {len(rows)} 行缺失：{examples(rows)}。",
                   f"Column '{quantity}' (quantity) is missing in {len(rows)} row(s): {examples(rows)}.")
    ids = prep.customers.ids
    order = np.argsort(np.asarray(ids).astype(str), kind="stable")  # the distinct ids ranked: sorted output
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = rank[prep.customers.codes[keep]]
    present = np.bincount(codes, minlength=len(order)) > 0
    codes = (np.cumsum(present) - 1)[codes]
    index = pd.Index(np.asarray(ids, dtype=object)[order][present], name="customer_id")
    n = len(index)
    unit = cost.to_numpy(dtype=float)[pos_u]
    sales = np.bincount(codes, weights=df["amount"].to_numpy(dtype=float), minlength=n)
    cogs = np.bincount(codes, weights=qty * unit[prod_code], minlength=n)
    return pd.DataFrame({"sales": sales, "cost_of_goods": cogs, "gross_profit": sales - cogs}, index=index)


@dataclass(frozen=True)
class _Lines:
    """Validated activity lines of a period as arrays: customer codes into ``customers``
    (sorted ids), activity codes into ``activities`` (first-appearance order), quantities."""

    customer: np.ndarray
    customers: pd.Index
    activity: np.ndarray
    activities: list
    quantity: np.ndarray


def _activity_lines(activities: pd.DataFrame, *, start: DateLike, end: DateLike, customer: str, date: str,
                    activity: str, quantity: str) -> _Lines:
    """Validate the activity lines and keep those of the period. Every column is factorised
    once: ids are cleaned and activity names stripped on their distinct values only."""
    if not isinstance(activities, pd.DataFrame):
        raise TypeError(f"需要 pandas DataFrame，得到 {type(activities).__name__} / a pandas DataFrame is expected")
    if len(activities) == 0:
        raise fail("活动表是空的（0 行）。", "The activities table is empty (0 rows).")
    need_columns(activities, [customer, date, activity, quantity], "活动表", "activities")
    ids = distinct_ids(activities[customer])
    check_customer_ids(activities[customer], customer, _distinct=ids)
    kind_code, kind_u = pd.factorize(activities[activity], use_na_sentinel=True)
    names = pd.Index(kind_u).astype("string").str.strip()
    blank = (kind_code < 0) | np.asarray((names == "").to_numpy(dtype=bool, na_value=True))[np.maximum(kind_code, 0)]
    if blank.any():
        raise fail(f"列 '{activity}'（活动）有 {int(blank.sum())} 行为空：{examples(activities.index[blank])}。",
                   f"Column '{activity}' (activity) is blank in {int(blank.sum())} row(s): "
                   f"{examples(activities.index[blank])}.")
    merged, kinds = pd.factorize(names.to_numpy(dtype=object))  # "拜访 " and "拜访" meet
    qty = to_number(activities[quantity], quantity)
    bad = qty.isna() | (qty < 0)
    if bad.any():
        raise fail(f"列 '{quantity}'（作业量）有 {int(bad.sum())} 行缺失或为负：{examples(activities.index[bad], qty[bad])}；"
                   "作业量应 ≥ 0。",
                   f"Column '{quantity}' (driver quantity) is missing or negative in {int(bad.sum())} row(s): "
                   f"{examples(activities.index[bad], qty[bad])}; quantities must be >= 0.")
    keep = in_period(to_date(activities[date], date), start, end).to_numpy()
    if not keep.any():
        raise fail(f"所选期间 {start or '…'} 至 {end or '…'} 内没有活动记录（{date}）。",
                   f"No activity lines with {date} between {start or '…'} and {end or '…'}.")
    order = np.argsort(ids.ids.astype(str), kind="stable")  # rank the distinct ids: sorted output
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    cust = rank[ids.codes[keep]]
    present = np.bincount(cust, minlength=len(order)) > 0  # customers with a line in the period
    new_code = np.cumsum(present) - 1
    return _Lines(new_code[cust], pd.Index(ids.ids[order][present], name="customer_id"),
                  merged[kind_code[keep]], list(kinds), qty.to_numpy(dtype=float)[keep])


def _wide(lines: _Lines, kinds: list[str], act: np.ndarray, weights: np.ndarray) -> pd.DataFrame:
    """Per customer × activity sums of ``weights`` (one bincount), activities in ``kinds`` order."""
    n, k = len(lines.customers), len(kinds)
    sums = np.bincount(lines.customer * k + act, weights=weights, minlength=n * k)
    return pd.DataFrame(sums.reshape(n, k), index=lines.customers, columns=pd.Index(kinds))


def activity_volume(
    activities: pd.DataFrame,
    *,
    start: DateLike = None,
    end: DateLike = None,
    customer: str = "customer_id",
    date: str = "date",
    activity: str = "activity",
    quantity: str = "quantity",
) -> pd.DataFrame:
    """Cost-driver quantity of each activity per customer (作业量汇总): deliveries, visits,
    minutes of support calls, CNY-days of late money … as the activity lines count them.

    Output schema: index ``customer_id`` (sorted), one float column per activity found in the
    period (in order of first appearance), the sum of ``quantity``.

    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2025-01-02"] * 3,
    ...                     "activity": ["配送", "拜访", "配送"], "quantity": [1, 1, 1]})
    >>> activity_volume(log)
                  配送   拜访
    customer_id
    a            1.0  1.0
    b            1.0  0.0
    """
    lines = _activity_lines(activities, start=start, end=end, customer=customer, date=date,
                            activity=activity, quantity=quantity)
    seen = np.bincount(lines.activity, minlength=len(lines.activities)) > 0  # activities of the period
    kinds = [k for k, s in zip(lines.activities, seen) if s]
    act = pd.Index(kinds).get_indexer(lines.activities)[lines.activity]
    return _wide(lines, kinds, act, lines.quantity)


def check_rates(rates: Mapping[str, float]) -> pd.Series:
    """The cost rates as a float Series (活动成本率): one finite rate ≥ 0 per activity, else a
    clear error naming the activity."""
    if not isinstance(rates, Mapping) or not rates:
        raise fail("rates 应是“活动 → 每单位作业量的成本”的字典，例如 {'配送': 60, '拜访': 450}。",
                   "rates must be a mapping activity -> cost per driver unit, e.g. {'配送': 60, '拜访': 450}.")
    out = pd.Series({str(k).strip(): v for k, v in rates.items()}, dtype=object)
    num = pd.to_numeric(out, errors="coerce").astype(float)
    bad = num.isna() | ~np.isfinite(num) | (num < 0)
    if bad.any():
        raise fail(f"成本率必须是 ≥ 0 的数：{examples(out.index[bad], out[bad])}。",
                   f"Cost rates must be numbers >= 0: {examples(out.index[bad], out[bad])}.")
    return num


def activity_costs(
    activities: pd.DataFrame,
    rates: Mapping[str, float],
    *,
    start: DateLike = None,
    end: DateLike = None,
    customer: str = "customer_id",
    date: str = "date",
    activity: str = "activity",
    quantity: str = "quantity",
) -> pd.DataFrame:
    """Cost to serve per customer by activity-based costing (作业成本法：服务成本): the
    cost-driver quantity of each activity times its rate (CNY per unit).

    ``rates`` maps every activity that occurs in the period to its cost per driver unit
    (``{'配送': 60, '拜访': 450, …}``; the course's assumptions are
    :data:`khlib.selection.COST_RATES`). An activity in the data without a rate is an error
    naming it: a cost left out would make a customer look more profitable than it is.

    Output schema: index ``customer_id`` (sorted), one float column per activity of ``rates``
    (in its order; 0 when the customer had none) with its cost, and ``cost_to_serve`` (float,
    their sum).

    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2025-01-02"] * 3,
    ...                     "activity": ["配送", "拜访", "配送"], "quantity": [1, 1, 1]})
    >>> activity_costs(log, {"配送": 60, "拜访": 450})
                   配送     拜访  cost_to_serve
    customer_id
    a            60.0  450.0          510.0
    b            60.0    0.0           60.0
    """
    rate = check_rates(rates)
    lines = _activity_lines(activities, start=start, end=end, customer=customer, date=date,
                            activity=activity, quantity=quantity)
    kinds = list(rate.index)
    act = pd.Index(kinds).get_indexer(lines.activities)[lines.activity]
    if (act < 0).any():
        missing = pd.Series(np.asarray(lines.activities, dtype=object)[lines.activity[act < 0]]).value_counts()
        listed = "、".join(f"'{k}'（{v} 行）" for k, v in missing.items())
        listed_en = ", ".join(f"'{k}' ({v} rows)" for k, v in missing.items())
        raise fail(f"活动 {listed} 没有成本率：请在 rates 中给出它们每单位作业量的成本（可以是 0）。"
                   f"已有成本率的活动：{kinds}。",
                   f"Activities {listed_en} have no cost rate: give their cost per driver unit in rates "
                   f"(0 is allowed). Rates are given for {kinds}.")
    out = _wide(lines, kinds, act, lines.quantity * rate.to_numpy()[act])
    out["cost_to_serve"] = out.sum(axis=1)
    return out
