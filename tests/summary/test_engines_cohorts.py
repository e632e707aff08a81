"""Chapter 08's heavy step on other engines (khlib/summary/engines/cohorts.py): churn times and
cohort retention on every engine installed — pandas through the narwhals port, Polars eager and
lazy, DuckDB (a relation from a frame and one from a Parquet file), Spark when PySpark and Java
are there — each compared with the pandas path (``kh.summary.churn_times`` /
``kh.summary.cohort_retention`` on a pandas frame): ids, integers, booleans and dates exactly,
floats to 1e-9 absolute or 1e-13 relative (see test_engines.py); the retention table, which
every engine returns as pandas, equal to the pandas path's frame.
Run with ``-s`` to see the maximum absolute difference of every float column on every engine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.summary import SCHEMAS

nw = pytest.importorskip("narwhals.stable.v2", reason="the engines extra is not installed: pip install 'khlib[engines]'")
from khlib.summary.engines.cohorts import churn_times_any, cohort_retention_any  # noqa: E402

from .engine_support import ENGINES, compare, native_type_kept, to_pandas  # noqa: E402

T = pd.Timestamp


def _lines(rows):
    customer, order, when = zip(*rows)
    return pd.DataFrame({"customer_id": list(customer), "order_id": list(order),
                         "order_date": pd.to_datetime(list(when)).astype("datetime64[us]"),
                         "amount": np.arange(1.0, len(rows) + 1) / 4})


#: Span 30, end 2025-03-31 (the last order day). a: orders o1 (two lines) and o2 on 01-01, o3 at
#: 23:59 on 01-20, o4 on 03-31 — days 01-01, 01-20, 03-31, gaps 19 and 70: churns on 01-20 and
#: comes back. b: two orders on 02-10, two lines at 23:59 on 03-05, 03-20 — gaps 23, 15, 11 to end:
#: censored. c: 01-05, 01-25 23:59 — 65 days to end: churned. d: 02-05, 03-20 23:59 — a gap of 43:
#: churned on 02-05, back. e: one line at 23:59 on the last day. f: one line at 23:59 on 03-01 —
#: 30 days to end: churned. The docstring example of churn_times is a, b and c.
HAND = _lines([
    ("a", "o1", "2025-01-01 09:00"), ("a", "o1", "2025-01-01 09:00"), ("a", "o2", "2025-01-01 15:30"),
    ("a", "o3", "2025-01-20 23:59"), ("a", "o4", "2025-03-31 10:00"),
    ("b", "o5", "2025-02-10 08:00"), ("b", "o6", "2025-02-10 17:00"), ("b", "o7", "2025-03-05 23:59"),
    ("b", "o7", "2025-03-05 23:59"), ("b", "o8", "2025-03-20 00:00"),
    ("c", "o9", "2025-01-05 12:00"), ("c", "o10", "2025-01-25 23:59"),
    ("d", "o11", "2025-02-05 10:00"), ("d", "o12", "2025-03-20 23:59"),
    ("e", "o13", "2025-03-31 23:59"),
    ("f", "o14", "2025-03-01 23:59"),
])
COLUMNS = list(SCHEMAS["churn_times"]["columns"])

CHURN_CASES = {
    "acquisition": dict(span_days=30),
    "landmark": dict(span_days=30, start="2025-03-01"),
    "landmark_far_end": dict(span_days=10, start="2025-02-10", end="2025-06-30"),
    "end_cuts": dict(span_days=30, end="2025-03-30"),
    "one_day": dict(span_days=1),
}


# ------------------------------------------------------------------ hand-made cases, every engine
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(CHURN_CASES))
def test_churn_times_by_hand(make_frame, engine, case):
    kw = CHURN_CASES[case]
    out = churn_times_any(make_frame(engine)(HAND), **kw)
    native_type_kept(out, engine)
    compare(to_pandas(out), kh.summary.churn_times(HAND, **kw), "churn_times", f"hand {case} {engine}")


@pytest.mark.parametrize("engine", ENGINES)
def test_cohort_retention_by_hand(make_frame, engine):
    got = cohort_retention_any(make_frame(engine)(HAND))
    assert isinstance(got, pd.DataFrame)
    pd.testing.assert_frame_equal(got, kh.summary.cohort_retention(HAND))


def _row(frame, cid):
    r = frame.loc[cid]
    return (r["start_date"], r["churn_date"], r["duration_days"], r["churned"], r["came_back"], r["orders"])


def test_hand_values_from_the_first_order(make_frame):
    r = to_pandas(churn_times_any(make_frame("polars-lazy")(HAND), span_days=30))
    assert list(r.columns) == COLUMNS and r.index.tolist() == list("abcdef")
    assert _row(r, "a") == (T("2025-01-01"), T("2025-01-20"), 19.0, 1, True, 2)  # three orders on 01-01: one day
    assert _row(r, "b") == (T("2025-02-10"), T("2025-03-20"), 38.0, 0, False, 3)  # censored at its last order
    assert _row(r, "c") == (T("2025-01-05"), T("2025-01-25"), 20.0, 1, False, 2)  # 65 days of silence to end
    assert _row(r, "d") == (T("2025-02-05"), T("2025-02-05"), 0.0, 1, True, 1)
    assert _row(r, "e") == (T("2025-03-31"), T("2025-03-31"), 0.0, 0, False, 1)  # 23:59 of the end day is in
    assert _row(r, "f") == (T("2025-03-01"), T("2025-03-01"), 0.0, 1, False, 1)  # 23:59 is still 03-01: 30 days


def test_hand_values_with_a_landmark(make_frame):
    r = to_pandas(churn_times_any(make_frame("duckdb")(HAND), span_days=30, start="2025-03-01"))
    # active at the landmark: an order day in [01-30, 03-01] — b (02-10), d (02-05), f (03-01 at 23:59)
    assert r.index.tolist() == ["b", "d", "f"] and (r["start_date"] == T("2025-03-01")).all()
    assert _row(r, "b")[1:] == (T("2025-03-20"), 19.0, 0, False, 2)  # days since the landmark: 03-05, 03-20
    # d: the 43-day silence began on 02-05, before the landmark: churned there, duration 0, back on 03-20
    assert _row(r, "d")[1:] == (T("2025-02-05"), 0.0, 1, True, 0)
    assert _row(r, "f")[1:] == (T("2025-03-01"), 0.0, 1, False, 1)


def test_hand_values_with_an_earlier_end(make_frame):
    r = to_pandas(churn_times_any(make_frame("polars")(HAND), span_days=30, end="2025-03-30"))
    assert r.index.tolist() == list("abcdf")  # e's only line is on 03-31, after end
    assert _row(r, "a")[1:] == (T("2025-01-20"), 19.0, 1, False, 2)  # its 03-31 order is after end: not back (yet)
    assert _row(r, "f")[1:] == (T("2025-03-01"), 0.0, 0, False, 1)  # 29 days to end: censored


def test_hand_retention_values():
    pl = pytest.importorskip("polars")
    r = cohort_retention_any(pl.from_pandas(HAND).lazy())
    # January: a, c; February: b, d (both back in March); March: e, f. a back in March (month 2).
    assert [str(p) for p in r.index] == ["2025-01", "2025-02", "2025-03"] and r.index.name == "cohort"
    assert r.columns.tolist() == ["customers", 0, 1, 2]
    assert r["customers"].tolist() == [2.0, 2.0, 2.0]
    assert r.iloc[0, 1:].tolist() == [1.0, 0.0, 0.5]
    assert r.iloc[1, 1:3].tolist() == [1.0, 1.0] and np.isnan(r.iloc[1, 3])
    assert r.iloc[2, 1] == 1.0 and np.isnan(r.iloc[2, 2:]).all()  # not observed yet: missing, not 0


# ------------------------------------------------------------------ the company's 218k lines
COMPANY_CHURN = [dict(span_days=90), dict(span_days=180), dict(span_days=365), dict(span_days=180, start="2024-12-31"),
                 dict(span_days=90, start="2024-12-31", end="2025-09-30")]


@pytest.mark.parametrize("engine", ENGINES)
def test_company_orders_on_every_engine(make_frame, engine, orders):
    frame = make_frame(engine)(orders)
    for kw in COMPANY_CHURN:
        out = churn_times_any(frame, **kw)
        native_type_kept(out, engine)
        got = to_pandas(out)
        assert len(got) > 1000
        compare(got, kh.summary.churn_times(orders, **kw), "churn_times", f"company churn_times {kw} {engine}")
    pd.testing.assert_frame_equal(cohort_retention_any(frame), kh.summary.cohort_retention(orders))


# ------------------------------------------------------------------ dispatch from the pandas functions
def test_pandas_frames_keep_the_pandas_path(monkeypatch):
    import khlib.summary.engines.cohorts as port

    def boom(*a, **k):
        raise AssertionError("a pandas frame went to the engine port")

    monkeypatch.setattr(port, "churn_times_any", boom)
    monkeypatch.setattr(port, "cohort_retention_any", boom)
    kh.summary.churn_times(HAND, span_days=30)
    kh.summary.cohort_retention(HAND)


def test_other_frames_are_routed_and_keep_their_type(make_frame):
    pl = pytest.importorskip("polars")
    out = kh.summary.churn_times(make_frame("polars-lazy")(HAND), span_days=30, start="2025-03-01")
    assert isinstance(out, pl.LazyFrame)
    compare(to_pandas(out), kh.summary.churn_times(HAND, span_days=30, start="2025-03-01"), "churn_times",
            "dispatch polars-lazy")
    rel = make_frame("duckdb")(HAND)
    assert type(kh.summary.churn_times(rel)).__name__ == "DuckDBPyRelation"
    got = kh.summary.cohort_retention(rel)  # a small display table: pandas on every engine
    pd.testing.assert_frame_equal(got, kh.summary.cohort_retention(HAND))
    with pytest.raises(TypeError, match="DataFrame"):
        kh.summary.churn_times([1, 2, 3])


def test_analyst_names_types_and_time_zones():
    pl = pytest.importorskip("polars")
    ref = kh.summary.churn_times(HAND, span_days=30)
    mine = pl.from_pandas(HAND).rename({"customer_id": "客户", "order_date": "日期", "amount": " Amount ",
                                        "order_id": "单号"})
    got = churn_times_any(mine, span_days=30, customer="客户", date="日期", amount="amount", order="单号")
    compare(to_pandas(got), ref, "churn_times", "analyst names")
    pd.testing.assert_frame_equal(cohort_retention_any(mine, customer="客户", date="日期", amount="amount"),
                                  kh.summary.cohort_retention(HAND))
    # integer ids become text as on the pandas path; a Date column; a time zone keeps the local day
    ints = HAND.assign(customer_id=HAND["customer_id"].map(dict(zip("abcdef", [101, 7, 33, 2, 5, 40]))))
    compare(to_pandas(churn_times_any(pl.from_pandas(ints), span_days=30)), kh.summary.churn_times(ints, span_days=30),
            "churn_times", "integer ids")
    days = pl.from_pandas(HAND).with_columns(pl.col("order_date").dt.date())
    compare(to_pandas(churn_times_any(days, span_days=30)), ref, "churn_times", "Date column")
    local = pl.from_pandas(HAND).with_columns(pl.col("order_date").dt.replace_time_zone("Asia/Shanghai"))
    compare(to_pandas(churn_times_any(local, span_days=30)), ref, "churn_times", "time zone")
    pd.testing.assert_frame_equal(cohort_retention_any(local), kh.summary.cohort_retention(HAND))


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("span", [0, -5, 1.5, True, "180", None])
def test_span_must_be_whole_days(span):
    pl = pytest.importorskip("polars")
    with pytest.raises(KhlibInputError, match=r"(?s)span_days 应是.*span_days must be a whole number"):
        churn_times_any(pl.from_pandas(HAND).lazy(), span_days=span)
    with pytest.raises(KhlibInputError, match="span_days"):
        kh.summary.churn_times(pl.from_pandas(HAND), span_days=span)


def test_schema_errors_are_bilingual():
    pl = pytest.importorskip("polars")
    lines = pl.from_pandas(HAND)
    with pytest.raises(KhlibInputError, match=r"(?s)缺少列.*'客户代码'.*Missing column"):
        churn_times_any(lines, customer="客户代码")
    with pytest.raises(KhlibInputError, match=r"(?s)缺少列.*'单号'.*Missing column"):
        churn_times_any(lines.lazy(), order="单号")
    with pytest.raises(KhlibInputError, match=r"(?s)缺少列.*'日期'.*Missing column"):
        cohort_retention_any(lines, date="日期")
    with pytest.raises(KhlibInputError, match=r"(?s)订单日期.*str.to_datetime"):
        churn_times_any(lines.with_columns(pl.col("order_date").dt.strftime("%Y-%m-%d")))
    with pytest.raises(KhlibInputError, match=r"(?s)金额.*numeric type"):
        cohort_retention_any(lines.with_columns(pl.col("amount").cast(pl.String)))
    with pytest.raises(KhlibInputError, match=r"(?s)缺失.*missing values"):
        churn_times_any(lines.with_columns(amount=pl.when(pl.col("customer_id") == "a").then(None)
                                           .otherwise(pl.col("amount"))).lazy())
    with pytest.raises(KhlibInputError, match="start"):
        churn_times_any(lines, start="not a date")


@pytest.mark.parametrize("engine", ["polars", "polars-lazy", "duckdb"])
def test_end_before_start_is_an_error_on_every_engine(make_frame, engine):
    with pytest.raises(KhlibInputError, match=r"(?s)早于 start.*end=2025-02-01 is before start=2025-03-01"):
        churn_times_any(make_frame(engine)(HAND), start="2025-03-01", end="2025-02-01")


def test_data_errors_on_eager_frames_empty_results_on_lazy_ones():
    pl = pytest.importorskip("polars")
    eager = pl.from_pandas(HAND)
    cases = {  # the pandas path's error for each, raised on eager frames
        "end's default": dict(start="2025-06-01"),  # start after the last order, end not given
        "before the first order": dict(end="2024-12-31"),
        "no active customer": dict(span_days=10, start="2025-01-19"),  # no order day in [01-09, 01-19]
    }
    for message, kw in cases.items():
        with pytest.raises(KhlibInputError, match=message):
            kh.summary.churn_times(HAND, **kw)
        with pytest.raises(KhlibInputError, match=message):
            churn_times_any(eager, **kw)
        with pytest.raises(KhlibInputError, match=message):
            churn_times_any(HAND, **kw)  # pandas through the port
        lazy = churn_times_any(eager.lazy(), **kw)
        assert lazy.collect().height == 0, message
        assert lazy.collect_schema().names() == ["customer_id", *COLUMNS]
    with pytest.raises(KhlibInputError, match="No order lines"):
        cohort_retention_any(eager.clear().lazy())
