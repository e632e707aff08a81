"""Chapter 06 客户沟通与满意 (communication and satisfaction) — started with survey measurement:
answers made usable (scales, 不适用, reversed items), Cronbach's alpha with item analysis, and the
Net Promoter Score with its confidence interval (:mod:`.measurement`)."""

from __future__ import annotations

from .measurement import MISSING_ANSWERS, cronbach_alpha, item_total, net_promoter, prepare_items

__all__ = ["MISSING_ANSWERS", "cronbach_alpha", "item_total", "net_promoter", "prepare_items"]
