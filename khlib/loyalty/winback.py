"""The win-back plan (客户挽回计划, chapter 08): which churned or at-risk customers are worth an
offer, ranked by the offer's expected value.

For each customer, with ``p`` its probability of coming back if made the offer::

    value if won back   V = yearly gross profit × value_share × Σ_{y=0}^{years-1} retention^y
    expected value     EV = p × V − offer cost (by grade)
    break-even p           = offer cost / V   (the least p at which the offer pays)

The offer is made (``挽回``) when EV > 0, otherwise the customer is let go (``放弃``). A customer
who made a loss (gross profit ≤ 0) is never worth an offer. The offer cost, the share of the old
profit a won-back customer brings, the horizon and the retention are **assumptions** of the
course (:data:`WINBACK_ASSUMPTIONS`), not estimates: change them and the ranking changes.

:func:`winback_plan` ranks the customers, :func:`winback_summary` totals the plan by decision and
grade, :func:`winback_roster` writes the ranked roster to Excel in the grade colours.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import examples, fail, need_columns
from ..grading import write_graded_sheet
from ..vocab import LABELS

__all__ = ["WINBACK_ASSUMPTIONS", "winback_plan", "winback_summary", "winback_roster"]

#: The course's default assumptions of the win-back plan (挽回计划的假设——本课程的假设，不是估计).
#: Each is a judgement to state and argue, not a fact from the data:
#:
#: - ``offer_cost``: what one win-back offer costs per grade, CNY: a visit plus a discount
#:   (A: the sales manager's visit and a larger discount ≈ 2,000; B ≈ 800; C: a call or a
#:   salesperson's visit and a coupon ≈ 300; D: a phone call and a small coupon ≈ 100);
#: - ``value_share``: the share of its former yearly gross profit that a won-back customer
#:   brings in its first year back (0.6: it returns with part of its purchases);
#: - ``years``: the horizon of the value, in years (2);
#: - ``retention``: the yearly retention of a won-back customer (0.7: 30 % leave again each year).
#:
#: Change them per call (``winback_plan(df, value_share=0.5)``) or all at once
#: (``winback_plan(df, **{**WINBACK_ASSUMPTIONS, "years": 3})``).
WINBACK_ASSUMPTIONS: dict[str, Any] = {
    "offer_cost": {"A": 2000.0, "B": 800.0, "C": 300.0, "D": 100.0},  # 假设：每次挽回的成本（元）
    "value_share": 0.6,  # 假设：挽回后第一年恢复原年毛利的比例
    "years": 2,  # 假设：计算挽回后价值的年数
    "retention": 0.7,  # 假设：挽回后每年的保留率
}

_WINBACK = "挽回"  # decision: make the offer (expected value > 0)
_GIVE_UP = "放弃"  # decision: let the customer go (expected value ≤ 0)

#: The columns winback_plan adds, in order.
_ADDED = ["winback_value", "offer_cost", "expected_value", "break_even_p", "decision", "rank"]
_MONEY = ("winback_value", "offer_cost", "expected_value")
_PERCENT = ("break_even_p",)

_SHEET = "挽回名单"
_CNY = '"¥"#,##0'  # yuan with thousands separators
_PCT = "0.0%"


def _label(name: object) -> str:
    return LABELS.get(str(name), str(name))


def _share(x: object, name: str, zh: str, en: str) -> float:
    """A number within [0, 1] (an assumption given as a keyword)."""
    if isinstance(x, bool) or not isinstance(x, Real) or not 0 <= float(x) <= 1:
        raise fail(f"参数 {name}（{zh}）应是 0 到 1 之间的数，收到 {x!r}；百分数请写成小数，如 0.6。",
                   f"{name} ({en}) must be a number between 0 and 1, got {x!r}; write 60% as 0.6.")
    return float(x)


def _offer_costs(offer_cost: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(offer_cost, Mapping) or not offer_cost:
        raise fail(f"参数 offer_cost 应是“等级 → 挽回成本（元）”的字典，如 {{'A': 2000, 'B': 800}}，"
                   f"收到 {offer_cost!r}。",
                   f"offer_cost must map grade -> offer cost in CNY, e.g. {{'A': 2000, 'B': 800}}; got {offer_cost!r}.")
    out = {}
    for g, c in offer_cost.items():
        if isinstance(c, bool) or not isinstance(c, Real) or not math.isfinite(float(c)) or float(c) < 0:
            raise fail(f"等级 {g!r} 的挽回成本应是不小于 0 的金额（元），收到 {c!r}。",
                       f"The offer cost of grade {g!r} must be an amount ≥ 0 (CNY), got {c!r}.")
        out[str(g)] = float(c)
    return out


def _numbers(customers: pd.DataFrame, col: str, zh: str, en: str) -> pd.Series:
    """The column as floats; missing or non-numeric cells are an error naming the rows."""
    raw = customers[col]
    num = pd.to_numeric(raw, errors="coerce").astype(float)
    bad = num.isna() | ~np.isfinite(num)
    if bad.any():
        raise fail(f"列 '{col}'（{zh}）有缺失或不是数字的值：{examples(customers.index[bad], raw[bad])}。",
                   f"Column '{col}' ({en}) is missing or not a number at {examples(customers.index[bad], raw[bad])}.")
    return num


def winback_plan(
    customers: pd.DataFrame,
    *,
    p_return: str = "p_return",
    gross_profit: str = "annual_profit",
    grade: str = "grade",
    offer_cost: Mapping[str, float] | None = None,
    value_share: float | None = None,
    years: int | None = None,
    retention: float | None = None,
) -> pd.DataFrame:
    """The win-back plan (客户挽回计划): churned and at-risk customers ranked by the expected value
    of a win-back offer.

    ``customers`` has one row per churned or at-risk customer (index = customer id) with its
    probability of coming back if made the offer (column ``p_return``, 0–1), its yearly gross
    profit before it left (column ``gross_profit``, CNY; ≤ 0 means the offer is never worth it)
    and its grade (column ``grade``; every label needs a cost in ``offer_cost``).

    The assumptions (假设) ``offer_cost`` (grade -> CNY per offer), ``value_share``, ``years`` and
    ``retention`` default to :data:`WINBACK_ASSUMPTIONS`. Returns a copy of ``customers`` with
    ``winback_value`` = gross profit × value_share × Σ_{y<years} retention^y (value if won
    back), ``offer_cost``, ``expected_value`` = p_return × winback_value − offer_cost,
    ``break_even_p`` = offer_cost / winback_value (NaN when the value is ≤ 0; above 1 when even a
    sure return would not pay), ``decision`` (``挽回`` when expected_value > 0, else ``放弃``) and
    ``rank`` (1 = best), sorted by expected value, largest first (ties keep the input order).
    The assumptions used are in ``.attrs["assumptions"]``.

    >>> customers = pd.DataFrame({"p_return": [0.5, 0.2], "annual_profit": [10_000.0, 3_000.0],
    ...                           "grade": ["A", "C"]}, index=pd.Index(["甲", "乙"], name="customer_id"))
    >>> plan = winback_plan(customers)  # value factor 0.6 × (1 + 0.7) = 1.02
    >>> plan[["winback_value", "offer_cost", "expected_value", "decision", "rank"]]
                 winback_value  offer_cost  expected_value decision  rank
    customer_id
    甲                  10200.0      2000.0          3100.0       挽回     1
    乙                   3060.0       300.0           312.0       挽回     2
    """
    if not isinstance(customers, pd.DataFrame):
        raise fail(f"customers 应是客户表（DataFrame，每个客户一行），收到 {type(customers).__name__}。",
                   f"customers must be a DataFrame (one row per customer), got {type(customers).__name__}.")
    need_columns(customers, [p_return, gross_profit, grade], "挽回客户表", "win-back customers")
    clash = [c for c in (p_return, gross_profit, grade) if c in _ADDED]
    if clash:
        raise fail(f"输入列名 {clash} 与计划新增的列同名；请先改名（新增列：{_ADDED}）。",
                   f"Input column(s) {clash} have the names of the plan's new columns {_ADDED}: rename them first.")
    dup = customers.index.duplicated(keep=False)
    if dup.any():
        raise fail(f"客户编号重复（每个客户应只有一行）：{examples(pd.unique(customers.index[dup]))}。",
                   f"Duplicated customer ids (one row per customer expected): {examples(pd.unique(customers.index[dup]))}.")

    a = WINBACK_ASSUMPTIONS
    costs = _offer_costs(a["offer_cost"] if offer_cost is None else offer_cost)
    share = _share(a["value_share"] if value_share is None else value_share, "value_share", "挽回后恢复的毛利比例",
                   "share of the former gross profit regained")
    keep = _share(a["retention"] if retention is None else retention, "retention", "挽回后每年的保留率",
                  "yearly retention after a win-back")
    n_years = a["years"] if years is None else years
    if isinstance(n_years, bool) or not isinstance(n_years, Integral) or n_years < 1:
        raise fail(f"参数 years（年数）应是不小于 1 的整数，收到 {n_years!r}。",
                   f"years must be a whole number ≥ 1, got {n_years!r}.")
    n_years = int(n_years)

    p = _numbers(customers, p_return, "挽回概率", "probability of return")
    out_of_range = (p < 0) | (p > 1)
    if out_of_range.any():
        rows = examples(customers.index[out_of_range], customers[p_return][out_of_range])
        raise fail(f"列 '{p_return}'（挽回概率）应在 0 到 1 之间：{rows}；百分数请写成小数（30% 写 0.3）。",
                   f"Column '{p_return}' (probability of return) must be within [0, 1] at {rows}; write 30% as 0.3.")
    profit = _numbers(customers, gross_profit, "流失前年毛利", "yearly gross profit")

    g = customers[grade]
    missing = g.isna()
    if missing.any():
        raise fail(f"列 '{grade}'（等级）有缺失：{examples(customers.index[missing])}。",
                   f"Column '{grade}' (grade) is missing at {examples(customers.index[missing])}.")
    labels = g.astype(str)
    unknown = ~labels.isin(list(costs))
    if unknown.any():
        bad = sorted(pd.unique(labels[unknown]))
        raise fail(f"等级 {bad} 没有挽回成本（offer_cost 只有 {list(costs)}），"
                   f"涉及客户：{examples(customers.index[unknown])}。",
                   f"Grade(s) {bad} have no offer cost (offer_cost has {list(costs)}); "
                   f"customers: {examples(customers.index[unknown])}.")

    factor = share * sum(keep ** y for y in range(n_years))
    value = profit * factor
    cost = labels.map(costs).astype(float)
    ev = p * value - cost
    out = customers.drop(columns=[c for c in _ADDED if c in customers.columns])
    out["winback_value"] = value
    out["offer_cost"] = cost
    out["expected_value"] = ev
    out["break_even_p"] = (cost / value).where(value > 0)
    out["decision"] = np.where(ev > 0, _WINBACK, _GIVE_UP)
    out = out.sort_values("expected_value", ascending=False, kind="stable")
    out["rank"] = np.arange(1, len(out) + 1)
    out.attrs = {"assumptions": {"offer_cost": dict(costs), "value_share": share, "years": n_years,
                                 "retention": keep}}
    return out


def winback_summary(winback: pd.DataFrame, *, p_return: str = "p_return", grade: str = "grade") -> pd.DataFrame:
    """The win-back plan by decision and grade (挽回计划汇总): for ``挽回`` then ``放弃`` and each
    grade present, ``customers``, the total ``offer_cost``, the total ``expected_value`` and
    ``mean_p_return`` (NaN where no customer). ``winback`` is the output of :func:`winback_plan`;
    ``p_return`` and ``grade`` name its columns as they were named there.

    >>> plan = winback_plan(pd.DataFrame({"p_return": [0.5, 0.2, 0.1], "annual_profit": [10_000.0, 3_000.0, 500.0],
    ...                                   "grade": ["A", "C", "C"]}, index=["甲", "乙", "丙"]))
    >>> winback_summary(plan)
                    customers  offer_cost  expected_value  mean_p_return
    decision grade
    挽回       A              1      2000.0          3100.0            0.5
             C              1       300.0           312.0            0.2
    放弃       A              0         0.0             0.0            NaN
             C              1       300.0          -249.0            0.1
    """
    if not isinstance(winback, pd.DataFrame):
        raise fail(f"winback 应是 winback_plan 的结果（DataFrame），收到 {type(winback).__name__}。",
                   f"winback must be the output of winback_plan (a DataFrame), got {type(winback).__name__}.")
    need_columns(winback, ["decision", "offer_cost", "expected_value", p_return, grade], "挽回计划", "win-back plan")
    odd = ~winback["decision"].isin([_WINBACK, _GIVE_UP])
    if odd.any():
        raise fail(f"列 'decision' 只能是 '{_WINBACK}' 或 '{_GIVE_UP}'：{examples(winback.index[odd], winback['decision'][odd])}。",
                   f"Column 'decision' must be '{_WINBACK}' or '{_GIVE_UP}' at {examples(winback.index[odd], winback['decision'][odd])}.")
    g = winback[grade]
    grades = ([c for c in g.cat.categories if (g == c).any()] if isinstance(g.dtype, pd.CategoricalDtype)
              else sorted(pd.unique(g.dropna()), key=str))
    rows = []
    for d in (_WINBACK, _GIVE_UP):
        for gr in grades:
            sel = winback[(winback["decision"] == d) & (g == gr)]
            rows.append({"decision": d, grade: gr, "customers": len(sel),
                         "offer_cost": float(sel["offer_cost"].sum()),
                         "expected_value": float(sel["expected_value"].sum()),
                         "mean_p_return": float(sel[p_return].mean()) if len(sel) else np.nan})
    cols = ["decision", grade, "customers", "offer_cost", "expected_value", "mean_p_return"]
    return pd.DataFrame(rows, columns=cols).astype({"customers": int}).set_index(["decision", grade])


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def winback_roster(
    winback: pd.DataFrame,
    path: str | Path,
    *,
    top_n: int | None = None,
    p_return: str = "p_return",
    gross_profit: str = "annual_profit",
    grade: str = "grade",
) -> Path:
    """Write the win-back roster (挽回名单) to Excel: the first ``top_n`` rows of ``winback``
    (the output of :func:`winback_plan`, already ranked; None = all) on one sheet ``挽回名单``
    with Chinese headers, the rank first, each row tinted in its grade colour and the grade cell
    in the grade's colour card (:func:`khlib.grading.write_graded_sheet`, as in
    ``kh.to_excel_graded``), the header frozen, money as ``"¥"#,##0`` and probabilities as
    ``0.0%``. ``p_return``, ``gross_profit`` and ``grade`` name the columns as in
    :func:`winback_plan`. Returns the path."""
    if not isinstance(winback, pd.DataFrame):
        raise fail(f"winback 应是 winback_plan 的结果（DataFrame），收到 {type(winback).__name__}。",
                   f"winback must be the output of winback_plan (a DataFrame), got {type(winback).__name__}.")
    need_columns(winback, [grade, "rank"], "挽回计划", "win-back plan")
    if top_n is not None and (isinstance(top_n, bool) or not isinstance(top_n, Integral) or top_n < 1):
        raise fail(f"参数 top_n（名单行数）应是不小于 1 的整数或 None（全部），收到 {top_n!r}。",
                   f"top_n (rows of the roster) must be a whole number ≥ 1 or None (all), got {top_n!r}.")
    rows = winback if top_n is None else winback.head(int(top_n))
    out = rows.reset_index(names=rows.index.name if rows.index.name is not None else "customer_id")
    out = out[["rank"] + [c for c in out.columns if c != "rank"]]
    money = {c for c in (gross_profit, *_MONEY) if c in out.columns}
    percent = {c for c in (p_return, *_PERCENT) if c in out.columns}
    names = [str(c) for c in out.columns]
    headers = [_label(c) for c in names]
    if len(set(headers)) < len(headers):
        raise fail(f"名单的中文表头有重复：{headers}；请先给重名的列改名。",
                   f"The roster's Chinese headers repeat: {headers}; rename the columns first.")
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        write_graded_sheet(xw, out.set_axis(headers, axis=1), _SHEET, _label(grade))
        ws = xw.sheets[_SHEET]
        for c, name in enumerate(names, start=1):
            fmt = _CNY if name in money else _PCT if name in percent else None
            if fmt:
                for r in range(2, len(out) + 2):
                    ws.cell(row=r, column=c).number_format = fmt
            width = max([_width(headers[c - 1])] + [_width(str(v)) for v in out.iloc[:200, c - 1]
                                                     if name not in money | percent])
            width = max(width, 12) if name in money | percent else width
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = min(width + 2, 40)
    return path
