"""An analyst's complaint export -> khlib's complaint columns (投诉数据整理), validated.

Complaint systems export one row per complaint with Chinese headers (投诉编号, 受理时间, 投诉类别,
投诉内容 ...), times in any format, free text with line breaks, and empty resolve times for
open complaints. :func:`prepare_complaints` maps the headers, reads the times, maps the
export's kind labels to the four kinds of the material and fails, naming rows and values, on
what would silently bias the analysis: a resolve time before the receive time, a kind that is
not one of the four, an empty complaint text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .._errors import examples, fail, need_columns
from ..io import clean_ids, to_date

#: The four kinds of complaints of the material (投诉的四种类型).
KINDS: tuple[str, ...] = ("产品质量", "销售合同", "运输", "服务")

#: Chinese headers of common complaint exports -> khlib's column names.
HEADERS: dict[str, str] = {
    "投诉编号": "complaint_id", "投诉单号": "complaint_id", "工单号": "complaint_id",
    "客户编号": "customer_id", "客户代码": "customer_id",
    "受理时间": "received", "投诉时间": "received", "登记时间": "received",
    "解决时间": "resolved", "结案时间": "resolved", "关闭时间": "resolved",
    "投诉类别": "complaint_type", "投诉类型": "complaint_type", "类别": "complaint_type",
    "原因": "cause", "投诉原因": "cause",
    "投诉内容": "text", "内容": "text", "问题描述": "text",
    "渠道": "channel", "投诉渠道": "channel", "处理结果": "outcome", "客户评价": "outcome",
    "赔偿金额": "compensation", "订单号": "order_id", "严重程度": "severity",
}


def prepare_complaints(
    data: pd.DataFrame,
    *,
    customer: str = "customer_id",
    received: str = "received",
    resolved: str = "resolved",
    kind: str = "complaint_type",
    text: str = "text",
    kind_map: Mapping[str, str] | None = None,
    kinds: Sequence[str] = KINDS,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Validate a complaint table and return it with khlib's column names (投诉表整理).

    The named columns (or, when a default name is absent, the Chinese headers of
    :data:`HEADERS`) become ``customer_id``, ``received``, ``resolved`` (empty = still open),
    ``complaint_type`` and ``text``; other columns are kept (renamed when :data:`HEADERS` knows
    them). ``kind_map`` maps the export's labels to the four kinds (``{"质量问题": "产品质量"}``);
    ``kinds`` are the allowed kinds after mapping. Texts keep their line breaks (``\\r\\n`` becomes
    ``\\n``) and lose surrounding spaces.

    Errors name rows and values: a missing column, an unreadable or missing receive time, a
    resolve time before its receive time, a kind outside ``kinds``, an empty text.

    >>> raw = pd.DataFrame({"客户编号": ["C1", "C2"], "受理时间": ["2025/3/5 9:30", "2025-03-06 14:00"],
    ...     "解决时间": ["2025-03-06 10:00", None], "投诉类别": ["质量问题", "运输"],
    ...     "投诉内容": ["打印机卡纸\\r\\n第二次了", "送货晚了"]})
    >>> out = prepare_complaints(raw, kind_map={"质量问题": "产品质量"})
    >>> out[["customer_id", "complaint_type"]].values.tolist(), out["resolved"].isna().tolist()
    ([['C1', '产品质量'], ['C2', '运输']], [False, True])
    >>> out["text"].tolist()
    ['打印机卡纸\\n第二次了', '送货晚了']
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"需要 pandas DataFrame，得到 {type(data).__name__} / a pandas DataFrame is expected")
    wanted = {"customer_id": customer, "received": received, "resolved": resolved, "complaint_type": kind, "text": text}
    rename = {c: HEADERS[c] for c in data.columns if c in HEADERS and HEADERS[c] not in data.columns}
    rename.update({col: canon for canon, col in wanted.items() if col in data.columns and col != canon})
    df = data.rename(columns=rename)
    source = {new: old for old, new in rename.items()}  # khlib's name -> the column's name in the export
    received, resolved, kind, text = (source.get(c, c) for c in ("received", "resolved", "complaint_type", "text"))
    customer = source.get("customer_id", "customer_id")
    need_columns(df, ["customer_id", "received", "complaint_type", "text"], "投诉表", "complaints")
    out = df.copy()
    out["customer_id"] = clean_ids(df["customer_id"], customer)
    out["received"] = to_date(df["received"], received, dayfirst=dayfirst)
    if "resolved" in df.columns:
        out["resolved"] = to_date(df["resolved"], resolved, dayfirst=dayfirst, optional=True)
        early = out["resolved"] < out["received"]
        if early.any():
            raise fail(f"有 {int(early.sum())} 件投诉的解决时间早于受理时间（列 '{resolved}' 与 '{received}'）："
                       f"{examples(df.index[early], out.loc[early, 'resolved'].dt.strftime('%Y-%m-%d %H:%M'))}。"
                       "请核对这两列是否填反或录错。",
                       f"{int(early.sum())} complaint(s) are resolved before they were received (columns "
                       f"'{resolved}' and '{received}') at {examples(df.index[early])}: check whether the two are "
                       "swapped or mistyped.")
    else:
        out["resolved"] = pd.Series(pd.NaT, index=df.index, dtype=out["received"].dtype)
    labels = df["complaint_type"].astype("string").str.strip()
    if kind_map:
        labels = labels.replace(dict(kind_map))
    bad = labels.isna() | ~labels.isin(list(kinds))
    if bad.any():
        unknown = sorted(set(labels[bad].fillna("（空）")))
        raise fail(f"列 '{kind}'（投诉类别）有 {int(bad.sum())} 行不是 {list(kinds)} 之一：{unknown[:8]}"
                   f"（行 {examples(df.index[bad])}）。请用 kind_map= 把导出里的类别对应到这几类。",
                   f"Column '{kind}' (complaint kind) has {int(bad.sum())} row(s) outside {list(kinds)}: "
                   f"{unknown[:8]} (rows {examples(df.index[bad])}); map the export's labels with kind_map=.")
    out["complaint_type"] = labels.astype(object)
    body = df["text"].astype("string").str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
    body = body.str.strip()
    empty = body.isna() | (body.fillna("") == "")
    if empty.any():
        raise fail(f"列 '{text}'（投诉内容）有 {int(empty.sum())} 行为空：{examples(df.index[empty])}。"
                   "文本分析需要每件投诉的内容；请补全或先删去这些行。",
                   f"Column '{text}' (complaint text) is empty at {int(empty.sum())} row(s): "
                   f"{examples(df.index[empty])}; fill them in or drop those rows first.")
    out["text"] = body.astype(object)
    return out
