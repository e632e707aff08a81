"""Lead-stage events -> transition counts and time in stage: hand examples, the analyst's stage
names, the errors, and the 1,000,000-event benchmark size."""

import time

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.development import absorbing_chain
from khlib.summary import stage_durations, stage_transitions

EV = pd.DataFrame({
    "lead_id": ["L1", "L1", "L1", "L2", "L2", "L3", "L4", "L4", "L4"],
    "stage": ["开发", "立项", "赢单", "开发", "丢单", "开发", "开发", "投标", "丢单"],
    "date": ["2025-01-02", "2025-01-20", "2025-03-01", "2025-01-05", "2025-02-01", "2025-03-01",
             "2025-01-01", "2025-01-11", "2025-02-10"],
})


def test_transitions_by_hand():
    t = stage_transitions(EV.sample(frac=1, random_state=1))  # row order does not matter
    # 开发: L1 -> 立项, L2 -> 丢单, L4 -> 投标 (skips 立项 and 方案), L3 open
    assert t.loc["开发", ["立项", "投标", "丢单", "open"]].tolist() == [1, 1, 1, 1]
    assert t.loc["立项", "赢单"] == 1 and t.loc["投标", "丢单"] == 1
    assert int(t.drop(columns="open").to_numpy().sum()) == 5  # 9 events - 4 leads


def test_durations_by_hand():
    d = stage_durations(EV)
    # 开发 left by L1 (18 days), L2 (27), L4 (10): mean 55/3, median 18; L3 still open
    assert d.loc["开发", ["reached", "left"]].tolist() == [4, 3]
    assert d.loc["开发", "mean_days"] == pytest.approx(55 / 3) and d.loc["开发", "median_days"] == 18
    assert d.loc["投标", "mean_days"] == 30 and np.isnan(d.loc["方案", "mean_days"])


def test_transitions_feed_the_absorbing_chain():
    t = stage_transitions(EV, stages=["开发", "立项", "投标"])
    chain = absorbing_chain(t.drop(columns="open").loc[["开发", "立项", "投标"]])
    # from 开发: 1/3 to 立项 (then won), 1/3 to 投标 (then lost), 1/3 lost: P(win) = 1/3
    assert chain.absorption.loc["开发", "赢单"] == pytest.approx(1 / 3)


def test_the_analysts_stage_names_and_columns():
    theirs = EV.rename(columns={"lead_id": "商机编号", "stage": "阶段", "date": "日期"})
    theirs["阶段"] = theirs["阶段"].replace({"开发": "初步接触", "赢单": "成交"})
    t = stage_transitions(theirs, lead="商机编号", stage="阶段", date="日期",
                          stage_map={"初步接触": "开发", "成交": "赢单"})
    assert t.equals(stage_transitions(EV))


@pytest.mark.parametrize("change, words", [
    (lambda e: e.assign(stage=e["stage"].replace({"立项": "需求确认"})), "需求确认"),
    (lambda e: pd.concat([e, e.iloc[[0]]]), "more than once"),
    (lambda e: e.assign(date=e["date"].where(e.index != 1, "2024-12-01")), "out of order"),
    (lambda e: pd.concat([e, pd.DataFrame({"lead_id": ["L1"], "stage": ["丢单"], "date": ["2025-03-02"]})]),
     "both won and lost"),
    (lambda e: e.assign(lead_id=e["lead_id"].where(e.index != 0, None)), "missing"),
])
def test_errors_name_the_problem(change, words):
    with pytest.raises(KhlibInputError, match=words):
        stage_transitions(change(EV.copy()))


def test_a_million_events_in_well_under_a_second():
    rng = np.random.default_rng(0)
    n_leads = 250_000
    depth = rng.integers(1, 7, n_leads)  # stages reached
    lead = np.repeat(np.arange(n_leads), depth)
    stage = np.arange(len(lead)) - np.repeat(np.cumsum(depth) - depth, depth)  # 0, 1, … per lead
    names = np.array(["开发", "立项", "方案", "投标", "谈判", "实施"])
    ev = pd.DataFrame({"lead_id": np.char.add("L", lead.astype(str)), "stage": names[stage],
                       "date": np.datetime64("2025-01-01") + (stage * 10).astype("timedelta64[D]")})
    assert 800_000 < len(ev) < 1_000_000
    t0 = time.perf_counter()
    t = stage_transitions(ev)
    d = stage_durations(ev)
    took = time.perf_counter() - t0
    assert int(t.to_numpy().sum()) == len(ev) and d.loc["开发", "reached"] == n_leads
    assert took < 3.0  # about 1 s for both here (generous for slow CI machines)
