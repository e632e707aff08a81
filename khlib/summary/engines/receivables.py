"""Open items and receivables on any engine (任意引擎上的应收账款汇总): :mod:`khlib.summary.receivables`
written once with narwhals (see :mod:`khlib.summary.engines`).

The invoices and the payments must be on the same engine (two pandas frames, two Polars
frames, two DuckDB relations of one connection, two Spark frames of one session); a Polars
DataFrame with a LazyFrame is fine, the result takes the type of ``invoices``.

The checks of the pandas path are all kept, as scalar passes and joins on the engine, also on
lazy frames (a handful of one-row results are collected; the result itself is not): missing
(or NaN) values and infinite amounts, duplicated invoice ids, payments for unknown invoices,
payments whose customer differs from the invoice's, payments dated before their invoice,
payments exceeding their invoice. Each error says how many rows are at fault and shows the
first few invoice ids (sorted) — there is no row index to name on a lazy engine.

What differs from the pandas path (``kh.open_items`` … on pandas frames):

* **Columns and types**: the names must be exactly those of the pandas path; ids text or
  integers (integers become text for the joins and checks, so an invoice ``17`` and a payment
  ``"17"`` match), dates a date or datetime type (a time zone is dropped, the local day kept),
  amounts numbers. Text dates and text amounts are refused: parse them first.
* **A missing invoice or customer id is an error** in either table (the pandas path reports
  it only through the payment checks).
* **Rows**: :func:`open_items_any` returns the invoices sorted by invoice id (pandas: a fresh
  index), not in their original order.
* **Cents**: ``balance`` is rounded half to even at the cent, computed as
  ``rint(x × 100) / 100`` with ``floor`` and a parity test (:func:`_cents`), which is exactly
  what ``pandas.Series.round(2)`` (numpy) does, bit for bit, on every engine. The engines' own
  ``round`` does not always agree (measured 2026-12, Polars 2.1, DuckDB 2.0, Spark 4.3, on
  0.125, 10.625, 20.375, 2.675, 1.005, 0.375, −0.125): Polars agrees; DuckDB rounds half away
  from zero (0.125 → 0.13) and 2.675 (267.5 once multiplied in floats) to 2.67; Spark rounds
  the shortest decimal text half up (0.125 → 0.13, 1.005 → 1.01). On the company's data no
  balance is near a half cent (whole-cent amounts): every engine's own ``round`` agrees there
  too (0 of 47,060 / 72,758 / 100,643 open items at 2024-12-31 / 2025-06-30 / 2025-12-31), so
  only hand-made half cents tell the difference (tests/summary/test_engines_receivables.py).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..._errors import fail, need_columns
from ...periods import DateLike, day, day_number, period_bounds
from ..receivables import AGE_BUCKET_CODES
from ._base import day_number_expr, finish, from_native, nw, typed_column

#: khlib's column -> (kind, Chinese, English) of the two tables.
_INVOICE = {"invoice_id": ("id", "发票号", "invoice id"), "customer_id": ("id", "客户编号", "customer id"),
            "invoice_date": ("date", "开票日期", "invoice date"), "due_date": ("date", "到期日", "due date"),
            "amount": ("number", "发票金额", "invoice amount")}
_PAYMENT = {"invoice_id": ("id", "发票号", "invoice id"), "customer_id": ("id", "客户编号", "customer id"),
            "payment_date": ("date", "收款日期", "payment date"),
            "amount": ("number", "收款金额", "payment amount")}
#: Helper columns (dropped before the result is returned); the caller's columns keep their names.
_INV, _CUST, _DAY = "_kh_invoice", "_kh_customer", "_kh_day"
_SHOWN = 5


# ------------------------------------------------------------------ small pieces
def _collect(frame):
    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


def _one_row(frame) -> dict:
    """A one-row aggregate as a dict of Python values (empty sums on SQL engines are None)."""
    row = _collect(frame)
    return dict(zip(row.columns, row.row(0)))


def _shown(frame, where, label: str, value: str | None = None) -> tuple[int, str]:
    """How many rows of ``frame`` satisfy ``where``, and the first few (sorted by ``label``) as
    ``INV1, INV2`` or ``INV1 (12.5)``: one count and one small ``head`` collected."""
    bad = frame.filter(where)
    n = int(_one_row(bad.select(nw.len().alias("n")))["n"] or 0)
    cols = [label] if value is None else [label, value]
    rows = _collect(bad.select(*cols).sort(*cols).head(_SHOWN)).rows()
    text = ", ".join(f"{r[0]}" if value is None else f"{r[0]} ({r[1]!r})" for r in rows)
    return n, text + (f" … (+{n - _SHOWN})" if n > _SHOWN else "")


def _cents(x):
    """``x`` rounded to cents half to even, as ``np.round(x, 2)``: ``rint(x × 100) / 100``, with
    ``rint`` written as floor + (fraction > ½, or = ½ and the floor odd). Every step is one
    IEEE operation on float64, so every engine gives numpy's bits. The divisor is the column
    ``x × 0 + 100`` (100 on every row: ``x`` is finite), not a literal: Polars divides by a
    literal as a multiplication by its reciprocal, one unit in the last place off for 1,230 of
    the company's 47,060 balances at 2024-12-31 (177403.3 came out as 177403.30000000002)."""
    y = x * nw.lit(100.0, nw.Float64)
    f = y.floor().cast(nw.Float64)
    frac = y - f
    odd = (f - (f / 2).floor().cast(nw.Float64) * 2) == 1
    hundred = x * 0.0 + 100.0
    return (f + nw.when((frac > 0.5) | ((frac == 0.5) & odd)).then(1.0).otherwise(0.0)) / hundred


def _pair(invoices, payments):
    """Both tables as narwhals frames of one engine, payments eager or lazy like invoices."""
    inv, pay = from_native(invoices), from_native(payments)
    if inv.implementation != pay.implementation:
        got = f"{type(invoices).__name__} / {type(payments).__name__}"
        raise fail(f"发票表与收款表须在同一引擎上（同一个 DuckDB 连接、同一个 Spark 会话），得到 {got}。",
                   f"Invoices and payments must be on the same engine (one DuckDB connection, one Spark session); "
                   f"got {got}.")
    if isinstance(inv, nw.LazyFrame) and isinstance(pay, nw.DataFrame):
        pay = pay.lazy()
    elif isinstance(inv, nw.DataFrame) and isinstance(pay, nw.LazyFrame):
        pay = pay.collect()
    return inv, pay


def _missing(c: str, spec: dict):
    """Missing in column ``c`` (NaN counts as missing for numbers)."""
    m = nw.col(c).is_null()
    return (m | nw.col(c).is_nan().fill_null(False)) if spec[c][0] == "number" else m


_INFINITE = (nw.col("amount").abs() == float("inf")).fill_null(False) if nw is not None else None


def _screen_counts(typed, spec: dict, prefix: str):
    """One-row aggregate: missing values per column of ``spec`` and infinite amounts."""
    return typed.select(*(_missing(c, spec).cast(nw.Int64).sum().alias(prefix + c) for c in spec),
                        _INFINITE.cast(nw.Int64).sum().alias(prefix + "_inf"))


def _raise_screened(counts: dict, prefix: str, typed, spec: dict, label: str, table_zh: str, table_en: str) -> None:
    """Missing values (every column named with its count) and infinite amounts are errors, with
    a few rows' invoice ids."""
    if any(counts[prefix + c] for c in spec):
        n, ids = _shown(typed, nw.any_horizontal(*(_missing(c, spec) for c in spec), ignore_nulls=False), label)
        zh = "、".join(f"{spec[c][1]}（{c}）{counts[prefix + c]} 行" for c in spec if counts[prefix + c])
        en = ", ".join(f"{spec[c][2]} ('{c}') {counts[prefix + c]}" for c in spec if counts[prefix + c])
        raise fail(f"{table_zh}有缺失值：{zh}，共 {n} 行，例如发票号 {ids}。每一行都需要这些值：请补上或删除这些行。",
                   f"The {table_en} table has missing values: {en} row(s); {n} row(s) in all, e.g. invoice ids "
                   f"{ids}. Every row needs them: fill them in or drop those rows.")
    if counts[prefix + "_inf"]:
        n, ids = _shown(typed, _INFINITE, label)
        raise fail(f"{table_zh}的列 'amount' 含无穷大：{n} 行，例如发票号 {ids}。",
                   f"Column 'amount' of the {table_en} table has infinite values: {n} row(s), "
                   f"e.g. invoice ids {ids}.")


# ------------------------------------------------------------------ the open items, checked
def _open(invoices, payments, asof: DateLike):
    """(the invoices issued by ``asof`` with ``paid``, ``balance``, ``days_overdue`` and the
    helper columns, the caller's invoice columns), after every check of the pandas path.

    The checks are two scalar passes: the missing values of both tables (two one-row
    aggregates cross-joined), then the ids and the payments (distinct invoice ids, and per
    invoice the payments by ``asof`` joined to it). The errors of the second pass are raised in
    the pandas path's order, so a count made on data an earlier check refuses (a duplicated id
    doubling a join) is never reported. Only an error collects more (its count and a few ids)."""
    ref = day_number(asof, "asof")
    inv, pay = _pair(invoices, payments)
    need_columns(inv, list(_INVOICE), "发票表", "invoices")
    need_columns(pay, list(_PAYMENT), "收款表", "payments")
    columns = list(inv.columns)
    ischema, pschema = inv.collect_schema(), pay.collect_schema()
    ti = {c: typed_column(ischema, c, *_INVOICE[c]) for c in _INVOICE}
    tp = {c: typed_column(pschema, c, *_PAYMENT[c]) for c in _PAYMENT}
    inv = inv.with_columns(invoice_date=ti["invoice_date"], due_date=ti["due_date"], amount=ti["amount"],
                           **{_INV: ti["invoice_id"], _CUST: ti["customer_id"]})
    pay = pay.select(amount=tp["amount"], payment_date=tp["payment_date"], invoice_id=tp["invoice_id"],
                     customer_id=tp["customer_id"])
    screened = _one_row(_screen_counts(inv, _INVOICE, "i_").join(_screen_counts(pay, _PAYMENT, "p_"), how="cross"))
    screened = {k: int(v or 0) for k, v in screened.items()}
    _raise_screened(screened, "i_", inv, _INVOICE, _INV, "发票表", "invoices")
    _raise_screened(screened, "p_", pay, _PAYMENT, "invoice_id", "收款表", "payments")
    inv = inv.with_columns(**{_DAY: day_number_expr(nw.col("invoice_date"))})  # no missing date now

    # Payments by the end of day ``asof``, each with its invoice, then summed per invoice.
    by_asof = pay.select(nw.col("invoice_id").alias(_INV), nw.col("customer_id").alias(_CUST), "amount",
                         day_number_expr(nw.col("payment_date")).alias(_DAY)).filter(nw.col(_DAY) <= ref)
    known = inv.select(_INV, nw.col(_CUST).alias("_kh_inv_customer"), nw.col(_DAY).alias("_kh_inv_day"),
                       nw.col("amount").alias("_kh_inv_amount"))
    joined = by_asof.join(known, on=_INV, how="left")
    unknown = nw.col("_kh_inv_day").is_null()  # an invoice's day is never missing (screened)
    wrong = ~unknown & (nw.col(_CUST) != nw.col("_kh_inv_customer")).fill_null(True)
    early = ~unknown & (nw.col(_DAY) < nw.col("_kh_inv_day")).fill_null(False)
    flags = {"_kh_unknown": unknown, "_kh_wrong": wrong, "_kh_early": early}
    per_invoice = (joined.with_columns(**{k: v.cast(nw.Int64) for k, v in flags.items()})
                   .group_by(_INV).agg(nw.col("amount").sum().alias("paid"),
                                       nw.col("_kh_inv_amount", "_kh_inv_day").max(), nw.col(*flags).sum()))
    over = ((nw.col("paid") > nw.col("_kh_inv_amount") + 0.005) & (nw.col("_kh_inv_day") <= ref)).fill_null(False)
    checks = per_invoice.select(*(nw.col(k).sum().alias(k[4:]) for k in flags),
                                over.cast(nw.Int64).sum().alias("over"))
    distinct = inv.select(nw.len().alias("rows"), nw.col(_INV).n_unique().alias("ids"))
    counts = {k: int(v or 0) for k, v in _one_row(distinct.join(checks, how="cross")).items()}
    if counts["rows"] != counts["ids"]:
        dup = inv.group_by(_INV).agg(nw.len().alias("_kh_n")).filter(nw.col("_kh_n") > 1)
        n_rows = int(_one_row(dup.select(nw.col("_kh_n").sum()))["_kh_n"])
        n, ids = _shown(dup, nw.col("_kh_n") > 1, _INV, "_kh_n")
        raise fail(f"发票号重复：{n} 个发票号共 {n_rows} 行，例如 {ids}（括号内为行数）。",
                   f"Duplicated invoice ids: {n} id(s) on {n_rows} rows, e.g. {ids} (rows in brackets).")
    if counts["unknown"]:
        n, ids = _shown(joined, unknown, _INV)
        raise fail(f"收款对应的发票不存在：{n} 行，例如发票号 {ids}。",
                   f"Payments for unknown invoices: {n} row(s), e.g. invoice ids {ids}.")
    if counts["wrong"]:
        n, ids = _shown(joined, wrong, _INV, _CUST)
        raise fail(f"收款的客户编号与发票不符或不存在：{n} 行，例如发票号（收款的客户编号）{ids}。",
                   f"Payments whose customer id is unknown or differs from the invoice's: {n} row(s), "
                   f"e.g. invoice ids (the payment's customer id) {ids}.")
    if counts["early"]:
        n, ids = _shown(joined, early, _INV)
        raise fail(f"收款日期早于开票日期：{n} 行，例如发票号 {ids}。",
                   f"Payments dated before their invoice: {n} row(s), e.g. invoice ids {ids}.")
    if counts["over"]:
        n, ids = _shown(per_invoice, over, _INV, "paid")
        raise fail(f"收款超过发票金额：{n} 张发票，例如发票号（已收）{ids}。",
                   f"Payments exceed the invoice amount: {n} invoice(s), e.g. invoice ids (paid) {ids}.")

    items = (inv.filter(nw.col(_DAY) <= ref)  # invoices issued by ``asof``
             .join(per_invoice.select(_INV, nw.col("paid").alias("_kh_paid")), on=_INV, how="left")
             .with_columns(paid=nw.col("_kh_paid").fill_null(0.0)))
    items = items.with_columns(balance=_cents(nw.col("amount") - nw.col("paid")),
                               days_overdue=nw.lit(ref, nw.Int64) - day_number_expr(nw.col("due_date")))
    return items, columns


def _group_column(by: str, columns: list[str]) -> None:
    if by not in columns:
        raise fail(f"分组列 '{by}' 不存在；发票表的列：{columns}。",
                   f"Group column '{by}' not found; the invoice table has {columns}.")


def _finish_by(out, name: str, by: str):
    """``out`` in the schema of ``SCHEMAS[name]`` with ``by`` as its key (the schema is written
    for ``customer_id``), sorted, as the caller's type."""
    if by == "customer_id":
        return finish(out, name)
    native = finish(out.rename({by: "customer_id"}), name)
    if isinstance(native, pd.DataFrame):
        return native.rename_axis(by)
    return nw.from_native(native).rename({"customer_id": by}).to_native()


# ------------------------------------------------------------------ the public functions
def open_items_any(invoices: Any, payments: Any, *, asof: DateLike):
    """:func:`khlib.open_items` on any engine (任意引擎上的未收款明细): the invoices issued by
    the end of day ``asof`` with what is still owed, as the caller's type (pandas, Polars
    DataFrame or LazyFrame, DuckDB relation, PySpark DataFrame).

    Output: the invoice table's columns (``invoice_date``, ``due_date`` as datetime,
    ``amount`` as float) plus ``paid`` (float, payments by ``asof``), ``balance`` (float,
    rounded to cents half to even, as pandas rounds) and ``days_overdue`` (int, days past the
    due date; negative = not yet due); rows sorted by invoice id.

    Fails, saying how many rows and showing a few invoice ids, on missing values, duplicated
    invoice ids, payments for unknown invoices, payments whose customer differs from the
    invoice's, payments dated before their invoice and payments exceeding their invoice (see
    the module notes for what differs from the pandas path)."""
    items, columns = _open(invoices, payments, asof)
    extra = [c for c in ("paid", "balance", "days_overdue") if c not in columns]
    native = items.select(*columns, *extra).sort("invoice_id").to_native()
    return native.reset_index(drop=True) if isinstance(native, pd.DataFrame) else native


def receivables_by_any(invoices: Any, payments: Any, *, asof: DateLike, by: str = "customer_id"):
    """:func:`khlib.summary.receivables_by` on any engine (任意引擎上的应收账款按账龄汇总): open
    balances per ``by`` (an invoice column) at the end of day ``asof`` in the ageing buckets of
    :data:`AGE_BUCKET_CODES`, as the caller's type.

    Output as ``SCHEMAS["receivables_by"]`` with ``by`` as the key (pandas: the index, other
    engines: the first column): ``not_due``, ``overdue_1_30``, ``overdue_31_60``,
    ``overdue_61_90``, ``overdue_90_plus`` (float, conditional sums of the open balances by
    days past due) and ``balance`` (their sum); only groups with an open balance, sorted;
    groups with a missing ``by`` are left out, as pandas' group-by does."""
    items, columns = _open(invoices, payments, asof)
    _group_column(by, columns)
    d, bal = nw.col("days_overdue"), nw.col("balance")
    buckets = dict(zip(AGE_BUCKET_CODES, [d <= 0, (d > 0) & (d <= 30), (d > 30) & (d <= 60), (d > 60) & (d <= 90),
                                          d > 90]))
    parts = {code: nw.when(cond).then(bal).otherwise(0.0) for code, cond in buckets.items()}
    out = (items.filter(bal > 0.005).select(by, **parts)
           .group_by(by, drop_null_keys=True).agg(nw.col(*AGE_BUCKET_CODES).sum()))
    total = nw.col(AGE_BUCKET_CODES[0])
    for code in AGE_BUCKET_CODES[1:]:  # left to right, as pandas' row sum
        total = total + nw.col(code)
    return _finish_by(out.with_columns(balance=total), "receivables_by", by)


def overdue_by_any(invoices: Any, payments: Any, *, asof: DateLike, by: str = "customer_id"):
    """:func:`khlib.summary.overdue_by` on any engine (任意引擎上的逾期余额与余额天数): per ``by``
    (an invoice column), ``overdue_balance`` (open balance of the invoices past due at the end of
    day ``asof``) and ``balance_days`` (Σ open balance × days past due), as the caller's type.

    Output as ``SCHEMAS["overdue_by"]`` with ``by`` as the key (pandas: the index); only groups
    with an overdue balance, sorted; groups with a missing ``by`` are left out."""
    items, columns = _open(invoices, payments, asof)
    _group_column(by, columns)
    bal, d = nw.col("balance"), nw.col("days_overdue")
    out = (items.filter((bal > 0.005) & (d > 0))
           .select(by, overdue_balance=bal, balance_days=bal * d.cast(nw.Float64))
           .group_by(by, drop_null_keys=True).agg(nw.col("overdue_balance", "balance_days").sum()))
    return _finish_by(out, "overdue_by", by)


def receivables_position_any(invoices: Any, payments: Any, *, asof: DateLike, days: int = 90) -> pd.Series:
    """:func:`khlib.summary.receivables_position` on any engine (任意引擎上的应收账款总况): the
    company's receivables at the end of day ``asof``.

    Returns a **pandas Series** on every engine, like the pandas path: after the checks, the
    three sums are one scalar pass on the engine, collected (nothing lazy is left to return).
    ``balance`` (all open balances), ``overdue``
    (balances past due), ``credit_sales`` (invoiced in the last ``days`` days, ``asof``
    included), ``days``."""
    ref = day(asof, "asof")
    period_bounds(ref - pd.Timedelta(days=days - 1), ref)  # the pandas path's error for days < 1
    first = day_number(ref) - days + 1
    items, _ = _open(invoices, payments, asof)
    bal = nw.col("balance")
    sums = _one_row(items.select(
        bal.sum().alias("balance"),
        nw.when(nw.col("days_overdue") > 0).then(bal).otherwise(0.0).sum().alias("overdue"),
        nw.when(nw.col(_DAY) >= first).then(nw.col("amount")).otherwise(0.0).sum().alias("credit_sales")))
    return pd.Series({k: float(sums[k] or 0.0) for k in ("balance", "overdue", "credit_sales")} | {"days": float(days)})
