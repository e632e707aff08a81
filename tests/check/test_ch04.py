"""Self-checks of chapter 04 客户分级: right, wrong and near-miss answers get the right message.

The right answers are pinned to constants computed by hand from the data files with plain
pandas (not khlib), so that a grading bug cannot make a check and its test agree."""

import math

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import check

# 2025 buyers: 2,585. ABC with cuts 80% / 95%: A 463, B 809, C 1,313. With cuts 70% / 90% (the
# material's second version): A 279. On 2025 gross profit (amount - quantity x unit cost): A 620,
# of whom 177 are not A on sales (and 20 A on sales are not A on gross profit).
Q04_2 = 279
Q04_3 = 177
# D (course rule): C customers with >= 50% of their invoices due by 2025-12-31 settled late (or
# open past due) and late invoices on average >= 15 days late: 233, so C keeps 1,080.
# Salesperson visits a month (A 3, B 2, C 1, D 0): 3x463 + 2x809 + 1x1,080 = 4,087;
# capacity 39 salespeople x 4 visits x 22 days = 3,432.
#   a) A cut 70% (B still to 95%): A 279, B 993, C 1,080: 837 + 1,986 + 1,080 = 3,903 > 3,432
#   b) C every other month: 4,087 - 0.5 x 1,080 = 3,547 > 3,432
#   c) both: 3,903 - 540 = 3,363 <= 3,432  <- the only option that fits
#   d) 5 more salespeople: 44 x 88 = 3,872 < 4,087
Q04_4 = "c"
GRADES_2025 = {"A": 463, "B": 809, "C": 1080, "D": 233}
# 2024 A customers in 华东: 157; in 2025 131 are still A, 16 are B, 10 bought nothing: 16 + 10 = 26.
Q04_5 = 26


def _abc(values: pd.Series, a: float = 0.80, b: float = 0.95) -> pd.Series:
    s = values.sort_index().sort_values(ascending=False, kind="stable")
    before = (s.cumsum() - s) / s.sum()
    return pd.Series(np.where(before < a - 1e-12, "A", np.where(before < b - 1e-12, "B", "C")), index=s.index)


def _year(orders, year):
    return orders[(orders["order_date"] >= f"{year}-01-01") & (orders["order_date"] < f"{year + 1}-01-01")]


def _late_payers(invoices, payments, asof="2025-12-31"):
    ref = pd.Timestamp(asof)
    pay = payments[payments["payment_date"] <= ref]
    paid = pay.groupby("invoice_id")["amount"].sum()
    last = pay.groupby("invoice_id")["payment_date"].max()
    inv = invoices[invoices["due_date"] <= ref].set_index("invoice_id")
    open_ = (inv["amount"] - paid.reindex(inv.index).fillna(0)).round(2) > 0.005
    end = last.reindex(inv.index).where(~open_, ref)
    late_days = (end - inv["due_date"]).dt.days
    late = late_days > 0
    share = late.groupby(inv["customer_id"]).mean()
    mean_late = late_days[late].groupby(inv["customer_id"][late]).mean()
    return set(share.index[(share >= 0.5) & (mean_late.reindex(share.index).fillna(0) >= 15)])


def test_hand_constants_match_the_data(orders, products, invoices, payments, customers):
    y25, y24 = _year(orders, 2025), _year(orders, 2024)
    sales = y25.groupby("customer_id")["amount"].sum()
    g = _abc(sales)
    assert len(sales) == 2585 and (g == "A").sum() == 463 and (g == "B").sum() == 809
    assert (_abc(sales, 0.70, 0.90) == "A").sum() == Q04_2
    cost = y25["product_id"].map(products.set_index("product_id")["unit_cost"]) * y25["quantity"]
    gp = (y25["amount"] - cost).groupby(y25["customer_id"]).sum()
    a_gp, a_s = set(gp.index[_abc(gp).reindex(gp.index) == "A"]), set(g.index[g == "A"])
    assert len(a_gp) == 620 and len(a_gp - a_s) == Q04_3 and len(a_s - a_gp) == 20
    late = _late_payers(invoices, payments)
    d = {c for c in g.index[g == "C"] if c in late}
    assert len(d) == GRADES_2025["D"]
    need = 3 * 463 + 2 * 809 + (1313 - len(d))
    assert need == 4087 and 39 * 88 == 3432 and math.ceil(need / 88) == 47
    g24 = _abc(y24.groupby("customer_id")["amount"].sum())
    region = customers.set_index("customer_id")["region"]
    a24 = [c for c in g24.index[g24 == "A"] if region[c] == "华东"]
    after = g.reindex(a24)
    assert len(a24) == 157 and after.isna().sum() == 10 and (after.notna() & (after != "A")).sum() == 16


def test_d_grade_on_the_company_matches_the_hand_count(orders, invoices, payments):
    s = kh.customer_summary(orders, start="2025-01-01", end="2025-12-31")
    d = kh.grading.d_grade(kh.abc_grade(s), invoices, payments, asof="2025-12-31")
    assert d["grade"].astype(str).value_counts().to_dict() == GRADES_2025
    g = _abc(_year(orders, 2025).groupby("customer_id")["amount"].sum())
    by_hand = set(g.index[g == "C"]) & _late_payers(invoices, payments)
    assert set(d.index[d["grade"] == "D"]) == by_hand


def test_q04_1():
    assert check.q04_1(list("AAABBBBCCC")).ok is True
    assert check.q04_1(kh.abc_grade(kh.grading.HAND_EXAMPLE)["grade"]).ok is True
    fb = check.q04_1(list("AAAABBBCCC"))
    assert fb.ok is False and "客户丁" in fb.message and "81.0%" in fb.message
    assert "10 个" in check.q04_1(["A"]).message


def test_q04_2():
    assert check.q04_2(Q04_2).ok is True
    assert check.q04_2(float(Q04_2)).ok is True
    assert "默认分界点" in check.q04_2(463).message
    assert check.q04_2(Q04_2 + 1).ok is False
    assert "整数" in check.q04_2("很多").message


def test_q04_3():
    assert check.q04_3(Q04_3).ok is True
    assert "毛利的 A 类总数" in check.q04_3(620).message
    assert "方向反了" in check.q04_3(20).message
    assert check.q04_3(Q04_3 - 1).ok is False


def test_q04_4_decision():
    fb = check.q04_4(Q04_4)
    assert fb.ok is True and "3,363" in fb.message and "3,432" in fb.message
    assert check.q04_4("C").ok is True and check.q04_4("(c)").ok is True
    assert "3,903" in check.q04_4("a").message and check.q04_4("a").ok is False
    assert "3,547" in check.q04_4("b").message and check.q04_4("b").ok is False
    fb = check.q04_4("d")
    assert fb.ok is False and "3,872" in fb.message and "8 人" in fb.message
    assert "一个字母" in check.q04_4("e").message


def test_q04_5():
    assert check.q04_5(Q04_5).ok is True
    assert "漏了 2025 年一单也没下" in check.q04_5(16).message
    assert "漏了降到 B、C" in check.q04_5(10).message
    assert check.q04_5(Q04_5 + 2).ok is False


@pytest.mark.parametrize("fn", [check.q04_2, check.q04_3, check.q04_4, check.q04_5])
def test_unanswered(fn):
    assert fn(None).ok is None and fn((None, None)).ok is None
