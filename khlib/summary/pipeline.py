"""Lead-stage events -> the pipeline's transition counts and time in stage (销售管道汇总), the
heavy step of chapter 03. One sort of the events, then ``bincount``; no loop over leads.

An *event* is one row per lead and stage reached, with the date it was reached; a lead that
ended has one more row with its outcome (赢单 won, 丢单 lost) and the date it ended. A lead whose
last row is a stage is still open: it counts in that stage but not as a transition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import examples, fail, need_columns
from ..io import to_date
from ..io._ids import distinct_ids

#: The six stages of the key-account pipeline (same as :data:`khlib.development.PIPELINE_STAGES`).
STAGES: tuple[str, ...] = ("开发", "立项", "方案", "投标", "谈判", "实施")
#: How a lead ends.
OUTCOMES: tuple[str, ...] = ("赢单", "丢单")


def _events(events: pd.DataFrame, lead: str, stage: str, date: str, stages: Sequence[str], outcomes: Sequence[str],
            stage_map: Mapping[str, str] | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Validated events sorted by lead and stage order: lead codes, state codes (stages, then
    outcomes), day numbers, and the state names."""
    if not isinstance(events, pd.DataFrame) or len(events) == 0:
        raise fail("事件表是空的。", "The events table is empty.")
    need_columns(events, [lead, stage, date], "管道事件表", "pipeline events")
    states = [*stages, *outcomes]
    if len(set(states)) != len(states):
        raise fail(f"阶段与结果的名称重复：{states}。", f"Stage and outcome names repeat: {states}.")
    codes_u, uniques = pd.factorize(events[stage], use_na_sentinel=True)  # strip the few distinct names only
    names = pd.Index(pd.Series(uniques, dtype="string").str.strip().to_numpy(dtype=object, na_value=""))
    blank = np.asarray(names == "")[np.maximum(codes_u, 0)] & (codes_u >= 0)
    codes_u = np.where(blank, -1, codes_u)
    if stage_map:
        names = pd.Index([stage_map.get(n, n) for n in names])
    pos_u = pd.Index(states).get_indexer(names)
    if (codes_u < 0).any():
        rows = events.index[codes_u < 0]
        raise fail(f"列 '{stage}'（阶段）有 {len(rows)} 行为空：{examples(rows)}。",
                   f"Column '{stage}' (stage) is blank in {len(rows)} row(s): {examples(rows)}.")
    if (pos_u < 0).any():
        unknown = list(np.asarray(uniques, dtype=object)[pos_u < 0])
        raise fail(f"未知的阶段 {unknown[:8]}：请用 stage_map 把它们对应到 {states}。",
                   f"Unknown stage(s) {unknown[:8]}: map them to {states} with stage_map.")
    state = pos_u[codes_u]
    d = distinct_ids(events[lead])  # one factorisation; ids cleaned on the distinct values
    if (d.codes < 0).any():
        rows = events.index[d.codes < 0]
        raise fail(f"列 '{lead}'（线索编号）有 {len(rows)} 行缺失：{examples(rows)}。",
                   f"Column '{lead}' (lead id) is missing in {len(rows)} row(s): {examples(rows)}.")
    lead_code = d.codes
    ids = pd.Series(np.asarray(d.ids, dtype=object)[lead_code], index=events.index)
    day = to_date(events[date], date).to_numpy().astype("datetime64[D]").astype(np.int64)
    order = np.lexsort((state, lead_code))
    lc, st, dy = lead_code[order], state[order], day[order]
    same = lc[1:] == lc[:-1]
    dup = same & (st[1:] == st[:-1])
    if dup.any():
        bad = events.index[order[1:][dup]]
        raise fail(f"同一线索的同一阶段出现了不止一次：{examples(bad, ids.to_numpy()[order[1:][dup]])}。",
                   f"A lead reaches the same stage more than once: {examples(bad, ids.to_numpy()[order[1:][dup]])}.")
    n_out = len(stages)
    two_outcomes = same & (st[1:] >= n_out) & (st[:-1] >= n_out)
    if two_outcomes.any():
        bad = ids.to_numpy()[order[1:][two_outcomes]]
        raise fail(f"线索既赢单又丢单：{examples(bad)}。", f"Leads both won and lost: {examples(bad)}.")
    back = same & (dy[1:] < dy[:-1])
    if back.any():
        bad = ids.to_numpy()[order[1:][back]]
        raise fail(f"线索的阶段日期顺序颠倒（后一阶段早于前一阶段）：{examples(pd.unique(bad))}。",
                   f"Stage dates out of order (a later stage dated before an earlier one) for leads {examples(pd.unique(bad))}.")
    return lc, st, dy, states


def stage_transitions(
    events: pd.DataFrame,
    *,
    lead: str = "lead_id",
    stage: str = "stage",
    date: str = "date",
    stages: Sequence[str] = STAGES,
    outcomes: Sequence[str] = OUTCOMES,
    stage_map: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Transition counts between pipeline states (管道转移次数): one row per stage, one column per
    stage and outcome, plus ``open`` (leads whose last event is that stage). A lead's rows are
    read in stage order; a lead may skip stages (a tender that starts at 投标).

    ``stage_map`` maps your CRM's stage names to ``stages`` / ``outcomes``
    (``{"需求确认": "立项", "成交": "赢单"}``). Unknown stages, the same stage twice for a lead,
    a lead both won and lost, and stage dates out of order are errors naming them.

    >>> ev = pd.DataFrame({"lead_id": ["L1", "L1", "L1", "L2", "L2", "L3"],
    ...                    "stage": ["开发", "立项", "赢单", "开发", "丢单", "开发"],
    ...                    "date": ["2025-01-02", "2025-01-20", "2025-03-01", "2025-01-05", "2025-02-01", "2025-03-01"]})
    >>> stage_transitions(ev, stages=["开发", "立项"]).loc["开发"].tolist()
    [0, 1, 0, 1, 1]
    """
    lc, st, dy, states = _events(events, lead, stage, date, stages, outcomes, stage_map)
    k = len(states)
    n_st = len(stages)
    nxt = np.r_[st[1:], -1]
    has_next = np.r_[lc[1:] == lc[:-1], False]
    from_stage = st < n_st
    moves = from_stage & has_next
    counts = np.bincount(st[moves] * k + nxt[moves], minlength=n_st * k)[: n_st * k].reshape(n_st, k)
    open_ = np.bincount(st[from_stage & ~has_next], minlength=n_st)[:n_st]
    out = pd.DataFrame(counts, index=pd.Index(list(stages), name="stage"), columns=states)
    out["open"] = open_
    return out


def stage_durations(
    events: pd.DataFrame,
    *,
    lead: str = "lead_id",
    stage: str = "stage",
    date: str = "date",
    stages: Sequence[str] = STAGES,
    outcomes: Sequence[str] = OUTCOMES,
    stage_map: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Leads per stage and the time they spent there (阶段停留天数): ``reached`` (leads that
    reached the stage), ``left`` (those that moved on or ended), ``mean_days`` and
    ``median_days`` (days from reaching the stage to the next event, over the leads that left;
    open leads are not counted — their time is not over).

    >>> ev = pd.DataFrame({"lead_id": ["L1", "L1", "L2", "L2"], "stage": ["开发", "赢单", "开发", "丢单"],
    ...                    "date": ["2025-01-01", "2025-01-11", "2025-01-01", "2025-01-31"]})
    >>> stage_durations(ev, stages=["开发"])["mean_days"].tolist()
    [20.0]
    """
    lc, st, dy, states = _events(events, lead, stage, date, stages, outcomes, stage_map)
    n_st = len(stages)
    has_next = np.r_[lc[1:] == lc[:-1], False]
    gap = np.r_[dy[1:] - dy[:-1], 0].astype(float)
    from_stage = st < n_st
    left = from_stage & has_next
    reached = np.bincount(st[from_stage], minlength=n_st)[:n_st]
    n_left = np.bincount(st[left], minlength=n_st)[:n_st]
    total = np.bincount(st[left], weights=gap[left], minlength=n_st)[:n_st]
    frame = pd.DataFrame({"s": st[left], "g": gap[left]})
    median = frame.groupby("s")["g"].median().reindex(range(n_st)).to_numpy()
    return pd.DataFrame({"reached": reached, "left": n_left,
                         "mean_days": np.where(n_left > 0, total / np.maximum(n_left, 1), np.nan),
                         "median_days": median}, index=pd.Index(list(stages), name="stage"))


def method_summary(leads: pd.DataFrame, *, method: str = "method", cost: str = "cost", won: str = "won") -> pd.DataFrame:
    """Leads per prospecting method (开发方法汇总): ``leads``, ``won`` (acquired customers) and
    total ``cost`` per method, sorted by method (index ``method``; ints, ints, float). ``won`` is a True/False column, ``cost`` the cost
    of each lead (≥ 0).

    >>> t = pd.DataFrame({"method": ["电话", "电话", "展会"], "cost": [50.0, 50.0, 900.0], "won": [True, False, True]})
    >>> method_summary(t).to_dict("index")["电话"]
    {'leads': 2, 'won': 1, 'cost': 100.0}
    """
    need_columns(leads, [method, cost, won], "线索表", "leads")
    m = leads[method]
    if m.isna().any():
        raise fail(f"列 '{method}'（开发方法）有 {int(m.isna().sum())} 行缺失。", f"Column '{method}' (method) is missing in {int(m.isna().sum())} row(s).")
    c = pd.to_numeric(leads[cost], errors="coerce")
    if c.isna().any() or (c < 0).any():
        raise fail(f"列 '{cost}'（成本）必须是 ≥ 0 的数。", f"Column '{cost}' (cost) must be numbers >= 0.")
    w = leads[won]
    if w.isna().any() or not set(pd.unique(w.astype(object))) <= {True, False, 0, 1}:
        raise fail(f"列 '{won}' 应是 True/False（是否赢单）。", f"Column '{won}' must be True/False (won or not).")
    code, names = pd.factorize(m, sort=True)
    k = len(names)
    return pd.DataFrame({"leads": np.bincount(code, minlength=k), "won": np.bincount(code, weights=w.astype(float), minlength=k).astype(int),
                         "cost": np.bincount(code, weights=c.to_numpy(dtype=float), minlength=k)},
                        index=pd.Index(names, name="method"))
