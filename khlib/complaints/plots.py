"""Plots of chapter 07 (客户投诉的图), readable when projected; each returns the matplotlib Axes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from ..vocab import label

_BLUE, _ORANGE, _GREY, _RED, _GREEN = "#1f4e79", "#c55a11", "#7f7f7f", "#c00000", "#2e7d32"

_CHART_COLUMNS = ["count", "centre", "lcl", "ucl", "above", "below", "run_side"]


def plot_control_chart(chart: pd.DataFrame, *, ax=None, title: str | None = None, value_label: str = "投诉数"):
    """Draw a control chart (控制图) from :func:`khlib.complaints.control.c_chart` (c 图) or
    :func:`~khlib.complaints.control.u_chart` (u 图; its ``u_value`` column is plotted): the
    values as a line with markers, the centre line (中心线), the control limits (控制上限 /
    控制下限, stepped when they vary with the exposure), the points beyond the limits in red
    (超出控制限) and the other points of a run on one side of the centre in orange (连续同侧).
    ``value_label`` is the y-axis label (e.g. "每千次配送投诉数" for a u chart). Returns the Axes."""
    import matplotlib.pyplot as plt

    need_columns(chart, _CHART_COLUMNS, "控制图表", "control chart")
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 5))
    value = chart["u_value"] if "u_value" in chart.columns else chart["count"]
    index = chart.index
    if isinstance(index, pd.PeriodIndex):
        x = index.to_timestamp()
    elif isinstance(index, pd.DatetimeIndex) or pd.api.types.is_numeric_dtype(index.dtype):
        x = index
    else:  # labels (strings…): plot by position, label the ticks
        x = np.arange(len(index))
        step = max(1, len(index) // 12)
        ax.set_xticks(x[::step], index[::step].astype(str).tolist())
    x = np.asarray(x)
    y = value.to_numpy(dtype=float)
    ax.plot(x, y, "o-", color=_BLUE, lw=1.5, ms=5, label=value_label)
    ax.plot(x, chart["centre"].to_numpy(dtype=float), color=_GREEN, lw=2, label="中心线")
    ax.plot(x, chart["ucl"].to_numpy(dtype=float), color=_GREY, lw=1.5, ls="--", drawstyle="steps-mid",
            label="控制上限")
    ax.plot(x, chart["lcl"].to_numpy(dtype=float), color=_GREY, lw=1.5, ls=":", drawstyle="steps-mid",
            label="控制下限")
    out = (chart["above"] | chart["below"]).to_numpy(dtype=bool)
    runs = chart["run_side"].to_numpy(dtype=bool) & ~out  # a point beyond the limits stays red
    if runs.any():
        ax.plot(x[runs], y[runs], "o", color=_ORANGE, ms=9, ls="none", zorder=3, label="连续同侧")
    if out.any():
        ax.plot(x[out], y[out], "o", color=_RED, ms=10, ls="none", zorder=4, label="超出控制限")
    ax.set_ylabel(value_label)
    ax.set_xlabel(label(str(index.name)) if index.name is not None else "期次")
    top = np.nanmax(np.r_[y, chart["ucl"].to_numpy(dtype=float)])
    ax.set_ylim(0, top * 1.3 if top > 0 else 1)  # room for the legend above the data
    ax.grid(axis="y", alpha=0.3)
    kind = "u 图" if "u_value" in chart.columns else "c 图"
    ax.set_title(title or f"{value_label}的控制图（{kind}）：{int(out.sum())} 期超出控制限")
    ax.legend(loc="upper left", ncols=3)
    return ax


def plot_resolution(curve: pd.DataFrame, *, target_days: float | None = None, ax=None, title: str | None = None):
    """The share of complaints resolved by each day (处理时效曲线) from
    :func:`~khlib.complaints.resolution_curve`, with its confidence band and, when given, the
    service-level target as a vertical line with the share reached there. Returns the Axes."""
    import matplotlib.pyplot as plt

    need_columns(curve, ["resolved_share", "ci_low", "ci_high"], "处理时效曲线", "resolution curve")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.5))
    x = np.r_[0.0, curve.index.to_numpy(dtype=float)]
    ax.step(x, np.r_[0.0, curve["resolved_share"].to_numpy()], where="post", color=_BLUE, lw=2, label="已解决比例（KM）")
    ax.fill_between(x, np.r_[0.0, curve["ci_low"].to_numpy()], np.r_[0.0, curve["ci_high"].to_numpy()], step="post",
                    color=_BLUE, alpha=0.2, label="95% 区间")
    if target_days is not None:
        upto = curve[curve.index <= target_days]
        share = float(upto["resolved_share"].iloc[-1]) if len(upto) else 0.0
        ax.axvline(target_days, color=_RED, ls="--", lw=1.5)
        ax.annotate(f"{target_days:g} 天内 {share:.0%}", (target_days, share), xytext=(8, -18),
                    textcoords="offset points", color=_RED, fontsize=13)
    ax.set_xlim(0, min(float(x.max()), 30))
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("受理后天数")
    ax.set_ylabel("已解决比例")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title(title or "投诉处理时效（未解决的投诉作删失处理）")
    return ax


def plot_complaint_pareto(counts: pd.Series, *, ax=None, title: str | None = None, top_n: int = 12):
    """A Pareto chart of complaint counts (投诉帕累托图): bars of ``counts`` (one per cause or
    kind, e.g. ``complaints["cause"].value_counts()``) in descending order and the cumulative
    share on a second axis with the 80% line; at most ``top_n`` bars (the rest as 其他).
    Returns the Axes."""
    import matplotlib.pyplot as plt

    if not isinstance(counts, pd.Series) or (counts < 0).any() or counts.isna().any():
        raise fail("counts 应是非负计数的 Series（如 value_counts() 的结果）。",
                   "counts must be a Series of non-negative counts (e.g. the result of value_counts()).")
    s = counts.sort_values(ascending=False)
    if len(s) > top_n:
        s = pd.concat([s.iloc[:top_n - 1], pd.Series({"其他": s.iloc[top_n - 1:].sum()})])
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 4.8))
    x = np.arange(len(s))
    ax.bar(x, s.to_numpy(), color=_BLUE)
    ax.set_xticks(x, [str(i) for i in s.index], rotation=30, ha="right")
    ax.set_ylabel("投诉数")
    cum = s.cumsum() / s.sum()
    ax2 = ax.twinx()
    ax2.plot(x, cum.to_numpy(), "o-", color=_ORANGE, lw=2)
    ax2.axhline(0.8, color=_GREY, ls="--", lw=1)
    ax2.set_ylim(0, 1.05)
    ax2.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax2.set_ylabel("累计比例")
    ax.set_title(title or f"投诉原因的帕累托图：前 {int((cum < 0.8).sum()) + 1} 项占 80%")
    return ax
