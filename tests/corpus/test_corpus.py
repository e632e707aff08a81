"""The corpus of analysts' files (issue 11): each file gives exactly its true numbers, or a clear
error that names the column and the spreadsheet rows; nothing in between.

The files and ``expected.json`` come from ``make_corpus.py`` (a test checks they are what it
writes). Per file: ``kh.read_table`` + ``kh.prepare_orders`` and ``kh.customer_summary`` on the
RAW read frame (the one validation path) give the expected total, customers, lines, orders and
dates; or both raise an error containing the expected words.
"""

from __future__ import annotations

import json
import re
import runpy
import warnings
from pathlib import Path

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError, KhlibWarning

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
SUMMARY_COLUMNS = ("customer", "date", "amount", "order")


def _summary_kwargs(e: dict) -> dict:
    cols = {k: v for k, v in e.get("prepare", {}).items() if k in SUMMARY_COLUMNS}
    return {**cols, **e.get("summary", {})}


def _assert_error(message: str, error: dict) -> None:
    for word in error["contains"]:
        assert word in message, f"{word!r} not in:\n{message}"
    for row in error.get("rows", [])[:5]:  # messages show five rows
        assert re.search(rf"(?<!\d){row}(?!\d)", message), f"row {row} not named in:\n{message}"
    zh, en = message.split("\n", 1)  # Chinese first, then English
    assert re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[A-Za-z]{4,} [A-Za-z]{2,}", en), message


def _read(name: str, e: dict, **extra) -> pd.DataFrame:
    return kh.read_table(FILES / name, **{**e.get("read", {}), **extra})


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name):
    e = EXPECTED[name]
    if "prepare" not in e:  # the file itself is the problem (empty)
        with pytest.raises(KhlibInputError) as err:
            kh.read_table(FILES / name)
        _assert_error(str(err.value), e["error"])
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = _read(name, e)
        if "error" in e:
            with pytest.raises(KhlibInputError) as err:
                kh.prepare_orders(df, **e["prepare"])
            _assert_error(str(err.value), e["error"])
            plain = {k: v for k, v in _summary_kwargs(e).items() if k != "allow_negative"}
            with pytest.raises(KhlibInputError) as err2:  # the summary validates exactly the same way
                kh.customer_summary(df, **plain)
            _assert_error(str(err2.value), {**e["error"], "contains": [w for w in e["error"]["contains"]
                                                                      if w not in ("整行",)]})
        if "total" not in e:
            return
        allow = e.get("summary", {}).get("allow_negative", False)
        out = kh.prepare_orders(df, **e["prepare"], allow_negative=allow)
        summary = kh.customer_summary(df, **_summary_kwargs(e))
    days = (out["order_date"].dt.normalize() - pd.Timestamp("2025-01-01")).dt.days
    assert int(days.sum()) == e["date_checksum"], "dates read wrongly (day and month swapped?)"
    assert summary["sales"].sum() == pytest.approx(e["total"], abs=0.005)
    assert len(summary) == e["customers"]
    assert int(summary["lines"].sum()) == e["lines"] and int(summary["orders"].sum()) == e["orders"]
    assert (summary["mean_order"].dropna().abs() < float("inf")).all()
    if "ids" in e:
        assert sorted(out["customer_id"].unique()) == e["ids"]
        assert sorted(summary.index) == e["ids"]
    for cid, sales in e.get("customer_sales", {}).items():
        assert summary.loc[cid, "sales"] == pytest.approx(sales, abs=0.005)
    for cid, n in e.get("customer_orders", {}).items():
        assert summary.loc[cid, "orders"] == n
    prepared = kh.customer_summary(out, **e.get("summary", {}))
    pd.testing.assert_frame_equal(prepared, summary)
    texts = [str(w.message) for w in caught if issubclass(w.category, KhlibWarning)]
    for word in e.get("warnings", []):
        assert any(word in t for t in texts), f"no warning with {word!r}: {texts}"
    if not e.get("warnings"):
        assert not texts, f"unexpected warnings: {texts}"


def test_timezones_keep_the_local_day():
    e = EXPECTED["13_timezones.csv"]
    df = _read("13_timezones.csv", e)
    cols = {k: v for k, v in e["prepare"].items() if k in ("customer", "date", "amount")}
    with pytest.warns(KhlibWarning, match=r"\+08:00"):
        freq = kh.btyd_summary(df, **cols, calibration_end="2025-12-31", unit="D")["frequency"]
    assert freq.to_dict() == e["btyd_frequency"]


def test_workbook_with_the_summary_sheet_first():
    name = "10_two_sheets.xlsx"
    e = EXPECTED[name]
    first = kh.read_table(FILES / name)  # the summary sheet
    assert first.attrs["source_sheet"] == "汇总"
    with pytest.raises(KhlibInputError) as err:
        kh.prepare_orders(first, **e["prepare"])
    _assert_error(str(err.value), e["error_first_sheet"])
    with pytest.raises(KhlibInputError) as err:
        kh.read_table(FILES / name, sheet_name=None)
    _assert_error(str(err.value), e["error_all_sheets"])


def test_returns_are_refused_without_the_opt_in_and_netted_with_it():
    name = "07_returns.csv"
    e = EXPECTED[name]
    df = _read(name, e)
    cols = {k: v for k, v in e["prepare"].items() if k in SUMMARY_COLUMNS}
    by_period = {k: v for k, v in cols.items() if k != "order"}
    for call, kwargs in ((kh.customer_summary, cols), (kh.sales_by_period, by_period)):
        with pytest.raises(KhlibInputError, match="allow_negative=True"):
            call(df, **kwargs)
    net = kh.sales_by_period(df, **by_period, allow_negative=True)
    assert net.to_numpy().sum() == pytest.approx(e["total"], abs=0.005)


def test_the_corpus_is_what_the_generator_writes(tmp_path):
    make = runpy.run_path(str(HERE / "make_corpus.py"))
    fresh = make["build"](tmp_path / "files")
    assert fresh == EXPECTED
    for p in sorted((tmp_path / "files").iterdir()):
        assert p.read_bytes() == (FILES / p.name).read_bytes(), f"{p.name} differs from make_corpus.py's output"
    assert sorted(p.name for p in FILES.iterdir()) == sorted(EXPECTED)
