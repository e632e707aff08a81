"""Customer value (客户价值): lifetime value from the slide's arithmetic to probabilistic models.
见第01章 客户价值。

Three layers, one module each, all re-exported here (``kh.value.discounted_clv``,
``kh.value.BetaGeoModel`` …):

- :mod:`~khlib.value.clv` — the slide (lifetime = 1 / churn, 925 → 1525 USD), discounted CLV in
  the three textbook conventions, retention economics, the survival table;
- :mod:`~khlib.value.models` — BG/NBD (Fader, Hardie & Lee 2005) for repeat purchases and
  Gamma-Gamma for spend, fitted by maximum likelihood (:mod:`~khlib.value.fitting`: analytic
  gradients and Newton's method, so every machine gets the same digits) on the output of
  :func:`khlib.summary.btyd_summary`, and the per-customer CLV;
- :mod:`~khlib.value.diagnostics` and :mod:`~khlib.value.plots` — tracking and frequency checks,
  P(alive) over time; :mod:`~khlib.value.grades` — CLV against the ABC grades;
  :mod:`~khlib.value.widgets` — the classroom sliders.
"""

from __future__ import annotations

from .clv import (
    CLV_TIMINGS,
    break_even_programme_cost,
    clv_by_retention,
    clv_table,
    discounted_clv,
    expected_lifetime,
    retention_programme,
    retention_uplift,
    simple_clv,
    survival_table,
)
from .diagnostics import alive_history, frequency_fit, tracking_curve
from .fitting import NEWTON_TOLERANCE, FitResult, maximum_likelihood
from .grades import clv_by_grade, hidden_value
from .models import BetaGeoModel, GammaGammaModel, btyd_columns, customer_lifetime_value
from .plots import plot_alive_history, plot_frequency_fit, plot_tracking
from .widgets import alive_widget, clv_widget

__all__ = [
    "CLV_TIMINGS", "NEWTON_TOLERANCE", "BetaGeoModel", "FitResult", "GammaGammaModel", "alive_history",
    "alive_widget", "break_even_programme_cost", "btyd_columns", "clv_by_grade", "clv_by_retention",
    "clv_table", "clv_widget", "customer_lifetime_value", "discounted_clv", "expected_lifetime",
    "frequency_fit", "hidden_value", "maximum_likelihood", "plot_alive_history", "plot_frequency_fit",
    "plot_tracking", "retention_programme", "retention_uplift", "simple_clv", "survival_table",
    "tracking_curve",
]
