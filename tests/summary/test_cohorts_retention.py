"""Cohort retention (chapter 08's heavy step) worked by hand, and its contract."""

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.summary import cohort_retention

LINES = pd.DataFrame({
    "客户": ["a", "a", "a", "b", "c", "c", "d"],
    "日期": ["2025-01-05", "2025-01-20", "2025-03-01", "2025-01-20", "2025-02-02", "2025-03-09", "2025-03-30"],
    "金额": [1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 3.0],
})


def test_by_hand():
    r = cohort_retention(LINES, customer="客户", date="日期", amount="金额")
    # January: a, b (2); a back in March (month 2). February: c, back in March. March: d.
    assert [str(p) for p in r.index] == ["2025-01", "2025-02", "2025-03"]
    assert r["customers"].tolist() == [2.0, 1.0, 1.0]
    assert r.loc[pd.Period("2025-01", "M"), [0, 1, 2]].tolist() == [1.0, 0.0, 0.5]  # two orders of a in January count once
    assert r.loc[pd.Period("2025-02", "M"), [0, 1]].tolist() == [1.0, 1.0]
    assert np.isnan(r.loc[pd.Period("2025-02", "M"), 2]) and np.isnan(r.loc[pd.Period("2025-03", "M"), 1])  # not observed yet


def test_validates_like_the_other_summaries():
    with pytest.raises(KhlibInputError):
        cohort_retention(LINES.assign(日期=["bad"] + LINES["日期"].tolist()[1:]), customer="客户", date="日期", amount="金额")
