"""Grade D from payment behaviour and the account-manager tables, on hand-made frames whose
answers are worked out in the comments."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError, KhlibWarning
from khlib.grading import account_managers, d_grade, payment_behaviour, salesperson_load

ASOF = "2025-06-30"

# Five customers, all due dates 2025-01-31 unless noted; asof 2025-06-30.
#   a (A): i1 paid 2025-03-31 (59 days late), i2 paid 2025-04-10 (69 late): late 2/2, mean 64 -> pays late, but A
#   b (C): i3 paid 2025-02-20 (20 late), i4 paid on 2025-01-25 (on time): late 1/2 = 50%, mean 20 -> D
#   c (C): i5 paid 2025-02-05 (5 late), i6 paid 2025-02-10 (10 late): 2/2 late but mean 7.5 < 15 -> stays C
#   d (C): i7 100.00 never paid: open 150 days past due: 1/1 late, mean 150, overdue 100 -> D
#          i8 due 2025-07-31 (not yet due at asof): ignored
#   e (C): i9 paid in two parts, 60 on 2025-01-20 and 40 on 2025-03-02 (settled 30 days late) -> D
#          i10 paid 2025-01-31 (on time): late 1/2 = 50%, mean 30
#   f (B): no invoice -> no payment record, keeps B
INVOICES = pd.DataFrame({
    "invoice_id": [f"i{k}" for k in range(1, 11)],
    "customer_id": list("aabbccdd") + ["e", "e"],
    "invoice_date": ["2025-01-01"] * 7 + ["2025-06-01", "2025-01-01", "2025-01-01"],
    "due_date": ["2025-01-31"] * 7 + ["2025-07-31", "2025-01-31", "2025-01-31"],
    "amount": [500.0, 400.0, 30.0, 20.0, 25.0, 25.0, 100.0, 80.0, 100.0, 10.0],
})
PAYMENTS = pd.DataFrame({
    "invoice_id": ["i1", "i2", "i3", "i4", "i5", "i6", "i9", "i9", "i10"],
    "customer_id": ["a", "a", "b", "b", "c", "c", "e", "e", "e"],
    "payment_date": ["2025-03-31", "2025-04-10", "2025-02-20", "2025-01-25", "2025-02-05", "2025-02-10",
                     "2025-01-20", "2025-03-02", "2025-01-31"],
    "amount": [500.0, 400.0, 30.0, 20.0, 25.0, 25.0, 60.0, 40.0, 10.0],
})
GRADED = pd.DataFrame({"sales": [900.0, 80.0, 50.0, 50.0, 110.0, 120.0],
                       "grade": pd.Categorical(list("ACCCCB"), categories=list("ABC"), ordered=True)},
                      index=pd.Index(list("abcdef"), name="customer_id"))


def test_payment_behaviour_by_hand():
    b = payment_behaviour(INVOICES, PAYMENTS, asof=ASOF)
    assert list(b.index) == list("abcde")
    assert b["invoices_due"].tolist() == [2, 2, 2, 1, 2]
    assert b["late_invoices"].tolist() == [2, 1, 2, 1, 1]
    assert b["late_share"].tolist() == [1.0, 0.5, 1.0, 1.0, 0.5]
    assert b["mean_days_late"].tolist() == [64.0, 20.0, 7.5, 150.0, 30.0]
    assert b["overdue_balance"].tolist() == [0.0, 0.0, 0.0, 100.0, 0.0]


def test_d_grade_by_hand_and_input_unchanged():
    before = GRADED.copy()
    d = d_grade(GRADED, INVOICES, PAYMENTS, asof=ASOF)
    pd.testing.assert_frame_equal(GRADED, before)
    assert d["grade"].astype(str).tolist() == ["A", "D", "C", "D", "D", "B"]
    assert list(d["grade"].cat.categories) == list("ABCD") and d["grade"].cat.ordered
    assert d["pays_late"].tolist() == [True, True, False, True, True, False]
    assert d.loc["f", "invoices_due"] == 0 and pd.isna(d.loc["f", "late_share"])
    assert list(d.index) == list("abcdef") and d["sales"].tolist() == GRADED["sales"].tolist()


def test_d_grade_thresholds_are_parameters():
    # mean 7.5 days: c becomes D when 5 days are enough; with 60% needed, b and e (50%) stay C
    d = d_grade(GRADED, INVOICES, PAYMENTS, asof=ASOF, days_late=5, late_share=0.6)
    assert d["grade"].astype(str).tolist() == ["A", "C", "D", "D", "C", "B"]
    d = d_grade(GRADED, INVOICES, PAYMENTS, asof=ASOF, from_grades=("A", "C"))
    assert d.loc["a", "grade"] == "D"


def test_d_grade_earlier_asof_sees_less():
    # on 2025-02-15: i3 (b) is 15 days overdue and open -> late 1/2, mean 15 -> D;
    # i9 (e) 40 still open 15 days past due -> late 1/2, mean 15 -> D; c: i5 and i6 settled 5 and
    # 10 days late (both before the 15th) -> 2/2, mean 7.5 -> C
    d = d_grade(GRADED, INVOICES, PAYMENTS, asof="2025-02-15")
    assert d["grade"].astype(str).tolist() == ["A", "D", "C", "D", "D", "B"]
    assert d.loc["c", "mean_days_late"] == 7.5 and d.loc["e", "overdue_balance"] == 40.0


def test_d_grade_bad_inputs():
    with pytest.raises(KhlibInputError, match="late_share"):
        d_grade(GRADED, INVOICES, PAYMENTS, asof=ASOF, late_share=50)
    with pytest.raises(KhlibInputError, match="days_late"):
        d_grade(GRADED, INVOICES, PAYMENTS, asof=ASOF, days_late=-1)
    with pytest.raises(KhlibInputError, match="缺少列 \\['grade'\\]"):
        d_grade(GRADED.drop(columns="grade"), INVOICES, PAYMENTS, asof=ASOF)
    with pytest.raises(KhlibInputError, match="重复"):
        d_grade(pd.concat([GRADED, GRADED]), INVOICES, PAYMENTS, asof=ASOF)
    with pytest.warns(KhlibWarning, match="没有一个相同"):
        d_grade(GRADED.reset_index(drop=True), INVOICES, PAYMENTS, asof=ASOF)


ASSIGN = pd.DataFrame({"customer_id": ["a", "b", "c", "c", "d", "e"],
                       "salesperson_id": ["S1", "S1", "S1", "S2", "S2", "S2"]})


def test_account_managers_find_top_customers_without_one_responsible_person():
    g = GRADED.assign(grade=pd.Categorical(list("AAABCB"), categories=list("ABC")))
    am = account_managers(g, ASSIGN[ASSIGN["customer_id"] != "a"])
    # a: nobody; b: S1 only; c: S1 and S2 -> nobody alone. Largest first by sales: a 900, b 80, c 50
    assert list(am.index) == ["a", "b", "c"]
    assert am["salespeople"].tolist() == [0, 1, 2] and am["salesperson_id"].tolist() == ["", "S1", "S1、S2"]


def test_salesperson_load_counts_grades_and_visits():
    d = d_grade(GRADED, INVOICES, PAYMENTS, asof=ASOF)  # a A, b D, c C, d D, e D, f B (no salesperson)
    load = salesperson_load(d, ASSIGN)
    # S1: a (A), b (D), c (C): visits 3 + 0 + 1 = 4; S2: c (C), d (D), e (D): 1
    assert list(load.index) == ["S1", "S2"]
    assert load.loc["S1", ["A", "B", "C", "D"]].tolist() == [1, 0, 1, 1]
    assert load["customers"].tolist() == [3, 3] and load["visits"].tolist() == [4.0, 1.0]


def test_d_grade_shows_in_chinese():
    html = kh.show(d_grade(GRADED, INVOICES, PAYMENTS, asof=ASOF)).to_html()
    for zh in ("逾期付款比例", "平均逾期天数", "逾期应收余额", "付款拖延", "50.0%"):
        assert zh in html
