"""Ids as text (编号清洗): customer, order and product ids as an analyst means them.

``"C00123 "``, ``" C00123"``, ``"C00123\\u3000"`` (full-width space), ``"C00123\\xa0"`` and
``"Ｃ００１２３"`` are one customer; ``00123`` stays ``"00123"`` (read_table keeps id columns
as text) and an id column that arrives as numbers becomes text without ``.0`` (``123.0`` ->
``"123"``). Blank and placeholder ids (``""``, ``"-"``, ``"#N/A"``, ``"null"`` …) are missing.
Cleaning works on the distinct ids (tens of thousands), not on every line.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._errors import fail
from ._numbers import FULLWIDTH, text_mask
from ._rows import Namer, namer

#: Texts that mean "no id" when they are all an id cell holds (case does not matter).
MISSING_IDS = ("", "-", "--", "—", "——", "–", "#N/A", "N/A", "NA", "null", "NULL", "None", "nan", "NaN",
               "#NULL!", "#VALUE!", "#REF!")
#: The former name of :data:`MISSING_IDS`.
BLANK_IDS = list(MISSING_IDS)
_MISSING = {s.lower() for s in MISSING_IDS}
#: Labels of totals rows (合计行); an id equal to one of them is a totals row, not a customer.
TOTAL_LABELS = (r"(?i)^(?:本页|总)?(?:合\s*计|总\s*计|小\s*计|累\s*计)(?:金额)?\s*(?:[:：(（].*)?$"
                r"|^(?:grand\s+|sub)?totals?\s*(?:[:：(].*)?$|^sum\s*:?$")
_STRIP = " \t\r\n\u00a0\u3000\u2002\u2003\u2009\u200a\u200b\u200c\u200d\u202f\u205f\ufeff"


def _text_of_numbers(u: pd.Series) -> pd.Series:
    """Numbers (ids that arrived as numbers) as text, integral ones without ``.0``."""
    num = pd.to_numeric(u, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    out = pd.Series(u.astype("string").to_numpy(), index=u.index, dtype="object")
    integral = np.isfinite(num) & (np.floor(num) == num)
    if integral.any():
        out[integral] = np.char.mod("%.0f", num[integral])
    return out


_WS = np.array([ord(c) for c in _STRIP], dtype=np.uint32)
_TOKEN_FIRST = np.array([ord(c) for c in "nN-#—–"], dtype=np.uint32)
_TOTAL_FIRST = np.array([ord(c) for c in "tTsSgG本合总小累"], dtype=np.uint32)
_MAX_WIDTH = 64


class DistinctIds(NamedTuple):
    """An id column factorised once: ``codes`` per row (-1 = missing) into ``ids`` (the clean
    distinct ids, all different), and whether cleaning changed anything."""

    codes: np.ndarray
    ids: np.ndarray
    changed: bool


def _screen(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised screen of distinct text ids: (may need cleaning, may be a totals label).
    Plain ASCII ids without surrounding spaces that cannot be a placeholder pass both."""
    everything = np.ones(len(u), dtype=bool)
    try:
        lens = np.frompyfunc(len, 1, 1)(u).astype(np.int64)
    except (TypeError, ValueError):  # numbers among the ids
        return everything, everything
    if not len(u) or lens.max() > _MAX_WIDTH:
        return everything, everything
    text = u.astype(str)
    width = text.dtype.itemsize // 4
    if width == 0:
        return everything, ~everything
    chars = text.view(np.uint32).reshape(len(text), width)
    first = chars[:, 0]
    last = chars[np.arange(len(text)), np.maximum(lens - 1, 0)]
    wide = (chars >= 0xA0).any(axis=1)  # no-break and full-width spaces, full-width letters, CJK
    may_clean = (lens == 0) | np.isin(first, _WS) | np.isin(last, _WS) | wide \
        | ((lens <= 7) & np.isin(first, _TOKEN_FIRST))
    may_total = (lens <= 12) & np.isin(first, _TOTAL_FIRST)
    return may_clean, may_total


def _clean_values(u: pd.Series) -> pd.Series:
    """The cleaning of a few distinct values (object result, NaN for missing)."""
    is_text = text_mask(u).to_numpy()
    clean = pd.Series(np.empty(len(u), dtype=object), index=u.index)
    if is_text.any():
        clean[is_text] = u[is_text].astype("string").str.translate(FULLWIDTH).str.strip(_STRIP).to_numpy(
            dtype=object, na_value=None)
    if (~is_text).any():
        clean[~is_text] = _text_of_numbers(u[~is_text]).to_numpy()
    return clean.where(~clean.str.lower().isin(_MISSING).to_numpy())


def distinct_ids(values: pd.Series) -> DistinctIds:
    """Factorise an id column once and clean its distinct values (see :func:`clean_ids`)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    u = np.asarray(uniques, dtype=object)
    numeric = pd.api.types.is_numeric_dtype(values)
    todo = np.ones(len(u), dtype=bool) if numeric else _screen(u)[0]
    if not todo.any():
        return DistinctIds(codes, u, False)
    clean = u.copy()
    fixed = _clean_values(pd.Series(u[todo], dtype=object)).to_numpy()
    clean[todo] = fixed
    missing = pd.isna(clean)
    if not numeric and not missing.any() and (fixed == u[todo]).all():
        return DistinctIds(codes, u, False)
    merged, ids = pd.factorize(pd.Series(clean, dtype=object), use_na_sentinel=True)  # "C1 " and "C1" meet
    codes = np.where(codes >= 0, merged[np.maximum(codes, 0)], -1)
    return DistinctIds(codes, np.asarray(ids, dtype=object), True)


def clean_ids(values: pd.Series, column: str = "customer_id") -> pd.Series:
    """Ids as clean text (编号清洗): surrounding spaces of every kind removed, full-width letters
    and digits made half-width, numbers written without ``.0``, placeholders (``"-"``,
    ``"#N/A"`` …, see :data:`MISSING_IDS`) made missing. A column that needs no change is
    returned as it is. Vectorised: the column is factorised once, a screen over the characters
    of the distinct ids finds the few that may need a change, and only those are cleaned.

    >>> clean_ids(pd.Series(["C00123 ", "C00123\u3000", "Ｃ００１２３", "#N/A", 123.0]), "客户代码").tolist()
    ['C00123', 'C00123', 'C00123', nan, '123']
    """
    return ids_series(values, distinct_ids(values))


def ids_series(values: pd.Series, d: DistinctIds) -> pd.Series:
    """The clean column of ``values`` from its :class:`DistinctIds`."""
    if not d.changed:
        return values
    out = d.ids.take(np.maximum(d.codes, 0))
    out[d.codes < 0] = np.nan
    keep_str = pd.api.types.is_string_dtype(values) and not pd.api.types.is_object_dtype(values)
    return pd.Series(out, index=values.index, name=values.name, dtype=values.dtype if keep_str else object)


def check_customer_ids(ids: pd.Series, customer: str = "customer_id", *, _rows: Namer | None = None,
                       _distinct: DistinctIds | None = None) -> None:
    """Fail naming the rows whose customer id is missing, blank or a placeholder (客户编号缺失),
    or is a totals label such as 合计 (a totals row, not a customer)."""
    name = _rows or namer(None)
    d = _distinct or distinct_ids(ids)
    blank = d.codes < 0
    if blank.any():
        zh, en = name(ids.index[blank])
        raise fail(
            f"列 '{customer}'（客户编号）有 {int(blank.sum())} 行缺失，位于 {zh}（空白或 '-'、'#N/A' 之类的占位符都算缺失）。"
            "每一行订单都需要客户编号：请补上编号，或删除这些行。",
            f"Column '{customer}' (customer id) is missing in {int(blank.sum())} row(s) at {en} (blank or a "
            "placeholder such as '-' or '#N/A'); every order line needs a customer id: fill them in or drop those rows.",
        )
    may_total = _screen(d.ids)[1]
    if not may_total.any():
        return
    total_u = np.zeros(len(d.ids), dtype=bool)
    total_u[may_total] = pd.Series(d.ids[may_total], dtype=object).astype("string").str.fullmatch(
        TOTAL_LABELS).fillna(False).to_numpy()
    if total_u.any():
        total = total_u[d.codes]
        zh, en = name(ids.index[total], ids[total])
        raise fail(
            f"列 '{customer}'（客户编号）有 {int(total.sum())} 行是合计/小计行：{zh}。它们不是订单，"
            "会被当成一个客户：请删除这些行。",
            f"Column '{customer}' (customer id) has {int(total.sum())} totals row(s) at {en}; they are not orders "
            "and would count as a customer: drop those rows.",
        )
