"""The summary package (khlib/summary): tests written to kill the mutants that survived the
mutation run of issue 11 (mutmut over btyd.py, orders.py, receivables.py). Each frame is small
enough to compute the answer by hand; the computation is in the comment next to it."""

import warnings

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.summary import average_stock, mix_sales, purchase_days, receivables_by, receivables_position

# Two columns per canonical name, one exact and one that differs only by case: the default
# column names must be used exactly (a case-insensitive match is only a fallback when the
# name is unique), so a summary must read "customer_id" and never stumble on "Customer_ID".
CASES = pd.DataFrame({
    "customer_id": ["b", "a", "b"], "Customer_ID": ["x", "x", "x"],
    "order_date": ["2025-01-02", "2025-01-03", "2025-01-05"], "Order_Date": ["2020-01-01"] * 3,
    "amount": [10.0, 20.0, 30.0], "Amount": [1.0, 1.0, 1.0],
    "product_id": ["p", "q", "p"], "Product_ID": ["z", "z", "z"],
})


def test_default_column_names_are_used_exactly_when_a_case_variant_exists():
    # a: 20 on 01-03; b: 10 on 01-02 and 30 on 01-05 -> product p = 10 + 30 = 40, q = 20
    assert kh.customer_summary(CASES)["sales"].to_dict() == {"a": 20.0, "b": 40.0}
    assert kh.product_summary(CASES)["sales"].to_dict() == {"p": 40.0, "q": 20.0}
    assert kh.sales_by_period(CASES)["2025"].to_dict() == {"a": 20.0, "b": 40.0}
    assert purchase_days(CASES)["amount"].tolist() == [20.0, 10.0, 30.0]
    products = pd.DataFrame({"product_id": ["p", "q"], "category": ["X", "Y"]})
    assert mix_sales(CASES, products, "a")["customer_sales"].to_dict() == {"X": 0.0, "Y": 20.0}
    assert mix_sales(CASES, products, "a", end="2025-01-03")["company_sales"].to_dict() == {"X": 10.0, "Y": 20.0}
    assert kh.btyd_summary(CASES, calibration_end="2025-01-31", unit="D")["frequency"].to_dict() == {"b": 1, "a": 0}


# ------------------------------------------------------------------ average_stock
INVENTORY = pd.DataFrame({"product_id": ["p", "p", "p", "q"],
                          "month": ["2024-12", "2025-01", "2025-02", "2025-01"],
                          "avg_stock_value": [100.0, 200.0, 400.0, 50.0]})


def test_average_stock_keeps_the_months_of_the_period():
    # January only (any day of the month selects it): p 200, q 50, one month
    stock, months = average_stock(INVENTORY, start="2025-01-15", end="2025-01-31")
    assert stock.to_dict() == {"p": 200.0, "q": 50.0} and months == 1
    # from February (start inclusive, its month included): p 400, q absent
    stock, months = average_stock(INVENTORY, start="2025-02-10")
    assert stock.to_dict() == {"p": 400.0} and months == 1
    # up to January: p (100 + 200) / 2 = 150, q 50, two months
    stock, months = average_stock(INVENTORY, end="2025-01-01")
    assert stock.to_dict() == {"p": 150.0, "q": 50.0} and months == 2
    # everything: p (100 + 200 + 400) / 3, three months
    stock, months = average_stock(INVENTORY)
    assert stock["p"] == pytest.approx(700 / 3) and months == 3


def test_average_stock_errors_name_the_argument_and_the_column():
    with pytest.raises(KhlibInputError, match="start="):
        average_stock(INVENTORY, start="not a day")
    with pytest.raises(KhlibInputError, match="end="):
        average_stock(INVENTORY, end="not a day")
    with pytest.raises(KhlibInputError, match="avg_stock_value"):
        average_stock(INVENTORY.assign(avg_stock_value=["1", "x", "2", "3"]))
    with pytest.raises(KhlibInputError, match="lacks column 'month'"):
        average_stock(INVENTORY.drop(columns="month"))


# ------------------------------------------------------------------ receivables
INVOICES = pd.DataFrame({
    "invoice_id": ["I1", "I2", "I3"], "customer_id": ["a", "a", "b"],
    "invoice_date": ["2024-12-31", "2025-01-01", "2025-03-15"],
    "due_date": ["2025-01-30", "2025-01-31", "2025-04-14"], "amount": [100.0, 200.0, 50.0]})
PAYMENTS = pd.DataFrame({"invoice_id": ["I2"], "customer_id": ["a"], "payment_date": ["2025-02-01"],
                         "amount": [80.0]})


def test_receivables_position_by_hand():
    # asof 2025-03-31: open I1 100, I2 200 - 80 = 120, I3 50 -> balance 270; overdue (due before
    # 03-31): I1 and I2 -> 220; the last 90 days, asof included, are 2025-01-01 … 2025-03-31
    # (day 90 of the year minus 89) -> credit sales I2 + I3 = 250 (I1 is one day earlier).
    pos = receivables_position(INVOICES, PAYMENTS, asof="2025-03-31")
    assert pos.to_dict() == {"balance": 270.0, "overdue": 220.0, "credit_sales": 250.0, "days": 90.0}
    # 91 days reach back to 2024-12-31: I1 counts too -> 350; 89 days start 2025-01-02 -> only I3
    assert receivables_position(INVOICES, PAYMENTS, asof="2025-03-31", days=91)["credit_sales"] == 350.0
    assert receivables_position(INVOICES, PAYMENTS, asof="2025-03-31", days=89)["credit_sales"] == 50.0
    with pytest.raises(KhlibInputError, match="asof="):
        receivables_position(INVOICES, PAYMENTS, asof="someday")


def test_receivables_by_buckets_by_hand():
    # days overdue at 2025-03-31: I1 due 01-30 -> 60, I2 due 01-31 -> 59, I3 due 04-14 -> -14
    by = receivables_by(INVOICES, PAYMENTS, asof="2025-03-31")
    assert by.loc["a"].to_dict() == {"not_due": 0.0, "overdue_1_30": 0.0, "overdue_31_60": 220.0,
                                     "overdue_61_90": 0.0, "overdue_90_plus": 0.0, "balance": 220.0}
    assert by.loc["b", "not_due"] == 50.0 and by.loc["b", "balance"] == 50.0
    # one day later I1 is 61 days overdue
    by = receivables_by(INVOICES, PAYMENTS, asof="2025-04-01")
    assert by.loc["a", "overdue_61_90"] == 100.0 and by.loc["a", "overdue_31_60"] == 120.0


# ------------------------------------------------------------------ purchase_days with returns
RETURNS = pd.DataFrame({
    "customer_id": ["b", "b", "b", "b", "b", "a", "a", "a", "a"],
    "order_date": ["2025-01-01", "2025-01-03", "2025-01-03", "2025-01-05", "2025-01-07",
                   "2025-01-02", "2025-01-02", "2025-01-04", "2025-01-04"],
    "amount": [50.0, 30.0, -30.0, -10.0, 0.0, 20.0, -5.0, 0.5, -0.2]})


def test_purchase_days_keep_the_days_with_a_positive_net_or_no_return():
    # b: 01-01 50 (purchase); 01-03 30 - 30 = 0 with a return (not a purchase day); 01-05 a
    #    return only (not); 01-07 a free line of 0 and no return (a purchase day, amount 0)
    # a: 01-02 20 - 5 = 15 (purchase); 01-04 0.5 - 0.2 = 0.3 > 0 (purchase)
    out = purchase_days(RETURNS, allow_negative=True)
    assert list(out.columns) == ["customer_id", "day", "amount", "first_day"]
    assert out.index.tolist() == [0, 1, 2, 3]
    assert out["customer_id"].tolist() == ["a", "a", "b", "b"]
    assert out["day"].dt.strftime("%m-%d").tolist() == ["01-02", "01-04", "01-01", "01-07"]
    assert out["amount"].tolist() == pytest.approx([15.0, 0.3, 50.0, 0.0])
    assert out["first_day"].dt.strftime("%m-%d").tolist() == ["01-02", "01-02", "01-01", "01-01"]


def test_purchase_days_end_and_one_customer():
    # up to 01-04 (whole day): a 01-02, a 01-04, b 01-01; renumbered 0..2
    out = purchase_days(RETURNS, allow_negative=True, end="2025-01-04")
    assert list(out.columns) == ["customer_id", "day", "amount", "first_day"]
    assert out.index.tolist() == [0, 1, 2]
    assert out["day"].dt.strftime("%m-%d").tolist() == ["01-02", "01-04", "01-01"]
    b = purchase_days(RETURNS, customer_id="b", allow_negative=True)
    assert b["amount"].tolist() == [50.0, 0.0] and set(b["customer_id"]) == {"b"}
    with pytest.raises(KhlibInputError, match="has no purchase day"):
        purchase_days(RETURNS.iloc[[3]], customer_id="b", allow_negative=True)


def test_only_returns_warning_points_at_the_callers_line():
    # c returns 5 and buys nothing: it stays with 0 orders, and the warning names the test's line
    lines = pd.DataFrame({"customer_id": ["a", "c"], "order_date": ["2025-01-01", "2025-01-02"],
                          "amount": [10.0, -5.0]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = kh.customer_summary(lines, allow_negative=True)
    assert s.loc["c", "orders"] == 0 and s.loc["c", "sales"] == -5.0
    assert [w.filename for w in caught] == [__file__]


# ------------------------------------------------------------------ product_summary, sales_by_period
PRODUCT_LINES = pd.DataFrame({
    "customer_id": ["a", "b", "a", "b", "a", "a"],
    "order_date": ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05", "2025-02-01"],
    "amount": [30.0, 0.0, 100.0, -40.0, -20.0, 7.0],
    "product_id": ["q", "q", "p", "p", "r", "p"],
    "qty": [3.0, 1.0, 2.0, -1.0, -1.0, 1.0]})


def test_product_summary_nets_returns_and_counts_purchases():
    # January: p 100 - 40 = 60 (1 purchase line, buyer a), q 30 + 0 = 30 (2 purchase lines, a
    # and b: a free line is a purchase), r -20 (a return only: 0 lines, 0 buyers);
    # quantity net: p 2 - 1 = 1, q 3 + 1 = 4, r -1. Rows sorted by product id.
    out = kh.product_summary(PRODUCT_LINES, quantity="qty", allow_negative=True, end="2025-01-31")
    assert list(out.columns) == ["quantity", "sales", "lines", "customers"]
    assert out.index.tolist() == ["p", "q", "r"]
    assert out.to_dict("list") == {"quantity": [1.0, 4.0, -1.0], "sales": [60.0, 30.0, -20.0],
                                   "lines": [1, 2, 0], "customers": [1, 2, 0]}


def test_product_summary_without_returns_sorted_by_product():
    # purchases only, q appears first: q 30 + 0 (2 lines, a and b), p 100 + 7 (2 lines, a)
    plain = PRODUCT_LINES[PRODUCT_LINES["amount"] >= 0]
    out = kh.product_summary(plain)
    assert list(out.columns) == ["sales", "lines", "customers"]
    assert out.index.tolist() == ["p", "q"]
    assert out.to_dict("list") == {"sales": [107.0, 30.0], "lines": [2, 2], "customers": [1, 2]}


def test_sales_by_period_columns_are_named_period():
    # months: a 2025-01 = 30 + 100 - 20 = 110, 2025-02 = 7; b 2025-01 = 0 - 40 = -40, 2025-02 = 0
    out = kh.sales_by_period(PRODUCT_LINES, freq="M", allow_negative=True)
    assert out.columns.name == "period" and out.columns.tolist() == ["2025-01", "2025-02"]
    assert out.to_dict("index") == {"a": {"2025-01": 110.0, "2025-02": 7.0}, "b": {"2025-01": -40.0, "2025-02": 0.0}}


# ------------------------------------------------------------------ btyd_summary
def test_btyd_purchase_days_with_returns_zero_and_small_amounts():
    # a: 01-01 10, 01-02 a free line (0, no return: a purchase day), 01-03 0.5 (a purchase day),
    #    01-04 a return only (not a purchase day), 01-05 20 - 5 = 15 and 01-06 0.5 - 0.2 = 0.3
    #    (a return and a positive net: purchase days) -> 5 purchase days: frequency 4, recency
    #    01-06 - 01-01 = 5 days, T 01-10 - 01-01 = 9 days, monetary (0 + 0.5 + 15 + 0.3) / 4 = 3.95
    # b: 01-01 5, 01-02 a return only -> frequency 0, recency 0, T 9, monetary 0
    t = pd.DataFrame({"customer_id": ["a"] * 8 + ["b", "b"],
                      "order_date": ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05",
                                     "2025-01-05", "2025-01-06", "2025-01-06", "2025-01-01", "2025-01-02"],
                      "amount": [10.0, 0.0, 0.5, -3.0, 20.0, -5.0, 0.5, -0.2, 5.0, -5.0]})
    out = kh.btyd_summary(t, calibration_end="2025-01-10", unit="D", allow_negative=True)
    assert out.loc["a", "monetary_value"] == pytest.approx(3.95)
    out.loc["a", "monetary_value"] = 3.95
    assert out.to_dict("index") == {
        "a": {"frequency": 4, "recency": 5.0, "T": 9.0, "monetary_value": 3.95},
        "b": {"frequency": 0, "recency": 0.0, "T": 9.0, "monetary_value": 0.0}}


def test_btyd_period_arguments():
    t = pd.DataFrame({"customer_id": ["a", "a"], "order_date": ["2025-01-01", "2025-01-08"], "amount": [1.0, 2.0]})
    with pytest.raises(KhlibInputError, match="calibration_end="):
        kh.btyd_summary(t, calibration_end="the end")
    with pytest.raises(KhlibInputError, match="observation_end="):
        kh.btyd_summary(t, calibration_end="2025-01-05", observation_end="later")
    with pytest.raises(KhlibInputError, match="must be after calibration_end"):  # equal is not after
        kh.btyd_summary(t, calibration_end="2025-01-05", observation_end="2025-01-05")
    # a holdout ending on the day of the last transaction is complete: no warning.
    # calibration to 01-05: a bought once (frequency 0, T 4 days); holdout 01-06 … 01-08: 1 day, 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = kh.btyd_summary(t, calibration_end="2025-01-05", observation_end="2025-01-08", unit="D")
    assert out.loc["a"].to_dict() == {"frequency": 0, "recency": 0.0, "T": 4.0, "monetary_value": 0.0,
                                      "frequency_holdout": 1, "monetary_holdout": 2.0, "duration_holdout": 3.0}


# ------------------------------------------------------------------ mix_sales
MIX_PRODUCTS = pd.DataFrame({"product_id": ["p", "q", "p"], "category": ["X", "Y", "Z"]})  # p twice: the first row counts


def test_mix_sales_by_hand_with_the_analysts_column_names():
    # a: p 10 (01-01), q 5 (01-20); b: p 7 (01-02), q 100 (02-01); to 01-31:
    # X (= p): a 10, all 17; Y (= q): a 5, all 5 (b's q is in February)
    lines = pd.DataFrame({"客户": ["a", "b", "a", "b"], "日期": ["2025-01-01", "2025-01-02", "2025-01-20", "2025-02-01"],
                          "金额": [10.0, 7.0, 5.0, 100.0], "货号": ["p", "p", "q", "q"]})
    out = mix_sales(lines, MIX_PRODUCTS, "a", end="2025-01-31", customer="客户", date="日期", amount="金额", product="货号")
    assert out.index.name == "category"
    assert out.to_dict("index") == {"X": {"customer_sales": 10.0, "company_sales": 17.0},
                                    "Y": {"customer_sales": 5.0, "company_sales": 5.0}}


def test_mix_sales_one_customer_and_errors():
    only_a = pd.DataFrame({"customer_id": ["a"], "amount": [4.0], "product_id": ["q"]})  # no dates, no period
    assert mix_sales(only_a, MIX_PRODUCTS, "a").to_dict("index") == {"Y": {"customer_sales": 4.0, "company_sales": 4.0}}
    with pytest.raises(KhlibInputError, match="Customer 'zz' has no orders"):
        mix_sales(only_a, MIX_PRODUCTS, "zz")
    for period in ({"start": "2025-01-01"}, {"end": "2025-01-31"}):  # a period needs the dates
        with pytest.raises(KhlibInputError, match="order_date"):
            mix_sales(only_a, MIX_PRODUCTS, "a", **period)
    with pytest.raises(KhlibInputError, match="产品表") as err:
        mix_sales(only_a, MIX_PRODUCTS.drop(columns="category"), "a")
    assert "products" in str(err.value)


def test_ageing_bucket_boundaries():
    # one open invoice of 1.00 per customer, due d days before asof (d = days overdue):
    # d <= 0 not due; 1–30; 31–60; 61–90; 91 and more
    asof = pd.Timestamp("2025-04-30")
    days = {"m1": -1, "d0": 0, "d1": 1, "d30": 30, "d31": 31, "d60": 60, "d61": 61, "d90": 90, "d91": 91}
    inv = pd.DataFrame({"invoice_id": list(days), "customer_id": list(days),
                        "invoice_date": [asof - pd.Timedelta(days=120)] * len(days),
                        "due_date": [asof - pd.Timedelta(days=d) for d in days.values()], "amount": 1.0})
    pay = pd.DataFrame({"invoice_id": [], "customer_id": [], "payment_date": [], "amount": []})
    by = receivables_by(inv, pay, asof=asof)
    bucket = by.drop(columns="balance").idxmax(axis=1).to_dict()
    assert bucket == {"m1": "not_due", "d0": "not_due", "d1": "overdue_1_30", "d30": "overdue_1_30",
                      "d31": "overdue_31_60", "d60": "overdue_31_60", "d61": "overdue_61_90",
                      "d90": "overdue_61_90", "d91": "overdue_90_plus"}
    assert by["balance"].tolist() == [1.0] * 9 and by.to_numpy().sum() == 18.0  # each row: one bucket + balance


def test_btyd_holdout_by_hand():
    # calibration to 01-10, holdout to 01-20 (10 days). a: 01-01, 01-05 (repeat 4.0) in
    # calibration; holdout days 01-12 (3 + 5 = 8, one day) and 01-15 (2) -> 2 days, mean 5.0.
    # b: 01-03 only, no holdout purchase -> 0 and 0.0
    t = pd.DataFrame({"customer_id": ["a", "a", "a", "a", "a", "b", "b"],
                      "order_date": ["2025-01-01", "2025-01-05", "2025-01-12", "2025-01-12", "2025-01-15",
                                     "2025-01-03", "2025-01-25"],
                      "amount": [1.0, 4.0, 3.0, 5.0, 2.0, 9.0, 6.0]})
    out = kh.btyd_summary(t, calibration_end="2025-01-10", observation_end="2025-01-20", unit="D")
    assert out.index.name == "customer_id"
    assert out.to_dict("index") == {
        "a": {"frequency": 1, "recency": 4.0, "T": 9.0, "monetary_value": 4.0,
              "frequency_holdout": 2, "monetary_holdout": 5.0, "duration_holdout": 10.0},
        "b": {"frequency": 0, "recency": 0.0, "T": 7.0, "monetary_value": 0.0,
              "frequency_holdout": 0, "monetary_holdout": 0.0, "duration_holdout": 10.0}}


def test_open_items_period_payment_day_rounding_and_text_amounts():
    # asof 2025-03-31. I1 1,000.50 (text), paid 200 on its own invoice day (allowed) and 300 on
    # 04-02 (after asof: not yet paid) -> balance 800.50; I2 10.333 unpaid -> balance rounded
    # to cents 10.33; I3 issued 04-01, after asof -> not listed
    inv = pd.DataFrame({"invoice_id": ["I1", "I2", "I3"], "customer_id": ["a", "b", "a"],
                        "invoice_date": ["2025-03-01", "2025-03-02", "2025-04-01"],
                        "due_date": ["2025-03-31", "2025-04-01", "2025-05-01"], "amount": ["1,000.50", "10.333", "5"]})
    pay = pd.DataFrame({"invoice_id": ["I1", "I1"], "customer_id": ["a", "a"],
                        "payment_date": ["2025-03-01", "2025-04-02"], "amount": ["200", "300"]})
    items = kh.summary.open_items(inv, pay, asof="2025-03-31")
    assert items["invoice_id"].tolist() == ["I1", "I2"]
    assert items["paid"].tolist() == [200.0, 0.0] and items["balance"].tolist() == [800.5, 10.33]
    assert items["days_overdue"].tolist() == [0, -1]
    by = receivables_by(inv, pay, asof="2025-03-31")
    assert by.index.name == "customer_id" and by["balance"].to_dict() == {"a": 800.5, "b": 10.33}


def test_open_items_errors_name_the_table_column_and_argument():
    def msg(inv=INVOICES, pay=PAYMENTS, asof="2025-03-31"):
        with pytest.raises(KhlibInputError) as e:
            kh.summary.open_items(inv, pay, asof=asof)
        return str(e.value)

    m = msg(inv=INVOICES.drop(columns="due_date"))
    assert "发票表" in m and "invoices" in m and "due_date" in m
    m = msg(pay=PAYMENTS.drop(columns="payment_date"))
    assert "收款表" in m and "payments" in m and "payment_date" in m
    assert "asof=" in msg(asof="someday")
    for table, col, bad in (("inv", "amount", "abc"), ("inv", "invoice_date", "soon"), ("inv", "due_date", "soon"),
                            ("pay", "amount", "abc"), ("pay", "payment_date", "soon")):
        frame = (INVOICES if table == "inv" else PAYMENTS).copy()
        frame[col] = frame[col].astype(object)
        frame.loc[0, col] = bad
        assert f"Column '{col}'" in msg(**{table: frame})
    assert "Duplicated invoice ids" in msg(inv=INVOICES.assign(invoice_id=["I1", "I1", "I3"]))
    assert "exceed" in msg(pay=PAYMENTS.assign(amount=[201.0]))  # I2 is 200: paid one unit too much


def test_customer_summary_edge_days_and_only_returns():
    # no order ids: an order is a customer's day; days before 1970 count like any other.
    # a: 1969-12-30 and 1969-12-31 -> 2 orders, sales 3 + 4 = 7; b: 1969-12-31 -> 1 order
    old = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_date": ["1969-12-30", "1969-12-31", "1969-12-31"],
                        "amount": [3.0, 4.0, 5.0]})
    s = kh.customer_summary(old)
    assert s["orders"].to_dict() == {"a": 2, "b": 1} and s["sales"].to_dict() == {"a": 7.0, "b": 5.0}
    # every line a return: each customer stays with 0 orders and its net; a warning names them
    rets = old.assign(amount=-old["amount"])
    with pytest.warns(kh.KhlibWarning, match="only returns"):
        s = kh.customer_summary(rets, allow_negative=True)
    assert s["orders"].to_dict() == {"a": 0, "b": 0} and s["sales"].to_dict() == {"a": -7.0, "b": -5.0}
    assert s["mean_order"].isna().all()


def test_customer_summary_rows_sorted_by_id_with_schema_types():
    # b appears first in the file; rows come out sorted by id, index named customer_id, the
    # ids' string dtype kept, counts as integers. No order id: an order is a customer's day,
    # so b's two lines on 01-02 (09:00 and 17:30) are one order: b 2 orders (01-02, 01-05),
    # sales 10 + 5 + 30 = 45, mean 22.5; a 1 order of 20
    lines = pd.DataFrame({"customer_id": pd.array(["b", "b", "a", "b"], dtype="string"),
                          "order_date": ["2025-01-02 09:00", "2025-01-02 17:30", "2025-01-03", "2025-01-05"],
                          "amount": [10.0, 5.0, 20.0, 30.0]})
    s = kh.customer_summary(lines)
    assert s.index.tolist() == ["a", "b"] and s.index.name == "customer_id" and s.index.dtype == "string"
    assert s["orders"].tolist() == [1, 2] and s["orders"].dtype == "int64"
    assert s["sales"].tolist() == [20.0, 45.0] and s["mean_order"].tolist() == [20.0, 22.5]
    # asof given: whole days from the last order's day to asof (01-05 -> 01-31: 26; 01-03 -> 28)
    assert kh.customer_summary(lines, asof="2025-01-31")["recency_days"].tolist() == [28, 26]
    with pytest.raises(KhlibInputError) as e:
        kh.customer_summary(lines, asof="someday")
    assert str(e.value).startswith("asof='someday'")


def test_purchase_days_with_the_analysts_column_names():
    # 客户 b: 01-02 10 + 5 = 15 (one day), 01-05 30; a: 01-03 20
    lines = pd.DataFrame({"客户": ["b", "b", "a", "b"], "日期": ["2025-01-02", "2025-01-02", "2025-01-03", "2025-01-05"],
                          "金额": ["10", "5", "20", "30"]})
    out = purchase_days(lines, customer="客户", date="日期", amount="金额")
    assert out["customer_id"].tolist() == ["a", "b", "b"] and out["amount"].tolist() == [20.0, 15.0, 30.0]


def test_receivables_errors_in_full():
    # each error names the payment's index label and the offending value, in both languages
    def msg(inv=INVOICES, pay=PAYMENTS, f=kh.summary.open_items, **kw):
        with pytest.raises(KhlibInputError) as e:
            f(inv, pay, asof="2025-03-31", **kw)
        return str(e.value)

    assert msg(pay=PAYMENTS.assign(invoice_id=["I9"])) == (
        "收款对应的发票不存在：0 ('I9')。\nPayments for unknown invoices at index 0 ('I9').")
    assert msg(pay=PAYMENTS.assign(customer_id=["b"])) == (
        "收款的客户编号与发票不符或不存在：0 ('b')。\n"
        "Payments whose customer id is unknown or differs from the invoice's, at index 0 ('b').")
    assert msg(pay=PAYMENTS.assign(payment_date=["2024-12-31"])) == (  # I2 is dated 2025-01-01
        "收款日期早于开票日期：0 ('I2')。\nPayments dated before their invoice at index 0 ('I2').")
    assert msg(pay=PAYMENTS.assign(amount=[201.0])) == (
        "收款超过发票金额：I2 (201.0)。\nPayments exceed the invoice amount for I2 (201.0).")
    assert msg(inv=INVOICES.assign(invoice_id=["I1", "I1", "I3"])) == "发票号重复：I1, I1。\nDuplicated invoice ids: I1, I1."
    cols = "['invoice_id', 'customer_id', 'invoice_date', 'due_date', 'amount']"
    assert msg(f=receivables_by, by="region") == (
        f"分组列 'region' 不存在；发票表的列：{cols}。\nGroup column 'region' not found; the invoice table has {cols}.")
    assert msg(inv=INVOICES.drop(columns="due_date")) == (
        "发票表缺少列 ['due_date']；现有的列：['invoice_id', 'customer_id', 'invoice_date', 'amount']。\n"
        "The invoices table lacks column(s) ['due_date']; it has ['invoice_id', 'customer_id', 'invoice_date', 'amount'].")
    assert msg(pay=PAYMENTS.drop(columns="amount")) == (
        "收款表缺少列 ['amount']；现有的列：['invoice_id', 'customer_id', 'payment_date']。\n"
        "The payments table lacks column(s) ['amount']; it has ['invoice_id', 'customer_id', 'payment_date'].")
