"""Reading analysts' own files and turning their order lines into khlib's schema.

读取分析人员自己的数据文件（CSV / Excel，UTF-8 / UTF-8-BOM / GBK / GB18030），
把他们的列名映射为 khlib 的标准列，并在数据有问题时给出指明列和取值的错误信息。
见第00章 导论“分析人员如何使用本课程”与第04章 客户分级。
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ._deprecation import renamed_kwargs
from ._errors import examples, fail

#: Canonical order-line columns: name -> (Chinese label, required?)
ORDER_COLUMNS: dict[str, tuple[str, bool]] = {
    "customer_id": ("客户编号", True),
    "order_date": ("订单日期", True),
    "amount": ("金额", True),
    "order_id": ("订单号", False),
    "line_no": ("行号", False),
    "product_id": ("产品编号", False),
    "quantity": ("数量", False),
}

_ENCODINGS = ("utf-8", "gb18030")


@renamed_kwargs(data="raw")
def detect_encoding(raw: bytes) -> str:
    """Guess the text encoding of a file's bytes (文件编码识别).

    UTF-8 with or without a byte-order mark, UTF-16 with a BOM (Excel's "Unicode text"), and
    GBK / GB18030 (GBK is a subset of GB18030, so GBK files are read as GB18030).

    >>> detect_encoding("客户".encode("gbk"))
    'gb18030'
    >>> detect_encoding("\\ufeff客户".encode("utf-8"))
    'utf-8-sig'
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for enc in _ENCODINGS:
        try:
            raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc
    raise fail(
        "无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030。请用 encoding= 指定编码。",
        f"Cannot detect the file's encoding: tried {', '.join(_ENCODINGS)} (and BOMs). "
        "Pass encoding=... explicitly.",
    )


def _sniff_sep(text: str) -> str:
    sample = text[:20000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    sep: str | None = None,
    sheet_name: str | int = 0,
    **kwargs,
) -> pd.DataFrame:
    """Read a CSV/TXT or Excel file into a DataFrame (读取 CSV / Excel 文件).

    CSV: the encoding is detected (:func:`detect_encoding`) unless given, and the separator
    (comma, tab, semicolon or bar) is sniffed unless given. Excel (``.xlsx``, ``.xlsm``):
    read with openpyxl, ``sheet_name`` selects the sheet. Other keyword arguments go to
    :func:`pandas.read_csv` / :func:`pandas.read_excel` (e.g. ``dtype={"客户代码": str}``
    to keep leading zeros in codes). The detected encoding is kept in
    ``df.attrs["source_encoding"]``.
    """
    p = Path(path)
    if not p.exists():
        raise fail(f"找不到文件：{p}", f"File not found: {p}")
    suffix = p.suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        if suffix == ".xls":
            try:
                import xlrd  # noqa: F401
            except ImportError as exc:
                raise fail("读取旧版 .xls 需要 xlrd：pip install xlrd，或在 Excel 中另存为 .xlsx。",
                           "Reading legacy .xls needs xlrd (pip install xlrd), or save as .xlsx.") from exc
        df = pd.read_excel(p, sheet_name=sheet_name, **kwargs)
        df.attrs["source_encoding"] = "xlsx"
        return df
    raw = p.read_bytes()
    if suffix == ".gz":
        import gzip

        raw = gzip.decompress(raw)
    enc = encoding or detect_encoding(raw)
    try:
        text = raw.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise fail(f"文件不能按 {enc} 解码：{exc}", f"File cannot be decoded as {enc}: {exc}") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    df = pd.read_csv(io.StringIO(text), sep=sep or _sniff_sep(text), **kwargs)
    df.attrs["source_encoding"] = enc
    return df


def _missing_columns_error(missing: Mapping[str, str], available: list[str]) -> Exception:
    parts_zh, parts_en = [], []
    for canon, col in missing.items():
        label = ORDER_COLUMNS.get(canon, (canon,))[0]
        close = difflib.get_close_matches(str(col), [str(a) for a in available], n=2, cutoff=0.5)
        hint = f"（相近的列：{', '.join(close)}）" if close else ""
        hint_en = f" (similar: {', '.join(close)})" if close else ""
        parts_zh.append(f"'{col}'（{label}）{hint}")
        parts_en.append(f"'{col}' for {canon}{hint_en}")
    return fail(
        f"缺少列：{'；'.join(parts_zh)}。表中现有的列：{available}。"
        "请用参数指定你的列名，例如 customer='客户代码'。",
        f"Missing column(s): {'; '.join(parts_en)}. Columns in the table: {available}. "
        "Map your names with keyword arguments, e.g. customer='客户代码'.",
    )


def _no_missing(values: pd.Series, column: str, what_zh: str, what_en: str) -> None:
    missing = values.isna()
    if missing.any():
        n = int(missing.sum())
        raise fail(f"列 '{column}' 有 {n} 个缺失{what_zh}，位于 index {examples(values.index[missing])}。",
                   f"Column '{column}' has {n} missing {what_en}(s) at index "
                   f"{examples(values.index[missing])}; every row needs one.")


def to_number(values: pd.Series, column: str) -> pd.Series:
    """Convert a column to numbers, accepting ``1,234.50`` and ``¥`` signs; fail naming the
    rows that are not numbers (非数值) or are missing (缺失)."""
    if pd.api.types.is_bool_dtype(values):
        raise fail(f"列 '{column}' 是布尔值，需要数值。", f"Column '{column}' is boolean; numbers expected.")
    if pd.api.types.is_numeric_dtype(values):
        num = values.astype("float64")
    else:
        text = values.astype("string").str.replace(r"[,，¥￥\s元]", "", regex=True)
        num = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = num.isna() & values.notna() & (text.fillna("") != "")
        if bad.any():
            raise fail(
                f"列 '{column}' 含非数值：{examples(values.index[bad], values[bad])}。需要数字。",
                f"Column '{column}' has non-numeric values at index "
                f"{examples(values.index[bad], values[bad])}; numbers expected.",
            )
    _no_missing(num, column, "值", "value")
    if np.isinf(num).any():
        inf = np.isinf(num)
        raise fail(f"列 '{column}' 含无穷大：index {examples(values.index[inf])}。",
                   f"Column '{column}' has infinite values at index {examples(values.index[inf])}.")
    return num


def to_date(values: pd.Series, column: str) -> pd.Series:
    """Convert a column to dates (``2025-03-05``, ``2025/3/5``, ``2025年3月5日``, Excel dates);
    fail naming the rows that cannot be read (无法识别的日期)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values
    else:
        text = values.astype("string").str.strip()
        text = text.str.replace(r"(\d{4})年(\d{1,2})月(\d{1,2})日?", r"\1-\2-\3", regex=True)
        out = pd.to_datetime(text, errors="coerce", format="mixed")
        bad = out.isna() & values.notna() & (text.fillna("") != "")
        if bad.any():
            raise fail(
                f"列 '{column}' 有无法识别的日期：{examples(values.index[bad], values[bad])}。"
                "需要如 2025-03-05 的日期。",
                f"Column '{column}' has unparsable dates at index "
                f"{examples(values.index[bad], values[bad])}; dates like 2025-03-05 expected.",
            )
    _no_missing(out, column, "日期", "date")
    return out


#: Texts that mean "no id" when they stand alone in an id column (空白编号).
BLANK_IDS = ["", " ", "  ", "\t", "nan", "NaN", "None"]


def check_customer_ids(ids: pd.Series, customer: str = "customer_id") -> None:
    """Fail naming the rows whose customer id is missing or blank (客户编号缺失)."""
    blank = ids.isna() | ids.isin(BLANK_IDS)
    if blank.any():
        raise fail(
            f"列 '{customer}'（客户编号）有 {int(blank.sum())} 行缺失，位于 index {examples(ids.index[blank])}。"
            "每一行订单都需要客户编号。",
            f"Column '{customer}' (customer id) is missing in {int(blank.sum())} row(s) at index "
            f"{examples(ids.index[blank])}; every order line needs a customer id.",
        )


def prepare_orders(
    df: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    order: str | None = None,
    line: str | None = None,
    product: str | None = None,
    quantity: str | None = None,
    allow_negative: bool = False,
    check_duplicates: bool = True,
    check_ids: bool = True,
) -> pd.DataFrame:
    """Map an analyst's order lines to khlib's columns and validate them (订单明细整理与校验).

    Parameters name *your* columns: ``customer='客户代码', date='日期', amount='价税合计'``.
    Optional columns (``order``, ``line``, ``product``, ``quantity``) are used when given, or
    when a column with the canonical name exists. Returns a new frame with the canonical
    names (``customer_id, order_date, amount, order_id, line_no, product_id, quantity``),
    other columns kept as they are; the input is never modified.

    Raises :class:`khlib.KhlibInputError` naming the column and rows when: the table is
    empty; a column is missing; a customer id is missing; an amount is missing, not a number
    or negative (unless ``allow_negative=True``, e.g. for returns); a date cannot be read; the
    same order line appears twice (same order and line number, or the same row repeated).
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"需要 pandas DataFrame，得到 {type(df).__name__} / a pandas DataFrame is expected")
    if len(df) == 0:
        raise fail("订单表是空的（0 行），没有可分析的数据。", "The order table is empty (0 rows).")
    mapping: dict[str, str] = {"customer_id": customer, "order_date": date, "amount": amount}
    optional = {"order_id": order, "line_no": line, "product_id": product, "quantity": quantity}
    for canon, col in optional.items():
        if col is not None:
            mapping[canon] = col
        elif canon in df.columns:
            mapping[canon] = canon
    missing = {k: v for k, v in mapping.items() if v not in df.columns}
    if missing:
        raise _missing_columns_error(missing, list(df.columns))
    clash = [c for c in mapping if c in df.columns and mapping[c] != c and c not in mapping.values()]
    if clash:
        raise fail(f"表中已有列 {clash}，又把其他列映射为同名列，无法判断用哪一列。",
                   f"The table already has column(s) {clash} and another column is mapped to "
                   "the same name; rename one of them.")
    out = df.rename(columns={v: k for k, v in mapping.items()})  # a new frame
    if check_ids:
        check_customer_ids(out["customer_id"], customer)
    out["amount"] = to_number(out["amount"], amount)
    if not allow_negative:
        neg = out["amount"] < 0
        if neg.any():
            raise fail(
                f"列 '{amount}'（金额）有 {int(neg.sum())} 个负数：{examples(out.index[neg], out['amount'][neg])}。"
                "金额应 ≥ 0；若是退货，请先冲减或设置 allow_negative=True。",
                f"Column '{amount}' has {int(neg.sum())} negative amount(s) at index "
                f"{examples(out.index[neg], out['amount'][neg])}; amounts must be >= 0 "
                "(for returns pass allow_negative=True).",
            )
    out["order_date"] = to_date(out["order_date"], date)
    if "quantity" in mapping:
        out["quantity"] = to_number(out["quantity"], mapping["quantity"])
    if check_duplicates:
        key = ["order_id", "line_no"] if {"order_id", "line_no"} <= set(mapping) else list(out.columns)
        dup = out.duplicated(subset=key, keep=False)
        if dup.any():
            what = "订单号+行号" if len(key) == 2 else "整行"
            what_en = "order id and line number" if len(key) == 2 else "all columns"
            raise fail(
                f"有 {int(dup.sum())} 行订单明细重复（{what}相同），位于 index {examples(out.index[dup])}。"
                "请删除重复行后再分析（如 df.drop_duplicates()）。",
                f"{int(dup.sum())} duplicated order lines (same {what_en}) at index "
                f"{examples(out.index[dup])}; remove them first (e.g. df.drop_duplicates()).",
            )
    return out
