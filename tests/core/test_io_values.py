"""Values as files write them: numbers in any locale, dates in any format, ids with stray spaces
(khlib/io/_numbers.py, _dates.py, _ids.py) and date arguments (khlib.periods.day)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError, KhlibWarning
from khlib.io import clean_ids, to_date, to_number
from khlib.periods import day


def num(values, **kw):
    return to_number(pd.Series(values, dtype=object), "金额", **kw).tolist()


# ------------------------------------------------------------------ numbers
@pytest.mark.parametrize("values,expected", [
    (["1,234.50", "12.00"], [1234.5, 12.0]),                      # Chinese/English
    (["27.352,17", "1.234,50"], [27352.17, 1234.5]),              # German
    (["27352,17", "100,5"], [27352.17, 100.5]),                   # decimal comma only
    (["1 234,50", "12\u00a0345,10"], [1234.5, 12345.1]),          # French: (no-break) spaces
    (["1'234.50", "12'345.10"], [1234.5, 12345.1]),               # Swiss
    (["¥1,234.50", "￥66", "1,000元", "RMB 5"], [1234.5, 66.0, 1000.0, 5.0]),
    (["1.2万", "3万元", "0.5亿", "1,234.5"], [12000.0, 30000.0, 50000000.0, 1234.5]),
    (["(1,234.50)", "-5", "1,000.00-"], [-1234.5, -5.0, -1000.0]),  # accounting, trailing minus
    (["1.234,50-", "-5"], [-1234.5, -5.0]),                          # SAP
    (["１２３，４５６．７８"], [123456.78]),                           # full-width
    (["1.5E+03", "2.5e2"], [1500.0, 250.0]),                          # Excel's scientific
])
def test_number_formats(values, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error", KhlibWarning)  # each column proves its format: no warning
        assert num(values) == pytest.approx(expected)


def test_mixed_decimal_separators_are_an_error_naming_both():
    with pytest.raises(KhlibInputError) as e:
        num(["1,5", "2.50", "3"])
    msg = str(e.value)
    assert "index 1 ('2.50')" in msg and "index 0 ('1,5')" in msg and "decimal=" in msg


def test_numbers_that_read_either_way_warn_and_can_be_forced():
    with pytest.warns(KhlibWarning, match="decimal=','"):
        assert num(["1.234", "2.500"]) == [1.234, 2.5]
    assert num(["1.234", "2.500"], decimal=",") == [1234.0, 2500.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", KhlibWarning)  # a comma with three digits: thousands, as before
        assert num(["1,234", "2,500"]) == [1234.0, 2500.0]
    with pytest.raises(KhlibInputError, match="decimal"):
        num(["1"], decimal=";")


def test_a_file_that_proves_its_decimal_comma_decides_ambiguous_columns():
    s = pd.Series(["1.234", "2.500"])
    s.attrs["number_decimal"] = ","  # read_table sets it from the columns that prove it
    assert to_number(s, "x").tolist() == [1234.0, 2500.0]


def test_bad_numbers_name_their_rows_missing_and_infinite():
    with pytest.raises(KhlibInputError, match=r"1 \('1,2,3.4.5'\)"):
        num(["1", "1,2,3.4.5"])
    with pytest.raises(KhlibInputError, match="缺失"):
        num(["1", "  "])
    with pytest.raises(KhlibInputError, match="infinite"):
        to_number(pd.Series([1.0, np.inf]), "x")
    with pytest.raises(KhlibInputError, match="boolean"):
        to_number(pd.Series([True]), "x")


def test_mixed_cells_of_a_workbook():
    assert num([12.5, "1,000.5", 3]) == [12.5, 1000.5, 3.0]


# ------------------------------------------------------------------ dates
def ymd(values, **kw):
    return to_date(pd.Series(values, dtype=object), "日期", **kw).dt.strftime("%Y-%m-%d %H:%M").tolist()


@pytest.mark.parametrize("values,expected", [
    (["2025-03-05", "2025-3-5 14:05"], ["2025-03-05 00:00", "2025-03-05 14:05"]),
    (["2025/3/5", "2025.03.05"], ["2025-03-05 00:00"] * 2),
    (["2025年3月5日", "2025年3月5日 下午2:05"], ["2025-03-05 00:00", "2025-03-05 14:05"]),
    (["20250305", "20251231"], ["2025-03-05 00:00", "2025-12-31 00:00"]),
    (["05.03.2025", "20.03.2025"], ["2025-03-05 00:00", "2025-03-20 00:00"]),       # dotted: day first
    (["05/03/2025", "20/03/2025"], ["2025-03-05 00:00", "2025-03-20 00:00"]),       # 20 > 12: day first
    (["03/05/2025", "03/20/2025"], ["2025-03-05 00:00", "2025-03-20 00:00"]),       # 20 > 12: month first
    (["3/5/2025 2:05 PM", "3/20/25 12:00 AM"], ["2025-03-05 14:05", "2025-03-20 00:00"]),
    (["45658", "45658.5"], ["2025-01-01 00:00", "2025-01-01 12:00"]),               # Excel serials
    (["5-Mar-2025"], ["2025-03-05 00:00"]),
])
def test_date_formats(values, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error", KhlibWarning)
        assert ymd(values) == expected


def test_numbers_in_a_date_column():
    assert ymd([45658, 45659]) == ["2025-01-01 00:00", "2025-01-02 00:00"]
    assert ymd([20250305, 20250306]) == ["2025-03-05 00:00", "2025-03-06 00:00"]
    with pytest.raises(KhlibInputError, match="Excel serial"):
        to_date(pd.Series([123, 45658]), "d")


def test_day_or_month_first_is_decided_per_column():
    with pytest.warns(KhlibWarning, match="dayfirst=False"):
        assert ymd(["03/04/2025", "05/06/2025"]) == ["2025-04-03 00:00", "2025-06-05 00:00"]
    assert ymd(["03/04/2025", "05/06/2025"], dayfirst=False) == ["2025-03-04 00:00", "2025-05-06 00:00"]
    s = pd.Series(["03/04/2025"])
    s.attrs["date_dayfirst"] = True  # a semicolon file: still says so, with the reason
    with pytest.warns(KhlibWarning, match="分号"):
        to_date(s, "d")
    with pytest.raises(KhlibInputError) as e:
        ymd(["13/04/2025", "04/13/2025"])
    assert "index 0 ('13/04/2025')" in str(e.value) and "index 1 ('04/13/2025')" in str(e.value)
    with pytest.raises(KhlibInputError, match="dayfirst=True"):
        ymd(["04/13/2025"], dayfirst=True)


def test_offsets_keep_the_local_wall_clock_and_warn_once():
    with pytest.warns(KhlibWarning, match=r"\+08:00") as rec:
        out = ymd(["2025-03-01T00:30:00+08:00", "2025-03-01T23:30:00+08:00"])
    assert out == ["2025-03-01 00:30", "2025-03-01 23:30"] and len(rec) == 1
    with pytest.warns(KhlibWarning):  # mixed offsets: each its own local time
        assert ymd(["2025-03-01T00:30:00+08:00", "2025-03-01T00:30:00Z"]) == ["2025-03-01 00:30"] * 2
    aware = pd.Series(pd.to_datetime(["2025-03-01 00:30"]).tz_localize("Asia/Shanghai"))
    with pytest.warns(KhlibWarning, match="Asia/Shanghai"):
        assert to_date(aware, "d").dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2025-03-01 00:30"]


def test_bad_dates_name_their_rows():
    with pytest.raises(KhlibInputError) as e:
        ymd(["2025/3/5", "下周一", "2025-13-45", "2025-02-30", "2025-03-05 25:00"])
    msg = str(e.value)
    assert "1 ('下周一')" in msg and "2 ('2025-13-45')" in msg and "3 ('2025-02-30')" in msg and "4 (" in msg
    with pytest.raises(KhlibInputError, match="缺失"):
        ymd(["2025-03-05", ""])


# ------------------------------------------------------------------ ids
@pytest.mark.parametrize("raw", ["C00123", "C00123 ", " C00123", "C00123\u3000", "\u3000C00123", "C00123\u00a0",
                                 "\tC00123\r", "Ｃ００１２３", "\ufeffC00123", "C00123\u200b"])
def test_id_variants_are_one_id(raw):
    assert clean_ids(pd.Series([raw, "C00999"]), "c").tolist() == ["C00123", "C00999"]


def test_ids_that_arrive_as_numbers_and_placeholders():
    assert clean_ids(pd.Series([123.0, 456.0]), "c").tolist() == ["123", "456"]
    assert clean_ids(pd.Series([123, 4560000000000]), "c").tolist() == ["123", "4560000000000"]
    assert clean_ids(pd.Series(["00123", 123], dtype=object), "c").tolist() == ["00123", "123"]
    for token in kh.io.MISSING_IDS:
        assert pd.isna(clean_ids(pd.Series(["C1", token]), "c")[1]), token
    same = pd.Series(["C1", "C2"], dtype="str")
    assert clean_ids(same, "c") is same  # nothing to do: the column itself


def test_placeholder_and_totals_ids_are_errors_naming_rows():
    lines = pd.DataFrame({"c": ["C1", "   ", "-", "#N/A", "null", "N/A"], "d": "2025-01-01", "a": 1.0})
    with pytest.raises(KhlibInputError) as e:
        kh.prepare_orders(lines, customer="c", date="d", amount="a")
    assert "5 行" in str(e.value) and "index 1, 2, 3, 4, 5" in str(e.value)
    lines = pd.DataFrame({"c": ["C1", "合计", "Total"], "d": "2025-01-01", "a": 1.0})
    with pytest.raises(KhlibInputError, match="合计/小计") as e:
        kh.prepare_orders(lines, customer="c", date="d", amount="a")
    assert "1 ('合计')" in str(e.value) and "2 ('Total')" in str(e.value)


def test_order_ids_are_required_when_there_is_an_order_column():
    lines = pd.DataFrame({"c": ["a", "a"], "o": ["x", "-"], "d": "2025-01-01", "a": 1.0})
    with pytest.raises(KhlibInputError, match="'o'.*order id"):
        kh.customer_summary(lines, customer="c", date="d", amount="a", order="o")


def test_numeric_product_ids_keep_matching_a_numeric_product_table():
    lines = pd.DataFrame({"customer_id": ["a", "b"], "product_id": [1, 2], "order_date": "2025-01-01",
                          "amount": [10.0, 20.0]})
    products = pd.DataFrame({"product_id": [1, 2], "category": ["纸", "墨"]})
    assert kh.summary.mix_sales(lines, products, "a")["company_sales"].sum() == 30.0


# ------------------------------------------------------------------ date arguments
@pytest.mark.parametrize("text", ["2025-01-01", "2025/1/1", "2025年1月1日", "20250101", "01.01.2025",
                                  "2025-01-01 23:59", "2025-01-01T08:00:00+08:00", 20250101, 45658])
def test_day_reads_the_data_formats(text):
    assert day(text) == pd.Timestamp("2025-01-01")


@pytest.mark.parametrize("bad", ["03/04/2025", "xx", "2025-02-30", True])
def test_day_refuses_what_it_cannot_read_for_sure(bad):
    with pytest.raises(KhlibInputError, match="start"):
        day(bad, "start")


def test_summary_periods_accept_chinese_dates(lines):
    a = kh.customer_summary(lines, start="2025年1月1日", end="2025年3月31日")
    b = kh.customer_summary(lines, start="2025-01-01", end="2025-03-31")
    pd.testing.assert_frame_equal(a, b)
