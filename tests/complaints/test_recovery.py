"""Chapter 07's repurchase after a complaint (投诉后的复购): a hand-made set where every complaint
row and every reference customer-month is worked out by hand, the table's counts, shares and
Wilson intervals, the bands, the logistic model against statsmodels fitted directly (on a data
set whose odds ratios are known exactly), the errors, and the company's case counts checked
with plain pandas / numpy."""

from math import sqrt

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.complaints.recovery import GROUPS, ORDER_BANDS, recovery_model, recovery_sample, recovery_table

Z95 = 1.959963984540054


def wilson(k, n, z=Z95):
    """(p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n)."""
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


# ------------------------------------------------------------------ a hand-made set, days = 10
# Complaints (rated ones become rows; all of them block reference months):
COMPLAINTS = pd.DataFrame({
    "complaint_id": ["K1", "K2", "K3", "K4", "K5", "K6", "U1", "U2"],
    "customer_id": ["A", "B", "C", "A", "B", "H", "D", "F"],
    "received": pd.to_datetime(["2025-02-15 10:00", "2025-03-10 09:00", "2025-03-22 14:00", "2025-04-05 11:00",
                                "2025-04-25 08:00", "2025-03-15 10:00", "2025-03-03 10:00", "2025-03-01 16:00"]),
    "outcome": ["满意", "不满意", "基本满意", "不满意", "满意", "满意", None, None],
})
ORDERS = pd.DataFrame([
    ("O1", "A", "2025-01-25", 100.0),
    ("O2", "A", "2025-02-10", 20.0),
    ("O2", "A", "2025-02-10", 30.0),   # second line of O2: one order
    ("O2b", "A", "2025-02-12", 15.0),
    ("O3", "A", "2025-02-15 14:00", 70.0),  # K1's day: neither window
    ("O4", "A", "2025-02-25", 40.0),
    ("O5", "A", "2025-03-26", 25.0),
    ("O6", "B", "2025-02-27", 10.0),
    ("O7", "B", "2025-03-05", 10.0),
    ("O8", "B", "2025-03-20", 60.0),
    ("O9", "B", "2025-03-31", 10.0),
    ("O10", "B", "2025-04-26", 10.0),  # last order day in the data
    ("O11", "C", "2025-01-31", 10.0),
    ("O12", "C", "2025-03-21", 10.0),
    ("O13", "C", "2025-04-01", 80.0),
    ("O14", "D", "2025-01-22", 10.0),
    ("O15", "D", "2025-02-11", 10.0),
    ("O16", "E", "2025-01-21", 10.0),
    ("O17", "E", "2025-02-01", 10.0),
    ("O18", "E", "2025-02-19", 10.0),
    ("O18b", "E", "2025-02-20", 10.0),
    ("O18c", "E", "2025-02-21", 10.0),
    ("O18d", "E", "2025-02-22", 10.0),
    ("O19", "E", "2025-03-11", 10.0),
    ("O20", "E", "2025-03-31", 10.0),
    ("O21", "E", "2025-04-12", 10.0),
    ("O22", "F", "2025-02-25", 10.0),
], columns=["order_id", "customer_id", "order_date", "amount"])
ORDERS["order_date"] = pd.to_datetime(ORDERS["order_date"], format="mixed")

# Complaint rows (before = the 10 days before the day, after = the 10 days after):
#   K1 A 02-15 满意:   before 02-05..02-14: O2, O2b -> 2; after 02-16..02-25: O4 (on the last day) -> yes
#   K2 B 03-10 不满意: before 02-28..03-09: O7 (O6 on 02-27 is 11 days before) -> 1; after: O8 03-20 -> yes
#   K3 C 03-22 基本满意: before 03-12..03-21: O12 -> 1; after 03-23..04-01: O13 -> yes
#   K4 A 04-05 不满意: before 03-26..04-04: O5 (exactly 10 days) -> 1; after 04-06..04-15: none -> no
#   K5 B 04-25 满意:   04-25 + 10 = 05-05 after the end (04-30): dropped
#   K6 H 03-15 满意:   H has no orders -> 0 before: dropped
# Reference days: 02-01, 03-01, 04-01 (the months spanned by the rated complaints 02-15 .. 04-25),
# for A..F (the customers in the orders). Quiet = no complaint of the customer within 10 days
# either side nor on the day; kept if ≥ 1 order in the 10 days before:
#   A 02-01 quiet; before 01-22..01-31: O1 -> 1; after 02-02..02-11: O2 -> yes
#   A 03-01 quiet (02-15 is 14 days before); before 02-19..02-28: O4 -> 1; after 03-02..03-11: none -> no
#   A 04-01 not quiet (K4 on 04-05)
#   B 02-01 quiet, no order before -> dropped; B 03-01 not quiet (K2 03-10)
#   B 04-01 quiet (03-10 is 22 days before, 04-25 24 after); before: O9 -> 1; after 04-02..04-11: none -> no
#   C 02-01 quiet; before: O11 (01-31) -> 1; after: none -> no
#   C 03-01 quiet, no order 02-19..02-28 -> dropped; C 04-01 not quiet (K3 03-22: exactly 10 days before)
#   D 02-01 quiet; before: O14 (01-22, exactly 10 days) -> 1; after: O15 (02-11, exactly 10 days) -> yes
#   D 03-01 not quiet (the unrated U1 on 03-03); D 04-01 quiet, no order before -> dropped
#   E 02-01 quiet, O16 (01-21) is 11 days before, O17 is on the day -> 0 before: dropped
#   E 03-01 quiet; before: O18, O18b, O18c, O18d -> 4; after: O19 (03-11) -> yes
#   E 04-01 quiet; before: O20 -> 1; after 04-02..04-11: O21 (04-12) is out -> no
#   F 03-01 not quiet: the unrated U2 is on that very day (its O22 before would otherwise count);
#   F 02-01 and 04-01: no order before -> dropped
EXPECTED = pd.DataFrame([
    ("A", "2025-02-15", "满意", 2, 1, True),
    ("B", "2025-03-10", "不满意", 1, 1, True),
    ("C", "2025-03-22", "基本满意", 1, 1, True),
    ("A", "2025-04-05", "不满意", 1, 0, False),
    ("A", "2025-02-01", "未投诉", 1, 1, True),
    ("A", "2025-03-01", "未投诉", 1, 0, False),
    ("B", "2025-04-01", "未投诉", 1, 0, False),
    ("C", "2025-02-01", "未投诉", 1, 0, False),
    ("D", "2025-02-01", "未投诉", 1, 1, True),
    ("E", "2025-03-01", "未投诉", 4, 1, True),
    ("E", "2025-04-01", "未投诉", 1, 0, False),
], columns=["customer_id", "date", "group", "orders_before", "orders_after", "repurchased"])
EXPECTED["date"] = pd.to_datetime(EXPECTED["date"])

COLS = ["customer_id", "date", "group", "orders_before", "orders_after", "repurchased"]


def _key(df):
    return sorted(zip(df["customer_id"], df["date"], df["group"], df["orders_before"].astype(int),
                      df["orders_after"].astype(int), df["repurchased"].astype(bool)))


def test_sample_by_hand():
    s = recovery_sample(COMPLAINTS, ORDERS, days=10, end="2025-04-30")
    assert list(s.columns) == COLS
    assert s.index.equals(pd.RangeIndex(len(s)))
    assert _key(s) == _key(EXPECTED)
    assert s["repurchased"].dtype == bool
    # the complaint rows come first, in the complaints' order
    assert s["group"].tolist()[:4] == ["满意", "不满意", "基本满意", "不满意"]


def test_sample_default_end_is_the_last_order_day():
    # last order 04-26: K4 (04-15) and the 04-01 rows (04-11) are observed, K5 (05-05) is not
    s = recovery_sample(COMPLAINTS, ORDERS, days=10)
    assert _key(s) == _key(EXPECTED)


def test_sample_end_drops_unobserved_rows():
    # end 04-14: K4 needs 04-15 -> dropped; the 04-01 reference rows need 04-11 -> kept
    s = recovery_sample(COMPLAINTS, ORDERS, days=10, end="2025-04-14")
    want = EXPECTED[~((EXPECTED["customer_id"] == "A") & (EXPECTED["date"] == "2025-04-05"))]
    assert _key(s) == _key(want)
    # end 04-10: the 04-01 rows go too
    s2 = recovery_sample(COMPLAINTS, ORDERS, days=10, end="2025-04-10")
    assert _key(s2) == _key(want[want["date"] != "2025-04-01"])


def test_sample_other_rating_column_and_no_order_id():
    c = COMPLAINTS.rename(columns={"outcome": "评价"})
    s = recovery_sample(c, ORDERS, days=10, end="2025-04-30", rating="评价")
    assert _key(s) == _key(EXPECTED)
    # without order ids orders are distinct order days: O2's two lines are still one order;
    # nothing else shares a day, so the sample is the same
    s2 = recovery_sample(COMPLAINTS, ORDERS.drop(columns="order_id"), days=10, end="2025-04-30")
    assert _key(s2) == _key(EXPECTED)


def test_sample_inputs_not_modified():
    c, o = COMPLAINTS.copy(), ORDERS.copy()
    recovery_sample(COMPLAINTS, ORDERS, days=10, end="2025-04-30")
    pd.testing.assert_frame_equal(COMPLAINTS, c)
    pd.testing.assert_frame_equal(ORDERS, o)


def test_table_by_hand():
    t = recovery_table(EXPECTED)
    assert list(t.columns) == ["cases", "repurchased", "share", "ci_low", "ci_high", "orders_before"]
    assert t.index.tolist() == list(GROUPS)
    # 满意: K1 (1 of 1, 2 orders before); 基本满意: K3 (1 of 1); 不满意: K2 yes, K4 no (1 of 2);
    # 未投诉: 7 rows, A02-01, D02-01, E03-01 repurchased (3 of 7), orders before (1·6 + 4)/7 = 10/7
    assert t["cases"].tolist() == [1, 1, 2, 7]
    assert t["repurchased"].tolist() == [1, 1, 1, 3]
    assert t["share"].tolist() == pytest.approx([1, 1, 0.5, 3 / 7])
    assert t["orders_before"].tolist() == pytest.approx([2, 1, 1, 10 / 7])
    for g, (k, n) in zip(GROUPS, [(1, 1), (1, 1), (1, 2), (3, 7)]):
        lo, hi = wilson(k, n)
        assert t.loc[g, "ci_low"] == pytest.approx(lo) and t.loc[g, "ci_high"] == pytest.approx(hi)
    # 3 of 7: p = 0.428571, z²/n = 0.548780 -> (0.702961 ± 0.457914) / 1.548780
    assert t.loc["未投诉", "ci_low"] == pytest.approx(0.158220, abs=1e-6)
    assert t.loc["未投诉", "ci_high"] == pytest.approx(0.749542, abs=1e-6)
    # 1 of 1: (1 + z²/2 ± z²/2) / (1 + z²) -> [1/(1 + z²), 1] = [0.206549, 1]
    assert t.loc["满意", "ci_low"] == pytest.approx(1 / (1 + Z95 ** 2)) and t.loc["满意", "ci_high"] == pytest.approx(1)
    # a 90% level is narrower
    t90 = recovery_table(EXPECTED, level=0.90)
    lo90, hi90 = wilson(3, 7, z=1.6448536269514722)
    assert t90.loc["未投诉", "ci_low"] == pytest.approx(lo90) and t90.loc["未投诉", "ci_high"] == pytest.approx(hi90)


def test_table_of_the_sample_equals_the_hand_table():
    s = recovery_sample(COMPLAINTS, ORDERS, days=10, end="2025-04-30")
    pd.testing.assert_frame_equal(recovery_table(s), recovery_table(EXPECTED), check_dtype=False)


def test_table_rows_in_group_order_whatever_the_row_order():
    shuffled = EXPECTED.sample(frac=1, random_state=3)
    t = recovery_table(shuffled)
    assert t.index.tolist() == list(GROUPS)
    # a group without cases is left out
    t2 = recovery_table(EXPECTED[EXPECTED["group"] != "基本满意"])
    assert t2.index.tolist() == ["满意", "不满意", "未投诉"]


def test_table_by_band_by_hand():
    t = recovery_table(EXPECTED, by_band=True)
    # 1 单: 基本满意 K3 (1/1); 不满意 K2, K4 (1/2); 未投诉 the six one-order rows, A02-01 and D02-01 (2/6)
    # 2–3 单: 满意 K1 (1/1); 4–7 单: 未投诉 E03-01 (1/1); nothing with 8 or more
    assert t.index.tolist() == [("1 单", "基本满意"), ("1 单", "不满意"), ("1 单", "未投诉"),
                                ("2–3 单", "满意"), ("4–7 单", "未投诉")]
    assert t["cases"].tolist() == [1, 2, 6, 1, 1]
    assert t["repurchased"].tolist() == [1, 1, 2, 1, 1]
    assert t["share"].tolist() == pytest.approx([1, 0.5, 1 / 3, 1, 1])
    assert t["orders_before"].tolist() == pytest.approx([1, 1, 1, 2, 4])
    lo, hi = wilson(2, 6)
    assert t.loc[("1 单", "未投诉"), "ci_low"] == pytest.approx(lo)
    assert t.loc[("1 单", "未投诉"), "ci_high"] == pytest.approx(hi)


def test_band_edges():
    assert [b[2] for b in ORDER_BANDS] == ["1 单", "2–3 单", "4–7 单", "8 单以上"]
    # 1 | 2, 3 | 4..7 | 8, 30
    ob = [1, 2, 3, 4, 7, 8, 30]
    df = pd.DataFrame({"group": ["未投诉"] * 7, "orders_before": ob, "repurchased": [True] * 7})
    t = recovery_table(df, by_band=True)
    assert t["cases"].tolist() == [1, 2, 2, 2]
    assert [k[0] for k in t.index] == ["1 单", "2–3 单", "4–7 单", "8 单以上"]


def test_no_rated_complaints():
    c = COMPLAINTS.assign(outcome=None)
    with pytest.raises(KhlibInputError, match="outcome"):
        recovery_sample(c, ORDERS, days=10)
    c2 = COMPLAINTS.assign(outcome="很好")
    with pytest.raises(KhlibInputError, match="no handling ratings"):
        recovery_sample(c2, ORDERS, days=10)


@pytest.mark.parametrize("col", ["customer_id", "received", "outcome"])
def test_sample_missing_columns_named(col):
    with pytest.raises(KhlibInputError, match=col):
        recovery_sample(COMPLAINTS.drop(columns=col), ORDERS, days=10)


@pytest.mark.parametrize("col", ["group", "orders_before", "repurchased"])
def test_table_missing_columns_named(col):
    with pytest.raises(KhlibInputError, match=col):
        recovery_table(EXPECTED.drop(columns=col))


@pytest.mark.parametrize("col", ["customer_id", "group", "orders_before", "repurchased"])
def test_model_missing_columns_named(col):
    with pytest.raises(KhlibInputError, match=col):
        recovery_model(EXPECTED.drop(columns=col))


def test_model_unknown_group():
    with pytest.raises(KhlibInputError, match="group"):
        recovery_model(EXPECTED.assign(group=EXPECTED["group"].replace("未投诉", "其他")))


# ------------------------------------------------------------------ the model, answer known
def _exact_sample(cluster_size):
    """Cells (group, orders before) with (repurchased, not) counts whose odds follow the model
    exactly: odds = ½ · 2^(log2(1 + orders_before)) · OR_group, i.e. logit = −log 2 + x + b_g with
    x = log(1 + orders_before), OR = 2 (满意), 1 (基本满意), ½ (不满意):
      未投诉   1 order: 10/10 (odds 1)   3 orders: 20/10 (odds 2)
      满意     1 order: 20/10 (odds 2)   3 orders: 40/10 (odds 4)
      基本满意 1 order: 10/10            3 orders: 20/10
      不满意   1 order:  5/10 (odds ½)   3 orders: 10/10 (odds 1)
    The fitted probabilities equal the cell shares, so the MLE is exactly these values."""
    cells = {("未投诉", 1): (10, 10), ("未投诉", 3): (20, 10), ("满意", 1): (20, 10), ("满意", 3): (40, 10),
             ("基本满意", 1): (10, 10), ("基本满意", 3): (20, 10), ("不满意", 1): (5, 10), ("不满意", 3): (10, 10)}
    rows = []
    for (g, ob), (yes, no) in cells.items():
        rows += [(g, ob, True)] * yes + [(g, ob, False)] * no
    df = pd.DataFrame(rows, columns=["group", "orders_before", "repurchased"])
    # customers: consecutive blocks of `cluster_size` rows (sorted by outcome: rows of one customer
    # tend to share it, so the clustered errors differ from the plain ones)
    df = df.sort_values(["repurchased", "group", "orders_before"], kind="stable").reset_index(drop=True)
    df.insert(0, "customer_id", [f"c{i // cluster_size:03d}" for i in range(len(df))])
    return df.sample(frac=1, random_state=0).reset_index(drop=True)


def _design(df):
    X = pd.DataFrame({"const": 1.0,
                      "满意": (df["group"] == "满意").astype(float),
                      "基本满意": (df["group"] == "基本满意").astype(float),
                      "不满意": (df["group"] == "不满意").astype(float),
                      "x": np.log1p(df["orders_before"].astype(float))})
    return X, df["repurchased"].astype(float)


def test_model_exact_odds_ratios():
    df = _exact_sample(cluster_size=1)
    m = recovery_model(df)
    assert list(m.columns) == ["odds_ratio", "ci_low", "ci_high", "p_value"]
    assert m.index.tolist() == list(GROUPS[:3]) and m.index.name == "group"
    assert m["odds_ratio"].tolist() == pytest.approx([2.0, 1.0, 0.5], rel=1e-7)
    assert m.loc["基本满意", "p_value"] == pytest.approx(1.0, abs=1e-6)  # log OR = 0
    assert (m["ci_low"] < m["odds_ratio"]).all() and (m["odds_ratio"] < m["ci_high"]).all()


def test_model_matches_statsmodels_with_clusters():
    import statsmodels.api as sm

    df = _exact_sample(cluster_size=5)
    assert df["customer_id"].value_counts().max() == 5  # customers repeat
    m = recovery_model(df)
    X, y = _design(df)
    groups = pd.factorize(df["customer_id"])[0]
    fit = sm.GLM(y, X, family=sm.families.Binomial()).fit(cov_type="cluster", cov_kwds={"groups": groups},
                                                          tol=1e-12)
    names = ["满意", "基本满意", "不满意"]
    assert fit.params["x"] == pytest.approx(1.0, rel=1e-7)  # the orders-before slope built in
    assert m["odds_ratio"].to_numpy() == pytest.approx(np.exp(fit.params[names].to_numpy()), rel=1e-9)
    ci = fit.conf_int(alpha=0.05).loc[names]
    assert m["ci_low"].to_numpy() == pytest.approx(np.exp(ci[0].to_numpy()), rel=1e-9)
    assert m["ci_high"].to_numpy() == pytest.approx(np.exp(ci[1].to_numpy()), rel=1e-9)
    assert m["p_value"].to_numpy() == pytest.approx(fit.pvalues[names].to_numpy(), rel=1e-6, abs=1e-12)
    # ci = exp(coef ± z·se)
    se = fit.bse[names].to_numpy()
    assert m["ci_low"].to_numpy() == pytest.approx(np.exp(np.log(m["odds_ratio"].to_numpy()) - Z95 * se))

    # the plain (not clustered) errors are different: same estimates, other intervals
    plain = sm.GLM(y, X, family=sm.families.Binomial()).fit(tol=1e-12)
    assert plain.params[names].to_numpy() == pytest.approx(fit.params[names].to_numpy())
    ratio = fit.bse[names].to_numpy() / plain.bse[names].to_numpy()
    assert np.all(np.abs(ratio - 1) > 0.05), ratio
    width = np.log(m["ci_high"] / m["ci_low"]).to_numpy()
    plain_width = 2 * Z95 * plain.bse[names].to_numpy()
    assert not np.allclose(width, plain_width, rtol=0.05)

    # the level changes the interval only
    m90 = recovery_model(df, level=0.90)
    assert m90["odds_ratio"].tolist() == pytest.approx(m["odds_ratio"].tolist())
    assert (m90["ci_low"] > m["ci_low"]).all() and (m90["ci_high"] < m["ci_high"]).all()


def test_model_row_order_does_not_matter():
    df = _exact_sample(cluster_size=5)
    a = recovery_model(df)
    b = recovery_model(df.iloc[::-1].reset_index(drop=True))
    pd.testing.assert_frame_equal(a, b, rtol=1e-7)


# ------------------------------------------------------------------ the company data
@pytest.fixture(scope="module")
def company():
    return kh.datasets.load_complaints(), kh.datasets.load_orders()


@pytest.fixture(scope="module")
def company_sample(company):
    c, o = company
    return recovery_sample(c, o, days=90, end="2025-12-31")


def _order_days(o):
    """customer -> sorted numpy array of the days (int) of its distinct orders."""
    first = o.drop_duplicates("order_id")
    days = first["order_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    out = {}
    for cust, d in zip(first["customer_id"].to_numpy(), days):
        out.setdefault(cust, []).append(d)
    return {k: np.sort(np.array(v)) for k, v in out.items()}


def test_company_counts_independently(company, company_sample):
    c, o = company
    end = np.datetime64("2025-12-31").astype(np.int64)
    by_cust = _order_days(o)
    empty = np.array([], dtype=np.int64)
    # complaint rows: rated, ≥ 1 distinct order in the 90 days before the day, day + 90 ≤ 12-31
    cases, rep = {}, {}
    for cust, when, g in zip(c["customer_id"], c["received"], c["outcome"]):
        if g not in ("满意", "基本满意", "不满意"):
            continue
        d = np.datetime64(when, "D").astype(np.int64)
        days = by_cust.get(cust, empty)
        before = np.sum((days >= d - 90) & (days <= d - 1))
        after = np.sum((days >= d + 1) & (days <= d + 90))
        if before >= 1 and d + 90 <= end:
            cases[g] = cases.get(g, 0) + 1
            rep[g] = rep.get(g, 0) + int(after >= 1)
    # reference rows: the first day of each month 2024-01 .. 2025-12, every customer in the orders,
    # no complaint within 90 days either side nor on the day, ≥ 1 order before, day + 90 ≤ 12-31
    comp_days = {}
    for cust, when in zip(c["customer_id"], c["received"]):
        comp_days.setdefault(cust, []).append(np.datetime64(when, "D").astype(np.int64))
    comp_days = {k: np.array(v) for k, v in comp_days.items()}
    firsts = pd.date_range("2024-01-01", "2025-12-01", freq="MS").to_numpy().astype("datetime64[D]").astype(np.int64)
    ref_cases = ref_rep = 0
    for cust in pd.unique(o["customer_id"]):
        days = by_cust[cust]
        cd = comp_days.get(cust, empty)
        for d in firsts:
            if np.any(np.abs(cd - d) <= 90) or d + 90 > end:
                continue
            if np.sum((days >= d - 90) & (days <= d - 1)) >= 1:
                ref_cases += 1
                ref_rep += int(np.sum((days >= d + 1) & (days <= d + 90)) >= 1)

    t = recovery_table(company_sample)
    assert [cases["满意"], cases["基本满意"], cases["不满意"], ref_cases] == [781, 645, 370, 34556]
    assert t["cases"].tolist() == [781, 645, 370, 34556]
    assert t["repurchased"].tolist() == [rep["满意"], rep["基本满意"], rep["不满意"], ref_rep]
    assert t["repurchased"].tolist() == [755, 613, 340, 30462]


def test_company_model_runs(company_sample):
    m = recovery_model(company_sample)
    assert m.index.tolist() == list(GROUPS[:3])
    assert np.isfinite(m.to_numpy()).all()
    assert (m["ci_low"] < m["odds_ratio"]).all() and (m["odds_ratio"] < m["ci_high"]).all()
    # the customers repeat in the sample (reference months and several complaints)
    assert company_sample["customer_id"].duplicated().any()
