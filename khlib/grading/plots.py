"""Plots of chapter 04 (客户分级的图): Pareto curve, grade shares, pyramid, migration heat map,
all in the grade colours."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .colors import GRADE_COLORS, OTHER_COLOR, PYRAMID_NAMES, TEXT_ON_GRADE, grade_colors

def plot_pareto(graded: pd.DataFrame, *, grade: str = "grade", ax=None, title: str | None = None):
    """Pareto curve (帕累托曲线): cumulative share of customers (x) against cumulative share of
    the value (y), each stretch in its grade's colour."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    n = len(graded)
    x = np.arange(1, n + 1) / n
    y = graded["cum_share"].to_numpy()
    codes = graded[grade].astype(str).to_numpy()
    for g in pd.unique(codes):
        m = codes == g
        first = np.argmax(m)
        xs = np.r_[x[first - 1] if first > 0 else 0.0, x[m]]
        ys = np.r_[y[first - 1] if first > 0 else 0.0, y[m]]
        ax.fill_between(xs, 0, ys, color=GRADE_COLORS.get(g, OTHER_COLOR), alpha=0.25, lw=0)
        ax.plot(xs, ys, color=GRADE_COLORS.get(g, OTHER_COLOR), lw=3,
                label=f"{g} 类：{m.sum():,} 户（{m.mean():.0%}），占 {graded['share'][m].sum():.0%}")
    ax.plot([0, 1], [0, 1], ls=":", color="grey", lw=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("客户累计占比（按金额从大到小）")
    ax.set_ylabel("销售额累计占比")
    ax.set_title(title or "帕累托曲线与 ABC 分级")
    ax.legend(loc="lower right")
    return ax


def plot_grade_summary(summary: pd.DataFrame, *, ax=None, title: str | None = None):
    """Side-by-side bars per grade: share of customers and share of the value (客户数占比 vs
    金额占比), in the grade colours."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    labels = [str(i) for i in summary.index]
    x = np.arange(len(labels))
    cols = grade_colors(labels)
    b1 = ax.bar(x - 0.2, summary["customer_share"], 0.38, color=cols, alpha=0.45, hatch="//",
                edgecolor=cols, label="客户数占比")
    b2 = ax.bar(x + 0.2, summary["value_share"], 0.38, color=cols, label="金额占比")
    for bars in (b1, b2):
        ax.bar_label(bars, labels=[f"{v:.0%}" for v in bars.datavalues], padding=3)
    ax.set_xticks(x, [f"{g} 类" for g in labels])
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylim(0, max(1.0, float(np.nanmax(summary[["customer_share", "value_share"]].to_numpy()))) * 1.12)
    ax.set_title(title or "各级客户：数量占比与金额占比")
    ax.legend()
    return ax


def plot_pyramid(summary: pd.DataFrame, *, ax=None, title: str | None = None,
                 names: dict[str, str] = PYRAMID_NAMES):
    """The customer pyramid (客户金字塔) drawn as stacked trapezoids, the top grade at the
    apex; each layer shows its number of customers and share of the value."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 6))
    k = len(summary)
    for i, (g, row) in enumerate(summary.iterrows()):  # a handful of layers, not data rows
        top, bottom = i / k, (i + 1) / k
        poly = [(0.5 - top / 2, 1 - top), (0.5 + top / 2, 1 - top),
                (0.5 + bottom / 2, 1 - bottom), (0.5 - bottom / 2, 1 - bottom)]
        ax.add_patch(Polygon(poly, closed=True, color=GRADE_COLORS.get(str(g), OTHER_COLOR), ec="white", lw=3))
        label = f"{g}" if i == 0 else f"{g}  {names.get(str(g), '')}"  # the apex is too narrow
        ax.text(0.5, 1 - (i + 0.62) / k, label, ha="center", va="center",
                color=TEXT_ON_GRADE.get(str(g), "white"), fontsize="large")
        ax.text(0.5 + bottom / 2 + 0.04, 1 - (i + 0.5) / k,
                (f"{names.get(str(g), '')}：" if i == 0 else "")
                + f"{int(row['customers']):,} 户（{row['customer_share']:.0%}）→ 金额 {row['value_share']:.0%}",
                ha="left", va="center")
    ax.set_xlim(0, 1.7)
    ax.set_ylim(0, 1.02)
    ax.axis("off")
    ax.set_title(title or "客户金字塔")
    return ax


def plot_migration(matrix: pd.DataFrame, *, ax=None, title: str | None = None):
    """Heat map of a grade migration matrix (等级迁移矩阵) with the counts or shares written in."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    vals = matrix.to_numpy(dtype=float)
    ax.imshow(np.nan_to_num(vals), cmap="Blues")
    share = np.nanmax(vals) <= 1.0
    hi = np.nanmax(vals) if np.isfinite(np.nanmax(vals)) else 1
    for (i, j), v in np.ndenumerate(vals):
        txt = "" if np.isnan(v) else (f"{v:.0%}" if share else f"{int(v):,}")
        ax.text(j, i, txt, ha="center", va="center", color="white" if v > hi / 2 else "black")
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns])
    ax.set_yticks(range(matrix.shape[0]), [str(r) for r in matrix.index])
    for lab in ax.get_xticklabels() + ax.get_yticklabels():
        lab.set_color(GRADE_COLORS.get(lab.get_text(), "black"))
    ax.set_xlabel(matrix.columns.name or "后一期")
    ax.set_ylabel(matrix.index.name or "前一期")
    ax.set_title(title or "等级迁移矩阵")
    return ax


