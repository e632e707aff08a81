"""Lead risk assessment (线索风险评估): the material's form — need, schedule, budget,
competition, decision makers — as a score with a "give it up" threshold, and its hit rate on the
leads of the past."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._errors import fail

#: The form's five questions (column -> (Chinese, True if a high rating lowers the risk)).
#: Ratings are 1 (bad) … 5 (good) except competition: 5 = strong competitors (more risk).
RISK_ITEMS: dict[str, tuple[str, bool]] = {
    "need": ("需求明确", True),
    "schedule": ("时间表确定", True),
    "budget": ("预算落实", True),
    "competition": ("竞争激烈", False),
    "decision_makers": ("接触到决策者", True),
}


def lead_risk(leads: pd.DataFrame, *, weights: Mapping[str, float] | None = None,
              give_up: float = 60.0) -> pd.DataFrame:
    """Risk score of each lead from the form's five ratings (线索风险分): 0 (no risk) to 100; a
    lead at or above ``give_up`` is "高风险：放弃" (the material's give-it-up line; 60 is the
    course's assumption). Ratings are 1–5 in the columns of :data:`RISK_ITEMS`; ``weights`` (one
    per item, default equal) must be ≥ 0 and sum to 1.

    >>> t = pd.DataFrame({"need": [5, 1], "schedule": [5, 1], "budget": [5, 1], "competition": [1, 5],
    ...                   "decision_makers": [5, 1]}, index=["L1", "L2"])
    >>> lead_risk(t)[["risk", "verdict"]].values.tolist()
    [[0.0, '继续跟进'], [100.0, '高风险：放弃']]
    """
    items = list(RISK_ITEMS)
    missing = [c for c in items if c not in leads.columns]
    if missing:
        raise fail(f"线索表缺少评分列 {missing}（1–5 分）。", f"The leads table lacks rating column(s) {missing} (1–5).")
    r = leads[items].apply(pd.to_numeric, errors="coerce")
    bad = r.isna() | (r < 1) | (r > 5)
    if bad.to_numpy().any():
        col = r.columns[bad.any()].tolist()
        raise fail(f"评分应是 1 到 5 的数：列 {col} 有缺失或超出范围的值。", f"Ratings must be numbers from 1 to 5: {col} have missing or out-of-range values.")
    w = pd.Series(weights if weights is not None else dict.fromkeys(items, 1 / len(items)), dtype=float).reindex(items)
    if w.isna().any() or (w < 0).any() or not np.isclose(w.sum(), 1.0, atol=1e-6):
        raise fail(f"weights 应给每一项一个非负权重，且和为 1：{w.to_dict()}。",
                   f"weights must give each item a non-negative weight, summing to 1: {w.to_dict()}.")
    if not 0 <= give_up <= 100:
        raise fail(f"give_up 应在 0 到 100 之间，而不是 {give_up}。", f"give_up must be between 0 and 100, not {give_up}.")
    risk_part = pd.DataFrame({c: (5 - r[c]) / 4 if RISK_ITEMS[c][1] else (r[c] - 1) / 4 for c in items})
    risk = 100 * (risk_part.to_numpy() @ w.to_numpy())
    out = pd.DataFrame({"risk": np.round(risk, 6)}, index=leads.index)
    out["verdict"] = np.where(out["risk"] >= give_up, "高风险：放弃", "继续跟进")
    return out


def risk_hit_rate(risk: pd.Series, outcome: pd.Series, *, bands: tuple[float, ...] = (0, 20, 40, 60, 80, 100)) -> pd.DataFrame:
    """How the risk score did on past leads (风险评分命中率): ``outcome`` True for a lead that was
    won; leads, won and win rate per risk band.
    A useful score has falling win rates from low to high risk."""
    s = pd.to_numeric(pd.Series(risk), errors="coerce")
    y = pd.Series(outcome).reindex(s.index)
    if s.isna().any() or y.isna().any():
        raise fail("risk 与 outcome（是否赢单）必须对应同一批线索且没有缺失。",
                   "risk and outcome (won or not) must cover the same leads, without missing values.")
    edges = [float(b) for b in bands]
    labels = [f"{a:g}–{b:g}" for a, b in zip(edges[:-1], edges[1:])]
    band = pd.cut(s, bins=[*edges[:-1], edges[-1] + 1e-9], right=False, labels=labels)  # the top edge included
    y = y.astype(bool)
    g = y.groupby(band, observed=False)
    out = pd.DataFrame({"leads": g.size(), "won": g.sum().astype(int)})
    out["win_rate"] = out["won"] / out["leads"].where(out["leads"] > 0)
    out.index = pd.Index(labels, name="risk_band")
    return out
