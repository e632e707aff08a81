"""khlib/io: tests written to kill the mutants that survived the mutation run of issue 11
(mutmut over _prepare.py, _ids.py, _rows.py, _read.py and _workbook.py). Small files and frames
whose answer is known by hand; the full text of the main error messages is pinned, because the
message is what the analyst reads."""

import datetime as dt
import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.io._rows import SourceRows


def message(df, **kw) -> str:
    with pytest.raises(KhlibInputError) as e:
        kh.prepare_orders(df, **kw)
    return str(e.value)


def workbook(path, sheets: dict) -> str:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


# ------------------------------------------------------------------ _workbook
def test_header_cells_of_a_sheet_become_unique_names(tmp_path):
    # " 客户 " stripped; 2025 (a number) kept; an empty cell and a cell of spaces over data are
    # "Unnamed: 2" / "Unnamed: 3" (pandas' names, by position); 金额 three times and "金额 "
    # (equal once stripped) are numbered 金额, 金额.1, 金额.2, 金额.3
    p = workbook(tmp_path / "h.xlsx", {"S": [[" 客户 ", 2025, None, "  ", "金额", "金额", "金额", "金额 "],
                                            ["C1", 1, 2, 3, 4, 5, 6, 7]]})
    df = kh.read_table(p, header=0)
    assert list(df.columns) == ["客户", 2025, "Unnamed: 2", "Unnamed: 3", "金额", "金额.1", "金额.2", "金额.3"]
    assert df.iloc[0].tolist() == ["C1", 1, 2, 3, 4, 5, 6, 7]
    # the other sheets' columns, as the missing-column error uses them: names without "Unnamed"
    assert df.attrs["source_sheets"] == {"S": ("客户", 2025, "金额", "金额.1", "金额.2", "金额.3")}


def test_cells_keep_their_type_zero_padding_only_for_integers(tmp_path):
    # 12 shown as 00012 is the id "00012"; 5.5 with the same format stays the number 5.5; a
    # formula is read as its saved value (openpyxl saves none: empty), never as the formula text
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["客户", "金额", "备注"])
    ws.append([12, 5.5, "=1+1"])
    ws.append([7, 2.0, "x"])
    for cell in ("A2", "B2", "A3"):
        ws[cell].number_format = "00000"
    wb.save(tmp_path / "c.xlsx")
    df = kh.read_table(tmp_path / "c.xlsx")
    assert df["客户"].tolist() == ["00012", "00007"]
    assert df["金额"].tolist() == [5.5, 2.0]
    assert pd.isna(df["备注"].iloc[0]) and df["备注"].iloc[1] == "x"


def test_a_one_byte_workbook_is_not_called_empty(tmp_path):
    (tmp_path / "one.xlsx").write_bytes(b"x")
    with pytest.raises(KhlibInputError, match="Cannot read .* as an Excel workbook"):
        kh.read_table(tmp_path / "one.xlsx")


# ------------------------------------------------------------------ _rows
def test_source_rows_repr():
    rows = SourceRows(np.array([3, 4, 7]), np.zeros(3), ("a",), "订单")
    assert repr(rows) == "SourceRows(sheet '订单', 3 rows, spreadsheet rows 3–7)"
    assert repr(SourceRows(np.array([2, 9]), np.zeros(2), ("a",), None)) == "SourceRows(2 rows, spreadsheet rows 2–9)"
    assert repr(SourceRows(np.array([], dtype=np.int64), np.zeros(0), ("a",), None)) == "SourceRows(0 rows, spreadsheet rows none)"


def test_pieces_of_one_file_put_back_together_keep_their_spreadsheet_rows(tmp_path):
    # rows 2, 3, 4 of the file; the bad amount 'x' is on row 4
    p = tmp_path / "o.csv"
    p.write_text("customer_id,order_date,amount\nC1,2025-01-01,5\nC2,2025-01-02,6\nC3,2025-01-03,x\n", encoding="utf-8")
    df = kh.read_table(p)
    again = pd.concat([df.iloc[:2], df.iloc[2:]])
    assert "spreadsheet row 4 ('x')" in message(again)
    # an index of text labels is not the file's rows: the error names the label
    labelled = df.set_axis(["r1", "r2", "r3"], axis=0)
    assert "index r3 ('x')" in message(labelled)
    # a row added in pandas (label 3, past the file's rows 0–2) is named by its label
    added = df.iloc[:2].copy()
    added.loc[3] = ["C4", "2025-01-04", "y"]
    assert "index 3 ('y')" in message(added)


# ------------------------------------------------------------------ _prepare: the missing-column error
def test_missing_column_error_in_full():
    df = pd.DataFrame({"客户代码": ["C1"], "客户名称": ["甲"], "日期": ["2025-01-01"], "金额": [5.0]})
    assert message(df, customer="客户编码", date="日期", amount="金额") == (
        "缺少列：'客户编码'（客户编号）（相近的列：客户代码, 客户名称）。表中现有的列：['客户代码', '客户名称', '日期', '金额']。"
        "请用参数指定你的列名，例如 customer='客户代码'。\n"
        "Missing column(s): '客户编码' for customer_id (similar: 客户代码, 客户名称). Columns in the table: "
        "['客户代码', '客户名称', '日期', '金额']. Map your names with keyword arguments, e.g. customer='客户代码'.")
    # an optional column has its label too; nothing similar: no hint
    assert "'SKU'（产品编号）" in message(df, customer="客户代码", date="日期", amount="金额", product="SKU")
    assert "similar" not in message(df, customer="客户代码", date="日期", amount="金额", product="SKU")


def test_missing_column_error_suggests_the_header_row_when_half_the_names_are_unnamed():
    # 2 of 4 columns unnamed (>= half): the header is probably lower down
    half = pd.DataFrame({"销售明细": ["客户"], "Unnamed: 1": ["日期"], "Unnamed: 2": ["金额"], "x": [1]})
    assert message(half).endswith("The header may not be the first row: pass header= (its 0-based row).")
    assert "表头可能不在第一行：请用 header= 指定表头所在的行（从 0 数起）。" in message(half)
    # the threshold is max(1, columns // 2): 1 of 3 columns unnamed (3 // 2 = 1) says it, 1 of 4 (< 2) does not
    assert "header may not be" in message(pd.DataFrame({"a": [1], "b": [1], "Unnamed: 2": [1]}))
    assert "header may not be" not in message(pd.DataFrame({"a": [1], "b": [1], "c": [1], "Unnamed: 3": [1]}))


def test_missing_column_error_names_the_sheet_that_has_the_columns(tmp_path):
    p = workbook(tmp_path / "w.xlsx", {
        "汇总": [["区域", "销售额"], ["东", 12]],
        "明细": [["Customer_ID ", "order_date", "amount"], ["C1", "2025-01-01", 5]]})
    msg = message(kh.read_table(p))
    assert msg.splitlines()[0].endswith(
        "本工作簿有工作表 ['汇总', '明细']，当前读的是 '汇总'。所需的列在工作表 '明细' 中：请用 kh.read_table(路径, sheet_name='明细') 读取。")
    assert msg.endswith(" The workbook has sheets ['汇总', '明细']; this is '汇总'. The columns are on sheet '明细': "
                        "read it with kh.read_table(path, sheet_name='明细').")
    # on the sheet that lacks only `amount`: no other sheet has all the wanted columns
    msg = message(kh.read_table(p, sheet_name="明细"), amount="金额")
    assert msg.splitlines()[0].endswith("本工作簿有工作表 ['汇总', '明细']，当前读的是 '明细'。其他工作表也没有全部所需的列。")
    assert msg.endswith(" The workbook has sheets ['汇总', '明细']; this is '明细'. No other sheet has all of them either.")


# ------------------------------------------------------------------ _workbook: sheets and title rows
def test_title_rows_of_a_sheet_are_named_by_their_first_filled_cell(tmp_path):
    # row 1: the title in column B; row 2: only spaces (blank); row 3: spaces, then 单位：元; the header on row 4
    p = workbook(tmp_path / "t.xlsx", {"S": [[None, "2025年销售明细"], [None, "   "], ["  ", "单位：元"],
                                            ["客户", "日期", "金额"], ["C1", "2025-01-01", 5], ["C2", "2025-01-02", 6]]})
    with pytest.warns(kh.KhlibWarning) as rec:
        df = kh.read_table(p)
    assert [str(w.message).splitlines()[0] for w in rec] == [
        "工作表 'S' 表头在第 4 行：跳过了上方的标题行（'2025年销售明细'、'单位：元'）。如不对，请用 header= 指定表头所在的行（从 0 数起）。"]
    assert df["金额"].tolist() == [5, 6]
    assert df.attrs["source_file"] == str(p) and df.attrs["source_encoding"] == "xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the header said explicitly: no warning about title rows
        same = kh.read_table(p, header=3)
    assert list(same.columns) == ["客户", "日期", "金额"]
    assert kh.read_table(p, header=3, dtype=str)["金额"].tolist() == ["5", "6"]  # dtype= applied to workbooks too


def test_a_sheet_of_spaces_is_empty_and_a_header_alone_has_no_rows(tmp_path):
    p = workbook(tmp_path / "e.xlsx", {"空白": [["  ", " "]], "表头": [["客户", "日期", "金额"]]})
    with pytest.raises(KhlibInputError, match="Sheet '空白' is empty"):
        kh.read_table(p)
    head = kh.read_table(p, sheet_name="表头")
    assert list(head.columns) == ["客户", "日期", "金额"] and len(head) == 0


def test_a_legacy_xls_needs_xlrd(tmp_path):
    pytest.importorskip("openpyxl")
    try:
        import xlrd  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("xlrd installed: the message about installing it is not shown")
    (tmp_path / "old.XLS").write_bytes(b"not really a workbook")
    with pytest.raises(KhlibInputError, match="xlrd"):
        kh.read_table(tmp_path / "old.XLS")


# ------------------------------------------------------------------ _prepare: the options reach the checks
def test_prepare_orders_passes_every_option_on():
    base = pd.DataFrame({"customer_id": ["a", "b"], "order_date": ["03/04/2025", "05/06/2025"],
                         "amount": ["1.234", "2.000"], "单号": ["o1", "o1"], "行": [1, 2]})
    out = kh.prepare_orders(base, order="单号", line="行", dayfirst=False, decimal=",")
    assert out["line_no"].tolist() == [1, 2]
    assert out["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-04", "2025-05-06"]  # month first
    assert out["amount"].tolist() == [1234.0, 2000.0]  # 1.234 with a decimal comma is 1234
    # the same order and line number twice is a duplicate, even with different amounts
    twice = base.assign(行=[1, 1])
    assert "same order id and line number" in message(twice, order="单号", line="行", dayfirst=False, decimal=",")
    assert len(kh.prepare_orders(twice, order="单号", line="行", dayfirst=False, decimal=",", check_duplicates=False)) == 2
    # check_ids=False lets a label such as 合计 through as an id
    totals = base.assign(customer_id=["a", "合计"])
    assert "totals row" in message(totals, dayfirst=False, decimal=",")
    assert kh.prepare_orders(totals, dayfirst=False, decimal=",", check_ids=False)["customer_id"].tolist() == ["a", "合计"]


def test_prepare_orders_uses_the_default_names_exactly():
    # "customer_id" and "Customer_ID" both exist: the default reads the exact one
    df = pd.DataFrame({"customer_id": ["a"], "Customer_ID": ["x"], "order_date": ["2025-01-01"],
                       "Order_Date": ["1999-01-01"], "amount": [5.0], "Amount": [9.0]})
    out = kh.prepare_orders(df)
    assert out[["customer_id", "order_date", "amount"]].iloc[0].tolist() == ["a", pd.Timestamp("2025-01-01"), 5.0]


def test_ids_that_arrive_as_other_objects():
    # a decimal id keeps its decimals, an integral one loses ".0", a date cell becomes its text
    out = kh.io.clean_ids(pd.Series([12.5, 7.0, dt.date(2025, 1, 1)], dtype=object))
    assert out.tolist() == ["12.5", "7", "2025-01-01"]


# ------------------------------------------------------------------ _read: text files
def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_the_separator_is_sniffed_from_the_lines_that_agree(tmp_path):
    # a title line of one field above semicolon lines of 3: ";" splits 3 of 4 lines the same way
    p = write(tmp_path, "s.csv", "销售明细\n客户;金额;单号\nC1;5;a\nC2;6;b\n")
    with pytest.warns(kh.KhlibWarning, match="表头在第 2 行"):
        df = kh.read_table(p)
    assert list(df.columns) == ["客户", "金额", "单号"]
    assert df.attrs["source_file"] == str(p) and df.attrs["source_encoding"] == "utf-8"
    assert df.attrs["date_dayfirst"] is True  # a semicolon file: ambiguous dates are day first
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # header= said explicitly: no title-row warning
        assert list(kh.read_table(p, header=1).columns) == ["客户", "金额", "单号"]
    # two columns are enough
    assert list(kh.read_table(write(tmp_path, "two.csv", "客户;金额\nC1;5\nC2;6\n")).columns) == ["客户", "金额"]
    # a tie (both split every line in two) goes to the comma
    assert list(kh.read_table(write(tmp_path, "tie.csv", "x,y;z\n1,2;3\n")).columns) == ["x", "y;z"]


def test_compressed_bom_and_options_of_text_files(tmp_path):
    import gzip
    p = tmp_path / "o.csv.gz"
    p.write_bytes(gzip.compress("客户,金额\nC1,5\nC2,6\n".encode("utf-8")))
    assert kh.read_table(p)["金额"].tolist() == [5, 6]
    # a byte-order mark read with encoding="utf-8" (not utf-8-sig) is not part of the first name
    bom = write(tmp_path, "bom.csv", "\ufeff客户,金额\nC1,5\n")
    assert list(kh.read_table(bom, encoding="utf-8").columns) == ["客户", "金额"]
    # every cell is text as written: "NA" and "null" in a note column stay text
    notes = write(tmp_path, "n.csv", "客户,备注\nC1,NA\nC2,null\n")
    assert kh.read_table(notes)["备注"].tolist() == ["NA", "null"]
    # other keywords go to pandas
    assert list(kh.read_table(notes, usecols=["客户"]).columns) == ["客户"]


def test_skiprows_says_where_the_header_is(tmp_path):
    # two lines above the header: skiprows=2 -> header on line 3, the first data line is line 4
    p = write(tmp_path, "k.csv", "导出时间 2025-01-01\n\n客户,日期,金额\nC1,2025-01-01,x\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said explicitly: no warning about skipped title rows (as with header=)
        df = kh.read_table(p, skiprows=2)
    assert list(df.columns) == ["客户", "日期", "金额"]
    assert "spreadsheet row 4 ('x')" in message(df, customer="客户", date="日期", amount="金额")


def test_an_empty_file_is_named(tmp_path):
    for name, data in (("blank.csv", b"  \n \n"), ("spaces.csv", "\u3000\n".encode("utf-8"))):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(KhlibInputError, match=f"The file is empty .*{name}"):
            kh.read_table(tmp_path / name)


def test_a_macro_workbook_is_a_workbook(tmp_path):
    p = workbook(tmp_path / "m.xlsx", {"S": [["客户", "金额"], ["C1", 5]]})
    macro = tmp_path / "m.xlsm"
    macro.write_bytes(p.read_bytes())
    df = kh.read_table(macro)
    assert df.attrs["source_sheet"] == "S" and df["金额"].tolist() == [5]


def test_duplicate_messages_in_full():
    lines = pd.DataFrame({"customer_id": ["a", "a"], "order_date": ["2025-01-01", "2025-01-01"],
                          "amount": [5.0, 5.0], "order_id": ["o1", "o1"]})
    assert message(lines).splitlines()[1] == (
        "2 duplicated order lines (same all columns) at index 0, 1: the same order line appears twice (a file read "
        "twice, a repeated export); remove them first (e.g. df.drop_duplicates()).")
    assert "（整行相同）" in message(lines)
    numbered = lines.assign(line_no=[1, 1], amount=[5.0, 6.0])
    assert message(numbered).splitlines()[1].startswith("2 duplicated order lines (same order id and line number) at index 0, 1")
    assert "（订单号+行号相同）" in message(numbered)


def test_check_customer_ids_on_its_own():
    # called directly (no factorisation handed in): the default column name is customer_id
    with pytest.raises(KhlibInputError, match="Column 'customer_id' \\(customer id\\) is missing in 1 row"):
        kh.io.check_customer_ids(pd.Series(["C1", "#N/A"]))
    with pytest.raises(KhlibInputError, match="totals row"):
        kh.io.check_customer_ids(pd.Series(["C1", "合计"]))
    assert kh.io.check_customer_ids(pd.Series(["C1", "C2"])) is None


def test_sheet_positions_count_from_both_ends(tmp_path):
    p = workbook(tmp_path / "two.xlsx", {"甲": [["客户", "金额"], ["C1", 1]], "乙": [["客户", "金额"], ["C2", 2]]})
    assert kh.read_table(p, sheet_name=-2).attrs["source_sheet"] == "甲"  # -2 of two sheets is the first
    assert kh.read_table(p, sheet_name=1).attrs["source_sheet"] == "乙"
    with pytest.raises(KhlibInputError, match="sheet_name=2 is out of range"):
        kh.read_table(p, sheet_name=2)


def test_skipping_past_the_end_of_a_file_names_it(tmp_path):
    p = write(tmp_path, "short.csv", "客户,金额\nC1,5\n")
    with pytest.raises(KhlibInputError, match="The file is empty .*short.csv"):
        kh.read_table(p, skiprows=5)


def test_more_messages_in_full():
    neg = pd.DataFrame({"customer_id": ["a", "b"], "order_date": ["2025-01-01"] * 2, "amount": [5.0, -5.0]})
    assert message(neg) == (
        "列 'amount'（金额）有 1 个负数：1 (-5.0)。金额应 ≥ 0；若是退货，请先冲减或设置 allow_negative=True（汇总按净额计算）。\n"
        "Column 'amount' has 1 negative amount(s) at index 1 (-5.0); amounts must be >= 0 (for returns pass "
        "allow_negative=True: the summaries net them).")
    # three similar names: the two closest are suggested (equal scores: the larger name first)
    close = pd.DataFrame({"customer_id": ["a"], "order_date": ["2025-01-01"], "amount1": [1], "amount2": [1], "amount3": [1]})
    assert "（相近的列：amount3, amount2）。" in message(close) and "(similar: amount3, amount2)." in message(close)
    # nothing similar: no hint at all
    df = pd.DataFrame({"客户代码": ["C1"], "日期": ["2025-01-01"], "金额": [5.0]})
    msg = message(df, customer="客户代码", date="日期", amount="金额", product="SKU")
    assert "缺少列：'SKU'（产品编号）。" in msg and "Missing column(s): 'SKU' for product_id. " in msg


def test_ids_edge_cases():
    # every id blank: all rows named as missing
    blank = pd.DataFrame({"customer_id": ["", ""], "order_date": ["2025-01-01"] * 2, "amount": [1, 2]})
    assert "有 2 行缺失，位于 index 0, 1" in message(blank)
    # a 12-character totals label is still a totals row
    total = pd.DataFrame({"customer_id": ["a", "Grand Total:"], "order_date": ["2025-01-01"] * 2, "amount": [1, 2]})
    assert "index 1 ('Grand Total:')" in message(total)
    # clean ids keep the index, the name and the string dtype of the column
    s = kh.io.clean_ids(pd.Series([" a", "b"], dtype="string", index=[5, 7], name="客户"))
    assert s.tolist() == ["a", "b"] and s.index.tolist() == [5, 7] and s.name == "客户" and s.dtype == "string"
    # the prepared frame holds the clean ids in customer_id, and no spreadsheet rows of its own
    lines = pd.DataFrame({"customer_id": [" C1", "C1\u3000"], "order_date": ["2025-01-01"] * 2, "amount": [1, 2]})
    out = kh.prepare_orders(lines)
    assert list(out.columns) == ["customer_id", "order_date", "amount"] and out["customer_id"].tolist() == ["C1", "C1"]


def test_column_names_with_invisible_marks_are_found(tmp_path):
    # a byte-order mark or a zero-width space glued to a name (pandas.read_csv of a BOM file)
    df = pd.DataFrame({"\ufeff客户": ["a"], "日期\u200b": ["2025-01-01"], "金额": [1]})
    out = kh.prepare_orders(df, customer="客户", date="日期", amount="金额")
    assert out.columns.tolist() == ["customer_id", "order_date", "amount"] and out["customer_id"].tolist() == ["a"]
    p = tmp_path / "o.csv"
    p.write_text("customer_id,order_date,amount\nC1,2025-01-01,5\n", encoding="utf-8")
    assert "source_rows" in kh.read_table(p).attrs and "source_rows" not in kh.prepare_orders(kh.read_table(p)).attrs


def test_product_and_quantity_columns_are_read_like_the_others(tmp_path):
    # product ids cleaned like customer ids; quantities read with the decimal comma asked for
    lines = pd.DataFrame({"customer_id": ["a", "b"], "order_date": ["2025-01-01"] * 2, "amount": [1, 2],
                          "货号": [" P1", "P1\u3000"], "数量": ["1.234", "2,5"]})
    out = kh.prepare_orders(lines, product="货号", quantity="数量", decimal=",")
    assert list(out.columns) == ["customer_id", "order_date", "amount", "product_id", "quantity"]
    assert out["product_id"].tolist() == ["P1", "P1"] and out["quantity"].tolist() == [1234.0, 2.5]
    # a missing product id is an error only when the product column is asked for
    gap = lines.assign(货号=["P1", None]).rename(columns={"货号": "product_id"})
    assert "Column 'product_id' (product id) is missing in 1 row(s) at index 1" in message(gap, product="product_id", quantity="数量", decimal=",")
    assert kh.prepare_orders(gap, quantity="数量", decimal=",")["product_id"].isna().sum() == 1
    # in a file, bad quantities and dates are named by their spreadsheet rows
    p = tmp_path / "q.csv"
    p.write_text("customer_id,order_date,amount,qty\nC1,2025-01-01,5,1\nC2,2025-01-02,6,x\n", encoding="utf-8")
    assert "Column 'qty' has non-numeric values at spreadsheet row 3 ('x')" in message(kh.read_table(p), quantity="qty")
    p.write_text("customer_id,order_date,amount\nC1,2025-01-01,5\nC2,someday,6\n", encoding="utf-8")
    assert "spreadsheet row 3 ('someday')" in message(kh.read_table(p))


def test_many_bad_rows_are_named_five_at_a_time():
    # 7 negative amounts: the first 5 are named, then how many more
    neg = pd.DataFrame({"customer_id": list("abcdefg"), "order_date": ["2025-01-01"] * 7, "amount": [-1.0] * 7})
    en = message(neg).splitlines()[1]
    assert "at index 0 (-1.0), 1 (-1.0), 2 (-1.0), 3 (-1.0), 4 (-1.0)" in en and "5 (-1.0)" not in en
    p = pd.DataFrame({"customer_id": list("abcdefg"), "order_date": ["2025-01-01"] * 7, "amount": ["x"] * 7})
    assert message(p).splitlines()[1].startswith("Column 'amount' has non-numeric values at index 0 ('x'), 1 ('x'), 2 ('x'), 3 ('x'), 4 ('x')")


def test_spreadsheet_rows_five_at_a_time_then_the_count(tmp_path):
    # rows 2–8 of the file hold 'x': rows 2–6 are named, then "+2" (7 in all); one bad row: no tail
    p = tmp_path / "many.csv"
    p.write_text("customer_id,order_date,amount\n" + "".join(f"C{i},2025-01-01,x\n" for i in range(7)), encoding="utf-8")
    zh, en = message(kh.read_table(p)).splitlines()
    assert "spreadsheet rows 2 ('x'), 3 ('x'), 4 ('x'), 5 ('x'), 6 ('x') … (+2);" in en
    assert "表格第 2 行 ('x')、第 3 行 ('x')、第 4 行 ('x')、第 5 行 ('x')、第 6 行 ('x') … 等共 7 行。" in zh
    p.write_text("customer_id,order_date,amount\nC1,2025-01-01,x\nC2,2025-01-01,5\n", encoding="utf-8")
    zh, en = message(kh.read_table(p)).splitlines()
    assert "at spreadsheet row 2 ('x'); numbers expected." in en and "：表格第 2 行 ('x')。需要数字。" in zh
