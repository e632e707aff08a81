"""Grading a summary (分级): ABC analysis, the customer pyramid, RFM scores and classes, grade
migration between two periods. 见第04章 客户分级。

All functions work on a *summary*: one row per customer (or product), e.g. the output of
:func:`khlib.customer_summary`. They return new frames and never modify their input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._errors import examples, fail, warn

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
    A customer who bought nothing (value 0) is never ranked above the lowest grade, whatever its
    position; when every value is 0 there is no pyramid and the call fails.
    Returns the same columns as :func:`abc_grade`.

    >>> s = pd.Series(range(100, 0, -1), index=[f"c{i}" for i in range(100)], name="sales")
    >>> pyramid_grade(s)["grade"].value_counts().sort_index().tolist()
    [1, 4, 15, 80]
    """
    _check_labels(tops, labels, "客户金字塔")
    s = _sorted_desc(_values(data, value, id))
    total = s.sum()
    if total <= 0:
        raise fail("所有客户的金额都是 0，无法排金字塔（没有谁是 VIP）。",
                   "Every value is 0: there is no pyramid (nobody is a VIP).")
    n = len(s)
    bounds = np.array([math.ceil(p * n - 1e-9) for p in tops])
    rank = np.arange(1, n + 1)
    idx = np.searchsorted(bounds, rank, side="left")
    idx = np.where(s.to_numpy() > 0, idx, len(labels) - 1)  # no purchase, no upper grade
    grade = pd.Categorical(np.asarray(labels, dtype=object)[idx], categories=list(labels), ordered=True)
    return _graded(s, s / total, grade, data, id)


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
    if len(b) and len(a) and not b.index.isin(a.index).any():
        # No customer in both periods: usually ids of different types (123 vs "00123") or forms.
        sb = pd.Index(b.index.astype(str).str.strip().str.lstrip("0"))
        sa = pd.Index(a.index.astype(str).str.strip().str.lstrip("0"))
        common = sb.isin(sa).sum()
        if common:
            raise fail(f"两期的客户编号写法不同（前一期 {b.index.dtype}，如 '{b.index[0]}'；后一期 {a.index.dtype}，"
                       f"如 '{a.index[0]}'）：按原样没有一个客户在两期都出现，统一写法后有 {common} 个。"
                       "请把两期的编号转成同一种文本，例如 index.astype(str).str.zfill(5)。",
                       f"The two periods write customer ids differently ({b.index.dtype}, e.g. '{b.index[0]}', vs "
                       f"{a.index.dtype}, e.g. '{a.index[0]}'): as given no customer is in both, after aligning "
                       f"{common} are. Convert both to the same text first.")
        warn("两期没有一个共同的客户：每个客户都会算作流失或新增。请确认两期的编号是同一套。",
             "No customer appears in both periods: every customer counts as lost or new. Check that both "
             "periods use the same ids.")
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


# Visit plan per grade, from the course material (times per month: low, high).
