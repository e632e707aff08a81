"""Colour management (颜色管理): one colour card per grade, used in every table, chart and Excel
sheet of the course. 见第04章 客户分级。"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .._errors import fail
from ..display import stable_uuid

# Colour management (颜色管理): one colour card per grade, used in every table and chart.
GRADE_COLORS: dict[str, str] = {
    "A": "#C62828",  # 红卡：重点客户
    "B": "#F9A825",  # 黄卡：主要客户
    "C": "#1565C0",  # 蓝卡：普通客户
    "D": "#757575",  # 灰卡：小客户
}
TEXT_ON_GRADE = {"A": "white", "B": "black", "C": "white", "D": "white"}
OTHER_COLOR = "#9E9E9E"

GRADE_NAMES: dict[str, str] = {"A": "重点客户", "B": "主要客户", "C": "普通客户", "D": "小客户"}
PYRAMID_NAMES: dict[str, str] = {"A": "VIP 客户", "B": "主要客户", "C": "普通客户", "D": "小客户"}


def grade_colors(labels: Sequence[str]) -> list[str]:
    """The colour card of each grade label (A red, B amber, C blue, D grey; others grey)."""
    return [GRADE_COLORS.get(str(g), OTHER_COLOR) for g in labels]


def style_grades(df: pd.DataFrame, grade: str = "grade", *, precision: int = 2):
    """A pandas Styler that paints each row's grade cell with its colour card and tints the
    row (颜色管理的表格). Percent-like columns (``share``, ``cum_share``...) show as %. The
    table's HTML id is derived from its content (:func:`khlib.display.stable_uuid`): the same on
    every run and machine, different for different tables."""
    if grade not in df.columns:
        raise fail(f"缺少等级列 '{grade}'。", f"Grade column '{grade}' not found.")

    def paint(row):
        g = str(row[grade])
        col = GRADE_COLORS.get(g, OTHER_COLOR)
        return [f"background-color: {col}; color: {TEXT_ON_GRADE.get(g, 'white')}; font-weight: bold"
                if c == grade else f"background-color: {col}1A" for c in row.index]

    pct = [c for c in df.columns if "share" in str(c)]
    # The id follows the content: two graded tables on one page never share their colours.
    sty = df.style.apply(paint, axis=1).set_uuid(stable_uuid(df, "grades", grade, precision))
    sty = sty.format(precision=precision, thousands=",")
    if pct:
        sty = sty.format("{:.1%}", subset=pct)
    return sty


def to_excel_graded(
    df: pd.DataFrame,
    path: str | Path,
    grade: str = "grade",
    *,
    sheet_name: str = "客户分级",
    index: bool = True,
) -> Path:
    """Write a graded table to Excel with the grade colours (带颜色卡的客户名册): the grade cell
    in its colour card, the row lightly tinted, the header frozen. Returns the path."""
    if grade not in df.columns:
        raise fail(f"缺少等级列 '{grade}'。", f"Grade column '{grade}' not found.")
    path = Path(path)
    out = df.reset_index() if index else df.copy()
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        write_graded_sheet(xw, out, sheet_name, grade)
    return path


def write_graded_sheet(xw: pd.ExcelWriter, out: pd.DataFrame, sheet_name: str, grade: str = "grade") -> None:
    """Write ``out`` (index not written) to a sheet of an open ``ExcelWriter`` with the grade
    colours — the building block of :func:`to_excel_graded` for multi-sheet workbooks: the grade
    cell in its colour card, the row lightly tinted, the header bold and frozen.

    Works with both of pandas' Excel engines. openpyxl (the default) styles cell by cell with
    one fill and font object per grade; ``engine="xlsxwriter"`` writes the rows itself, in row
    order with one format per grade, so that a writer opened with
    ``engine_kwargs={"options": {"constant_memory": True}}`` keeps only one row in memory —
    about ten times faster for a roster of tens of thousands of customers (the report command)."""
    if grade not in out.columns:
        raise fail(f"缺少等级列 '{grade}'。", f"Grade column '{grade}' not found.")
    if type(xw.book).__module__.startswith("xlsxwriter"):
        write_rows_xlsx(xw, out, sheet_name, grade=grade)
        return
    from openpyxl.styles import Font, PatternFill

    out.to_excel(xw, sheet_name=sheet_name, index=False)
    ws = xw.sheets[sheet_name]
    gcol = list(out.columns).index(grade) + 1
    styles = {}
    for g in pd.unique(out[grade].astype(str)):
        hexcol = GRADE_COLORS.get(g, OTHER_COLOR).lstrip("#")
        styles[g] = (PatternFill("solid", fgColor=_tint(hexcol)), PatternFill("solid", fgColor=hexcol),
                     Font(bold=True, color="FFFFFF" if TEXT_ON_GRADE.get(g, "white") == "white" else "000000"))
    for r, g in enumerate(out[grade].astype(str), start=2):
        tint, card, font = styles[g]
        for c in range(1, len(out.columns) + 1):
            ws.cell(row=r, column=c).fill = tint
        cell = ws.cell(row=r, column=gcol)
        cell.fill = card
        cell.font = font
    ws.freeze_panes = "A2"
    for c, width in enumerate(_widths(out), start=1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = width


def _widths(out: pd.DataFrame) -> list[float]:
    """Column widths from the header and the first 200 values (CJK characters count double)."""
    return [min((max([len(str(name))] + [len(str(v)) for v in out.iloc[:200, c]]) + 2) * 1.2, 50)
            for c, name in enumerate(out.columns)]


def write_rows_xlsx(xw: pd.ExcelWriter, out: pd.DataFrame, sheet_name: str, *, grade: str | None = None) -> None:
    """Write ``out`` (index not written) to a new sheet of an ``ExcelWriter(engine="xlsxwriter")``
    row by row (so that ``constant_memory`` works): bold frozen header, dates as dates
    (yyyy-mm-dd), missing values blank, and with ``grade`` the grade colours of
    :func:`write_graded_sheet`."""
    book = xw.book
    if not hasattr(book, "add_worksheet"):
        raise fail("write_rows_xlsx 需要 pd.ExcelWriter(path, engine='xlsxwriter')。",
                   f"write_rows_xlsx needs pd.ExcelWriter(path, engine='xlsxwriter'), not a {type(book).__module__} workbook.")
    ws = book.add_worksheet(sheet_name)
    header = book.add_format({"bold": True})
    ws.write_row(0, 0, [str(c) for c in out.columns], header)
    ws.freeze_panes(1, 0)
    for c, width in enumerate(_widths(out)):
        ws.set_column(c, c, width)
    dates = [c for c, col in enumerate(out.columns) if pd.api.types.is_datetime64_any_dtype(out[col])]
    values = out.astype(object).where(out.notna(), None).to_numpy()
    plain, date = book.add_format(), book.add_format({"num_format": "yyyy-mm-dd"})
    formats = {None: (plain, date, None)}
    grades = [None] * len(out)
    if grade is not None:
        gcol = list(out.columns).index(grade)
        grades = out[grade].astype(str).tolist()
        for g in set(grades):
            hexcol = GRADE_COLORS.get(g, OTHER_COLOR)
            tint = "#" + _tint(hexcol.lstrip("#"))
            formats[g] = (book.add_format({"bg_color": tint}), book.add_format({"bg_color": tint, "num_format": "yyyy-mm-dd"}),
                          book.add_format({"bg_color": hexcol, "bold": True,
                                           "font_color": "#FFFFFF" if TEXT_ON_GRADE.get(g, "white") == "white" else "#000000"}))
    for r, (row, g) in enumerate(zip(values, grades), start=1):
        fmt, dfmt, card = formats[g]
        ws.write_row(r, 0, row, fmt)
        for c in dates:
            if row[c] is not None:
                ws.write_datetime(r, c, row[c].to_pydatetime(), dfmt)
        if card is not None:
            ws.write(r, gcol, row[gcol], card)


def _tint(hexcol: str, amount: float = 0.85) -> str:
    rgb = [int(hexcol[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(v + (255 - v) * amount):02X}" for v in rgb)


# Plots (readable when projected: large type comes from kh.setup_notebook()).
