"""Chapter 03 客户开发 (customer development): prospecting is a numbers game that can be managed.

* prospecting methods' economics with Beta posteriors of their conversion;
* referral arithmetic (连锁介绍): the material's chain computed exactly, then a branching process
  (expected size, probability that a chain dies out, seeded simulation);
* goals broken down three-year → annual → quarterly → monthly with the company's seasonality;
* lead risk assessment (the material's five questions) with a give-it-up line and its hit rate;
* the key-account pipeline (大客户销售管道) as an absorbing Markov chain: the probability of
  winning from each stage and the expected days to close.
"""

from __future__ import annotations

from .goals import goal_breakdown, seasonal_shares
from .methods import method_economics
from .pipeline import PIPELINE_STAGES, AbsorbingChain, absorbing_chain
from .risk import RISK_ITEMS, lead_risk, risk_hit_rate
from .referral import expected_referrals, extinction_probability, referral_chain, simulate_referrals

__all__ = [
    "PIPELINE_STAGES", "AbsorbingChain", "absorbing_chain", "goal_breakdown", "seasonal_shares",
    "RISK_ITEMS", "lead_risk", "risk_hit_rate", "method_economics",
    "expected_referrals", "extinction_probability", "referral_chain", "simulate_referrals",
]
