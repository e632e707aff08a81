"""The layout of an exported sheet (表格版式): where the header is, which rows at the bottom are
totals, which columns are plain numbers.

ERP exports put title rows above the header ("2025年销售明细", "单位：元") and totals rows below
the data ("合计", or a row that is the sum of the columns). :func:`header_row` finds the header
as the first row whose cells are mostly filled with text labels and that is followed by data;
:func:`totals_rows` finds the trailing totals rows. Both look only at a few rows.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from .._errors import fail, warn
from ._ids import TOTAL_LABELS
from ._fastnum import plain_numbers
from ._numbers import FULLWIDTH, file_decimal, parse_numbers
from ._rows import caller_level, source_rows

_NUMBERLIKE = r"^[\s(（+\-¥￥$€£]*[\d.,'’ \u00a0]+[\s)）万亿元%]*$|^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}.*$"
_PLAIN_INT = r"-?(?:0|[1-9]\d{0,14})"
_PLAIN_DEC = r"-?(?:0|[1-9]\d{0,14})\.\d+"
_STRIP = " \t\r\n\u00a0\u3000\ufeff"


def _filled(cell) -> bool:
    return cell is not None and not (isinstance(cell, float) and math.isnan(cell)) and str(cell).strip() != ""


def _is_label(cell) -> bool:
    return isinstance(cell, str) and re.match(_NUMBERLIKE, cell.strip()) is None


def header_row(sample: list[list]) -> int:
    """Index (0-based) of the header among the first rows of a sheet: the first row that fills
    at least 60 % of the widest row's cells, mostly with text labels, and is followed by a row
    about as wide (the data). 0 when no row qualifies."""
    counts = [sum(_filled(c) for c in row) for row in sample]
    if not counts or max(counts) <= 1:
        return 0
    need = max(2, math.ceil(0.6 * max(counts)))
    for i, row in enumerate(sample):
        filled = [c for c in row if _filled(c)]
        if len(filled) < need or sum(_is_label(c) for c in filled) < 0.8 * len(filled):
            continue
        after = [n for n in counts[i + 1:] if n > 0]
        if not after or after[0] >= need:
            return i
    return 0


def drop_empty_rows(frame: pd.DataFrame) -> np.ndarray:
    """Boolean mask of the rows that hold any value: blank lines of a CSV, empty sheet rows and
    rows whose one filled cell is only spaces are left out."""
    if frame.shape[1] == 0:
        return np.zeros(len(frame), dtype=bool)
    filled = frame.notna().to_numpy()
    count = filled.sum(axis=1)
    keep = count > 0
    one = np.flatnonzero(count == 1)
    if len(one):
        cells = frame.iloc[one].to_numpy(dtype=object)[filled[one]]
        keep[one] = pd.Series(cells, dtype=object).astype("string").str.strip().ne("").fillna(True).to_numpy()
    return keep


def totals_rows(frame: pd.DataFrame, decimal: str | None) -> list[int]:
    """Positions of the trailing totals rows: a 合计/总计/小计/Total/Sum label in one of the
    row's first text cells, or (for the last row) every filled cell equal to the sum of its
    column above while a column that the data always fill is blank."""
    n = len(frame)
    out: list[int] = []
    pos = n - 1
    while pos >= 1 and len(out) < 3:
        row = frame.iloc[pos]
        texts = [str(v).strip() for v in row.tolist() if isinstance(v, str) and v.strip()][:3]
        if any(pd.Series(texts, dtype="string").str.fullmatch(TOTAL_LABELS).fillna(False)):
            out.append(pos)
            pos -= 1
            continue
        if not out and _is_sum_row(frame, pos, decimal):
            out.append(pos)
            pos -= 1
            continue
        break
    return sorted(out)


def _is_sum_row(frame: pd.DataFrame, pos: int, decimal: str | None) -> bool:
    if pos < 2:
        return False
    above = frame.iloc[:pos]
    row = frame.iloc[pos]
    filled = np.array([_filled(v) for v in row.tolist()])
    usually = (above.notna().mean() > 0.9).to_numpy()
    if not filled.any() or not (usually & ~filled).any():
        return False
    for j in np.flatnonzero(filled):
        col = frame.iloc[:, j]
        if pd.api.types.is_numeric_dtype(col):
            num = col.astype("float64")
        else:
            num = parse_numbers(col.astype("string"), decimal or ".")
        total, value = num.iloc[:pos].sum(), num.iloc[pos]
        if not np.isfinite(value) or abs(value - total) > 0.01 + 1e-9 * abs(total):
            return False
    return True


def infer_columns(frame: pd.DataFrame, decimal: str | None) -> pd.DataFrame:
    """Columns of plain numbers as numbers, the rest as they are: an integer column without
    leading zeros and without blanks becomes int64, a column of plain decimals float64 (unless
    the decimal point is in doubt), text with leading zeros (``00123``), thousands separators or
    a decimal comma stays text for :func:`khlib.prepare_orders`. Cells of a workbook: numbers,
    dates and text columns keep their type."""
    out = {}
    for col in frame.columns:
        s = frame[col]
        kind = pd.api.types.infer_dtype(s, skipna=True)
        if kind in ("string", "empty"):
            out[col] = _plain_numbers(s.astype("str"), decimal) if kind == "string" else s
        elif kind == "integer":
            out[col] = s.astype("int64") if s.notna().all() else s
        elif kind in ("floating", "mixed-integer-float", "decimal"):
            out[col] = pd.to_numeric(s, errors="coerce").astype("float64")
        elif kind in ("datetime", "datetime64", "date"):
            out[col] = pd.to_datetime(s, errors="coerce")
        else:
            out[col] = s
    return pd.DataFrame(out, index=frame.index)


def _plain_numbers(s: pd.Series, decimal: str | None) -> pd.Series:
    vals = s.dropna().to_numpy(dtype=object)
    if not len(vals):
        return s
    head = pd.Series(vals[:200], dtype="string").str.strip()
    if not (head.str.fullmatch(_PLAIN_INT) | head.str.fullmatch(_PLAIN_DEC)).all():
        return s  # a sample says text: no need to look at every value
    plain = plain_numbers(vals)
    if plain is None:
        return s
    ints, point = plain
    if ints:
        return s.astype("int64") if s.notna().all() else s
    if decimal == "," or not (point or decimal == "."):
        return s
    return pd.to_numeric(s, errors="coerce").astype("float64")


def clean_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Column names stripped of spaces (ordinary, full-width, no-break) unless that makes two
    names equal; unnamed columns that hold nothing are dropped (a trailing separator)."""
    names = [str(c).translate(FULLWIDTH).strip(_STRIP) if isinstance(c, str) else c for c in frame.columns]
    if len(set(names)) == len(names):
        frame = frame.set_axis(names, axis=1)
    unnamed = [c for c in frame.columns if (c is None or str(c).startswith("Unnamed: ") or str(c) == "")
               and frame[c].isna().all()]
    return frame.drop(columns=unnamed) if unnamed else frame


def finish_frame(frame: pd.DataFrame, rows: np.ndarray, *, sheet: str | None, encoding: str, sep: str | None,
                 user_dtype, skipped: list, header_at: int, path) -> pd.DataFrame:
    """Shared by CSV and workbooks: drop blank and totals rows, type the plain columns, attach
    the spreadsheet rows."""
    frame = clean_names(frame)
    keep = drop_empty_rows(frame)
    frame, rows = frame[keep], rows[keep]
    decimal = file_decimal(frame)
    tot = totals_rows(frame, decimal) if len(frame) > 2 else []
    if tot:
        cells = ["、".join(str(v) for v in frame.iloc[i].dropna().tolist()[:3]) for i in tot]
        zh = "、".join(f"第 {rows[i]} 行（{c}）" for i, c in zip(tot, cells))
        en = ", ".join(f"row {rows[i]} ({c})" for i, c in zip(tot, cells))
        where = f"工作表 '{sheet}' " if sheet else ""
        warn(f"已去掉{where}表尾的合计行：{zh}。它们不是订单，不计入客户与金额。",
             f"Dropped the totals row(s) at the bottom{' of sheet ' + repr(sheet) if sheet else ''}: {en}; "
             "they are not orders and are not counted.", stacklevel=caller_level())
        keep = np.ones(len(frame), dtype=bool)
        keep[tot] = False
        frame, rows = frame[keep], rows[keep]
    if skipped:
        title = "、".join(repr(s) for s in skipped[:2])
        where = f"工作表 '{sheet}' " if sheet else ""
        warn(f"{where}表头在第 {header_at} 行：跳过了上方的标题行（{title}）。如不对，请用 header= 指定表头所在的行（从 0 数起）。",
             f"The header{' of sheet ' + repr(sheet) if sheet else ''} is on row {header_at}: skipped the title "
             f"row(s) above it ({title}). If that is wrong, pass header= (0-based row of the header).", stacklevel=caller_level())
    frame = frame.reset_index(drop=True)
    frame = infer_columns(frame, decimal)
    if user_dtype is not None:
        frame = frame.astype(user_dtype)
    frame.attrs["source_encoding"] = encoding
    frame.attrs["source_file"] = str(path)
    if decimal:
        frame.attrs["number_decimal"] = decimal
    if sep == ";" or decimal == ",":
        frame.attrs["date_dayfirst"] = True
    frame.attrs["source_rows"] = source_rows(frame, rows, sheet)
    return frame


def choose_header(sample: list[list], header) -> int:
    if header == "auto":
        return header_row(sample)
    if isinstance(header, (int, np.integer)) and not isinstance(header, bool) and header >= 0:
        return int(header)
    raise fail(f"header= 须为表头所在行（从 0 数起的整数）或 'auto'，得到 {header!r}。",
               f"header= must be the 0-based row of the header or 'auto', got {header!r}.")
