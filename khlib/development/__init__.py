"""Chapter 03 客户开发 (customer development): prospecting is a numbers game that can be managed.

* prospecting methods' economics with Beta posteriors of their conversion;
* referral arithmetic (连锁介绍): the material's chain computed exactly, then a branching process
  (expected size, probability that a chain dies out, seeded simulation);
* goals broken down three-year → annual → quarterly → monthly with the company's seasonality;
* lead risk assessment (the material's five questions) with a give-it-up line and its hit rate;
* the key-account pipeline (大客户销售管道) as an absorbing Markov chain: the probability of
  winning from each stage and the expected days to close;
* the weighted pipeline forecast per quarter and its backtest against what was won.
"""

from __future__ import annotations

from .forecast import PipelineForecast, backtest_forecast, horizon_win_rates, pipeline_forecast, states_at
from .goals import goal_breakdown, seasonal_shares
from .methods import method_economics
from .pipeline import PIPELINE_STAGES, AbsorbingChain, absorbing_chain
from .risk import RISK_ITEMS, lead_risk, risk_hit_rate
from .plots import plot_backtest, plot_funnel, plot_method_intervals, plot_referrals
from .referral import expected_referrals, extinction_probability, referral_chain, simulate_referrals
from .widgets import forecast_widget, referral_table, referral_widget, reforecast

__all__ = [
    "PIPELINE_STAGES", "AbsorbingChain", "absorbing_chain", "goal_breakdown", "seasonal_shares",
    "RISK_ITEMS", "lead_risk", "risk_hit_rate", "method_economics",
    "expected_referrals", "extinction_probability", "referral_chain", "simulate_referrals",
    "PipelineForecast", "backtest_forecast", "horizon_win_rates", "pipeline_forecast", "states_at",
    "plot_backtest", "plot_funnel", "plot_method_intervals", "plot_referrals",
    "forecast_widget", "referral_table", "referral_widget", "reforecast",
]
