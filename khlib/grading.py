"""Customer grading (客户分级): ABC analysis, the customer pyramid, RFM, grade migration,
the visit plan per grade and colour management (颜色管理). 见第04章 客户分级。

All functions work on a *summary*: one row per customer (or product), e.g. the output of
:func:`khlib.customer_summary`. They return new frames and never modify their input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ._errors import examples, fail

# --------------------------------------------------------------------------------------------
# Colour management (颜色管理): one colour card per grade, used in every table and chart.
GRADE_COLORS: dict[str, str] = {
    "A": "#C62828",  # 红卡：重点客户
    "B": "#F9A825",  # 黄卡：主要客户
    "C": "#1565C0",  # 蓝卡：普通客户
    "D": "#757575",  # 灰卡：小客户
}
_TEXT_ON = {"A": "white", "B": "black", "C": "white", "D": "white"}
_OTHER_COLOR = "#9E9E9E"

GRADE_NAMES: dict[str, str] = {"A": "重点客户", "B": "主要客户", "C": "普通客户", "D": "小客户"}
PYRAMID_NAMES: dict[str, str] = {"A": "VIP 客户", "B": "主要客户", "C": "普通客户", "D": "小客户"}


def grade_colors(labels: Sequence[str]) -> list[str]:
    """The colour card of each grade label (A red, B amber, C blue, D grey; others grey)."""
    return [GRADE_COLORS.get(str(g), _OTHER_COLOR) for g in labels]


# --------------------------------------------------------------------------------------------
# Input checks shared by the light steps.
def _values(data: pd.DataFrame | pd.Series, value: str | None, id: str | None) -> pd.Series:
    if isinstance(data, pd.Series):
        s = data
        name = data.name or "value"
    elif isinstance(data, pd.DataFrame):
        if len(data) == 0:
            raise fail("表是空的（0 行），无法分级。", "The table is empty (0 rows); nothing to grade.")
        if value is None or value not in data.columns:
            raise fail(f"缺少数值列 '{value}'。表中现有的列：{list(data.columns)}。",
                       f"Value column '{value}' not found. Columns: {list(data.columns)}.")
        s = data[value]
        if id is not None:
            if id not in data.columns:
                raise fail(f"缺少编号列 '{id}'。表中现有的列：{list(data.columns)}。",
                           f"Id column '{id}' not found. Columns: {list(data.columns)}.")
            s = pd.Series(s.to_numpy(), index=pd.Index(data[id], name=id), name=value)
        name = value
    else:
        raise TypeError(f"需要 DataFrame 或 Series，得到 {type(data).__name__} / DataFrame or Series expected")
    if len(s) == 0:
        raise fail("没有数据（0 行），无法分级。", "No rows; nothing to grade.")
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        raise fail(f"列 '{name}' 需要数值，实际类型为 {s.dtype}。",
                   f"Column '{name}' must be numeric, got dtype {s.dtype}.")
    if s.isna().any():
        bad = s.isna()
        raise fail(f"列 '{name}' 有缺失值，位于 {examples(s.index[bad])}。",
                   f"Column '{name}' has missing values at {examples(s.index[bad])}.")
    if (s < 0).any():
        bad = s < 0
        raise fail(f"列 '{name}' 有负数：{examples(s.index[bad], s[bad])}。分级需要 ≥ 0 的金额。",
                   f"Column '{name}' has negative values at {examples(s.index[bad], s[bad])}; "
                   "grading needs amounts >= 0.")
    if s.index.has_duplicates:
        dup = s.index.duplicated(keep=False)
        raise fail(
            f"编号重复：{examples(s.index[dup])}。分级需要每个客户一行——"
            "如果这是订单明细，请先用 kh.customer_summary(orders) 汇总。",
            f"Duplicated ids: {examples(s.index[dup])}. Grading needs one row per customer; "
            "for order lines run kh.customer_summary(orders) first.",
        )
    return s.astype("float64")


def _check_labels(cuts: Sequence[float], labels: Sequence[str], what: str) -> None:
    if len(labels) != len(cuts) + 1:
        raise fail(f"{what}：{len(cuts)} 个分界点需要 {len(cuts) + 1} 个等级名，得到 {list(labels)}。",
                   f"{what}: {len(cuts)} cut points need {len(cuts) + 1} labels, got {list(labels)}.")
    c = list(cuts)
    if any(not (0 < x <= 1) for x in c) or any(b <= a for a, b in zip(c, c[1:])):
        raise fail(f"{what}：分界点须严格递增且在 (0, 1] 之间，得到 {c}。",
                   f"{what}: cut points must increase strictly within (0, 1], got {c}.")


def _sorted_desc(s: pd.Series) -> pd.Series:
    # Largest first; ties keep a stable order by id so results are reproducible.
    order = np.lexsort((np.arange(len(s)), -s.to_numpy()))
    return s.iloc[order]


def _graded(s: pd.Series, share: pd.Series, grade: pd.Categorical, data, id: str | None) -> pd.DataFrame:
    """Assemble a graded table (largest first) and keep the caller's other columns."""
    out = pd.DataFrame({s.name or "value": s, "rank": np.arange(1, len(s) + 1), "share": share,
                        "cum_share": share.cumsum(), "grade": grade}, index=s.index)
    if isinstance(data, pd.DataFrame):
        rest = data.set_index(id) if id is not None else data
        rest = rest.drop(columns=[c for c in out.columns if c in rest.columns])
        out = out.join(rest)
    return out


# --------------------------------------------------------------------------------------------
def abc_grade(
    data: pd.DataFrame | pd.Series,
    value: str | None = "sales",
    *,
    cuts: Sequence[float] = (0.80, 0.95),
    labels: Sequence[str] = ("A", "B", "C"),
    id: str | None = None,
) -> pd.DataFrame:
    """ABC analysis by cumulative share (ABC 分类法): sort by value, largest first, and cut the
    cumulative share of the total at ``cuts``.

    A customer belongs to the first grade whose cut its *preceding* cumulative share has not
    reached: A is the smallest set of top customers whose share reaches 80%, B the next ones up
    to 95%, C the rest. Returns one row per customer, largest first, with ``value``, ``rank``,
    ``share``, ``cum_share`` and ``grade`` (categorical in label order); other columns of
    ``data`` are kept.

    >>> s = pd.Series([50, 30, 10, 6, 4], index=list("vwxyz"), name="sales")
    >>> abc_grade(s)["grade"].tolist()
    ['A', 'A', 'B', 'B', 'C']
    """
    _check_labels(cuts, labels, "ABC 分级")
    s = _sorted_desc(_values(data, value, id))
    total = s.sum()
    if total <= 0:
        raise fail("所有客户的金额都是 0，无法按占比分级。", "Every value is 0; shares are undefined.")
    share = s / total
    before = (share.cumsum() - share).to_numpy()
    idx = np.searchsorted(np.asarray(cuts) - 1e-12, before, side="right")
    grade = pd.Categorical(np.asarray(labels, dtype=object)[np.minimum(idx, len(labels) - 1)],
                           categories=list(labels), ordered=True)
    return _graded(s, share, grade, data, id)


def pyramid_grade(
    data: pd.DataFrame | pd.Series,
    value: str | None = "sales",
    *,
    tops: Sequence[float] = (0.01, 0.05, 0.20),
    labels: Sequence[str] = ("A", "B", "C", "D"),
    id: str | None = None,
) -> pd.DataFrame:
    """The customer pyramid (客户金字塔) by rank of purchase amount in a period: A (VIP) the
    top 1% of customers, B the top 5% less A, C the top 20% less A and B, D the other 80%.

    The top ``p`` holds ``ceil(p * n)`` customers, so even a small customer base has one VIP.
    Returns the same columns as :func:`abc_grade`.

    >>> s = pd.Series(range(100, 0, -1), index=[f"c{i}" for i in range(100)], name="sales")
    >>> pyramid_grade(s)["grade"].value_counts().sort_index().tolist()
    [1, 4, 15, 80]
    """
    _check_labels(tops, labels, "客户金字塔")
    s = _sorted_desc(_values(data, value, id))
    n = len(s)
    bounds = np.array([math.ceil(p * n - 1e-9) for p in tops])
    rank = np.arange(1, n + 1)
    idx = np.searchsorted(bounds, rank, side="left")
    grade = pd.Categorical(np.asarray(labels, dtype=object)[idx], categories=list(labels), ordered=True)
    total = s.sum()
    share = s / total if total > 0 else s * 0.0
    return _graded(s, share, grade, data, id)


def grade_summary(graded: pd.DataFrame, value: str = "sales", grade: str = "grade") -> pd.DataFrame:
    """Per grade: number of customers, their share of customers, total value, share of the
    total value and mean value per customer (各级客户数与销售额占比). Empty grades are kept."""
    for col in (value, grade):
        if col not in graded.columns:
            raise fail(f"缺少列 '{col}'。表中现有的列：{list(graded.columns)}。",
                       f"Column '{col}' not found. Columns: {list(graded.columns)}.")
    g = graded.groupby(grade, observed=False)[value]
    out = pd.DataFrame({"customers": g.size(), value: g.sum()})
    out["customer_share"] = out["customers"] / out["customers"].sum()
    out["value_share"] = out[value] / out[value].sum()
    out["mean_value"] = out[value] / out["customers"].where(out["customers"] > 0)
    out.index.name = grade
    return out[["customers", "customer_share", value, "value_share", "mean_value"]]


# --------------------------------------------------------------------------------------------
RFM_SEGMENTS: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "重要价值客户",
    (True, False, True): "重要发展客户",
    (False, True, True): "重要保持客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (True, False, False): "一般发展客户",
    (False, True, False): "一般保持客户",
    (False, False, False): "一般挽留客户",
}
"""The eight RFM classes used in Chinese CRM practice, keyed by (R high, F high, M high)."""


def rfm_scores(
    summary: pd.DataFrame,
    *,
    recency: str = "recency_days",
    frequency: str = "orders",
    monetary: str = "sales",
    bins: int = 5,
) -> pd.DataFrame:
    """RFM scores (RFM 评分): each of recency, frequency and monetary value scored 1..``bins``
    by percentile rank (quintiles for ``bins=5``); 5 is best (most recent, most frequent,
    largest). Ties share a score. Adds ``R``, ``F``, ``M``, ``rfm_code`` (e.g. ``"545"``) and
    ``rfm_total`` to a copy of ``summary``.

    >>> t = pd.DataFrame({"recency_days": [5, 40, 300], "orders": [12, 3, 1],
    ...                   "sales": [900.0, 200.0, 50.0]}, index=["a", "b", "c"])
    >>> rfm_scores(t, bins=3)["rfm_code"].tolist()
    ['333', '222', '111']
    """
    if not isinstance(bins, int) or bins < 2:
        raise fail(f"bins 须为 ≥ 2 的整数，得到 {bins!r}。", f"bins must be an integer >= 2, got {bins!r}.")
    cols = {"R": recency, "F": frequency, "M": monetary}
    vals = {k: _values(summary, c, None) for k, c in cols.items()}
    out = summary.copy()
    for k, s in vals.items():
        key = -s if k == "R" else s
        pct = key.rank(method="average", pct=True)
        out[k] = np.ceil(pct * bins).clip(1, bins).astype(int)
    out["rfm_code"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    out["rfm_total"] = out["R"] + out["F"] + out["M"]
    return out


def rfm_segment(scores: pd.DataFrame, *, threshold: float | str = "mean") -> pd.DataFrame:
    """The eight RFM classes (RFM 客户细分): R, F and M each *high* when the score is above
    ``threshold`` (``"mean"``: the average score of all customers), then
    :data:`RFM_SEGMENTS` names the class (重要价值客户 … 一般挽留客户). Adds ``segment``."""
    missing = [c for c in ("R", "F", "M") if c not in scores.columns]
    if missing:
        raise fail(f"缺少评分列 {missing}：请先运行 kh.rfm_scores(summary)。",
                   f"Score columns {missing} not found: run kh.rfm_scores(summary) first.")
    out = scores.copy()
    high = {}
    for k in ("R", "F", "M"):
        t = out[k].mean() if threshold == "mean" else float(threshold)
        high[k] = (out[k] > t).to_numpy()
    # Vectorised lookup: code = 4R + 2F + M indexes a table of the eight names.
    lookup = np.empty(8, dtype=object)
    for (r, f, m), name in RFM_SEGMENTS.items():
        lookup[4 * r + 2 * f + m] = name
    code = 4 * high["R"].astype(int) + 2 * high["F"].astype(int) + high["M"].astype(int)
    out["segment"] = pd.Categorical(lookup[code], categories=list(RFM_SEGMENTS.values()))
    return out


# --------------------------------------------------------------------------------------------
def grade_migration(
    before: pd.DataFrame | pd.Series,
    after: pd.DataFrame | pd.Series,
    *,
    grade: str = "grade",
    normalize: bool = False,
    new_label: str = "新增",
    lost_label: str = "流失",
) -> pd.DataFrame:
    """Grade migration between two periods (等级迁移矩阵): rows are the grade before, columns the
    grade after. Customers graded only in the later period come in row ``新增`` (new); those
    graded only in the earlier one go to column ``流失`` (no purchase: lost). With
    ``normalize=True`` each row shows shares of that row's customers."""
    def as_series(x, which):
        if isinstance(x, pd.DataFrame):
            if grade not in x.columns:
                raise fail(f"{which}缺少等级列 '{grade}'。", f"The {which} table has no column '{grade}'.")
            x = x[grade]
        if x.index.has_duplicates:
            raise fail(f"{which}的客户编号有重复，需要每个客户一行。",
                       f"Customer ids in the {which} table repeat; one row per customer expected.")
        return x

    b, a = as_series(before, "前一期"), as_series(after, "后一期")
    labels = list(b.cat.categories) if isinstance(b.dtype, pd.CategoricalDtype) else sorted(b.unique())
    for lab in (a.cat.categories if isinstance(a.dtype, pd.CategoricalDtype) else sorted(a.unique())):
        if lab not in labels:
            labels.append(lab)
    idx = b.index.union(a.index)
    rows = b.reindex(idx).astype(object).fillna(new_label)
    cols = a.reindex(idx).astype(object).fillna(lost_label)
    rows = pd.Categorical(rows, categories=labels + [new_label])
    cols = pd.Categorical(cols, categories=labels + [lost_label])
    m = pd.crosstab(rows, cols, dropna=False)
    m.index.name, m.columns.name = "前一期", "后一期"
    if normalize:
        m = m.div(m.sum(axis=1).where(lambda x: x > 0), axis=0)
    return m


# --------------------------------------------------------------------------------------------
# Visit plan per grade, from the course material (times per month: low, high).
VISIT_PLAN = pd.DataFrame(
    [
        ("A", "业务员", "拜访", 3, 3, "每月 3 次"),
        ("A", "业务员", "电话", 2, 3, "每月 2–3 次"),
        ("A", "销售经理", "拜访", 1 / 2, 1, "每 1–2 个月 1 次"),
        ("A", "营销总监", "拜访", 1 / 6, 1 / 6, "每半年 1 次"),
        ("A", "总经理", "拜访", 1 / 12, 1 / 12, "每年 1 次"),
        ("B", "业务员", "拜访", 2, 2, "每月 2 次"),
        ("B", "业务员", "电话", 1, 2, "每月 1–2 次"),
        ("B", "销售经理", "拜访", 1 / 3, 1 / 2, "每 2–3 个月 1 次"),
        ("B", "营销总监", "拜访", 1 / 12, 1 / 6, "每 6–12 个月 1 次"),
        ("B", "总经理", "拜访", 0, 0, "必要时"),
        ("C", "业务员", "拜访", 1, 1, "每月 1 次"),
        ("C", "业务员", "电话", 1, 1, "每月 1 次"),
        ("D", "业务员", "电话", 0, 0, "最低限度服务，按需联系"),
    ],
    columns=["grade", "role", "activity", "per_month_low", "per_month_high", "rule"],
)
"""The visit plan per grade (分级拜访计划): who contacts a customer of each grade, how, and
how often per month (low–high). Pass your own table of the same shape to the functions."""


def visit_plan(grade: str | None = None, plan: pd.DataFrame = VISIT_PLAN) -> pd.DataFrame:
    """The visit rules of one grade (or all), as a table (分级拜访计划)."""
    if grade is None:
        return plan.copy()
    if grade not in set(plan["grade"]):
        raise fail(f"拜访计划中没有等级 '{grade}'，已有：{sorted(set(plan['grade']))}。",
                   f"No grade '{grade}' in the visit plan; it has {sorted(set(plan['grade']))}.")
    return plan[plan["grade"] == grade].reset_index(drop=True)


def visit_workload(
    grades: pd.Series | pd.DataFrame,
    *,
    grade: str = "grade",
    by: str | None = None,
    plan: pd.DataFrame = VISIT_PLAN,
) -> pd.DataFrame:
    """Contacts per month that a set of graded customers asks for (月度拜访工作量): for each
    role and activity, the low and high number of visits or calls per month, optionally per
    group ``by`` (a column such as region or salesperson). Grades missing from the plan get
    no contacts and are reported in an error, not silently dropped."""
    if isinstance(grades, pd.Series):
        frame = grades.rename(grade).to_frame()
    else:
        frame = grades
        if grade not in frame.columns:
            raise fail(f"缺少等级列 '{grade}'。", f"Grade column '{grade}' not found.")
    unknown = sorted(set(frame[grade].astype(str)) - set(plan["grade"]))
    if unknown:
        raise fail(f"拜访计划中没有这些等级：{unknown}；请在 plan 中补充。",
                   f"The visit plan has no rules for grade(s) {unknown}; add them to plan.")
    keys = [by] if by else []
    if by and by not in frame.columns:
        raise fail(f"缺少分组列 '{by}'。", f"Group column '{by}' not found.")
    counts = frame.assign(_g=frame[grade].astype(str)).groupby(keys + ["_g"], observed=True).size()
    counts = counts.rename("customers").reset_index()
    merged = counts.merge(plan, left_on="_g", right_on="grade")
    merged["low"] = merged["customers"] * merged["per_month_low"]
    merged["high"] = merged["customers"] * merged["per_month_high"]
    return merged.groupby(keys + ["role", "activity"], sort=False)[["low", "high"]].sum()


# --------------------------------------------------------------------------------------------
def style_grades(df: pd.DataFrame, grade: str = "grade", *, precision: int = 2):
    """A pandas Styler that paints each row's grade cell with its colour card and tints the
    row (颜色管理的表格). Percent-like columns (``share``, ``cum_share``...) show as %."""
    if grade not in df.columns:
        raise fail(f"缺少等级列 '{grade}'。", f"Grade column '{grade}' not found.")

    def paint(row):
        g = str(row[grade])
        col = GRADE_COLORS.get(g, _OTHER_COLOR)
        return [f"background-color: {col}; color: {_TEXT_ON.get(g, 'white')}; font-weight: bold"
                if c == grade else f"background-color: {col}1A" for c in row.index]

    pct = [c for c in df.columns if "share" in str(c)]
    sty = df.style.apply(paint, axis=1).set_uuid("khgrades")
    sty = sty.format(precision=precision, thousands=",")
    if pct:
        sty = sty.format("{:.1%}", subset=pct)
    return sty


def to_excel_graded(
    df: pd.DataFrame,
    path: str | Path,
    grade: str = "grade",
    *,
    sheet_name: str = "客户分级",
    index: bool = True,
) -> Path:
    """Write a graded table to Excel with the grade colours (带颜色卡的客户名册): the grade cell
    in its colour card, the row lightly tinted, the header frozen. Returns the path."""
    if grade not in df.columns:
        raise fail(f"缺少等级列 '{grade}'。", f"Grade column '{grade}' not found.")
    path = Path(path)
    out = df.reset_index() if index else df.copy()
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        write_graded_sheet(xw, out, sheet_name, grade)
    return path


def write_graded_sheet(xw: pd.ExcelWriter, out: pd.DataFrame, sheet_name: str, grade: str = "grade") -> None:
    """Write ``out`` (index not written) to a sheet of an open openpyxl ``ExcelWriter`` with the
    grade colours — the building block of :func:`to_excel_graded` for multi-sheet workbooks."""
    from openpyxl.styles import Font, PatternFill

    if grade not in out.columns:
        raise fail(f"缺少等级列 '{grade}'。", f"Grade column '{grade}' not found.")
    out.to_excel(xw, sheet_name=sheet_name, index=False)
    ws = xw.sheets[sheet_name]
    gcol = list(out.columns).index(grade) + 1
    for r, g in enumerate(out[grade].astype(str), start=2):
        hexcol = GRADE_COLORS.get(g, _OTHER_COLOR).lstrip("#")
        tint = _tint(hexcol)
        for c in range(1, len(out.columns) + 1):
            ws.cell(row=r, column=c).fill = PatternFill("solid", fgColor=tint)
        cell = ws.cell(row=r, column=gcol)
        cell.fill = PatternFill("solid", fgColor=hexcol)
        cell.font = Font(bold=True, color="FFFFFF" if _TEXT_ON.get(g, "white") == "white" else "000000")
    ws.freeze_panes = "A2"
    for c, name in enumerate(out.columns, start=1):
        width = max([len(str(name))] + [len(str(v)) for v in out.iloc[:200, c - 1]]) + 2
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = min(width * 1.2, 50)


def _tint(hexcol: str, amount: float = 0.85) -> str:
    rgb = [int(hexcol[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(v + (255 - v) * amount):02X}" for v in rgb)


# --------------------------------------------------------------------------------------------
# Plots (readable when projected: large type comes from kh.setup_notebook()).
def plot_pareto(graded: pd.DataFrame, *, grade: str = "grade", ax=None, title: str | None = None):
    """Pareto curve (帕累托曲线): cumulative share of customers (x) against cumulative share of
    the value (y), each stretch in its grade's colour."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    n = len(graded)
    x = np.arange(1, n + 1) / n
    y = graded["cum_share"].to_numpy()
    codes = graded[grade].astype(str).to_numpy()
    for g in pd.unique(codes):
        m = codes == g
        first = np.argmax(m)
        xs = np.r_[x[first - 1] if first > 0 else 0.0, x[m]]
        ys = np.r_[y[first - 1] if first > 0 else 0.0, y[m]]
        ax.fill_between(xs, 0, ys, color=GRADE_COLORS.get(g, _OTHER_COLOR), alpha=0.25, lw=0)
        ax.plot(xs, ys, color=GRADE_COLORS.get(g, _OTHER_COLOR), lw=3,
                label=f"{g} 类：{m.sum():,} 户（{m.mean():.0%}），占 {graded['share'][m].sum():.0%}")
    ax.plot([0, 1], [0, 1], ls=":", color="grey", lw=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("客户累计占比（按金额从大到小）")
    ax.set_ylabel("销售额累计占比")
    ax.set_title(title or "帕累托曲线与 ABC 分级")
    ax.legend(loc="lower right")
    return ax


def plot_grade_summary(summary: pd.DataFrame, *, ax=None, title: str | None = None):
    """Side-by-side bars per grade: share of customers and share of the value (客户数占比 vs
    金额占比), in the grade colours."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    labels = [str(i) for i in summary.index]
    x = np.arange(len(labels))
    cols = grade_colors(labels)
    b1 = ax.bar(x - 0.2, summary["customer_share"], 0.38, color=cols, alpha=0.45, hatch="//",
                edgecolor=cols, label="客户数占比")
    b2 = ax.bar(x + 0.2, summary["value_share"], 0.38, color=cols, label="金额占比")
    for bars in (b1, b2):
        ax.bar_label(bars, labels=[f"{v:.0%}" for v in bars.datavalues], padding=3)
    ax.set_xticks(x, [f"{g} 类" for g in labels])
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylim(0, max(1.0, float(np.nanmax(summary[["customer_share", "value_share"]].to_numpy()))) * 1.12)
    ax.set_title(title or "各级客户：数量占比与金额占比")
    ax.legend()
    return ax


def plot_pyramid(summary: pd.DataFrame, *, ax=None, title: str | None = None,
                 names: dict[str, str] = PYRAMID_NAMES):
    """The customer pyramid (客户金字塔) drawn as stacked trapezoids, the top grade at the
    apex; each layer shows its number of customers and share of the value."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 6))
    k = len(summary)
    for i, (g, row) in enumerate(summary.iterrows()):  # a handful of layers, not data rows
        top, bottom = i / k, (i + 1) / k
        poly = [(0.5 - top / 2, 1 - top), (0.5 + top / 2, 1 - top),
                (0.5 + bottom / 2, 1 - bottom), (0.5 - bottom / 2, 1 - bottom)]
        ax.add_patch(Polygon(poly, closed=True, color=GRADE_COLORS.get(str(g), _OTHER_COLOR), ec="white", lw=3))
        label = f"{g}" if i == 0 else f"{g}  {names.get(str(g), '')}"  # the apex is too narrow
        ax.text(0.5, 1 - (i + 0.62) / k, label, ha="center", va="center",
                color=_TEXT_ON.get(str(g), "white"), fontsize="large")
        ax.text(0.5 + bottom / 2 + 0.04, 1 - (i + 0.5) / k,
                (f"{names.get(str(g), '')}：" if i == 0 else "")
                + f"{int(row['customers']):,} 户（{row['customer_share']:.0%}）→ 金额 {row['value_share']:.0%}",
                ha="left", va="center")
    ax.set_xlim(0, 1.7)
    ax.set_ylim(0, 1.02)
    ax.axis("off")
    ax.set_title(title or "客户金字塔")
    return ax


def plot_migration(matrix: pd.DataFrame, *, ax=None, title: str | None = None):
    """Heat map of a grade migration matrix (等级迁移矩阵) with the counts or shares written in."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    vals = matrix.to_numpy(dtype=float)
    ax.imshow(np.nan_to_num(vals), cmap="Blues")
    share = np.nanmax(vals) <= 1.0
    hi = np.nanmax(vals) if np.isfinite(np.nanmax(vals)) else 1
    for (i, j), v in np.ndenumerate(vals):
        txt = "" if np.isnan(v) else (f"{v:.0%}" if share else f"{int(v):,}")
        ax.text(j, i, txt, ha="center", va="center", color="white" if v > hi / 2 else "black")
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns])
    ax.set_yticks(range(matrix.shape[0]), [str(r) for r in matrix.index])
    for lab in ax.get_xticklabels() + ax.get_yticklabels():
        lab.set_color(GRADE_COLORS.get(lab.get_text(), "black"))
    ax.set_xlabel(matrix.columns.name or "后一期")
    ax.set_ylabel(matrix.index.name or "前一期")
    ax.set_title(title or "等级迁移矩阵")
    return ax


# --------------------------------------------------------------------------------------------
def abc_widget(summary: pd.DataFrame, value: str = "sales", *, cuts: Sequence[float] = (0.80, 0.95)):
    """Interactive ABC analysis (ABC 分界点滑块): two sliders move the A and B cut points; the
    table of grade counts and shares and the bar chart follow. Works on any one-row-per-customer
    summary; returns the widget (display it, or let Jupyter show it)."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    _values(summary, value, None)  # validate once, up front
    a = w.FloatSlider(value=cuts[0], min=0.50, max=0.95, step=0.01, description="A 类累计到",
                      readout_format=".0%", continuous_update=False, style={"description_width": "initial"},
                      layout=w.Layout(width="420px"))
    b = w.FloatSlider(value=cuts[1], min=0.60, max=0.99, step=0.01, description="B 类累计到",
                      readout_format=".0%", continuous_update=False, style={"description_width": "initial"},
                      layout=w.Layout(width="420px"))
    out = w.Output()

    def show(change=None):
        with out:
            out.clear_output(wait=True)
            if b.value <= a.value:
                print(f"B 类的分界点（{b.value:.0%}）须大于 A 类的（{a.value:.0%}）。")
                return
            summ = grade_summary(abc_grade(summary, value, cuts=(a.value, b.value)), value)
            display(summ[["customers", "customer_share", "value_share"]].style
                    .format({"customers": "{:,}", "customer_share": "{:.1%}", "value_share": "{:.1%}"})
                    .set_uuid("khabcwidget").set_caption("各级客户数与金额占比"))
            fig, ax = plt.subplots(figsize=(9, 4.2))
            plot_grade_summary(summ, ax=ax, title=f"分界点 {a.value:.0%} / {b.value:.0%}")
            plt.show()

    a.observe(show, names="value")
    b.observe(show, names="value")
    show()
    return w.VBox([w.HBox([a, b]), out])
