"""Loyalty types (忠诚类型) after Dick & Basu (1994): relative attitude × repeat patronage
(chapter 08 客户忠诚与流失).

Dick, A. S. & Basu, K. (1994). Customer loyalty: toward an integrated conceptual framework.
*Journal of the Academy of Marketing Science* 22(2), 99–113. Loyalty is not repeat buying
alone: a customer who buys often but does not like the company (惯性、转换成本) is held by
circumstances, and one who likes it but buys little is held back by something. Crossing a
high/low **attitude** (态度: e.g. the survey's loyalty items) with a high/low **behaviour**
(行为: e.g. orders per year) gives four quadrants, each with its own action
(:data:`LOYALTY_TYPES`).
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._errors import examples, fail, warn

__all__ = ["LOYALTY_TYPES", "loyalty_types"]

#: quadrant (忠诚类型) -> (English name, what to do with it). Order: high attitude & high
#: behaviour, high attitude only, high behaviour only, neither.
LOYALTY_TYPES: dict[str, tuple[str, str]] = {
    "忠诚": ("loyalty (true loyalty)",
           "既喜欢又常买，是最稳的客户——维护关系、回报忠诚，请他们推荐新客户；不要把他们当成理所当然。"),
    "潜在忠诚": ("latent loyalty",
             "喜欢但买得少——找出障碍（价格、渠道、产品线、交货），障碍消除后购买才会跟上。"),
    "虚假忠诚": ("spurious loyalty",
             "靠转换成本或惯性留下，竞争对手一给优惠就会走——了解不满、提高满意度，把惯性变成偏好。"),
    "不忠诚": ("no loyalty",
            "既不喜欢也很少买——不宜大量投入；查明原因，能以低成本改善的再争取。"),
}


def _numbers(values, name: str) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise fail(f"{name} 须是以客户编号为索引的 Series，得到 {type(values).__name__}。",
                   f"{name} must be a Series indexed by customer id, got {type(values).__name__}.")
    if values.index.has_duplicates:
        dup = values.index[values.index.duplicated()].unique()
        raise fail(f"{name} 的客户编号有重复（每个客户一个值）：{examples(dup)}。",
                   f"{name} has duplicated customer ids (one value per customer): {examples(dup)}.")
    num = pd.to_numeric(values, errors="coerce")
    bad = num.isna() & values.notna()
    if bad.any():
        raise fail(f"{name} 有不是数字的值：客户 {examples(values.index[bad], values[bad].tolist())}。",
                   f"{name} has non-numeric values: customer(s) {examples(values.index[bad], values[bad].tolist())}.")
    inf = ~np.isfinite(num.astype(float)) & num.notna()
    if inf.any():
        raise fail(f"{name} 有无穷大的值：客户 {examples(values.index[inf])}。",
                   f"{name} has infinite values: customer(s) {examples(values.index[inf])}.")
    return num.astype(float)


def _cut(value, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise fail(f"{name} 须是一个有限的数（分界值）或 None（用中位数），得到 {value!r}。",
                   f"{name} must be a finite number (the cut) or None (the median), got {value!r}.")
    return float(value)


def loyalty_types(attitude: pd.Series, behaviour: pd.Series, *, attitude_cut: float | None = None,
                  behaviour_cut: float | None = None) -> pd.DataFrame:
    """Dick & Basu's four loyalty types (忠诚类型) from an attitude and a behaviour per customer.

    ``attitude`` (相对态度, e.g. a customer's mean of the survey's loyalty items) and
    ``behaviour`` (重复购买行为, e.g. orders per year) are Series indexed by customer id; they
    are aligned on that index (inner join: customers in both, with a value in both; a warning
    says how many were left out for a missing value). A value **at or above** its cut is high
    (≥ cut → high). The cuts default to the **medians** of the aligned customers, so that
    about half are high on each axis — with many ties at the median (whole numbers of orders,
    1–5 scale means) more than half are high; pass the cuts to fix them (e.g. 4 = "agree" on a
    1–5 scale). Returns (index: the customers, in ``attitude``'s order) ``loyalty_attitude``,
    ``behaviour``, ``high_attitude``, ``high_behaviour`` (bool) and ``loyalty_type`` (categorical,
    the keys of :data:`LOYALTY_TYPES` in their order); ``attrs`` keeps the cuts used.

    >>> att = pd.Series([4.5, 4.0, 2.0, 3.0], index=["a", "b", "c", "d"])
    >>> beh = pd.Series([12, 2, 10, 1], index=["a", "b", "c", "d"])
    >>> loyalty_types(att, beh, attitude_cut=4, behaviour_cut=6)["loyalty_type"].tolist()
    ['忠诚', '潜在忠诚', '虚假忠诚', '不忠诚']
    """
    att, beh = _numbers(attitude, "attitude"), _numbers(behaviour, "behaviour")
    a_cut, b_cut = _cut(attitude_cut, "attitude_cut"), _cut(behaviour_cut, "behaviour_cut")
    both = att.index.intersection(beh.index, sort=False)
    if len(both) == 0:
        raise fail(f"attitude 与 behaviour 没有共同的客户编号（如 attitude 的 {examples(att.index)}，"
                   f"behaviour 的 {examples(beh.index)}）：两者须以同样的客户编号为索引。",
                   f"attitude and behaviour share no customer id (e.g. attitude's {examples(att.index)}, "
                   f"behaviour's {examples(beh.index)}): both must be indexed by the same customer ids.")
    a, b = att.reindex(both), beh.reindex(both)
    missing = a.isna() | b.isna()
    if missing.all():
        raise fail("共同的客户在 attitude 或 behaviour 上全是缺失值。",
                   "Every shared customer has a missing attitude or behaviour.")
    if missing.any():
        warn(f"{int(missing.sum())} 个客户的态度或行为缺失，未参与分类：{examples(both[missing.to_numpy()])}。",
             f"{int(missing.sum())} customer(s) with a missing attitude or behaviour were left out: "
             f"{examples(both[missing.to_numpy()])}.")
        a, b = a[~missing], b[~missing]
    a_cut = float(a.median()) if a_cut is None else a_cut
    b_cut = float(b.median()) if b_cut is None else b_cut
    hi_a, hi_b = a >= a_cut, b >= b_cut
    kinds = list(LOYALTY_TYPES)  # 忠诚, 潜在忠诚, 虚假忠诚, 不忠诚
    code = np.where(hi_a, np.where(hi_b, 0, 1), np.where(hi_b, 2, 3))
    out = pd.DataFrame({"loyalty_attitude": a, "behaviour": b, "high_attitude": hi_a, "high_behaviour": hi_b,
                        "loyalty_type": pd.Categorical.from_codes(code, categories=kinds)}, index=a.index)
    out.index.name = attitude.index.name or behaviour.index.name
    out.attrs = {"attitude_cut": a_cut, "behaviour_cut": b_cut}
    return out
