"""Payment behaviour and grade D at their boundaries, pinned by hand (gaps found by mutation
testing of khlib/grading/payment.py, issue 11): an invoice due on the asof day counts, a payment
after asof does not, a balance of one cent is open, a refreshed table keeps its dtypes, index
name and grade order, late_share 0 and days_late 0 are the edges of what is allowed."""

import warnings

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError, KhlibWarning
from khlib.grading import d_grade, payment_behaviour

INV = pd.DataFrame({"invoice_id": ["i1", "i2", "i3", "i4"], "customer_id": ["a", "a", "b", "c"],
                    "invoice_date": ["2025-01-01"] * 4,
                    "due_date": ["2025-01-31", "2025-03-31", "2025-01-31", "2025-01-31"],
                    "amount": [100.0, 50.0, 80.0, 10.0]})
PAY = pd.DataFrame({"invoice_id": ["i1", "i3", "i4", "i2"], "customer_id": ["a", "b", "c", "a"],
                    "payment_date": ["2025-03-02", "2025-01-20", "2025-02-10", "2025-04-05"],
                    "amount": [100.0, 79.99, 10.0, 50.0]})


def test_boundaries_of_payment_behaviour():
    b = payment_behaviour(INV, PAY, asof="2025-03-31")
    # i2 is due ON asof (counts, not late yet: days 0); its payment of 04-05 is after asof (ignored)
    assert b.loc["a", "invoices_due"] == 2 and b.loc["a", "late_invoices"] == 1
    assert b.loc["a", "mean_days_late"] == 30.0  # i1: 03-02 - 01-31
    # i3 paid 79.99 of 80: one cent open, still late at asof: 03-31 - 01-31 = 59 days, overdue 0.01
    assert b.loc["b", "late_invoices"] == 1 and b.loc["b", "mean_days_late"] == 59.0
    assert b.loc["b", "overdue_balance"] == 0.01
    # c paid 10 days late in full
    assert b.loc["c"].tolist() == [1, 1, 1.0, 10.0, 0.0]
    assert b.index.name == "customer_id"
    assert b["invoices_due"].dtype == np.int64 and b["late_invoices"].dtype == np.int64
    assert b["late_share"].tolist() == [0.5, 1.0, 1.0]


def test_a_later_asof_counts_the_payment_after_the_old_one():
    b = payment_behaviour(INV, PAY, asof="2025-04-30")
    assert b.loc["a", "late_invoices"] == 2 and b.loc["a", "mean_days_late"] == (30 + 5) / 2


def test_no_payment_at_all():
    """A payments file with no row yet (a new business) used to raise a TypeError from pandas'
    Series.map with an empty datetime Series."""
    b = payment_behaviour(INV, PAY.iloc[0:0], asof="2025-03-31")
    # nothing paid: i1, i3, i4 are 59 days late at asof; i2 is due on asof (0 days, not late)
    assert b.loc["a"].tolist() == [2, 1, 0.5, 59.0, 100.0]
    assert b.loc["b", "overdue_balance"] == 80.0 and b.loc["c", "mean_days_late"] == 59.0
    assert b["late_invoices"].dtype == np.int64


def test_d_grade_boundaries_and_output():
    g = pd.DataFrame({"sales": [900.0, 60.0, 40.0], "grade": ["A", "C", "C"]}, index=["a", "b", "c"])
    out = d_grade(g, INV, PAY, asof="2025-03-31", days_late=10)
    # c: 1 of 1 late, 10 days: exactly days_late -> D; b: 59 days -> D; a is A
    assert out["grade"].astype(str).tolist() == ["A", "D", "D"]
    assert list(out["grade"].cat.categories) == ["A", "C", "D"] and out["grade"].cat.ordered
    assert out["pays_late"].dtype == bool and out["late_invoices"].dtype == np.int64
    assert out.index.tolist() == ["a", "b", "c"]
    assert d_grade(g, INV, PAY, asof="2025-03-31", days_late=10.5)["grade"].astype(str).tolist() == ["A", "D", "C"]
    assert d_grade(g, INV, PAY, asof="2025-03-31", days_late=0)["grade"].astype(str).tolist() == ["A", "D", "D"]
    # a customer without invoices keeps its grade and gets zeros
    g2 = pd.concat([g, pd.DataFrame({"sales": [5.0], "grade": ["C"]}, index=["z"])])
    z = d_grade(g2, INV, PAY, asof="2025-03-31").loc["z"]
    assert z["grade"] == "C" and z["invoices_due"] == 0 and z["overdue_balance"] == 0.0 and not z["pays_late"]


def test_d_grade_keeps_categorical_order_and_refreshes_old_columns():
    g = pd.DataFrame({"sales": [900.0, 60.0, 40.0],
                      "grade": pd.Categorical(["A", "C", "C"], categories=["A", "B", "C"], ordered=True)},
                     index=["a", "b", "c"])
    first = d_grade(g, INV, PAY, asof="2025-03-31")
    assert list(first["grade"].cat.categories) == ["A", "B", "C", "D"]
    again = d_grade(first.assign(grade=g["grade"]), INV, PAY, asof="2025-03-31")  # old behaviour columns replaced
    assert list(again.columns) == list(first.columns)


@pytest.mark.parametrize("kwargs, words", [
    ({"late_share": 0}, "late_share"), ({"late_share": 1.01}, "late_share"), ({"days_late": -1}, "days_late"),
])
def test_d_grade_refuses_bad_thresholds(kwargs, words):
    g = pd.DataFrame({"grade": ["C"]}, index=["a"])
    with pytest.raises(KhlibInputError, match=words):
        d_grade(g, INV, PAY, asof="2025-03-31", **kwargs)
    d_grade(g, INV, PAY, asof="2025-03-31", late_share=1.0)  # the edge itself is allowed


def test_d_grade_warns_on_grades_nobody_has_and_on_foreign_ids():
    g = pd.DataFrame({"grade": ["A", "C"]}, index=["a", "b"])
    with pytest.warns(KhlibWarning, match="X"):
        d_grade(g, INV, PAY, asof="2025-03-31", from_grades=("C", "X"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", KhlibWarning)
        d_grade(g, INV, PAY, asof="2025-03-31", from_grades="C")  # one grade as a string: no warning
    with pytest.warns(KhlibWarning, match="customer id"):
        d_grade(pd.DataFrame({"grade": ["C"]}, index=["zz"]), INV, PAY, asof="2025-03-31")


def test_one_day_late_and_nobody_late():
    """The second mutation run (issue 11): one day late is late; a table where nobody is late or
    overdue keeps its zero counts as integers (the empty per-customer tables are joined)."""
    inv = pd.DataFrame({"invoice_id": ["j1", "j2", "j3"], "customer_id": ["x", "y", "z"],
                        "invoice_date": ["2025-01-01"] * 3, "due_date": ["2025-01-31", "2025-03-30", "2025-01-31"],
                        "amount": [40.0, 60.0, 25.0]})
    pay = pd.DataFrame({"invoice_id": ["j1", "j3"], "customer_id": ["x", "z"],
                        "payment_date": ["2025-02-01", "2025-01-31"], "amount": [40.0, 25.0]})
    b = payment_behaviour(inv, pay, asof="2025-03-31")
    assert b.loc["x", ["late_invoices", "mean_days_late", "overdue_balance"]].tolist() == [1, 1.0, 0.0]  # paid 1 day late
    assert b.loc["y", ["late_invoices", "mean_days_late", "overdue_balance"]].tolist() == [1, 1.0, 60.0]  # open, 1 day past due
    assert b.loc["z", ["late_invoices", "late_share", "mean_days_late", "overdue_balance"]].tolist() == [0, 0.0, 0.0, 0.0]
    on_time = payment_behaviour(inv.iloc[[2]], pay.iloc[[1]], asof="2025-03-31")  # nobody late, nothing overdue
    assert on_time.loc["z"].tolist() == [1, 0, 0.0, 0.0, 0.0]
    assert on_time["late_invoices"].dtype == np.int64 and on_time["invoices_due"].dtype == np.int64
