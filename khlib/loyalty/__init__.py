"""Chapter 08 客户忠诚与流失 (loyalty and churn): loyalty types, attitude × behaviour
(:mod:`.types`); the two churn definitions of a non-contractual business compared on a holdout
(:mod:`.churn`); acquisition cohorts under a churn definition (:mod:`.cohorts`); survival
analysis — Kaplan–Meier curves, the log-rank test, the Cox proportional-hazards model with its
baseline and profile survival, and the proportional-hazards test (:mod:`.survival`); the
win-back plan ranked by expected value, with its Excel roster (:mod:`.winback`); plots and
classroom widgets. The per-customer churn times and the cohort retention table are heavy steps
and live in :mod:`khlib.summary` (``churn_times``, ``cohort_retention``)."""

from __future__ import annotations

from .churn import churn_agreement, churn_flags, compare_churn_definitions
from .cohorts import MONTH_DAYS, cohort_survival
from .drivers import DRIVERS, landmark_covariates
from .plots import plot_cohort_heatmap, plot_km
from .survival import CoxResult, cox_model, kaplan_meier, logrank, ph_test
from .types import LOYALTY_TYPES, loyalty_types
from .widgets import churn_span_widget, profile_widget
from .winback import WINBACK_ASSUMPTIONS, winback_plan, winback_roster, winback_summary

__all__ = ["CoxResult", "DRIVERS", "landmark_covariates", "LOYALTY_TYPES", "MONTH_DAYS", "WINBACK_ASSUMPTIONS", "churn_agreement", "churn_flags",
           "churn_span_widget", "cohort_survival", "compare_churn_definitions", "cox_model", "kaplan_meier",
           "logrank", "loyalty_types", "ph_test", "plot_cohort_heatmap", "plot_km", "profile_widget",
           "winback_plan", "winback_roster", "winback_summary"]
