"""The heavy step on other engines (其他计算引擎): Polars, DuckDB, Spark (issue 18).

:func:`customer_summary_any` and :func:`btyd_summary_any` are :func:`khlib.customer_summary`
and :func:`khlib.btyd_summary` written **once** with `narwhals <https://narwhals-dev.github.io>`_:
the same expressions run on a pandas DataFrame, a Polars DataFrame or LazyFrame, a DuckDB
relation or a PySpark DataFrame, and each returns the caller's own type (lazy stays lazy, a
DuckDB relation gives a relation, nothing is collected). The columns and dtypes are those of
:data:`khlib.summary.SCHEMAS`; pandas gets ``customer_id`` as the index, like the pandas
path, the other engines as the first column. Rows are sorted by customer id on every engine.
``kh.customer_summary`` and ``kh.btyd_summary`` route any frame that is not a pandas
DataFrame here, so chapters' code runs unchanged on a Polars or DuckDB table.

Needs the ``engines`` extra (``pip install 'khlib[engines]'``: narwhals, Polars, DuckDB);
PySpark works when it is installed (with Java), but is not part of the extra.

What differs from the pandas path (``kh.customer_summary`` on a pandas frame):

* **Validation is by schema only**: the columns must exist (names found the same loose way:
  surrounding spaces, full-width letters, case) and have the right types — ids text or
  integers (integers become text), dates a date or datetime type (a time zone is dropped, the
  local day kept), amounts numbers. Text dates are refused: parse them first. The row-level
  screening of :func:`khlib.prepare_orders` (missing or placeholder ids, totals rows,
  unreadable numbers, negative amounts, duplicated lines, ids with stray spaces) **stays in
  the pandas path**: it needs a pass over the data that a lazy engine should not make behind
  the caller's back. Clean the lines first, or check a sample with the pandas path.
* **Returns** (``allow_negative=True``) are not ported yet: use the pandas path. Missing ids,
  dates or amounts and negative amounts are errors on every engine (one scalar pass), never
  summed silently.
* Errors that depend on the data (an empty period, ``asof`` before the last order, no
  customer in the calibration period) are raised for eager frames (pandas, Polars
  DataFrame); a lazy frame gives an empty result instead.
"""

from __future__ import annotations

from typing import Any

from .._errors import fail
from ..periods import DateLike, day_number, period_bounds
from .btyd import TIME_UNITS

try:
    import narwhals.stable.v2 as nw
except ImportError:  # the "engines" extra is not installed: pandas frames never come here
    nw = None

_SPACES = " \t\r\n\u00a0\u3000\u200b\ufeff"
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
#: Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar (date.toordinal()).
_EPOCH_ORDINAL = 719_163


# ------------------------------------------------------------------ input: frame and columns
def _from_native(orders):
    """``orders`` as a narwhals frame; a clear error for anything else."""
    if nw is None:
        engine = type(orders).__module__.split(".")[0]
        if engine in {"polars", "duckdb", "pyspark", "sqlframe", "dask", "modin", "cudf"}:
            raise fail("在 pandas 以外的引擎上计算汇总需要 narwhals：pip install 'khlib[engines]'。",
                       "Summaries on engines other than pandas need narwhals: pip install 'khlib[engines]'.")
        raise TypeError(f"需要 pandas DataFrame，得到 {type(orders).__name__} / a pandas DataFrame is expected")
    try:
        return nw.from_native(orders)
    except TypeError:
        raise TypeError(f"需要 pandas、Polars、DuckDB 或 Spark 的表，得到 {type(orders).__name__} / "
                        "a pandas DataFrame (or a Polars, DuckDB or Spark frame) is expected") from None


def _loose(name) -> str:
    return str(name).translate(_FULLWIDTH).strip(_SPACES).casefold()


def _find(columns: list[str], col: str) -> str | None:
    """The caller's column meant by ``col``: itself, or the one equal up to surrounding spaces,
    full-width letters and case (as in :func:`khlib.prepare_orders`)."""
    if col in columns:
        return col
    same = [c for c in columns if _loose(c) == _loose(col)]
    return same[0] if len(same) == 1 else None


def _day_number(expr):
    """Whole days since 1970-01-01 of a datetime expression, from its year and day of the year:
    plain integer arithmetic that every engine runs (date differences do not: DuckDB and Spark
    lack some of narwhals' duration methods)."""
    y = expr.dt.year().cast(nw.Int64) - 1
    return y * 365 + y // 4 - y // 100 + y // 400 + expr.dt.ordinal_day().cast(nw.Int64) - _EPOCH_ORDINAL


def _lines(orders, *, customer: str, date: str, amount: str, order: str | None = None, use_order: bool = False):
    """The caller's lines as a narwhals frame with khlib's columns: ``customer_id`` (text),
    ``order_date`` (datetime[us], no time zone), ``amount`` (float), ``_day`` (day number) and,
    with ``use_order``, ``_order`` (the order id, or the day without one). Checks names and
    types only (see the module notes)."""
    frame = _from_native(orders)
    schema = frame.collect_schema()
    names = list(schema.names())
    wanted = {"customer_id": customer, "order_date": date, "amount": amount}
    if use_order and (order is not None or "order_id" in names):  # as prepare_orders: given, or the canonical name
        wanted["order_id"] = order if order is not None else "order_id"
    found = {canon: _find(names, col) for canon, col in wanted.items()}
    missing = [f"'{wanted[k]}'" for k, v in found.items() if v is None]
    if missing:
        raise fail(f"缺少列：{', '.join(missing)}。表中现有的列：{names}。"
                   "请用参数指定你的列名，例如 customer='客户代码'。",
                   f"Missing column(s): {', '.join(missing)}. Columns in the table: {names}. "
                   "Map your names with keyword arguments, e.g. customer='客户代码'.")
    exprs = {}
    c_col, d_col, a_col = found["customer_id"], found["order_date"], found["amount"]
    c_type, d_type, a_type = schema[c_col], schema[d_col], schema[a_col]
    if c_type == nw.String:
        exprs["customer_id"] = nw.col(c_col)
    elif c_type.is_integer() or c_type in (nw.Categorical, nw.Enum):
        exprs["customer_id"] = nw.col(c_col).cast(nw.String)
    else:
        raise fail(f"列 '{c_col}'（客户编号）的类型是 {c_type}，需要文本或整数。",
                   f"Column '{c_col}' (customer id) is of type {c_type}; text or integers expected.")
    if d_type == nw.Datetime:
        d = nw.col(d_col).dt.replace_time_zone(None) if d_type.time_zone is not None else nw.col(d_col)
        exprs["order_date"] = d.cast(nw.Datetime("us"))
    elif d_type == nw.Date:
        exprs["order_date"] = nw.col(d_col).cast(nw.Datetime("us"))
    else:
        raise fail(f"列 '{d_col}'（订单日期）的类型是 {d_type}，需要日期或日期时间类型。文本日期请先转换"
                   "（Polars：str.to_datetime；DuckDB：strptime），或用 pandas 表（kh.prepare_orders 能读各种格式）。",
                   f"Column '{d_col}' (order date) is of type {d_type}; a date or datetime type is expected. "
                   "Parse text dates first (Polars: str.to_datetime; DuckDB: strptime), or use a pandas frame "
                   "(kh.prepare_orders reads any format).")
    if not a_type.is_numeric():
        raise fail(f"列 '{a_col}'（金额）的类型是 {a_type}，需要数值类型。",
                   f"Column '{a_col}' (amount) is of type {a_type}; a numeric type is expected.")
    exprs["amount"] = nw.col(a_col).cast(nw.Float64)
    if "order_id" in found:
        exprs["_order"] = nw.col(found["order_id"])
    lines = frame.select(**exprs).with_columns(_day=_day_number(nw.col("order_date")))
    if use_order and "order_id" not in found:  # no order id: one order per customer and day
        lines = lines.with_columns(_order=nw.col("_day"))
    return lines


def _screen(lines) -> None:
    """One pass over the lines (also on lazy frames and DuckDB): missing ids, dates or amounts
    and negative amounts are errors, as in the pandas path — never summed silently."""
    stats = lines.select(
        customer=nw.col("customer_id").is_null().cast(nw.Int64).sum(),
        date=nw.col("order_date").is_null().cast(nw.Int64).sum(),
        amount=nw.col("amount").is_null().cast(nw.Int64).sum(),
        negative=(nw.col("amount") < 0).cast(nw.Int64).sum(),
    )
    if isinstance(stats, nw.LazyFrame):
        stats = stats.collect()
    missing, dates, amounts, negative = (int(v or 0) for v in stats.row(0))
    if missing or dates or amounts:
        raise fail(f"订单行有缺失值：客户编号 {missing} 行、日期 {dates} 行、金额 {amounts} 行。请先清理（或用 pandas 表，"
                   "kh.prepare_orders 会指出行号）。",
                   f"Order lines have missing values: customer id {missing}, date {dates}, amount {amounts} row(s). "
                   "Clean them first (or use a pandas frame: kh.prepare_orders names the rows).")
    if negative:
        raise fail(f"有 {negative} 行金额为负（退货）：其他引擎暂不计算退货，请先去掉这些行或用 pandas 表。",
                   f"{negative} line(s) have a negative amount (returns): other engines do not compute returns yet; "
                   "drop those lines or use a pandas frame.")


def _not_negative(allow_negative: bool) -> None:
    if allow_negative:
        raise fail("退货（allow_negative=True）目前只在 pandas 表上计算：请先转成 pandas（.to_pandas()）。",
                   "Returns (allow_negative=True) are computed on pandas frames only for now: "
                   "convert with .to_pandas() first.")


# ------------------------------------------------------------------ output: the schema, the caller's type
def _finish(out, name: str):
    """``out`` with exactly the columns and dtypes of ``SCHEMAS[name]`` (after ``customer_id``),
    sorted by id, as the caller's type (pandas: ``customer_id`` as the index)."""
    from . import SCHEMAS  # the package's table (imported here: the package imports its modules first)

    kinds = {"i": nw.Int64, "f": nw.Float64, "M": nw.Datetime("us")}
    cols = [nw.col(c).cast(kinds[k]) for c, k in SCHEMAS[name]["columns"].items() if c in out.collect_schema()]
    out = out.select(nw.col("customer_id"), *cols).sort("customer_id")
    native = out.to_native()
    if nw.dependencies.is_pandas_dataframe(native):
        native = native.set_index("customer_id")
    return native


# ------------------------------------------------------------------ the two summaries
def customer_summary_any(
    orders: Any,
    *,
    start: DateLike = None,
    end: DateLike = None,
    asof: DateLike = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
    allow_negative: bool = False,
):
    """:func:`khlib.customer_summary` on any engine (任意引擎上的客户交易汇总): a pandas
    DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame in,
    the same type out.

    Columns as in ``SCHEMAS["customer_summary"]``: ``orders`` (int, distinct order ids; with no
    order column — ``order=`` or a column ``order_id`` — distinct order days), ``lines`` (int),
    ``sales`` (float, sum of amount), ``first_date``, ``last_date`` (datetime, the first and
    last line's time), ``recency_days``, ``tenure_days`` (int, whole days from the last / first
    order's day to ``asof``), ``mean_order`` (float, sales / orders). ``start``/``end`` are
    whole days, inclusive; ``asof`` defaults to ``end``, else to the day of the last order.

    Validation checks the columns and their types only; the row-level screening of
    :func:`khlib.prepare_orders` stays in the pandas path, and returns are not ported (see the
    module notes).

    An example with Polars (not run by the doctests: Polars is optional)::

        >>> import polars as pl                                          # doctest: +SKIP
        >>> lines = pl.LazyFrame({"customer_id": ["a", "a", "b"], "order_id": [1, 2, 3],
        ...                       "order_date": ["2025-01-01", "2025-01-11 14:05", "2025-01-05"],
        ...                       "amount": [100.0, 50.0, 30.0]}
        ...                      ).with_columns(pl.col("order_date").str.to_datetime())  # doctest: +SKIP
        >>> out = customer_summary_any(lines, end="2025-01-11")          # doctest: +SKIP
        >>> out.select("customer_id", "orders", "sales", "recency_days").collect()  # doctest: +SKIP
        shape: (2, 4)
        ┌─────────────┬────────┬───────┬──────────────┐
        │ customer_id ┆ orders ┆ sales ┆ recency_days │
        │ ---         ┆ ---    ┆ ---   ┆ ---          │
        │ str         ┆ i64    ┆ f64   ┆ i64          │
        ╞═════════════╪════════╪═══════╪══════════════╡
        │ a           ┆ 2      ┆ 150.0 ┆ 0            │
        │ b           ┆ 1      ┆ 30.0  ┆ 6            │
        └─────────────┴────────┴───────┴──────────────┘
    """
    _not_negative(allow_negative)
    lines = _lines(orders, customer=customer, date=date, amount=amount, order=order, use_order=True)
    _screen(lines)
    lo, hi = period_bounds(start, end)
    if lo is not None:
        lines = lines.filter(nw.col("_day") >= day_number(lo))
    if hi is not None:
        lines = lines.filter(nw.col("_day") < day_number(hi))
    out = lines.group_by("customer_id").agg(
        nw.col("_order").n_unique().alias("orders"),
        nw.len().alias("lines"),
        nw.col("amount").sum().alias("sales"),
        nw.col("order_date").min().alias("first_date"),
        nw.col("order_date").max().alias("last_date"),
        nw.col("_day").min().alias("_first_day"),
        nw.col("_day").max().alias("_last_day"),
    )
    ref_day = asof if asof is not None else end
    ref = nw.lit(day_number(ref_day, "asof" if asof is not None else "end")) if ref_day is not None \
        else nw.col("_last_day").max()  # the last order's day, over all customers
    out = out.with_columns(
        recency_days=ref - nw.col("_last_day"),
        tenure_days=ref - nw.col("_first_day"),
        mean_order=nw.col("sales") / nw.col("orders").cast(nw.Float64),
    )
    if isinstance(out, nw.DataFrame):  # eager: the pandas path's data checks cost nothing here
        if len(out) == 0:
            raise fail(f"所选期间 {start or '…'} 至 {end or '…'} 内没有记录（{date}）。",
                       f"No rows with {date} between {start or '…'} and {end or '…'}.")
        if out["recency_days"].min() < 0:
            raise fail(f"asof={asof} 早于最后的订单日期。", f"asof={asof} is before the last order date.")
    return _finish(out, "customer_summary")


def btyd_summary_any(
    orders: Any,
    *,
    calibration_end: DateLike,
    observation_end: DateLike = None,
    unit: str = "W",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    allow_negative: bool = False,
):
    """:func:`khlib.btyd_summary` on any engine (任意引擎上的 BTYD 汇总): a pandas DataFrame,
    a Polars DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame in, the same type
    out.

    Lines are first summed per customer and **day**; a customer's first purchase day starts
    its clock. Up to and including ``calibration_end``: ``frequency`` (int, purchase days − 1),
    ``recency`` (first to last purchase day), ``T`` (first purchase day to
    ``calibration_end``), ``monetary_value`` (mean amount of the repeat days, 0 without one);
    times in ``unit`` (``"D"``, ``"W"`` = 7 days, ``"M"`` = 30.44 days). Only customers whose
    first purchase is on or before ``calibration_end``. With ``observation_end``:
    ``frequency_holdout`` (purchase days after ``calibration_end``), ``monetary_holdout``,
    ``duration_holdout``. Columns as in ``SCHEMAS["btyd_summary"]``.

    Rows are sorted by customer id (the pandas path keeps the order of first appearance, which
    a lazy engine does not have). Validation checks the columns and their types only; the
    row-level screening of :func:`khlib.prepare_orders` stays in the pandas path, returns are
    not ported, and the warning for an ``observation_end`` after the last transaction is not
    given (see the module notes).
    """
    _not_negative(allow_negative)
    if unit not in TIME_UNITS:
        raise fail(f"unit 须为 'D'、'W' 或 'M'，得到 {unit!r}。", f"unit must be 'D', 'W' or 'M', got {unit!r}.")
    cal = day_number(calibration_end, "calibration_end")
    obs = day_number(observation_end, "observation_end") if observation_end is not None else None
    if obs is not None and obs <= cal:
        raise fail(f"观察期结束 {observation_end} 必须晚于校准期结束 {calibration_end}（留出期在校准期之后）。",
                   f"observation_end {observation_end} must be after calibration_end {calibration_end}: "
                   "the holdout period follows the calibration period.")
    u = TIME_UNITS[unit]
    day, first, amt = nw.col("_day"), nw.col("_first"), nw.col("amount")
    in_cal = day <= cal
    lines = _lines(orders, customer=customer, date=date, amount=amount)
    _screen(lines)
    daily = (lines.group_by("customer_id", "_day").agg(amt.sum())
             .with_columns(_first=day.min().over("customer_id"))
             .filter(first <= cal))
    parts = {"_cal": in_cal.cast(nw.Int64),
             "_cal_day": nw.when(in_cal).then(day),
             "_rep_amount": nw.when(in_cal & (day > first)).then(amt).otherwise(0.0)}
    if obs is not None:
        hold = (day > cal) & (day <= obs)
        parts |= {"_hold": hold.cast(nw.Int64), "_hold_amount": nw.when(hold).then(amt).otherwise(0.0)}
    out = daily.with_columns(**parts).group_by("customer_id").agg(
        nw.col("_first").min(), nw.col("_cal_day").max(), *(nw.col(c).sum() for c in parts if c != "_cal_day"))
    freq = nw.col("_cal") - 1
    out = out.with_columns(
        frequency=freq,
        recency=(nw.col("_cal_day") - first) / u,
        T=(cal - first) / u,
        monetary_value=nw.when(freq > 0).then(nw.col("_rep_amount") / freq.cast(nw.Float64)).otherwise(0.0),
    )
    if obs is not None:
        h = nw.col("_hold")
        out = out.with_columns(
            frequency_holdout=h,
            monetary_holdout=nw.when(h > 0).then(nw.col("_hold_amount") / h.cast(nw.Float64)).otherwise(0.0),
            duration_holdout=nw.lit((obs - cal) / u),
        )
    if isinstance(out, nw.DataFrame) and len(out) == 0:
        raise fail(f"校准期结束 {calibration_end} 之前没有任何客户的首次购买。",
                   f"No customer made a first purchase on or before {calibration_end}.")
    return _finish(out, "btyd_summary")
