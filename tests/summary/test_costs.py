"""Chapter 02's heavy step: gross margin per customer, activity volumes and costs, a new
customer's first days — on hand examples whose results are computed in the comments."""

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.summary import activity_costs, activity_volume, customer_gross_profit, early_summary

LINES = pd.DataFrame({
    "customer_id": ["a", "a", "b", "b", "c"],
    "order_id": ["o1", "o1", "o2", "o3", "o4"],
    "order_date": ["2025-01-05", "2025-01-05", "2025-02-01", "2025-03-01", "2024-12-31"],
    "product_id": ["P1", "P2", "P1", "P1", "P2"],
    "quantity": [2, 10, 1, 3, 4],
    "amount": [180.0, 50.0, 95.0, 270.0, 20.0],
})
CATALOGUE = pd.DataFrame({"product_id": ["P1", "P2"], "unit_cost": [60.0, 3.0], "list_price": [100.0, 5.0]})

LOG = pd.DataFrame({
    "customer_id": ["a", "a", "a", "b", "b", "b", "c"],
    "date": ["2025-01-05", "2025-01-20", "2025-01-21", "2025-02-01", "2025-03-01", "2025-04-30", "2024-12-31"],
    "activity": ["配送", "拜访", "电话支持", "配送", "配送", "逾期占款", "配送"],
    "quantity": [1, 1, 12, 1, 1, 36500, 1],
})
RATES = {"配送": 60, "拜访": 450, "电话支持": 3, "逾期占款": 0.06 / 365}


def test_customer_gross_profit_by_hand():
    m = customer_gross_profit(LINES, CATALOGUE, start="2025-01-01", end="2025-12-31")
    # a: sales 180 + 50 = 230; goods 2·60 + 10·3 = 150; margin 80
    # b: sales 95 + 270 = 365; goods 1·60 + 3·60 = 240; margin 125 (c's order is in 2024)
    assert m.index.tolist() == ["a", "b"]
    assert m.loc["a"].tolist() == [230.0, 150.0, 80.0]
    assert m.loc["b"].tolist() == [365.0, 240.0, 125.0]


def test_customer_gross_profit_nets_returns():
    ret = pd.concat([LINES, pd.DataFrame({"customer_id": ["b"], "order_id": ["r1"], "order_date": ["2025-03-05"],
                                          "product_id": ["P1"], "quantity": [-1], "amount": [-90.0]})],
                    ignore_index=True)
    m = customer_gross_profit(ret, CATALOGUE, start="2025-01-01", allow_negative=True)
    # b returns one P1 bought at 90: sales 365 − 90 = 275, goods 240 − 60 = 180, margin 95
    assert m.loc["b"].tolist() == [275.0, 180.0, 95.0]


def test_customer_gross_profit_analyst_columns_and_padded_ids():
    theirs = LINES.rename(columns={"customer_id": "客户代码", "order_date": "日期", "amount": "金额",
                                   "product_id": "存货编码", "quantity": "数量", "order_id": "单号"})
    theirs["存货编码"] = theirs["存货编码"] + " "  # ERP exports pad ids
    cat = CATALOGUE.rename(columns={"product_id": "存货编码", "unit_cost": "单位成本"})
    m = customer_gross_profit(theirs, cat, customer="客户代码", date="日期", amount="金额", product="存货编码",
                        quantity="数量", unit_cost="单位成本")
    assert m["gross_profit"].to_dict() == {"a": 80.0, "b": 125.0, "c": 8.0}  # c: 20 − 4·3


@pytest.mark.parametrize("catalogue, words", [
    (CATALOGUE.iloc[:1], "P2"),  # a product sold without a cost
    (CATALOGUE.assign(unit_cost=[60.0, -3.0]), "negative"),
    (CATALOGUE.assign(unit_cost=[60.0, None]), "missing"),
    (pd.concat([CATALOGUE, CATALOGUE.iloc[:1]]), "Duplicated"),
    (CATALOGUE.drop(columns="unit_cost"), "unit_cost"),
])
def test_customer_gross_profit_refuses_bad_costs(catalogue, words):
    with pytest.raises(KhlibInputError, match=words):
        customer_gross_profit(LINES, catalogue)


def test_activity_volume_and_costs_by_hand():
    v = activity_volume(LOG, start="2025-01-01")
    assert v.columns.tolist() == ["配送", "拜访", "电话支持", "逾期占款"]
    assert v.loc["b", "逾期占款"] == 36500.0
    c = activity_costs(LOG, RATES, start="2025-01-01", end="2025-12-31")
    # a: 60 + 450 + 12·3 = 546; b: 2·60 + 36,500 CNY-days · 0.06/365 = 120 + 6 = 126
    assert c["cost_to_serve"].round(6).to_dict() == {"a": 546.0, "b": 126.0}
    assert c.loc["b", "逾期占款"] == pytest.approx(6.0)
    assert c.columns.tolist() == ["配送", "拜访", "电话支持", "逾期占款", "cost_to_serve"]


def test_activity_costs_names_an_activity_without_rate():
    with pytest.raises(KhlibInputError, match="逾期占款") as e:
        activity_costs(LOG, {"配送": 60, "拜访": 450, "电话支持": 3})
    assert "1 rows" in str(e.value)


@pytest.mark.parametrize("rates", [{"配送": -1, "拜访": 1, "电话支持": 1, "逾期占款": 0}, {"配送": "x"}, {}])
def test_activity_costs_refuses_bad_rates(rates):
    with pytest.raises(KhlibInputError, match="rate"):
        activity_costs(LOG, rates)


def test_activity_costs_refuses_negative_or_missing_quantities_and_blank_activities():
    with pytest.raises(KhlibInputError, match="negative"):
        activity_costs(LOG.assign(quantity=[1, 1, -12, 1, 1, 1, 1]), RATES)
    with pytest.raises(KhlibInputError, match="activity"):
        activity_costs(LOG.assign(activity=["配送", " ", "电话支持", "配送", "配送", "逾期占款", "配送"]), RATES)
    with pytest.raises(KhlibInputError, match="customer id"):
        activity_costs(LOG.assign(customer_id=["a", "#N/A", "a", "b", "b", "b", "c"]), RATES)


def test_activity_costs_analyst_columns_merge_padded_ids():
    theirs = LOG.rename(columns={"customer_id": "客户", "date": "日期", "activity": "活动", "quantity": "数量"})
    theirs["客户"] = ["a", "a\u3000", " a", "b", "b", "b", "c"]
    c = activity_costs(theirs, RATES, customer="客户", date="日期", activity="活动", quantity="数量", start="2025-01-01")
    assert c["cost_to_serve"].round(6).to_dict() == {"a": 546.0, "b": 126.0}


def test_inputs_are_not_modified():
    before_l, before_log = LINES.copy(), LOG.copy()
    customer_gross_profit(LINES, CATALOGUE)
    activity_costs(LOG, RATES)
    pd.testing.assert_frame_equal(LINES, before_l)
    pd.testing.assert_frame_equal(LOG, before_log)


def test_early_summary_window_by_hand():
    lines = pd.DataFrame({
        "customer_id": ["a", "a", "a", "a", "b"],
        "order_id": [1, 1, 2, 3, 4],
        # a's first order is on 2024-03-01; day 89 after it is 2024-05-29 (in), day 90 2024-05-30 (out)
        "order_date": ["2024-03-01 10:00", "2024-03-01 10:00", "2024-05-29 23:00", "2024-05-30", "2024-07-01"],
        "product_id": ["P1", "P2", "P1", "P3", "P1"],
        "amount": [10.0, 20.0, 40.0, 80.0, 5.0],
    })
    cat = pd.DataFrame({"product_id": ["P1", "P2", "P3"], "category": ["纸", "墨", "机"]})
    e = early_summary(lines, days=90, products=cat, product="product_id")
    assert e.loc["a", ["orders", "lines", "sales", "products", "categories"]].tolist() == [2, 3, 70.0, 2, 2]
    assert e.loc["a", "first_date"] == pd.Timestamp("2024-03-01")
    assert e.loc["b"].tolist()[1:] == [1, 1, 5.0, 1, 1]
    assert early_summary(lines, days=91)["sales"].to_dict() == {"a": 150.0, "b": 5.0}
    with pytest.raises(KhlibInputError, match="days"):
        early_summary(lines, days=0)


def test_benchmark_sized_inputs_are_vectorised():
    """2,000,000 activity lines cost out in well under a second (the issue's target: cost to
    serve and whale curve on 1M order lines and 2M activities < 1 s; benchmarks/ measures it)."""
    import time
    rng = np.random.default_rng(0)
    n = 2_000_000
    log = pd.DataFrame({"customer_id": pd.Series(rng.integers(0, 50_000, n)).map("C{:05d}".format),
                        "date": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
                        "activity": np.array(list(RATES))[rng.integers(0, 4, n)],
                        "quantity": rng.integers(1, 5, n).astype(float)})
    t = time.perf_counter()
    c = activity_costs(log, RATES)
    took = time.perf_counter() - t
    assert len(c) == 50_000
    assert c["cost_to_serve"].sum() == pytest.approx(
        (log["quantity"] * log["activity"].map(RATES).astype(float)).sum())
    assert took < 3.0  # about 0.4 s here; generous for slow CI machines
