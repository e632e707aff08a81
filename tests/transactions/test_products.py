"""Chapter 05 交易分析: product scorecard and receivables."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib import fieldsales as fs
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


# --------------------------------------------------------------------------------------------
# Product mix, credit policy, routes, calendar, the flow.
import itertools
import warnings

import numpy as np

from khlib import datasets


def test_product_mix_against_company_by_hand():
    orders = pd.DataFrame({"customer_id": ["x", "x", "y", "y"], "product_id": ["A", "B", "A", "C"],
                           "amount": [300.0, 100.0, 100.0, 500.0]})
    products = pd.DataFrame({"product_id": list("ABC"), "category": ["纸", "墨", "机"]})
    mix = tr.product_mix(orders, products, "x")
    assert mix.loc["纸", "customer_share"] == pytest.approx(0.75)
    assert mix.loc["纸", "company_share"] == pytest.approx(0.4)
    assert mix.loc["机", "diff_pp"] == pytest.approx(-50.0)  # x buys no machines, the company 50%
    assert mix.index[0] == "机"                             # biggest gap first: the product to push
    with pytest.raises(KhlibInputError, match="'z'"):
        tr.product_mix(orders, products, "z")
    with pytest.raises(KhlibInputError, match="产品表里没有"):
        tr.product_mix(orders, products[products["product_id"] != "C"], "x")


def test_credit_recommendation_rules():
    graded = pd.DataFrame({"grade": ["A", "B", "C", "D", "A"], "sales": [120_000.0, 60_000.0, 12_000.0, 0.0, 240_000.0]},
                          index=["a", "b", "c", "d", "e"])
    customers = pd.DataFrame({"customer_id": list("abcde"), "payment_terms_days": [60, 30, 30, 30, 30],
                              "credit_limit": [10_000, 10_000, 10_000, 10_000, 10_000]})
    credit = pd.DataFrame({"balance": [5000.0], "overdue_90": [800.0]}, index=["e"])
    rec = tr.credit_recommendation(graded, customers, credit, months=12)
    # A: 2 x 10,000 a month x 60/30 days = 40,000
    assert rec.loc["a", "recommended"] == 40_000 and rec.loc["a", "action"] == "提高额度"
    assert rec.loc["b", "recommended"] == 10_000 and rec.loc["b", "action"] == "维持"   # 1.5 x 5,000 → 7,500 → 10,000
    assert rec.loc["c", "recommended"] == 5_000 and rec.loc["c", "action"] == "降低额度"
    assert rec.loc["d", "recommended"] == 0 and rec.loc["d", "action"].startswith("取消赊销")
    assert rec.loc["e", "recommended"] == 0 and rec.loc["e", "action"].startswith("暂停赊销")
    with pytest.raises(KhlibInputError, match=r"\['X'\]"):
        tr.credit_recommendation(graded.assign(grade=["X"] * 5), customers)
    with pytest.raises(KhlibInputError, match="'f'|f"):
        tr.credit_recommendation(graded.rename(index={"a": "f"}), customers)


def _points(n, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"customer_id": [f"c{i}" for i in range(n)], "name": [f"客户{i}" for i in range(n)],
                         "lat": 30.0 + rng.random(n) * 0.4, "lon": 120.0 + rng.random(n) * 0.5})


def _brute_force(d: np.ndarray) -> float:
    """Exact shortest closed tour from point 0 over all the others (vectorised enumeration)."""
    perms = np.array(list(itertools.permutations(range(1, len(d)))), dtype=np.int8)
    tours = np.hstack([np.zeros((len(perms), 1), np.int8), perms, np.zeros((len(perms), 1), np.int8)])
    return float(d[tours[:, :-1], tours[:, 1:]].sum(axis=1).min())


@pytest.mark.parametrize("n", [5, 7, 9])
def test_route_within_two_percent_of_the_brute_force_optimum(n):
    gaps = []
    for seed in range(4):
        pts = _points(n, seed)
        route = fs.visit_route(pts, origin=(30.2, 120.25))
        d = fs.distance_matrix(np.r_[30.2, pts["lat"]], np.r_[120.25, pts["lon"]])
        gaps.append(route.distance_km / _brute_force(d) - 1)
        assert sorted(route.order()) == sorted(pts["customer_id"])  # every stop exactly once
        assert route.stops["cum_km"].iloc[-1] + route.stops["leg_km"].iloc[0] <= route.distance_km + 1e-9
    assert max(gaps) <= 0.02, gaps


def test_route_is_reproducible_and_beats_the_naive_order():
    pts = _points(40, 7)
    a = fs.visit_route(pts, origin=(30.2, 120.25))
    b = fs.visit_route(pts, origin=(30.2, 120.25))
    assert a.order() == b.order() and a.distance_km == b.distance_km
    assert a.distance_km < 0.5 * a.naive_km
    open_route = fs.visit_route(pts, closed=False)
    assert open_route.n_customers == 40 and open_route.stops["kind"].eq("customer").all()


def test_route_leaves_out_and_names_customers_without_coordinates():
    pts = _points(6, 1)
    pts.loc[2, "lat"] = np.nan
    pts["lon"] = pts["lon"].astype(object)
    pts.loc[4, "lon"] = "n/a"
    with pytest.warns(UserWarning, match=r"c2 \('客户2'\), c4 \('客户4'\)"):
        route = fs.visit_route(pts, origin=(30.2, 120.25))
    assert route.left_out == ("c2", "c4") and route.n_customers == 4
    with pytest.raises(KhlibInputError, match="重复"):
        fs.visit_route(pd.concat([pts, pts]))
    with pytest.raises(KhlibInputError, match="lat"):
        fs.visit_route(pts.drop(columns="lat"))


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


@pytest.fixture(scope="module")
def company():
    plan_c, _ = datasets.load_plans()
    return dict(orders=datasets.load_orders(), customers=datasets.load_customers(),
                salespeople=datasets.load_salespeople(), assignments=datasets.load_assignments(), sales_plan=plan_c,
                invoices=datasets.load_invoices(), payments=datasets.load_payments())


def test_salesperson_plan_end_to_end(company, tmp_path):
    people = company["salespeople"]
    name = people.loc[people["salesperson_id"] == "S01", "name"].iloc[0]
    p = tr.salesperson_plan(name, "2026-01", **company)
    mine = company["assignments"].query("salesperson_id == 'S01'")["customer_id"]
    assert set(p.roster.index) == set(mine)
    assert p.period == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"))
    # grades are the company's ABC grades on 2025 sales
    summ = kh.customer_summary(company["orders"], start="2025-01-01", end="2025-12-31")
    graded = kh.abc_grade(summ["sales"][summ["sales"] > 0])
    sample = p.roster[p.roster["grade"] != "D"].index
    assert (p.roster.loc[sample, "grade"].astype(str) == graded.loc[sample, "grade"].astype(str)).all()
    # every visit the plan asks for is in the calendar, on working days, each day in one city
    visits = p.calendar[p.calendar["activity"] == "拜访"].groupby("customer_id").size()
    assert visits.sum() == p.roster["visits"].sum()
    assert set(p.calendar["date"]) <= set(fs.working_days("2026-01"))
    assert p.day_summary["km"].le(p.day_summary["naive_km"] + 1e-9).all()
    assert p.day_summary["km"].max() < 150       # no day crosses to another city
    assert p.territory_route.distance_km < 0.2 * p.territory_route.naive_km
    path = p.to_excel(tmp_path / "plan.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["客户名册", "拜访日历", "电话日历", "日程明细", "每日路线汇总", "路线明细"]
    with pytest.raises(KhlibInputError, match="没有业务员"):
        tr.salesperson_plan("不存在的人", "2026-01", **company)
