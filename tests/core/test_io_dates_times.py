"""Times of day and two-digit years in analysts' date columns, pinned by hand (gaps found by
mutation testing of khlib/io/_dates.py, issue 11): 12 PM is noon and 12 AM midnight, seconds
add (also with a decimal comma), two-digit years 69–99 are the 1900s and 00–68 the 2000s
(the POSIX pivot that Python's ``%y`` uses)."""

import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.io import to_date

T = pd.Timestamp


@pytest.mark.parametrize("text, expected", [
    ("2025/3/5 12:30 PM", T("2025-03-05 12:30")),
    ("2025/3/5 12:10 AM", T("2025-03-05 00:10")),
    ("2025/3/5 1:05 PM", T("2025-03-05 13:05")),
    ("2025/3/5 11:59 PM", T("2025-03-05 23:59")),
    ("2025/3/5 11:59 AM", T("2025-03-05 11:59")),
    ("2025/3/5 10:00:30", T("2025-03-05 10:00:30")),
    ("2025/3/5 10:00:30,5", T("2025-03-05 10:00:30.5")),
    ("2025/3/5 10:00:30.25", T("2025-03-05 10:00:30.25")),
    ("2025年3月5日 14:05:30", T("2025-03-05 14:05:30")),
    ("20.03.2025 23:59:59", T("2025-03-20 23:59:59")),
])
def test_times_of_day(text, expected):
    assert to_date(pd.Series([text, "2025/3/6"]), "日期").iloc[0] == expected


@pytest.mark.parametrize("text, year", [("20.03.69", 1969), ("20.03.99", 1999), ("20.03.68", 2068),
                                        ("20.03.00", 2000), ("20.03.25", 2025)])
def test_two_digit_years_pivot_at_69(text, year):
    assert to_date(pd.Series([text]), "日期").iloc[0] == T(f"{year}-03-20")


def test_a_whole_column_of_times_keeps_its_order_and_index():
    s = pd.Series(["2025/3/5 12:30 PM", "2025/3/5 12:30 AM", "2025/3/5 9:15:45 AM"], index=[10, 20, 30])
    out = to_date(s, "日期")
    assert out.index.tolist() == [10, 20, 30]
    assert out.tolist() == [T("2025-03-05 12:30"), T("2025-03-05 00:30"), T("2025-03-05 09:15:45")]


# Second mutation run of khlib/io/_dates.py (issue 11): the edges of what a date or time may be,
# pinned by hand. Excel serial day 0 is 1899-12-30: 20000 -> 1954-10-03, 80000 -> 2119-01-11.
@pytest.mark.parametrize("text", ["2025/3/5 24:00", "2025/3/5 23:60", "2025/3/5 23:59:60", "2025/3/5 13:00 PM",
                                  "2025/3/5 0:30 AM"])
def test_times_just_past_their_range_are_errors(text):
    with pytest.raises(KhlibInputError, match="无法识别的日期"):
        to_date(pd.Series([text]), "日期")


def test_times_at_their_edges_are_read():
    got = to_date(pd.Series(["2025/3/5 23:59:59", "2025/3/5 0:00", "2025/3/5 12:30 PM", "2025/3/5 12:30 AM",
                             "2025/3/5 1:00 AM"]), "日期")
    assert got.dt.strftime("%H:%M:%S").tolist() == ["23:59:59", "00:00:00", "12:30:00", "00:30:00", "01:00:00"]


def test_compact_and_serial_dates_at_their_edges():
    assert to_date(pd.Series([19000101, 21991231]), "日期").dt.strftime("%Y-%m-%d").tolist() == ["1900-01-01", "2199-12-31"]
    assert to_date(pd.Series([20000, 80000]), "日期").dt.strftime("%Y-%m-%d").tolist() == ["1954-10-03", "2119-01-11"]
    assert to_date(pd.Series(["20000", "80000"]), "日期").dt.strftime("%Y-%m-%d").tolist() == ["1954-10-03", "2119-01-11"]
    for outside in (19000100, 21991232, 19999, 80001):
        with pytest.raises(KhlibInputError, match="Excel"):
            to_date(pd.Series([outside]), "日期")


def test_day_twelve_is_not_proof_of_day_first():
    # 12.03.2025 alone is ambiguous; with 13.03.2025 in the column it is day first (a day > 12)
    assert to_date(pd.Series(["12.03.2025", "13.03.2025"]), "日期").dt.strftime("%m-%d").tolist() == ["03-12", "03-13"]
    assert to_date(pd.Series(["5/3/2025", "13/3/2025"]), "日期").dt.strftime("%m-%d").tolist() == ["03-05", "03-13"]
