"""Chapter 08 客户忠诚与流失 (loyalty and churn) — started with survival analysis: Kaplan–Meier
curves, the log-rank test, the Cox proportional-hazards model and its proportional-hazards test
(:mod:`.survival`)."""

from __future__ import annotations

from .survival import CoxResult, cox_model, kaplan_meier, logrank, ph_test

__all__ = ["CoxResult", "cox_model", "kaplan_meier", "logrank", "ph_test"]
