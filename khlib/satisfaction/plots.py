"""Plots of chapter 06 (满意度的图), readable when projected."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def plot_ipa(ipa: pd.DataFrame, *, labels: Mapping[str, str] | None = None, ax=None, title: str | None = None):
    """Importance–performance map (重要性–表现图): one point per aspect, the two mean lines that cut
    the quadrants, and the quadrant names in the corners. ``ipa`` is
    :func:`khlib.satisfaction.importance_performance`. Returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5))
    names = dict(labels or {})
    x, y = ipa["performance"], ipa["importance"]
    ax.scatter(x, y, s=160, color="#1f4e79", zorder=3)
    for k, a in enumerate(x.sort_values().index):  # neighbours by performance: labels above, then below
        ax.annotate(names.get(a, a), (x[a], y[a]), xytext=(8, 8 if k % 2 == 0 else -22), textcoords="offset points",
                    fontsize=14)
    ax.axvline(x.mean(), color="grey", ls="--", lw=1.5)
    ax.axhline(y.mean(), color="grey", ls="--", lw=1.5)
    pad_x, pad_y = (x.max() - x.min()) * 0.25 + 0.05, (y.max() - y.min()) * 0.25 + 0.05
    ax.set_xlim(x.min() - pad_x, x.max() + pad_x)
    ax.set_ylim(y.min() - pad_y, y.max() + pad_y)
    corners = {"重点改进": (0.02, 0.95, "left"), "继续保持": (0.98, 0.95, "right"),
               "低优先": (0.02, 0.05, "left"), "可能过度投入": (0.98, 0.05, "right")}
    for text, (cx, cy, ha) in corners.items():
        ax.text(cx, cy, text, transform=ax.transAxes, ha=ha, va="center", color="#c55a11", fontsize=14)
    ax.set_xlabel("表现（平均分）")
    ax.set_ylabel("重要性（平均分）")
    ax.set_title(title or "重要性–表现分析")
    return ax
