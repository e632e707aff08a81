"""Plots of chapter 03 (客户开发的图): method conversion with its uncertainty, the funnel,
referral chains and the forecast backtest, readable when projected."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .referral import expected_referrals, extinction_probability

_BLUE, _ORANGE, _GREY, _RED = "#1f4e79", "#c55a11", "#7f7f7f", "#c00000"


def plot_method_intervals(economics: pd.DataFrame, *, ax=None, title: str | None = None):
    """Each method's conversion (赢单率) as a dot with its credible interval
    (:func:`khlib.development.method_economics`), sorted, with the number of leads in the label:
    a short bar is a rate you can trust, a long one a guess. Returns the Axes."""
    import matplotlib.pyplot as plt

    e = economics.sort_values("posterior_mean")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5.6))
    y = np.arange(len(e))
    ax.hlines(y, e["ci_low"], e["ci_high"], color=_BLUE, lw=4, alpha=0.45)
    ax.plot(e["conversion"], y, "o", color=_BLUE, ms=8, label="观察到的赢单率")
    ax.set_yticks(y, [f"{m}（{n:,} 条）" for m, n in zip(e.index, e["leads"])])
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("赢单率与 90% 可信区间")
    ax.set_title(title or "各开发方法的赢单率：线索越少，区间越宽")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right")
    return ax


def plot_funnel(funnel: pd.DataFrame, *, skip_stages: tuple[str, ...] = ("投标",), ax=None, title: str | None = None):
    """The funnel (销售漏斗): leads that reached each stage as centred bars, with the share of
    the first stage and the stage-to-stage conversion written on them. A stage in
    ``skip_stages`` is one that only some leads go through (a tender): the stage after it is
    compared with the stage before it. Returns the Axes."""
    import matplotlib.pyplot as plt

    n = funnel["reached"].astype(float)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5))
    y = np.arange(len(n))[::-1]
    ax.barh(y, n, left=-n / 2, color=_BLUE, height=0.7)
    main = n[[s not in skip_stages for s in n.index]]
    prev = main.shift(1).reindex(n.index)
    for s in skip_stages:  # an optional stage is compared with the stage before it
        if s in n.index and n.index.get_loc(s) > 0:
            prev[s] = n.iloc[n.index.get_loc(s) - 1]
    for yy, (stage, v), p in zip(y, n.items(), prev):
        step = "" if pd.isna(p) or p == 0 else f"，上一阶段的 {v / p:.0%}"
        ax.text(n.iloc[0] / 2 + n.iloc[0] * 0.02, yy, f"{v:,.0f}（{v / n.iloc[0]:.0%}{step}）", va="center")
    ax.set_yticks(y, list(n.index))
    ax.set_xticks([])
    ax.set_xlim(-n.iloc[0] / 2 * 1.02, n.iloc[0] * 1.25)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title or "销售漏斗：到达各阶段的线索")
    return ax


def plot_referrals(simulated: pd.DataFrame, mean: float, *, dispersion: float | None = None, ax=None,
                   n_paths: int = 60, title: str | None = None):
    """Simulated referral chains (连锁介绍的模拟): customers per round of ``n_paths`` chains
    (grey), their expected size (blue) and the share of chains that died out. ``simulated`` is
    :func:`khlib.development.simulate_referrals`. Log scale. Returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5))
    rounds = np.asarray(simulated.columns, dtype=int)
    paths = simulated.to_numpy(dtype=float)
    for row in paths[:n_paths]:
        ax.plot(rounds, np.where(row > 0, row, np.nan), color=_GREY, lw=1, alpha=0.5)
    exp = expected_referrals(mean, int(rounds.max()))["new"].to_numpy()
    ax.plot(np.arange(len(exp)), exp, color=_BLUE, lw=3, label=f"期望值 {mean:g}^k")
    ax.plot(rounds, paths.mean(axis=0), color=_ORANGE, lw=2, ls="--", label="模拟的平均")
    died = (paths[:, -1] == 0).mean()
    q = extinction_probability(mean, dispersion=dispersion)
    ax.set_yscale("log")
    ax.set_xlabel("介绍轮次")
    ax.set_ylabel("本轮新客户数（对数）")
    ax.set_title(title or f"每人平均介绍 {mean:g} 位：{died:.0%} 的链条中断（理论 {q:.0%}）")
    ax.legend(loc="upper left")
    return ax


def plot_backtest(backtest: pd.DataFrame, *, ax=None, title: str | None = None):
    """Forecast against actual won amount per quarter (管道预测回测), in 万元, with each quarter's
    error. ``backtest`` is :func:`khlib.development.backtest_forecast`. Returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5))
    x = np.arange(len(backtest))
    ax.bar(x - 0.2, backtest["forecast_amount"] / 1e4, width=0.4, color=_BLUE, label="季初预测")
    ax.bar(x + 0.2, backtest["actual_amount"] / 1e4, width=0.4, color=_ORANGE, label="实际赢单")
    for xx, (f, a) in enumerate(zip(backtest["forecast_amount"], backtest["actual_amount"])):
        ax.text(xx, max(f, a) / 1e4 * 1.02, f"{(f - a) / a:+.0%}", ha="center", va="bottom")
    ax.set_xticks(x, list(backtest.index))
    ax.set_ylabel("万元")
    mape = backtest["ape"].mean()
    ax.set_title(title or f"加权管道预测的回测：MAPE {mape:.0%}")
    ax.legend(loc="upper left")
    ax.set_ylim(0, max(backtest["forecast_amount"].max(), backtest["actual_amount"].max()) / 1e4 * 1.18)
    return ax
