"""The satisfaction index and its diagnostics (满意度指数与诊断, chapter 06): a weighted index of
attribute performance (weights from stated importance or from a regression on overall
satisfaction), expectation–perception gaps, importance–performance quadrants, and whether a
change between two survey waves is real.

Attribute columns are named by templates: ``performance="perf_{}"`` with attribute "price"
means the column ``perf_price``; an analyst's export with headers such as "价格_表现" passes
``performance="{}_表现"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._errors import fail
from .measurement import prepare_items


_WHAT = {"表现": "performance", "重要性": "importance", "期望": "expectation"}


def _columns(survey: pd.DataFrame, aspects: Sequence[str], template: str, what: str) -> list[str]:
    en = _WHAT[what]
    if "{}" not in template:
        raise fail(f"{what}的列名模板应含 {{}}（代表评价项目），如 'perf_{{}}'，而不是 {template!r}。",
                   f"The {en} column template needs {{}} for the aspect, such as 'perf_{{}}', not {template!r}.")
    cols = [template.format(a) for a in aspects]
    missing = [c for c in cols if c not in survey.columns]
    if missing:
        raise fail(f"缺少{what}列 {missing}；表中的列：{list(survey.columns)[:20]}。",
                   f"Missing {en} column(s) {missing}; columns: {list(survey.columns)[:20]}.")
    return cols


@dataclass(frozen=True)
class SatisfactionIndex:
    """A weighted satisfaction index (满意度指数) computed two ways."""

    aspects: pd.DataFrame  #: per aspect: importance_weight, regression_weight, performance (0–100)
    by_importance: float  #: Σ importance weight × performance
    by_regression: float  #: Σ regression weight × performance
    r_squared: float  #: of the regression of overall satisfaction on the aspects
    respondents: int  #: respondents in the regression


def satisfaction_index(survey: pd.DataFrame, aspects: Sequence[str], *, overall: str,
                       performance: str = "perf_{}", importance: str = "imp_{}",
                       scale: tuple[int, int] = (1, 5)) -> SatisfactionIndex:
    """A 0–100 satisfaction index from attribute performance (满意度指数), weighted two ways:

    - ``importance_weight``: mean stated importance of each attribute, normalised to sum 1;
    - ``regression_weight``: the coefficients of an OLS regression of ``overall`` satisfaction on
      the aspects' performance (respondents who answered all of them; statsmodels), negative
      ones set to 0, normalised to sum 1 — what *drives* satisfaction, which is often not what
      customers say matters.

    Returns a :class:`SatisfactionIndex`: per attribute both weights and ``performance`` (mean,
    0–100), and the two indices (Σ weight × performance). The same data, two answers: the
    chapter discusses why.
    """
    lo, hi = scale
    perf_cols = _columns(survey, aspects, performance, "表现")
    imp_cols = _columns(survey, aspects, importance, "重要性")
    if overall not in survey.columns:
        raise fail(f"缺少总体满意度列 '{overall}'。", f"Overall satisfaction column '{overall}' not found.")
    perf = prepare_items(survey, perf_cols, scale=scale)
    imp = prepare_items(survey, imp_cols, scale=scale)
    y = prepare_items(survey, [overall], scale=scale)[overall]
    score = (perf.mean() - lo) / (hi - lo) * 100
    w_imp = imp.mean().to_numpy()
    w_imp = w_imp / w_imp.sum()
    import statsmodels.api as sm

    data = pd.concat([perf, y.rename("__y")], axis=1).dropna()
    if len(data) <= len(perf_cols) + 1:
        raise fail(f"答完全部表现题和总体满意度的受访者只有 {len(data)} 位，不够做回归。",
                   f"Only {len(data)} respondents answered every performance item and overall satisfaction: too few for a regression.")
    fit = sm.OLS(data["__y"], sm.add_constant(data[perf_cols])).fit()
    coef = fit.params[perf_cols].clip(lower=0).to_numpy()
    if coef.sum() <= 0:
        raise fail("回归系数全部 ≤ 0：表现与总体满意度没有正相关，无法定权重。",
                   "Every regression coefficient is <= 0: performance does not go with overall satisfaction; no weights.")
    w_reg = coef / coef.sum()
    out = pd.DataFrame({"importance_weight": w_imp, "regression_weight": w_reg, "performance": score.to_numpy()},
                       index=pd.Index(list(aspects), name="aspect"))
    return SatisfactionIndex(out, float(w_imp @ score.to_numpy()), float(w_reg @ score.to_numpy()),
                             float(fit.rsquared), int(len(data)))


def gap_analysis(survey: pd.DataFrame, aspects: Sequence[str], *, expectation: str = "exp_{}",
                 performance: str = "perf_{}", scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """Expectation–perception gaps (期望–感知差距, the SERVQUAL idea; Parasuraman, Zeithaml & Berry,
    1988): per attribute, mean expectation and perception of the respondents who answered both,
    the gap (perception − expectation; negative = below expectation) and a paired t-test's
    p-value (scipy). Sorted from the widest shortfall."""
    e_cols = _columns(survey, aspects, expectation, "期望")
    p_cols = _columns(survey, aspects, performance, "表现")
    e = prepare_items(survey, e_cols, scale=scale)
    p = prepare_items(survey, p_cols, scale=scale)
    rows = []
    for a, ec, pc in zip(aspects, e_cols, p_cols):
        both = e[ec].notna() & p[pc].notna()
        x, y = e.loc[both, ec], p.loc[both, pc]
        t = stats.ttest_rel(y, x) if both.sum() > 1 else None
        rows.append({"aspect": a, "respondents": int(both.sum()), "expectation": float(x.mean()),
                     "perception": float(y.mean()), "gap": float((y - x).mean()),
                     "p_value": float(t.pvalue) if t is not None else np.nan})
    return pd.DataFrame(rows).set_index("aspect").sort_values("gap", kind="stable")


#: The four quadrants of importance–performance analysis (Martilla & James, 1977).
QUADRANTS = {(True, False): "重点改进", (True, True): "继续保持", (False, False): "低优先", (False, True): "可能过度投入"}


def importance_performance(survey: pd.DataFrame, aspects: Sequence[str], *, importance: str = "imp_{}",
                           performance: str = "perf_{}", scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """Importance–performance analysis (重要性–表现分析, IPA; Martilla & James, 1977): mean
    importance and performance per attribute and its quadrant, split at the means over the
    aspects: 重点改进 (important, below par) — 继续保持 — 低优先 — 可能过度投入."""
    imp = prepare_items(survey, _columns(survey, aspects, importance, "重要性"), scale=scale).mean().to_numpy()
    perf = prepare_items(survey, _columns(survey, aspects, performance, "表现"), scale=scale).mean().to_numpy()
    hi_imp, hi_perf = imp >= imp.mean(), perf >= perf.mean()
    return pd.DataFrame({"importance": imp, "performance": perf,
                         "quadrant": [QUADRANTS[(bool(a), bool(b))] for a, b in zip(hi_imp, hi_perf)]},
                        index=pd.Index(list(aspects), name="aspect"))


def wave_change(survey: pd.DataFrame, item: str, from_wave: str, to_wave: str, *, wave: str = "wave",
                scale: tuple[int, int] = (1, 5), level: float = 0.95) -> pd.Series:
    """Is the change of an item's mean between two waves real? (两期变化检验): the means, the
    difference (``to_wave`` − ``from_wave``), its ``level`` confidence interval and the p-value of Welch's
    t-test (scipy; different respondents in the two waves, unequal variances)."""
    if wave not in survey.columns or item not in survey.columns:
        raise fail(f"缺少列 '{wave}' 或 '{item}'。", f"Column '{wave}' or '{item}' not found.")
    present = set(survey[wave].astype(str))
    for w in (from_wave, to_wave):
        if w not in present:
            raise fail(f"调查期 '{w}' 不在列 '{wave}' 中；有：{sorted(present)}。",
                       f"Wave '{w}' is not in column '{wave}'; waves: {sorted(present)}.")
    v = prepare_items(survey, [item], scale=scale)[item]
    a = v[survey[wave].astype(str) == from_wave].dropna()
    b = v[survey[wave].astype(str) == to_wave].dropna()
    if len(a) < 2 or len(b) < 2:
        raise fail("每期至少需要两个回答。", "Each wave needs at least two answers.")
    t = stats.ttest_ind(b, a, equal_var=False)
    ci = t.confidence_interval(confidence_level=level)
    return pd.Series({"from_mean": float(a.mean()), "to_mean": float(b.mean()), "change": float(b.mean() - a.mean()),
                      "ci_low": float(ci.low), "ci_high": float(ci.high), "p_value": float(t.pvalue),
                      "from_n": float(len(a)), "to_n": float(len(b))}, name=item)


def competitor_benchmark(survey: pd.DataFrame, *, own: str, competitor: str, scale: tuple[int, int] = (1, 5),
                         level: float = 0.95) -> pd.Series:
    """The company against its main competitor in the same customers' eyes (竞争对手对标):
    the mean ratings of ``own`` (e.g. overall satisfaction) and ``competitor`` by the respondents
    who gave both, the difference (own − competitor) with its ``level`` confidence interval and
    a paired t-test's p-value, and the shares who rate us higher and lower."""
    for c in (own, competitor):
        if c not in survey.columns:
            raise fail(f"缺少列 '{c}'。", f"Column '{c}' not found.")
    x = prepare_items(survey, [own, competitor], scale=scale).dropna()
    if len(x) < 2:
        raise fail("同时回答了两题的受访者不到两位。", "Fewer than two respondents answered both items.")
    d = x[own] - x[competitor]
    t = stats.ttest_rel(x[own], x[competitor])
    ci = t.confidence_interval(confidence_level=level)
    return pd.Series({"own": float(x[own].mean()), "competitor": float(x[competitor].mean()), "difference": float(d.mean()),
                      "ci_low": float(ci.low), "ci_high": float(ci.high), "p_value": float(t.pvalue),
                      "higher_share": float((d > 0).mean()), "lower_share": float((d < 0).mean()),
                      "respondents": float(len(x))}, name="benchmark")
