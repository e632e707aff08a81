"""Plots of chapter 05 (交易分析的图): the product matrix. Route maps are in
:mod:`khlib.fieldsales.plots`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import need_columns


def plot_product_matrix(scorecard: pd.DataFrame, *, labels: pd.Series | dict | None = None, ax=None,
                        title: str | None = None, label_top: int = 5):
    """Margin rate against turnover (毛利率—周转率矩阵), bubble area ∝ sales, split at the
    sales-weighted averages: top right = high margin and fast (推广), bottom left = low margin and
    slow (滞销, 压缩库存). Curves of equal cross ratio (margin × turnover) are drawn in grey.
    Products with undefined turnover (no stock) are left out. Names are shown for the
    ``label_top`` largest products and the extremes."""
    import matplotlib.pyplot as plt

    need_columns(scorecard, ["sales", "margin_rate", "turnover"], "产品贡献表", "scorecard")
    df = scorecard.dropna(subset=["turnover"])
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 6.5))
    size = 2500 * df["sales"] / df["sales"].max()
    ax.scatter(df["turnover"], df["margin_rate"], s=size, alpha=0.55, color="#1f77b4", edgecolor="white")
    w = df["sales"] / df["sales"].sum()
    mx, my = float((df["turnover"] * w).sum()), float((df["margin_rate"] * w).sum())
    ax.axvline(mx, color="grey", lw=1, ls="--")
    ax.axhline(my, color="grey", lw=1, ls="--")
    xs = np.linspace(max(df["turnover"].min() * 0.8, 1e-3), df["turnover"].max() * 1.1, 200)
    for level in np.quantile(df["margin_rate"] * df["turnover"], [0.25, 0.5, 0.75]):
        ax.plot(xs, level / xs, color="#bbbbbb", lw=1)
    names = pd.Series(labels) if labels is not None else pd.Series(df.index, index=df.index)
    # label the biggest sellers and the extremes only, so that the names stay readable
    keep = set(df.nlargest(label_top, "sales").index) | set(df.nlargest(3, "turnover").index) \
        | set(df.nsmallest(2, "turnover").index) | set(df.nlargest(2, "margin_rate").index)
    for pid, r in df[df.index.isin(keep)].iterrows():
        ax.annotate(str(names.get(pid, pid)), (r["turnover"], r["margin_rate"]), fontsize=11, ha="center", va="bottom",
                    xytext=(0, 6), textcoords="offset points")
    ax.set_ylim(0, max(df["margin_rate"].max() * 1.3, my * 1.5))
    ax.set_xlim(0, df["turnover"].max() * 1.12)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("年周转率（次）")
    ax.set_ylabel("毛利率")
    ax.text(0.99, 0.98, "右上：高毛利、快周转 → 重点推广\n左下：低毛利、慢周转 → 压缩库存", transform=ax.transAxes,
            ha="right", va="top", fontsize=12, bbox=dict(facecolor="white", edgecolor="#cccccc"))
    ax.set_title(title or "产品矩阵：毛利率 × 周转率 = 交叉比率（灰线为等交叉比率线，气泡大小为销售额）")
    return ax
