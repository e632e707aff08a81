"""The "ants that become elephants" model: logistic regression against closed forms, AUC and
calibration against hand computations."""

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.selection import auc, auc_interval, calibration_table, fit_growth_model


def _two_groups():
    # group 小: 10 of 40 grew; group 大: 30 of 50 grew
    g = ["小"] * 40 + ["大"] * 50
    y = [1] * 10 + [0] * 30 + [1] * 30 + [0] * 20
    idx = [f"c{i}" for i in range(90)]
    return pd.DataFrame({"size": g}, index=idx), pd.Series(y, index=idx)


def test_logit_with_one_binary_feature_is_the_log_odds_ratio():
    x, y = _two_groups()
    m = fit_growth_model(x, y, categorical=["size"])
    coef = m.coefficients()["coef"]
    # reference = the most frequent level, 大 (50): intercept log(30/20) = 0.405465;
    # 小 against 大: log((10/30) / (30/20)) = log(2/9) = −1.504077
    assert coef["const"] == pytest.approx(np.log(30 / 20), abs=1e-9)
    assert coef["size=小"] == pytest.approx(np.log(2 / 9), abs=1e-9)
    p = m.predict(x)
    assert p.iloc[0] == pytest.approx(0.25) and p.iloc[-1] == pytest.approx(0.6)


def test_standardised_numeric_feature():
    x, y = _two_groups()
    x = x.assign(big=(x["size"] == "大").astype(float))
    m = fit_growth_model(x, y, numeric=["big"])
    # big is 0 (40) / 1 (50): mean 5/9, sd sqrt(5/9 · 4/9) = 0.496904; the slope per SD is
    # log(9/2) · 0.496904 = 0.747378
    assert m.coefficients().loc["big", "coef"] == pytest.approx(np.log(9 / 2) * np.sqrt(20 / 81), abs=1e-8)


def test_unknown_level_constant_feature_and_one_class_are_refused():
    x, y = _two_groups()
    m = fit_growth_model(x, y, categorical=["size"])
    with pytest.raises(KhlibInputError, match="not seen"):
        m.predict(pd.DataFrame({"size": ["中"]}))
    with pytest.raises(KhlibInputError, match="one value"):
        fit_growth_model(x.assign(k=1.0), y, numeric=["k"])
    with pytest.raises(KhlibInputError, match="one value"):
        fit_growth_model(x, y * 0, categorical=["size"])
    with pytest.raises(KhlibInputError, match="0/1"):
        fit_growth_model(x, y * 2, categorical=["size"])


def test_auc_by_hand_with_ties():
    # positives 0.35, 0.8; negatives 0.1, 0.4: pairs won 0.35>0.1, 0.8>0.1, 0.8>0.4 → 3 of 4
    assert auc(pd.Series([0, 0, 1, 1]), pd.Series([0.1, 0.4, 0.35, 0.8])) == 0.75
    # a tie counts one half: positive 0.5 vs negatives 0.5, 0.2 → (0.5 + 1) / 2
    assert auc(pd.Series([1, 0, 0]), pd.Series([0.5, 0.5, 0.2])) == 0.75


def test_auc_interval_is_seeded_and_covers_the_estimate():
    rng = np.random.default_rng(1)
    y = pd.Series(rng.random(200) < 0.3).astype(int)
    s = pd.Series(y + rng.normal(0, 1, 200))
    a = auc(y, s)
    lo, hi = auc_interval(y, s, n_boot=500, seed=7)
    assert lo < a < hi
    assert (lo, hi) == auc_interval(y, s, n_boot=500, seed=7)


def test_calibration_table_by_hand():
    y = pd.Series([0, 0, 1, 0, 1, 1])
    p = pd.Series([0.1, 0.2, 0.3, 0.6, 0.7, 0.9])
    t = calibration_table(y, p, bins=2)
    # lowest three: mean predicted 0.2, 1 grew; highest three: mean 0.733…, 2 grew
    assert t["customers"].tolist() == [3, 3]
    assert t["predicted"].round(6).tolist() == [0.2, 0.733333]
    assert t["grew"].tolist() == [1, 2]
    with pytest.raises(KhlibInputError):
        calibration_table(y, p + 1, bins=2)
