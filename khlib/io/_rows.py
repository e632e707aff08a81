"""Where a bad value sits: spreadsheet row numbers for frames read by :func:`khlib.read_table`,
index labels for every other frame (出错行的位置).

``read_table`` stores a :class:`SourceRows` in ``df.attrs["source_rows"]``: the spreadsheet row
(1-based, header lines counted, as Excel or a CSV viewer shows it) of every row label, and a
hash of each row's content as read. pandas carries ``attrs`` through filtering, sorting,
``copy`` and edits; before an error names a spreadsheet row, the offending rows' content is
hashed again and compared, so a frame whose rows were renumbered (``reset_index`` after a sort,
``merge``) or whose offending cells were edited in pandas falls back to its index labels
instead of naming a wrong row.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np
import pandas as pd

from .._errors import examples, fail

#: Names a list of row labels: labels -> (zh, en) texts such as ("表格第 5、9 行", "spreadsheet rows 5, 9").
Namer = Callable[..., tuple[str, str]]


class SourceRows:
    """Spreadsheet row numbers of a frame read from a file (kept in ``df.attrs``).

    Immutable: pandas deep-copies ``attrs`` on every operation, so copying returns the same
    object and equality is identity (two files never compare equal, so ``pd.concat`` of two
    files drops the mapping and errors fall back to index labels)."""

    __slots__ = ("rows", "hashes", "columns", "sheet")

    def __init__(self, rows: np.ndarray, hashes: np.ndarray, columns: tuple, sheet: str | None):
        self.rows = rows          # spreadsheet row of label i (labels are 0..n-1 at read time)
        self.hashes = hashes      # row content hash at read time
        self.columns = columns    # the columns the hash covers
        self.sheet = sheet        # sheet name of a workbook, None for text files

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        where = f"sheet {self.sheet!r}, " if self.sheet else ""
        span = f"{self.rows[0]}–{self.rows[-1]}" if len(self.rows) else "none"
        return f"SourceRows({where}{len(self.rows)} rows, spreadsheet rows {span})"


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """Content hash of each row (values only, not the column names or the index)."""
    return pd.util.hash_pandas_object(frame, index=False).to_numpy()


def source_rows(frame: pd.DataFrame, rows: np.ndarray, sheet: str | None) -> SourceRows:
    """The mapping for a frame just read (index 0..n-1, ``rows`` its spreadsheet rows)."""
    return SourceRows(np.asarray(rows, dtype=np.int64), row_hashes(frame), tuple(frame.columns), sheet)


def spreadsheet_rows(frame: pd.DataFrame, labels) -> np.ndarray | None:
    """Spreadsheet rows of ``labels`` (row labels of ``frame``), or None when ``frame`` was not
    read from a file or these rows are no longer the rows that were read."""
    src = frame.attrs.get("source_rows") if isinstance(frame, pd.DataFrame) else None
    if not isinstance(src, SourceRows) or len(labels) == 0:
        return None
    labels = pd.Index(labels)
    if labels.dtype.kind not in "iu" or not frame.index.is_unique or not all(c in frame.columns for c in src.columns):
        return None
    pos = labels.to_numpy(dtype=np.int64)
    if pos.min() < 0 or pos.max() >= len(src.rows):
        return None
    try:
        now = row_hashes(frame.loc[labels, list(src.columns)])
    except (KeyError, TypeError, ValueError):
        return None
    if not np.array_equal(now, src.hashes[pos]):
        return None
    return src.rows[pos]


def namer(frame: pd.DataFrame | None) -> Namer:
    """A function naming rows of ``frame``: ``name(labels, values=None) -> (zh, en)``;
    ``bare=True`` leaves out the word "index" in the Chinese text of a frame not read from a file.

    >>> df = pd.DataFrame({"a": [1, 2, 3]})
    >>> namer(df)([0, 2], ["x", "y"])
    ("index 0 ('x'), 2 ('y')", "index 0 ('x'), 2 ('y')")
    """

    def name(labels, values=None, limit: int = 5, bare: bool = False) -> tuple[str, str]:
        labels = list(labels)
        rows = spreadsheet_rows(frame, labels[:limit]) if frame is not None else None
        if rows is None:
            text = examples(labels, values, limit)
            return (text if bare else "index " + text), "index " + text
        src = frame.attrs["source_rows"]
        shown = [int(r) for r in rows]
        vals = list(values)[:limit] if values is not None else None
        more = len(labels) - limit
        tail_zh, tail_en = (f" … 等共 {len(labels)} 行", f" … (+{more})") if more > 0 else ("", "")
        sheet_zh = f"工作表 '{src.sheet}' " if src.sheet else "表格"
        sheet_en = f"sheet '{src.sheet}' " if src.sheet else "spreadsheet "
        if vals is None:
            zh = f"{sheet_zh}第 {'、'.join(map(str, shown))} 行{tail_zh}"
            items = [str(r) for r in shown]
        else:
            zh = sheet_zh + "、".join(f"第 {r} 行 ({vals[i]!r})" for i, r in enumerate(shown)) + tail_zh
            items = [f"{r} ({vals[i]!r})" for i, r in enumerate(shown)]
        en = f"{sheet_en}row{'s' if len(labels) > 1 else ''} {', '.join(items)}{tail_en}"
        return zh, en

    return name


def caller_level() -> int:
    """``stacklevel`` for :func:`khlib._errors.warn` called by the caller of this function: the
    first frame outside khlib (the analyst's line), however deep inside khlib the warning is."""
    f, level = sys._getframe(1), 1
    while f is not None and str(f.f_globals.get("__name__", "")).startswith("khlib"):
        f, level = f.f_back, level + 1
    return level


def fail_missing(values: pd.Series, missing, column: str, name: Namer, what_zh: str, what_en: str) -> None:
    """Raise the one error for empty cells in a column that needs a value on every row (缺失),
    naming the rows; nothing when ``missing`` is all False."""
    if missing.any():
        zh, en = name(values.index[missing])
        n = int(missing.sum())
        raise fail(f"列 '{column}' 有 {n} 个缺失{what_zh}，位于 {zh}。每一行都需要{what_zh}：请补上或删除这些行。",
                   f"Column '{column}' has {n} missing {what_en}(s) at {en}; every row needs one: "
                   "fill them in or drop those rows.")
