"""Product summary, sales by period and customer gross profit on other engines
(khlib/summary/engines/products.py): the same cases on every engine installed — pandas
through the narwhals port, Polars eager and lazy, DuckDB (a relation from a frame and one from
a Parquet file), Spark when PySpark and Java are there — each compared with the pandas path
(``kh.product_summary``, ``kh.sales_by_period``, ``kh.summary.customer_gross_profit`` on a
pandas frame): ids, integer columns and period labels exactly, floats to 1e-9 absolute or 1e-13
relative (see test_engines.py for why relative). Run with ``-s`` to see the maximum absolute
difference of every float column on every engine.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.summary import SCHEMAS

nw = pytest.importorskip("narwhals.stable.v2", reason="the engines extra is not installed: pip install 'khlib[engines]'")
from khlib.summary.engines.products import (  # noqa: E402
    customer_gross_profit_any, product_summary_any, sales_by_period_any)

from .engine_support import ENGINES, compare, compare_wide, native_type_kept, to_pandas  # noqa: E402

#: Lines at 23:59 of 2024-12-31 and of 2025-03-31 (customers a and b at that same minute: a tie
#: in time), one at midnight after it (b, 2025-04-01 00:00); P1 bought twice by customer a, P2
#: twice by c, so every product has 2 buyers (a tie in ``customers``) with 2 or 3 lines.
HAND = pd.DataFrame({
    "customer_id": ["a", "a", "a", "b", "b", "c", "c", "d"],
    "order_date": pd.to_datetime(["2024-12-31 23:59", "2025-01-01 00:00", "2025-03-31 23:59", "2025-03-31 23:59",
                                  "2025-04-01 00:00", "2025-02-14 10:00", "2025-12-31 23:59", "2025-06-30 12:00"],
                                 format="ISO8601").astype("datetime64[us]"),
    "product_id": ["P1", "P1", "P2", "P1", "P3", "P2", "P2", "P3"],
    "quantity": [2, 1, 3, 1, 4, 1, 2, 5],
    "amount": [200.0, 100.0, 90.0, 100.5, 40.0, 30.0, 60.0, 50.25],
})
COSTS = pd.DataFrame({"product_id": ["P1", "P2", "P3"], "unit_cost": [70.0, 25.0, 6.5]})
#: The same lines with integer customer and product ids (the pandas path: customer ids become
#: text, product ids stay integers and sort as numbers).
CUSTOMER_INTS = {"a": 101, "b": 7, "c": 33, "d": 2}
PRODUCT_INTS = {"P1": 10, "P2": 2, "P3": 300}
INTS = HAND.assign(customer_id=HAND["customer_id"].map(CUSTOMER_INTS), product_id=HAND["product_id"].map(PRODUCT_INTS))
INT_COSTS = COSTS.assign(product_id=COSTS["product_id"].map(PRODUCT_INTS))

PRODUCT_CASES = {
    "all": {},
    "q1_quantity": dict(start="2025-01-01", end="2025-03-31", quantity="quantity"),
    "from_april": dict(start="2025-04-01", quantity="quantity"),
}
FREQS = ["Y", "Q", "M"]
GROSS_CASES = {
    "all": {},
    "to_q1": dict(end="2025-03-31"),
    "q1": dict(start="2025-01-01", end="2025-03-31"),
}


# ------------------------------------------------------------------ hand-made cases on every engine
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(PRODUCT_CASES))
def test_product_summary_by_hand(make_frame, engine, case):
    kw = PRODUCT_CASES[case]
    variants = [(HAND, "text ids"), (INTS, "integer ids")]
    if "quantity" not in kw:
        variants.append((HAND.drop(columns="quantity"), "no quantity column"))
    for lines, what in variants:
        out = product_summary_any(make_frame(engine)(lines), **kw)
        native_type_kept(out, engine)
        compare(to_pandas(out, "product_id"), kh.product_summary(lines, **kw), "product_summary",
                f"hand {case} {what} {engine}")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("freq", FREQS)
def test_sales_by_period_by_hand(make_frame, engine, freq):
    for lines, what in ((HAND, "text ids"), (INTS, "integer ids")):
        out = sales_by_period_any(make_frame(engine)(lines), freq=freq)
        native_type_kept(out, engine)
        got, ref = to_pandas(out), kh.sales_by_period(lines, freq=freq)
        compare_wide(got, ref, f"hand sales_by_period {freq} {what} {engine}")
        if engine == "pandas":
            assert got.columns.name == "period"
        else:
            assert nw.from_native(out).collect_schema().names()[0] == "customer_id"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(GROSS_CASES))
def test_customer_gross_profit_by_hand(make_frame, engine, case):
    kw = GROSS_CASES[case]
    make = make_frame(engine)
    for lines, costs, what in ((HAND, COSTS, "text ids"), (INTS, INT_COSTS, "integer ids")):
        ref = kh.summary.customer_gross_profit(lines, costs, **kw)
        for table, where in ((costs, "pandas products"), (make(costs), f"{engine} products")):
            out = customer_gross_profit_any(make(lines), table, **kw)
            native_type_kept(out, engine)
            compare(to_pandas(out), ref, "customer_gross_profit", f"hand {case} {what} {where} {engine}")


def test_hand_values():
    """The hand-made case read off: 23:59 of the end day is in, midnight after it is out, a
    product bought twice by one customer counts one buyer."""
    pl = pytest.importorskip("polars")
    p = to_pandas(product_summary_any(pl.from_pandas(HAND), start="2025-01-01", end="2025-03-31",
                                      quantity="quantity"), "product_id")
    assert p.index.tolist() == ["P1", "P2"]  # P3 first sold on 2025-04-01 00:00
    assert p.loc["P1"].tolist() == [2.0, 200.5, 2, 2] and p.loc["P2"].tolist() == [4.0, 120.0, 2, 2]
    p = product_summary_any(HAND)  # pandas through the port: product_id as the index
    assert p.loc["P1", "sales"] == 400.5 and p.loc["P1", "lines"] == 3 and p.loc["P1", "customers"] == 2  # a twice
    assert p.loc["P3"].tolist() == [9.0, 90.25, 2, 2]  # a column named quantity is summed, as on the pandas path
    assert "quantity" not in product_summary_any(HAND.drop(columns="quantity")).columns
    i = to_pandas(product_summary_any(pl.from_pandas(INTS).lazy()), "product_id")
    assert i.index.tolist() == [2, 10, 300] and i.loc[10, "sales"] == 400.5  # numbers, sorted as numbers

    q = to_pandas(sales_by_period_any(pl.from_pandas(HAND).lazy(), freq="Q"))
    assert q.columns.tolist() == ["2024Q4", "2025Q1", "2025Q2", "2025Q4"]  # periods present only, in time order
    assert q.loc["a"].tolist() == [200.0, 190.0, 0.0, 0.0]  # 2024-12-31 23:59 is still 2024
    assert q.loc["b"].tolist() == [0.0, 100.5, 40.0, 0.0] and q.loc["c"].tolist() == [0.0, 30.0, 0.0, 60.0]
    y = sales_by_period_any(HAND, freq="Y")
    assert y.columns.name == "period" and y.columns.tolist() == ["2024", "2025"] and y.loc["b", "2025"] == 140.5
    m = to_pandas(sales_by_period_any(pl.from_pandas(INTS), freq="M"))
    assert m.index.tolist() == ["101", "2", "33", "7"]  # integer customer ids become text, sorted as text
    assert m.columns.tolist() == ["2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-06", "2025-12"]
    assert m.loc["2", "2025-06"] == 50.25 and m.loc["2"].sum() == 50.25

    g = to_pandas(customer_gross_profit_any(pl.from_pandas(HAND), COSTS))
    assert g.loc["a"].tolist() == [390.0, 285.0, 105.0]  # 2×70 + 1×70 + 3×25
    assert g.loc["b"].tolist() == [140.5, 96.0, 44.5] and g.loc["d"].tolist() == [50.25, 32.5, 17.75]
    g = customer_gross_profit_any(HAND, COSTS, end="2025-03-31")
    assert g.index.tolist() == ["a", "b", "c"] and g.loc["b"].tolist() == [100.5, 70.0, 30.5]


# ------------------------------------------------------------------ the company's 218k lines
@pytest.mark.parametrize("engine", ENGINES)
def test_company_orders_on_every_engine(make_frame, engine, orders, products):
    make = make_frame(engine)
    frame = make(orders)
    if engine == "spark":  # nine summaries, ~25 queries: ship the 218k lines from the driver once, not per query
        frame = frame.cache()
    for kw in ({}, dict(start="2025-01-01", end="2025-12-31", quantity="quantity")):
        out = product_summary_any(frame, **kw)
        native_type_kept(out, engine)
        got = to_pandas(out, "product_id")
        assert len(got) > 30
        compare(got, kh.product_summary(orders, **kw), "product_summary",
                f"company product_summary {kw or 'all'} {engine}")
    for freq in FREQS:
        out = sales_by_period_any(frame, freq=freq)
        native_type_kept(out, engine)
        got = to_pandas(out)
        assert len(got) > 1000
        compare_wide(got, kh.sales_by_period(orders, freq=freq), f"company sales_by_period {freq} {engine}")
    for kw in ({}, dict(start="2025-01-01", end="2025-12-31")):
        ref = kh.summary.customer_gross_profit(orders, products, **kw)
        for table, where in ((products, "pandas products"), (make(products), f"{engine} products")):
            out = customer_gross_profit_any(frame, table, **kw)
            native_type_kept(out, engine)
            got = to_pandas(out)
            assert len(got) > 1000
            compare(got, ref, "customer_gross_profit", f"company gross profit {kw or 'all'} {where} {engine}")
    if engine == "spark":
        frame.unpersist()


# ------------------------------------------------------------------ dispatch from the pandas functions
def test_pandas_frames_keep_the_pandas_path(monkeypatch):
    import khlib.summary.engines.products as ports

    def boom(*a, **k):
        raise AssertionError("a pandas frame went to the engine port")

    for name in ("product_summary_any", "sales_by_period_any", "customer_gross_profit_any"):
        monkeypatch.setattr(ports, name, boom)
    kh.product_summary(HAND)
    kh.sales_by_period(HAND)
    kh.summary.customer_gross_profit(HAND, COSTS)


def test_other_frames_are_routed_and_keep_their_type(make_frame):
    pl = pytest.importorskip("polars")
    lazy = make_frame("polars-lazy")(HAND)
    out = kh.product_summary(lazy, quantity="quantity", end="2025-03-31")
    assert isinstance(out, pl.LazyFrame)
    compare(to_pandas(out, "product_id"), kh.product_summary(HAND, quantity="quantity", end="2025-03-31"),
            "product_summary", "dispatch polars-lazy")
    rel = make_frame("duckdb")(HAND)
    out = kh.sales_by_period(rel, freq="M")
    assert type(out).__name__ == "DuckDBPyRelation"
    compare_wide(to_pandas(out), kh.sales_by_period(HAND, freq="M"), "dispatch duckdb")
    out = kh.summary.customer_gross_profit(pl.from_pandas(HAND), pl.from_pandas(COSTS), start="2025-01-01")
    assert isinstance(out, pl.DataFrame)
    compare(to_pandas(out), kh.summary.customer_gross_profit(HAND, COSTS, start="2025-01-01"),
            "customer_gross_profit", "dispatch polars")


def test_not_a_frame_is_still_a_type_error():
    with pytest.raises(TypeError, match="DataFrame"):
        kh.product_summary([1, 2, 3])
    with pytest.raises(TypeError, match="DataFrame"):
        kh.sales_by_period({"a": [1]})
    with pytest.raises(TypeError, match="DataFrame"):
        kh.summary.customer_gross_profit([1], COSTS)


# ------------------------------------------------------------------ inputs: names, types, errors
def test_analyst_names():
    pl = pytest.importorskip("polars")
    mine = pl.from_pandas(HAND).rename({"customer_id": "客户", "product_id": "存货编码", "quantity": "数量",
                                        "amount": " Amount "})
    got = to_pandas(product_summary_any(mine, customer="客户", product="存货编码", quantity="数量", amount="amount"),
                    "product_id")
    compare(got, kh.product_summary(HAND, quantity="quantity"), "product_summary", "analyst names")
    got = to_pandas(sales_by_period_any(mine, customer="客户", amount="amount", freq="Q"))
    compare_wide(got, kh.sales_by_period(HAND, freq="Q"), "analyst names")
    costs = pl.from_pandas(COSTS).rename({"product_id": "存货编码", "unit_cost": "单位成本"})
    got = to_pandas(customer_gross_profit_any(mine, costs, customer="客户", product="存货编码", quantity="数量",
                                              amount="amount", unit_cost="单位成本"))
    compare(got, kh.summary.customer_gross_profit(HAND, COSTS), "customer_gross_profit", "analyst names")


def test_schema_errors_are_bilingual():
    pl = pytest.importorskip("polars")
    lines = pl.from_pandas(HAND)
    with pytest.raises(KhlibInputError, match=r"(?s)缺少列.*'产品代码'.*Missing column"):
        product_summary_any(lines, product="产品代码")
    with pytest.raises(KhlibInputError, match=r"(?s)缺少列.*'数量'.*Missing column"):
        customer_gross_profit_any(lines, COSTS, quantity="数量")
    with pytest.raises(KhlibInputError, match=r"(?s)产品表缺少列 \['成本'\].*products table lacks column"):
        customer_gross_profit_any(lines, pl.from_pandas(COSTS), unit_cost="成本")
    with pytest.raises(KhlibInputError, match=r"(?s)金额.*String.*numeric type"):
        sales_by_period_any(lines.with_columns(pl.col("amount").cast(pl.String)))
    with pytest.raises(KhlibInputError, match=r"(?s)数量.*numeric type"):
        product_summary_any(lines.with_columns(pl.col("quantity").cast(pl.String)), quantity="quantity")
    with pytest.raises(KhlibInputError, match=r"(?s)产品编号.*text or integers"):
        customer_gross_profit_any(lines, COSTS.assign(product_id=[1.5, 2.5, 3.5]))
    with pytest.raises(KhlibInputError, match=r"(?s)freq.*'W'"):
        sales_by_period_any(lines, freq="W")
    for call in (lambda: kh.product_summary(lines, allow_negative=True),
                 lambda: kh.sales_by_period(lines.lazy(), allow_negative=True),
                 lambda: kh.summary.customer_gross_profit(lines, COSTS, allow_negative=True)):
        with pytest.raises(KhlibInputError, match=r"(?s)退货.*allow_negative=True.*pandas"):
            call()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_product_sold_without_a_cost_is_an_error_on_every_engine(make_frame, engine):
    """The same message as the pandas path, naming the product; a product without a cost sold
    only outside the period is fine (as on the pandas path)."""
    make = make_frame(engine)
    no_p3 = COSTS[COSTS["product_id"] != "P3"]
    with pytest.raises(KhlibInputError) as ref:
        kh.summary.customer_gross_profit(HAND, no_p3)
    for table in (no_p3, make(no_p3)):
        with pytest.raises(KhlibInputError) as err:
            customer_gross_profit_any(make(HAND), table)
        assert str(err.value) == str(ref.value)
        assert "1 product(s) sold have no unit cost in the products table: P3." in str(err.value)
    out = customer_gross_profit_any(make(HAND), no_p3, end="2025-03-31")  # P3 first sold 2025-04-01 00:00
    compare(to_pandas(out), kh.summary.customer_gross_profit(HAND, no_p3, end="2025-03-31"),
            "customer_gross_profit", f"no cost outside the period {engine}")


def test_products_table_errors_as_on_the_pandas_path():
    pl = pytest.importorskip("polars")
    lines = pl.from_pandas(HAND)
    for bad, needle in ((pd.concat([COSTS, COSTS.iloc[[1]]], ignore_index=True), "Duplicated product ids"),
                        (COSTS.assign(unit_cost=[70.0, None, 6.5]), "'unit_cost' has 1 missing value(s) at index 1"),
                        (COSTS.assign(unit_cost=[70.0, -1.0, 6.5]), "missing or negative for P2 (-1.0)"),
                        (COSTS.assign(product_id=[" P1", "P2", "P3 "]), None)):  # ids cleaned as on the pandas path
        if needle is None:
            compare(to_pandas(customer_gross_profit_any(lines, pl.from_pandas(bad))),
                    kh.summary.customer_gross_profit(HAND, bad), "customer_gross_profit", "cleaned product ids")
            continue
        with pytest.raises(KhlibInputError) as ref:
            kh.summary.customer_gross_profit(HAND, bad)
        for table in (bad, pl.from_pandas(bad)):
            with pytest.raises(KhlibInputError, match=re.escape(needle)) as err:
                customer_gross_profit_any(lines, table)
            assert str(err.value) == str(ref.value)


def test_missing_and_negative_values_are_errors_on_other_engines():
    """Never summed silently: one scalar pass over the lines, also on lazy frames and DuckDB."""
    pl = pytest.importorskip("polars")
    negative = pl.from_pandas(HAND.assign(amount=HAND["amount"].where(HAND["customer_id"] != "b", -3.0))).lazy()
    for call in (lambda: kh.product_summary(negative), lambda: kh.sales_by_period(negative),
                 lambda: kh.summary.customer_gross_profit(negative, COSTS)):
        with pytest.raises(KhlibInputError, match=r"(?s)2 行金额为负.*2 line\(s\) have a negative amount"):
            call()
    no_qty = pl.from_pandas(HAND).with_columns(quantity=pl.when(pl.col("customer_id") == "c").then(None)
                                               .otherwise(pl.col("quantity")))
    with pytest.raises(KhlibInputError, match=r"(?s)缺失.*quantity 2"):
        customer_gross_profit_any(no_qty, COSTS)
    duckdb = pytest.importorskip("duckdb")
    rel = duckdb.sql("select 'a' as customer_id, timestamp '2025-01-02' as order_date, 'P1' as product_id, "
                     "-1.0 as amount")
    with pytest.raises(KhlibInputError, match="negative"):
        kh.product_summary(rel)


def test_empty_periods_errors_on_eager_frames_empty_results_on_lazy_ones():
    pl = pytest.importorskip("polars")
    with pytest.raises(KhlibInputError, match="No rows with order_date between 2030-01-01"):
        product_summary_any(pl.from_pandas(HAND), start="2030-01-01")
    with pytest.raises(KhlibInputError, match="No order lines with order_date between 2030-01-01"):
        customer_gross_profit_any(pl.from_pandas(HAND), COSTS, start="2030-01-01")
    lazy = product_summary_any(pl.from_pandas(HAND).lazy(), start="2030-01-01", quantity="quantity")
    assert lazy.collect().height == 0
    assert lazy.collect_schema().names() == ["product_id", *SCHEMAS["product_summary"]["columns"]]
    lazy = customer_gross_profit_any(pl.from_pandas(HAND).lazy(), COSTS, start="2030-01-01")
    assert lazy.collect().height == 0
    assert lazy.collect_schema().names() == ["customer_id", *SCHEMAS["customer_gross_profit"]["columns"]]
    duckdb = pytest.importorskip("duckdb")
    rel = duckdb.connect().from_df(HAND)
    out = customer_gross_profit_any(rel, COSTS, start="2030-01-01")  # nothing sold: an empty cost relation
    assert out.fetchall() == []
    with pytest.raises(KhlibInputError, match="empty"):  # the distinct periods are known: no lines at all
        sales_by_period_any(pl.from_pandas(HAND).lazy().head(0))
