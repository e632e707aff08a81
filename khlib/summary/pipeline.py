"""Lead-stage events -> the pipeline's transition counts and time in stage (销售管道汇总), the
heavy step of chapter 03. One sort of the events, then ``bincount``; no loop over leads.

An *event* is one row per lead and stage reached, with the date it was reached; a lead that
ended has one more row with its outcome (赢单 won, 丢单 lost) and the date it ended. A lead whose
last row is a stage is still open: it counts in that stage but not as a transition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import examples, fail, need_columns
from ..io import to_date
from ..io._ids import distinct_ids
from ..periods import day_number

#: The six stages of the key-account pipeline (same as :data:`khlib.development.PIPELINE_STAGES`).
STAGES: tuple[str, ...] = ("开发", "立项", "方案", "投标", "谈判", "实施")
#: How a lead ends.
OUTCOMES: tuple[str, ...] = ("赢单", "丢单")
#: The date column of each stage in a wide lead table (one row per lead, as in ``leads.csv.gz``).
STAGE_COLUMNS: dict[str, str] = dict(zip(STAGES, ("development_date", "initiation_date", "proposal_date",
                                                  "bidding_date", "negotiation_date", "implementation_date")))


@dataclass(frozen=True, eq=False)
class PipelineEvents:
    """Lead-stage events validated once (管道事件，已校验): what :func:`prepare_events` returns.
    Every pipeline function accepts it in place of the events table and skips the validation —
    for a large CRM export, validate once and compute the funnel, transitions, durations and
    timeline from the same object."""

    lead_codes: np.ndarray  #: per event, the lead's code (sorted by lead, then state)
    state_codes: np.ndarray  #: per event, the state's position in ``states``
    days: np.ndarray  #: per event, the day number (days since 1970-01-01)
    states: tuple[str, ...]  #: the stages, then the outcomes
    n_stages: int
    ids: np.ndarray  #: lead id of each code

    def __len__(self) -> int:
        return len(self.days)


def prepare_events(
    events: pd.DataFrame,
    *,
    lead: str = "lead_id",
    stage: str = "stage",
    date: str = "date",
    stages: Sequence[str] = STAGES,
    outcomes: Sequence[str] = OUTCOMES,
    stage_map: Mapping[str, str] | None = None,
) -> PipelineEvents:
    """Validate lead-stage events once (管道事件校验) — the same checks as every pipeline
    function (unknown stages, a stage twice, won and lost, dates out of order, missing ids) —
    and keep them sorted for :func:`stage_funnel`, :func:`stage_transitions`,
    :func:`stage_durations`, :func:`lead_timeline` and :func:`pipeline_snapshot`.

    >>> ev = prepare_events(pd.DataFrame({"lead_id": ["L1", "L1"], "stage": ["开发", "赢单"],
    ...                                   "date": ["2025-01-02", "2025-02-01"]}))
    >>> len(ev), int(stage_funnel(ev).loc["开发", "won"])
    (2, 1)
    """
    lc, st, dy, states, ids = _events(events, lead, stage, date, stages, outcomes, stage_map, with_ids=True)
    return PipelineEvents(lc, st, dy, tuple(states), len(stages), ids)


def _events(events, lead: str, stage: str, date: str, stages: Sequence[str], outcomes: Sequence[str],
            stage_map: Mapping[str, str] | None, *, with_ids: bool = False):
    """Validated events sorted by lead and stage order: lead codes, state codes (stages, then
    outcomes), day numbers, and the state names (and the lead ids by code with ``with_ids``)."""
    if isinstance(events, PipelineEvents):
        if list(events.states) != [*stages, *outcomes]:
            raise fail(f"这些事件按阶段 {list(events.states)} 校验过，与这次给的 {[*stages, *outcomes]} 不同。",
                       f"These events were prepared with states {list(events.states)}, not {[*stages, *outcomes]}.")
        out = (events.lead_codes, events.state_codes, events.days, list(events.states))
        return (*out, events.ids) if with_ids else out
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
    if with_ids:
        return lc, st, dy, states, np.asarray(d.ids, dtype=object)
    return lc, st, dy, states


def stage_transitions(
    events: pd.DataFrame | PipelineEvents,
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
    events: pd.DataFrame | PipelineEvents,
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


def lead_events(
    leads: pd.DataFrame,
    *,
    lead: str = "lead_id",
    stage_columns: Mapping[str, str] | None = None,
    won: str | None = "implementation_date",
    lost: str | None = "lost_date",
) -> pd.DataFrame:
    """A wide lead table (one row per lead, one date column per stage) as pipeline events
    (线索宽表转事件表): ``lead_id``, ``stage``, ``date``, one row per stage reached (a date in
    that stage's column), plus 赢单 on the date in ``won`` and 丢单 on the date in ``lost``.
    ``stage_columns`` maps each stage to its column (default :data:`STAGE_COLUMNS`; give only
    the stages your CRM has). Lead ids must be unique; a lead both won and lost is an error.

    >>> w = pd.DataFrame({"lead_id": ["L1", "L2"], "开发日": ["2025-01-02", "2025-01-05"],
    ...                   "成交日": ["2025-03-01", None], "丢单日": [None, "2025-02-01"]})
    >>> lead_events(w, stage_columns={"开发": "开发日"}, won="成交日", lost="丢单日").values.tolist()
    [['L1', '开发', Timestamp('2025-01-02 00:00:00')], ['L1', '赢单', Timestamp('2025-03-01 00:00:00')], ['L2', '开发', Timestamp('2025-01-05 00:00:00')], ['L2', '丢单', Timestamp('2025-02-01 00:00:00')]]
    """
    cols = dict(stage_columns if stage_columns is not None else STAGE_COLUMNS)
    if not cols:
        raise fail("stage_columns 为空：至少给一个阶段及其日期列。", "stage_columns is empty: give at least one stage and its date column.")
    unknown = [s for s in cols if s not in STAGES]
    if unknown:
        raise fail(f"未知的阶段 {unknown}：阶段应是 {list(STAGES)} 之一。",
                   f"Unknown stage(s) {unknown}: stages are {list(STAGES)}.")
    ends = {o: c for o, c in zip(OUTCOMES, (won, lost)) if c is not None}
    if not isinstance(leads, pd.DataFrame) or len(leads) == 0:
        raise fail("线索表是空的。", "The leads table is empty.")
    need_columns(leads, [lead, *cols.values(), *ends.values()], "线索表", "leads")
    d = distinct_ids(leads[lead])
    if (d.codes < 0).any():
        rows = leads.index[d.codes < 0]
        raise fail(f"列 '{lead}'（线索编号）有 {len(rows)} 行缺失：{examples(rows)}。",
                   f"Column '{lead}' (lead id) is missing in {len(rows)} row(s): {examples(rows)}.")
    dup = pd.Series(d.codes).duplicated(keep=False).to_numpy()
    if dup.any():
        ids = np.asarray(d.ids, dtype=object)[d.codes[dup]]
        raise fail(f"线索编号重复（每条线索应只有一行）：{examples(leads.index[dup], ids)}。",
                   f"Duplicate lead ids (one row per lead expected): {examples(leads.index[dup], ids)}.")
    ids = np.asarray(d.ids, dtype=object)[d.codes]
    names = [*cols, *ends]
    dates = [to_date(leads[c], c, optional=True).to_numpy().astype("datetime64[s]") for c in [*cols.values(), *ends.values()]]
    if len(ends) == 2:
        both = ~np.isnat(dates[-1]) & ~np.isnat(dates[-2])
        if both.any():
            raise fail(f"线索既有赢单日期又有丢单日期：{examples(leads.index[both], ids[both])}。",
                       f"Leads with both a won and a lost date: {examples(leads.index[both], ids[both])}.")
    k = len(names)
    day = np.column_stack(dates).reshape(-1)  # lead-major: a lead's states in stage order
    keep = ~np.isnat(day)
    out = pd.DataFrame({"lead_id": np.repeat(ids, k)[keep], "stage": np.tile(np.array(names, dtype=object), len(ids))[keep],
                        "date": day[keep]})
    return out.reset_index(drop=True)


def pipeline_snapshot(
    events: pd.DataFrame | PipelineEvents,
    asof,
    *,
    lead: str = "lead_id",
    stage: str = "stage",
    date: str = "date",
    stages: Sequence[str] = STAGES,
    outcomes: Sequence[str] = OUTCOMES,
    stage_map: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Where every lead stood at the end of ``asof`` (管道快照): one row per lead created by then
    (index ``lead_id``) with ``state`` (its stage, or 赢单 / 丢单 once ended), ``since`` (the date
    it got there) and ``open`` (still in a stage). What happened after ``asof`` is not used, so a
    snapshot of a past date is what a manager saw that day.

    >>> ev = pd.DataFrame({"lead_id": ["L1", "L1", "L2"], "stage": ["开发", "立项", "开发"],
    ...                    "date": ["2025-01-02", "2025-02-01", "2025-03-01"]})
    >>> pipeline_snapshot(ev, "2025-01-31")[["state", "open"]].values.tolist()
    [['开发', True]]
    """
    lc, st, dy, states, ids = _events(events, lead, stage, date, stages, outcomes, stage_map, with_ids=True)
    cut = day_number(asof, "asof")
    idx = np.flatnonzero(dy <= cut)
    lcm = lc[idx]
    last = idx[np.r_[lcm[1:] != lcm[:-1], True]] if len(idx) else idx
    state = np.asarray(states, dtype=object)[st[last]]
    return pd.DataFrame({"state": state, "since": dy[last].astype("datetime64[D]").astype("datetime64[s]"),
                         "open": st[last] < len(stages)}, index=pd.Index(ids[lc[last]], name="lead_id"))


def stage_funnel(
    events: pd.DataFrame | PipelineEvents,
    groups: pd.Series | None = None,
    *,
    lead: str = "lead_id",
    stage: str = "stage",
    date: str = "date",
    stages: Sequence[str] = STAGES,
    outcomes: Sequence[str] = OUTCOMES,
    stage_map: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The funnel (销售漏斗): leads that reached each stage, and how many of them were won, lost
    or are still open; with ``groups`` (a Series lead id -> group, e.g. the prospecting method)
    one block of rows per group (index group, stage). ``win_rate`` is won / (won + lost): open
    leads are left out, their end is not known yet.

    >>> ev = pd.DataFrame({"lead_id": ["L1", "L1", "L1", "L2", "L2", "L3"],
    ...                    "stage": ["开发", "立项", "赢单", "开发", "丢单", "开发"],
    ...                    "date": ["2025-01-02", "2025-01-20", "2025-03-01", "2025-01-05", "2025-02-01", "2025-03-01"]})
    >>> stage_funnel(ev, stages=["开发", "立项"])[["reached", "won", "lost", "open"]].values.tolist()
    [[3, 1, 1, 1], [1, 1, 0, 0]]
    """
    lc, st, dy, states, ids = _events(events, lead, stage, date, stages, outcomes, stage_map, with_ids=True)
    n_st, n_lead = len(stages), len(ids)
    last = np.r_[lc[1:] != lc[:-1], True]
    end = np.full(n_lead, -1)
    end[lc[last]] = st[last]  # the lead's last state: a stage (open) or an outcome
    if groups is None:
        gcode, gnames = np.zeros(n_lead, dtype=np.int64), None
    else:
        g = pd.Series(groups)
        gl = pd.Series(g.to_numpy(), index=pd.Index(g.index.astype(str).str.strip()))
        if gl.index.duplicated().any():
            raise fail("groups 的索引（线索编号）有重复。", "groups has duplicate lead ids in its index.")
        got = gl.reindex(pd.Index(ids).astype(str))
        if got.isna().any():
            missing = list(np.asarray(ids)[got.isna().to_numpy()])
            raise fail(f"groups 缺少这些线索：{examples(missing)}。", f"groups lacks these leads: {examples(missing)}.")
        gcode, gnames = pd.factorize(got, sort=True)
    k = 1 if gnames is None else len(gnames)
    on_stage = st < n_st
    key = gcode[lc[on_stage]] * n_st + st[on_stage]
    fate = end[lc[on_stage]]

    def count(mask):
        return np.bincount(key[mask], minlength=k * n_st)

    out = pd.DataFrame({"reached": count(np.ones(len(key), bool)), "won": count(fate == n_st),
                        "lost": count(fate == n_st + 1), "open": count(fate < n_st)})
    closed = out["won"] + out["lost"]
    out["win_rate"] = out["won"] / closed.where(closed > 0)
    if gnames is None:
        out.index = pd.Index(list(stages), name="stage")
    else:
        out.index = pd.MultiIndex.from_product([list(gnames), list(stages)], names=["group", "stage"])
    return out


def lead_timeline(
    events: pd.DataFrame | PipelineEvents,
    *,
    lead: str = "lead_id",
    stage: str = "stage",
    date: str = "date",
    stages: Sequence[str] = STAGES,
    outcomes: Sequence[str] = OUTCOMES,
    stage_map: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per lead with the date it reached each stage and outcome (线索时间线): index
    ``lead_id``, one datetime column per stage and outcome in order, NaT where not reached. The
    light steps (the pipeline forecast and its backtest, :mod:`khlib.development.forecast`) read
    any past state of the pipeline from this small table instead of the events.

    >>> ev = pd.DataFrame({"lead_id": ["L1", "L1", "L2"], "stage": ["开发", "赢单", "开发"],
    ...                    "date": ["2025-01-02", "2025-02-01", "2025-03-01"]})
    >>> lead_timeline(ev, stages=["开发"]).notna().values.tolist()
    [[True, True, False], [True, False, False]]
    """
    lc, st, dy, states, ids = _events(events, lead, stage, date, stages, outcomes, stage_map, with_ids=True)
    k = len(states)
    grid = np.full(len(ids) * k, np.iinfo(np.int64).min, dtype=np.int64)  # NaT
    grid[lc * k + st] = dy
    grid = grid.reshape(len(ids), k).astype("datetime64[D]").astype("datetime64[s]")
    return pd.DataFrame(grid, index=pd.Index(ids, name="lead_id"), columns=states)
