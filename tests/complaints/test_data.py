"""prepare_complaints: an analyst's complaint export (Chinese headers, other kind labels, text with
line breaks, empty resolve times) becomes khlib's columns, and bad rows fail naming the row, the
value and the export's own column name."""

import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.complaints import HEADERS, KINDS, prepare_complaints


def export():
    return pd.DataFrame({
        "投诉单号": ["K-1", "K-2", "K-3"], "客户编号": [" C001", "C002", "C001"],
        "受理时间": ["2025/3/5 9:30", "2025-03-06 14:00", "2025年3月9日 10:15"],
        "结案时间": ["2025-03-06 10:00", "", None], "投诉类型": ["质量问题", "运输", "服务"],
        "问题描述": ["复合机卡纸\r\n已经第二次了", "  送货晚了三天 ", "热线打不通"], "备注": ["a", "b", "c"]})


MAP = {"质量问题": "产品质量"}


def test_chinese_export_to_khlib_columns():
    raw = export()
    before = raw.copy()
    out = prepare_complaints(raw, kind_map=MAP)
    pd.testing.assert_frame_equal(raw, before)  # not mutated
    assert list(out.columns) == ["complaint_id", "customer_id", "received", "resolved", "complaint_type", "text", "备注"]
    assert out["customer_id"].tolist() == ["C001", "C002", "C001"]
    assert out["received"].tolist() == [pd.Timestamp("2025-03-05 09:30"), pd.Timestamp("2025-03-06 14:00"),
                                        pd.Timestamp("2025-03-09 10:15")]
    assert out["resolved"].isna().tolist() == [False, True, True]
    assert out["complaint_type"].tolist() == ["产品质量", "运输", "服务"]
    assert out["text"].tolist() == ["复合机卡纸\n已经第二次了", "送货晚了三天", "热线打不通"]
    assert set(HEADERS.values()) >= {"received", "resolved", "complaint_type", "text", "customer_id"}
    assert KINDS == ("产品质量", "销售合同", "运输", "服务")


def test_named_columns_and_no_resolve_column():
    raw = pd.DataFrame({"cust": ["a"], "when": ["2025-01-02 08:00"], "kind": ["服务"], "body": ["响应慢"]})
    out = prepare_complaints(raw, customer="cust", received="when", kind="kind", text="body")
    assert out["resolved"].isna().all() and out.loc[0, "complaint_type"] == "服务"
    own = prepare_complaints(raw.assign(kind="维修"), customer="cust", received="when", kind="kind", text="body",
                             kinds=("维修", "配送"))
    assert own.loc[0, "complaint_type"] == "维修"


def test_resolved_before_received_names_row_and_columns():
    raw = export().assign(结案时间=["2025-03-04 10:00", "", None])
    with pytest.raises(KhlibInputError, match="结案时间") as e:
        prepare_complaints(raw, kind_map=MAP)
    assert "受理时间" in str(e.value) and "0 ('2025-03-04 10:00')" in str(e.value)


def test_unknown_kind_lists_values_and_hint():
    raw = export().assign(投诉类型=["质量问题", "快递", "服务"])
    with pytest.raises(KhlibInputError, match="投诉类型") as e:
        prepare_complaints(raw, kind_map=MAP)
    assert "快递" in str(e.value) and "kind_map" in str(e.value) and "行 1" in str(e.value)
    with pytest.raises(KhlibInputError, match="质量问题"):
        prepare_complaints(export())  # without the map


@pytest.mark.parametrize("blank", [" ", "", None, "\r\n"])
def test_empty_text_names_the_row(blank):
    raw = export().assign(问题描述=["复合机卡纸", blank, "热线打不通"])
    with pytest.raises(KhlibInputError, match="问题描述") as e:
        prepare_complaints(raw, kind_map=MAP)
    assert "1" in str(e.value).split("：")[-1]


def test_missing_columns_and_bad_times():
    with pytest.raises(KhlibInputError, match="text"):
        prepare_complaints(export().drop(columns="问题描述"), kind_map=MAP)
    with pytest.raises(KhlibInputError, match="受理时间"):
        prepare_complaints(export().assign(受理时间=["2025-03-05", "不知道", "2025-03-09"]), kind_map=MAP)
    with pytest.raises(KhlibInputError, match="受理时间"):
        prepare_complaints(export().assign(受理时间=["2025-03-05", None, "2025-03-09"]), kind_map=MAP)
    with pytest.raises(TypeError):
        prepare_complaints([1, 2])
