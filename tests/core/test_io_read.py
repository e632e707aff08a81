"""read_table on exported files: header under title rows, totals rows, sheets, empty files,
ids kept as text, and the spreadsheet rows that errors name (khlib/io/_read.py, _workbook.py,
_layout.py, _rows.py)."""

import datetime as dt
import warnings

import openpyxl
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError, KhlibWarning

MAP = dict(customer="客户", date="日期", amount="金额", order="单号")


def write(tmp_path, text, name="o.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def error(df, **kw) -> str:
    with pytest.raises(KhlibInputError) as e:
        kh.prepare_orders(df, **{**MAP, **kw})
    return str(e.value)


def test_errors_name_spreadsheet_rows_counting_header_and_blank_lines(tmp_path):
    p = write(tmp_path, "客户,日期,金额,单号\nC1,2025-01-01,5,a\n\nC2,2025-01-02,abc,b\n,2025-01-03,7,c\n")
    df = kh.read_table(p)
    assert len(df) == 3 and list(df.index) == [0, 1, 2]  # the blank line is left out
    msg = error(df)
    assert "表格第 5 行" in msg and "spreadsheet row 5" in msg  # line 5 of the file, not index 2
    msg = error(df[df["客户"].notna()])  # filtered: the rows keep their numbers
    assert "表格第 4 行 ('abc')" in msg and "spreadsheet row 4 ('abc')" in msg
    assert "index 0" in error(df.sort_values("日期", ascending=False).reset_index(drop=True))  # renumbered: index
    edited = df.copy()
    edited.loc[0, "金额"] = "待定"  # a value the file does not hold: index, not a row of the file
    assert "index 0 ('待定')" in error(edited.dropna(subset=["客户"]))
    both = pd.concat([df, df], ignore_index=True)  # two frames: no spreadsheet rows any more
    assert "index 2" in error(both)


def test_title_rows_above_the_header(tmp_path):
    p = write(tmp_path, "2025年销售明细表\n单位：元,,,\n客户,日期,金额,单号\nC1,2025-01-01,5,a\nC2,2025-01-02,x,b\n")
    with pytest.warns(KhlibWarning, match="表头在第 3 行"):
        df = kh.read_table(p)
    assert list(df.columns) == ["客户", "日期", "金额", "单号"]
    assert "表格第 5 行 ('x')" in error(df)
    df2 = kh.read_table(p, header=2)  # said explicitly: no warning
    assert list(df2.columns) == list(df.columns)
    with pytest.raises(KhlibInputError, match="header="):
        kh.read_table(p, header="first")


def test_totals_rows_are_dropped_with_a_warning(tmp_path):
    p = write(tmp_path, "客户,日期,金额,单号\nC1,2025-01-01,5,a\nC2,2025-01-02,7,b\nC3,2025-01-02,8,c\n合计,,20,\n")
    with pytest.warns(KhlibWarning, match="第 5 行（合计、20）"):
        df = kh.read_table(p)
    assert len(df) == 3
    p = write(tmp_path, "客户,日期,金额,单号\nC1,2025-01-01,5,a\nC2,2025-01-02,7,b\nC3,2025-01-02,8,c\n,,20,\n")
    with pytest.warns(KhlibWarning, match="第 5 行"):  # no label, but the column's sum
        assert len(kh.read_table(p)) == 3
    p = write(tmp_path, "客户,日期,金额,单号\nC1,2025-01-01,5,a\nC2,2025-01-02,7,b\nC3,2025-01-02,8,c\nC4,2025-01-03,20,d\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error", KhlibWarning)  # a customer's line equal to the sum is kept
        assert len(kh.read_table(p)) == 4


def test_a_totals_row_in_the_middle_is_an_error(tmp_path):
    p = write(tmp_path, "客户,日期,金额,单号\nC1,2025-01-01,5,a\n小计,,5,\nC2,2025-01-02,7,b\n")
    msg = error(kh.read_table(p))
    assert "合计/小计" in msg and "表格第 3 行" in msg


def test_ids_with_leading_zeros_stay_text_and_plain_numbers_become_numbers(tmp_path):
    p = write(tmp_path, "客户,日期,金额,数量,单号\n00123,2025-01-01,5.5,1,1001\n00456,2025-01-02,\"1,007.25\",2,1002\n")
    df = kh.read_table(p)
    assert df["客户"].tolist() == ["00123", "00456"]
    assert df["数量"].dtype == "int64" and df["单号"].dtype == "int64"
    assert df["金额"].tolist() == ["5.5", "1,007.25"]  # not plain: text for prepare_orders
    out = kh.prepare_orders(df, **MAP)
    assert out["customer_id"].tolist() == ["00123", "00456"] and out["order_id"].tolist() == ["1001", "1002"]
    assert kh.read_table(p, dtype={"数量": "float64"})["数量"].dtype == "float64"


def test_semicolon_file_with_decimal_commas_and_day_first_dates(tmp_path):
    p = write(tmp_path, "Kunde;Datum;Betrag\nC1;03.04.2025;1.234,50\nC2;04.03.2025;12,00\n", encoding="gbk")
    df = kh.read_table(p)
    assert df.attrs["number_decimal"] == "," and df.attrs["date_dayfirst"]
    out = kh.prepare_orders(df, customer="Kunde", date="Datum", amount="Betrag")
    assert out["amount"].tolist() == [1234.5, 12.0]
    assert out["order_date"].dt.strftime("%m-%d").tolist() == ["04-03", "03-04"]


def test_column_names_with_stray_spaces_and_trailing_separators(tmp_path):
    p = write(tmp_path, "客户 ,\u3000日期,金额,单号,\nC1,2025-01-01,5,a,\n")
    df = kh.read_table(p)
    assert list(df.columns) == ["客户", "日期", "金额", "单号"]
    raw = pd.DataFrame({"客户 ": ["C1"], "Date": ["2025-01-01"], "AMOUNT": [1.0]})  # a frame not read by khlib
    assert len(kh.prepare_orders(raw, customer="客户", date="date", amount="amount")) == 1


def test_empty_files_and_bad_lines(tmp_path):
    for text in ("", "   \n\n"):
        with pytest.raises(KhlibInputError, match="文件是空的"):
            kh.read_table(write(tmp_path, text))
    with pytest.raises(KhlibInputError, match="empty"):
        kh.prepare_orders(kh.read_table(write(tmp_path, "客户,日期,金额\n")), customer="客户", date="日期", amount="金额")
    with pytest.raises(KhlibInputError, match="sep="):
        kh.read_table(write(tmp_path, "a,b\n1,2\n3,4,5,6\n"))
    with pytest.raises(KhlibInputError, match="folder"):
        kh.read_table(tmp_path)


def workbook(path, sheets: dict):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_workbook_sheets(tmp_path):
    p = workbook(tmp_path / "o.xlsx", {
        "汇总": [["区域", "销售额"], ["东", 12]],
        "明细": [["客户", "日期", "金额", "单号"], ["C1", dt.datetime(2025, 1, 1), 5, "a"], ["C2", dt.datetime(2025, 1, 2), 7, "b"]],
        "空": []})
    first = kh.read_table(p)
    msg = error(first)
    assert "'汇总'" in msg and "sheet_name='明细'" in msg and "'明细'" in msg
    assert kh.prepare_orders(kh.read_table(p, sheet_name="明细"), **MAP)["amount"].sum() == 12
    assert kh.read_table(p, sheet_name=1).attrs["source_sheet"] == "明细"
    for bad, words in ((None, "sheet_name=None"), (["汇总"], "one at a time"), ("订单", "没有工作表"), (5, "out of range"),
                       ("空", "empty")):
        with pytest.raises(KhlibInputError, match=words):
            kh.read_table(p, sheet_name=bad)
    with pytest.raises(KhlibInputError, match="header"):
        kh.read_table(p, sheet_name="明细", usecols="A:B")


def test_workbook_rows_title_totals_and_zero_padded_ids(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "订单"
    ws.append(["2025年订单"])
    ws.append([])
    ws.append(["客户", "日期", "金额", "单号"])
    ws.append([123, dt.datetime(2025, 1, 1, 14, 5), 5, "a"])
    ws.cell(row=4, column=1).number_format = "00000"
    ws.append(["00456", dt.datetime(2025, 1, 2), "x", "b"])
    ws.append(["总计", None, 5, None])
    wb.save(tmp_path / "t.xlsx")
    with pytest.warns(KhlibWarning) as rec:
        df = kh.read_table(tmp_path / "t.xlsx")
    texts = " ".join(str(w.message) for w in rec)
    assert "第 6 行（总计" in texts and "表头在第 3 行" in texts
    assert df["客户"].tolist() == ["00123", "00456"]
    msg = error(df)
    assert "工作表 '订单' 第 5 行 ('x')" in msg and "sheet '订单' row 5 ('x')" in msg


def test_not_a_workbook(tmp_path):
    p = write(tmp_path, "a,b\n1,2\n", name="really.csv.xlsx")
    with pytest.raises(KhlibInputError, match="Excel"):
        kh.read_table(p)
    (tmp_path / "zero.xlsx").write_bytes(b"")
    with pytest.raises(KhlibInputError, match="0 bytes"):
        kh.read_table(tmp_path / "zero.xlsx")
