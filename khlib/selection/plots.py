"""Plots of chapter 02 (客户选择的图): Pareto curves of several values on one axes and the whale
curve, readable when projected."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .concentration import lorenz_curve, top_share, whale_curve, whale_summary

_COLORS = ["#1f4e79", "#c55a11", "#548235", "#7030a0"]


def plot_lorenz(series_by_name: Mapping[str, pd.Series], *, ax=None, title: str | None = None):
    """Pareto curves (帕累托曲线) of one or more values per customer on one axes (e.g. sales
    and gross margin), with the diagonal of equal shares, the 20% line and each curve's share
    of the top 20% in its label. Returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5))
    for k, (name, values) in enumerate(series_by_name.items()):
        c = lorenz_curve(values)
        col = _COLORS[k % len(_COLORS)]
        ax.plot(c["customer_share"], c["value_share"], color=col, lw=3,
                label=f"{name}：前 20% 客户占 {top_share(values, 0.2):.0%}")
    ax.plot([0, 1], [0, 1], ls=":", color="grey", lw=1.5, label="人人相同")
    ax.axvline(0.2, color="grey", lw=1, ls="--")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("客户累计占比（从大到小）")
    ax.set_ylabel("累计占比")
    ax.set_title(title or "帕累托曲线")
    ax.legend(loc="lower right")
    return ax


def plot_whale(profit: pd.Series, *, ax=None, title: str | None = None):
    """The whale curve (鲸鱼曲线): cumulative profit (as % of the total) against the share of
    customers ranked by profit, with the 100% line, the peak annotated and the loss-making tail
    shaded. Returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5))
    curve = whale_curve(profit)
    s = whale_summary(profit)
    x = np.r_[0.0, curve["customer_share"].to_numpy()]
    y = np.r_[0.0, curve["cumulative_share"].to_numpy()]
    ax.plot(x, y, color="#1f4e79", lw=3)
    loss = x >= s.customers_at_peak_share
    ax.fill_between(x[loss], 1.0, y[loss], color="#c00000", alpha=0.25, lw=0,
                    label=f"亏损客户 {s.unprofitable:,} 位（{s.unprofitable_share:.0%}）吃掉的利润")
    ax.axhline(1.0, color="grey", lw=1.5, ls="--", label="总利润 = 100%")
    ax.annotate(f"峰值 {s.peak_share:.0%}\n前 {s.customers_at_peak:,} 位客户（{s.customers_at_peak_share:.0%}）",
                xy=(s.customers_at_peak_share, s.peak_share),
                xytext=(max(s.customers_at_peak_share - 0.4, 0.05), s.peak_share * 0.7),
                arrowprops={"arrowstyle": "->", "color": "black"})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, max(1.1, s.peak_share * 1.12))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("客户累计占比（按利润从高到低）")
    ax.set_ylabel("累计利润 / 总利润")
    ax.set_title(title or "鲸鱼曲线：客户利润的累计")
    ax.legend(loc="lower right")
    return ax
