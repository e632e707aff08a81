"""The heavy step on other engines (khlib/summary/engines.py): the same cases on every engine
installed — pandas through the narwhals port, Polars eager and lazy, DuckDB (a relation from a
frame and one from a Parquet file), Spark when PySpark and Java are there — each compared with
the pandas path (``kh.customer_summary`` / ``kh.btyd_summary`` on a pandas frame): ids, integer
and date columns exactly, float columns to 1e-9 absolute or 1e-13 relative.

Why not 1e-9 absolute everywhere: a customer's ``sales`` reaches 3.2e7 on the company's data,
where one unit in the last place of a float is 3.7e-9; engines add in different orders (pandas
compensates its sums, DuckDB, Spark and Polars' lazy engine do not), so they differ by a few
such units (measured 2026-12-04: up to 6.7e-8 absolute, 2.5e-15 relative, DuckDB reading
Parquet). Run with ``-s`` to see the maximum absolute difference of every float column on
every engine.
"""

from __future__ import annotations


import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.summary import SCHEMAS

nw = pytest.importorskip("narwhals.stable.v2", reason="the engines extra is not installed: pip install 'khlib[engines]'")
from khlib.summary.engines import btyd_summary_any, customer_summary_any  # noqa: E402

from .engine_support import ENGINES, compare, native_type_kept as _native_type_kept, to_pandas  # noqa: E402

#: Several lines per order, two orders on one day (a tie), a customer with one order (c), lines
#: at the last minute of 2025-03-31 and at midnight after it (d), one before 2025 (b).
HAND = pd.DataFrame({
    "customer_id": ["a", "a", "a", "a", "b", "b", "c", "d", "d", "d"],
    "order_id": ["o1", "o1", "o2", "o3", "o4", "o5", "o6", "o7", "o7", "o8"],
    "line_no": [1, 2, 1, 1, 1, 1, 1, 1, 2, 1],
    "order_date": pd.to_datetime(["2025-01-01 09:00", "2025-01-01 09:00", "2025-01-01 15:30", "2025-03-31 14:05",
                                  "2024-12-30 00:00", "2025-02-10 11:00", "2025-01-05 08:00", "2025-03-31 23:59",
                                  "2025-03-31 23:59", "2025-04-01 00:00"]).astype("datetime64[us]"),
    "amount": [100.0, 40.5, 60.25, 20.0, 500.0, 0.1, 10.0, 7.0, 3.0, 1e6 / 3],
})


# ------------------------------------------------------------------ the cases
CUSTOMER_CASES = {
    "all": {},
    "period": dict(start="2025-01-01", end="2025-03-31"),
    "asof": dict(end="2025-04-01", asof="2025-06-30"),
    "from_start": dict(start="2025-01-02"),
}
BTYD_CASES = {
    "weeks": dict(calibration_end="2025-01-31"),
    "days_holdout": dict(calibration_end="2025-01-31", observation_end="2025-04-01", unit="D"),
    "months_holdout": dict(calibration_end="2025-02-10", observation_end="2025-03-31", unit="M"),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(CUSTOMER_CASES))
def test_customer_summary_by_hand(make_frame, engine, case):
    kw = CUSTOMER_CASES[case]
    out = customer_summary_any(make_frame(engine)(HAND), **kw)
    _native_type_kept(out, engine)
    compare(to_pandas(out), kh.customer_summary(HAND, **kw), "customer_summary", f"hand {case} {engine}")


@pytest.mark.parametrize("engine", ENGINES)
def test_customer_summary_without_order_ids_counts_days(make_frame, engine):
    lines = HAND.drop(columns=["order_id", "line_no"])
    got = to_pandas(customer_summary_any(make_frame(engine)(lines), end="2025-03-31"))
    ref = kh.customer_summary(lines, end="2025-03-31")
    compare(got, ref, "customer_summary", f"hand no order id {engine}")
    assert got.loc["a", "orders"] == 2  # two order days (the two orders of 2025-01-01 are one day)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(BTYD_CASES))
def test_btyd_summary_by_hand(make_frame, engine, case):
    kw = BTYD_CASES[case]
    out = btyd_summary_any(make_frame(engine)(HAND), **kw)
    _native_type_kept(out, engine)
    ref = kh.btyd_summary(HAND, **kw).sort_index()
    compare(to_pandas(out), ref, "btyd_summary", f"hand btyd {case} {engine}")


def test_hand_values():
    """The hand-made case read off: ties on a day, the whole last day, one order."""
    s = customer_summary_any(HAND, start="2025-01-01", end="2025-03-31")
    assert s.loc["a", "orders"] == 3 and s.loc["a", "lines"] == 4 and s.loc["a", "sales"] == 220.75
    assert s.loc["d", "lines"] == 2 and s.loc["d", "recency_days"] == 0  # 23:59 of the end day is in
    assert "b" in s.index and s.loc["b", "orders"] == 1  # 2024-12-30 cut by start
    b = btyd_summary_any(HAND, calibration_end="2025-01-31", unit="D")
    assert b.loc["a", "frequency"] == 0 and b.loc["a", "monetary_value"] == 0  # two orders, one day
    assert "d" not in b.index  # first purchase after calibration_end


# ------------------------------------------------------------------ the company's 218k lines
COMPANY_CASES = {
    "customer_summary": [{}, dict(start="2025-01-01", end="2025-12-31")],
    "btyd_summary": [dict(calibration_end="2025-06-30", observation_end="2025-12-31", unit="W")],
}


@pytest.mark.parametrize("engine", ENGINES)
def test_company_orders_on_every_engine(make_frame, engine, orders):
    frame = make_frame(engine)(orders)
    for name, cases in COMPANY_CASES.items():
        for kw in cases:
            if name == "customer_summary":
                out, ref = customer_summary_any(frame, **kw), kh.customer_summary(orders, **kw)
            else:
                out, ref = btyd_summary_any(frame, **kw), kh.btyd_summary(orders, **kw).sort_index()
            _native_type_kept(out, engine)
            got = to_pandas(out)
            assert len(got) > 1000
            compare(got, ref, name, f"company {name} {kw or 'all'} {engine}")


# ------------------------------------------------------------------ dispatch from the pandas functions
def test_pandas_frames_keep_the_pandas_path(monkeypatch, orders):
    import khlib.summary.engines as engines

    def boom(*a, **k):
        raise AssertionError("a pandas frame went to the engine port")

    monkeypatch.setattr(engines, "customer_summary_any", boom)
    monkeypatch.setattr(engines, "btyd_summary_any", boom)
    kh.customer_summary(orders)
    kh.summary.btyd_summary(orders, calibration_end="2025-06-30")


def test_other_frames_are_routed_and_keep_their_type(make_frame):
    pl = pytest.importorskip("polars")
    lazy = make_frame("polars-lazy")(HAND)
    out = kh.customer_summary(lazy, end="2025-03-31")
    assert isinstance(out, pl.LazyFrame)
    compare(to_pandas(out), kh.customer_summary(HAND, end="2025-03-31"), "customer_summary", "dispatch polars-lazy")
    rel = make_frame("duckdb")(HAND)
    out = kh.btyd_summary(rel, calibration_end="2025-01-31", observation_end="2025-04-01")
    assert type(out).__name__ == "DuckDBPyRelation"
    compare(to_pandas(out), kh.btyd_summary(HAND, calibration_end="2025-01-31", observation_end="2025-04-01")
            .sort_index(), "btyd_summary", "dispatch duckdb")


def test_not_a_frame_is_still_a_type_error():
    with pytest.raises(TypeError, match="DataFrame"):
        kh.customer_summary([1, 2, 3])
    with pytest.raises(TypeError, match="DataFrame"):
        kh.btyd_summary({"a": [1]}, calibration_end="2025-01-01")


# ------------------------------------------------------------------ inputs: names, types, errors
def test_analyst_names_types_and_time_zones():
    pl = pytest.importorskip("polars")
    ref = kh.customer_summary(HAND, end="2025-03-31")
    mine = pl.from_pandas(HAND).rename({"customer_id": "客户", "order_date": "日期", "amount": " Amount "})
    got = to_pandas(customer_summary_any(mine, customer="客户", date="日期", amount="amount", end="2025-03-31"))
    compare(got, ref, "customer_summary", "analyst names")
    # integer ids become text, as on the pandas path; Date columns and integer amounts are fine
    ints = HAND.assign(customer_id=HAND["customer_id"].map({"a": 101, "b": 7, "c": 33, "d": 2}))
    got = to_pandas(customer_summary_any(pl.from_pandas(ints), end="2025-03-31"))
    compare(got, kh.customer_summary(ints, end="2025-03-31"), "customer_summary", "integer ids")
    days = pl.from_pandas(HAND).with_columns(pl.col("order_date").dt.date(), pl.col("amount").round(0).cast(pl.Int64))
    got = to_pandas(btyd_summary_any(days, calibration_end="2025-01-31", unit="D"))
    ref = kh.btyd_summary(HAND.assign(amount=HAND["amount"].round(0)), calibration_end="2025-01-31", unit="D")
    compare(got, ref.sort_index(), "btyd_summary", "Date column, integer amounts")
    # a time zone is dropped and the local day kept (as the pandas path does)
    local = pl.from_pandas(HAND).with_columns(pl.col("order_date").dt.replace_time_zone("Asia/Shanghai"))
    got = to_pandas(customer_summary_any(local, end="2025-03-31"))
    compare(got, ref_local := kh.customer_summary(HAND, end="2025-03-31"), "customer_summary", "time zone")
    assert got.loc["d", "last_date"] == ref_local.loc["d", "last_date"] == pd.Timestamp("2025-03-31 23:59")


def test_schema_errors_are_bilingual():
    pl = pytest.importorskip("polars")
    lines = pl.from_pandas(HAND)
    with pytest.raises(KhlibInputError, match=r"(?s)缺少列.*'客户代码'.*Missing column"):
        customer_summary_any(lines, customer="客户代码")
    with pytest.raises(KhlibInputError, match=r"(?s)订单日期.*str.to_datetime"):
        customer_summary_any(lines.with_columns(pl.col("order_date").dt.strftime("%Y-%m-%d")))
    with pytest.raises(KhlibInputError, match=r"(?s)金额.*numeric type"):
        btyd_summary_any(lines.with_columns(pl.col("amount").cast(pl.String)), calibration_end="2025-01-31")
    with pytest.raises(KhlibInputError, match=r"(?s)客户编号.*text or integers"):
        customer_summary_any(lines.with_columns(customer_id=pl.lit(1.5)))
    with pytest.raises(KhlibInputError, match="allow_negative"):
        kh.customer_summary(lines, allow_negative=True)
    with pytest.raises(KhlibInputError, match="unit"):
        btyd_summary_any(lines, calibration_end="2025-01-31", unit="Y")
    with pytest.raises(KhlibInputError, match="observation_end"):
        btyd_summary_any(lines, calibration_end="2025-01-31", observation_end="2025-01-31")


def test_data_errors_on_eager_frames_empty_results_on_lazy_ones():
    pl = pytest.importorskip("polars")
    with pytest.raises(KhlibInputError, match="No rows with order_date between 2030-01-01"):
        customer_summary_any(pl.from_pandas(HAND), start="2030-01-01")
    with pytest.raises(KhlibInputError, match="asof"):
        customer_summary_any(pl.from_pandas(HAND), asof="2025-01-01")
    with pytest.raises(KhlibInputError, match="first purchase"):
        btyd_summary_any(HAND, calibration_end="2020-01-01")
    lazy = customer_summary_any(pl.from_pandas(HAND).lazy(), start="2030-01-01")
    assert lazy.collect().height == 0
    assert lazy.collect_schema().names() == ["customer_id", *SCHEMAS["customer_summary"]["columns"]]


def test_missing_and_negative_values_are_errors_on_other_engines():
    """Never summed silently: one scalar pass over the lines, also on lazy frames and DuckDB."""
    pl = pytest.importorskip("polars")
    bad = pl.DataFrame({"customer_id": ["a", "b"], "order_date": [pd.Timestamp("2025-01-02")] * 2,
                        "amount": [10.0, -3.0]})
    with pytest.raises(kh.KhlibInputError, match="负"):
        kh.summary.customer_summary(bad.lazy())
    with pytest.raises(kh.KhlibInputError, match="缺失"):
        kh.summary.btyd_summary(bad.with_columns(amount=pl.Series([10.0, None])), calibration_end="2025-01-31")
    duckdb = pytest.importorskip("duckdb")
    rel = duckdb.sql("select 'a' as customer_id, timestamp '2025-01-02' as order_date, -1.0 as amount")
    with pytest.raises(kh.KhlibInputError, match="negative"):
        kh.summary.customer_summary(rel)
