"""One sheet of an Excel workbook as a frame (读取 Excel 工作表), with the columns of every
sheet so that a missing-column error can point to the sheet that has them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .._errors import fail
from ._layout import choose_header, finish_frame, header_row

_SAMPLE_ROWS = 60
_ZEROS = re.compile(r"^0+$")


def _names(row: list) -> list:
    """Header cells as column names, pandas style for blanks (``Unnamed: 3``) and repeats (``a.1``)."""
    out, seen = [], {}
    for j, c in enumerate(row):
        name = c.strip() if isinstance(c, str) else (f"Unnamed: {j}" if c is None else c)
        if name == "":
            name = f"Unnamed: {j}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _cell(c):
    """A cell's value; an integer shown with leading zeros (format ``00000``) as that text."""
    v = getattr(c, "value", None)
    if isinstance(v, int) and not isinstance(v, bool):
        fmt = getattr(c, "number_format", "General")
        if _ZEROS.match(fmt or ""):
            return str(v).zfill(len(fmt))
    return v


def _grid_openpyxl(p: Path, sheet_name):
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if p.stat().st_size == 0:
            raise fail(f"文件是空的（0 字节）：{p}。请检查导出是否成功。",
                       f"The file is empty (0 bytes): {p}. Check that the export worked.") from None
        raise fail(f"无法作为 Excel 工作簿读取：{p}（{exc}）。若是 CSV，请把扩展名改为 .csv。",
                   f"Cannot read {p} as an Excel workbook ({exc}); if it is a CSV file, name it .csv.") from None
    try:
        sheets = list(wb.sheetnames)
        name = _sheet(sheets, sheet_name, p)
        grid = [[_cell(c) for c in row] for row in wb[name].iter_rows(min_row=1)]
        heads = {}
        for other in sheets:
            rows = grid[:_SAMPLE_ROWS] if other == name else [
                list(r) for r in wb[other].iter_rows(min_row=1, max_row=_SAMPLE_ROWS, values_only=True)]
            if rows:
                h = header_row(rows)
                heads[other] = tuple(n for n in _names(rows[h]) if not str(n).startswith("Unnamed: "))
            else:
                heads[other] = ()
    finally:
        wb.close()
    return name, grid, heads


def _grid_xls(p: Path, sheet_name):
    try:
        import xlrd  # noqa: F401
    except ImportError as exc:
        raise fail("读取旧版 .xls 需要 xlrd：pip install xlrd，或在 Excel 中另存为 .xlsx。",
                   "Reading legacy .xls needs xlrd (pip install xlrd), or save as .xlsx.") from exc
    book = pd.ExcelFile(p)
    sheets = list(book.sheet_names)
    name = _sheet(sheets, sheet_name, p)
    raw = book.parse(name, header=None, dtype=object)
    grid = raw.astype(object).where(raw.notna(), None).to_numpy().tolist()
    heads = {}
    for other in sheets:
        rows = book.parse(other, header=None, dtype=object, nrows=_SAMPLE_ROWS)
        rows = rows.astype(object).where(rows.notna(), None).to_numpy().tolist()
        heads[other] = tuple(n for n in _names(rows[header_row(rows)]) if not str(n).startswith("Unnamed: ")) if rows else ()
    return name, grid, heads


def _sheet(sheets: list[str], sheet_name, p: Path) -> str:
    if sheet_name is None or isinstance(sheet_name, (list, tuple)):
        raise fail(f"sheet_name={sheet_name!r} 会读出多个工作表，read_table 每次只读一个。本工作簿的工作表：{sheets}；"
                   "请写 sheet_name='工作表名' 逐个读取（或用 pandas.read_excel(path, sheet_name=None) 得到全部工作表的字典）。",
                   f"sheet_name={sheet_name!r} would read several sheets; read_table reads one at a time. The "
                   f"workbook's sheets: {sheets}; pass sheet_name='<name>' for each (or use "
                   "pandas.read_excel(path, sheet_name=None) for a dict of all sheets).")
    if isinstance(sheet_name, (int, np.integer)) and not isinstance(sheet_name, bool):
        if not -len(sheets) <= sheet_name < len(sheets):
            raise fail(f"工作簿只有 {len(sheets)} 个工作表：{sheets}；sheet_name={sheet_name} 超出范围。",
                       f"The workbook has {len(sheets)} sheet(s): {sheets}; sheet_name={sheet_name} is out of range.")
        return sheets[sheet_name]
    if sheet_name not in sheets:
        raise fail(f"工作簿 {p.name} 中没有工作表 {sheet_name!r}；现有的工作表：{sheets}。",
                   f"The workbook {p.name} has no sheet {sheet_name!r}; its sheets: {sheets}.")
    return sheet_name


def read_sheet(p: Path, *, sheet_name, header, user_dtype, **kwargs) -> pd.DataFrame:
    """One sheet as a frame: header found (or given), blank and totals rows left out, cells
    typed, spreadsheet rows attached (see :func:`khlib.read_table`)."""
    if kwargs:
        raise fail(f"读取 Excel 时不支持这些参数：{sorted(kwargs)}（支持 sheet_name=、header=、dtype=）。",
                   f"Unsupported arguments for Excel files: {sorted(kwargs)} (sheet_name=, header= and dtype= "
                   "are supported).")
    if p.stat().st_size == 0:
        raise fail(f"文件是空的（0 字节）：{p}。请检查导出是否成功。",
                   f"The file is empty (0 bytes): {p}. Check that the export worked.")
    reader = _grid_xls if p.suffix.lower() == ".xls" else _grid_openpyxl
    name, grid, heads = reader(p, sheet_name)
    if not any(any(v is not None and str(v).strip() for v in row) for row in grid):
        raise fail(f"工作表 {name!r} 是空的。本工作簿的工作表：{list(heads)}。",
                   f"Sheet {name!r} is empty. The workbook's sheets: {list(heads)}.")
    h = choose_header(grid[:_SAMPLE_ROWS], header)
    width = max(len(r) for r in grid)
    columns = _names(list(grid[h]) + [None] * (width - len(grid[h])))
    body = [list(r) + [None] * (width - len(r)) for r in grid[h + 1:]]
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    frame.columns = columns
    rows = np.arange(len(frame), dtype=np.int64) + h + 2
    skipped = [next((c for c in r if c is not None and str(c).strip()), "") for r in grid[:h]
               if any(c is not None and str(c).strip() for c in r)]
    out = finish_frame(frame, rows, sheet=name, encoding="xlsx", sep=None, user_dtype=user_dtype,
                       skipped=skipped if header == "auto" else [], header_at=h + 1, path=p)
    out.attrs["source_sheet"] = name
    out.attrs["source_sheets"] = heads
    return out
