"""Chapter 06 客户沟通与满意 (communication and satisfaction) — contact discipline against the visit
plan by grade (:mod:`.contact`), and survey measurement:
answers made usable (scales, 不适用, reversed items), Cronbach's alpha with item analysis, and the
Net Promoter Score with its confidence interval (:mod:`.measurement`); the weighted satisfaction
index, expectation–perception gaps, importance–performance quadrants and the test of a change
between waves (:mod:`.index`); the PLS path model of a satisfaction index (ECSI), reproducing the
published mobile-phone model (:mod:`.pls`)."""

from __future__ import annotations

from .contact import compliance_by, contact_compliance
from .index import QUADRANTS, SatisfactionIndex, competitor_benchmark, gap_analysis, importance_performance, satisfaction_index, wave_change
from .measurement import MISSING_ANSWERS, cronbach_alpha, item_total, net_promoter, net_promoter_by, prepare_items
from .plots import plot_ipa
from .pls import PLSResult, pls_path_model
from .widgets import index_widget, nps_widget, reweight

__all__ = ["MISSING_ANSWERS", "cronbach_alpha", "item_total", "net_promoter", "prepare_items",
           "QUADRANTS", "SatisfactionIndex", "gap_analysis", "importance_performance", "satisfaction_index", "wave_change",
           "PLSResult", "pls_path_model", "competitor_benchmark", "compliance_by", "contact_compliance",
           "index_widget", "nps_widget", "reweight", "net_promoter_by", "plot_ipa"]
