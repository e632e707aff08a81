"""Property tests of the io layer (hypothesis): the CLASSES of problem of issue 11, not its
instances. Whatever amounts, ids, dates, locales, row orders and file splits hypothesis draws,
reading gives the true numbers (or names the true spreadsheet row)."""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import khlib as kh
from khlib import KhlibInputError, KhlibWarning
from khlib.io import clean_ids, to_date, to_number
from khlib.periods import day

FILE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FAST = settings(max_examples=150, deadline=None)

CENTS = st.integers(min_value=-10**11, max_value=10**11)


# ------------------------------------------------------------------ number formats
def _group(whole: int, sep: str) -> str:
    return f"{whole:,}".replace(",", sep) if sep else str(whole)


def fmt(cents: int, style: dict) -> str:
    """An amount written the way a file in ``style`` writes it."""
    whole, frac = divmod(abs(cents), 100)
    if style["wan"]:
        body = f"{abs(cents) / 1_000_000:.6f}".replace(".", style["decimal"]) + "万"
    else:
        body = _group(whole, style["thousands"]) + style["decimal"] + f"{frac:02d}"
    body = style["prefix"] + body + style["suffix"]
    if cents < 0:
        body = {"minus": "-" + body, "paren": f"({body})", "trailing": body + "-"}[style["negative"]]
    return body


STYLE = st.fixed_dictionaries({
    "decimal": st.sampled_from([".", ","]),
    "thousands": st.sampled_from(["", ",", ".", " ", "\u00a0", "'"]),
    "prefix": st.sampled_from(["", "¥", "￥", "RMB "]),
    "suffix": st.sampled_from(["", "元"]),
    "negative": st.sampled_from(["minus", "paren", "trailing"]),
    "wan": st.booleans(),
}).filter(lambda s: s["thousands"] != s["decimal"])


@FAST
@given(st.lists(CENTS, min_size=1, max_size=30), STYLE)
def test_any_amount_in_any_supported_locale_round_trips(cents, style):
    """One style per column (files are written that way); every value comes back to the cent."""
    text = [fmt(c, style) for c in cents]
    with warnings.catch_warnings():
        warnings.simplefilter("error", KhlibWarning)  # two decimals prove the separator: no guess
        got = to_number(pd.Series(text, dtype=object), "金额")
    assert [round(v * 100) for v in got] == cents


@FAST
@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=30), st.sampled_from([".", ","]))
def test_a_forced_decimal_separator_reads_every_integer_format(wholes, decimal):
    thousands = "," if decimal == "." else "."
    text = [_group(w, thousands) for w in wholes]
    assert to_number(pd.Series(text), "x", decimal=decimal).tolist() == wholes


@FAST
@given(st.lists(st.tuples(st.integers(1000, 10**9), st.integers(0, 999)), min_size=1, max_size=20),
       st.sampled_from([".", ","]))
def test_three_decimals_after_four_digits_are_decimals(parts, decimal):
    """1234.567 cannot be a thousands separator (a group has three digits after at most three)."""
    text = [f"{w}{decimal}{f:03d}" for w, f in parts]
    with warnings.catch_warnings():
        warnings.simplefilter("error", KhlibWarning)
        got = to_number(pd.Series(text), "x")
    assert [round(v * 1000) for v in got] == [w * 1000 + f for w, f in parts]


@FAST
@given(st.lists(CENTS, min_size=2, max_size=20), st.data())
def test_a_column_never_mixes_two_decimal_separators_silently(cents, data):
    """Values that prove a decimal point next to values that prove a decimal comma: an error
    naming both, never a number read per cell."""
    assume(any(c % 100 for c in cents))
    text = [fmt(c, {"decimal": ".", "thousands": "", "prefix": "", "suffix": "", "negative": "minus", "wan": False})
            for c in cents]
    i = data.draw(st.integers(0, len(text) - 1))
    text[i] = text[i].replace(".", ",")
    with pytest.raises(KhlibInputError, match="decimal"):
        to_number(pd.Series(text), "x")


# ------------------------------------------------------------------ ids
ID = st.from_regex(r"[A-Z]{0,2}[0-9]{1,6}", fullmatch=True)
SPACE = st.sampled_from(["", " ", "  ", "\t", "\u3000", "\u00a0", "\u200b", "\ufeff", " \u3000"])


def wide(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in s)


@FAST
@given(st.lists(st.tuples(ID, SPACE, SPACE, st.booleans()), min_size=1, max_size=40))
def test_ids_with_surrounding_whitespace_variants_map_to_the_same_id(rows):
    raw = [before + (wide(i) if full else i) + after for i, before, after, full in rows]
    assert clean_ids(pd.Series(raw), "c").tolist() == [i for i, *_ in rows]


@FILE
@given(st.lists(st.tuples(ID, SPACE, CENTS.filter(lambda c: c > 0)), min_size=1, max_size=25))
def test_a_file_with_padded_ids_counts_each_customer_once(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("ids") / "o.csv"
    body = "\n".join(f"{pad}{cid}{pad},2025-01-01,{c / 100:.2f},SO{k}" for k, (cid, pad, c) in enumerate(rows))
    path.write_text("客户,日期,金额,单号\n" + body + "\n", encoding="utf-8")
    s = kh.customer_summary(kh.read_table(path), customer="客户", date="日期", amount="金额", order="单号")
    truth = pd.Series([c for _, _, c in rows], index=[i for i, _, _ in rows]).groupby(level=0).sum() / 100
    assert sorted(s.index) == sorted(truth.index)  # leading zeros kept, spaces gone
    assert s["sales"].sort_index().round(2).tolist() == truth.sort_index().round(2).tolist()


# ------------------------------------------------------------------ dates
DATES = st.lists(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)), min_size=1, max_size=30)
FORMATS = {
    "iso": lambda d: d.isoformat(), "slash": lambda d: f"{d.year}/{d.month}/{d.day}",
    "chinese": lambda d: f"{d.year}年{d.month}月{d.day}日", "compact": lambda d: d.strftime("%Y%m%d"),
    "dotted": lambda d: d.strftime("%d.%m.%Y"), "dmy": lambda d: d.strftime("%d/%m/%Y"),
    "mdy": lambda d: d.strftime("%m/%d/%Y"), "serial": lambda d: str((d - dt.date(1899, 12, 30)).days),
}


@FAST
@given(DATES, st.sampled_from(sorted(FORMATS)))
def test_any_date_in_any_supported_format_round_trips(dates, name):
    if name == "serial":
        dates = [d for d in dates if 20000 <= (d - dt.date(1899, 12, 30)).days <= 80000]
        assume(dates)
    text = pd.Series([FORMATS[name](d) for d in dates])
    first = {"dmy": True, "mdy": False}.get(name)  # year-last with slashes: the caller says which
    got = to_date(text, "日期", dayfirst=first).dt.date.tolist()
    assert got == dates


@FAST
@given(DATES, st.sampled_from(["dmy", "mdy"]))
def test_day_or_month_first_is_found_when_one_date_proves_it(dates, name):
    proof = dt.date(2025, 3, 20)  # day 20 cannot be a month
    text = pd.Series([FORMATS[name](d) for d in [*dates, proof]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", KhlibWarning)
        assert to_date(text, "日期").dt.date.tolist() == [*dates, proof]


@FAST
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["iso", "slash", "chinese", "compact", "dotted"]))
def test_day_arguments_read_the_same_formats(d, name):
    assert day(FORMATS[name](d)) == pd.Timestamp(d)


# ------------------------------------------------------------------ whole files
LINE = st.tuples(st.sampled_from(["00123", "00456", "C9", "123"]),
                 st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31)),
                 st.integers(1, 10**8))


def _csv(rows, *, comma: bool = False, start: int = 0) -> str:
    sep = ";" if comma else ","
    out = [sep.join(["客户", "日期", "金额", "单号", "行号"])]
    for k, (cid, d, cents) in enumerate(rows, start):
        amount = f"{cents / 100:,.2f}"
        amount = amount.replace(",", "_").replace(".", ",").replace("_", ".") if comma else f'"{amount}"'
        date = d.strftime("%d.%m.%Y") if comma else d.isoformat()
        out.append(sep.join([cid, date, amount, f"SO{k}", "1"]))
    return "\n".join(out) + "\n"


COLS = dict(customer="客户", date="日期", amount="金额", order="单号")


@FILE
@given(st.lists(LINE, min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_row_order_does_not_change_customer_summary(tmp_path_factory, rows, rnd):
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    d = tmp_path_factory.mktemp("order")
    (d / "a.csv").write_text(_csv(rows), encoding="utf-8")
    frame = kh.read_table(d / "a.csv")
    perm = frame.sample(frac=1.0, random_state=rnd.randint(0, 10**6))
    pd.testing.assert_frame_equal(kh.customer_summary(perm, **COLS), kh.customer_summary(frame, **COLS))


@FILE
@given(st.lists(LINE, min_size=2, max_size=40), st.data(), st.booleans())
def test_splitting_a_file_in_two_and_concatenating_gives_the_same_summary(tmp_path_factory, rows, data, comma):
    k = data.draw(st.integers(1, len(rows) - 1))
    d = tmp_path_factory.mktemp("split")
    (d / "all.csv").write_text(_csv(rows, comma=comma), encoding="utf-8")
    (d / "a.csv").write_text(_csv(rows[:k], comma=comma), encoding="gbk")
    (d / "b.csv").write_text(_csv(rows[k:], comma=comma, start=k), encoding="utf-8")
    whole = kh.customer_summary(kh.read_table(d / "all.csv"), **COLS)
    both = pd.concat([kh.read_table(d / "a.csv"), kh.read_table(d / "b.csv")], ignore_index=True)
    pd.testing.assert_frame_equal(kh.customer_summary(both, **COLS), whole, check_index_type=False)
    assert whole["sales"].sum() == pytest.approx(sum(c for *_, c in rows) / 100, abs=0.005)


@FILE
@given(st.lists(LINE, min_size=1, max_size=30), st.data())
def test_a_bad_value_is_named_by_its_line_in_the_file(tmp_path_factory, rows, data):
    """Blank lines and title rows anywhere: the error names the line a text editor shows."""
    bad = data.draw(st.integers(0, len(rows) - 1))
    blanks = data.draw(st.sets(st.integers(0, len(rows)), max_size=4))
    title = data.draw(st.booleans())
    lines = (["2025年订单明细"] if title else []) + ["客户,日期,金额,单号"]
    where = None
    for k, (cid, d, cents) in enumerate(rows):
        if k in blanks:
            lines.append("")
        amount = "待定" if k == bad else f"{cents / 100:.2f}"
        lines.append(f"{cid},{d.isoformat()},{amount},SO{k}")
        if k == bad:
            where = len(lines)  # 1-based line number of the bad line
    path = tmp_path_factory.mktemp("rows") / "o.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KhlibWarning)  # the title row's note
        frame = kh.read_table(path)
    with pytest.raises(KhlibInputError) as e:
        kh.customer_summary(frame, **COLS)
    assert f"表格第 {where} 行 ('待定')" in str(e.value) and f"spreadsheet row {where} ('待定')" in str(e.value)


@FILE
@given(st.lists(LINE, min_size=3, max_size=30), st.sampled_from(["合计", "总计", "Total", ""]))
def test_a_totals_row_at_the_bottom_never_counts(tmp_path_factory, rows, label):
    total = sum(c for *_, c in rows)
    path = tmp_path_factory.mktemp("tot") / "o.csv"
    path.write_text(_csv(rows) + f'{label},,"{total / 100:,.2f}",,\n', encoding="utf-8")
    with pytest.warns(KhlibWarning, match="合计行"):
        frame = kh.read_table(path)
    s = kh.customer_summary(frame, **COLS)
    assert s["sales"].sum() == pytest.approx(total / 100, abs=0.005) and len(frame) == len(rows)
