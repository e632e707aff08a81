"""Shared pieces of the engine ports (khlib.summary.engines): the caller's frame as narwhals,
its columns found and typed the loose way :func:`khlib.prepare_orders` finds them, the scalar
screening pass, and the output in the schema of :data:`khlib.summary.SCHEMAS` as the caller's type."""

from __future__ import annotations

from ..._errors import fail

try:
    import narwhals.stable.v2 as nw
except ImportError:  # the "engines" extra is not installed: pandas frames never come here
    nw = None

_SPACES = " \t\r\n\u00a0\u3000\u200b\ufeff"
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
#: Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar (date.toordinal()).
_EPOCH_ORDINAL = 719_163


# ------------------------------------------------------------------ input: frame and columns
def from_native(orders):
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


def loose_name(name) -> str:
    return str(name).translate(_FULLWIDTH).strip(_SPACES).casefold()


def find_column(columns: list[str], col: str) -> str | None:
    """The caller's column meant by ``col``: itself, or the one equal up to surrounding spaces,
    full-width letters and case (as in :func:`khlib.prepare_orders`)."""
    if col in columns:
        return col
    same = [c for c in columns if loose_name(c) == loose_name(col)]
    return same[0] if len(same) == 1 else None


def day_number_expr(expr):
    """Whole days since 1970-01-01 of a datetime expression, from its year and day of the year:
    plain integer arithmetic that every engine runs (date differences do not: DuckDB and Spark
    lack some of narwhals' duration methods)."""
    y = expr.dt.year().cast(nw.Int64) - 1
    return y * 365 + y // 4 - y // 100 + y // 400 + expr.dt.ordinal_day().cast(nw.Int64) - _EPOCH_ORDINAL


def typed_column(schema, col: str, kind: str, what_zh: str, what_en: str):
    """An expression for the caller's column ``col`` in khlib's type: ``"id"`` text (integers and
    categories become text), ``"date"`` datetime[us] without a time zone (dates, and datetimes
    in a zone keep their local day), ``"number"`` float. A clear error names the column, what
    it holds and what was expected; text dates and text numbers are refused (parse them first)."""
    t = schema[col]
    if kind == "id":
        if t == nw.String:
            return nw.col(col)
        if t.is_integer() or t in (nw.Categorical, nw.Enum):
            return nw.col(col).cast(nw.String)
        raise fail(f"列 '{col}'（{what_zh}）的类型是 {t}，需要文本或整数。",
                   f"Column '{col}' ({what_en}) is of type {t}; text or integers expected.")
    if kind == "date":
        if t == nw.Datetime:
            d = nw.col(col).dt.replace_time_zone(None) if t.time_zone is not None else nw.col(col)
            return d.cast(nw.Datetime("us"))
        if t == nw.Date:
            return nw.col(col).cast(nw.Datetime("us"))
        raise fail(f"列 '{col}'（{what_zh}）的类型是 {t}，需要日期或日期时间类型。文本日期请先转换"
                   "（Polars：str.to_datetime；DuckDB：strptime），或用 pandas 表（kh.prepare_orders 能读各种格式）。",
                   f"Column '{col}' ({what_en}) is of type {t}; a date or datetime type is expected. "
                   "Parse text dates first (Polars: str.to_datetime; DuckDB: strptime), or use a pandas frame "
                   "(kh.prepare_orders reads any format).")
    if kind == "number":
        if not t.is_numeric():
            raise fail(f"列 '{col}'（{what_zh}）的类型是 {t}，需要数值类型。",
                       f"Column '{col}' ({what_en}) is of type {t}; a numeric type is expected.")
        return nw.col(col).cast(nw.Float64)
    raise ValueError(kind)


def find_columns(names: list[str], wanted: dict[str, str]) -> dict[str, str]:
    """khlib's name -> the caller's column for every entry of ``wanted`` (khlib's name -> the
    name the caller gave), or one error listing every column not found."""
    found = {canon: find_column(names, col) for canon, col in wanted.items()}
    missing = [f"'{wanted[k]}'" for k, v in found.items() if v is None]
    if missing:
        raise fail(f"缺少列：{', '.join(missing)}。表中现有的列：{names}。"
                   "请用参数指定你的列名，例如 customer='客户代码'。",
                   f"Missing column(s): {', '.join(missing)}. Columns in the table: {names}. "
                   "Map your names with keyword arguments, e.g. customer='客户代码'.")
    return found  # type: ignore[return-value]


#: What each of khlib's line columns is, for the messages and the types.
_LINE_COLUMNS = {"customer_id": ("id", "客户编号", "customer id"), "order_date": ("date", "订单日期", "order date"),
                 "amount": ("number", "金额", "amount"), "product_id": ("id", "产品编号", "product id"),
                 "quantity": ("number", "数量", "quantity")}


def order_lines(orders, *, customer: str, date: str, amount: str, order: str | None = None, use_order: bool = False,
                product: str | None = None, quantity: str | None = None):
    """The caller's lines as a narwhals frame with khlib's columns: ``customer_id`` (text),
    ``order_date`` (datetime[us], no time zone), ``amount`` (float), ``_day`` (day number),
    with ``use_order`` ``_order`` (the order id, or the day without one), and ``product_id``
    (text) / ``quantity`` (float) when ``product`` / ``quantity`` are given. Checks names and
    types only (see the module notes)."""
    frame = from_native(orders)
    schema = frame.collect_schema()
    names = list(schema.names())
    wanted = {"customer_id": customer, "order_date": date, "amount": amount}
    if product is not None:
        wanted["product_id"] = product
    if quantity is not None:
        wanted["quantity"] = quantity
    if use_order and (order is not None or "order_id" in names):  # as prepare_orders: given, or the canonical name
        wanted["order_id"] = order if order is not None else "order_id"
    found = find_columns(names, wanted)
    exprs = {canon: typed_column(schema, found[canon], *_LINE_COLUMNS[canon]) for canon in found if canon != "order_id"}
    if "order_id" in found:
        exprs["_order"] = nw.col(found["order_id"])
    lines = frame.select(**exprs).with_columns(_day=day_number_expr(nw.col("order_date")))
    if use_order and "order_id" not in found:  # no order id: one order per customer and day
        lines = lines.with_columns(_order=nw.col("_day"))
    return lines


def screen_lines(lines) -> None:
    """One pass over the lines (also on lazy frames and DuckDB): missing ids, dates, amounts (or
    products, quantities when present; NaN counts as missing) and negative amounts are errors,
    as in the pandas path — never summed silently."""
    cols = [c for c in _LINE_COLUMNS if c in lines.collect_schema().names()]

    def missing(c):
        m = nw.col(c).is_null()
        return (m | nw.col(c).is_nan().fill_null(False)) if _LINE_COLUMNS[c][0] == "number" else m

    stats = lines.select(*(missing(c).cast(nw.Int64).sum().alias(c) for c in cols),
                         _negative=(nw.col("amount") < 0).cast(nw.Int64).sum())
    if isinstance(stats, nw.LazyFrame):
        stats = stats.collect()
    counts = dict(zip(cols + ["_negative"], (int(v or 0) for v in stats.row(0))))
    if any(counts[c] for c in cols):
        zh = "、".join(f"{_LINE_COLUMNS[c][1]} {counts[c]} 行" for c in cols)
        en = ", ".join(f"{_LINE_COLUMNS[c][2]} {counts[c]}" for c in cols)
        raise fail(f"订单行有缺失值：{zh}。请先清理（或用 pandas 表，kh.prepare_orders 会指出行号）。",
                   f"Order lines have missing values: {en} row(s). "
                   "Clean them first (or use a pandas frame: kh.prepare_orders names the rows).")
    negative = counts["_negative"]
    if negative:
        raise fail(f"有 {negative} 行金额为负（退货）：其他引擎暂不计算退货，请先去掉这些行或用 pandas 表。",
                   f"{negative} line(s) have a negative amount (returns): other engines do not compute returns yet; "
                   "drop those lines or use a pandas frame.")


def refuse_returns(allow_negative: bool) -> None:
    if allow_negative:
        raise fail("退货（allow_negative=True）目前只在 pandas 表上计算：请先转成 pandas（.to_pandas()）。",
                   "Returns (allow_negative=True) are computed on pandas frames only for now: "
                   "convert with .to_pandas() first.")


# ------------------------------------------------------------------ output: the schema, the caller's type
def finish(out, name: str):
    """``out`` with exactly the columns and dtypes of ``SCHEMAS[name]`` (after its index column,
    e.g. ``customer_id``), sorted by that column, as the caller's type (pandas: as the index)."""
    from .. import SCHEMAS  # the package's table (imported here: the package imports its modules first)

    key = SCHEMAS[name]["index"]
    kinds = {"i": nw.Int64, "f": nw.Float64, "M": nw.Datetime("us"), "b": nw.Boolean}
    present = out.collect_schema().names()
    cols = [nw.col(c).cast(kinds[k]) if k in kinds else nw.col(c)
            for c, k in SCHEMAS[name]["columns"].items() if c in present]
    out = out.select(nw.col(key), *cols).sort(key)
    native = out.to_native()
    if nw.dependencies.is_pandas_dataframe(native):
        native = native.set_index(key)
    return native
