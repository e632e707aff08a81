"""Chapter 08 客户忠诚与流失 (loyalty and churn) — started with survival analysis: Kaplan–Meier
curves, the log-rank test and the Cox proportional-hazards model (:mod:`.survival`)."""

from __future__ import annotations

from .survival import CoxResult, cox_model, kaplan_meier, logrank

__all__ = ["CoxResult", "cox_model", "kaplan_meier", "logrank"]
