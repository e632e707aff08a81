"""Reading analysts' files and validating their order lines: every error names the problem."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError

CN = pd.DataFrame({
    "单据编号": ["X1", "X1", "X2", "X3"],
    "行号": [1, 2, 1, 1],
    "客户代码": ["00123", "00123", "00456", "00789"],
    "日期": ["2025/3/5", "2025/3/5", "2025年4月1日", "2025-04-09"],
    "价税合计": ["1,234.50", "￥66", "300", "12"],
})
MAP = dict(customer="客户代码", date="日期", amount="价税合计", order="单据编号", line="行号")


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"),
    ("utf-16", "utf-16"),
])
def test_read_table_detects_encoding(tmp_path, encoding, expected):
    p = tmp_path / "orders.csv"
    sep = "\t" if encoding == "utf-16" else ","
    CN.to_csv(p, index=False, encoding=encoding, sep=sep)
    df = kh.read_table(p, dtype={"客户代码": str})
    assert df.attrs["source_encoding"] == expected
    assert list(df.columns) == list(CN.columns)
    assert df["客户代码"].tolist() == ["00123", "00123", "00456", "00789"]
    out = kh.prepare_orders(df, **MAP)
    assert out["amount"].tolist() == [1234.5, 66.0, 300.0, 12.0]
    assert out["order_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-03-05", "2025-03-05", "2025-04-01", "2025-04-09"]


def test_read_table_semicolon_and_excel(tmp_path):
    p = tmp_path / "o.csv"
    CN.to_csv(p, index=False, sep=";", encoding="gbk")
    assert kh.read_table(p).shape == CN.shape
    x = tmp_path / "o.xlsx"
    CN.to_excel(x, index=False, sheet_name="订单")
    df = kh.read_table(x, sheet_name="订单", dtype={"客户代码": str})
    assert df.attrs["source_encoding"] == "xlsx"
    assert kh.prepare_orders(df, **MAP)["amount"].sum() == pytest.approx(1612.5)


def test_company_gbk_sample_reads_and_maps():
    df = kh.read_table(kh.datasets.data_path("analyst_sample"))
    assert df.attrs["source_encoding"] == "gb18030"
    out = kh.prepare_orders(df, customer="客户代码", date="日期", amount="价税合计",
                            order="单据编号", line="行号", product="存货编码", quantity="数量")
    assert len(out) == 1500 and out["amount"].gt(0).all()
    assert (out["order_date"].dt.year == 2025).all()


def test_undecodable_file_names_encodings(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes(b"a,b\n1,\x81\x20\n")  # invalid in UTF-8 and in GB18030
    with pytest.raises(KhlibInputError, match="encoding"):
        kh.read_table(p)


def test_missing_file():
    with pytest.raises(KhlibInputError, match="找不到文件"):
        kh.read_table("no/such/file.csv")


def err(df, **kw) -> str:
    with pytest.raises(KhlibInputError) as e:
        kh.prepare_orders(df, **kw)
    return str(e.value)


def test_empty_table():
    msg = err(CN.iloc[0:0], **MAP)
    assert "空" in msg and "empty" in msg


def test_missing_column_names_it_and_suggests():
    msg = err(CN, customer="客户编码", date="日期", amount="价税合计")
    assert "'客户编码'" in msg and "客户代码" in msg  # the close match is suggested
    assert "Missing column" in msg


def test_non_numeric_amount_names_rows_and_values():
    bad = CN.assign(价税合计=["1,234.50", "abc", "300", "—"])
    msg = err(bad, **MAP)
    assert "'价税合计'" in msg and "1 ('abc')" in msg and "3 ('—')" in msg and "non-numeric" in msg


def test_missing_amount():
    msg = err(CN.assign(价税合计=["1", None, "3", "4"]), **MAP)
    assert "缺失" in msg and "index 1" in msg


def test_negative_amount_and_opt_in():
    bad = CN.assign(价税合计=["1", "-20", "3", "4"])
    msg = err(bad, **MAP)
    assert "负数" in msg and "1 (-20.0)" in msg and "allow_negative" in msg
    assert kh.prepare_orders(bad, allow_negative=True, **MAP)["amount"].min() == -20


def test_missing_customer_id():
    msg = err(CN.assign(客户代码=["00123", None, "", "00789"]), **MAP)
    assert "'客户代码'" in msg and "2 行" in msg and "index 1, 2" in msg


def test_unparsable_date():
    msg = err(CN.assign(日期=["2025/3/5", "2025/3/5", "下周一", "2025-13-45"]), **MAP)
    assert "'日期'" in msg and "2 ('下周一')" in msg and "3 ('2025-13-45')" in msg


def test_duplicated_order_lines():
    dup = pd.concat([CN, CN.iloc[[1]]], ignore_index=True)
    msg = err(dup, **MAP)
    assert "重复" in msg and "index 1, 4" in msg and "duplicated" in msg
    # with an order id but no line numbers, whole-row duplicates are caught
    msg = err(dup.drop(columns=["行号"]), customer="客户代码", date="日期", amount="价税合计", order="单据编号")
    assert "整行" in msg
    # without order ids (a transaction log such as CDNOW), identical rows are two purchases
    log = dup.drop(columns=["单据编号", "行号"])
    assert len(kh.prepare_orders(log, customer="客户代码", date="日期", amount="价税合计")) == 5


def test_column_name_clash():
    msg = err(CN.assign(customer_id="x"), **MAP)
    assert "customer_id" in msg


def test_not_a_dataframe():
    with pytest.raises(TypeError, match="DataFrame"):
        kh.prepare_orders([1, 2, 3])


def test_detect_encoding_doc_examples():
    assert kh.detect_encoding("客户".encode("gbk")) == "gb18030"
    assert kh.detect_encoding("abc".encode()) == "utf-8"
