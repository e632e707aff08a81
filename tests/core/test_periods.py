"""One period helper: ``end`` is the whole day, everywhere."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.periods import in_period, month_bounds, months_before, period_bounds, select_period


def test_end_is_the_whole_day():
    s = pd.Series(pd.to_datetime(["2025-12-30 23:59", "2025-12-31 00:00", "2025-12-31 14:05",
                                  "2025-12-31 23:59:59", "2026-01-01 00:00"], format="mixed"))
    assert in_period(s, "2025-12-31", "2025-12-31").tolist() == [False, True, True, True, False]
    assert in_period(s, end=pd.Timestamp("2025-12-31 08:00")).tolist() == [True, True, True, True, False]


def test_bounds_and_errors():
    assert period_bounds(None, None) == (None, None)
    with pytest.raises(KhlibInputError, match="ends"):
        period_bounds("2025-02-01", "2025-01-31")
    with pytest.raises(KhlibInputError, match="not a date"):
        period_bounds("2025-13-45")
    assert month_bounds("2024-02") == (pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"))
    assert months_before("2026-03", 2) == (pd.Timestamp("2026-01-01"), pd.Timestamp("2026-02-28"))
    with pytest.raises(KhlibInputError, match="No rows"):
        select_period(pd.DataFrame({"order_date": pd.to_datetime(["2025-01-01"])}), "2026-01-01")


def _late_orders(o):
    """Company lines plus one order at 14:05 on 31 December 2025 by a customer with no other order."""
    extra = o.iloc[[0]].assign(customer_id="LATE1", order_id="LATE-O", order_date=pd.Timestamp("2025-12-31 14:05"))
    return pd.concat([o, extra], ignore_index=True)


def test_every_period_function_keeps_the_last_day(orders, customers, products):
    o = _late_orders(orders)
    y = dict(start="2025-01-01", end="2025-12-31")
    s = kh.customer_summary(o, **y)
    assert "LATE1" in s.index and s.loc["LATE1", "recency_days"] == 0
    p = kh.product_summary(o, **y)
    assert p["sales"].sum() == pytest.approx(s["sales"].sum())
    c = kh.transactions.composition(o, pd.concat([customers, customers.iloc[[0]].assign(customer_id="LATE1")]),
                                    "region", **y)
    assert c["customers"].sum() == len(s)
    mix = kh.summary.mix_sales(o, products, "LATE1", **y)
    assert mix["customer_sales"].sum() == pytest.approx(o["amount"].iloc[-1])
    b = kh.btyd_summary(o, calibration_end="2025-12-31")
    assert "LATE1" in b.index
