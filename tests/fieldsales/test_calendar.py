"""Working days on China's holiday schedule (调休 included) and the monthly visit calendar by grade."""

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib import fieldsales as fs


def test_working_days_follow_the_official_schedule():
    jan = fs.working_days("2026-01")
    assert len(jan) == 21 and pd.Timestamp("2026-01-04") in jan     # Sunday make-up day (调休)
    assert pd.Timestamp("2026-01-02") not in jan                      # New Year break
    assert len(fs.working_days("2025-10")) == 18  # 23 weekdays - 6 of the 1-8 Oct break + Sat 11 Oct
    assert len(fs.working_days("2026-01", calendar=None)) == 22        # plain Monday-Friday
    with pytest.raises(KhlibInputError, match="2026-13|月份"):
        fs.working_days("2026-13")


def test_visit_calendar_respects_the_frequencies_and_spacing():
    roster = pd.DataFrame({"customer_id": [f"c{i}" for i in range(30)], "grade": ["A"] * 6 + ["B"] * 9 + ["C"] * 12 + ["D"] * 3,
                           "city": ["甲"] * 20 + ["乙"] * 10})
    cal = fs.visit_calendar(roster, "2026-01", group="city")
    visits = cal[cal["activity"] == "拜访"].groupby("customer_id").size()
    calls = cal[cal["activity"] == "电话"].groupby("customer_id").size()
    assert visits.reindex(roster["customer_id"]).fillna(0).tolist() == [3] * 6 + [2] * 9 + [1] * 12 + [0] * 3
    assert calls.reindex(roster["customer_id"]).fillna(0).tolist() == [2] * 6 + [1] * 9 + [1] * 12 + [0] * 3
    days = fs.working_days("2026-01")
    assert set(cal["date"]) <= set(days)
    pos = {d: i for i, d in enumerate(days)}
    for cid, g in cal[(cal["activity"] == "拜访") & (cal["grade"] == "A")].groupby("customer_id"):
        idx = sorted(pos[d] for d in g["date"])
        assert min(np.diff(idx)) >= 5, (cid, idx)  # three visits spread over the month
    per_day = cal[cal["activity"] == "拜访"].groupby("date").size()
    assert per_day.max() - per_day.min() <= 2       # load balanced
    by_day_city = cal[cal["activity"] == "拜访"].merge(roster[["customer_id", "city"]]).groupby("date")["city"].nunique()
    assert by_day_city.max() == 1                   # no day mixes two cities
    with pytest.raises(KhlibInputError, match=r"\['E'\]"):
        fs.visit_calendar(roster.assign(grade="E"), "2026-01")
