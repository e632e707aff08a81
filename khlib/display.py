"""Display helpers shared by the chapters (显示): Chinese tables for students and stable ids.

khlib's functions return English snake_case columns, because analysts' code relies on them.
Students read Chinese: :func:`show` turns any frame into the table a chapter puts on screen —
Chinese headers from the one glossary (:data:`khlib.vocab.LABELS`), thousands separators,
percentages, dates as ``1月4日``, 是/否 for flags, at most a slide's worth of rows, and the grade
colour cards when a grade column is present.

A pandas Styler writes its CSS under an id; with a random id every run changes the saved
notebook (nbval fails), and with one fixed id for every table the colours of one table land on
another table of the same page. :func:`stable_uuid` derives the id from the table's content
and the style's arguments: the same table gives the same id on any machine, two different
tables never share one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from ._errors import fail
from .vocab import is_percent, label

#: Rows a projected slide holds comfortably (COURSE_DESIGN: at most about 12 table rows).
SLIDE_ROWS = 12


def stable_uuid(df: pd.DataFrame, *parts: object, prefix: str = "kh") -> str:
    """An id for ``df``'s Styler from its content (index, columns, values) and ``parts``.

    >>> a = pd.DataFrame({"x": [1, 2]})
    >>> stable_uuid(a) == stable_uuid(a.copy()), stable_uuid(a) == stable_uuid(a + 1)
    (True, False)
    """
    h = hashlib.sha1()
    # Floats to 10 significant digits: a result whose last bits differ between machines (BLAS,
    # library versions) keeps its id.
    h.update(df.to_csv(float_format="%.10g").encode("utf-8"))
    h.update(repr([str(c) for c in df.columns]).encode("utf-8"))
    for p in parts:
        h.update(repr(p).encode("utf-8"))
    return f"{prefix}{h.hexdigest()[:12]}"


def styled(df: pd.DataFrame, *parts: object, prefix: str = "kh"):
    """``df.style`` with a content-derived id (see :func:`stable_uuid`)."""
    return df.style.set_uuid(stable_uuid(df, *parts, prefix=prefix))


def chinese_date(value, *, with_year: bool = False) -> str:
    """A date as students read it (中文日期): ``1月4日``, ``2025年1月4日`` with ``with_year``,
    plus ``HH:MM`` when the time of day is not midnight; ``''`` for a missing date.

    >>> chinese_date(pd.Timestamp("2026-01-04")), chinese_date("2025-03-20 14:30", with_year=True)
    ('1月4日', '2025年3月20日 14:30')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    ts = pd.Timestamp(value)
    text = f"{ts.month}月{ts.day}日"
    if with_year:
        text = f"{ts.year}年{text}"
    if (ts.hour, ts.minute) != (0, 0):
        text += f" {ts.hour:02d}:{ts.minute:02d}"
    return text


def _formatter(s: pd.Series, name: object, decimals: int, with_year: bool) -> Callable | str | None:
    if pd.api.types.is_bool_dtype(s) or (s.dtype == object and s.dropna().map(type).eq(bool).all()
                                         and s.notna().any()):
        return lambda v: "" if pd.isna(v) else ("是" if v else "否")
    if pd.api.types.is_datetime64_any_dtype(s):
        return lambda v: chinese_date(v, with_year=with_year)
    if pd.api.types.is_numeric_dtype(s):
        if is_percent(name):
            return lambda v: "" if pd.isna(v) else f"{v:.1%}"
        if pd.api.types.is_integer_dtype(s):
            return lambda v: "" if pd.isna(v) else f"{int(v):,}"
        vals = s.dropna().to_numpy(dtype=float)
        if len(vals) and np.all(np.isfinite(vals)) and np.all(vals == np.round(vals)):
            return lambda v: "" if pd.isna(v) else f"{v:,.0f}"
        return lambda v: "" if pd.isna(v) else f"{v:,.{decimals}f}"
    return None


_NEGATIVE_ZERO = re.compile(r"^-(0(?:[.,]0+)?)(?=\D*$)")


def _no_negative_zero(f: Callable | str) -> Callable:
    """A formatter that never prints "-0.00%": a value that rounds to zero shows without sign."""
    call = f if callable(f) else f.format

    def fmt(v):
        text = call(v)
        return _NEGATIVE_ZERO.sub(r"\1", text) if isinstance(text, str) else text

    return fmt


class Table(Styler):
    """The Styler :func:`show` returns: HTML in a notebook, and as plain text (``repr``, a
    terminal, nbval's text comparison) the same formatted table instead of a memory address."""

    text: str = ""

    def __repr__(self) -> str:
        return self.text or super().__repr__()


def show(
    df: pd.DataFrame | pd.Series,
    *,
    rows: int | None = SLIDE_ROWS,
    decimals: int = 2,
    formats: Mapping[str, str | Callable] | None = None,
    grade: str | None = "grade",
    caption: str | None = None,
    index: bool = True,
):
    """The table a chapter shows students (学生看到的表格): a pandas Styler with Chinese headers
    (:func:`khlib.vocab.label`), formatted numbers and dates, and the grade colours.

    Integers and whole numbers get thousands separators, other numbers ``decimals`` places,
    share-like columns (:func:`khlib.vocab.is_percent`) a percentage with one decimal, dates
    ``1月4日`` (with the year when the dates span several years), flags 是/否. ``formats`` maps a
    column (English name) to a format string or function and wins over the defaults. With
    ``rows`` set, only the first ``rows`` rows are shown and the caption says how many there are
    (``rows=None`` shows all). When the ``grade`` column exists its cells carry the grade's
    colour card (颜色管理); ``grade=None`` turns this off. The input is not changed.

    >>> t = show(pd.DataFrame({"sales": [1234.5, 20.0], "share": [0.9, 0.1]}))
    >>> t.data.columns.tolist(), "1,234.50" in t.to_html(), "90.0%" in t.to_html()
    (['销售额', '占比'], True, True)
    """
    if isinstance(df, pd.Series):
        df = df.to_frame(df.name if df.name is not None else "value")
    if not isinstance(df, pd.DataFrame):
        raise fail(f"show 需要一个 DataFrame，收到的是 {type(df).__name__}。",
                   f"show expects a DataFrame, got {type(df).__name__}.")
    if rows is not None and (not isinstance(rows, (int, np.integer)) or rows < 1):
        raise fail(f"rows 应为正整数或 None，收到 {rows!r}。", f"rows must be a positive integer or None, got {rows!r}.")
    formats = dict(formats or {})
    unknown = [c for c in formats if c not in df.columns]
    if unknown:
        raise fail(f"formats 中的列 {unknown} 不在表中；表中的列：{list(df.columns)}。",
                   f"formats names columns {unknown} that are not in the table; columns: {list(df.columns)}.")
    total = len(df)
    part = df.head(rows) if rows is not None else df
    years = set()
    for c in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[c]):
            years |= set(df[c].dropna().dt.year)
    if isinstance(df.index, pd.DatetimeIndex):
        years |= set(df.index.dropna().year)
    with_year = len(years) > 1
    fmt: dict[str, Callable | str] = {}
    for c in part.columns:
        f = formats.get(c) or _formatter(df[c], c, decimals, with_year)
        if f is not None:
            fmt[label(c)] = _no_negative_zero(f)
    shown = part.rename(columns=label)
    if isinstance(shown.index, pd.DatetimeIndex):
        shown.index = pd.Index([chinese_date(v, with_year=with_year) for v in shown.index], name=shown.index.name)
    shown.index = shown.index.set_names([label(n) if n is not None else None for n in shown.index.names])
    plain = shown.copy()
    for c, f in fmt.items():
        plain[c] = plain[c].map(f).astype(object)
    # The id comes from what is displayed (formatted text), not from the raw floats, whose last
    # digits differ between machines and library versions: the same table, the same id anywhere.
    sty = Table(shown, uuid=stable_uuid(plain.astype(str), "show", rows, decimals, sorted(map(str, formats)), grade))
    if fmt:
        sty = sty.format(fmt)
    if grade is not None and grade in part.columns:
        from .grading.colors import GRADE_COLORS, OTHER_COLOR, TEXT_ON_GRADE

        g_col = label(grade)

        def paint(row):
            g = str(row[g_col])
            col = GRADE_COLORS.get(g, OTHER_COLOR)
            return [f"background-color: {col}; color: {TEXT_ON_GRADE.get(g, 'white')}; font-weight: bold"
                    if c == g_col else f"background-color: {col}1A" for c in row.index]

        sty = sty.apply(paint, axis=1)
    if not index:
        sty = sty.hide(axis="index")
    note = f"共 {total:,} 行，显示前 {len(part):,} 行" if len(part) < total else None
    text = "；".join(t for t in (caption, note) if t)
    if text:
        sty = sty.set_caption(text)
    sty.text = (text + "\n" if text else "") + plain.to_string(index=index)
    return sty
