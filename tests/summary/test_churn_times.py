"""Churn times of a non-contractual business (chapter 08's heavy step): worked by hand, against a
plain-Python loop on random data, and its contract (input untouched, errors)."""

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.summary import churn_times

COLUMNS = ["start_date", "churn_date", "duration_days", "churned", "came_back", "orders"]

# Several lines per order (order_id), two orders of b on one day, times of day, the caller's names.
LINES = pd.DataFrame({
    "客户": ["a", "a", "a", "a", "b", "b", "b", "b", "b", "c", "c", "c"],
    "单号": ["A1", "A1", "A2", "A3", "B1", "B2", "B3", "B3", "B4", "C1", "C2", "C2"],
    "日期": ["2025-01-01", "2025-01-01", "2025-01-20 17:30", "2025-03-31", "2025-02-10 09:00", "2025-02-10 16:00",
           "2025-03-05", "2025-03-05", "2025-03-20", "2025-01-05", "2025-01-25", "2025-01-25"],
    "金额": [10.0, 5.0, 8.0, 3.0, 1.0, 2.0, 4.0, 4.5, 6.0, 7.0, 1.0, 2.0],
})
NAMES = dict(customer="客户", date="日期", amount="金额", order="单号")


def test_by_hand_from_the_first_order():
    r = churn_times(LINES, span_days=30, **NAMES)  # end = 2025-03-31, the last order in the data
    assert list(r.columns) == COLUMNS and r.index.tolist() == ["a", "b", "c"] and r.index.name == "customer_id"
    # a: days 01-01, 01-20, 03-31; gaps 19, 70 (>= 30): churns on 01-20 (19 days after its first order),
    #    orders again on 03-31: came back. Days up to the churn: 01-01, 01-20 -> 2.
    a = r.loc["a"]
    assert (a["start_date"], a["churn_date"]) == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-20"))
    assert (a["duration_days"], a["churned"], a["came_back"], a["orders"]) == (19.0, 1, True, 2)
    # b: two orders on 02-10 and two lines of one order on 03-05 count as one day each: days 02-10, 03-05, 03-20;
    #    gaps 23, 15, then 11 to end (< 30): censored at its last order, 03-20 - 02-10 = 38 days, 3 days.
    b = r.loc["b"]
    assert (b["start_date"], b["churn_date"]) == (pd.Timestamp("2025-02-10"), pd.Timestamp("2025-03-20"))
    assert (b["duration_days"], b["churned"], b["came_back"], b["orders"]) == (38.0, 0, False, 3)
    # c: days 01-05, 01-25; gap 20, then 65 days to end (>= 30): churned on 01-25 (20 days), not back.
    c = r.loc["c"]
    assert (c["churn_date"], c["duration_days"], c["churned"], c["came_back"], c["orders"]) == (
        pd.Timestamp("2025-01-25"), 20.0, 1, False, 2)


def test_last_gap_counts_only_when_it_reached_the_span():
    # c's last order 01-25: with end 02-23 the silence is 29 days (< 30): censored; with end 02-24, 30: churned.
    r = churn_times(LINES, span_days=30, end="2025-02-23", **NAMES)
    assert r.loc["c", "churned"] == 0 and r.loc["c", "churn_date"] == pd.Timestamp("2025-01-25")
    assert churn_times(LINES, span_days=30, end="2025-02-24", **NAMES).loc["c", "churned"] == 1
    # end 02-23 also drops a's order of 03-31: a churned on 01-20 (gap to end 34) and is not back (yet).
    assert (r.loc["a", "churned"], r.loc["a", "came_back"]) == (1, False)
    # b's later orders are ignored: days 02-10 only, 13 days to end: censored at 02-10, duration 0, 1 day.
    assert r.loc["b", ["duration_days", "churned", "orders"]].tolist() == [0.0, 0, 1]


def test_end_after_the_data_and_customers_after_end():
    r = churn_times(LINES, span_days=30, end="2025-12-31", **NAMES)
    # b's last order 03-20 is now 286 days before end: churned there (duration 38), and a is back as before.
    assert r.loc["b", ["duration_days", "churned", "came_back"]].tolist() == [38.0, 1, False]
    early = churn_times(LINES, span_days=30, end="2025-01-10", **NAMES)  # b orders only after end: not a customer yet
    assert early.index.tolist() == ["a", "c"]


LANDMARK = pd.DataFrame({
    "customer_id": ["a", "a", "a", "b", "b", "b", "d", "d", "e", "e", "f", "g", "g", "g", "g"],
    "order_date": ["2025-01-01", "2025-01-20", "2025-03-31", "2025-02-10", "2025-03-05", "2025-03-20",
                   "2025-02-05", "2025-03-20", "2025-01-30", "2025-03-01", "2025-03-01",
                   "2024-10-01", "2024-12-01", "2025-02-20", "2025-03-10"],
    "amount": 1.0,
})


def test_landmark_start():
    r = churn_times(LANDMARK, span_days=30, start="2025-03-01")  # active: an order day in [01-30, 03-01]; end 03-31
    # a ordered 01-20 and 03-31, nothing in the window: not active at the landmark, left out.
    assert r.index.tolist() == ["b", "d", "e", "f", "g"]
    assert (r["start_date"] == pd.Timestamp("2025-03-01")).all()
    # b: gaps 23, 15, 11 to end: censored at 03-20, 19 days after the landmark; days since 03-01: 03-05, 03-20.
    assert r.loc["b", ["duration_days", "churned", "came_back", "orders"]].tolist() == [19.0, 0, False, 2]
    # d: 02-05 then 03-20, a gap of 43 that began before the landmark: churned at 02-05, duration 0 (clipped
    #    from -24), back on 03-20; no order day between the landmark and the churn.
    assert r.loc["d", "churn_date"] == pd.Timestamp("2025-02-05")
    assert r.loc["d", ["duration_days", "churned", "came_back", "orders"]].tolist() == [0.0, 1, True, 0]
    # e: 01-30 (= start - 30, inside the window) and 03-01: a gap of exactly 30 is churn: at 01-30, back 03-01.
    assert r.loc["e", ["duration_days", "churned", "came_back", "orders"]].tolist() == [0.0, 1, True, 0]
    # f: one order on the landmark day, 30 days of silence to end: churned on 03-01, duration 0, 1 day.
    assert r.loc["f", ["duration_days", "churned", "came_back", "orders"]].tolist() == [0.0, 1, False, 1]
    # g: 2024-10-01 -> 12-01 (61 days) was an earlier episode, before start - 30; from 02-20: gaps 18, 21 to
    #    end: censored at 03-10 (9 days), one order day since the landmark.
    assert r.loc["g", ["duration_days", "churned", "came_back", "orders"]].tolist() == [9.0, 0, False, 1]
    # Without a landmark g's clock starts 2024-10-01 and that first silence is its churn.
    g = churn_times(LANDMARK, span_days=30).loc["g"]
    assert (g["churn_date"], g["duration_days"], g["came_back"], g["orders"]) == (pd.Timestamp("2024-10-01"), 0.0, True, 1)


def _brute(lines: pd.DataFrame, span: int, start=None, end=None) -> pd.DataFrame:
    """The definition in plain Python, one customer at a time."""
    days = lines["order_date"].dt.normalize()
    end = pd.Timestamp(end) if end is not None else days.max()
    start = pd.Timestamp(start) if start is not None else None
    rows = {}
    for cust, d in days[days <= end].groupby(lines["customer_id"]):
        d = sorted(set(d))
        if start is not None and not any(start - pd.Timedelta(days=span) <= x <= start for x in d):
            continue
        churn, back = len(d) - 1, False
        for i, x in enumerate(d):
            if start is not None and x < start - pd.Timedelta(days=span):
                continue
            gap = (d[i + 1] - x).days if i + 1 < len(d) else (end - x).days
            if gap >= span:
                churn, back = i, i + 1 < len(d)
                break
        else:
            churn = None
        i = churn if churn is not None else len(d) - 1
        begin = start if start is not None else d[0]
        rows[cust] = {"start_date": begin, "churn_date": d[i], "duration_days": float(max((d[i] - begin).days, 0)),
                      "churned": int(churn is not None), "came_back": back,
                      "orders": sum(begin <= x <= d[i] for x in d)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "customer_id"
    return out.sort_index()


@pytest.fixture(scope="module")
def random_lines():
    rng = np.random.default_rng(8)
    n = 4000
    cust = rng.choice(300, size=n, p=(w := rng.pareto(1.5, 300) + 0.05) / w.sum())
    return pd.DataFrame({
        "customer_id": np.char.add("K", cust.astype(str)),
        "order_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 730 * 24, n), unit="h"),
        "amount": rng.uniform(1, 100, n).round(2),
    })


@pytest.mark.parametrize("span", [1, 7, 30, 90, 180])
@pytest.mark.parametrize("start, end", [(None, None), (None, "2025-06-30"), ("2025-01-01", None),
                                        ("2024-08-15", "2025-03-01"), ("2025-12-30", "2026-03-01")])
def test_matches_a_plain_loop(random_lines, span, start, end):
    ours = churn_times(random_lines, span_days=span, start=start, end=end)
    ref = _brute(random_lines, span, start, end)
    assert ours.index.tolist() == ref.index.tolist()
    pd.testing.assert_frame_equal(ours.astype({"start_date": "datetime64[ns]", "churn_date": "datetime64[ns]"}),
                                  ref[COLUMNS].astype({"start_date": "datetime64[ns]", "churn_date": "datetime64[ns]",
                                                       "orders": "int64", "churned": "int64"}),
                                  check_index_type=False)


def test_input_not_modified(random_lines):
    before = random_lines.copy()
    churn_times(random_lines, span_days=30, start="2025-01-01")
    pd.testing.assert_frame_equal(random_lines, before)


@pytest.mark.parametrize("span", [0, -5, 1.5, True, "180", None])
def test_span_must_be_whole_days(span):
    with pytest.raises(KhlibInputError, match="span_days"):
        churn_times(LINES, span_days=span, **NAMES)


def test_errors():
    with pytest.raises(KhlibInputError, match="before start"):
        churn_times(LINES, start="2025-03-01", end="2025-02-01", **NAMES)
    with pytest.raises(KhlibInputError, match="end's default"):  # start after the last order, end not given
        churn_times(LINES, start="2025-06-01", **NAMES)
    with pytest.raises(KhlibInputError, match="before the first order"):
        churn_times(LINES, end="2024-12-31", **NAMES)
    with pytest.raises(KhlibInputError, match="no active customer"):
        churn_times(LINES, span_days=10, start="2025-01-19", **NAMES)  # no order day in [01-09, 01-19]
    with pytest.raises(KhlibInputError, match="start"):
        churn_times(LINES, start="not a date", **NAMES)
    with pytest.raises(KhlibInputError, match="日期"):  # validated like every summary: the bad row is named
        churn_times(LINES.assign(日期=["bad"] + LINES["日期"].tolist()[1:]), **NAMES)
    with pytest.raises(KhlibInputError, match="Missing column"):
        churn_times(LINES)


def test_company_data_feeds_kaplan_meier(orders):
    r = churn_times(orders, span_days=180)
    assert r.index.is_monotonic_increasing and len(r) == orders["customer_id"].nunique()
    assert (r["duration_days"] >= 0).all() and (r["orders"] >= 1).all()
    assert (r["came_back"] <= r["churned"].astype(bool)).all()
    assert (r["churn_date"] >= r["start_date"]).all()
    km = kh.loyalty.kaplan_meier(r, duration="duration_days", event="churned")
    assert km["events"].sum() == r["churned"].sum() and km["survival"].is_monotonic_decreasing
    # A longer span makes churn rarer and comebacks rarer still.
    shares = [churn_times(orders, span_days=s)["churned"].mean() for s in (90, 180, 365)]
    assert shares[0] > shares[1] > shares[2] > 0


def test_sorted_distinct_is_numpys_unique():
    from khlib.summary.cohorts import _sorted_distinct

    rng = np.random.default_rng(3)
    for key in (rng.integers(-50, 50, 1000), rng.integers(0, 10**12, 5000), np.zeros(0, np.int64), np.array([7])):
        np.testing.assert_array_equal(_sorted_distinct(key), np.unique(key))


def test_cohort_retention_matches_pandas(random_lines):
    """cohort_retention (now on the validation's id codes and one sort) against a pandas group-by."""
    r = kh.summary.cohort_retention(random_lines)
    month = random_lines["order_date"].dt.to_period("M")
    first = month.groupby(random_lines["customer_id"]).transform("min")
    since = (month - first).map(lambda d: d.n)
    pairs = pd.DataFrame({"c": random_lines["customer_id"], "cohort": first, "k": since}).drop_duplicates()
    size = pairs.drop_duplicates("c")["cohort"].value_counts().sort_index()
    active = pairs.groupby(["cohort", "k"]).size().unstack(fill_value=0)
    share = active.div(size, axis=0)
    last = month.max()
    for cohort, row in share.iterrows():
        horizon = (last - cohort).n
        for k in r.columns[1:]:
            got = r.loc[cohort, k]
            if k > horizon:
                assert np.isnan(got)
            else:
                assert got == pytest.approx(row.get(k, 0.0)), (cohort, k)
    assert r["customers"].tolist() == size.astype(float).tolist()
