"""Receivables and credit (应收账款与信用管理): ageing, days sales outstanding, balance against
the credit limit and the credit policy per grade. 见第05章 交易分析。

Open items and balances per customer come from :mod:`khlib.summary.receivables` (the heavy
step); this module turns them into the tables and decisions students see.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import examples, fail, need_columns
from ..periods import DateLike
from ..summary import AGE_BUCKET_CODES, open_items, overdue_by, receivables_by, receivables_position

AGE_BUCKETS = ["未到期", "逾期1-30天", "逾期31-60天", "逾期61-90天", "逾期90天以上"]
"""Ageing buckets as students read them (账龄分段): the Chinese labels of the columns
:data:`khlib.summary.AGE_BUCKET_CODES` (``not_due`` … ``overdue_90_plus``), same order."""

__all__ = ["AGE_BUCKETS", "CREDIT_POLICY", "LPR_1Y_2025", "ageing_table", "credit_check", "credit_recommendation",
           "days_sales_outstanding", "open_items", "overdue_interest"]


def ageing_table(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof: DateLike,
                 by: str = "customer_id") -> pd.DataFrame:
    """Receivables ageing (应收账款账龄分析表): open balances per ``by`` in the buckets not yet
    due, 1–30, 31–60, 61–90 and over 90 days overdue (columns :data:`khlib.summary.AGE_BUCKET_CODES`),
    the total ``balance`` and the ``overdue_share``, largest balance first. Balances at the end
    of day ``asof``, from :func:`khlib.summary.receivables_by`. Show it with Chinese headers
    (未到期 … 合计) through :func:`khlib.vocab.labelled`."""
    table = receivables_by(invoices, payments, asof=asof, by=by)
    table["overdue_share"] = 1 - table["not_due"] / table["balance"]
    return table.sort_values("balance", ascending=False)


def days_sales_outstanding(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof: DateLike,
                           days: int = 90) -> float:
    """Days sales outstanding (应收账款周转天数, DSO) = receivables at the end of ``asof`` ÷ credit
    sales of the last ``days`` days (``asof`` included) × ``days``."""
    pos = receivables_position(invoices, payments, asof=asof, days=days)
    if pos["credit_sales"] <= 0:
        raise fail(f"最近 {days} 天没有赊销，DSO 无定义。", f"No credit sales in the last {days} days: DSO undefined.")
    return float(pos["balance"] / pos["credit_sales"] * days)


def credit_check(invoices: pd.DataFrame, payments: pd.DataFrame, customers: pd.DataFrame, *,
                 asof: DateLike) -> pd.DataFrame:
    """Open balance against credit limit per customer (信用额度检查): ``balance``,
    ``overdue_90`` (more than 90 days past due), ``credit_limit``, ``utilisation`` and
    ``over_limit`` (balance above the limit); customers with an open balance only."""
    need_columns(customers, ["customer_id", "credit_limit"], "客户表", "customers")
    rec = receivables_by(invoices, payments, asof=asof, by="customer_id")
    out = pd.DataFrame({"balance": rec["balance"], "overdue_90": rec["overdue_90_plus"]})
    limit = customers.drop_duplicates("customer_id").set_index("customer_id")["credit_limit"]
    out["credit_limit"] = limit.reindex(out.index)
    out["utilisation"] = out["balance"] / out["credit_limit"].where(out["credit_limit"] > 0)
    out["over_limit"] = out["balance"] > out["credit_limit"].fillna(0)
    return out.sort_values("utilisation", ascending=False)


CREDIT_POLICY = pd.DataFrame(
    [
        ("A", 2.0, "优先保障：额度约为两个账期的进货额，逾期先由业务员沟通"),
        ("B", 1.5, "正常赊销：额度约为一个半账期的进货额"),
        ("C", 1.0, "从严：额度约为一个账期的进货额，超限即停止发货"),
        ("D", 0.0, "现款现货（款到发货），不给赊销额度"),
    ],
    columns=["grade", "terms_multiple", "policy"],
)
"""Credit policy per grade (分级信用政策): the recommended limit is ``terms_multiple`` × the
customer's purchases within its payment terms. Pass your own table of the same shape."""


def credit_recommendation(
    graded: pd.DataFrame,
    customers: pd.DataFrame,
    credit: pd.DataFrame | None = None,
    *,
    months: float = 12,
    policy: pd.DataFrame = CREDIT_POLICY,
    grade: str = "grade",
    value: str = "sales",
    round_to: float = 5000,
) -> pd.DataFrame:
    """Credit limit recommendation per customer from its grade (按等级的信用额度建议).

    ``graded`` is one row per customer (index = customer id) with ``grade`` and ``value`` (sales
    in a period of ``months`` months), e.g. from :func:`khlib.abc_grade`; ``customers`` gives
    ``payment_terms_days`` and the current ``credit_limit``; ``credit`` (from
    :func:`credit_check`) adds the open balance and the amount more than 90 days overdue.

    recommended = terms_multiple(grade) × monthly purchases × terms ÷ 30, rounded up to
    ``round_to``. A customer with anything more than 90 days overdue gets 0 and the action
    暂停赊销 (collect first) whatever its grade; otherwise the action compares with the current
    limit: 提高额度 / 降低额度 (beyond ±20%) or 维持.
    """
    for col in (grade, value):
        if col not in graded.columns:
            raise fail(f"分级表缺少列 '{col}'。", f"The graded table lacks column '{col}'.")
    need_columns(customers, ["customer_id", "payment_terms_days", "credit_limit"], "客户表", "customers")
    need_columns(policy, ["grade", "terms_multiple"], "信用政策", "policy")
    if months <= 0:
        raise fail(f"months 必须为正数，收到 {months}。", f"months must be positive, got {months}.")
    g = graded[grade].astype(str)
    unknown = sorted(set(g) - set(policy["grade"].astype(str)))
    if unknown:
        raise fail(f"信用政策中没有这些等级：{unknown}。", f"The credit policy has no rule for grade(s) {unknown}.")
    cust = customers.drop_duplicates("customer_id").set_index("customer_id")
    missing = graded.index.difference(cust.index)
    if len(missing):
        raise fail(f"分级表中的客户不在客户表中：{examples(missing)}。",
                   f"Graded customers missing from the customer table: {examples(missing)}.")
    mult = g.map(policy.assign(grade=policy["grade"].astype(str)).set_index("grade")["terms_multiple"])
    out = pd.DataFrame({grade: graded[grade], value: graded[value]}, index=graded.index)
    out["monthly"] = graded[value] / months
    out["terms_days"] = cust["payment_terms_days"].reindex(graded.index)
    out["credit_limit"] = cust["credit_limit"].reindex(graded.index)
    raw = mult * out["monthly"] * out["terms_days"] / 30
    out["recommended"] = np.ceil(raw / round_to) * round_to
    if credit is not None:
        need_columns(credit, ["balance", "overdue_90"], "信用检查表", "credit")
        out["balance"] = credit["balance"].reindex(out.index).fillna(0.0)
        out["overdue_90"] = credit["overdue_90"].reindex(out.index).fillna(0.0)
        stop = out["overdue_90"] > 0
    else:
        stop = pd.Series(False, index=out.index)
    out.loc[stop, "recommended"] = 0.0
    ratio = out["recommended"] / out["credit_limit"].where(out["credit_limit"] > 0)
    out["action"] = np.select(
        [stop, out["recommended"].eq(0) & out["credit_limit"].gt(0), out["credit_limit"].le(0) & out["recommended"].gt(0),
         ratio > 1.2, ratio < 0.8],
        ["暂停赊销：先清收逾期90天以上欠款", "取消赊销（现款现货）", "新给额度", "提高额度", "降低额度"], "维持")
    return out


LPR_1Y_2025 = 0.03
"""One-year loan prime rate (一年期贷款市场报价利率, LPR) in force from 20 May 2025 to the end of
2025: 3.0%. The course uses it as the default annual rate of :func:`overdue_interest` — a
course assumption (本课程的假设): a firm that borrows pays more than the LPR, one with spare cash
earns less; pass your own cost of capital."""


def overdue_interest(invoices: pd.DataFrame, payments: pd.DataFrame, *, asof: DateLike,
                     annual_rate: float = LPR_1Y_2025, by: str = "customer_id") -> pd.DataFrame:
    """Interest cost of overdue receivables (逾期应收账款的利息成本) at the end of ``asof``.

    For each invoice still open and past its due date (:func:`khlib.summary.overdue_by`):
    interest = open balance × days overdue
    × ``annual_rate`` ÷ 365 (simple interest, actual/365) — the money the firm could have
    earned, or saved on its loans, had the customer paid on the due date. Invoices already
    paid late are not counted (their cost is sunk); invoices not yet due cost nothing here
    (the payment terms are a price the firm agreed to).

    One row per ``by`` (a column of ``invoices``) with an overdue balance: ``overdue_balance``,
    ``mean_days_overdue`` (weighted by balance) and ``interest``; largest interest first.

    >>> inv = pd.DataFrame({"invoice_id": ["i1", "i2"], "customer_id": ["a", "b"],
    ...     "invoice_date": ["2025-09-01", "2025-12-01"], "due_date": ["2025-10-01", "2026-01-01"],
    ...     "amount": [1000.0, 500.0]})
    >>> pay = pd.DataFrame({"invoice_id": ["i1"], "customer_id": ["a"], "payment_date": ["2025-10-10"],
    ...     "amount": [270.0]})
    >>> # 730 open × 91 days (1 Oct → 31 Dec) × 3.65% ÷ 365 = 730 × 91 × 0.0001 = 6.643
    >>> overdue_interest(inv, pay, asof="2025-12-31", annual_rate=0.0365)["interest"].round(2).tolist()
    [6.64]
    """
    rate = float(annual_rate)
    if not 0 <= rate < 1:
        raise fail(f"annual_rate 应是 0 到 1 之间的年利率（如 0.03 表示 3%），收到 {annual_rate}。",
                   f"annual_rate must be an annual rate between 0 and 1 (0.03 for 3%), got {annual_rate}.")
    out = overdue_by(invoices, payments, asof=asof, by=by)
    out["mean_days_overdue"] = out["balance_days"] / out["overdue_balance"]
    out["interest"] = out["balance_days"] * rate / 365
    return out.drop(columns="balance_days").sort_values("interest", ascending=False, kind="stable")
