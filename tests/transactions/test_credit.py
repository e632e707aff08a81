"""Chapter 05 交易分析: receivables ageing, DSO, the credit check and the credit policy per grade."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib import transactions as tr
from tests.samples import INVOICES, PAYMENTS


def test_ageing_buckets_by_hand():
    ag = tr.ageing_table(INVOICES, PAYMENTS, asof="2025-12-31")
    # i1: 600 open, 91 days past due; i3: 300, 11 days; i4: 200 not due; i2 fully paid
    assert ag.loc["a", "overdue_90_plus"] == 600 and ag.loc["b", "overdue_1_30"] == 300 and ag.loc["c", "not_due"] == 200
    assert ag["balance"].sum() == 1100 and ag.loc["c", "overdue_share"] == 0
    shown = kh.labelled(ag)  # what students see: the Chinese bucket names, in order
    assert list(shown.columns[:5]) == tr.AGE_BUCKETS and {"应收余额", "逾期占比"} <= set(shown.columns)
    dso = tr.days_sales_outstanding(INVOICES, PAYMENTS, asof="2025-12-31", days=90)
    assert dso == pytest.approx(1100 / (500 + 300 + 200) * 90)


@pytest.mark.parametrize("pay,match", [
    (PAYMENTS.assign(amount=[1200.0, 500.0]), "exceed"),
    (PAYMENTS.assign(payment_date=["2025-08-01", "2025-12-01"]), "before their invoice"),
    (PAYMENTS.assign(invoice_id=["i1", "i9"]), "unknown invoices"),
    (PAYMENTS.assign(customer_id=["a", "zz"]), "customer id"),
])
def test_receivables_bad_input(pay, match):
    with pytest.raises(KhlibInputError, match=match):
        tr.ageing_table(INVOICES, pay, asof="2025-12-31")


def test_company_receivables(invoices, payments):
    ag = tr.ageing_table(invoices, payments, asof="2025-12-31")
    assert ag["overdue_90_plus"].sum() > 0 and ag["not_due"].sum() > ag["overdue_90_plus"].sum()
    assert 30 < tr.days_sales_outstanding(invoices, payments, asof="2025-12-31") < 120


def test_credit_check_by_hand():
    cust = pd.DataFrame({"customer_id": ["a", "b", "c"], "credit_limit": [500, 1000, 100]})
    cc = tr.credit_check(INVOICES, PAYMENTS, cust, asof="2025-12-31")
    assert cc.loc["a", "balance"] == 600 and cc.loc["a", "overdue_90"] == 600 and bool(cc.loc["a", "over_limit"])
    assert cc.loc["b", "balance"] == 300 and cc.loc["b", "utilisation"] == pytest.approx(0.3)
    assert not bool(cc.loc["b", "over_limit"])
    assert cc.loc["c", "utilisation"] == pytest.approx(2.0) and bool(cc.loc["c", "over_limit"])  # not due, but over


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


def test_overdue_interest_by_hand():
    # at 2025-12-31 (samples): i1 600 open, due 2025-10-01 → 91 days overdue; i3 300 open, due
    # 2025-12-20 → 11 days; i4 not due (no cost); i2 paid.  At 3.65% a year, 0.01% a day:
    # a: 600 × 91 × 0.0001 = 5.46;  b: 300 × 11 × 0.0001 = 0.33
    out = tr.overdue_interest(INVOICES, PAYMENTS, asof="2025-12-31", annual_rate=0.0365)
    assert out.index.tolist() == ["a", "b"]
    assert out["interest"].tolist() == pytest.approx([5.46, 0.33])
    assert out["overdue_balance"].tolist() == [600.0, 300.0] and out["mean_days_overdue"].tolist() == [91, 11]
    # the default rate is the one-year LPR of 2025 (3.0%): 600 × 91 × 0.03 / 365 = 4.4877
    assert tr.overdue_interest(INVOICES, PAYMENTS, asof="2025-12-31").loc["a", "interest"] == pytest.approx(4.4877, abs=1e-4)
    by_region = tr.overdue_interest(INVOICES.assign(region=["东", "东", "东", "西"]), PAYMENTS, asof="2025-12-31",
                                    annual_rate=0.0365, by="region")
    assert by_region["interest"].to_dict() == pytest.approx({"东": 5.79})
    with pytest.raises(KhlibInputError, match="annual_rate"):
        tr.overdue_interest(INVOICES, PAYMENTS, asof="2025-12-31", annual_rate=3.0)
