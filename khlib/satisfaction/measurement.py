"""Survey measurement (问卷测量, chapter 06): the answers of an analyst's own survey export made
usable, the reliability of each construct (Cronbach's alpha with item–total correlations), and
the Net Promoter Score with its confidence interval.

A *construct* (构念) is what several items measure together ("服务质量" by five questions);
``constructs`` maps each construct to its item columns. Answers are on a 1–k scale
(``scale=(1, 5)`` or ``(1, 7)``); blanks and "不适用" are missing; items worded in reverse
("价格太高") are declared in ``reversed_items`` and turned around (x → low + high − x).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.stats import norm

from .._errors import examples, fail

#: Answers read as "no answer" (不适用 / 不知道 / 空白), case-insensitive after stripping spaces.
MISSING_ANSWERS: tuple[str, ...] = ("", "不适用", "不知道", "无", "n/a", "na", "-", "—")


def _check_constructs(constructs: Mapping[str, Sequence[str]], columns, *, min_items: int = 2) -> None:
    if not isinstance(constructs, Mapping) or not constructs:
        raise fail("constructs 应是 {构念: [题目列, …]} 的字典。", "constructs must be a dict {construct: [item columns, ...]}.")
    seen: dict[str, str] = {}
    for name, items in constructs.items():
        items = list(items)
        if len(items) < min_items:
            raise fail(f"构念 '{name}' 只有 {len(items)} 个题目：信度（α）至少需要 {min_items} 个题目。",
                       f"Construct '{name}' has {len(items)} item(s): reliability (alpha) needs at least {min_items}.")
        missing = [c for c in items if c not in columns]
        if missing:
            raise fail(f"构念 '{name}' 的题目 {missing} 不在表中；表中的列：{list(columns)[:20]}。",
                       f"Items {missing} of construct '{name}' are not in the table; columns: {list(columns)[:20]}.")
        for c in items:
            if c in seen:
                raise fail(f"题目 '{c}' 同时属于构念 '{seen[c]}' 和 '{name}'。",
                           f"Item '{c}' belongs to both '{seen[c]}' and '{name}'.")
            seen[c] = name


def prepare_items(survey: pd.DataFrame, items: Sequence[str], *, scale: tuple[int, int] = (1, 5),
                  reversed_items: Sequence[str] = ()) -> pd.DataFrame:
    """The item columns as numbers on the scale (题目作答整理): "不适用" and blanks become
    missing, full-width digits are read, reversed items are turned around. An answer off the
    scale (0, 6 on a 1–5 scale, "很好") is an error naming the item and the rows (as numbered in
    the table's index). The input is not changed.

    >>> s = pd.DataFrame({"q1": [1, 5, "不适用"], "q2": ["２", 4, 5]})
    >>> prepare_items(s, ["q1", "q2"], reversed_items=["q1"]).values.tolist()
    [[5.0, 2.0], [1.0, 4.0], [nan, 5.0]]
    """
    lo, hi = scale
    if not (isinstance(lo, (int, np.integer)) and isinstance(hi, (int, np.integer)) and hi > lo):
        raise fail(f"scale 应是 (最低分, 最高分) 两个整数，如 (1, 5)，而不是 {scale!r}。",
                   f"scale must be two whole numbers (lowest, highest), such as (1, 5), not {scale!r}.")
    unknown = [c for c in reversed_items if c not in items]
    if unknown:
        raise fail(f"reversed_items 中的 {unknown} 不是要整理的题目。", f"reversed_items {unknown} are not among the items.")
    out = {}
    for c in items:
        col = survey[c]
        text = col.astype("string").str.strip().str.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        blank = col.isna() | text.str.lower().isin(MISSING_ANSWERS).fillna(True)
        num = pd.to_numeric(text.where(~blank), errors="coerce")
        bad = (~blank & (num.isna() | (num < lo) | (num > hi) | (num % 1 != 0))).to_numpy()
        if bad.any():
            raise fail(f"题目 '{c}' 有不在 {lo}–{hi} 分之内的回答：{examples(survey.index[bad], col[bad])}。"
                       f"空白或“不适用”可以，其他请核对。",
                       f"Item '{c}' has answers outside the {lo}–{hi} scale at {examples(survey.index[bad], col[bad])}; "
                       "blanks and 不适用 are fine, check the others.")
        num = num.astype(float)
        out[c] = (lo + hi - num) if c in reversed_items else num
    return pd.DataFrame(out, index=survey.index)


def cronbach_alpha(survey: pd.DataFrame, constructs: Mapping[str, Sequence[str]], *, scale: tuple[int, int] = (1, 5),
                   reversed_items: Sequence[str] = ()) -> pd.DataFrame:
    """Cronbach's alpha of each construct (信度：克朗巴赫 α; Cronbach, 1951), on the
    respondents who answered every item of the construct:
    α = k / (k − 1) × (1 − Σ var(item) / var(sum of items)), sample variances (n − 1).
    One row per construct: ``items``, ``respondents`` (complete answers) and ``alpha``.
    Above 0.7 is the usual bar (Nunnally, 1978).

    >>> s = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    >>> round(float(cronbach_alpha(s, {"x": ["a", "b", "c"]}).loc["x", "alpha"]), 4)
    0.9538
    """
    _check_constructs(constructs, survey.columns)
    rows = []
    for name, items in constructs.items():
        x = prepare_items(survey, list(items), scale=scale, reversed_items=[c for c in reversed_items if c in items])
        x = x.dropna()
        k, n = x.shape[1], len(x)
        if n < 2:
            raise fail(f"构念 '{name}' 只有 {n} 位受访者答完了全部题目，无法计算 α。",
                       f"Only {n} respondent(s) answered every item of '{name}': alpha cannot be computed.")
        total_var = x.sum(axis=1).var(ddof=1)
        alpha = k / (k - 1) * (1 - x.var(ddof=1).sum() / total_var) if total_var > 0 else np.nan
        rows.append({"construct": name, "items": k, "respondents": n, "alpha": float(alpha)})
    return pd.DataFrame(rows).set_index("construct")


def item_total(survey: pd.DataFrame, constructs: Mapping[str, Sequence[str]], *, scale: tuple[int, int] = (1, 5),
               reversed_items: Sequence[str] = ()) -> pd.DataFrame:
    """Item analysis (题目分析): for each item, its construct, the *corrected* item–total
    correlation (with the sum of the construct's other items) and the construct's alpha if the
    item were dropped. An item that correlates weakly (below 0.3) or whose removal raises
    alpha is a candidate for rewording. Constructs of two items have no alpha without an item.

    >>> s = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    >>> item_total(s, {"x": ["a", "b", "c"]})["item_total_r"].round(3).tolist()
    [0.97, 0.903, 0.87]
    """
    _check_constructs(constructs, survey.columns)
    rows = []
    for name, items in constructs.items():
        x = prepare_items(survey, list(items), scale=scale, reversed_items=[c for c in reversed_items if c in items])
        x = x.dropna()
        total = x.sum(axis=1)
        for c in x.columns:
            rest = total - x[c]
            r = float(np.corrcoef(x[c], rest)[0, 1]) if x[c].std() > 0 and rest.std() > 0 else np.nan
            others = x.drop(columns=c)
            if others.shape[1] >= 2:
                tv = others.sum(axis=1).var(ddof=1)
                k = others.shape[1]
                a = k / (k - 1) * (1 - others.var(ddof=1).sum() / tv) if tv > 0 else np.nan
            else:
                a = np.nan
            rows.append({"item": c, "construct": name, "item_total_r": r, "alpha_if_deleted": float(a)})
    return pd.DataFrame(rows).set_index("item")


def net_promoter(recommend: pd.Series, *, level: float = 0.95, promoter_min: int = 9,
                 detractor_max: int = 6) -> pd.Series:
    """Net Promoter Score (净推荐值; Reichheld, 2003) from 0–10 answers to "how likely are you to
    recommend us?": promoters 9–10, passives 7–8, detractors 0–6 (``promoter_min`` and
    ``detractor_max`` move the cut-offs, e.g. to show how fragile the score is); NPS = % promoters −
    % detractors, between −100 and 100. The confidence interval treats the three groups as a
    multinomial sample: var(NPS/100) = (p_promoter + p_detractor − (p_promoter − p_detractor)²) / n
    (a normal approximation; fine from about 30 answers). Blanks are left out.

    >>> r = net_promoter(pd.Series([10, 9, 9, 8, 7, 6, 3, 10, 10, 0]))
    >>> r[["nps", "promoters", "detractors", "respondents"]].tolist()
    [20.0, 5.0, 3.0, 10.0]
    """
    if not 0 < level < 1:
        raise fail(f"level 应在 0 与 1 之间，而不是 {level}。", f"level must be between 0 and 1, not {level}.")
    if not 0 <= detractor_max < promoter_min <= 10:
        raise fail(f"需要 0 ≤ detractor_max < promoter_min ≤ 10，得到 {detractor_max} 与 {promoter_min}。",
                   f"Need 0 <= detractor_max < promoter_min <= 10, got {detractor_max} and {promoter_min}.")
    s = pd.Series(recommend)
    text = s.astype("string").str.strip()
    blank = s.isna() | text.str.lower().isin(MISSING_ANSWERS).fillna(True)
    v = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = (~blank & (v.isna() | (v < 0) | (v > 10) | (v % 1 != 0))).to_numpy()
    if bad.any():
        raise fail(f"推荐意愿应是 0–10 的整数：{examples(s.index[bad], s[bad])}。",
                   f"Likelihood to recommend must be a whole number 0-10: {examples(s.index[bad], s[bad])}.")
    v = v[~blank.to_numpy()]
    n = len(v)
    if n == 0:
        raise fail("没有有效的推荐意愿回答。", "No valid answers to the recommend question.")
    pro, det = float((v >= promoter_min).sum()), float((v <= detractor_max).sum())
    pp, pd_ = pro / n, det / n
    nps = 100 * (pp - pd_)
    se = 100 * np.sqrt(max(pp + pd_ - (pp - pd_) ** 2, 0.0) / n)
    z = float(norm.ppf((1 + level) / 2))
    return pd.Series({"nps": nps, "promoters": pro, "passives": float(n - pro - det), "detractors": det,
                      "respondents": float(n), "ci_low": max(nps - z * se, -100.0), "ci_high": min(nps + z * se, 100.0)},
                     name="nps")


def net_promoter_by(recommend: pd.Series, groups: pd.Series, *, level: float = 0.95) -> pd.DataFrame:
    """NPS per group (分组净推荐值), e.g. per segment or wave: one row per group with the columns of
    :func:`net_promoter`. ``groups`` is aligned with ``recommend`` by index."""
    g = pd.Series(groups).reindex(pd.Series(recommend).index)
    if g.isna().any():
        raise fail("groups 与 recommend 的索引不一致或有缺失。", "groups must cover every answer of recommend (same index).")
    return pd.DataFrame({k: net_promoter(pd.Series(recommend)[g == k], level=level) for k in sorted(pd.unique(g))}).T
