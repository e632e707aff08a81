"""Chapter 02 客户选择 (customer selection): which customers are worth having.

* cost to serve and customer profit (作业成本法, activity-based costing) on the per-customer
  summaries of :mod:`khlib.summary` (the heavy step);
* concentration: Lorenz / Pareto curves, the Gini coefficient and the whale curve (鲸鱼曲线);
* selection criteria: AHP weights (层次分析法) and a weighted multi-criteria score of prospects
  with a rank-stability view;
* "ants that become elephants" (蚂蚁变大象): which new customers grow into A customers.
"""

from __future__ import annotations

from .costing import (
    COST_DRIVERS,
    COST_RATES,
    HAND_EXAMPLE,
    cost_rate_table,
    cost_to_serve,
    customer_profit,
    customer_profitability,
    profit_by,
)
from .concentration import WhaleSummary, gini, lorenz_curve, top_share, whale_curve, whale_summary
from .criteria import RANDOM_INDEX, AHPResult, ahp_matrix, ahp_weights, normalise_weights, rank_stability, weighted_score
from .plots import plot_lorenz, plot_whale
from .widgets import rerank, weights_widget
from .growth import GrowthModel, auc, auc_interval, calibration_table, elephant_table, fit_growth_model
from .prospects import CRITERIA, POLICY_SCORES, negotiated_discount, peer_median, prospect_criteria, size_band

__all__: list[str] = [
    "COST_DRIVERS", "COST_RATES", "HAND_EXAMPLE", "cost_rate_table", "cost_to_serve", "customer_profit", "customer_profitability", "profit_by",
    "GrowthModel", "auc", "auc_interval", "calibration_table", "elephant_table", "fit_growth_model",
    "WhaleSummary", "gini", "lorenz_curve", "top_share", "whale_curve", "whale_summary",
    "RANDOM_INDEX", "AHPResult", "ahp_matrix", "ahp_weights", "normalise_weights", "rank_stability", "weighted_score",
    "plot_lorenz", "plot_whale", "rerank", "weights_widget",
    "CRITERIA", "POLICY_SCORES", "negotiated_discount", "peer_median", "prospect_criteria", "size_band",
]
