"""Chapter 05 交易分析: customer composition, sales against the sales plan, a customer's product mix."""

import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib import transactions as tr
from tests.samples import CUSTOMERS, REGION_LINES, YEAR_2025


def test_composition_by_hand():
    comp = tr.composition(REGION_LINES, CUSTOMERS, "region", top=0.2)
    assert comp.loc["东", "customers"] == 3 and comp.loc["东", "sales"] == 1000
    assert comp.loc["东", "share"] == pytest.approx(1000 / 1400)
    assert comp.loc["东", "top_share"] == pytest.approx(0.6)  # ceil(0.2 x 3) = 1 customer: a
    assert comp.loc["西", "top_share"] == 1.0


def test_share_vs_plan_flags():
    plan = pd.DataFrame({"customer_id": list("abcde"), "expected_share_of_region": [0.5, 0.3, 0.2, 0.6, 0.4]})
    res = tr.share_vs_plan(REGION_LINES, CUSTOMERS, plan)
    assert res.loc["a", "flag"] == "正常" and res.loc["a", "ratio"] == pytest.approx(0.6 / 0.5)
    assert res.loc["c", "flag"] == "低于计划"  # 10% against 20%
    assert res.loc["e", "flag"] == "未下单"
    with pytest.raises(KhlibInputError, match="missing from the customer table"):
        tr.share_vs_plan(REGION_LINES, CUSTOMERS, pd.concat([plan, pd.DataFrame({"customer_id": ["zz"],
                                                                                  "expected_share_of_region": [0.1]})]))


def test_company_composition_and_plan(orders, customers, sales_plan, invoices, payments):
    comp = tr.composition(orders, customers, ["region", "segment"], **YEAR_2025)
    assert comp["share"].sum() == pytest.approx(1) and (comp["top_share"] > 0.5).all()
    res = tr.share_vs_plan(orders, customers, sales_plan, **YEAR_2025)
    assert set(res["flag"]) == {"正常", "低于计划", "未下单"}
    assert (res.loc[res["flag"] == "低于计划", "ratio"] < 0.8).all() and (res.loc[res["flag"] == "正常", "ratio"] >= 0.8).all()
    no_sales = set(sales_plan["customer_id"]) - set(orders.loc[orders["order_date"].dt.year == 2025, "customer_id"])
    assert set(res.index[res["flag"] == "未下单"]) == no_sales
    cc = tr.credit_check(invoices, payments, customers, asof="2025-12-31")
    assert cc["over_limit"].sum() > 0


def test_product_mix_against_company_by_hand():
    orders = pd.DataFrame({"customer_id": ["x", "x", "y", "y"], "product_id": ["A", "B", "A", "C"],
                           "amount": [300.0, 100.0, 100.0, 500.0]})
    products = pd.DataFrame({"product_id": list("ABC"), "category": ["纸", "墨", "机"]})
    mix = tr.product_mix(orders, products, "x")
    assert mix.loc["纸", "purchase_share"] == pytest.approx(0.75)
    assert mix.loc["纸", "company_share"] == pytest.approx(0.4)
    assert mix.loc["机", "diff_pp"] == pytest.approx(-50.0)  # x buys no machines, the company 50%
    assert mix.index[0] == "机"                             # biggest gap first: the product to push
    with pytest.raises(KhlibInputError, match="'z'"):
        tr.product_mix(orders, products, "z")
    with pytest.raises(KhlibInputError, match="产品表里没有"):
        tr.product_mix(orders, products[products["product_id"] != "C"], "x")


def test_product_plan_check_by_hand():
    lines = pd.DataFrame({"customer_id": ["a"] * 4, "order_date": ["2025-03-01"] * 3 + ["2024-03-01"],
                          "product_id": ["p", "q", "r", "s"], "amount": [600.0, 250.0, 150.0, 999.0]})
    plan = pd.DataFrame({"product_id": ["p", "q", "r", "s"], "expected_share": [0.4, 0.3, 0.2, 0.1]})
    out = tr.product_plan_check(lines, plan, start="2025-01-01", end="2025-12-31")
    # 2025: 1,000 in all → p 60% (ratio 1.5 > 1/0.8 = 1.25), q 25% (0.833 ≥ 0.8), r 15% (0.75 < 0.8), s 0
    assert out.loc["p", "actual_share"] == pytest.approx(0.6) and out.loc["p", "diff_pp"] == pytest.approx(20)
    assert out["flag"].to_dict() == {"s": "无销售", "r": "低于计划", "q": "符合计划", "p": "高于计划"}
    assert tr.product_plan_check(lines, plan, start="2025-01-01", end="2025-12-31", tolerance=0.9).loc["q", "flag"] == "低于计划"
    with pytest.raises(KhlibInputError, match="不在计划中"):
        tr.product_plan_check(lines, plan[plan["product_id"] != "p"].assign(expected_share=[0.5, 0.3, 0.2]),
                              start="2025-01-01", end="2025-12-31")
    with pytest.raises(KhlibInputError, match="合计应为 1"):
        tr.product_plan_check(lines, plan.assign(expected_share=0.5))
