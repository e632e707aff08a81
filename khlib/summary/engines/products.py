"""Product summary, sales by period and customer gross profit on any engine (see
:mod:`khlib.summary.engines`): :func:`khlib.product_summary`, :func:`khlib.sales_by_period` and
:func:`khlib.summary.customer_gross_profit` written once in narwhals."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..._errors import fail
from ...periods import DateLike, day_number, period_bounds
from .._tables import no_cost_error, unit_cost_table
from ._base import find_column, finish, from_native, nw, order_lines, refuse_returns, screen_lines

#: The periods of sales_by_period_any: years, quarters, months. Each period is a whole number on
#: the engine (:func:`_period_code`) and gets the label pandas gives it
#: (``to_period(freq).astype(str)``: 2025, 2025Q1, 2025-01) once the few present are known.
_FREQS = ("Y", "Q", "M")


def _period_code(date, freq: str):
    """A whole number per period of a datetime expression: the year (``"Y"``), year × 4 +
    quarter − 1 (``"Q"``) or year × 12 + month − 1 (``"M"``); plain integer arithmetic that every
    engine runs, increasing with time."""
    year, month = date.dt.year().cast(nw.Int64), date.dt.month().cast(nw.Int64)
    return {"Y": year, "Q": year * 4 + (month - 1) // 3, "M": year * 12 + month - 1}[freq]


def _period_label(code: int, freq: str) -> str:
    """The label of a period code of :func:`_period_code`, written by pandas itself."""
    if freq == "Y":
        return str(pd.Period(year=code, freq="Y"))
    if freq == "Q":
        return str(pd.Period(year=code // 4, quarter=code % 4 + 1, freq="Q"))
    return str(pd.Period(year=code // 12, month=code % 12 + 1, freq="M"))


def _in_period(lines, start: DateLike, end: DateLike):
    """The lines whose day falls in ``start`` … ``end`` (whole days, both inclusive)."""
    lo, hi = period_bounds(start, end)
    if lo is not None:
        lines = lines.filter(nw.col("_day") >= day_number(lo))
    if hi is not None:
        lines = lines.filter(nw.col("_day") < day_number(hi))
    return lines


def _collected(frame):
    """A narwhals frame made eager (a lazy one is collected: only for small results)."""
    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


def product_summary_any(
    orders: Any,
    *,
    start: DateLike = None,
    end: DateLike = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    product: str = "product_id",
    quantity: str | None = None,
    allow_negative: bool = False,
):
    """:func:`khlib.product_summary` on any engine (任意引擎上的产品销售汇总): a pandas
    DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame in,
    the same type out.

    Columns as in ``SCHEMAS["product_summary"]``, one row per product sorted by product id:
    ``quantity`` (float, sum of the ``quantity=`` column or else of a column named
    ``quantity``; only when there is one), ``sales`` (float, sum of amount), ``lines`` (int),
    ``customers`` (int, distinct buyers).
    ``start``/``end`` are whole days, inclusive. Integer product ids stay integers (sorted as
    numbers), as on the pandas path; pandas gets ``product_id`` as the index, the other engines
    as the first column.

    Validation checks the columns and their types only; the row-level screening of
    :func:`khlib.prepare_orders` stays in the pandas path, and returns are not ported (see the
    module notes). An empty period is an error on eager frames, an empty result on lazy ones.

    An example with Polars (not run by the doctests: Polars is optional)::

        >>> import polars as pl                                          # doctest: +SKIP
        >>> from datetime import date                                    # doctest: +SKIP
        >>> lines = pl.DataFrame({"customer_id": ["a", "a", "b"], "product_id": ["P2", "P1", "P2"],
        ...                       "order_date": [date(2025, 1, 1)] * 3, "amount": [100.0, 50.0, 30.0]})  # doctest: +SKIP
        >>> product_summary_any(lines)                                   # doctest: +SKIP
        shape: (2, 4)
        ┌────────────┬───────┬───────┬───────────┐
        │ product_id ┆ sales ┆ lines ┆ customers │
        │ ---        ┆ ---   ┆ ---   ┆ ---       │
        │ str        ┆ f64   ┆ i64   ┆ i64       │
        ╞════════════╪═══════╪═══════╪═══════════╡
        │ P1         ┆ 50.0  ┆ 1     ┆ 1         │
        │ P2         ┆ 130.0 ┆ 2     ┆ 2         │
        └────────────┴───────┴───────┴───────────┘
    """
    refuse_returns(allow_negative)
    schema = from_native(orders).collect_schema()
    if quantity is None and "quantity" in schema.names():  # as prepare_orders: given, or the canonical name
        quantity = "quantity"
    lines = order_lines(orders, customer=customer, date=date, amount=amount, product=product, quantity=quantity)
    screen_lines(lines)
    lines = _in_period(lines, start, end)
    aggs = [nw.col("amount").sum().alias("sales"), nw.len().alias("lines"),
            nw.col("customer_id").n_unique().alias("customers")]
    if quantity is not None:
        aggs.append(nw.col("quantity").sum())
    out = lines.group_by("product_id").agg(*aggs)
    own = schema[find_column(list(schema.names()), product)]
    if own.is_integer():  # the pandas path keeps integer product ids (and sorts them as numbers)
        out = out.with_columns(nw.col("product_id").cast(own))
    if isinstance(out, nw.DataFrame) and len(out) == 0:
        raise fail(f"所选期间 {start or '…'} 至 {end or '…'} 内没有记录（order_date）。",
                   f"No rows with order_date between {start or '…'} and {end or '…'}.")
    return finish(out, "product_summary")


def sales_by_period_any(
    orders: Any,
    *,
    freq: str = "Y",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    allow_negative: bool = False,
):
    """:func:`khlib.sales_by_period` on any engine (任意引擎上的分期销售额): a pandas
    DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame in,
    the same type out.

    One row per customer (sorted by id) and one float column per period present in the data,
    in time order, named as pandas names periods (``"Y"`` years ``2025``, ``"Q"`` quarters
    ``2025Q1``, ``"M"`` months ``2025-01``), holding the customer's sales in the period, 0 where
    it bought nothing. pandas gets ``customer_id`` as the index and the columns named
    ``period``, like the pandas path; the other engines get ``customer_id`` as the first column.

    Two queries, nothing big collected: the distinct periods present (a handful of numbers),
    then one aggregation with a conditional sum per period. Validation checks the columns and
    their types only, and returns are not ported (see the module notes). ``freq`` is ``"Y"``,
    ``"Q"`` or ``"M"`` (the pandas path takes any pandas period code).
    """
    refuse_returns(allow_negative)
    if freq not in _FREQS:
        raise fail(f"freq 须为 'Y'（年）、'Q'（季度）或 'M'（月），得到 {freq!r}。",
                   f"freq must be 'Y' (years), 'Q' (quarters) or 'M' (months), got {freq!r}.")
    lines = order_lines(orders, customer=customer, date=date, amount=amount)
    screen_lines(lines)
    lines = lines.select("customer_id", "amount", _period=_period_code(nw.col("order_date"), freq))
    codes = sorted(int(c) for c in _collected(lines.select("_period").unique())["_period"].to_list())
    if not codes:
        raise fail("订单表是空的（0 行），没有可分析的数据。", "The order table is empty (0 rows).")
    labels = {code: _period_label(code, freq) for code in codes}
    amounts = {label: nw.when(nw.col("_period") == code).then(nw.col("amount")).otherwise(0.0)
               for code, label in labels.items()}
    # the conditional amounts first, then plain sums: a group-by of plain sums runs natively on
    # every engine (narwhals' pandas backend mis-evaluates a when/then inside the aggregation)
    out = (lines.with_columns(**amounts).group_by("customer_id").agg(nw.col(*amounts).sum())
           .select("customer_id", *(nw.col(c).cast(nw.Float64) for c in amounts)).sort("customer_id"))
    native = out.to_native()
    if nw.dependencies.is_pandas_dataframe(native):
        native = native.set_index("customer_id").rename_axis(columns="period")
    return native


def _unit_costs(products: Any, *, product: str, unit_cost: str) -> pd.DataFrame:
    """The products table's unit costs, validated as on the pandas path, as a small pandas
    frame: ``product_id`` (text: ids cleaned as :func:`khlib.io.clean_ids` does, integers
    written out) and ``_unit_cost`` (float). ``products`` may be any engine's frame (it is
    collected: a product table is small). Fails on duplicated product ids and on unit costs
    that are missing or negative."""
    frame = None if isinstance(products, pd.DataFrame) else from_native(products)
    names = list(products.columns) if frame is None else list(frame.collect_schema().names())
    pcol, ccol = (find_column([str(c) for c in names], c) or c for c in (product, unit_cost))
    missing = [c for c in (pcol, ccol) if c not in names]
    if missing:  # the message of need_columns, as on the pandas path
        raise fail(f"产品表缺少列 {missing}；现有的列：{names}。",
                   f"The products table lacks column(s) {missing}; it has {names}.")
    table = products if frame is None else _collected(frame.select(pcol, ccol)).to_pandas()
    pid = table[pcol]
    if not (pid.dtype == object or pd.api.types.is_string_dtype(pid) or pd.api.types.is_integer_dtype(pid)):
        raise fail(f"产品表的列 '{pcol}'（产品编号）的类型是 {pid.dtype}，需要文本或整数。",
                   f"Column '{pcol}' (product id) of the products table is of type {pid.dtype}; "
                   "text or integers expected.")
    if pd.api.types.is_integer_dtype(pid):
        pid = pid.astype(str)  # the lines' integer ids become text too (order_lines)
    pid, cost = unit_cost_table(pid, table[ccol], ccol)
    keep = pid.notna().to_numpy()  # a product without an id is priced for no line (as on the pandas path)
    return pd.DataFrame({"product_id": pid.to_numpy(dtype=object)[keep], "_unit_cost": cost.to_numpy(dtype=float)[keep]})


def _on_engine(lines, table: pd.DataFrame):
    """The small pandas ``table`` as a narwhals frame on the backend (and DuckDB connection,
    Spark session) of ``lines``, eager or lazy like it, so that the two can be joined."""
    impl, native = lines.implementation, lines.to_native()
    if impl.is_pandas():
        return nw.from_native(table)
    if impl.is_polars():
        pl = impl.to_native_namespace()
        frame = pl.from_pandas(table, schema_overrides={"product_id": pl.String, "_unit_cost": pl.Float64})
        return nw.from_native(frame.lazy() if isinstance(lines, nw.LazyFrame) else frame)
    if impl.is_duckdb():  # a relation on the lines' own connection: DuckDB joins no relations of two connections
        def text(v) -> str:
            return "'" + str(v).replace("'", "''") + "'"

        rows = ", ".join(f"({text(p)}, {text(repr(float(c)))}::DOUBLE)"  # the shortest text that reads back the same float
                         for p, c in zip(table["product_id"], table["_unit_cost"]))
        sql = (f"select * from (values {rows}) as t(product_id, _unit_cost)" if rows else
               "select null::varchar as product_id, null::double as _unit_cost where false")
        return nw.from_native(native.query("_khlib_lines", sql))
    if impl.is_pyspark() or impl.is_pyspark_connect():
        return nw.from_native(native.sparkSession.createDataFrame(table, schema="product_id string, _unit_cost double"))
    return nw.from_native(table).lazy(backend=impl)


def customer_gross_profit_any(
    orders: Any,
    products: Any,
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
):
    """:func:`khlib.summary.customer_gross_profit` on any engine (任意引擎上的客户毛利): order
    lines as a pandas DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation or a
    PySpark DataFrame in, the same type out.

    Columns as in ``SCHEMAS["customer_gross_profit"]``, one row per customer sorted by id:
    ``sales`` (float, sum of amount), ``cost_of_goods`` (float, sum of quantity × the product's
    unit cost), ``gross_profit`` (float, sales − cost of goods). ``start``/``end`` are whole
    days, inclusive.

    ``products`` (the product table with ``product=`` and ``unit_cost=`` columns) is small: it
    may be a pandas frame or any engine's frame, is collected and validated as on the pandas
    path (a product id twice, a unit cost missing or negative: errors naming them), then joined
    to the lines on their own engine. A product sold in the period without a unit cost is an
    error on every engine, naming the products (one small query: the distinct products sold).

    Validation of the lines checks the columns and their types only; the row-level screening of
    :func:`khlib.prepare_orders` stays in the pandas path, and returns are not ported (see the
    module notes). An empty period is an error on eager frames, an empty result on lazy ones.
    """
    refuse_returns(allow_negative)
    cost = _unit_costs(products, product=product, unit_cost=unit_cost)
    lines = order_lines(orders, customer=customer, date=date, amount=amount, product=product, quantity=quantity)
    screen_lines(lines)
    lines = _in_period(lines, start, end)
    sold = _collected(lines.select("product_id").unique())["product_id"].to_list()  # a few hundred products
    if isinstance(lines, nw.DataFrame) and not sold:
        raise fail(f"所选期间 {start or '…'} 至 {end or '…'} 内没有订单（{date}）。",
                   f"No order lines with {date} between {start or '…'} and {end or '…'}.")
    missing = sorted(set(sold) - set(cost["product_id"]))
    if missing:
        raise no_cost_error(missing)
    cost = cost[cost["product_id"].isin(set(sold))]  # only what the join needs
    out = (lines.join(_on_engine(lines, cost), on="product_id", how="inner")
           .with_columns(_cost=nw.col("quantity") * nw.col("_unit_cost"))
           .group_by("customer_id").agg(nw.col("amount").sum().alias("sales"),
                                        nw.col("_cost").sum().alias("cost_of_goods"))
           .with_columns(gross_profit=nw.col("sales") - nw.col("cost_of_goods")))
    return finish(out, "customer_gross_profit")
