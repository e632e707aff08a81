"""landmark_covariates: each covariate measured before the landmark, by hand on a tiny company;
cohort_survival: Kaplan–Meier by cohort, by hand; the loyalty plots draw what they are given."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.loyalty import DRIVERS, cohort_survival, landmark_covariates, plot_cohort_heatmap, plot_km

matplotlib.use("Agg")

ORDERS = pd.DataFrame({
    "customer_id": ["a", "a", "b", "c", "c", "d"],
    "order_date": ["2024-03-01", "2024-12-20", "2024-06-01", "2024-11-01", "2025-01-15", "2024-12-01"],
    "amount": [800.0, 100.0, 50.0, 30.0, 999.0, 20.0]})
CUSTOMERS = pd.DataFrame({"segment": ["经销商", "企业", "机构", "企业"],
                          "first_trade_date": pd.to_datetime(["2019-01-01", "2024-05-30", "2024-10-01", "2023-12-31"])},
                         index=pd.Index(list("abcd"), name="customer_id"))
COMPLAINTS = pd.DataFrame({"customer_id": ["a", "b", "b", "c"],
                           "received": pd.to_datetime(["2024-05-01 09:00", "2024-07-01 10:00", "2024-12-31 23:00", "2025-01-02 08:00"]),
                           "outcome": ["满意", "基本满意", "不满意", "不满意"]})
INVOICES = pd.DataFrame({"invoice_id": ["i1", "i2", "i3"], "customer_id": ["a", "a", "b"],
                         "invoice_date": ["2024-10-01", "2024-12-01", "2024-12-01"],
                         "due_date": ["2024-11-01", "2025-01-01", "2024-12-15"], "amount": [300.0, 100.0, 50.0]})
PAYMENTS = pd.DataFrame({"payment_id": ["p1"], "invoice_id": ["i1"], "customer_id": ["a"],
                         "payment_date": ["2024-11-20"], "amount": [100.0]})
ACTIVITIES = pd.DataFrame({"activity_id": ["v1", "v2", "v3", "v4"], "date": ["2024-10-05", "2024-12-30", "2024-09-01", "2025-01-03"],
                           "customer_id": ["a", "a", "b", "c"], "activity": ["拜访"] * 4, "quantity": [1.0, 1.0, 1.0, 1.0]})


def test_covariates_by_hand():
    before = [t.copy() for t in (ORDERS, CUSTOMERS, COMPLAINTS, INVOICES, PAYMENTS, ACTIVITIES)]
    x = landmark_covariates(["a", "b", "d"], landmark="2024-12-31", orders=ORDERS, customers=CUSTOMERS,
                            complaints=COMPLAINTS, invoices=INVOICES, payments=PAYMENTS, activities=ACTIVITIES, days=366)
    assert list(x.columns) == list(DRIVERS)
    # 2024 sales: a 900, b 50, d 20 (c's 30 counts for the grades too): total 1,000; shares before each
    # customer: a 0, b 0.90, c 0.95, d 0.98 -> a A, b B (0.90 < 0.95), d C
    assert x["B 类"].tolist() == [0, 1, 0] and x["C 类"].tolist() == [0, 0, 1]
    assert x["企业"].tolist() == [0, 1, 1] and x["机构"].tolist() == [0, 0, 0]
    assert x["新客户"].tolist() == [0, 1, 0]  # d's first trade 2023-12-31 is before 2024-01-01
    # complaints up to 2024-12-31 23:59: a (满意), b (基本满意 and 不满意 on the landmark's evening); c's is after
    assert x["有投诉"].tolist() == [1, 1, 0] and x["投诉处理不满意"].tolist() == [0, 1, 0]
    # a: i1 open 200 (due 11-01, overdue) + i2 100 (due 2025) -> 200 / 300; b: i3 50 overdue -> 1; d: no balance -> 0
    assert x["逾期占比"].tolist() == pytest.approx([2 / 3, 1.0, 0.0])
    # visits in the 92 days 2024-10-01 .. 12-31: a 2, b 0 (09-01 is before), d 0
    assert x["拜访（对数）"].tolist() == pytest.approx([np.log(3), 0.0, 0.0])
    for t, b in zip((ORDERS, CUSTOMERS, COMPLAINTS, INVOICES, PAYMENTS, ACTIVITIES), before):
        pd.testing.assert_frame_equal(t, b)
    only = landmark_covariates(["a", "b"], landmark="2024-12-31", orders=ORDERS, days=366)
    assert list(only.columns) == ["B 类", "C 类"]


def test_customer_without_sales_before_the_landmark_is_an_error():
    with pytest.raises(KhlibInputError, match="没有销售额"):
        landmark_covariates(["a", "c"], landmark="2024-06-30", orders=ORDERS, days=120)


def test_cohort_survival_by_hand():
    # 2024Q1: durations 40 (churned), 400 (censored), 200 (churned); 2024Q2: 10 (censored)
    t = pd.DataFrame({"start_date": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-02-20", "2024-04-02"]),
                      "duration_days": [40.0, 400.0, 200.0, 10.0], "churned": [1, 0, 1, 0]})
    out = cohort_survival(t, months=(1, 3, 12))
    # Q1: at 1 month (30.4 d) no event yet -> 1; at 3 months (91.3 d): 1 - 1/3; at 12 (365.25 d): x (1 - 1/2) = 1/3
    assert out.loc["2024Q1"].tolist() == pytest.approx([3, 1.0, 2 / 3, 1 / 3])
    assert out.loc["2024Q2", "customers"] == 1 and out.loc["2024Q2", [1, 3, 12]].isna().all()  # observed 10 days only
    monthly = cohort_survival(t, months=(1,), freq="M")
    assert list(monthly.index) == ["2024-01", "2024-02", "2024-04"]
    with pytest.raises(KhlibInputError, match="freq"):
        cohort_survival(t, freq="W")
    with pytest.raises(KhlibInputError, match="months"):
        cohort_survival(t, months=(0,))


def test_plots_draw_what_they_are_given():
    import matplotlib.pyplot as plt

    rossi = kh.datasets.load_rossi()
    curves = {"A": kh.loyalty.kaplan_meier(rossi[rossi["fin"] == 1], duration="week", event="arrest"),
              "其他": kh.loyalty.kaplan_meier(rossi[rossi["fin"] == 0], duration="week", event="arrest")}
    ax = plot_km(curves)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["A", "其他"]
    assert lines[0].get_color() == kh.GRADE_COLORS["A"]  # grade A keeps its course colour
    assert lines[0].get_ydata()[-1] == pytest.approx(curves["A"]["survival"].iloc[-1])
    plt.close("all")
    table = pd.DataFrame({"customers": [3.0, 2.0], 0: [1.0, 1.0], 1: [0.5, np.nan], 2: [1 / 3, np.nan]},
                         index=pd.period_range("2024-01", periods=2, freq="M"))
    ax = plot_cohort_heatmap(table, months=2)
    assert [t.get_text() for t in ax.texts] == ["50%", "33%"]  # unobserved cells stay blank
    plt.close("all")
    with pytest.raises(KhlibInputError):
        plot_km({})
