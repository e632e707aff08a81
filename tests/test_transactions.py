"""Chapter 05 交易分析: product scorecard and receivables."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib import transactions as tr

# Five products, one year (12 months of stock): small enough to compute by hand.
PRODUCTS = pd.DataFrame({"product_id": list("ABCDE"), "unit_cost": [60.0, 30.0, 8.0, 50.0, 100.0]})
ORDERS = pd.DataFrame({
    "order_id": ["o1", "o2", "o3", "o4", "o5"], "customer_id": ["x"] * 5,
    "order_date": ["2025-03-01"] * 5, "product_id": list("ABCDE"),
    "quantity": [100, 100, 500, 10, 10], "amount": [10000.0, 5000.0, 5000.0, 1000.0, 1500.0]})
INVENTORY = pd.DataFrame({"product_id": [p for p in "ABCDE" for _ in range(12)],
                          "month": [f"2025-{m:02d}" for _ in "ABCDE" for m in range(1, 13)],
                          "avg_stock_value": [2000.0] * 12 + [3000.0] * 12 + [500.0] * 12 + [1000.0] * 12 + [0.0] * 12})


def test_five_product_scorecard_by_hand():
    with pytest.warns(UserWarning, match=r"Turnover undefined.*'E'"):
        sc = tr.product_scorecard(ORDERS, PRODUCTS, INVENTORY)
    a = sc.loc["A"]
    assert a["gross_profit"] == 4000 and a["margin_rate"] == pytest.approx(0.4)
    assert a["turnover"] == pytest.approx(5.0)            # 10000 / 2000
    assert a["cross_ratio"] == pytest.approx(2.0)         # 0.4 x 5
    assert a["share"] == pytest.approx(10000 / 22500)
    assert a["contribution_ratio"] == pytest.approx(2.0 * 10000 / 22500)
    assert sc.loc["C", "cross_ratio"] == pytest.approx(0.2 * 10)  # 1000 / 5000 margin, 5000 / 500 turnover
    assert pd.isna(sc.loc["E", "turnover"]) and sc.loc["E", "stock_note"] == "无库存：周转率无定义"
    assert list(sc.index[:3]) == ["A", "B", "C"] and sc.loc["A", "abc"] == "A"


def test_scorecard_bad_input():
    with pytest.raises(KhlibInputError, match="unit_cost"):
        tr.product_scorecard(ORDERS, PRODUCTS.drop(columns="unit_cost"))
    with pytest.raises(KhlibInputError, match="missing from the product"):
        tr.product_scorecard(ORDERS, PRODUCTS.iloc[:4])


INV = pd.DataFrame({"invoice_id": ["i1", "i2", "i3", "i4"], "customer_id": ["a", "a", "b", "c"],
                    "invoice_date": ["2025-09-01", "2025-10-15", "2025-11-20", "2025-12-20"],
                    "due_date": ["2025-10-01", "2025-11-14", "2025-12-20", "2026-01-19"],
                    "amount": [1000.0, 500.0, 300.0, 200.0]})
PAY = pd.DataFrame({"invoice_id": ["i1", "i2"], "customer_id": ["a", "a"],
                    "payment_date": ["2025-09-25", "2025-12-01"], "amount": [400.0, 500.0]})


def test_ageing_buckets_by_hand():
    ag = tr.ageing_table(INV, PAY, asof="2025-12-31")
    # i1: 600 open, 91 days past due; i3: 300, 11 days; i4: 200 not due; i2 fully paid
    assert ag.loc["a", "逾期90天以上"] == 600 and ag.loc["b", "逾期1-30天"] == 300 and ag.loc["c", "未到期"] == 200
    assert ag["合计"].sum() == 1100 and ag.loc["c", "逾期占比"] == 0
    dso = tr.days_sales_outstanding(INV, PAY, asof="2025-12-31", days=90)
    assert dso == pytest.approx(1100 / (500 + 300 + 200) * 90)


@pytest.mark.parametrize("pay,match", [
    (PAY.assign(amount=[1200.0, 500.0]), "exceed"),
    (PAY.assign(payment_date=["2025-08-01", "2025-12-01"]), "before their invoice"),
    (PAY.assign(invoice_id=["i1", "i9"]), "unknown invoices"),
    (PAY.assign(customer_id=["a", "zz"]), "customer id"),
])
def test_receivables_bad_input(pay, match):
    with pytest.raises(KhlibInputError, match=match):
        tr.ageing_table(INV, pay, asof="2025-12-31")


def test_company_receivables():
    inv, pay = kh.datasets.load_invoices(), kh.datasets.load_payments()
    ag = tr.ageing_table(inv, pay, asof="2025-12-31")
    assert ag["逾期90天以上"].sum() > 0 and ag["未到期"].sum() > ag["逾期90天以上"].sum()
    assert 30 < tr.days_sales_outstanding(inv, pay, asof="2025-12-31") < 120
