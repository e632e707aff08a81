"""Classroom widgets of chapter 03 (课堂互动): the referral mean moved live, and the pipeline's
stage win rates moved live with the forecast and its funnel responding."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._errors import fail
from ..display import show as show_table
from .forecast import PipelineForecast
from .referral import expected_referrals, extinction_probability, simulate_referrals


def reforecast(forecast: PipelineForecast, rates: Mapping[str, float]) -> pd.DataFrame:
    """The forecast's stage table with other win rates (改变阶段赢单率后的预测): the logic of
    :func:`forecast_widget` as a plain function. ``rates`` maps stages to a rate in [0, 1];
    stages not given keep theirs. The pipeline part only (new leads are not in a stage yet)."""
    by = forecast.by_stage.copy()
    unknown = [s for s in rates if s not in by.index]
    if unknown:
        raise fail(f"未知的阶段 {unknown}；阶段有 {list(by.index)}。", f"Unknown stage(s) {unknown}; the stages are {list(by.index)}.")
    for s, r in rates.items():
        if not 0 <= float(r) <= 1:
            raise fail(f"阶段 {s} 的赢单率应在 0 与 1 之间，而不是 {r}。", f"The win rate of {s} must be in [0, 1], not {r}.")
        by.loc[s, "win_rate"] = float(r)
    by["forecast_count"] = by["open_leads"] * by["win_rate"]
    by["forecast_amount"] = by["expected_amount"] * by["win_rate"] * forecast.amount_ratio
    return by


def forecast_widget(forecast: PipelineForecast):
    """Stage win-rate sliders (阶段赢单率滑块): move a stage's rate and the forecast table, the
    total (pipeline + new leads) and the bar chart of expected wins by stage respond. Returns
    the widget."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    stages = [s for s in forecast.by_stage.index if forecast.by_stage.loc[s, "open_leads"] > 0]
    sliders = {s: w.FloatSlider(value=round(float(forecast.by_stage.loc[s, "win_rate"]), 2), min=0.0, max=1.0,
                                step=0.01, description=s, continuous_update=False, readout_format=".0%",
                                layout=w.Layout(width="260px")) for s in stages}
    out = w.Output()

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            by = reforecast(forecast, {s: sl.value for s, sl in sliders.items()})
            total = by["forecast_amount"].sum() + forecast.new_amount
            print(f"预测赢单：管道 {by['forecast_amount'].sum() / 1e4:,.1f} 万元 + 新线索 {forecast.new_amount / 1e4:,.1f} 万元"
                  f" = {total / 1e4:,.1f} 万元；约 {by['forecast_count'].sum() + forecast.new_count:,.0f} 位新客户")
            fig, ax = plt.subplots(figsize=(9, 3.2))
            ax.bar(list(by.index), by["forecast_amount"] / 1e4, color="#1f4e79")
            ax.set_ylabel("预测赢单（万元）")
            ax.set_title("各阶段的加权预测")
            plt.show()

    for s in sliders.values():
        s.observe(redraw, names="value")
    redraw()
    boxes = list(sliders.values())
    return w.VBox([w.HBox(boxes[:3]), w.HBox(boxes[3:]), out])


def referral_table(mean: float, rounds: int = 12, *, dispersion: float | None = None, chains: int = 5_000,
                   seed: int = 2024) -> pd.DataFrame:
    """Expected and simulated customers after ``rounds`` of referrals with mean ``mean`` (连锁介绍
    对照表): the logic of :func:`referral_widget` as a plain function — one row with the expected
    total, the simulated mean and median total, and the probability (theory and simulation) that
    the chain dies out."""
    sim = simulate_referrals(mean, rounds, chains=chains, dispersion=dispersion, seed=seed)
    totals = sim.sum(axis=1)
    return pd.DataFrame({"expected_total": [expected_referrals(mean, rounds)["total"].iloc[-1]],
                         "simulated_mean": [float(totals.mean())], "simulated_median": [float(np.median(totals))],
                         "extinction": [extinction_probability(mean, dispersion=dispersion)],
                         "simulated_extinct": [float((sim.iloc[:, -1] == 0).mean())]})


def referral_widget(*, rounds: int = 8, seed: int = 2024):
    """A slider for the mean number of referrals per customer (每人平均介绍数): the simulated
    chains, their expected size and the share that dies out respond. Returns the widget."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .plots import plot_referrals

    mean = w.FloatSlider(value=1.5, min=0.5, max=3.0, step=0.1, description="平均介绍数", continuous_update=False)
    out = w.Output()

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            sim = simulate_referrals(mean.value, rounds, chains=2_000, seed=seed)
            fig, ax = plt.subplots(figsize=(9, 4))
            plot_referrals(sim, mean.value, ax=ax)
            plt.show()
            display(show_table(referral_table(mean.value, rounds, seed=seed), index=False, decimals=1))

    mean.observe(redraw, names="value")
    redraw()
    return w.VBox([mean, out])
