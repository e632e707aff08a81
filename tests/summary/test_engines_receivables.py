"""Receivables on other engines (khlib/summary/engines/receivables.py): open items, balances in
ageing buckets, overdue balances and the company's position on every engine installed, each
compared with the pandas path (``kh.open_items`` … on pandas frames): ids and integers
exactly, floats to 1e-9 absolute or 1e-13 relative (see test_engines.py). ``balance`` is
rounded to cents the way pandas rounds (half to even) on every engine: bit for bit, including
half cents. Run with ``-s`` to see the largest difference of every float column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.summary import AGE_BUCKET_CODES, open_items, overdue_by, receivables_by, receivables_position

nw = pytest.importorskip("narwhals.stable.v2", reason="the engines extra is not installed: pip install 'khlib[engines]'")
from khlib.summary.engines.receivables import (  # noqa: E402
    open_items_any, overdue_by_any, receivables_by_any, receivables_position_any)

from .engine_support import ATOL, ENGINES, RTOL, compare, native_type_kept, to_pandas  # noqa: E402

ASOF = "2025-12-31"
#: i1/i2: the overdue_by docstring; i3 partly paid; i4 paid in full late on the asof day; i5 paid
#: after asof (ignored); i6 issued after asof (excluded, its payment too); i7–i10 half cents:
#: 10.625 and 0.125 are exact halves (half to even: 10.62, 0.12), 2.675 × 100 is 267.5 in floats
#: (2.68), 100 − 79.625 = 20.375 an exact half (20.38). Region e is missing (left out of by="region").
INVOICES = pd.DataFrame({
    "invoice_id": [f"i{k}" for k in range(1, 11)],
    "customer_id": ["a", "a", "b", "b", "c", "c", "d", "d", "d", "e"],
    "invoice_date": pd.to_datetime(["2025-09-01", "2025-12-01", "2025-10-15 10:30", "2025-06-01", "2025-11-01",
                                    "2026-01-02", "2025-12-20", "2025-10-01", "2025-12-01", "2025-09-15"],
                                   format="ISO8601"),
    "due_date": pd.to_datetime(["2025-10-01", "2026-01-01", "2025-11-14", "2025-07-01", "2025-12-01",
                                "2026-02-01", "2026-01-19", "2025-10-31", "2025-12-31", "2025-10-15"]),
    "amount": [100.0, 50.0, 200.0, 300.0, 40.0, 60.0, 10.625, 2.675, 100.0, 0.125],
    "region": ["north", "north", "north", "north", "south", "south", "south", "south", "south", None],
}).astype({"invoice_date": "datetime64[us]", "due_date": "datetime64[us]"})
PAYMENTS = pd.DataFrame({
    "payment_id": ["p1", "p2", "p3", "p4", "p5"],
    "invoice_id": ["i3", "i4", "i5", "i6", "i9"],
    "customer_id": ["b", "b", "c", "c", "d"],
    "payment_date": pd.to_datetime(["2025-11-20", "2025-12-31 23:00", "2026-01-05", "2026-01-03", "2025-12-10"],
                                   format="ISO8601"),
    "amount": [80.0, 300.0, 40.0, 10.0, 79.625],
}).astype({"payment_date": "datetime64[us]"})
HAND_ASOFS = ["2025-06-30", ASOF, "2026-01-31"]
COMPANY_ASOFS = ["2024-12-31", "2025-06-30", "2025-12-31"]
#: Engines the error cases run on (besides the pandas path, which must raise the same error).
ERROR_ENGINES = ["pandas", "polars-lazy", "duckdb"]


# ------------------------------------------------------------------ comparing with the pandas path
def items_as_pandas(out) -> pd.DataFrame:
    frame = nw.from_native(out)
    frame = frame.collect() if isinstance(frame, nw.LazyFrame) else frame
    return frame.to_pandas()


def compare_items(got: pd.DataFrame, ref: pd.DataFrame, label: str) -> dict[str, float]:
    """Open items against the pandas path's (sorted by invoice id, fresh index): the same
    columns in the same order, ids, integers and dates exactly, floats to RTOL/ATOL."""
    ref = ref.sort_values("invoice_id").reset_index(drop=True)
    assert list(got.columns) == list(ref.columns), (label, list(got.columns))
    assert got["invoice_id"].astype(str).tolist() == ref["invoice_id"].astype(str).tolist(), label
    diffs = {}
    for col in ref.columns:
        a, b = got[col], ref[col]
        if b.dtype.kind == "f":
            assert a.dtype.kind == "f", (label, col, a.dtype)
            x, y = a.to_numpy(float), b.to_numpy(float)
            np.testing.assert_allclose(x, y, rtol=RTOL, atol=ATOL, err_msg=f"{label} {col}")
            diffs[col] = float(np.max(np.abs(x - y))) if len(b) else 0.0
        elif b.dtype.kind == "M":
            assert (a.astype("datetime64[us]").to_numpy() == b.astype("datetime64[us]").to_numpy()).all(), (label, col)
        elif b.dtype.kind == "i":
            assert a.dtype.kind == "i" and (a.to_numpy() == b.to_numpy()).all(), (label, col, a.dtype)
        else:
            def values(v):
                return v.astype(object).where(v.notna(), None).tolist()
            assert values(a) == values(b), (label, col)
    print(f"\n{label}: max abs difference {diffs}")
    return diffs


def compare_position(got: pd.Series, ref: pd.Series, label: str) -> dict[str, float]:
    assert isinstance(got, pd.Series) and list(got.index) == list(ref.index), label
    assert got.dtype == ref.dtype == np.float64, label
    np.testing.assert_allclose(got.to_numpy(), ref.to_numpy(), rtol=RTOL, atol=ATOL, err_msg=label)
    diffs = dict(zip(got.index, np.abs(got.to_numpy() - ref.to_numpy()).tolist()))
    print(f"\n{label}: max abs difference {diffs}")
    return diffs


def all_four(make, inv: pd.DataFrame, pay: pd.DataFrame, asof: str, engine: str, label: str, by: str = "customer_id"):
    """The four functions on ``engine`` against the pandas path; the max abs differences."""
    i, p = make(inv), make(pay)
    diffs = {}
    out = open_items_any(i, p, asof=asof)
    native_type_kept(out, engine)
    diffs["open_items"] = compare_items(items_as_pandas(out), open_items(inv, pay, asof=asof), f"{label} open_items")
    for name, port, path in (("receivables_by", receivables_by_any, receivables_by),
                             ("overdue_by", overdue_by_any, overdue_by)):
        out = port(i, p, asof=asof, by=by)
        native_type_kept(out, engine)
        diffs[name] = compare(to_pandas(out, by), path(inv, pay, asof=asof, by=by), name, f"{label} {name}", index=by)
    got = receivables_position_any(i, p, asof=asof)
    ref = receivables_position(inv, pay, asof=asof)
    diffs["receivables_position"] = compare_position(got, ref, f"{label} position")
    return diffs


# ------------------------------------------------------------------ hand-made cases
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("asof", HAND_ASOFS)
def test_hand_cases_on_every_engine(make_frame, engine, asof):
    all_four(make_frame(engine), INVOICES, PAYMENTS, asof, engine, f"hand {asof} {engine}")


@pytest.mark.parametrize("engine", ENGINES)
def test_hand_cases_by_another_column(make_frame, engine):
    """``by`` an invoice column other than the customer; a missing group is left out."""
    all_four(make_frame(engine), INVOICES, PAYMENTS, ASOF, engine, f"hand by region {engine}", by="region")
    got = to_pandas(receivables_by_any(make_frame(engine)(INVOICES), make_frame(engine)(PAYMENTS), asof=ASOF,
                                       by="region"), "region")
    assert got.index.tolist() == ["north", "south"] and got.loc["north", "balance"] == 270.0


@pytest.mark.parametrize("engine", ENGINES)
def test_half_cents_round_half_to_even_on_every_engine(make_frame, engine):
    """Exact halves of a cent: pandas (numpy) rounds to the even cent, and so does the port, bit
    for bit, where the engines' own ``round`` would go away from zero."""
    items = items_as_pandas(open_items_any(make_frame(engine)(INVOICES), make_frame(engine)(PAYMENTS), asof=ASOF))
    balance = items.set_index("invoice_id")["balance"]
    assert balance[["i7", "i8", "i9", "i10"]].tolist() == [10.62, 2.68, 20.38, 0.12]
    ref = open_items(INVOICES, PAYMENTS, asof=ASOF).set_index("invoice_id")["balance"]
    assert (balance.reindex(ref.index).to_numpy() == ref.to_numpy()).all()  # identical floats, not close ones


def test_the_engines_own_rounding_disagrees_with_pandas():
    """Why the port writes its own rounding: DuckDB's round goes half away from zero (0.125 ->
    0.13) and rounds 2.675 (267.5 once multiplied by 100 in floats) down; numpy gives 0.12 and 2.68."""
    duckdb = pytest.importorskip("duckdb")
    values = [0.125, 10.625, 20.375, 2.675]
    assert np.round(values, 2).tolist() == pd.Series(values).round(2).tolist() == [0.12, 10.62, 20.38, 2.68]
    own = [r[0] for r in duckdb.sql("select round(v, 2) from unnest([0.125, 10.625, 20.375, 2.675]::double[]) t(v)")
           .fetchall()]
    assert own == [0.13, 10.63, 20.38, 2.67]
    rel = duckdb.sql("select * from (values ('x', 'a', timestamp '2025-01-01', timestamp '2025-02-01', 0.125::double),"
                     " ('y', 'a', timestamp '2025-01-01', timestamp '2025-02-01', 10.625::double)) "
                     "t(invoice_id, customer_id, invoice_date, due_date, amount)")
    none = duckdb.sql("select 'x' as invoice_id, 'a' as customer_id, timestamp '2026-01-01' as payment_date, "
                      "1.0::double as amount where false")
    assert [r[-2] for r in open_items_any(rel, none, asof="2025-01-31").fetchall()] == [0.12, 10.62]


def test_hand_values():
    """The hand-made case read off, through the port on pandas frames."""
    items = open_items_any(INVOICES, PAYMENTS, asof=ASOF).set_index("invoice_id")
    assert "i6" not in items.index and len(items) == 9  # issued after asof
    assert items.loc["i3", ["paid", "balance", "days_overdue"]].tolist() == [80.0, 120.0, 47]  # partly paid
    assert items.loc["i4", "balance"] == 0.0  # paid at 23:00 on the asof day: counted
    assert items.loc["i5", "paid"] == 0.0 and items.loc["i5", "balance"] == 40.0  # paid after asof: ignored
    assert items.loc["i2", "days_overdue"] == -1 and items.loc["i1", "days_overdue"] == 91
    by = receivables_by_any(INVOICES, PAYMENTS, asof=ASOF)
    assert by.index.tolist() == ["a", "b", "c", "d", "e"] and list(by.columns) == [*AGE_BUCKET_CODES, "balance"]
    assert by.loc["a"].tolist() == [50.0, 0.0, 0.0, 0.0, 100.0, 150.0]
    assert by.loc["b"].tolist() == [0.0, 0.0, 120.0, 0.0, 0.0, 120.0]
    assert by.loc["c"].tolist() == [0.0, 40.0, 0.0, 0.0, 0.0, 40.0]
    assert by.loc["d", "not_due"] == 31.0 and by.loc["d", "overdue_61_90"] == 2.68 and by.loc["d", "balance"] == 33.68
    late = overdue_by_any(INVOICES, PAYMENTS, asof=ASOF)
    assert late.loc["a"].tolist() == [100.0, 9100.0]  # the overdue_by docstring: 100 × 91 days
    assert late.loc["b"].tolist() == [120.0, 5640.0] and late.loc["c"].tolist() == [40.0, 1200.0]
    assert late.loc["d", "balance_days"] == pytest.approx(2.68 * 61)
    assert late.loc["e", "balance_days"] == pytest.approx(0.12 * 77)
    pos = receivables_position_any(INVOICES, PAYMENTS, asof=ASOF)
    assert pos["balance"] == pytest.approx(343.80) and pos["overdue"] == pytest.approx(262.80)
    assert pos["credit_sales"] == 400.625 and pos["days"] == 90.0  # 2025-10-03 … 2025-12-31: i2, i3, i5, i7, i9
    assert receivables_position_any(INVOICES, PAYMENTS, asof=ASOF, days=1)["credit_sales"] == 0.0


def test_the_overdue_by_docstring_example_on_polars():
    pl = pytest.importorskip("polars")
    inv = pl.DataFrame({"invoice_id": ["i1", "i2"], "customer_id": ["a", "a"], "amount": [100.0, 50.0],
                        "invoice_date": ["2025-09-01", "2025-12-01"], "due_date": ["2025-10-01", "2026-01-01"]}
                       ).with_columns(pl.col("invoice_date", "due_date").str.to_date())
    pay = pl.DataFrame(schema={"invoice_id": pl.String, "customer_id": pl.String, "payment_date": pl.Date,
                               "amount": pl.Float64})
    out = kh.summary.overdue_by(inv.lazy(), pay.lazy(), asof="2025-12-31")
    assert isinstance(out, pl.LazyFrame)
    assert out.collect().rows() == [("a", 100.0, 9100.0)]


# ------------------------------------------------------------------ the company's invoices and payments
@pytest.mark.parametrize("engine", ENGINES)
def test_company_receivables_on_every_engine(make_frame, engine, invoices, payments):
    made = {}

    def make(df):  # each table made once; Spark keeps it in memory (else every pass re-reads pandas)
        if id(df) not in made:
            made[id(df)] = make_frame(engine)(df).cache() if engine == "spark" else make_frame(engine)(df)
        return made[id(df)]

    try:
        for asof in COMPANY_ASOFS:
            diffs = all_four(make, invoices, payments, asof, engine, f"company {asof} {engine}")
            assert diffs["open_items"]["balance"] == 0.0  # cents rounded identically
    finally:
        if engine == "spark":
            for frame in made.values():
                frame.unpersist()


# ------------------------------------------------------------------ dispatch from the pandas functions
def test_pandas_frames_keep_the_pandas_path(monkeypatch):
    import khlib.summary.engines.receivables as port

    def boom(*a, **k):
        raise AssertionError("a pandas frame went to the engine port")

    for name in ("open_items_any", "receivables_by_any", "overdue_by_any", "receivables_position_any"):
        monkeypatch.setattr(port, name, boom)
    kh.summary.open_items(INVOICES, PAYMENTS, asof=ASOF)
    kh.summary.receivables_by(INVOICES, PAYMENTS, asof=ASOF)
    kh.summary.overdue_by(INVOICES, PAYMENTS, asof=ASOF)
    kh.summary.receivables_position(INVOICES, PAYMENTS, asof=ASOF)


def test_other_frames_are_routed_and_keep_their_type(make_frame):
    pl = pytest.importorskip("polars")
    inv, pay = make_frame("polars-lazy")(INVOICES), make_frame("polars-lazy")(PAYMENTS)
    assert isinstance(kh.summary.open_items(inv, pay, asof=ASOF), pl.LazyFrame)
    out = kh.summary.receivables_by(inv, pay, asof=ASOF)
    assert isinstance(out, pl.LazyFrame)
    compare(to_pandas(out), receivables_by(INVOICES, PAYMENTS, asof=ASOF), "receivables_by", "dispatch polars-lazy")
    rel_i, rel_p = make_frame("duckdb")(INVOICES), make_frame("duckdb")(PAYMENTS)
    out = kh.summary.overdue_by(rel_i, rel_p, asof=ASOF)
    assert type(out).__name__ == "DuckDBPyRelation"
    compare(to_pandas(out), overdue_by(INVOICES, PAYMENTS, asof=ASOF), "overdue_by", "dispatch duckdb")
    pos = kh.summary.receivables_position(rel_i, rel_p, asof=ASOF)
    compare_position(pos, receivables_position(INVOICES, PAYMENTS, asof=ASOF), "dispatch duckdb position")
    # eager invoices with lazy payments: eager out
    assert isinstance(open_items_any(pl.from_pandas(INVOICES), pay, asof=ASOF), pl.DataFrame)


# ------------------------------------------------------------------ errors: the pandas path's, on the engines
def _swap(df: pd.DataFrame, row: int, **values) -> pd.DataFrame:
    out = df.copy()
    for col, value in values.items():
        out.loc[row, col] = value
    return out


ERRORS = {  # name: (invoices, payments, the message on both paths)
    "duplicated invoice": (_swap(INVOICES, 1, invoice_id="i1"), PAYMENTS, r"(?s)发票号重复.*Duplicated invoice ids"),
    "unknown invoice": (INVOICES, _swap(PAYMENTS, 0, invoice_id="i99"),
                        r"(?s)收款对应的发票不存在.*Payments for unknown invoices.*i99"),
    "customer differs": (INVOICES, _swap(PAYMENTS, 0, customer_id="a"),
                         r"(?s)客户编号与发票不符.*differs from the invoice's"),
    "paid before invoiced": (INVOICES, _swap(PAYMENTS, 0, payment_date=pd.Timestamp("2025-10-14")),
                             r"(?s)收款日期早于开票日期.*dated before their invoice"),
    "paid too much": (INVOICES, _swap(PAYMENTS, 0, amount=250.0), r"(?s)收款超过发票金额.*exceed the invoice amount.*i3"),
    "missing invoice amount": (_swap(INVOICES, 2, amount=np.nan), PAYMENTS, r"(?s)缺失.*amount.*missing"),
    "missing due date": (_swap(INVOICES, 2, due_date=pd.NaT), PAYMENTS, r"(?s)缺失.*due_date.*missing"),
    "missing payment date": (INVOICES, _swap(PAYMENTS, 4, payment_date=pd.NaT), r"(?s)缺失.*payment_date.*missing"),
    "infinite payment": (INVOICES, _swap(PAYMENTS, 0, amount=np.inf), r"(?s)无穷大.*infinite values"),
}


@pytest.mark.parametrize("engine", ERROR_ENGINES)
@pytest.mark.parametrize("case", sorted(ERRORS))
def test_data_errors_on_every_engine(make_frame, engine, case):
    inv, pay, message = ERRORS[case]
    with pytest.raises(KhlibInputError, match=message):
        open_items(inv, pay, asof=ASOF)  # the pandas path
    make = make_frame(engine)
    for f in (open_items_any, receivables_by_any, overdue_by_any, receivables_position_any):
        with pytest.raises(KhlibInputError, match=message):
            f(make(inv), make(pay), asof=ASOF)


def test_errors_count_the_rows_and_show_ids(make_frame):
    """How many rows, the first few ids (sorted), how many more."""
    many = pd.concat([INVOICES.iloc[:3]] * 3, ignore_index=True)
    message = r"(?s)3 个发票号共 9 行.*3 id\(s\) on 9 rows, e\.g\. i1 \(3\), i2 \(3\), i3 \(3\)"
    with pytest.raises(KhlibInputError, match=message):
        open_items_any(make_frame("duckdb")(many), make_frame("duckdb")(PAYMENTS), asof=ASOF)
    pay = pd.concat([PAYMENTS.iloc[[0]].assign(invoice_id=f"x{k}") for k in range(7)], ignore_index=True)
    with pytest.raises(KhlibInputError, match=r"7 row\(s\), e\.g\. invoice ids x0, x1, x2, x3, x4 … \(\+2\)"):
        open_items_any(make_frame("polars-lazy")(INVOICES), make_frame("polars-lazy")(pay), asof=ASOF)
    late = _swap(PAYMENTS, 0, customer_id="zz")
    message = r"1 row\(s\), e\.g\. invoice ids \(the payment's customer id\) i3 \('zz'\)"
    with pytest.raises(KhlibInputError, match=message):
        receivables_by_any(make_frame("duckdb")(INVOICES), make_frame("duckdb")(late), asof=ASOF)


def test_checks_see_only_payments_by_asof(make_frame):
    """As on the pandas path, a bad payment after ``asof`` is not yet a payment."""
    pay = _swap(PAYMENTS, 2, invoice_id="i99")  # dated 2026-01-05
    for engine in ("pandas", "polars-lazy", "duckdb"):
        make = make_frame(engine)
        compare_items(items_as_pandas(open_items_any(make(INVOICES), make(pay), asof=ASOF)),
                      open_items(INVOICES, pay, asof=ASOF), f"bad late payment {engine}")
        with pytest.raises(KhlibInputError, match="unknown invoices"):
            open_items_any(make(INVOICES), make(pay), asof="2026-01-31")


def test_missing_ids_are_errors_on_other_engines(make_frame):
    for engine in ("polars-lazy", "duckdb"):
        make = make_frame(engine)
        with pytest.raises(KhlibInputError, match=r"(?s)发票表有缺失值：客户编号（customer_id）1 行.*customer id"):
            open_items_any(make(_swap(INVOICES, 9, customer_id=None)), make(PAYMENTS), asof=ASOF)
        with pytest.raises(KhlibInputError, match=r"(?s)收款表有缺失值：发票号（invoice_id）1 行"):
            open_items_any(make(INVOICES), make(_swap(PAYMENTS, 2, invoice_id=None)), asof=ASOF)


def test_schema_and_argument_errors_are_bilingual(make_frame):
    pl = pytest.importorskip("polars")
    inv, pay = pl.from_pandas(INVOICES), pl.from_pandas(PAYMENTS)
    with pytest.raises(KhlibInputError, match=r"(?s)发票表缺少列 \['due_date'\].*invoices table lacks"):
        open_items_any(inv.drop("due_date"), pay, asof=ASOF)
    with pytest.raises(KhlibInputError, match=r"(?s)收款表缺少列 \['payment_date'\].*payments table lacks"):
        kh.summary.receivables_by(inv, pay.rename({"payment_date": "date"}), asof=ASOF)
    with pytest.raises(KhlibInputError, match=r"(?s)开票日期.*str.to_datetime"):
        open_items_any(inv.with_columns(pl.col("invoice_date").dt.strftime("%Y-%m-%d")), pay, asof=ASOF)
    with pytest.raises(KhlibInputError, match=r"(?s)收款金额.*numeric type"):
        open_items_any(inv, pay.with_columns(pl.col("amount").cast(pl.String)), asof=ASOF)
    with pytest.raises(KhlibInputError, match=r"(?s)分组列 'segment' 不存在.*Group column 'segment' not found"):
        overdue_by_any(inv.lazy(), pay.lazy(), asof=ASOF, by="segment")
    with pytest.raises(KhlibInputError, match=r"(?s)同一引擎.*same engine"):
        open_items_any(inv, make_frame("duckdb")(PAYMENTS), asof=ASOF)
    with pytest.raises(KhlibInputError, match="before it starts"):  # days=0, as on the pandas path
        receivables_position_any(inv, pay, asof=ASOF, days=0)
    with pytest.raises(KhlibInputError, match="before it starts"):
        receivables_position(INVOICES, PAYMENTS, asof=ASOF, days=0)
    with pytest.raises(TypeError, match="DataFrame"):
        kh.summary.open_items(INVOICES, [1, 2], asof=ASOF)


def test_integer_ids_dates_and_time_zones():
    """Integer ids become text for the checks (the caller's ids are returned as they were), Date
    columns and zoned datetimes keep their local day, as on the pandas path."""
    pl = pytest.importorskip("polars")
    codes = {f"i{k}": k for k in range(1, 11)}
    inv = INVOICES.assign(invoice_id=INVOICES["invoice_id"].map(codes))
    pay = PAYMENTS.assign(invoice_id=PAYMENTS["invoice_id"].map(codes))
    got = items_as_pandas(open_items_any(pl.from_pandas(inv), pl.from_pandas(pay), asof=ASOF))
    assert got["invoice_id"].tolist() == [1, 2, 3, 4, 5, 7, 8, 9, 10]  # sorted as numbers
    compare_items(got, open_items(inv, pay, asof=ASOF), "integer ids")
    days = pl.from_pandas(INVOICES).with_columns(pl.col("due_date").dt.date())
    local = pl.from_pandas(PAYMENTS).with_columns(pl.col("payment_date").dt.replace_time_zone("Asia/Shanghai"))
    got = to_pandas(receivables_by_any(days, local, asof=ASOF))
    compare(got, receivables_by(INVOICES, PAYMENTS, asof=ASOF), "receivables_by", "Date and zoned columns")


def test_inputs_are_not_modified(make_frame):
    pl = pytest.importorskip("polars")
    inv, pay = pl.from_pandas(INVOICES), pl.from_pandas(PAYMENTS)
    before = inv.clone(), pay.clone()
    receivables_by_any(inv, pay, asof=ASOF)
    assert inv.equals(before[0]) and pay.equals(before[1])
    i, p = INVOICES.copy(deep=True), PAYMENTS.copy(deep=True)
    open_items_any(i, p, asof=ASOF)
    pd.testing.assert_frame_equal(i, INVOICES)
    pd.testing.assert_frame_equal(p, PAYMENTS)
