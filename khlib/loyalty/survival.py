"""Survival analysis for customer churn (客户流失的生存分析, chapter 08): Kaplan–Meier curves with
pointwise confidence intervals, the log-rank test, and the Cox proportional-hazards model — on
statsmodels (``SurvfuncRight``, ``survdiff``, ``PHReg``), the well-kept library that installs with
pandas 3 (lifelines does not) — and the test of proportional hazards, which statsmodels lacks.

The Cox model uses **Efron's** handling of tied times, as R's ``coxph`` does (statsmodels'
default is Breslow's): with it the Rossi recidivism model of Fox & Weisberg's appendix is
reproduced to the printed 5 decimals (``tests/loyalty/test_survival.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._errors import examples, fail


def _durations(data: pd.DataFrame, duration: str, event: str) -> tuple[np.ndarray, np.ndarray]:
    for c in (duration, event):
        if c not in data.columns:
            raise fail(f"缺少列 '{c}'；表中的列：{list(data.columns)[:20]}。", f"Column '{c}' not found; columns: {list(data.columns)[:20]}.")
    t = pd.to_numeric(data[duration], errors="coerce")
    bad = t.isna() | (t < 0)
    if bad.any():
        raise fail(f"列 '{duration}'（时长）有缺失或负数：{examples(data.index[bad], data[duration][bad])}。"
                   "流失日期早于开始日期时时长为负，请核对。",
                   f"Column '{duration}' (duration) is missing or negative at {examples(data.index[bad], data[duration][bad])}; "
                   "a churn date before the start date gives a negative duration: check them.")
    e = pd.to_numeric(data[event], errors="coerce")
    if e.isna().any() or not set(pd.unique(e)) <= {0, 1}:
        raise fail(f"列 '{event}'（是否发生）应是 0/1 或 True/False。", f"Column '{event}' (event) must be 0/1 or True/False.")
    return t.to_numpy(float), e.to_numpy(int)


def kaplan_meier(data: pd.DataFrame, *, duration: str, event: str, level: float = 0.95) -> pd.DataFrame:
    """The Kaplan–Meier survival curve (生存曲线) with Greenwood standard errors and pointwise
    ``level`` confidence intervals on the log scale (R's default ``conf.type="log"``): one row per
    event time with ``at_risk``, ``events``, ``survival``, ``ci_low``, ``ci_high``. Subjects whose
    ``event`` is 0 are censored at their ``duration`` (still customers at the end of the data)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    t, e = _durations(data, duration, event)
    sf = SurvfuncRight(t, e)
    z = stats.norm.ppf((1 + level) / 2)
    s, se = sf.surv_prob, sf.surv_prob_se
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(s > 0, z * se / s, np.nan)
    return pd.DataFrame({"at_risk": sf.n_risk.astype(int), "events": sf.n_events.astype(int), "survival": s,
                         "ci_low": s * np.exp(-h), "ci_high": np.minimum(s * np.exp(h), 1.0)},
                        index=pd.Index(sf.surv_times, name="time"))


def logrank(data: pd.DataFrame, *, duration: str, event: str, group: str) -> pd.Series:
    """The log-rank test (对数秩检验) of equal survival across the values of ``group``: chi-square,
    degrees of freedom and p-value (statsmodels ``survdiff``)."""
    from statsmodels.duration.survfunc import survdiff

    t, e = _durations(data, duration, event)
    if group not in data.columns:
        raise fail(f"缺少分组列 '{group}'。", f"Group column '{group}' not found.")
    g = data[group]
    levels = pd.unique(g.dropna())
    if len(levels) < 2:
        raise fail(f"分组列 '{group}' 只有一个取值，无法比较。", f"Group column '{group}' has one value only: nothing to compare.")
    stat, p = survdiff(t, e, pd.factorize(g)[0])
    return pd.Series({"chi2": float(stat), "df": float(len(levels) - 1), "p_value": float(p)}, name="logrank")


@dataclass(frozen=True)
class CoxResult:
    """A fitted Cox proportional-hazards model (Cox 比例风险模型)."""

    table: pd.DataFrame  #: per covariate: coef, std_err, hazard_ratio, ci_low, ci_high (of the ratio), z, p_value
    log_likelihood: float  #: partial log-likelihood at the estimate
    lr_test: float  #: likelihood-ratio statistic against the model without covariates
    lr_p_value: float
    subjects: int
    events: int
    ties: str
    #: the baseline cumulative hazard (基准累积风险) at covariates 0, by event time
    baseline: pd.Series = None  # type: ignore[assignment]

    def survival(self, profile: Mapping[str, float]) -> pd.Series:
        """The survival curve of one covariate profile (某一客户画像的生存曲线):
        S(t | x) = exp(−H₀(t) · exp(x·β)), by event time. ``profile`` gives a value for every
        covariate of the model (a missing or unknown name is an error naming it).

        >>> r = cox_model(pd.DataFrame({"t": [1, 2, 3, 4, 5, 6], "e": [1, 1, 1, 0, 1, 1], "x": [1, 0, 1, 0, 1, 0]}),
        ...               ["x"], duration="t", event="e")
        >>> bool(r.survival({"x": 1}).iloc[-1] <= r.survival({"x": 0}).iloc[-1]) == bool(r.table.loc["x", "coef"] > 0)
        True
        """
        cov = list(self.table.index)
        unknown, missing = sorted(set(profile) - set(cov)), [c for c in cov if c not in profile]
        if unknown or missing:
            raise fail(f"画像应给出每个协变量的值：缺少 {missing}，多出 {unknown}。",
                       f"The profile must give every covariate: missing {missing}, unknown {unknown}.")
        lp = float(sum(self.table.loc[c, "coef"] * float(profile[c]) for c in cov))
        return pd.Series(np.exp(-self.baseline.to_numpy() * np.exp(lp)), index=self.baseline.index, name="survival")


def _baseline(t: np.ndarray, e: np.ndarray, risk: np.ndarray, ties: str) -> pd.Series:
    """Breslow's estimator of the baseline cumulative hazard at the fitted coefficients, with
    Efron's correction for tied events when ``ties="efron"`` (as R's ``survfit`` on a coxph
    fit): one step per distinct event time. ``risk`` = exp(x·β) of each subject."""
    times = np.unique(t[e == 1])
    # Σ risk over subjects still at risk at each event time (time >= u): a suffix sum by time
    by_time = np.argsort(t, kind="stable")
    suffix = np.cumsum(risk[by_time][::-1])[::-1]
    s_risk = suffix[np.searchsorted(t[by_time], times, side="left")]
    ev = np.argsort(t[e == 1], kind="stable")  # the events by time: d and S_dead by cumulative sums
    ev_t, ev_risk = t[e == 1][ev], risk[e == 1][ev]
    lo, hi = np.searchsorted(ev_t, times, "left"), np.searchsorted(ev_t, times, "right")
    d = hi - lo
    cum = np.concatenate(([0.0], np.cumsum(ev_risk)))
    s_dead = cum[hi] - cum[lo]
    if ties == "efron":  # Σ_{k<d} 1 / (S_risk − k/d · S_dead), all terms at once, summed per event time
        rep = np.repeat(np.arange(len(times)), d)
        k = np.arange(len(rep)) - np.repeat(np.cumsum(d) - d, d)
        terms = np.concatenate(([0.0], np.cumsum(1.0 / (s_risk[rep] - k / d[rep] * s_dead[rep]))))
        steps = terms[np.cumsum(d)] - terms[np.cumsum(d) - d]
    else:
        steps = d / s_risk
    return pd.Series(np.cumsum(steps), index=pd.Index(times, name="time"), name="cumulative_hazard")


def _fit(data: pd.DataFrame, covariates: Sequence[str], duration: str, event: str, ties: str):
    """Validated durations, events and covariates, and the statsmodels Cox fit on them."""
    from statsmodels.duration.hazard_regression import PHReg

    t, e = _durations(data, duration, event)
    cov = list(covariates)
    missing = [c for c in cov if c not in data.columns]
    if missing:
        raise fail(f"缺少协变量列 {missing}。", f"Covariate column(s) {missing} not found.")
    x = data[cov].apply(pd.to_numeric, errors="coerce").astype(float)
    if x.isna().any().any():
        raise fail(f"协变量 {list(x.columns[x.isna().any()])} 有缺失或不是数字的值（类别请先编码为 0/1）。",
                   f"Covariates {list(x.columns[x.isna().any()])} have missing or non-numeric values (encode categories as 0/1).")
    flat = [c for c in cov if x[c].nunique() < 2]
    if flat:
        raise fail(f"协变量 {flat} 只有一个取值：无法估计它的影响。", f"Covariate(s) {flat} have one value only: their effect cannot be estimated.")
    if e.sum() == 0:
        raise fail("没有任何事件（流失）发生，无法拟合。", "No event (churn) happened: nothing to fit.")
    x = x.to_numpy()
    return t, e, x, PHReg(t, x, status=e, ties=ties).fit(tol=1e-12)



def cox_model(data: pd.DataFrame, covariates: Sequence[str], *, duration: str, event: str, ties: str = "efron",
              level: float = 0.95) -> CoxResult:
    """A Cox proportional-hazards model (Cox 比例风险模型) of the time to ``event`` on numeric
    ``covariates`` (encode categories as 0/1 first): coefficients, standard errors and hazard
    ratios with ``level`` intervals, the partial log-likelihood and the likelihood-ratio test.
    Ties are handled by Efron's method (as R's coxph) unless ``ties="breslow"``. A covariate with
    one value only, or missing values, is an error naming it."""
    if ties not in ("efron", "breslow"):
        raise fail(f"ties 应是 'efron' 或 'breslow'，而不是 {ties!r}。", f"ties must be 'efron' or 'breslow', not {ties!r}.")
    cov = list(covariates)
    t, e, x, fit = _fit(data, cov, duration, event, ties)
    b, se = np.asarray(fit.params), np.asarray(fit.bse)
    z = stats.norm.ppf((1 + level) / 2)
    table = pd.DataFrame({"coef": b, "std_err": se, "hazard_ratio": np.exp(b), "ci_low": np.exp(b - z * se),
                          "ci_high": np.exp(b + z * se), "z": b / se, "p_value": 2 * stats.norm.sf(np.abs(b / se))},
                         index=pd.Index(cov, name="covariate"))
    null = fit.model.loglike(np.zeros(len(cov)))  # all coefficients 0: the model without covariates
    lr = 2 * (fit.llf - null)
    risk = np.exp(x @ b)
    return CoxResult(table, float(fit.llf), float(lr), float(stats.chi2.sf(lr, len(cov))), len(t), int(e.sum()), ties,
                     _baseline(t, e, risk, ties))


def ph_test(data: pd.DataFrame, covariates: Sequence[str], *, duration: str, event: str,
            transform: str = "km") -> pd.DataFrame:
    """Test of proportional hazards (比例风险假定检验; Grambsch & Therneau, 1994) for a Cox model
    with Efron ties: for each covariate, whether its scaled Schoenfeld residuals trend with a
    function g of time — ``"km"``: 1 − the Kaplan–Meier estimate of all subjects (robust to a
    few late events), or ``"identity"``: time itself. One row per covariate and a ``GLOBAL``
    row: ``chi2``, ``df`` and ``p_value``; a small p-value says the covariate's effect changes
    over time. This is the test of R's ``cox.zph`` before survival 3.0 and of lifelines'
    ``proportional_hazard_test``."""
    if transform not in ("km", "identity"):
        raise fail(f"transform 应是 'km' 或 'identity'，而不是 {transform!r}。", f"transform must be 'km' or 'identity', not {transform!r}.")
    cov = list(covariates)
    t, e, x, fit = _fit(data, cov, duration, event, "efron")
    v, beta = np.asarray(fit.cov_params()), np.asarray(fit.params)
    w = np.exp(x @ beta)
    times = np.unique(t[e == 1])
    resid, when = [], []
    surv, km = 1.0, {}
    for u in times:  # one step per distinct event time (not per row)
        risk = t >= u
        dead = np.flatnonzero((t == u) & (e == 1))
        nd = len(dead)
        s0, s1 = w[risk].sum(), w[risk] @ x[risk]
        d0, d1 = w[dead].sum(), w[dead] @ x[dead]
        k = np.arange(nd)[:, None] / nd
        mean = ((s1 - k * d1) / (s0 - k[:, 0:1] * d0)).mean(axis=0)  # Efron: average of the tie-step means
        resid.append(x[dead] - mean)
        when.append(np.full(nd, u))
        surv *= 1 - nd / risk.sum()
        km[u] = 1 - surv
    r = np.vstack(resid)
    g_time = np.concatenate(when)
    g = np.array([km[u] for u in g_time]) if transform == "km" else g_time
    gc = g - g.mean()
    n_dead = len(r)
    score = n_dead * (gc @ r) @ v
    chi = score ** 2 / (np.diag(v) * n_dead * (gc ** 2).sum())
    total = float(n_dead * (gc @ r) @ v @ (r.T @ gc) / (gc ** 2).sum())
    out = pd.DataFrame({"chi2": [*chi, total], "df": [1.0] * len(cov) + [float(len(cov))]},
                       index=pd.Index([*cov, "GLOBAL"], name="covariate"))
    out["p_value"] = stats.chi2.sf(out["chi2"], out["df"])
    return out
