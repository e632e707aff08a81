"""Order lines in khlib's columns (订单明细整理与校验): the one validation path of every function
that takes raw order lines."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._errors import fail
from ._dates import to_date
from ._ids import DistinctIds, check_customer_ids, clean_ids, distinct_ids, ids_series
from ._numbers import FULLWIDTH, to_number
from ._rows import Namer, namer

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
_SPACES = " \t\r\n\u00a0\u3000\u200b\ufeff"


class Prepared(NamedTuple):
    """Validated order lines with their factorised customer ids and order ids (None: no order id)."""

    frame: pd.DataFrame
    customers: DistinctIds
    orders: DistinctIds | None


def _loose(name) -> str:
    return str(name).translate(FULLWIDTH).strip(_SPACES).casefold()


def _resolve(df: pd.DataFrame, col):
    """The frame's column meant by ``col``: itself, or the one column equal to it up to
    surrounding spaces, full-width letters and case (``'客户代码 '``, ``'Amount'``)."""
    if col in df.columns:
        return col
    same = [c for c in df.columns if _loose(c) == _loose(col)]
    return same[0] if len(same) == 1 else col


def _sheets_hint(df: pd.DataFrame, wanted: list[str]) -> tuple[str, str]:
    """Which sheets of the workbook have the wanted columns (for a missing-column error)."""
    sheets = df.attrs.get("source_sheets")
    current = df.attrs.get("source_sheet")
    if not isinstance(sheets, Mapping) or len(sheets) < 2:
        return "", ""
    names = list(sheets)
    have = [s for s, cols in sheets.items() if s != current and {_loose(c) for c in wanted} <= {_loose(c) for c in cols}]
    zh = f"本工作簿有工作表 {names}，当前读的是 '{current}'。"
    en = f" The workbook has sheets {names}; this is '{current}'."
    if have:
        zh += f"所需的列在工作表 '{have[0]}' 中：请用 kh.read_table(路径, sheet_name='{have[0]}') 读取。"
        en += f" The columns are on sheet '{have[0]}': read it with kh.read_table(path, sheet_name='{have[0]}')."
    else:
        zh += "其他工作表也没有全部所需的列。"
        en += " No other sheet has all of them either."
    return zh, en


def _missing_columns_error(missing: Mapping[str, str], df: pd.DataFrame) -> Exception:
    available = list(df.columns)
    parts_zh, parts_en = [], []
    for canon, col in missing.items():
        label = ORDER_COLUMNS.get(canon, (canon,))[0]
        close = difflib.get_close_matches(str(col), [str(a) for a in available], n=2, cutoff=0.5)
        hint = f"（相近的列：{', '.join(close)}）" if close else ""
        hint_en = f" (similar: {', '.join(close)})" if close else ""
        parts_zh.append(f"'{col}'（{label}）{hint}")
        parts_en.append(f"'{col}' for {canon}{hint_en}")
    sheet_zh, sheet_en = _sheets_hint(df, list(missing.values()))
    unnamed = sum(str(c).startswith("Unnamed: ") for c in available)
    head_zh = "表头可能不在第一行：请用 header= 指定表头所在的行（从 0 数起）。" if unnamed >= max(1, len(available) // 2) else ""
    head_en = " The header may not be the first row: pass header= (its 0-based row)." if head_zh else ""
    return fail(
        f"缺少列：{'；'.join(parts_zh)}。表中现有的列：{available}。"
        f"请用参数指定你的列名，例如 customer='客户代码'。{sheet_zh}{head_zh}",
        f"Missing column(s): {'; '.join(parts_en)}. Columns in the table: {available}. "
        f"Map your names with keyword arguments, e.g. customer='客户代码'.{sheet_en}{head_en}",
    )


def _ids_present(ids: pd.Series, column: str, what_zh: str, what_en: str, name: Namer,
                 d: DistinctIds | None = None) -> None:
    missing = d.codes < 0 if d is not None else ids.isna().to_numpy()
    if missing.any():
        zh, en = name(ids.index[missing])
        raise fail(f"列 '{column}'（{what_zh}）有 {int(missing.sum())} 行缺失，位于 {zh}（空白或 '-'、'#N/A' 之类的占位符都算缺失）。"
                   f"每一行都需要{what_zh}：请补上，或删除这些行。",
                   f"Column '{column}' ({what_en}) is missing in {int(missing.sum())} row(s) at {en} (blank or a "
                   f"placeholder such as '-' or '#N/A'); every line needs one: fill them in or drop those rows.")


def prepare_orders(
    df: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str | None = "order_date",
    amount: str = "amount",
    order: str | None = None,
    line: str | None = None,
    product: str | None = None,
    quantity: str | None = None,
    allow_negative: bool = False,
    check_duplicates: bool = True,
    check_ids: bool = True,
    dayfirst: bool | None = None,
    decimal: str | None = None,
) -> pd.DataFrame:
    """Map an analyst's order lines to khlib's columns and validate them (订单明细整理与校验).

    Parameters name *your* columns: ``customer='客户代码', date='日期', amount='价税合计'``
    (a name that differs only by surrounding spaces, full-width letters or case is found too;
    ``date=None`` when the dates are not needed and the table has none).
    Optional columns (``order``, ``line``, ``product``, ``quantity``) are used when given, or
    when a column with the canonical name exists. Returns a new frame with the canonical names
    (``customer_id, order_date, amount, order_id, line_no, product_id, quantity``), other
    columns kept as they are; the input is never modified. Every khlib function that takes raw
    order lines (``customer_summary``, ``product_summary``, ``btyd_summary`` …) validates them
    through this function, with the same checks.

    Values are read as the file writes them: ids as text without surrounding spaces (ordinary,
    full-width, no-break) and numbers as text without ``.0``; amounts and quantities in any
    number format (``1,234.50``, ``1.234,50``, ``3万``; see :func:`khlib.io.to_number`,
    ``decimal=`` forces the decimal separator); dates in any date format (``2025/3/5``,
    ``20.03.2025``, ``20250305``, Excel serial numbers; see :func:`khlib.io.to_date`,
    ``dayfirst=`` forces day or month first).

    Raises :class:`khlib.KhlibInputError` naming the column and the rows (spreadsheet rows for
    a frame from :func:`khlib.read_table`, index labels otherwise) when: the table is empty; a
    column is missing (for a workbook: which sheet has it); a customer id is missing, blank, a
    placeholder (``-``, ``#N/A``, ``null`` …) or a totals label (合计); an order id is missing
    (a line without an order cannot be counted as an order); a product id is missing when
    ``product`` is given; an amount is missing, not a number or negative (unless
    ``allow_negative=True``, for returns: the summaries then net them, see
    :func:`khlib.customer_summary`); a date cannot be read; the same order line appears twice
    (same order and line number; without line numbers the same row repeated within an order).
    Tables without order ids (transaction logs such as CDNOW) may hold identical rows: two
    equal purchases on one day cannot be told from a double export, so they are kept.
    """
    return prepare_lines(
        df, customer=customer, date=date, amount=amount, order=order, line=line, product=product, quantity=quantity,
        allow_negative=allow_negative, check_duplicates=check_duplicates, check_ids=check_ids, dayfirst=dayfirst,
        decimal=decimal).frame


def prepare_lines(
    df: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str | None = "order_date",
    amount: str = "amount",
    order: str | None = None,
    line: str | None = None,
    product: str | None = None,
    quantity: str | None = None,
    allow_negative: bool = False,
    check_duplicates: bool = True,
    check_ids: bool = True,
    dayfirst: bool | None = None,
    decimal: str | None = None,
) -> Prepared:
    """:func:`prepare_orders` for the summaries: the frame and the factorised customer and
    order ids (so that a summary does not hash the ids a second time)."""
    if not isinstance(df, pd.DataFrame):
        got = f"{type(df).__module__.split('.')[0]}.{type(df).__name__}"
        hint_zh, hint_en = "", ""
        if got.split(".")[0] in {"polars", "duckdb", "pyspark", "narwhals"}:  # a function not ported to engines
            hint_zh, hint_en = "（这个函数只在 pandas 上计算：先转换，如 .to_pandas() / .df()）", \
                " (this function runs on pandas only: convert first, e.g. .to_pandas() / .df())"
        raise TypeError(f"需要 pandas DataFrame，得到 {got}{hint_zh} / a pandas DataFrame is expected, got {got}{hint_en}")
    if len(df) == 0:
        raise fail("订单表是空的（0 行），没有可分析的数据。", "The order table is empty (0 rows).")
    mapping: dict[str, str] = {"customer_id": _resolve(df, customer), "amount": _resolve(df, amount)}
    if date is not None:
        mapping["order_date"] = _resolve(df, date)
    optional = {"order_id": order, "line_no": line, "product_id": product, "quantity": quantity}
    for canon, col in optional.items():
        if col is not None:
            mapping[canon] = _resolve(df, col)
        elif canon in df.columns:
            mapping[canon] = canon
    missing = {k: v for k, v in mapping.items() if v not in df.columns}
    if missing:
        raise _missing_columns_error(missing, df)
    clash = [c for c in mapping if c in df.columns and mapping[c] != c and c not in mapping.values()]
    if clash:
        raise fail(f"表中已有列 {clash}，又把其他列映射为同名列，无法判断用哪一列。",
                   f"The table already has column(s) {clash} and another column is mapped to "
                   "the same name; rename one of them.")
    name = namer(df)
    out = df.rename(columns={v: k for k, v in mapping.items()})  # a new frame
    out.attrs.pop("source_rows", None)  # out's attrs are its own copy
    cust = distinct_ids(out["customer_id"])
    if check_ids:
        check_customer_ids(out["customer_id"], mapping["customer_id"], _rows=name, _distinct=cust)
    out["customer_id"] = ids_series(out["customer_id"], cust)
    out["amount"] = to_number(out["amount"], mapping["amount"], decimal=decimal, _rows=name)
    if not allow_negative:
        neg = out["amount"] < 0
        if neg.any():
            zh, en = name(out.index[neg], out["amount"][neg], bare=True)
            raise fail(
                f"列 '{mapping['amount']}'（金额）有 {int(neg.sum())} 个负数：{zh}。"
                "金额应 ≥ 0；若是退货，请先冲减或设置 allow_negative=True（汇总按净额计算）。",
                f"Column '{mapping['amount']}' has {int(neg.sum())} negative amount(s) at {en}; amounts "
                "must be >= 0 (for returns pass allow_negative=True: the summaries net them).",
            )
    if "order_date" in mapping:
        out["order_date"] = to_date(out["order_date"], mapping["order_date"], dayfirst=dayfirst, _rows=name)
    orders = None
    if "order_id" in mapping:
        orders = distinct_ids(out["order_id"])
        out["order_id"] = ids_series(out["order_id"], orders)
        _ids_present(out["order_id"], mapping["order_id"], "订单号", "order id", name, orders)
    if "product_id" in mapping:
        out["product_id"] = clean_ids(out["product_id"], mapping["product_id"]) if _texts(out["product_id"]) \
            else out["product_id"]
        if product is not None:
            _ids_present(out["product_id"], mapping["product_id"], "产品编号", "product id", name)
    if "quantity" in mapping:
        out["quantity"] = to_number(out["quantity"], mapping["quantity"], decimal=decimal, _rows=name)
    if check_duplicates and orders is not None:
        _no_duplicates(out, mapping, name, orders)
    return Prepared(out, cust, orders)


def _texts(values: pd.Series) -> bool:
    """Product ids are cleaned only when they are text (numeric ids must keep matching a
    numeric product table)."""
    return not pd.api.types.is_numeric_dtype(values)


def _no_duplicates(out: pd.DataFrame, mapping: Mapping[str, str], name: Namer, orders: DistinctIds) -> None:
    """Fail on order lines that appear twice: the same order id and line number (one integer
    key from the order codes, no second hashing of the ids), else the same row in an order."""
    key = ["order_id", "line_no"] if "line_no" in mapping else list(out.columns)
    if len(key) == 2:
        line_codes, lines = pd.factorize(out["line_no"], use_na_sentinel=True)
        pair = orders.codes.astype(np.int64) * (len(lines) + 1) + (line_codes + 1)
        dup = pd.Series(pair).duplicated(keep=False).to_numpy()
    else:
        dup = out.duplicated(subset=key, keep=False).to_numpy()
    if dup.any():
        what = "订单号+行号" if len(key) == 2 else "整行"
        what_en = "order id and line number" if len(key) == 2 else "all columns"
        zh, en = name(out.index[dup])
        raise fail(
            f"有 {int(dup.sum())} 行订单明细重复（{what}相同），位于 {zh}。"
            "同一订单行出现了两次（例如文件读了两遍或导出重复）：请删除重复行后再分析（如 df.drop_duplicates()）。",
            f"{int(dup.sum())} duplicated order lines (same {what_en}) at {en}: the same order line appears "
            "twice (a file read twice, a repeated export); remove them first (e.g. df.drop_duplicates()).",
        )
