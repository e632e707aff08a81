"""Prospecting methods' economics (开发方法的经济性) with their uncertainty: a method with 3 leads
is not called the best."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import beta

from .._errors import fail, need_columns


def method_economics(methods: pd.DataFrame, *, level: float = 0.9, prior: tuple[float, float] = (1.0, 1.0),
                     draws: int = 20_000, seed: int = 2024) -> pd.DataFrame:
    """Cost per lead, conversion and cost per acquired customer by method (各开发方法的经济性),
    with a Beta posterior of each method's conversion rate (先验 Beta(1, 1) = uniform): its mean,
    the ``level`` credible interval, and the probability that the method converts best
    (``p_best``, by seeded simulation). ``methods`` has ``leads``, ``won``, ``cost`` per method
    (:func:`khlib.summary.method_summary`).

    >>> s = pd.DataFrame({"leads": [3, 300], "won": [2, 90], "cost": [300.0, 30000.0]}, index=["A", "B"])
    >>> method_economics(s)[["conversion", "ci_low", "ci_high"]].round(3).to_dict("index")["A"]
    {'conversion': 0.667, 'ci_low': 0.249, 'ci_high': 0.902}
    """
    need_columns(methods, ["leads", "won", "cost"], "方法汇总表", "method summary")
    n = pd.to_numeric(methods["leads"], errors="coerce")
    k = pd.to_numeric(methods["won"], errors="coerce")
    if n.isna().any() or k.isna().any() or (k < 0).any() or (k > n).any() or (n <= 0).any():
        raise fail("每个方法需要 leads > 0 且 0 ≤ won ≤ leads。", "Each method needs leads > 0 and 0 <= won <= leads.")
    if not 0 < level < 1:
        raise fail(f"level 应在 0 与 1 之间，而不是 {level}。", f"level must be between 0 and 1, not {level}.")
    a = k.to_numpy(float) + prior[0]
    b = (n - k).to_numpy(float) + prior[1]
    cost = pd.to_numeric(methods["cost"], errors="coerce").to_numpy(float)
    out = pd.DataFrame({
        "leads": n.astype(int).to_numpy(), "won": k.astype(int).to_numpy(), "cost": cost,
        "cost_per_lead": cost / n.to_numpy(float),
        "conversion": k.to_numpy(float) / n.to_numpy(float),
        "cost_per_customer": np.where(k.to_numpy() > 0, cost / np.maximum(k.to_numpy(float), 1), np.nan),
        "posterior_mean": a / (a + b),
        "ci_low": beta.ppf((1 - level) / 2, a, b),
        "ci_high": beta.ppf((1 + level) / 2, a, b),
    }, index=methods.index)
    rng = np.random.default_rng(seed)
    sims = rng.beta(a[:, None], b[:, None], size=(len(a), draws))
    best = np.bincount(sims.argmax(axis=0), minlength=len(a))
    out["p_best"] = best / draws
    return out
