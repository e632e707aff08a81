"""Event lines -> counts per period and the orders around each event (chapter 07's heavy steps):
hand examples (weeks Monday–Sunday, every period listed, inclusive bounds, ``by=``), the windows
before / after an event (the event day in neither), distinct orders, censoring by ``end``, the
errors, and a brute-force check of ``orders_around`` on a random data set."""

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.summary.events import event_counts, orders_around


# ------------------------------------------------------------------ event_counts
def test_weeks_start_monday_and_quiet_weeks_are_listed():
    # 2024-01-01 is a Monday. Events: Mon 01-01 09:00, Sun 01-07 23:30 (still week 1),
    # Mon 01-08 00:00 (week 2), nothing in week 3 (01-15..01-21), Wed 01-24 (week 4)
    ev = pd.DataFrame({"received": ["2024-01-01 09:00", "2024-01-07 23:30", "2024-01-08 00:00", "2024-01-24"]})
    out = event_counts(ev, date="received")
    assert list(out.columns) == ["count"]
    assert out.index.name == "period"
    assert out.index.tolist() == list(pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]))
    assert all(d.day_of_week == 0 for d in out.index)  # every period starts on a Monday
    assert out["count"].tolist() == [2, 1, 0, 1]
    assert pd.api.types.is_integer_dtype(out["count"])


def test_week_of_a_midweek_first_event_starts_the_monday_before():
    # first event Thursday 2024-02-01 -> its week starts Monday 2024-01-29; Sunday 02-04 same week
    ev = pd.DataFrame({"d": ["2024-02-01", "2024-02-04", "2024-02-05"]})
    out = event_counts(ev, date="d", freq="W")
    assert out.index.tolist() == list(pd.to_datetime(["2024-01-29", "2024-02-05"]))
    assert out["count"].tolist() == [2, 1]


def test_start_end_bounds_zero_weeks_and_times_on_last_day():
    ev = pd.DataFrame({"received": ["2023-12-31 10:00",   # before start: out
                                    "2024-01-02 08:00",   # week of 01-01
                                    "2024-01-14 23:59",   # last day (end), late in the day: in
                                    "2024-01-15 00:00"]})  # after end: out
    out = event_counts(ev, date="received", start="2024-01-01", end="2024-01-14")
    assert out.index.tolist() == list(pd.to_datetime(["2024-01-01", "2024-01-08"]))
    assert out["count"].tolist() == [1, 1]
    # a range wider than the data: the quiet weeks on both sides are listed as 0
    wide = event_counts(ev, date="received", start="2023-12-18", end="2024-01-28")
    # weeks: 12-18, 12-25 (12-31 is its Sunday: 1), 01-01 (1), 01-08 (1), 01-15 (1), 01-22
    assert wide.index[0] == pd.Timestamp("2023-12-18") and wide.index[-1] == pd.Timestamp("2024-01-22")
    assert wide["count"].tolist() == [0, 1, 1, 1, 1, 0]


def test_start_and_end_with_times_count_whole_days():
    ev = pd.DataFrame({"d": ["2024-03-04 08:00", "2024-03-06 09:00", "2024-03-10 22:00"]})
    # start at noon on 03-04 still counts 03-04 08:00 (whole days); end at 01:00 on 03-10 counts 22:00
    out = event_counts(ev, date="d", freq="D", start="2024-03-04 12:00", end="2024-03-10 01:00")
    assert out.index.tolist() == list(pd.date_range("2024-03-04", "2024-03-10", freq="D"))
    assert out["count"].tolist() == [1, 0, 1, 0, 0, 0, 1]


def test_days_and_months():
    ev = pd.DataFrame({"d": ["2024-01-31 23:00", "2024-02-01", "2024-02-29", "2024-04-02"]})
    m = event_counts(ev, date="d", freq="M")
    # Jan 1, Feb 2 (leap day 29 included), Mar 0, Apr 1
    assert m.index.tolist() == list(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]))
    assert m["count"].tolist() == [1, 2, 0, 1]
    d = event_counts(ev, date="d", freq="D", start="2024-01-30", end="2024-02-02")
    assert d.index.tolist() == list(pd.to_datetime(["2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02"]))
    assert d["count"].tolist() == [0, 1, 1, 0]
    assert int(m["count"].sum()) == 4


def test_quarters_and_years():
    ev = pd.DataFrame({"d": ["2024-01-05", "2024-03-31 18:00", "2024-07-01", "2025-02-02"]})
    q = event_counts(ev, date="d", freq="Q")
    # Q1 2024: 2, Q2: 0, Q3: 1, Q4: 0, Q1 2025: 1
    assert q.index.tolist() == list(pd.to_datetime(["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01",
                                                    "2025-01-01"]))
    assert q["count"].tolist() == [2, 0, 1, 0, 1]
    y = event_counts(ev, date="d", freq="Y")
    assert y.index.tolist() == list(pd.to_datetime(["2024-01-01", "2025-01-01"]))
    assert y["count"].tolist() == [3, 1]


def test_by_column_one_count_column_per_value_sorted():
    ev = pd.DataFrame({
        "received": ["2024-01-02", "2024-01-03", "2024-01-03 17:00", "2024-01-17", "2024-01-18", "2023-12-20"],
        "kind": ["运输", "产品质量", "运输", "服务", "运输", None],  # the None is outside the range: no error
    })
    out = event_counts(ev, date="received", by="kind", start="2024-01-01", end="2024-01-21")
    assert out.columns.name == "kind"
    assert list(out.columns) == sorted(["运输", "产品质量", "服务"])
    assert out.index.tolist() == list(pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"]))
    # week 01-01: 运输 2, 产品质量 1; week 01-08: nothing; week 01-15: 服务 1, 运输 1
    assert out["运输"].tolist() == [2, 0, 1]
    assert out["产品质量"].tolist() == [1, 0, 0]
    assert out["服务"].tolist() == [0, 0, 1]
    # the by= counts add up to the plain counts
    plain = event_counts(ev, date="received", start="2024-01-01", end="2024-01-21")["count"]
    assert out.sum(axis=1).tolist() == plain.tolist() == [3, 0, 2]


def test_by_with_a_non_default_index():
    ev = pd.DataFrame({"d": ["2024-01-01", "2024-01-09", "2024-01-02"], "k": ["x", "y", "x"]},
                      index=["r1", "r2", "r3"])
    out = event_counts(ev, date="d", by="k")
    assert out.to_dict("list") == {"x": [2, 0], "y": [0, 1]}


def test_bad_freq():
    ev = pd.DataFrame({"d": ["2024-01-01"]})
    with pytest.raises(KhlibInputError, match="freq"):
        event_counts(ev, date="d", freq="week")
    with pytest.raises(KhlibInputError, match="freq"):
        event_counts(ev, date="d", freq="W-MON")


def test_end_before_start():
    ev = pd.DataFrame({"d": ["2024-01-01", "2024-02-01"]})
    with pytest.raises(KhlibInputError, match="before start"):
        event_counts(ev, date="d", start="2024-02-01", end="2024-01-31")


def test_missing_columns_are_named():
    ev = pd.DataFrame({"d": ["2024-01-01"]})
    with pytest.raises(KhlibInputError, match="received"):
        event_counts(ev, date="received")
    with pytest.raises(KhlibInputError, match="kind"):
        event_counts(ev, date="d", by="kind")


def test_empty_group_value_inside_the_range_fails_naming_the_row():
    ev = pd.DataFrame({"d": ["2024-01-01", "2024-01-02", "2024-01-03"], "k": ["a", None, "b"]},
                      index=[10, 11, 12])
    with pytest.raises(KhlibInputError, match=r"'k'.*11"):
        event_counts(ev, date="d", by="k")


def test_event_counts_does_not_modify_input():
    ev = pd.DataFrame({"d": ["2024-01-01", "2024-01-09"], "k": ["a", "b"]})
    before = ev.copy()
    event_counts(ev, date="d", by="k")
    pd.testing.assert_frame_equal(ev, before)


# ------------------------------------------------------------------ orders_around: by hand
def lines_frame(rows, with_id=True):
    cols = ["customer_id", "order_id", "order_date", "amount"]
    df = pd.DataFrame(rows, columns=cols)
    return df if with_id else df.drop(columns="order_id")


def test_windows_exclude_the_event_day_and_include_both_ends():
    # event: customer a, 2024-03-11 15:00, days=10
    # before window = 03-01 .. 03-10 (the 10 days before 03-11); after = 03-12 .. 03-21
    lines = lines_frame([
        ("a", "o1", "2024-02-29", 1.0),        # 11 days before: out
        ("a", "o2", "2024-03-01", 2.0),        # exactly 10 days before: before
        ("a", "o3", "2024-03-10 23:00", 4.0),  # the day before: before
        ("a", "o4", "2024-03-11 08:00", 8.0),  # the event day (before the complaint's hour): neither
        ("a", "o5", "2024-03-12", 16.0),       # the day after: after
        ("a", "o6", "2024-03-21 20:00", 32.0),  # exactly 10 days after: after
        ("a", "o7", "2024-03-22", 64.0),       # 11 days after: out
    ])
    ev = pd.DataFrame({"customer_id": ["a"], "received": ["2024-03-11 15:00"]})
    out = orders_around(ev, lines, days=10, end="2024-12-31")
    assert list(out.columns) == ["orders_before", "orders_after", "sales_after", "followed"]
    # before: o2, o3 -> 2; after: o5, o6 -> 2, sales 16 + 32 = 48
    assert out.loc[0, "orders_before"] == 2
    assert out.loc[0, "orders_after"] == 2
    assert out.loc[0, "sales_after"] == 48.0
    assert bool(out.loc[0, "followed"]) is True
    assert pd.api.types.is_integer_dtype(out["orders_before"]) and pd.api.types.is_integer_dtype(out["orders_after"])
    assert out["sales_after"].dtype == float and out["followed"].dtype == bool


def test_distinct_orders_and_summed_lines():
    # order o2 has two lines (after the event): counted once, sales 5 + 7 = 12;
    # order o1 has two lines before: counted once
    lines = lines_frame([
        ("a", "o1", "2024-05-05", 3.0),
        ("a", "o1", "2024-05-05", 4.0),
        ("a", "o2", "2024-05-20", 5.0),
        ("b", "o9", "2024-05-21", 100.0),     # another customer: not a's
        ("a", "o2", "2024-05-20", 7.0),
        ("a", "o3", "2024-05-22", 1.5),
    ])
    lines["line_no"] = [1, 2, 1, 1, 2, 1]
    ev = pd.DataFrame({"customer_id": ["a"], "received": ["2024-05-10"]})
    out = orders_around(ev, lines, days=30, end="2024-12-31")
    # before (04-10 .. 05-09): o1 -> 1; after (05-11 .. 06-09): o2, o3 -> 2, 12 + 1.5 = 13.5
    assert out.iloc[0].tolist() == [1, 2, 13.5, True]


def test_without_order_ids_distinct_order_days():
    # no order id: the orders are distinct (customer, day) pairs; two lines the same day = one order
    lines = lines_frame([
        ("a", None, "2024-05-05 09:00", 3.0),
        ("a", None, "2024-05-05 16:00", 4.0),  # same day as above: same order
        ("a", None, "2024-05-06", 2.0),        # another day: another order
        ("a", None, "2024-05-20", 5.0),
        ("a", None, "2024-05-20", 7.0),        # same day: one order, sales 12
    ], with_id=False)
    ev = pd.DataFrame({"customer_id": ["a"], "received": ["2024-05-10"]})
    out = orders_around(ev, lines, days=30, end="2024-12-31")
    # before: days 05-05, 05-06 -> 2; after: day 05-20 -> 1, sales 5 + 7 = 12
    assert out.iloc[0].tolist() == [2, 1, 12.0, True]


def test_customer_without_orders_and_other_customers():
    lines = lines_frame([
        ("a", "o1", "2024-01-10", 10.0),
        ("a", "o2", "2024-02-01", 20.0),
        ("a", "o3", "2024-03-15", 40.0),
        ("b", "o4", "2024-02-20", 5.0),
    ])
    ev = pd.DataFrame({"customer_id": ["a", "b", "zz"],
                       "received": ["2024-02-01 10:00", "2024-02-01", "2024-02-10"]})
    out = orders_around(ev, lines, days=60, end="2024-12-31")
    # a on 02-01: before 12-03 .. 01-31 -> o1 (1); after 02-02 .. 04-01 -> o3 (1, 40); o2 is on the day
    # b on 02-01: before none; after o4 (1, 5)
    # zz has no orders at all: 0, 0, 0.0
    assert out["orders_before"].tolist() == [1, 0, 0]
    assert out["orders_after"].tolist() == [1, 1, 0]
    assert out["sales_after"].tolist() == [40.0, 5.0, 0.0]
    assert out["followed"].tolist() == [True, True, True]


def test_followed_against_end_and_default_last_order_date():
    lines = lines_frame([
        ("a", "o1", "2024-01-01", 1.0),
        ("a", "o2", "2024-03-31 18:00", 1.0),  # last order day in the data: 2024-03-31
    ])
    ev = pd.DataFrame({"customer_id": ["a", "a", "a"], "received": ["2024-03-01 23:00", "2024-03-02", "2024-01-15"]})
    # days=30: 03-01 + 30 = 03-31 <= 03-31 -> followed; 03-02 + 30 = 04-01 > 03-31 -> not; 01-15 -> followed
    out = orders_around(ev, lines, days=30)
    assert out["followed"].tolist() == [True, False, True]
    # with end given: end=2024-04-01 follows the second too; end=2024-03-30 none of the March ones
    assert orders_around(ev, lines, days=30, end="2024-04-01")["followed"].tolist() == [True, True, True]
    assert orders_around(ev, lines, days=30, end="2024-03-30")["followed"].tolist() == [False, False, True]
    # end with a time of day: the day counts
    assert orders_around(ev, lines, days=30, end="2024-03-31 00:01")["followed"].tolist() == [True, False, True]


def test_event_index_preserved_and_other_column_names():
    lines = pd.DataFrame({"客户": ["a", "a", "b"], "单号": ["x1", "x2", "x3"],
                          "日期": ["2024-01-05", "2024-01-25", "2024-01-26"], "金额": [1.0, 2.0, 3.0]})
    ev = pd.DataFrame({"客户": ["b", "a"], "when": ["2024-01-20", "2024-01-20"]}, index=["e7", "e3"])
    out = orders_around(ev, lines, days=10, event_date="when", customer="客户", date="日期", amount="金额",
                        order="单号", end="2024-12-31")
    assert out.index.tolist() == ["e7", "e3"]
    # b: before 01-10..01-19 none, after 01-21..01-30 x3 (3.0); a: before x1 (01-05? 15 days: out) -> 0,
    # after x2 (01-25, 2.0)
    assert out.loc["e7"].tolist() == [0, 1, 3.0, True]
    assert out.loc["e3"].tolist() == [0, 1, 2.0, True]


@pytest.mark.parametrize("bad", [0, -5, 1.5, 90.0, "90", True, None])
def test_invalid_days(bad):
    lines = lines_frame([("a", "o1", "2024-01-01", 1.0)])
    ev = pd.DataFrame({"customer_id": ["a"], "received": ["2024-01-02"]})
    with pytest.raises(KhlibInputError, match="days"):
        orders_around(ev, lines, days=bad)


def test_numpy_integer_days_accepted():
    lines = lines_frame([("a", "o1", "2024-01-01", 1.0), ("a", "o2", "2024-01-03", 2.0)])
    ev = pd.DataFrame({"customer_id": ["a"], "received": ["2024-01-02"]})
    out = orders_around(ev, lines, days=np.int64(1), end="2024-01-31")
    assert out.iloc[0].tolist() == [1, 1, 2.0, True]


def test_missing_event_columns_named():
    lines = lines_frame([("a", "o1", "2024-01-01", 1.0)])
    with pytest.raises(KhlibInputError, match="received"):
        orders_around(pd.DataFrame({"customer_id": ["a"]}), lines)
    with pytest.raises(KhlibInputError, match="customer_id"):
        orders_around(pd.DataFrame({"received": ["2024-01-01"]}), lines)


def test_orders_around_does_not_modify_inputs():
    lines = lines_frame([("a", "o1", "2024-01-01", 1.0), ("a", "o2", "2024-01-20", 2.0)])
    ev = pd.DataFrame({"customer_id": ["a"], "received": ["2024-01-10 12:00"]}, index=[4])
    lb, eb = lines.copy(), ev.copy()
    orders_around(ev, lines, days=30)
    pd.testing.assert_frame_equal(lines, lb)
    pd.testing.assert_frame_equal(ev, eb)


# ------------------------------------------------------------------ orders_around: brute force
def _random_data(seed, with_id=True):
    rng = random.Random(seed)
    customers = [f"C{i:02d}" for i in range(15)]
    start = dt.date(2024, 1, 1)
    rows = []
    n_orders = 0
    while len(rows) < 200:
        n_orders += 1
        c = rng.choice(customers)
        d = start + dt.timedelta(days=rng.randrange(0, 200))
        hour = rng.randrange(0, 24)
        for _ in range(rng.choice([1, 1, 1, 2, 3])):  # one to three lines per order
            rows.append((c, f"O{n_orders:04d}", f"{d.isoformat()} {hour:02d}:00",
                         float(rng.randrange(1, 500)) / 4))
    rows = rows[:200]
    rng.shuffle(rows)  # lines of one order need not be adjacent
    lines = pd.DataFrame(rows, columns=["customer_id", "order_id", "order_date", "amount"])
    lines["line_no"] = lines.groupby("order_id").cumcount() + 1
    ev_rows = []
    for i in range(50):
        if i % 2:  # half the events next to one of the customer's orders (dense windows even for days=1)
            c, _, when, _ = rng.choice(rows)
            d = dt.date.fromisoformat(when[:10]) + dt.timedelta(days=rng.randrange(-3, 4))
        else:
            c = rng.choice(customers + ["NOBODY"])  # some events from customers without orders
            d = start + dt.timedelta(days=rng.randrange(-10, 215))
        ev_rows.append((c, f"{d.isoformat()} {rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}"))
    events = pd.DataFrame(ev_rows, columns=["customer_id", "received"], index=np.arange(100, 150))
    if not with_id:
        lines = lines.drop(columns=["order_id", "line_no"])
    return lines, events


def _brute(lines, events, days, end_day, with_id=True):
    """Plain Python: for each event walk over every order and test the windows."""
    orders = {}  # (customer, order key) -> [first day seen, amount]
    for c, o, d, a in zip(lines["customer_id"], lines["order_id"] if with_id else [None] * len(lines),
                          lines["order_date"], lines["amount"]):
        day = dt.date.fromisoformat(d[:10])
        key = (c, o if with_id else day)
        if key not in orders:
            orders[key] = [day, 0.0]
        orders[key][1] += a
    out = []
    for c, r in zip(events["customer_id"], events["received"]):
        e = dt.date.fromisoformat(r[:10])
        before = after = 0
        sales = 0.0
        for (oc, _), (day, amt) in orders.items():
            if oc != c:
                continue
            gap = (day - e).days
            if -days <= gap <= -1:
                before += 1
            elif 1 <= gap <= days:
                after += 1
                sales += amt
        out.append((before, after, sales, (e + dt.timedelta(days=days)) <= end_day))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("days", [1, 7, 30])
def test_against_brute_force(seed, days):
    lines, events = _random_data(seed)
    got = orders_around(events, lines, days=days, end="2024-06-30")
    want = _brute(lines, events, days, dt.date(2024, 6, 30))
    assert got.index.tolist() == events.index.tolist()
    assert got["orders_before"].tolist() == [w[0] for w in want]
    assert got["orders_after"].tolist() == [w[1] for w in want]
    assert got["sales_after"].tolist() == pytest.approx([w[2] for w in want])
    assert got["followed"].tolist() == [w[3] for w in want]
    # the checks are not vacuous
    assert sum(w[0] for w in want) > 0 and sum(w[1] for w in want) > 0


@pytest.mark.parametrize("seed", [4, 5])
def test_against_brute_force_without_order_ids_and_default_end(seed):
    lines, events = _random_data(seed, with_id=False)
    got = orders_around(events, lines, days=20)
    last = max(dt.date.fromisoformat(d[:10]) for d in lines["order_date"])
    want = _brute(lines, events, 20, last, with_id=False)
    assert got["orders_before"].tolist() == [w[0] for w in want]
    assert got["orders_after"].tolist() == [w[1] for w in want]
    assert got["sales_after"].tolist() == pytest.approx([w[2] for w in want])
    assert got["followed"].tolist() == [w[3] for w in want]
    assert not all(w[3] for w in want) and any(w[3] for w in want)


def test_ids_are_matched_after_cleaning():
    # numeric ids in the orders, text (with a stray space) or floats in the events: the same customers
    lines = pd.DataFrame({"customer_id": [1, 1, 2], "order_id": [1, 2, 3],
                          "order_date": ["2024-01-10", "2024-02-05", "2024-02-20"], "amount": [10.0, 20.0, 5.0]})
    for ids in ([1, 2], ["1", " 2"], [1.0, 2.0]):
        ev = pd.DataFrame({"customer_id": ids, "received": ["2024-02-01 10:00", "2024-02-01"]})
        out = orders_around(ev, lines, days=60, end="2024-12-31")
        # 1: before o1 (01-10), after o2 (02-05, 20.0); 2: after o3 (02-20, 5.0)
        assert out.to_numpy().tolist() == [[1, 1, 20.0, True], [0, 1, 5.0, True]]
