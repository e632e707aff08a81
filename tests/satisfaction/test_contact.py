"""Contact discipline against the visit plan, and the competitor benchmark, worked by hand."""

import pandas as pd
import pytest
from scipy import stats

from khlib import KhlibInputError
from khlib.satisfaction import competitor_benchmark, compliance_by, contact_compliance

GRADED = pd.DataFrame({"grade": ["A", "A", "B", "C", "D"]}, index=pd.Index(["a1", "a2", "b1", "c1", "d1"], name="customer_id"))
VISITS = pd.Series({"a1": 36, "b1": 20, "c1": 13, "x9": 4})  # a2 never visited; x9 is not graded


def test_compliance_by_hand():
    c = contact_compliance(GRADED, VISITS)
    # the plan (chapter 04): salesperson visits a month A 3, B 2, C 1, D none -> a year 36, 24, 12, 0
    assert c["planned"].tolist() == [36.0, 36.0, 24.0, 12.0, 0.0]
    assert c["actual"].tolist() == [36.0, 0.0, 20.0, 13.0, 0.0]
    assert c["met"].tolist() == [True, False, False, True, True]
    assert c["shortfall"].tolist() == [0.0, 36.0, 4.0, 0.0, 0.0]
    half = contact_compliance(GRADED, VISITS, months=6)
    assert half.loc["a1", "planned"] == 18.0
    by = compliance_by(c, pd.Series({"a1": "S1", "a2": "S1", "b1": "S2", "c1": "S2", "d1": "S2"}, name="salesperson_id"))
    assert by.loc["S1"].tolist() == [2, 0.5, 72.0, 36.0, 1]  # a2: an A customer never visited
    assert by.loc["S2", ["customers", "met_share", "a_unvisited"]].tolist() == [2, 0.5, 0]  # d1 has no plan
    with pytest.raises(KhlibInputError, match="lacks these customers"):
        compliance_by(c, pd.Series({"a1": "S1"}))
    with pytest.raises(KhlibInputError, match="non-negative"):
        contact_compliance(GRADED, pd.Series({"a1": -1}))


def test_competitor_benchmark_by_hand():
    s = pd.DataFrame({"sat": [5, 4, 4, 3, 2, None], "comp": [3, 4, 2, 4, 1, 5]})
    b = competitor_benchmark(s, own="sat", competitor="comp")
    # five pairs: differences 2, 0, 2, -1, 1 -> mean 0.8; 3 of 5 rate us higher, 1 lower
    assert b["difference"] == pytest.approx(0.8) and b["respondents"] == 5
    assert b["higher_share"] == pytest.approx(0.6) and b["lower_share"] == pytest.approx(0.2)
    assert b["p_value"] == pytest.approx(stats.ttest_rel([5, 4, 4, 3, 2], [3, 4, 2, 4, 1]).pvalue)
