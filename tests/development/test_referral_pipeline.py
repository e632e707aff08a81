"""Chapter 03's arithmetic: the referral chain exactly, the branching process against its
fixed-point equation and simulation, and the pipeline chain against a hand-worked example."""

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.development import (
    absorbing_chain,
    expected_referrals,
    extinction_probability,
    referral_chain,
    simulate_referrals,
)


def test_the_materials_chain_is_8191_not_8400():
    t = referral_chain(2, 12)
    assert t["new"].iloc[-1] == 4096 and t["total"].iloc[-1] == 8191  # 2^12 and 2^13 - 1
    assert t["total"].tolist()[:4] == [1, 3, 7, 15]
    with pytest.raises(KhlibInputError):
        referral_chain(2, -1)


def test_expected_size_of_a_branching_chain():
    e = expected_referrals(2, 12)
    assert e["new"].iloc[-1] == 4096 and e["total"].iloc[-1] == 8191
    e = expected_referrals(1.2, 10)
    assert e["total"].iloc[-1] == pytest.approx((1.2 ** 11 - 1) / 0.2)  # geometric sum


def test_extinction_solves_the_fixed_point_equation():
    for m in (1.2, 1.5, 2.0, 3.0):
        q = extinction_probability(m)
        assert 0 < q < 1 and q == pytest.approx(np.exp(m * (q - 1)), abs=1e-12)  # q = G(q), Poisson
    assert extinction_probability(2.0) == pytest.approx(0.2031878699, abs=1e-9)
    # negative binomial, mean 2, size 0.5 (a few refer many): q = (1 + 4 (1 - q))^(-1/2)
    q = extinction_probability(2.0, dispersion=0.5)
    assert q == pytest.approx((1 + 2 * (1 - q) / 0.5) ** -0.5, abs=1e-12) and q > extinction_probability(2.0)
    # pmf 1/4, 1/4, 1/2: q = 1/4 + q/4 + q^2/2 -> 2q^2 - 3q + 1 = 0 -> q = 1/2
    assert extinction_probability(pmf=[0.25, 0.25, 0.5]) == pytest.approx(0.5, abs=1e-12)
    assert extinction_probability(0.9) == 1.0 and extinction_probability(1.0) == 1.0
    assert extinction_probability(pmf=[0, 1]) == 0.0  # everyone refers exactly one
    with pytest.raises(KhlibInputError):
        extinction_probability(pmf=[0.5, 0.6])


def test_simulation_agrees_with_the_theory():
    sim = simulate_referrals(1.5, 8, chains=20_000, seed=7)
    assert sim[8].mean() == pytest.approx(1.5 ** 8, rel=0.08)
    died = (sim[8] == 0).mean()  # after 8 rounds most chains that will die have died
    assert died == pytest.approx(extinction_probability(1.5), abs=0.02)
    assert sim.equals(simulate_referrals(1.5, 8, chains=20_000, seed=7))
    nb = simulate_referrals(2.0, 6, chains=20_000, dispersion=0.5, seed=3)
    assert (nb[6] == 0).mean() == pytest.approx(extinction_probability(2.0, dispersion=0.5), abs=0.02)


def test_absorbing_chain_by_hand():
    # A -> B 50%, lost 50%; B -> B again 20% (a second round of talks), won 40%, lost 40%.
    t = pd.DataFrame({"A": [0.0, 0.0], "B": [0.5, 0.2], "赢单": [0.0, 0.4], "丢单": [0.5, 0.4]}, index=["A", "B"])
    c = absorbing_chain(t, days_in_stage=pd.Series({"A": 10.0, "B": 30.0}))
    # N = (I - Q)^-1 with Q = [[0, .5], [0, .2]]: N = [[1, .625], [0, 1.25]]
    assert np.allclose(c.fundamental.to_numpy(), [[1, 0.625], [0, 1.25]])
    # win from B: 0.4 / 0.8 = 0.5; from A: 0.5 x 0.5 = 0.25
    assert c.absorption["赢单"].tolist() == pytest.approx([0.25, 0.5])
    assert np.allclose(c.absorption.sum(axis=1), 1.0)
    # days: from B 1.25 visits x 30 = 37.5; from A 10 + 0.625 x 30 = 28.75
    assert c.expected_days.tolist() == pytest.approx([28.75, 37.5])
    assert c.expected_steps.tolist() == pytest.approx([1.625, 1.25])
    counts = t * 80  # counts are normalised
    assert absorbing_chain(counts).absorption.equals(c.absorption)


def test_absorbing_chain_errors():
    with pytest.raises(KhlibInputError, match="absorbing"):
        absorbing_chain(pd.DataFrame({"A": [0.5], }, index=["A"]).assign(A=[1.0]))
    with pytest.raises(KhlibInputError, match="column"):
        absorbing_chain(pd.DataFrame({"赢单": [1.0]}, index=["A"]))
    with pytest.raises(KhlibInputError, match="loop"):
        absorbing_chain(pd.DataFrame({"A": [0.0, 1.0], "B": [1.0, 0.0], "赢单": [0.0, 0.0]}, index=["A", "B"]))


def test_goal_breakdown_by_hand():
    from khlib.development import goal_breakdown, seasonal_shares

    # 331 over three years growing 10%: 100, 110, 121; months by a seasonality with December double
    season = pd.Series([1.0] * 11 + [2.0], index=pd.period_range("2025-01", periods=12, freq="M"))
    s = seasonal_shares(season)
    assert s.tolist() == pytest.approx([1 / 13] * 11 + [2 / 13])
    g = goal_breakdown(331.0, years=3, growth_rate=0.1, seasonality=s)
    assert g.groupby("year")["goal"].sum().tolist() == pytest.approx([100.0, 110.0, 121.0])
    dec = g[(g["year"] == 2026) & (g["month"] == 12)]
    assert dec["goal"].item() == pytest.approx(200 / 13) and dec["quarter_goal"].item() == pytest.approx(400 / 13)
    with pytest.raises(KhlibInputError):
        goal_breakdown(-1)
    with pytest.raises(KhlibInputError):
        goal_breakdown(100, seasonality=pd.Series([0.5] * 12))


def test_seasonal_shares_average_complete_years_only():
    from khlib.development import seasonal_shares

    idx = pd.period_range("2024-01", periods=26, freq="M")  # 2024, 2025 complete, 2026 two months
    v = pd.Series([1.0] * 26, index=idx)
    v[idx.month == 6] = 3.0  # June triple in every year
    s = seasonal_shares(v)
    assert s.loc[6] == pytest.approx(3 / 14) and s.sum() == pytest.approx(1.0)


def test_lead_risk_by_hand():
    from khlib.development import lead_risk, risk_hit_rate

    t = pd.DataFrame({"need": [5, 1, 3], "schedule": [5, 1, 3], "budget": [5, 1, 5], "competition": [1, 5, 3],
                      "decision_makers": [5, 1, 1]}, index=["L1", "L2", "L3"])
    r = lead_risk(t)
    # L3: risk parts (5-3)/4 = .5, .5, 0, (3-1)/4 = .5, (5-1)/4 = 1 -> mean .5 -> 50
    assert r["risk"].tolist() == [0.0, 100.0, 50.0]
    assert r["verdict"].tolist() == ["继续跟进", "高风险：放弃", "继续跟进"]
    assert lead_risk(t, give_up=50)["verdict"].iloc[2] == "高风险：放弃"
    w = {"need": 0.4, "schedule": 0.1, "budget": 0.1, "competition": 0.1, "decision_makers": 0.3}
    assert lead_risk(t, weights=w)["risk"].iloc[2] == pytest.approx(100 * (0.4 * .5 + .1 * .5 + 0 + .1 * .5 + .3))
    with pytest.raises(KhlibInputError, match="1 to 5"):
        lead_risk(t.assign(need=[6, 1, 3]))
    with pytest.raises(KhlibInputError, match="lacks"):
        lead_risk(t.drop(columns="budget"))
    hit = risk_hit_rate(r["risk"], pd.Series({"L1": True, "L2": False, "L3": True}))
    assert hit["leads"].sum() == 3 and hit.loc["0–20", "win_rate"] == 1.0
    assert hit.loc["80–100", "win_rate"] == 0.0 and hit.loc["40–60", "leads"] == 1


def test_method_economics_does_not_crown_a_method_with_three_leads():
    from khlib.development import method_economics
    from khlib.summary import method_summary

    leads = pd.DataFrame({"method": ["展会"] * 3 + ["电话"] * 300,
                          "cost": [100.0] * 3 + [100.0] * 300,
                          "won": [True, True, False] + [True] * 90 + [False] * 210})
    s = method_summary(leads)
    assert s.loc["展会"].tolist() == [3, 2, 300.0]
    e = method_economics(s)
    # 展会: 2 of 3 = 67% but Beta(3, 2): mean 0.6, 90% interval about 0.25–0.95; 电话: 30%, Beta(91, 211)
    assert e.loc["展会", "conversion"] == pytest.approx(2 / 3) and e.loc["展会", "posterior_mean"] == pytest.approx(0.6)
    assert e.loc["展会", "ci_low"] < 0.3 < e.loc["展会", "ci_high"]
    assert e.loc["电话", "ci_high"] - e.loc["电话", "ci_low"] < 0.1
    assert e.loc["电话", "cost_per_customer"] == pytest.approx(30000 / 90)
    assert e["p_best"].sum() == pytest.approx(1.0) and 0.85 < e.loc["展会", "p_best"] < 1.0
    with pytest.raises(KhlibInputError):
        method_summary(leads.assign(cost=-1.0))
