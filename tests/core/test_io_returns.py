"""Returns (退货) as negative order lines: refused unless allow_negative=True, then netted the same
way by every summary (money net of returns; counts and dates from purchases; BTYD purchase days
are days with a purchase that returns do not cancel). Every number below is computed by hand."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError, KhlibWarning

#: a: buys 100 (two lines) and 50, returns 30 in between; b: returns the same day all it bought;
#: c: bought 200 in 2024, returns 20 in the period (returns only); d: returns more than it bought.
LINES = pd.DataFrame({
    "order_id":    ["o1", "o1", "r1", "o2", "o3", "r2", "o4", "r3", "o5", "r4"],
    "line_no":     [1, 2, 1, 1, 1, 1, 1, 1, 1, 1],
    "customer_id": ["a", "a", "a", "a", "b", "b", "c", "c", "d", "d"],
    "order_date":  ["2025-01-05", "2025-01-05", "2025-01-20", "2025-02-01", "2025-01-10", "2025-01-10 16:00",
                    "2024-12-20", "2025-02-10", "2025-01-15", "2025-01-16"],
    "product_id":  ["p1", "p2", "p1", "p2", "p1", "p1", "p2", "p2", "p3", "p3"],
    "quantity":    [3, 2, -1, 2, 4, -4, 10, -1, 1, -1],
    "amount":      [60.0, 40.0, -30.0, 50.0, 80.0, -80.0, 200.0, -20.0, 10.0, -25.0],
})
PERIOD = dict(start="2025-01-01", end="2025-02-28")


@pytest.mark.parametrize("call", [
    lambda **kw: kh.customer_summary(LINES, **kw),
    lambda **kw: kh.product_summary(LINES, **kw),
    lambda **kw: kh.sales_by_period(LINES, **kw),
    lambda **kw: kh.summary.mix_sales(LINES, pd.DataFrame({"product_id": ["p1", "p2", "p3"], "category": list("xyz")}),
                                      "a", **kw),
    lambda **kw: kh.btyd_summary(LINES, calibration_end="2025-02-28", **kw),
    lambda **kw: kh.summary.purchase_days(LINES, **kw),
    lambda **kw: kh.prepare_orders(LINES, **kw),
])
def test_every_function_refuses_returns_and_accepts_the_option_it_names(call):
    with pytest.raises(KhlibInputError, match="allow_negative=True") as e:
        call()
    assert "2 (-30.0)" in str(e.value)  # the first return, named by its row
    assert len(call(allow_negative=True))


def test_customer_summary_nets_sales_and_counts_purchases():
    with pytest.warns(KhlibWarning, match="只有退货") as rec:
        s = kh.customer_summary(LINES, allow_negative=True, **PERIOD)
    assert "c" in str(rec[0].message)
    assert s["sales"].to_dict() == {"a": 120.0, "b": 0.0, "c": -20.0, "d": -15.0}
    assert s["sales"].sum() == LINES.loc[LINES["order_date"] >= "2025", "amount"].sum() == 85.0
    assert s["orders"].to_dict() == {"a": 2, "b": 1, "c": 0, "d": 1}
    assert s["lines"].to_dict() == {"a": 3, "b": 1, "c": 0, "d": 1}
    assert s.loc["a", "last_date"] == pd.Timestamp("2025-02-01")  # the return on 01-20 is not a purchase
    assert s["recency_days"].to_dict() == {"a": 27, "b": 49, "c": 18, "d": 44}
    assert s["tenure_days"].to_dict() == {"a": 54, "b": 49, "c": 18, "d": 44}
    assert s.loc["a", "mean_order"] == 60.0 and s.loc["d", "mean_order"] == -15.0
    assert pd.isna(s.loc["c", "mean_order"])  # no order: undefined, never inf
    assert list(s.columns) == list(kh.summary.SCHEMAS["customer_summary"]["columns"])


def test_product_summary_nets_sales_and_quantity_and_counts_buyers():
    p = kh.product_summary(LINES, quantity="quantity", allow_negative=True, **PERIOD)
    assert p["sales"].to_dict() == {"p1": 30.0, "p2": 70.0, "p3": -15.0}
    assert p["quantity"].to_dict() == {"p1": 2.0, "p2": 3.0, "p3": 0.0}
    assert p["lines"].to_dict() == {"p1": 2, "p2": 2, "p3": 1}
    assert p["customers"].to_dict() == {"p1": 2, "p2": 1, "p3": 1}  # c only returned p2


def test_sales_by_period_and_mix_sales_are_net():
    m = kh.sales_by_period(LINES, freq="M", allow_negative=True)
    assert m.loc["a"].to_dict() == {"2024-12": 0.0, "2025-01": 70.0, "2025-02": 50.0}
    assert m.loc["c"].to_dict() == {"2024-12": 200.0, "2025-01": 0.0, "2025-02": -20.0}
    assert m.loc["b", "2025-01"] == 0.0 and m.loc["d", "2025-01"] == -15.0
    products = pd.DataFrame({"product_id": ["p1", "p2", "p3"], "category": ["纸", "墨", "机"]})
    mix = kh.summary.mix_sales(LINES, products, "a", allow_negative=True, **PERIOD)
    assert mix["customer_sales"].to_dict() == {"纸": 30.0, "墨": 90.0, "机": 0.0}
    assert mix["company_sales"].to_dict() == {"纸": 30.0, "墨": 70.0, "机": -15.0}


def test_btyd_purchase_days_leave_out_days_of_returns():
    s = kh.btyd_summary(LINES, calibration_end="2025-02-28", unit="D", allow_negative=True)
    # b's only day nets to 0 with a return: no purchase day, so b is not a BTYD customer
    assert list(s.index) == ["a", "c", "d"]
    assert s.loc["a"].to_dict() == {"frequency": 1, "recency": 27.0, "T": 54.0, "monetary_value": 50.0}
    assert s.loc["c"].to_dict() == {"frequency": 0, "recency": 0.0, "T": 70.0, "monetary_value": 0.0}
    assert s.loc["d", "T"] == 44.0 and s.loc["d", "frequency"] == 0
    days = kh.summary.purchase_days(LINES, allow_negative=True)
    assert days[["customer_id", "amount"]].values.tolist() == [["a", 100.0], ["a", 50.0], ["c", 200.0], ["d", 10.0]]
    assert days["first_day"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-05", "2025-01-05", "2024-12-20", "2025-01-15"]
    with pytest.raises(KhlibInputError, match="'b'"):
        kh.summary.purchase_days(LINES, customer_id="b", allow_negative=True)


def test_without_returns_the_option_changes_nothing(lines):
    for call in (kh.customer_summary, kh.product_summary, kh.sales_by_period):
        pd.testing.assert_frame_equal(call(lines, allow_negative=True), call(lines))
    pd.testing.assert_frame_equal(kh.btyd_summary(lines, calibration_end="2025-03-31", allow_negative=True),
                                  kh.btyd_summary(lines, calibration_end="2025-03-31"))
