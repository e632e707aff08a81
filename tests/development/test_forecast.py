"""Chapter 03's pipeline: wide lead table -> events -> funnel, snapshot and timeline, and the
weighted forecast with its no-look-ahead win rates, against a four-lead example worked by hand."""

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.development import (
    backtest_forecast,
    forecast_widget,
    horizon_win_rates,
    pipeline_forecast,
    referral_table,
    reforecast,
    states_at,
)
from khlib.summary import lead_events, lead_timeline, pipeline_snapshot, stage_funnel

# L1: 开发 1-01, 立项 1-20, won 2-15; L2: 开发 1-05, lost 2-10; L3: 开发 2-20, 立项 3-05, won 3-20;
# L4: 开发 3-25, still open.
WIDE = pd.DataFrame({
    "lead_id": ["L1", "L2", "L3", "L4"],
    "development_date": ["2025-01-01", "2025-01-05", "2025-02-20", "2025-03-25"],
    "initiation_date": ["2025-01-20", None, "2025-03-05", None],
    "proposal_date": [None] * 4, "bidding_date": [None] * 4, "negotiation_date": [None] * 4,
    "implementation_date": ["2025-02-15", None, "2025-03-20", None],
    "lost_date": [None, "2025-02-10", None, None],
    "method": ["电话开发", "短信", "电话开发", "网络"],
})
EXPECTED = pd.Series([100.0, 50.0, 200.0, 400.0], index=["L1", "L2", "L3", "L4"])
WON = pd.Series([80.0, np.nan, 160.0, np.nan], index=["L1", "L2", "L3", "L4"])


@pytest.fixture
def timeline():
    return lead_timeline(lead_events(WIDE))


def test_wide_to_events_to_funnel_and_snapshot():
    before = WIDE.copy()
    ev = lead_events(WIDE)
    pd.testing.assert_frame_equal(WIDE, before)
    assert ev.groupby("lead_id")["stage"].apply(list).to_dict() == {
        "L1": ["开发", "立项", "实施", "赢单"], "L2": ["开发", "丢单"], "L3": ["开发", "立项", "实施", "赢单"], "L4": ["开发"]}
    f = stage_funnel(ev)
    assert f.loc["开发", ["reached", "won", "lost", "open"]].tolist() == [4, 2, 1, 1]
    assert f.loc["开发", "win_rate"] == pytest.approx(2 / 3)  # the open lead is left out
    assert f.loc["立项", "reached"] == 2 and f.loc["方案", "reached"] == 0 and np.isnan(f.loc["方案", "win_rate"])
    by = stage_funnel(ev, WIDE.set_index("lead_id")["method"])
    assert by.loc[("电话开发", "开发"), "won"] == 2 and by.loc[("短信", "开发"), "lost"] == 1
    snap = pipeline_snapshot(ev, "2025-02-12")
    assert snap["state"].to_dict() == {"L1": "立项", "L2": "丢单"} and snap["open"].tolist() == [True, False]
    assert snap.loc["L1", "since"] == pd.Timestamp("2025-01-20")


def test_wide_table_errors():
    dup = pd.concat([WIDE, WIDE.iloc[[0]]], ignore_index=True)
    with pytest.raises(KhlibInputError, match="L1"):
        lead_events(dup)
    both = WIDE.assign(lost_date=["2025-03-01", "2025-02-10", None, None])
    with pytest.raises(KhlibInputError, match="both a won and a lost"):
        lead_events(both)
    with pytest.raises(KhlibInputError, match="Unknown stage"):
        lead_events(WIDE, stage_columns={"洽谈": "development_date"})
    with pytest.raises(KhlibInputError, match="unparsable"):
        lead_events(WIDE.assign(initiation_date=["下周", None, None, None]))
    with pytest.raises(KhlibInputError, match="lacks these leads"):
        stage_funnel(lead_events(WIDE), pd.Series({"L1": "a"}))


def test_horizon_win_rates_by_hand(timeline):
    # asof 3-31, horizon 30, step 30, lookback 60: snapshots 3-01 and 1-30 (their horizons ended).
    # 1-30: L1 in 立项, won 2-15 (inside); L2 in 开发, lost. 3-01: L3 in 开发, won 3-20 (inside).
    r = horizon_win_rates(timeline, "2025-03-31", horizon_days=30, lookback_days=60, step_days=30)
    assert r.loc["开发", ["exposures", "won"]].tolist() == [2, 1] and r.loc["开发", "rate"] == 0.5
    assert r.loc["立项", ["exposures", "won"]].tolist() == [1, 1]
    s = states_at(timeline, "2025-03-01")
    assert s.drop("L4").to_dict() == {"L1": "赢单", "L2": "丢单", "L3": "开发"} and pd.isna(s["L4"])  # L4: not yet
    # a win after the snapshot's horizon does not count for it (L3 won on 4-20 instead of 3-20)
    later = timeline.copy()
    later.loc["L3", "赢单"] = pd.Timestamp("2025-04-20")
    r2 = horizon_win_rates(later, "2025-03-31", horizon_days=30, lookback_days=60, step_days=30)
    assert r2.loc["开发", "won"] == 0


def test_pipeline_forecast_by_hand(timeline):
    # open at 3-31: L4 in 开发 (rate 0.5), expected 400; amount ratio on wins in (1-30, 3-31]:
    # (80 + 160) / (100 + 200) = 0.8 -> 400 x 0.5 x 0.8 = 160; no lead was created and won inside
    # a past horizon -> new-lead part 0.
    f = pipeline_forecast(timeline, EXPECTED, "2025-03-31", horizon_days=30, won_amount=WON, lookback_days=60,
                          step_days=30)
    assert f.amount_ratio == pytest.approx(0.8)
    assert f.pipeline_count == pytest.approx(0.5) and f.pipeline_amount == pytest.approx(160.0)
    assert f.new_amount == 0 and f.amount == pytest.approx(160.0)
    assert f.by_lead.index.tolist() == ["L4"] and f.by_lead.loc["L4", "weighted_amount"] == pytest.approx(160.0)
    raw = pipeline_forecast(timeline, EXPECTED, "2025-03-31", horizon_days=30, lookback_days=60, step_days=30)
    assert raw.amount_ratio == 1.0 and raw.pipeline_amount == pytest.approx(200.0)
    moved = reforecast(f, {"开发": 1.0})
    assert moved.loc["开发", "forecast_amount"] == pytest.approx(320.0)
    with pytest.raises(KhlibInputError):
        reforecast(f, {"开发": 1.5})
    with pytest.raises(KhlibInputError, match="lacks the amount"):
        pipeline_forecast(timeline, EXPECTED.drop("L4"), "2025-03-31", horizon_days=30, lookback_days=60)


def test_forecast_needs_history(timeline):
    with pytest.raises(KhlibInputError, match="history"):
        horizon_win_rates(timeline, "2025-01-15", horizon_days=30)
    with pytest.raises(KhlibInputError, match="positive integer"):
        horizon_win_rates(timeline, "2025-03-31", horizon_days=0)


def test_backtest_on_the_company(leads_timeline):
    tl, expected, won = leads_timeline
    bt = backtest_forecast(tl, expected, won, ["2025Q1", "2025Q2"])
    assert list(bt.index) == ["2025Q1", "2025Q2"]
    # actual wins per quarter are the newcomers' first trades in that quarter (by hand: 98 and 120)
    assert bt["actual_count"].tolist() == [98, 120]
    assert (bt["ape"] == (bt["forecast_amount"] - bt["actual_amount"]).abs() / bt["actual_amount"]).all()
    assert (bt["forecast_amount"] == bt["from_pipeline"] + bt["from_new_leads"]).all()


@pytest.fixture(scope="module")
def leads_timeline():
    import khlib as kh

    leads = kh.datasets.load_leads()
    tl = lead_timeline(lead_events(leads))
    return tl, leads.set_index("lead_id")["expected_amount"], leads.set_index("lead_id")["won_amount"]


def test_widgets_build(timeline):
    f = pipeline_forecast(timeline, EXPECTED, "2025-03-31", horizon_days=30, won_amount=WON, lookback_days=60,
                          step_days=30)
    assert forecast_widget(f) is not None
    t = referral_table(2.0, 6, chains=2000, seed=1)
    assert t.loc[0, "expected_total"] == 127  # 1 + 2 + ... + 64
    assert t.loc[0, "extinction"] == pytest.approx(0.2031878699, abs=1e-9)
