"""Chapter 08 survival analysis reproduces the published Cox model of the Rossi recidivism data:
Fox & Weisberg's appendix "Cox Proportional-Hazards Regression for Survival Data in R" (R coxph,
Efron ties), `coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio)`, printed to
5 decimals (as reproduced by the appendix's code in zadrafi/concurve docs/articles/survival.md),
LR 33.27 on 7 df; also the lifelines documentation (partial log-likelihood -658.748, LR 33.266).
R's race and mar are factors (raceother, marnot married): the 0/1 file flips their sign."""

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.loyalty import cox_model, kaplan_meier, logrank, ph_test

COVARIATES = ["fin", "age", "race", "wexp", "mar", "paro", "prio"]
# R: finyes, age, raceother, wexpyes, marnot married, paroyes, prio
R_COEF = [-0.37942, -0.05744, -0.31390, -0.14980, 0.43370, -0.08487, 0.09150]
R_SE = [0.19138, 0.02200, 0.30799, 0.21222, 0.38187, 0.19576, 0.02865]
SIGN = np.array([1, 1, -1, 1, -1, 1, 1])  # 0/1 coding of race (1 = black) and mar (1 = married)


@pytest.fixture(scope="module")
def rossi():
    return kh.datasets.load_rossi()


def test_reproduces_fox_and_weisberg(rossi):
    r = cox_model(rossi, COVARIATES, duration="week", event="arrest")
    assert r.table["coef"].to_numpy() == pytest.approx(SIGN * np.array(R_COEF), abs=5e-6)
    assert r.table["std_err"].to_numpy() == pytest.approx(R_SE, abs=5e-6)
    assert r.table["coef"].round(3).tolist() == [-0.379, -0.057, 0.314, -0.15, -0.434, -0.085, 0.091]  # the lifelines docs
    assert r.log_likelihood == pytest.approx(-658.748, abs=5e-4)
    assert round(r.lr_test, 2) == 33.27 and r.lr_p_value == pytest.approx(2.362e-05, rel=1e-3)
    assert (r.subjects, r.events, r.ties) == (432, 114, "efron")
    assert r.table.loc["fin", "hazard_ratio"] == pytest.approx(np.exp(-0.37942), abs=1e-5)
    breslow = cox_model(rossi, COVARIATES, duration="week", event="arrest", ties="breslow")
    assert abs(breslow.table.loc["wexp", "coef"] - r.table.loc["wexp", "coef"]) > 1e-3  # why Efron matters


def test_kaplan_meier_and_logrank(rossi):
    no = kaplan_meier(rossi[rossi["fin"] == 0], duration="week", event="arrest")
    yes = kaplan_meier(rossi[rossi["fin"] == 1], duration="week", event="arrest")
    # 66 of 216 without aid arrested, 48 of 216 with aid: S(52) = 150/216 and 168/216 (no censoring before 52)
    assert no["survival"].iloc[-1] == pytest.approx(150 / 216) and yes["survival"].iloc[-1] == pytest.approx(168 / 216)
    assert no["events"].sum() == 66 and yes["events"].sum() == 48
    s, n = 150 / 216, 216  # Greenwood at the end without censoring: s^2 (1/(n s) - 1/n) = s (1 - s) / n
    se = np.sqrt(s * (1 - s) / n)
    assert no["ci_low"].iloc[-1] == pytest.approx(s * np.exp(-1.959963984540054 * se / s), abs=1e-9)
    lr = logrank(rossi, duration="week", event="arrest", group="fin")
    assert lr["chi2"] == pytest.approx(3.8376, abs=1e-4) and lr["df"] == 1 and lr["p_value"] == pytest.approx(0.0501, abs=1e-4)


def test_errors_name_the_problem(rossi):
    with pytest.raises(KhlibInputError, match="one value only"):
        cox_model(rossi.assign(fin=1), COVARIATES, duration="week", event="arrest")
    with pytest.raises(KhlibInputError, match="negative duration"):
        kaplan_meier(rossi.assign(week=rossi["week"] - 60), duration="week", event="arrest")
    with pytest.raises(KhlibInputError, match="0/1"):
        logrank(rossi.assign(arrest=2), duration="week", event="arrest", group="fin")
    with pytest.raises(KhlibInputError, match="one value only"):
        logrank(rossi.assign(fin=0), duration="week", event="arrest", group="fin")


def test_proportional_hazards_test_matches_lifelines(rossi):
    # lifelines documentation, "Proportional hazard assumption" notebook, Rossi full model, Efron,
    # transform km (1 - S(t)): fin 0.02, age 11.03, race 1.44, wexp 7.48, mar 0.60, paro 0.12, prio 0.02
    got = ph_test(rossi, COVARIATES, duration="week", event="arrest")
    want = {"fin": 0.02, "age": 11.03, "race": 1.44, "wexp": 7.48, "mar": 0.60, "paro": 0.12, "prio": 0.02}
    assert got.loc[list(want), "chi2"].to_numpy() == pytest.approx(list(want.values()), abs=0.0051)
    assert got.loc["age", "p_value"] < 0.001 and got.loc["wexp", "p_value"] < 0.01  # the two that fail PH
    assert got.loc["GLOBAL", "df"] == 7
    assert ph_test(rossi, ["fin", "age"], duration="week", event="arrest", transform="identity").shape == (3, 3)
    with pytest.raises(KhlibInputError, match="transform"):
        ph_test(rossi, ["fin"], duration="week", event="arrest", transform="rank")


def test_baseline_and_profile_survival(rossi):
    """Breslow's baseline equals statsmodels' (whose array is one event time late: its value at
    t_i is the hazard accumulated before t_i); Efron's adds the tie correction; the survival of a
    profile is exp(-H0 exp(x b)), written out here."""
    from statsmodels.duration.hazard_regression import PHReg

    cov = ["fin", "age", "prio"]
    x = rossi[cov].to_numpy(float)
    br = cox_model(rossi, cov, duration="week", event="arrest", ties="breslow")
    sm = PHReg(rossi["week"].to_numpy(), x, status=rossi["arrest"].to_numpy(), ties="breslow").fit()
    times, cumhaz, _ = sm.baseline_cumulative_hazard[0]
    assert br.baseline.index.tolist() == list(times)
    assert br.baseline.to_numpy()[:-1] == pytest.approx(np.asarray(cumhaz)[1:], rel=1e-6)
    # Efron by hand at the first tied time: week 8 has 5 arrests among the risk set
    ef = cox_model(rossi, cov, duration="week", event="arrest")
    risk = np.exp(x @ ef.table["coef"].to_numpy())
    t, e = rossi["week"].to_numpy(), rossi["arrest"].to_numpy()
    h = 0.0
    for u in sorted(set(t[e == 1])):
        if u > 8:
            break
        sr, dead = risk[t >= u].sum(), (t == u) & (e == 1)
        h += sum(1 / (sr - k / dead.sum() * risk[dead].sum()) for k in range(dead.sum()))
    assert ef.baseline.loc[8] == pytest.approx(h, rel=1e-12)
    prof = {"fin": 1, "age": 25, "prio": 3}
    lp = sum(ef.table.loc[c, "coef"] * v for c, v in prof.items())
    assert ef.survival(prof).loc[52] == pytest.approx(np.exp(-ef.baseline.loc[52] * np.exp(lp)))
    assert ef.survival(prof).is_monotonic_decreasing
    assert ef.survival({"fin": 1, "age": 25, "prio": 10}).loc[52] < ef.survival(prof).loc[52]  # prio raises the hazard
    with pytest.raises(KhlibInputError, match="prio"):
        ef.survival({"fin": 1, "age": 25})
