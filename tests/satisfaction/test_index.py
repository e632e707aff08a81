"""Chapter 06 index and diagnostics against small surveys worked by hand."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from khlib import KhlibInputError
from khlib.satisfaction import gap_analysis, importance_performance, satisfaction_index, wave_change

# six respondents, two aspects; overall = perf_a exactly (so the regression puts all weight on a)
S = pd.DataFrame({
    "imp_a": [5, 5, 4, 4, 5, 5], "imp_b": [3, 3, 2, 2, 3, 3],
    "exp_a": [4, 4, 4, 4, 4, 4], "exp_b": [3, 3, 3, 3, 3, 3],
    "perf_a": [1, 2, 3, 4, 5, 3], "perf_b": [2, 2, 4, 4, 3, 3],
    "overall": [1, 2, 3, 4, 5, 3],
    "wave": ["Q1", "Q1", "Q1", "Q2", "Q2", "Q2"],
})


def test_index_by_hand():
    r = satisfaction_index(S, ["a", "b"], overall="overall")
    # importance: means 28/6 and 16/6 -> weights 28/44, 16/44; performance: a mean 3 -> 50, b mean 3 -> 50
    assert r.aspects["importance_weight"].tolist() == pytest.approx([28 / 44, 16 / 44])
    assert r.aspects["performance"].tolist() == pytest.approx([50.0, 50.0])
    assert r.aspects["regression_weight"].tolist() == pytest.approx([1.0, 0.0], abs=1e-9)  # overall = perf_a
    assert r.by_importance == pytest.approx(50.0) and r.by_regression == pytest.approx(50.0)
    assert r.r_squared == pytest.approx(1.0) and r.respondents == 6


def test_gaps_quadrants_and_waves_by_hand():
    g = gap_analysis(S, ["a", "b"])
    assert g.loc["a", "gap"] == pytest.approx(3 - 4) and g.loc["b", "gap"] == pytest.approx(0.0)
    assert list(g.index) == ["a", "b"]  # widest shortfall first
    assert g.loc["a", "p_value"] == pytest.approx(stats.ttest_rel([1, 2, 3, 4, 5, 3], [4] * 6).pvalue)
    q = importance_performance(S, ["a", "b"])
    # importance means 4.667 / 2.667 (grand mean 3.667); performance 3 / 3 (mean 3): a important & at par
    assert q["quadrant"].to_dict() == {"a": "继续保持", "b": "可能过度投入"}
    w = wave_change(S, "perf_a", "Q1", "Q2")
    t = stats.ttest_ind([4, 5, 3], [1, 2, 3], equal_var=False)
    assert w["change"] == pytest.approx(2.0) and w["p_value"] == pytest.approx(t.pvalue)
    assert w[["from_n", "to_n"]].tolist() == [3.0, 3.0]


def test_errors_name_the_problem():
    with pytest.raises(KhlibInputError, match="Missing expectation column.*exp_c"):
        gap_analysis(S, ["a", "c"])
    with pytest.raises(KhlibInputError, match="template"):
        importance_performance(S, ["a"], importance="imp")
    with pytest.raises(KhlibInputError, match="Q3"):
        wave_change(S, "perf_a", "Q1", "Q3")
    with pytest.raises(KhlibInputError, match="Overall satisfaction column .总体."):
        satisfaction_index(S, ["a", "b"], overall="总体")


def test_widgets_and_their_logic():
    from khlib.satisfaction import index_widget, nps_widget, reweight, satisfaction_index

    si = satisfaction_index(S, ["a", "b"], overall="overall")
    assert reweight(si.aspects, {"a": 1.0, "b": 0.0}) == pytest.approx(50.0)
    with pytest.raises(KhlibInputError):
        reweight(si.aspects, {"a": 0.0, "b": 0.0})
    assert index_widget(S, ["a", "b"], overall="overall") is not None
    assert nps_widget(pd.Series([10, 9, 3, 8])) is not None


def test_nps_cut_offs_move():
    from khlib.satisfaction import net_promoter

    r = pd.Series([10, 9, 8, 7, 6, 5])
    assert net_promoter(r)["nps"] == pytest.approx(0.0)  # 2 promoters, 2 detractors of 6
    assert net_promoter(r, promoter_min=8, detractor_max=5)["nps"] == pytest.approx(100 * (3 - 1) / 6)
    with pytest.raises(KhlibInputError, match="detractor_max < promoter_min"):
        net_promoter(r, promoter_min=6, detractor_max=6)
