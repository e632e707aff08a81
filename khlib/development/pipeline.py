"""The key-account pipeline (大客户销售管道) as an absorbing Markov chain.

A lead moves from stage to stage — 开发 (development) → 立项 (project initiation) → 方案
(proposal) → 投标 (bidding) → 谈判 (negotiation) → 实施 (implementation) — and ends won (赢单)
or lost (丢单). With Q the transitions among the stages and R those into won / lost, the
fundamental matrix N = (I − Q)⁻¹ counts the expected visits to each stage; B = N R gives the
probability of ending won or lost from each stage, and N d (d = mean days spent in each stage)
the expected days to close (Kemeny & Snell, 1960).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import fail

from ..summary import STAGES as PIPELINE_STAGES  # the six stages of the material, in order (one list)


@dataclass(frozen=True)
class AbsorbingChain:
    """An absorbing Markov chain of the pipeline (吸收马尔可夫链)."""

    fundamental: pd.DataFrame  #: N = (I − Q)⁻¹, expected visits to each stage (columns) from each stage (rows)
    absorption: pd.DataFrame  #: B = N R, probability of ending in each absorbing state from each stage
    expected_steps: pd.Series  #: stage moves until the lead is won or lost
    expected_days: pd.Series | None  #: days until won or lost (when days in stage are given)


def absorbing_chain(transitions: pd.DataFrame, *, days_in_stage: pd.Series | None = None) -> AbsorbingChain:
    """Win probabilities and time to close from a transition table (管道转移矩阵).

    ``transitions`` has one row per stage (the transient states) and one column per state a lead
    can move to: the stages themselves and one or more absorbing states (columns that are not
    rows, e.g. 赢单 and 丢单). Each row holds probabilities (or counts, which are normalised to
    probabilities) and must not be all zero. ``days_in_stage`` (mean days spent in each stage
    per visit) gives the expected days to close.

    >>> t = pd.DataFrame({"A": [0, 0], "B": [0.5, 0], "赢单": [0, 0.4], "丢单": [0.5, 0.6]}, index=["A", "B"])
    >>> absorbing_chain(t).absorption["赢单"].round(6).tolist()
    [0.2, 0.4]
    """
    if not isinstance(transitions, pd.DataFrame) or transitions.empty:
        raise fail("transitions 应是非空的转移表（行：阶段；列：下一状态）。",
                   "transitions must be a non-empty table (rows: stages; columns: next states).")
    stages = list(transitions.index)
    if len(set(stages)) != len(stages):
        raise fail(f"阶段重复：{stages}。", f"Duplicated stages: {stages}.")
    missing = [s for s in stages if s not in transitions.columns]
    if missing:
        raise fail(f"阶段 {missing} 没有对应的列：每个阶段也要作为一列（转到该阶段的概率，可以为 0）。",
                   f"Stages {missing} have no column: every stage must also be a column (0 when nothing moves there).")
    absorbing = [c for c in transitions.columns if c not in stages]
    if not absorbing:
        raise fail("没有吸收状态（如 赢单、丢单）：每条线索最终都要结束。",
                   "No absorbing state (such as 赢单 / 丢单): every lead must end somewhere.")
    p = transitions.apply(pd.to_numeric, errors="coerce").astype(float)
    if p.isna().any().any() or (p < 0).any().any():
        raise fail("转移表必须是非负数（概率或次数）。", "Transitions must be non-negative numbers (probabilities or counts).")
    total = p.sum(axis=1)
    if (total <= 0).any():
        raise fail(f"阶段 {list(total.index[total <= 0])} 没有任何转移。", f"Stages {list(total.index[total <= 0])} have no transitions.")
    p = p.div(total, axis=0)
    q = p[stages].to_numpy()
    r = p[absorbing].to_numpy()
    try:
        n = np.linalg.inv(np.eye(len(stages)) - q)
    except np.linalg.LinAlgError:
        raise fail("有的阶段永远到不了赢单或丢单（循环），无法计算。",
                   "Some stages never reach an absorbing state (a closed loop): the chain cannot be solved.") from None
    if not np.isfinite(n).all() or (n < -1e-9).any():
        raise fail("有的阶段永远到不了赢单或丢单（循环），无法计算。",
                   "Some stages never reach an absorbing state (a closed loop): the chain cannot be solved.")
    fundamental = pd.DataFrame(n, index=stages, columns=stages)
    absorption = pd.DataFrame(n @ r, index=stages, columns=absorbing)
    steps = pd.Series(n.sum(axis=1), index=stages, name="expected_steps")
    days = None
    if days_in_stage is not None:
        d = pd.to_numeric(pd.Series(days_in_stage), errors="coerce").reindex(stages)
        if d.isna().any() or (d < 0).any():
            raise fail(f"days_in_stage 缺少阶段或为负：{list(d.index[d.isna() | (d < 0)])}。",
                       f"days_in_stage is missing or negative for {list(d.index[d.isna() | (d < 0)])}.")
        days = pd.Series(n @ d.to_numpy(), index=stages, name="expected_days")
    return AbsorbingChain(fundamental, absorption, steps, days)
