"""Grade D from payment behaviour (按付款行为划出 D 类客户). 见第04章 客户分级。

The course material's second version of ABC grading adds a fourth grade: D customers haggle,
are not loyal, **pay late** and **order little but ask much**. Of these traits the company's
records show two: how late a customer pays (invoices and payments) and how little it orders
(its ABC grade). :func:`d_grade` marks a customer D when both hold; the thresholds are the
course's assumptions (本课程的假设) and are parameters. Open items and balances come from
:func:`khlib.summary.open_items` (the heavy step, shared with chapter 05) and the sums per
invoice and per customer from :func:`khlib.customer_summary`; this module only decides which
invoice is late and which customer is D.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._errors import examples, fail, need_columns, warn
from ..io import to_date
from ..periods import DateLike, day, in_period
from ..summary import customer_summary, open_items

#: The course's assumptions for "pays late" (本课程的假设): at least half of the invoices due
#: were paid after their due date (or are still unpaid), and those late invoices were on
#: average at least 15 days late. Change them with the parameters of :func:`d_grade`.
D_RULE = {"late_share": 0.5, "days_late": 15.0, "from_grades": ("C",)}

BEHAVIOUR_COLUMNS = ["invoices_due", "late_invoices", "late_share", "mean_days_late", "overdue_balance"]


def _per_key(lines: pd.DataFrame, key: str, date: str, amount: str, order: str) -> pd.DataFrame:
    """Sum, count and last date of dated lines per ``key`` through :func:`khlib.customer_summary`
    (the course's one aggregation step over lines; it accepts any key column, not only customers)."""
    cols = list(dict.fromkeys([key, date, amount, order]))
    if lines.empty:
        return pd.DataFrame({"orders": pd.Series(dtype="int64"), "sales": pd.Series(dtype=float),
                             "last_date": pd.Series(dtype="datetime64[ns]")})
    return customer_summary(lines[cols], customer=key, date=date, amount=amount, order=order)


def payment_behaviour(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof: DateLike) -> pd.DataFrame:
    """How each customer pays (客户付款行为), from invoices and payments up to the end of ``asof``.

    Only invoices due by ``asof`` count (one not yet due cannot be late). An invoice is *late*
    when it was settled (its last payment, the one that clears it) after its due date, or is
    still open after its due date; its days late are settlement date (or ``asof`` while open)
    minus due date. Output, one row per customer with an invoice due (index ``customer_id``):

    - ``invoices_due``: invoices due by ``asof``;
    - ``late_invoices``: of these, the late ones;
    - ``late_share`` = late_invoices ÷ invoices_due (逾期付款比例);
    - ``mean_days_late``: average days late of the late invoices (0 when none is late);
    - ``overdue_balance``: what is still owed on invoices past due at ``asof`` (逾期应收余额).

    Balances come from :func:`khlib.summary.open_items` (which also checks both tables) and the
    sums per invoice and per customer from :func:`khlib.customer_summary`.

    >>> inv = pd.DataFrame({"invoice_id": ["i1", "i2", "i3"], "customer_id": ["a", "a", "b"],
    ...     "invoice_date": ["2025-01-01"] * 3, "due_date": ["2025-01-31"] * 3, "amount": [100.0, 50.0, 80.0]})
    >>> pay = pd.DataFrame({"invoice_id": ["i1", "i3"], "customer_id": ["a", "b"],
    ...     "payment_date": ["2025-03-02", "2025-01-20"], "amount": [100.0, 80.0]})
    >>> payment_behaviour(inv, pay, asof="2025-03-31")[["late_invoices", "late_share", "mean_days_late"]]
                 late_invoices  late_share  mean_days_late
    customer_id
    a                        2         1.0            44.5
    b                        0         0.0             0.0
    """
    items = open_items(invoices, payments, asof=asof)  # validates both tables, balance per invoice
    ref = day(asof, "asof")
    due = items[items["due_date"].dt.normalize() <= ref]
    pay = payments.copy()
    pay["payment_date"] = to_date(pay["payment_date"], "payment_date")
    pay = pay[in_period(pay["payment_date"], end=ref)].reset_index(drop=True)
    pay["_line"] = np.arange(len(pay))
    last_paid = _per_key(pay, "invoice_id", "payment_date", "amount", "_line")["last_date"]
    is_open = (due["balance"] > 0.005).to_numpy()
    # reindex, not map: Series.map with an empty datetime Series raises in pandas (no payment yet)
    settled = pd.to_datetime(pd.Series(last_paid.reindex(due["invoice_id"].to_numpy()).to_numpy(),
                                       index=due.index)).dt.normalize()
    end = settled.where(~is_open, ref)
    days = (end - due["due_date"].dt.normalize()).dt.days.to_numpy()
    rows = pd.DataFrame({"customer_id": due["customer_id"].to_numpy(), "invoice_id": due["invoice_id"].to_numpy(),
                         "due_date": due["due_date"].to_numpy(), "days": days.astype(float),
                         "overdue": np.where(is_open & (days > 0), due["balance"].to_numpy(), 0.0)})  # past due
    all_due = _per_key(rows.assign(one=1.0), "customer_id", "due_date", "one", "invoice_id")
    late = _per_key(rows[rows["days"] > 0], "customer_id", "due_date", "days", "invoice_id")
    owed = _per_key(rows[rows["overdue"] > 0.005], "customer_id", "due_date", "overdue", "invoice_id")
    out = pd.DataFrame({"invoices_due": all_due["orders"].astype("int64")})
    out["late_invoices"] = late["orders"].reindex(out.index).fillna(0).astype("int64")
    out["late_share"] = out["late_invoices"] / out["invoices_due"]
    out["mean_days_late"] = (late["sales"].reindex(out.index) / out["late_invoices"].where(out["late_invoices"] > 0)).fillna(0.0)
    out["overdue_balance"] = owed["sales"].reindex(out.index).fillna(0.0).round(2)
    out.index.name = "customer_id"
    return out


def d_grade(
    graded: pd.DataFrame,
    invoices: pd.DataFrame,
    payments: pd.DataFrame,
    *,
    asof: DateLike,
    grade: str = "grade",
    from_grades: Sequence[str] = D_RULE["from_grades"],
    late_share: float = D_RULE["late_share"],
    days_late: float = D_RULE["days_late"],
) -> pd.DataFrame:
    """Grade D from payment behaviour (D 类客户：付款拖延、订货少).

    A customer of ``graded`` (one row per customer, index = customer id, e.g. the output of
    :func:`khlib.abc_grade`) becomes ``"D"`` when

    1. it orders little: its grade is one of ``from_grades`` (default ``("C",)``: the customers
       after the first 95% of sales), and
    2. it pays late: ``late_share`` or more of its invoices due by ``asof`` were paid late
       (default 50%), and its late invoices were on average ``days_late`` days or more late
       (default 15). See :func:`payment_behaviour` for how lateness is measured.

    A customer with no invoice due by ``asof`` has no payment record and keeps its grade. The
    thresholds are the course's assumptions (:data:`D_RULE`), not the material's. Returns a copy
    of ``graded`` with the columns of :func:`payment_behaviour` (0 invoices for customers without
    one), ``pays_late`` (bool) and ``grade`` as an ordered categorical with ``"D"`` added after the
    existing grades; the row order is kept.

    >>> g = pd.DataFrame({"sales": [900.0, 60.0, 40.0], "grade": ["A", "C", "C"]}, index=["a", "b", "c"])
    >>> inv = pd.DataFrame({"invoice_id": ["i1", "i2", "i3"], "customer_id": ["a", "b", "c"],
    ...     "invoice_date": ["2025-01-01"] * 3, "due_date": ["2025-01-31"] * 3, "amount": [900.0, 60.0, 40.0]})
    >>> pay = pd.DataFrame({"invoice_id": ["i1", "i2", "i3"], "customer_id": ["a", "b", "c"],
    ...     "payment_date": ["2025-03-31", "2025-03-31", "2025-01-30"], "amount": [900.0, 60.0, 40.0]})
    >>> d_grade(g, inv, pay, asof="2025-12-31")["grade"].tolist()
    ['A', 'D', 'C']
    """
    if not isinstance(graded, pd.DataFrame):
        raise fail(f"graded 需要一个带等级列的 DataFrame（每个客户一行），得到 {type(graded).__name__}。",
                   f"graded must be a DataFrame with a grade column (one row per customer), got {type(graded).__name__}.")
    need_columns(graded, [grade], "分级表", "graded")
    if graded.index.has_duplicates:
        dup = graded.index.duplicated(keep=False)
        raise fail(f"分级表的客户编号重复：{examples(graded.index[dup])}；需要每个客户一行（索引为客户编号）。",
                   f"Customer ids repeat in the graded table: {examples(graded.index[dup])}; one row per customer "
                   "(customer id as index) expected.")
    if not 0 < float(late_share) <= 1:
        raise fail(f"late_share 是比例，应在 (0, 1] 之间，得到 {late_share!r}（50% 写成 0.5）。",
                   f"late_share is a share within (0, 1], got {late_share!r} (write 50% as 0.5).")
    if float(days_late) < 0:
        raise fail(f"days_late 是天数，应 ≥ 0，得到 {days_late!r}。", f"days_late is a number of days >= 0, got {days_late!r}.")
    if isinstance(from_grades, str):
        from_grades = (from_grades,)
    known = set(graded[grade].astype(str))
    unknown = [g for g in from_grades if g not in known]
    if unknown:
        warn(f"from_grades 中的等级 {unknown} 在分级表中没有客户（已有：{sorted(known)}）。",
             f"No customer has grade(s) {unknown} of from_grades (grades present: {sorted(known)}).")
    beh = payment_behaviour(invoices, payments, asof=asof)
    if len(graded) and not graded.index.isin(beh.index).any():
        warn("分级表的客户编号与发票中的客户编号没有一个相同：没有付款记录可用，不会有 D 类客户。"
             "请确认分级表的索引是客户编号。",
             "No customer id of the graded table appears in the invoices: no payment record, no D customer. "
             "Check that the graded table's index holds customer ids.")
    out = graded.drop(columns=[c for c in BEHAVIOUR_COLUMNS + ["pays_late"] if c in graded.columns])
    beh = beh.reindex(out.index)
    beh["invoices_due"] = beh["invoices_due"].fillna(0).astype("int64")
    beh["late_invoices"] = beh["late_invoices"].fillna(0).astype("int64")
    beh["overdue_balance"] = beh["overdue_balance"].fillna(0.0)
    out = out.join(beh)
    out["pays_late"] = ((out["late_share"] >= float(late_share) - 1e-12)
                        & (out["mean_days_late"] >= float(days_late))).fillna(False).astype(bool)
    old = graded[grade]
    cats = list(old.cat.categories) if isinstance(old.dtype, pd.CategoricalDtype) else sorted(known)
    cats = [c for c in cats if c != "D"] + ["D"]
    is_d = out["pays_late"] & old.astype(str).isin(list(from_grades)).to_numpy()
    new = old.astype(object).where(~is_d, "D")
    out[grade] = pd.Categorical(new, categories=cats, ordered=True)
    return out
