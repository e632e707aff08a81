"""The vectorised number reader (khlib.io._fastnum) on its own: which texts its fast path
accepts, the decimal evidence it sees and the values it computes, exactly. to_number falls back
to the regular-expression reader for anything the fast path declines, with the same result,
so tests of to_number alone cannot tell a fast path that silently declines everything (and
makes a 1,000,000-row column 20× slower) from one that works. Found by mutation testing
(issue 11)."""

import numpy as np
import pandas as pd
import pytest

from khlib.io import _fastnum as fast


def arr(*texts):
    return np.array(texts, dtype=object)


@pytest.mark.parametrize("texts, expected", [
    (("12", "345", "-7", "9", "0"), (True, False)),  # integers, digit 9 and a lone 0 included
    (("1.5", "2"), (False, True)),  # one decimal: a decimal point, proven
    (("1.234",), (False, False)),  # three decimals after one digit: could be 1,234
    (("0.234",), (False, True)),  # a leading 0 proves the point
    (("1234.567",), (False, True)),  # four digits before the separator: a point
    (("-1.5", "-12"), (False, True)),
    (("12.50", "3"), (False, True)),
])
def test_plain_numbers_accepts_plain_texts(texts, expected):
    assert fast.plain_numbers(arr(*texts)) == expected


@pytest.mark.parametrize("texts", [
    ("1-2",), ("007",), ("1.2.3",), (".",), ("5.",), (".5",), ("1e5",), (":1",), ("1/2",), ("1,5",),
    ("1234567890123456",), ("+5",), ("1 000",), ("",), ("-",),
])
def test_plain_numbers_declines_everything_else(texts):
    assert fast.plain_numbers(arr("1", *texts)) is None


def test_a_lone_minus_after_the_sample_is_text_not_a_crash(tmp_path):
    """A column of one-digit numbers with a "-" placeholder after the first 200 rows (the
    sample read_table checks) used to crash with an IndexError in the fast path."""
    import khlib as kh

    path = tmp_path / "qty.csv"
    path.write_text("客户,数量\n" + "".join(f"C{i},{i % 9 + 1}\n" for i in range(250)) + "C999,-\n", encoding="utf-8")
    t = kh.read_table(path)
    assert t["数量"].iloc[-1] == "-"
    with pytest.raises(kh.KhlibInputError, match="non-numeric"):
        kh.io.to_number(t["数量"], "数量")


def test_plain_numbers_reads_every_chunk():
    n = fast._CHUNK + 10
    ok = np.array(["1"] * n, dtype=object)
    assert fast.plain_numbers(ok) == (True, False)
    late = ok.copy()
    late[-1] = "1e5"  # a text it cannot read in the second chunk only
    assert fast.plain_numbers(late) is None
    point = ok.copy()
    point[-1] = "0.5"  # the decimal proof in the second chunk only
    assert fast.plain_numbers(point) == (False, True)
    first = ok.copy()
    first[0] = "0.5"  # ... or in the first
    assert fast.plain_numbers(first) == (False, True)


def test_matrix_of_code_points():
    m = fast.matrix(arr("12", "3"))
    assert m.tolist() == [[49, 50], [51, 0]]
    assert fast.matrix(arr("x" * 41)) is None  # longer than 40 characters
    assert fast.matrix(arr("x" * 40)).shape == (1, 40)


def _flags(*texts):
    s = fast.scan(pd.Series(texts, dtype=object))
    return {k: getattr(s, k).tolist() for k in ("simple", "point", "comma", "either", "dotted")}


def test_scan_flags_by_hand():
    f = _flags("1,234.50", "27.352,17", "1.234", "1,234", "¥1 234,5元", "-12", "12.5", "0,123", "1.234.567",
               "1,234,567", "万3", "1.2.3,4")
    # both separators: the last one is the decimal; one separator before three digits after one
    # to three digits: either; two of the same: grouping; ¥ before, 元 after, spaces inside: simple
    assert f["simple"] == [True, True, True, True, True, True, True, True, True, True, False, True]
    assert f["point"] == [True, False, False, False, False, False, True, False, False, True, False, False]
    assert f["comma"] == [False, True, False, False, True, False, False, True, True, False, False, True]
    assert f["either"] == [False, False, True, True, False, False, False, False, False, False, False, False]
    assert f["dotted"] == [False, False, True, False, False, False, False, False, False, False, False, False]


@pytest.mark.parametrize("text, simple", [
    ("9", True), ("+9", True), ("+-9", False), ("9-", False), ("1:5", False), ("1/5", False), ("1;5", False),
    ("12345678901234567", False), ("123456789012345", True), ("元12", False), ("12¥", False), ("$5", True),
    ("€5", True), ("£5", True), ("5元", True), ("1\u30002", True), ("1'234", True), (" 5 ", True),
])
def test_scan_simple_by_hand(text, simple):
    assert fast.scan(pd.Series([text], dtype=object)).simple.tolist() == [simple]


@pytest.mark.parametrize("text, decimal, value", [
    ("1,234.50", ".", 1234.5), ("27.352,17", ",", 27352.17), ("¥1 234,5元", ",", 1234.5), ("-12", ".", -12.0),
    ("1.234.567", ",", 1234567.0), ("1,234,567", ".", 1234567.0), ("0,125", ",", 0.125), ("999", ".", 999.0),
    ("123456789012345", ".", 123456789012345.0), ("98.7654", ".", 98.7654), ("1'234.5", ".", 1234.5),
])
def test_assemble_values_by_hand(text, decimal, value):
    s = fast.scan(pd.Series([text], dtype=object))
    values, ok = fast.assemble(s, decimal)
    assert ok.tolist() == [True]
    assert values[0] == value


@pytest.mark.parametrize("text, decimal", [
    ("1,23.5", "."),  # a group of two digits
    ("1234,567.5", "."),  # four digits before the first group
    ("1.5.5", "."),  # two decimal points
    ("1.5,5", "."),  # a thousands separator after the decimal point
    ("12,34", "."),
])
def test_assemble_declines_malformed_grouping(text, decimal):
    s = fast.scan(pd.Series([text], dtype=object))
    values, ok = fast.assemble(s, decimal)
    assert ok.tolist() == [False] and np.isnan(values[0])


def test_assemble_every_chunk():
    n = fast._CHUNK + 3
    texts = pd.Series(["1,234.5"] * n, dtype=object)
    texts.iloc[-1] = "2,000.25"
    values, ok = fast.assemble(fast.scan(texts), ".")
    assert ok.all() and values[0] == 1234.5 and values[-1] == 2000.25 and len(values) == n


# ------------------------------------------------------------------ the two readers agree
#: Texts both readers understand: the fast path (vectorised) and the regular-expression reader
#: (khlib.io._numbers, used for what the fast path declines) must give the same evidence and
#: the same values. A differential test: each reader checks the other.
BOTH = ["1,234.50", "27.352,17", "1.234", "1,234", "123.456", "123,456", "1234.567", "0,123", "0.5", "12.5",
        "12,50", "1.234.567", "1,234,567", "1 234,5", "¥1,234.5", "5元", "-12", "-1.234,5", "+7", "999",
        "100.000", "100,000", "1.5", "1,5", "12.3456", "12,3456", "0.001", "0,001", "98.765,4", "98,765.4"]


def test_regex_reader_agrees_with_the_fast_path_on_evidence():
    from khlib.io import _numbers as slow

    text = pd.Series(BOTH, dtype=object)
    sc = fast.scan(text)
    assert sc.simple.all()
    core = text.str.extract(slow._SHAPE)["core"].str.replace(f"[{slow._GROUP}]", "", regex=True)
    p, c, e = slow.decimal_evidence(core)
    assert p.tolist() == sc.point.tolist()
    assert c.tolist() == sc.comma.tolist()
    assert e.tolist() == sc.either.tolist()


@pytest.mark.parametrize("decimal", [".", ","])
def test_regex_reader_agrees_with_the_fast_path_on_values(decimal):
    from khlib.io import _numbers as slow

    text = pd.Series(BOTH, dtype=object)
    values, ok = fast.assemble(fast.scan(text), decimal)
    parsed = slow.parse_numbers(text, decimal).to_numpy()
    assert (np.isnan(parsed) == ~ok).all(), [t for t, a, b in zip(BOTH, np.isnan(parsed), ok) if a == b]
    assert np.allclose(parsed[ok], values[ok], rtol=0, atol=1e-9)


@pytest.mark.parametrize("text, decimal, value", [
    ("3万", ".", 30000.0), ("1.2万", ".", 12000.0), ("2亿", ".", 2e8), ("(1,234.5)", ".", -1234.5),
    ("1,234.5-", ".", -1234.5), ("1.5e3", ".", 1500.0), ("１２３", ".", 123.0), ("12,34,567.5", ".", 1234567.5),
    ("(5", ".", None), ("5)", ".", None), ("", ".", None), ("1,23", ".", None),
])
def test_regex_reader_by_hand(text, decimal, value):
    from khlib.io import _numbers as slow

    got = slow.parse_numbers(pd.Series([text], dtype=object), decimal).iloc[0]
    assert (np.isnan(got) if value is None else got == value)
