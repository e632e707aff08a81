"""Plots of the model checks (模型检验图)：见第01章 客户价值。

Each takes the table of the matching function in :mod:`khlib.value.diagnostics` and returns the
matplotlib axes; titles and labels in Chinese.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["plot_alive_history", "plot_frequency_fit", "plot_tracking"]


def plot_tracking(track: pd.DataFrame, *, ax=None, title: str | None = None, unit_label: str = "周"):
    """Plot :func:`tracking_curve`: actual and model cumulative repeat purchases, with the end of
    the calibration period marked."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    ax.plot(track.index, track["actual"], color="#212121", label="实际")
    ax.plot(track.index, track["model"], color="#C62828", ls="--", label="BG/NBD 模型")
    cp = track.attrs.get("calibration_period")
    if cp:
        ax.axvline(cp, color="grey", ls=":", lw=1.5)
        ax.text(cp, ax.get_ylim()[1] * 0.05, " 校准期 | 留出期", color="grey")
    ax.set_xlabel(unit_label)
    ax.set_ylabel("累计重复购买次数")
    ax.set_title(title or "累计重复购买：实际与模型")
    ax.legend()
    return ax


def plot_frequency_fit(fit: pd.DataFrame, *, ax=None, title: str | None = None):
    """Bars of :func:`frequency_fit`: actual and model customers per number of repeat purchases."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    pos = np.arange(len(fit))
    ax.bar(pos - 0.2, fit["actual"], 0.4, color="#424242", label="实际")
    ax.bar(pos + 0.2, fit["model"], 0.4, color="#C62828", label="BG/NBD 模型")
    ax.set_xticks(pos, fit.index)
    ax.set_xlabel("校准期内的重复购买次数")
    ax.set_ylabel("客户数")
    ax.set_title(title or "重复购买次数分布：实际与模型")
    ax.legend()
    return ax


def plot_alive_history(history: pd.DataFrame, *, ax=None, title: str | None = None):
    """P(alive) over time with the purchase days marked (存活概率曲线)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.2))
    ax.plot(history.index, history["p_alive"], color="#1565C0")
    buys = history.index[history["purchase"]]
    ax.scatter(buys, np.ones(len(buys)), color="#C62828", zorder=3, label="购买日")
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("P(仍活跃)")
    ax.set_title(title or "购买历史与存活概率")
    ax.legend(loc="lower left")
    return ax
