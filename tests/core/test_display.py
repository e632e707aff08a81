"""kh.show: the student-facing table (Chinese headers, formatted numbers and dates, row limit)."""

import re

import pandas as pd
import pytest

import khlib as kh


def _cells(sty) -> list[str]:
    html = re.sub(r"<style.*?</style>", "", sty.to_html(), flags=re.S)
    return [re.sub(r"<.*?>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>.*?</t[dh]>", html, flags=re.S)]


def test_show_headers_numbers_dates_flags():
    df = pd.DataFrame({
        "customer_id": ["C1", "C2"], "sales": [72641044.66, 400.0], "orders": [3, 4],
        "over_limit": [True, False], "first_date": pd.to_datetime(["2026-01-04 00:00", "2026-03-05 14:30"]),
        "p_alive": [0.5, 0.25], "cum_share": [0.8, 1.0],
    }).set_index("customer_id")
    cells = _cells(kh.show(df))
    for text in ["客户编号", "销售额", "订单数", "超额度", "首次购买日", "仍活跃概率", "累计占比",
                 "72,641,044.66", "400.00", "是", "否", "1月4日", "3月5日 14:30", "50.0%", "25.0%", "100.0%"]:
        assert text in cells, text
    assert "sales" not in cells and "True" not in cells and "2026-01-04 00:00:00" not in cells


def test_show_whole_numbers_and_years():
    df = pd.DataFrame({"customers": [400.0, 1200.0], "date": pd.to_datetime(["2024-12-31", "2025-01-02"])})
    cells = _cells(kh.show(df))
    assert "400" in cells and "1,200" in cells and "400.000000" not in cells
    assert "2024年12月31日" in cells and "2025年1月2日" in cells


def test_show_limits_rows_and_says_so():
    df = pd.DataFrame({"sales": range(30)})
    sty = kh.show(df)
    assert len(sty.data) == 12 and "共 30 行，显示前 12 行" in sty.to_html()
    assert len(kh.show(df, rows=None).data) == 30


def test_show_grade_colours_and_formats_override():
    df = pd.DataFrame({"grade": ["A", "D"], "sales": [1.0, 2.0]})
    html = kh.show(df, formats={"sales": "{:.3f}"}).to_html()
    assert kh.GRADE_COLORS["A"] in html and "1.000" in html
    assert kh.GRADE_COLORS["A"] not in kh.show(df, grade=None).to_html()


def test_show_does_not_mutate_and_is_stable():
    df = pd.DataFrame({"sales": [1.5]}, index=pd.Index(["a"], name="customer_id"))
    before = df.copy()
    a, b = kh.show(df).to_html(), kh.show(df.copy()).to_html()
    pd.testing.assert_frame_equal(df, before)
    assert a == b


@pytest.mark.parametrize("kwargs, word", [({"rows": 0}, "rows"), ({"formats": {"nope": "{}"}}, "nope")])
def test_show_rejects_bad_arguments(kwargs, word):
    with pytest.raises(kh.KhlibInputError, match=word):
        kh.show(pd.DataFrame({"sales": [1.0]}), **kwargs)


def test_show_rejects_non_frames():
    with pytest.raises(kh.KhlibInputError, match="DataFrame"):
        kh.show([1, 2])


def test_show_never_prints_negative_zero():
    """-0.00001 rounds to zero: '0.00%', not '-0.00%' (also through a caller's format string)."""
    df = pd.DataFrame({"diff": [-0.00001, -0.5], "sales": [-0.001, -10.5]})
    cells = _cells(kh.show(df, formats={"diff": "{:.2%}"}))
    assert "0.00%" in cells and "-50.00%" in cells and "-0.00%" not in cells
    assert "0.00" in cells and "-10.50" in cells and "-0.00" not in cells


def test_show_plain_text_is_the_formatted_table():
    """repr (text/plain in a notebook, a terminal) shows the Chinese table, not a memory address."""
    df = pd.DataFrame({"sales": [1234.5, 2.0], "over_limit": [True, False]},
                      index=pd.Index(["C1", "C2"], name="customer_id"))
    text = repr(kh.show(df, caption="示例"))
    assert text.splitlines()[0] == "示例" and "0x" not in text
    assert "客户编号" in text and "1,234.50" in text and "是" in text and "True" not in text
