"""Invoice and payment lines -> open items and balances (应收账款汇总).

见第05章 交易分析（账龄、信用）。The checks name the rows at fault; the sums are one hash
lookup of every payment's invoice and ``bincount``/group-bys, no loop over rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import examples, fail
from ..io import to_date, to_number
from ..periods import DateLike, day, in_period

#: Ageing buckets in code (English) and on screen (账龄分段, Chinese): not yet due, then days
#: past due. Their Chinese labels are in :data:`khlib.vocab.LABELS` (and ``kh.transactions.AGE_BUCKETS``).
AGE_BUCKET_CODES = ["not_due", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_90_plus"]


def _need(df: pd.DataFrame, cols, what_zh: str, what_en: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise fail(f"{what_zh}缺少列 {missing}；现有的列：{list(df.columns)}。",
                   f"The {what_en} table lacks column(s) {missing}; it has {list(df.columns)}.")


def open_items(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof: DateLike) -> pd.DataFrame:
    """Invoices with what is still owed at the end of day ``asof`` (未收款明细).

    Output schema: the invoice rows issued by ``asof`` (original index and columns, amounts and
    dates converted) plus ``paid`` (float, payments by ``asof``), ``balance`` (float, rounded to
    cents) and ``days_overdue`` (int, days past the due date; negative = not yet due).

    Fails, naming the rows, on duplicated invoice ids, payments that exceed their invoice,
    payments dated before their invoice, and payments for invoices or customers that do not
    exist.

    Polars, DuckDB or Spark tables are computed on their own engine and come back as the same
    type, sorted by invoice id (:func:`khlib.summary.engines.receivables.open_items_any`).
    """
    if not (isinstance(invoices, pd.DataFrame) and isinstance(payments, pd.DataFrame)):  # another engine
        from .engines.receivables import open_items_any
        return open_items_any(invoices, payments, asof=asof)
    _need(invoices, ["invoice_id", "customer_id", "invoice_date", "due_date", "amount"], "发票表", "invoices")
    _need(payments, ["invoice_id", "customer_id", "payment_date", "amount"], "收款表", "payments")
    ref = day(asof, "asof")
    inv = invoices.copy()
    inv["amount"] = to_number(inv["amount"], "amount")
    inv["invoice_date"] = to_date(inv["invoice_date"], "invoice_date")
    inv["due_date"] = to_date(inv["due_date"], "due_date")
    pay = payments.copy()
    pay["amount"] = to_number(pay["amount"], "amount")
    pay["payment_date"] = to_date(pay["payment_date"], "payment_date")
    pay = pay[in_period(pay["payment_date"], end=ref)]
    # One hash lookup of every payment's invoice serves all the checks and the sums below.
    all_ids = pd.Index(invoices["invoice_id"])
    if all_ids.has_duplicates:
        dup = all_ids.duplicated(keep=False)
        raise fail(f"发票号重复：{examples(all_ids[dup])}。", f"Duplicated invoice ids: {examples(all_ids[dup])}.")
    pos = all_ids.get_indexer(pay["invoice_id"])
    bad = pos < 0
    if bad.any():
        raise fail(f"收款对应的发票不存在：{examples(pay.index[bad], pay['invoice_id'][bad])}。",
                   f"Payments for unknown invoices at index {examples(pay.index[bad], pay['invoice_id'][bad])}.")
    wrong = pay["customer_id"].to_numpy() != invoices["customer_id"].to_numpy()[pos]
    if wrong.any():
        raise fail(f"收款的客户编号与发票不符或不存在：{examples(pay.index[wrong], pay['customer_id'][wrong])}。",
                   f"Payments whose customer id is unknown or differs from the invoice's, at index "
                   f"{examples(pay.index[wrong], pay['customer_id'][wrong])}.")
    all_dates = inv["invoice_date"].dt.normalize().to_numpy()  # same rows and order as ``invoices``
    early = pay["payment_date"].dt.normalize().to_numpy() < all_dates[pos]
    if early.any():
        raise fail(f"收款日期早于开票日期：{examples(pay.index[early], pay['invoice_id'][early])}。",
                   f"Payments dated before their invoice at index {examples(pay.index[early], pay['invoice_id'][early])}.")
    # float even without payments (numpy gives integers for an empty bincount)
    inv["paid"] = np.bincount(pos, weights=pay["amount"].to_numpy(), minlength=len(all_ids)).astype(np.float64)
    inv = inv[in_period(inv["invoice_date"], end=ref)]  # invoices issued by ``asof``
    over = inv["paid"] > inv["amount"] + 0.005
    if over.any():
        raise fail(f"收款超过发票金额：{examples(inv['invoice_id'][over], inv['paid'][over])}。",
                   f"Payments exceed the invoice amount for {examples(inv['invoice_id'][over], inv['paid'][over])}.")
    inv["balance"] = (inv["amount"] - inv["paid"]).round(2)
    inv["days_overdue"] = (ref - inv["due_date"].dt.normalize()).dt.days
    return inv


def receivables_by(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof: DateLike,
                   by: str = "customer_id") -> pd.DataFrame:
    """Open balances per ``by`` (an invoice column, e.g. ``customer_id``) in ageing buckets
    (应收账款按账龄汇总).

    Output schema (index ``by``, only groups with an open balance, sorted): one float column per
    bucket of :data:`AGE_BUCKET_CODES` (``not_due``, ``overdue_1_30``, ``overdue_31_60``,
    ``overdue_61_90``, ``overdue_90_plus``) and ``balance`` (their sum).

    Polars, DuckDB or Spark tables are computed on their own engine and come back as the same
    type (:func:`khlib.summary.engines.receivables.receivables_by_any`; ``by`` is then a column).
    """
    if not (isinstance(invoices, pd.DataFrame) and isinstance(payments, pd.DataFrame)):  # another engine
        from .engines.receivables import receivables_by_any
        return receivables_by_any(invoices, payments, asof=asof, by=by)
    items = open_items(invoices, payments, asof=asof)
    if by not in items.columns:
        raise fail(f"分组列 '{by}' 不存在；发票表的列：{list(invoices.columns)}。",
                   f"Group column '{by}' not found; the invoice table has {list(invoices.columns)}.")
    items = items[items["balance"] > 0.005]
    d = items["days_overdue"]
    bucket = pd.Categorical(np.select([d <= 0, d <= 30, d <= 60, d <= 90], AGE_BUCKET_CODES[:4],
                                      AGE_BUCKET_CODES[4]), categories=AGE_BUCKET_CODES)
    table = items["balance"].groupby([items[by], bucket], observed=False).sum().unstack(fill_value=0.0)
    table = table.reindex(columns=AGE_BUCKET_CODES, fill_value=0.0)
    table = table[table.sum(axis=1) > 0]
    table.columns = list(table.columns)
    table["balance"] = table[AGE_BUCKET_CODES].sum(axis=1)
    table.index.name = by
    return table


def overdue_by(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof: DateLike,
               by: str = "customer_id") -> pd.DataFrame:
    """Overdue open balances per ``by`` (an invoice column) at the end of day ``asof``, with
    their balance-days (逾期余额与余额天数), the input of the interest cost of overdue debt.

    Output schema (index ``by``, only groups with an overdue balance, sorted):
    ``overdue_balance`` (open balance of invoices past due) and ``balance_days`` (Σ open balance
    × days past due over those invoices; × annual rate ÷ 365 gives simple interest).

    >>> inv = pd.DataFrame({"invoice_id": ["i1", "i2"], "customer_id": ["a", "a"],
    ...     "invoice_date": ["2025-09-01", "2025-12-01"], "due_date": ["2025-10-01", "2026-01-01"],
    ...     "amount": [100.0, 50.0]})
    >>> pay = pd.DataFrame(columns=["invoice_id", "customer_id", "payment_date", "amount"])
    >>> overdue_by(inv, pay, asof="2025-12-31")  # i1: 100 × 91 days; i2 not yet due
                 overdue_balance  balance_days
    customer_id
    a                      100.0        9100.0

    Polars, DuckDB or Spark tables are computed on their own engine and come back as the same
    type (:func:`khlib.summary.engines.receivables.overdue_by_any`; ``by`` is then a column).
    """
    if not (isinstance(invoices, pd.DataFrame) and isinstance(payments, pd.DataFrame)):  # another engine
        from .engines.receivables import overdue_by_any
        return overdue_by_any(invoices, payments, asof=asof, by=by)
    items = open_items(invoices, payments, asof=asof)
    if by not in items.columns:
        raise fail(f"分组列 '{by}' 不存在；发票表的列：{list(invoices.columns)}。",
                   f"Group column '{by}' not found; the invoice table has {list(invoices.columns)}.")
    late = items[(items["balance"] > 0.005) & (items["days_overdue"] > 0)]
    g = late.groupby(by, sort=True)
    out = pd.DataFrame({"overdue_balance": g["balance"].sum().astype(float),
                        "balance_days": (late["balance"] * late["days_overdue"]).groupby(late[by], sort=True).sum()
                        .astype(float)})
    out.index.name = by
    return out


def receivables_position(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof: DateLike,
                         days: int = 90) -> pd.Series:
    """The company's receivables at the end of day ``asof`` (应收账款总况).

    Output schema (a float Series): ``balance`` (all open balances), ``overdue`` (balances past
    due), ``credit_sales`` (invoiced in the last ``days`` days, ``asof`` included), ``days``.

    Polars, DuckDB or Spark tables are summed on their own engine; the result is this pandas
    Series on every engine (:func:`khlib.summary.engines.receivables.receivables_position_any`).
    """
    if not (isinstance(invoices, pd.DataFrame) and isinstance(payments, pd.DataFrame)):  # another engine
        from .engines.receivables import receivables_position_any
        return receivables_position_any(invoices, payments, asof=asof, days=days)
    items = open_items(invoices, payments, asof=asof)
    ref = day(asof, "asof")
    recent = in_period(items["invoice_date"], ref - pd.Timedelta(days=days - 1), ref)
    return pd.Series({"balance": float(items["balance"].sum()),
                      "overdue": float(items.loc[items["days_overdue"] > 0, "balance"].sum()),
                      "credit_sales": float(items.loc[recent, "amount"].sum()), "days": float(days)})
