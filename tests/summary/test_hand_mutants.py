"""The three hand-made mutants the issue named, each pinned by a test that fails on it:
zero-amount lines rejected, the period start made exclusive, the asof default ignoring end."""

import pandas as pd
import pytest

import khlib as kh

LINES = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": ["o1", "o2", "o3"],
                      "order_date": ["2025-01-01", "2025-03-01", "2025-02-01"], "amount": [100.0, 0.0, 50.0]})


def test_zero_amount_lines_are_accepted_and_counted():
    out = kh.prepare_orders(LINES)
    assert len(out) == 3 and out["amount"].tolist() == [100.0, 0.0, 50.0]
    s = kh.customer_summary(LINES)
    assert s.loc["a", "orders"] == 2 and s.loc["a", "sales"] == 100.0  # a free replacement still is an order


def test_period_start_is_inclusive():
    s = kh.customer_summary(LINES, start="2025-01-01", end="2025-12-31")
    assert s.loc["a", "first_date"] == pd.Timestamp("2025-01-01") and s.loc["a", "lines"] == 2
    assert kh.product_summary(LINES.assign(product_id="p"), start="2025-02-01")["sales"].sum() == pytest.approx(50.0)


def test_asof_defaults_to_end_not_to_the_last_order():
    s = kh.customer_summary(LINES, end="2025-06-30")  # last order 2025-03-01
    assert s.loc["a", "recency_days"] == (pd.Timestamp("2025-06-30") - pd.Timestamp("2025-03-01")).days
    assert s.loc["b", "tenure_days"] == (pd.Timestamp("2025-06-30") - pd.Timestamp("2025-02-01")).days
    assert kh.customer_summary(LINES).loc["a", "recency_days"] == 0  # no end: the last order's day
