"""Ants that become elephants (蚂蚁变大象): which new customers grow into A customers.

A logistic regression (statsmodels ``Logit``, Newton's method to a tight tolerance) of "became
an A customer" on a new customer's attributes and, when it has them, its first quarter's
behaviour; judged on customers it was not fitted on (AUC with a bootstrap interval, a
calibration table). statsmodels is used rather than scikit-learn because the chapter reads
the coefficients (odds ratios with standard errors), which scikit-learn does not report, and
because its unpenalised maximum-likelihood fit is the textbook model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .._errors import ConvergenceWarning, fail, need_columns, warn
from ..grading import abc_grade
from ..periods import DateLike
from ..summary import customer_summary, early_summary


def _outcome(outcome: pd.Series, what: str = "outcome") -> np.ndarray:
    y = pd.Series(outcome)
    if y.isna().any():
        raise fail(f"{what} 有 {int(y.isna().sum())} 个缺失值。", f"{what} has {int(y.isna().sum())} missing value(s).")
    vals = set(pd.unique(y.astype(float)))
    if not vals <= {0.0, 1.0}:
        raise fail(f"{what} 应是 0/1 或 True/False，而不是 {sorted(vals)[:5]}。",
                   f"{what} must be 0/1 or True/False, not {sorted(vals)[:5]}.")
    if len(vals) < 2:
        raise fail(f"{what} 只有一种取值：两类（成为/未成为）都需要出现才能拟合或评估。",
                   f"{what} takes one value only: both classes are needed to fit or to evaluate.")
    return y.astype(float).to_numpy()


@dataclass(frozen=True)
class GrowthModel:
    """A fitted growth model (成长模型): the statsmodels result and the encoding of the
    features, so that :meth:`predict` applies the same encoding to new customers."""

    result: Any = field(repr=False)  #: statsmodels ``LogitResults``
    numeric: tuple[str, ...]
    log: tuple[str, ...]
    levels: dict[str, tuple[str, ...]]  #: categorical column -> levels (the first is the reference)
    centre: pd.Series = field(repr=False)
    scale: pd.Series = field(repr=False)
    n: int
    events: int

    def design(self, features: pd.DataFrame) -> pd.DataFrame:
        """The design matrix of ``features``: numeric columns (log1p where asked) standardised
        with the training means and standard deviations, one 0/1 column per non-reference level,
        and a constant."""
        need_columns(features, [*self.numeric, *self.levels], "特征表", "features")
        cols: dict[str, np.ndarray] = {"const": np.ones(len(features))}
        for c in self.numeric:
            x = pd.to_numeric(features[c], errors="coerce").astype(float)
            if x.isna().any():
                raise fail(f"特征 '{c}' 有 {int(x.isna().sum())} 个缺失或非数值：{list(features.index[x.isna()][:5])}。",
                           f"Feature '{c}' is missing or not a number in {int(x.isna().sum())} row(s): "
                           f"{list(features.index[x.isna()][:5])}.")
            if c in self.log:
                if (x < 0).any():
                    raise fail(f"特征 '{c}' 取对数前不能为负。", f"Feature '{c}' must be >= 0 to take its log.")
                x = np.log1p(x)
            cols[c] = ((x - self.centre[c]) / self.scale[c]).to_numpy()
        for c, levels in self.levels.items():
            v = features[c].astype("string").fillna("（空）")
            unknown = sorted(set(v) - set(levels))
            if unknown:
                raise fail(f"特征 '{c}' 有拟合时没见过的取值 {unknown}；已知的取值：{list(levels)}。",
                           f"Feature '{c}' has values {unknown} not seen when fitting; known: {list(levels)}.")
            for lev in levels[1:]:
                cols[f"{c}={lev}"] = (v == lev).to_numpy(dtype=float)
        return pd.DataFrame(cols, index=features.index)

    def predict(self, features: pd.DataFrame) -> pd.Series:
        """Probability of becoming an A customer (成长为 A 类客户的概率), indexed like ``features``."""
        x = self.design(features)
        eta = x.to_numpy() @ self.result.params.to_numpy()
        return pd.Series(1 / (1 + np.exp(-eta)), index=features.index, name="p_grow")

    def coefficients(self) -> pd.DataFrame:
        """The coefficients (回归系数): estimate, standard error, odds ratio (per standard
        deviation for numeric features, against the reference level for categories), p-value."""
        r = self.result
        return pd.DataFrame({"coef": r.params, "std_err": r.bse, "odds_ratio": np.exp(r.params),
                             "p_value": r.pvalues}).rename_axis("feature")


def fit_growth_model(
    features: pd.DataFrame,
    outcome: pd.Series,
    *,
    numeric: Sequence[str] = (),
    categorical: Sequence[str] = (),
    log: Sequence[str] = (),
) -> GrowthModel:
    """Fit a logistic regression of ``outcome`` (1 = grew into an A customer) on ``features``
    (成长模型拟合). ``numeric`` columns are standardised (``log`` ones after ``log1p``), each
    ``categorical`` column becomes one 0/1 column per level but the most frequent (its reference;
    blanks are a level "（空）"). Newton's method to a gradient below 1e-10, so that every
    printed digit is the same on any machine; a fit that does not converge, or separates the
    classes perfectly, warns.

    Fails when ``outcome`` is not 0/1 or has one class, when a feature is missing, not a number
    or constant (a covariate with one value cannot be estimated), or when ``features`` and
    ``outcome`` have different customers.
    """
    import statsmodels.api as sm

    if not features.index.equals(pd.Series(outcome).index):
        raise fail("特征表与结果（outcome）的客户（索引）不一致：请用同一组客户、同一顺序。",
                   "features and outcome have different customers (index): align them first.")
    y = _outcome(outcome)
    bad_log = sorted(set(log) - set(numeric))
    if bad_log:
        raise fail(f"log 中的列 {bad_log} 不在 numeric 中。", f"Columns {bad_log} in log are not in numeric.")
    need_columns(features, [*numeric, *categorical], "特征表", "features")
    centre, scale, levels = {}, {}, {}
    for c in numeric:
        x = pd.to_numeric(features[c], errors="coerce").astype(float)
        x = np.log1p(x) if c in log and (x.dropna() >= 0).all() else x
        if x.std(ddof=0) == 0 or not np.isfinite(x.std(ddof=0)):
            raise fail(f"特征 '{c}' 只有一个取值（或有缺失），无法估计它的作用。",
                       f"Feature '{c}' takes one value only (or has missing values): its effect cannot be estimated.")
        centre[c], scale[c] = float(x.mean()), float(x.std(ddof=0))
    for c in categorical:
        counts = features[c].astype("string").fillna("（空）").value_counts()
        if len(counts) < 2:
            raise fail(f"特征 '{c}' 只有一个取值 {list(counts.index)}，无法估计它的作用。",
                       f"Feature '{c}' takes one value only {list(counts.index)}: its effect cannot be estimated.")
        order = sorted(counts.index, key=lambda k: (-counts[k], k))  # reference: the most frequent level
        levels[c] = tuple(order)
    model = GrowthModel(None, tuple(numeric), tuple(log), levels, pd.Series(centre, dtype=float),
                        pd.Series(scale, dtype=float), len(y), int(y.sum()))
    x = model.design(features)
    with np.errstate(all="ignore"):
        fit = sm.Logit(y, x).fit(method="newton", maxiter=100, tol=1e-12, disp=False, warn_convergence=False)
    grad = np.abs(x.to_numpy().T @ (y - fit.predict(x))).max()
    if not fit.mle_retvals.get("converged", False) or grad > 1e-6 or not np.isfinite(fit.bse).all():
        warn("成长模型没有收敛（可能有完全分离：某个特征把两类客户完全分开），系数不可信。",
             "The growth model did not converge (perhaps perfect separation); its coefficients are not reliable.",
             category=ConvergenceWarning)
    if y.sum() / (x.shape[1] - 1 or 1) < 5:
        warn(f"每个特征只有 {y.sum() / (x.shape[1] - 1 or 1):.1f} 个“成长”客户（少于 5 个），模型可能过拟合。",
             f"Only {y.sum() / (x.shape[1] - 1 or 1):.1f} events per feature (fewer than 5): the model may overfit.")
    object.__setattr__(model, "result", fit)
    return model


def auc(outcome: pd.Series, score: pd.Series) -> float:
    """Area under the ROC curve (AUC, ROC 曲线下面积): the probability that a customer who grew
    scores higher than one who did not (ties count one half); the Mann–Whitney statistic
    divided by n₁·n₀.

    >>> auc(pd.Series([0, 0, 1, 1]), pd.Series([0.1, 0.4, 0.35, 0.8]))
    0.75
    """
    y = _outcome(outcome)
    s = pd.to_numeric(pd.Series(score), errors="coerce").to_numpy(dtype=float)
    if len(s) != len(y) or np.isnan(s).any():
        raise fail("score 必须与 outcome 等长且没有缺失值。", "score must have the length of outcome and no missing values.")
    r = rankdata(s)
    n1 = y.sum()
    n0 = len(y) - n1
    return float((r[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def auc_interval(outcome: pd.Series, score: pd.Series, *, level: float = 0.95, n_boot: int = 2000,
                 seed: int = 2024) -> tuple[float, float]:
    """A percentile bootstrap interval of :func:`auc` (AUC 的自助法区间): customers resampled
    with replacement ``n_boot`` times (seeded), resamples with one class only skipped."""
    y = _outcome(outcome)
    s = pd.to_numeric(pd.Series(score), errors="coerce").to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(y), size=(n_boot, len(y)))
    yy, ss = y[idx], s[idx]
    ranks = rankdata(ss, axis=1)
    n1 = yy.sum(axis=1)
    n0 = len(y) - n1
    ok = (n1 > 0) & (n0 > 0)
    vals = ((ranks * yy).sum(axis=1) - n1 * (n1 + 1) / 2)[ok] / (n1 * n0)[ok]
    lo, hi = np.quantile(vals, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def calibration_table(outcome: pd.Series, probability: pd.Series, *, bins: int = 5) -> pd.DataFrame:
    """Predicted against observed (校准表): customers cut into ``bins`` groups of equal size by
    predicted probability (lowest first); per group the number of customers, the mean predicted
    probability, the number who grew and the observed share. A calibrated model has the two
    shares close in every group.
    """
    y = _outcome(outcome)
    p = pd.to_numeric(pd.Series(probability), errors="coerce").to_numpy(dtype=float)
    if len(p) != len(y) or np.isnan(p).any() or ((p < 0) | (p > 1)).any():
        raise fail("probability 必须是与 outcome 等长、介于 0 和 1 的概率。",
                   "probability must be probabilities in [0, 1] with the length of outcome.")
    if not 2 <= bins <= len(y):
        raise fail(f"bins 应在 2 与客户数 {len(y)} 之间。", f"bins must be between 2 and the number of customers {len(y)}.")
    order = np.argsort(p, kind="stable")
    group = np.empty(len(p), dtype=np.int64)
    group[order] = np.arange(len(p)) * bins // len(p)
    n = np.bincount(group, minlength=bins)
    events = np.bincount(group, weights=y, minlength=bins)
    return pd.DataFrame({
        "customers": n,
        "predicted": np.bincount(group, weights=p, minlength=bins) / n,
        "grew": events.astype(int),
        "observed": events / n,
    }, index=pd.RangeIndex(1, bins + 1, name="bin"))


def elephant_table(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    products: pd.DataFrame | None = None,
    *,
    cohort_start: DateLike,
    cohort_end: DateLike,
    outcome_start: DateLike,
    outcome_end: DateLike,
    days: int = 90,
    attributes: Sequence[str] = ("segment", "employees", "assets_10k", "staff_quality", "business_policy",
                                 "sales_capability"),
    grade: str = "A",
    first_trade: str | None = "first_trade_date",
) -> pd.DataFrame:
    """The modelling table of "ants that become elephants" (蚂蚁变大象建模表): one row per
    customer whose first order falls in the cohort period, with its first ``days`` days of
    behaviour (:func:`khlib.summary.early_summary`), its ``attributes`` from the customer table
    (indexed by customer id) and ``grew``: True when it is an ``grade`` customer by ABC analysis
    (:func:`khlib.abc_grade`, all customers' sales) in the outcome period. A customer that bought
    nothing in the outcome period did not grow.

    The cohort is read from the customer table's ``first_trade`` column (the first-trade date of
    the record card) when given: order data that begin in 2024 cannot tell a customer since 2015
    whose first order *in the data* is in January 2024 from a new one. ``first_trade=None``
    takes the first order in the data.
    """
    if "customer_id" in customers.columns:
        customers = customers.set_index("customer_id")
    need_columns(customers, list(attributes), "客户表", "customers")
    early = early_summary(orders, days=days, products=products, product="product_id" if products is not None else None)
    lo, hi = pd.Timestamp(cohort_start), pd.Timestamp(cohort_end)
    if first_trade is not None:
        need_columns(customers, [first_trade], "客户表", "customers")
        first = pd.to_datetime(customers[first_trade]).reindex(early.index)
    else:
        first = early["first_date"]
    cohort = early[(first >= lo) & (first <= hi)]
    if len(cohort) == 0:
        raise fail(f"{lo.date()} 至 {hi.date()} 没有首次下单的客户。", f"No customer placed a first order between {lo.date()} and {hi.date()}.")
    later = abc_grade(customer_summary(orders, start=outcome_start, end=outcome_end))
    grew = later["grade"].reindex(cohort.index).eq(grade).fillna(False).astype(bool)
    attrs = customers[list(attributes)].reindex(cohort.index)
    return pd.concat([cohort, attrs], axis=1).assign(grew=grew)
