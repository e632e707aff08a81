"""Customer profit = gross margin − cost to serve, and profit by group: hand examples."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.selection import COST_DRIVERS, COST_RATES, cost_rate_table, customer_profit, customer_profitability, profit_by
from tests.summary.test_costs import CATALOGUE, LINES, LOG, RATES


def test_customer_profit_union_and_margin():
    m = pd.DataFrame({"sales": [1000.0, 200.0], "gross_profit": [250.0, 50.0]}, index=["a", "b"])
    c = pd.DataFrame({"cost_to_serve": [100.0, 80.0, 30.0]}, index=["a", "b", "c"])
    p = customer_profit(m, c)
    # a 250 − 100 = 150 (15% of 1000); b 50 − 80 = −30 (−15%); c served, bought nothing: −30
    assert p["profit"].tolist() == [150.0, -30.0, -30.0]
    assert p["profit_margin"].iloc[:2].tolist() == [0.15, -0.15]
    assert pd.isna(p.loc["c", "profit_margin"])
    assert p.index.name == "customer_id"


def test_customer_profit_refuses_duplicated_customers():
    m = pd.DataFrame({"sales": [1.0, 2.0], "gross_profit": [1.0, 1.0]}, index=["a", "a"])
    with pytest.raises(KhlibInputError, match="duplicated"):
        customer_profit(m, pd.DataFrame({"cost_to_serve": [1.0]}, index=["a"]))


def test_customer_profitability_one_call():
    p = customer_profitability(LINES, CATALOGUE, LOG, rates=RATES, start="2025-01-01", end="2025-12-31")
    # a: margin 80 − cost 546 = −466; b: 125 − 126 = −1 (see tests/summary/test_costs.py)
    assert p["profit"].round(6).to_dict() == {"a": -466.0, "b": -1.0}
    assert p.loc["a", "拜访"] == 450.0
    assert list(p.columns[:5]) == ["sales", "gross_profit", "cost_to_serve", "profit", "profit_margin"]


def test_profit_by_group():
    p = customer_profit(pd.DataFrame({"sales": [100.0, 50.0, 10.0], "gross_profit": [30.0, 10.0, 3.0]},
                                     index=["a", "b", "c"]),
                        pd.DataFrame({"cost_to_serve": [5.0, 12.0, 8.0]}, index=["a", "b", "c"]))
    t = profit_by(p, pd.Series({"a": "大", "b": "小", "c": "小"}), order=["小", "大"])
    # 小: b −2, c −5 → −7, both unprofitable; 大: a 25; total 18
    assert t.index.tolist() == ["小", "大"]
    assert t.loc["小", ["customers", "profit", "unprofitable"]].tolist() == [2, -7.0, 2]
    assert t.loc["大", "profit_share"] == pytest.approx(25 / 18)
    with pytest.raises(KhlibInputError, match="no group"):
        profit_by(p, pd.Series({"a": "大"}))


def test_default_rates_are_documented_assumptions():
    assert set(COST_RATES) == set(COST_DRIVERS)
    t = cost_rate_table()
    assert t.loc[t["activity"] == "拜访", "rate"].item() == 450.0
    assert (t["basis"] != "").all()
    assert COST_RATES["逾期占款"] * 365 == pytest.approx(0.06)  # 6% a year on money paid late


def test_rates_can_be_changed_without_touching_the_defaults():
    before = dict(COST_RATES)
    p1 = customer_profitability(LINES, CATALOGUE, LOG, rates={**RATES, "拜访": 600}, start="2025-01-01")
    assert p1.loc["a", "cost_to_serve"] == pytest.approx(696.0)  # 546 + 150
    assert COST_RATES == before
    assert kh.selection.COST_RATES is COST_RATES
