"""Times of day and two-digit years in analysts' date columns, pinned by hand (gaps found by
mutation testing of khlib/io/_dates.py, issue 11): 12 PM is noon and 12 AM midnight, seconds
add (also with a decimal comma), two-digit years 69–99 are the 1900s and 00–68 the 2000s
(the POSIX pivot that Python's ``%y`` uses)."""

import pandas as pd
import pytest

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
