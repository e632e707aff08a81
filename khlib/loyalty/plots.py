"""Plots of chapter 08 (客户忠诚与流失的图), readable when projected; each returns the Axes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from ..grading.colors import GRADE_COLORS

_PALETTE = ("#1f4e79", "#c55a11", "#2e7d32", "#7b1fa2", "#7f7f7f", "#00838f")


def plot_km(curves: Mapping[str, pd.DataFrame], *, ax=None, title: str | None = None, value_label: str = "仍未流失的比例"):
    """Kaplan–Meier curves (生存曲线) with their confidence bands, one per group: ``curves`` maps a
    label to a :func:`~khlib.loyalty.kaplan_meier` table. Grades A–D take the course's grade
    colours. Returns the Axes."""
    import matplotlib.pyplot as plt

    if not curves:
        raise fail("curves 为空：至少要有一组生存曲线。", "curves is empty: give at least one survival curve.")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.5))
    for i, (name, km) in enumerate(curves.items()):
        need_columns(km, ["survival", "ci_low", "ci_high"], "生存曲线表", "survival table")
        color = GRADE_COLORS.get(str(name), _PALETTE[i % len(_PALETTE)])
        x = np.r_[0.0, km.index.to_numpy(dtype=float)]
        ax.step(x, np.r_[1.0, km["survival"].to_numpy()], where="post", color=color, lw=2.2, label=str(name))
        ax.fill_between(x, np.r_[1.0, km["ci_low"].to_numpy()], np.r_[1.0, km["ci_high"].to_numpy()], step="post",
                        color=color, alpha=0.15)
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("天数")
    ax.set_ylabel(value_label)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", ncols=min(len(curves), 4))
    ax.set_title(title or "生存曲线（阴影：95% 区间）")
    return ax


def plot_cohort_heatmap(cohorts: pd.DataFrame, *, months: int = 12, ax=None, title: str | None = None):
    """The cohort retention table ``cohorts`` (队列留存热力图) of :func:`khlib.summary.cohort_retention`:
    cohorts down, months since acquisition across (1 … ``months``), the share in each cell;
    unobserved cells blank. Returns the Axes."""
    import matplotlib.pyplot as plt

    cols = [c for c in cohorts.columns if isinstance(c, (int, np.integer)) and 1 <= c <= months]
    if not cols:
        raise fail("留存表没有 1 个月及以后的列（应来自 kh.summary.cohort_retention）。",
                   "The retention table has no month columns from 1 on (use kh.summary.cohort_retention).")
    data = cohorts[cols].to_numpy(dtype=float)
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 0.32 * len(cohorts) + 1.5))
    im = ax.imshow(np.ma.masked_invalid(data), aspect="auto", cmap="Greens", vmin=0, vmax=1)
    ax.set_xticks(range(len(cols)), [str(c) for c in cols])
    ax.set_yticks(range(len(cohorts)), [str(i) for i in cohorts.index])
    for (r, c), v in np.ndenumerate(data):
        if np.isfinite(v):
            ax.text(c, r, f"{v:.0%}", ha="center", va="center", fontsize=9, color="white" if v > 0.6 else "black")
    ax.set_xlabel("获客后第几个月")
    ax.set_ylabel("获客月份")
    plt.colorbar(im, ax=ax, format=plt.matplotlib.ticker.PercentFormatter(1.0), fraction=0.03)
    ax.set_title(title or "获客队列：每月仍有订单的客户比例")
    return ax
