"""Chapter 07 客户投诉 (complaints): an analyst's complaint export validated
(:mod:`.data`), time to resolution against a service level with open complaints censored
(:mod:`.resolution`), the iceberg arithmetic and its real source (:mod:`.iceberg`), repurchase
after a complaint by handling (:mod:`.recovery`), control charts of complaints per week
(:mod:`.control`), keywords of the Chinese complaint texts with jieba (:mod:`.text`), plots and
classroom widgets. Counting events per week and the orders around each complaint are heavy
steps and live in :mod:`khlib.summary` (``event_counts``, ``orders_around``)."""

from __future__ import annotations

from .control import c_chart, u_chart
from .data import HEADERS, KINDS, prepare_complaints
from .iceberg import GOODMAN_B2B, MATERIAL, iceberg
from .recovery import GROUPS, ORDER_BANDS, recovery_model, recovery_sample, recovery_table
from .plots import plot_complaint_pareto, plot_control_chart, plot_resolution
from .resolution import resolution_curve, resolution_times, service_level
from .text import DOMAIN_WORDS, STOPWORDS, keywords, slow_words, tokenize
from .widgets import iceberg_widget, service_level_widget

__all__ = ["DOMAIN_WORDS", "STOPWORDS", "keywords", "slow_words", "tokenize", "GOODMAN_B2B", "GROUPS", "HEADERS", "KINDS", "MATERIAL", "ORDER_BANDS", "c_chart", "iceberg",
           "iceberg_widget", "plot_complaint_pareto", "plot_control_chart", "plot_resolution", "prepare_complaints",
           "recovery_model", "recovery_sample", "recovery_table", "resolution_curve", "resolution_times",
           "service_level", "service_level_widget", "u_chart"]
