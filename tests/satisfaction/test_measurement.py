"""Chapter 06 survey measurement: alpha by hand and against a reference library (pingouin), the
NPS interval by hand, and analysts' survey exports (不适用, full-width digits, reversed items,
answers off the scale, a construct of one item)."""

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.satisfaction import cronbach_alpha, item_total, net_promoter, prepare_items

SMALL = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})


def test_alpha_by_hand():
    # item variances 2.5, 2.3, 1.5 (sum 6.3); totals 4, 7, 9, 13, 14: variance 69.2 / 4 = 17.3;
    # alpha = 3/2 x (1 - 6.3 / 17.3) = 0.953757...
    a = cronbach_alpha(SMALL, {"x": ["a", "b", "c"]})
    assert a.loc["x", "alpha"] == pytest.approx(1.5 * (1 - 6.3 / 17.3), abs=1e-12)
    assert a.loc["x", ["items", "respondents"]].tolist() == [3, 5]
    # without c: items a, b: vars 2.5 + 2.3 = 4.8; totals 3, 4, 6, 9, 10: var 9.3 -> 2 x (1 - 4.8/9.3)
    it = item_total(SMALL, {"x": ["a", "b", "c"]})
    assert it.loc["c", "alpha_if_deleted"] == pytest.approx(2 * (1 - 4.8 / 9.3), abs=1e-12)
    # corrected item-total r of a: corr(a, b + c) with b + c = 3, 5, 6, 9, 9
    assert it.loc["a", "item_total_r"] == pytest.approx(np.corrcoef([1, 2, 3, 4, 5], [3, 5, 6, 9, 9])[0, 1], abs=1e-12)


def test_alpha_matches_pingouin_listwise():
    rng = np.random.default_rng(6)
    t = rng.normal(0, 1, 200)
    d = pd.DataFrame({f"q{i}": np.clip(np.round(3 + t * 0.9 + rng.normal(0, 0.8, 200)), 1, 5) for i in range(1, 5)})
    d.iloc[rng.choice(200, 15, replace=False), 2] = np.nan
    a = cronbach_alpha(d, {"x": list(d.columns)})
    # pingouin 0.7.0: pg.cronbach_alpha(data=d, nan_policy="listwise") -> 0.8185966938260517 (185 complete rows)
    assert a.loc["x", "alpha"] == pytest.approx(0.8185966938260517, abs=1e-12)
    assert a.loc["x", "respondents"] == 185


def test_survey_export_answers():
    s = pd.DataFrame({"服务1": ["5", "不适用", "４", None, "2"], "服务2": [4, 5, 3, 2, 1], "价格太高": [1, 2, 5, 4, 5]},
                     index=[2, 3, 4, 5, 6])
    before = s.copy()
    x = prepare_items(s, ["服务1", "服务2", "价格太高"], reversed_items=["价格太高"])
    pd.testing.assert_frame_equal(s, before)
    assert x.loc[2, "服务1"] == 5.0 and x.loc[4, "服务1"] == 4.0 and x.loc[6, "服务1"] == 2.0 and np.isnan(x.loc[3, "服务1"]) and np.isnan(x.loc[5, "服务1"])
    assert x["价格太高"].tolist() == [5.0, 4.0, 1.0, 2.0, 1.0]  # 1..5 turned around
    seven = prepare_items(s.assign(服务2=[7, 1, 4, 6, 2]), ["服务2"], scale=(1, 7))
    assert seven["服务2"].tolist() == [7.0, 1.0, 4.0, 6.0, 2.0]
    with pytest.raises(KhlibInputError, match="服务2.*1–5"):
        prepare_items(s.assign(服务2=[4, 6, 3, 2, 1]), ["服务2"])
    with pytest.raises(KhlibInputError, match="很好"):
        prepare_items(s.assign(服务2=[4, "很好", 3, 2, 1]), ["服务2"])
    with pytest.raises(KhlibInputError, match="only one|1 item"):
        cronbach_alpha(s, {"服务": ["服务1"]})
    with pytest.raises(KhlibInputError, match="not in the table"):
        cronbach_alpha(s, {"服务": ["服务1", "服务3"]})
    with pytest.raises(KhlibInputError, match="belongs to both"):
        cronbach_alpha(s, {"甲": ["服务1", "服务2"], "乙": ["服务2", "价格太高"]})


def test_net_promoter_by_hand():
    r = net_promoter(pd.Series([10, 9, 9, 8, 7, 6, 3, 10, 10, 0, None, "不适用"]))
    # 5 promoters, 2 passives, 3 detractors of 10: NPS 20; var = (0.5 + 0.3 - 0.2^2) / 10 = 0.076
    se = 100 * np.sqrt(0.076)
    assert r["nps"] == pytest.approx(20.0) and r["respondents"] == 10
    assert r["ci_low"] == pytest.approx(20 - 1.959963984540054 * se, abs=1e-9)
    assert r["ci_high"] == pytest.approx(20 + 1.959963984540054 * se, abs=1e-9)
    assert net_promoter(pd.Series([10] * 40))[["nps", "ci_low", "ci_high"]].tolist() == [100.0, 100.0, 100.0]
    with pytest.raises(KhlibInputError, match="0-10"):
        net_promoter(pd.Series([10, 11]))
