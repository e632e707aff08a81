"""The heavy step on order lines: customer_summary, product_summary, sales_by_period (khlib/summary/orders.py)."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError


def test_customer_summary_values(lines):
    s = kh.customer_summary(lines)
    assert s.loc["a", "orders"] == 2 and s.loc["a", "lines"] == 3 and s.loc["a", "sales"] == 200
    assert s.loc["c", "first_date"] == pd.Timestamp("2024-12-30")
    assert s.loc["a", "recency_days"] == 30  # asof = last date 2025-03-31
    assert s.loc["c", "tenure_days"] == 91
    assert s.loc["a", "mean_order"] == 100


def test_period_and_asof(lines):
    s = kh.customer_summary(lines, start="2025-01-01", end="2025-03-31")
    assert s.loc["c", "sales"] == 20 and s.loc["c", "orders"] == 1
    assert s.loc["b", "recency_days"] == (pd.Timestamp("2025-03-31") - pd.Timestamp("2025-02-10")).days
    with pytest.raises(KhlibInputError, match="asof"):
        kh.customer_summary(lines, asof="2025-01-01")
    with pytest.raises(KhlibInputError, match="No rows with order_date between 2030-01-01"):
        kh.customer_summary(lines, start="2030-01-01")


def test_summary_without_order_id_counts_days(lines):
    s = kh.customer_summary(lines.drop(columns=["order_id", "line_no"]))
    assert s.loc["a", "orders"] == 2


def test_summary_maps_analyst_columns(lines):
    mine = lines.rename(columns={"customer_id": "客户", "order_date": "日期", "amount": "金额"})
    s = kh.customer_summary(mine, customer="客户", date="日期", amount="金额")
    assert s["sales"].sum() == 730


def test_product_summary(lines):
    p = kh.product_summary(lines, quantity="quantity")
    assert p.loc["p1", "sales"] == 190 and p.loc["p1", "customers"] == 2
    assert p.loc["p2", "quantity"] == 7


def test_sales_by_period(lines):
    y = kh.sales_by_period(lines, freq="Y")
    assert list(y.columns) == ["2024", "2025"]
    assert y.loc["c", "2024"] == 10 and y.loc["b", "2024"] == 0


def test_company_summary_matches_raw_sum(orders):
    o = orders
    s = kh.customer_summary(o)
    assert s["sales"].sum() == pytest.approx(o["amount"].sum())
    assert s["lines"].sum() == len(o)
    assert s["orders"].sum() == o["order_id"].nunique()


def test_end_keeps_the_whole_last_day(lines):
    """An order at 14:05 on the last day stays in the period, and the customer with it."""
    late = lines.assign(order_date=lines["order_date"].where(lines["customer_id"] != "b", "2025-03-31 14:05"))
    s = kh.customer_summary(late, start="2025-01-01", end="2025-03-31")
    assert "b" in s.index and s.loc["b", "recency_days"] == 0
    p = kh.product_summary(late, end="2025-03-31")
    assert p["sales"].sum() == pytest.approx(730)
