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


CUST = pd.DataFrame({"customer_id": list("abcde"), "region": ["东", "东", "东", "西", "西"],
                     "credit_limit": [500, 1000, 100, 0, 50]})
LINES = pd.DataFrame({"customer_id": list("abcd"), "order_date": ["2025-05-01"] * 4,
                      "amount": [600.0, 300.0, 100.0, 400.0]})


def test_composition_by_hand():
    comp = tr.composition(LINES, CUST, "region", top=0.2)
    assert comp.loc["东", "customers"] == 3 and comp.loc["东", "sales"] == 1000
    assert comp.loc["东", "share"] == pytest.approx(1000 / 1400)
    assert comp.loc["东", "top_share"] == pytest.approx(0.6)  # ceil(0.2 x 3) = 1 customer: a
    assert comp.loc["西", "top_share"] == 1.0


def test_share_vs_plan_flags():
    plan = pd.DataFrame({"customer_id": list("abcde"), "expected_share_of_region": [0.5, 0.3, 0.2, 0.6, 0.4]})
    res = tr.share_vs_plan(LINES, CUST, plan)
    assert res.loc["a", "flag"] == "正常" and res.loc["a", "ratio"] == pytest.approx(0.6 / 0.5)
    assert res.loc["c", "flag"] == "低于计划"  # 10% against 20%
    assert res.loc["e", "flag"] == "未下单"
    with pytest.raises(KhlibInputError, match="missing from the customer table"):
        tr.share_vs_plan(LINES, CUST, pd.concat([plan, pd.DataFrame({"customer_id": ["zz"],
                                                                      "expected_share_of_region": [0.1]})]))


def test_credit_check_by_hand():
    cust = pd.DataFrame({"customer_id": ["a", "b", "c"], "credit_limit": [500, 1000, 100]})
    cc = tr.credit_check(INV, PAY, cust, asof="2025-12-31")
    assert cc.loc["a", "balance"] == 600 and cc.loc["a", "overdue_90"] == 600 and bool(cc.loc["a", "over_limit"])
    assert cc.loc["b", "balance"] == 300 and cc.loc["b", "utilisation"] == pytest.approx(0.3)
    assert not bool(cc.loc["b", "over_limit"])
    assert cc.loc["c", "utilisation"] == pytest.approx(2.0) and bool(cc.loc["c", "over_limit"])  # not due, but over


def test_company_composition_and_plan():
    o, c = kh.datasets.load_orders(), kh.datasets.load_customers()
    comp = tr.composition(o, c, ["region", "segment"], start="2025-01-01", end="2025-12-31")
    assert comp["share"].sum() == pytest.approx(1) and (comp["top_share"] > 0.5).all()
    pc, _ = kh.datasets.load_plans()
    res = tr.share_vs_plan(o, c, pc, start="2025-01-01", end="2025-12-31")
    assert set(res["flag"]) == {"正常", "低于计划", "未下单"}
    assert (res.loc[res["flag"] == "低于计划", "ratio"] < 0.8).all() and (res.loc[res["flag"] == "正常", "ratio"] >= 0.8).all()
    no_sales = set(pc["customer_id"]) - set(o.loc[o["order_date"].dt.year == 2025, "customer_id"])
    assert set(res.index[res["flag"] == "未下单"]) == no_sales
    cc = tr.credit_check(kh.datasets.load_invoices(), kh.datasets.load_payments(), c, asof="2025-12-31")
    assert cc["over_limit"].sum() > 0
