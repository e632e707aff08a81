"""Dates as analysts' files write them (日期识别), and the one reader of date arguments.

Accepted: ``2025-03-05``, ``2025/3/5``, ``2025.3.5``, ``2025年3月5日``, ``20250305``, day-first
``20.03.2025`` / ``20/03/2025`` and month-first ``03/20/2025`` (two-digit years too), with an
optional time (``14:05``, ``14:05:33``, ``下午2:05``, ``2:05 PM``, ``T14:05:33+08:00``), Excel
serial numbers (``45658``, origin 1899-12-30, in a column whose numbers lie in 20000–80000),
date cells and datetime columns.

**Day or month first** is decided per column, never per cell: dotted dates (``20.03.2025``)
and a first field above 12 anywhere mean day-first, a second field above 12 means month-first,
both at once is an error naming examples of each. A column where every such date reads both
ways follows ``dayfirst=`` if given, else the file (``df.attrs["date_dayfirst"]``: a semicolon
file or one with decimal commas, set by :func:`khlib.read_table`), else day-first; a warning
says which.

**Time zones**: a time with a UTC offset (``2025-03-01T23:30:00+08:00``) or a tz-aware column is
read as the wall-clock time of its own offset (the offset is dropped, not converted to UTC), so
an order keeps the day on which it was placed locally; a warning says so once per column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import KhlibInputError, fail, warn
from ._numbers import FULLWIDTH, text_mask
from ._rows import Namer, caller_level, fail_missing, namer

_YMD = r"^(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?(?P<rest>.*)$"
_XYZ = r"^(?P<a>\d{1,2})\s*(?P<s>[-/.])\s*(?P<b>\d{1,2})\s*[-/.]\s*(?P<y>\d{4}|\d{2})(?P<rest>(?:\D.*)?)$"
_COMPACT = r"^(?P<y>(?:19|20|21)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?P<rest>(?:\D.*)?)$"
_SERIAL = r"^\d{5}(?:\.\d+)?$"
_TIME = (r"^\s*(?:[T\s,]\s*)?(?:(?P<ap1>上午|下午|AM|PM|am|pm)\s*)?(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})"
         r"(?:\s*[:：分]\s*(?P<S>\d{1,2}(?:[.,]\d+)?)\s*秒?)?\s*分?\s*(?P<ap2>AM|PM|am|pm|上午|下午)?\s*"
         r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?$")
#: Excel's day 0 (the 1900 date system, with its phantom 1900-02-29) and the serial numbers
#: accepted as dates (1954-10-03 … 2119-01-10).
EXCEL_ORIGIN = pd.Timestamp("1899-12-30")
SERIAL_RANGE = (20000, 80000)
_UNIT = "datetime64[us]"


def _from_numbers(num: np.ndarray) -> np.ndarray:
    """Numbers as dates: ``20250305`` (yyyymmdd) or an Excel serial number; NaT otherwise."""
    out = np.full(len(num), np.datetime64("NaT"), dtype=_UNIT)
    compact = (num >= 19000101) & (num <= 21991231) & (np.floor(num) == num)
    if compact.any():
        v = num[compact].astype(np.int64)
        ymd = pd.DataFrame({"year": v // 10000, "month": v // 100 % 100, "day": v % 100})
        out[compact] = pd.to_datetime(ymd, errors="coerce").to_numpy(dtype=_UNIT)
    serial = (num >= SERIAL_RANGE[0]) & (num <= SERIAL_RANGE[1])
    if serial.any():
        days = pd.to_timedelta(num[serial], unit="D").round("s")
        out[serial] = (EXCEL_ORIGIN + days).to_numpy(dtype=_UNIT)
    return out


def _times(rest: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(time of day as a timedelta, valid?, UTC offset text) of the text after a date."""
    empty = rest.fillna("").str.strip() == ""
    tm = rest.str.extract(_TIME)
    h = pd.to_numeric(tm["H"], errors="coerce")
    ampm = tm["ap1"].fillna(tm["ap2"]).str.upper().replace({"下午": "PM", "上午": "AM"})
    pm, am = (ampm == "PM").fillna(False), (ampm == "AM").fillna(False)
    ok12 = (h >= 1) & (h <= 12)
    h = h.where(~(pm & (h < 12)), h + 12).where(~(am & (h == 12)), 0)
    m = pd.to_numeric(tm["M"], errors="coerce")
    s = pd.to_numeric(tm["S"].str.replace(",", ".", regex=False), errors="coerce").fillna(0.0)
    valid = (h < 24) & (m < 60) & (s < 60) & (~(pm | am) | ok12)
    delta = pd.to_timedelta(h * 3600 + m * 60 + s, unit="s").dt.round("us")
    ok = empty | (tm["H"].notna() & valid.fillna(False))
    delta = delta.where(~empty, pd.Timedelta(0))
    return delta, ok, tm["tz"].where(~empty)


def _dayfirst(xyz: pd.DataFrame, column: str, dayfirst: bool | None, hint: bool | None, name: Namer,
              strict: bool) -> bool:
    """Decide day-first or month-first for the whole column (see the module notes)."""
    a, b = pd.to_numeric(xyz["a"]), pd.to_numeric(xyz["b"])
    day_a = (a > 12) | (xyz["s"] == ".")
    day_b = b > 12
    if dayfirst is not None:
        wrong = day_b if dayfirst else day_a
        if wrong.any():
            zh, en = name(xyz.index[wrong], xyz["text"][wrong])
            order_zh, order_en = ("日/月/年", "day/month/year") if dayfirst else ("月/日/年", "month/day/year")
            raise fail(f"列 '{column}' 按 dayfirst={dayfirst}（{order_zh}）读取，但 {zh} 不能这样读。"
                       "请检查 dayfirst= 或改正这些日期。",
                       f"Column '{column}' is read with dayfirst={dayfirst} ({order_en}) but {en} cannot be; "
                       "check dayfirst= or correct those dates.")
        return dayfirst
    if day_a.any() and day_b.any():
        zh_a, en_a = name(xyz.index[day_a], xyz["text"][day_a], limit=3)
        zh_b, en_b = name(xyz.index[day_b], xyz["text"][day_b], limit=3)
        raise fail(f"列 '{column}' 混用了 日/月/年 与 月/日/年：{zh_a} 只能是日在前，{zh_b} 只能是月在前。"
                   "请统一日期格式（建议 2025-03-20）。",
                   f"Column '{column}' mixes day/month/year ({en_a}: day first) and month/day/year ({en_b}: "
                   "month first); use one date format (2025-03-20 is safest).")
    if day_a.any() or day_b.any():
        return bool(day_a.any())
    ambiguous = a != b
    if not ambiguous.any():
        return True
    ex = xyz["text"][ambiguous].iloc[0]
    if strict:
        raise fail(f"{column}={ex!r} 有歧义（可能是日/月/年，也可能是月/日/年），请写成 2025-12-31。",
                   f"{column}={ex!r} is ambiguous (day/month/year or month/day/year); write e.g. 2025-12-31.")
    choice = True if hint is None else bool(hint)
    why_zh = "依据文件格式（分号分隔或小数逗号）" if hint is not None else "默认"
    why_en = "as the file's format suggests (semicolons or decimal commas)" if hint is not None else "by default"
    order_zh, order_en = ("日/月/年", "day/month/year") if choice else ("月/日/年", "month/day/year")
    warn(f"列 '{column}' 的日期（如 '{ex}'）既可读作日/月/年也可读作月/日/年；整列按{order_zh}读取（{why_zh}）。"
         f"如不对，请传 dayfirst={not choice}。",
         f"Dates in column '{column}' (e.g. '{ex}') read as day/month/year or month/day/year; the whole "
         f"column is read as {order_en} {why_en}. If that is wrong, pass dayfirst={not choice}.", stacklevel=caller_level())
    return choice


def parse_dates(text: pd.Series, column: str, *, dayfirst: bool | None = None, hint: bool | None = None,
                name: Namer | None = None, strict: bool = False) -> tuple[pd.Series, pd.Series]:
    """Parse non-empty, stripped date texts; returns (datetime64 values, UTC offsets seen)."""
    name = name or namer(None)
    t = text.astype("string").str.translate(FULLWIDTH).str.strip()
    try:
        fast = pd.to_datetime(t, format="ISO8601", errors="coerce")
    except (ValueError, TypeError, OverflowError):
        fast = None
    if fast is not None and fast.notna().all():
        if getattr(fast.dt, "tz", None) is not None:
            offsets = t.str.extract(r"(Z|[+-]\d{2}:?\d{2})\s*$")[0]
            return fast.dt.tz_localize(None).astype(_UNIT), offsets
        return fast.astype(_UNIT), pd.Series(pd.NA, index=t.index, dtype="string")
    out = pd.Series(pd.NaT, index=t.index, dtype=_UNIT)
    rest = pd.Series(pd.NA, index=t.index, dtype="string")
    y = pd.Series(np.nan, index=t.index)
    m, d = y.copy(), y.copy()
    todo = pd.Series(True, index=t.index)
    for pattern in (_YMD, _COMPACT):
        got = t[todo].str.extract(pattern).dropna(subset=["y"])
        y[got.index], m[got.index], d[got.index] = (pd.to_numeric(got[k]) for k in ("y", "m", "d"))
        rest[got.index] = got["rest"]
        todo[got.index] = False
    xyz = t[todo].str.extract(_XYZ).dropna(subset=["y"])
    if len(xyz):
        xyz["text"] = t[xyz.index]
        first = _dayfirst(xyz, column, dayfirst, hint, name, strict)
        a, b, yy = (pd.to_numeric(xyz[k]) for k in ("a", "b", "y"))
        yy = yy.where(yy >= 100, yy + np.where(yy <= 68, 2000, 1900))
        y[xyz.index], m[xyz.index], d[xyz.index] = yy, (b if first else a), (a if first else b)
        rest[xyz.index] = xyz["rest"]
        todo[xyz.index] = False
    serial = todo & t.str.fullmatch(_SERIAL).fillna(False)
    if serial.any():
        out[serial] = _from_numbers(pd.to_numeric(t[serial]).to_numpy(dtype="float64"))
        todo &= ~serial
    have = y.notna()
    offsets = pd.Series(pd.NA, index=t.index, dtype="string")
    if have.any():
        ymd = pd.DataFrame({"year": y[have], "month": m[have], "day": d[have]})
        ok_range = (ymd["month"].between(1, 12) & ymd["day"].between(1, 31)).to_numpy()
        base = pd.Series(pd.NaT, index=ymd.index, dtype=_UNIT)
        if ok_range.any():
            base[ok_range] = pd.to_datetime(ymd[ok_range], errors="coerce").astype(_UNIT)
        delta, ok, tz = _times(rest[have])
        out[have] = (base + delta).where(ok.to_numpy(), pd.NaT)
        offsets[have] = tz
    if todo.any():  # month names and other formats pandas knows ("5-Mar-2025")
        try:
            other = pd.to_datetime(t[todo], format="mixed", dayfirst=bool(dayfirst if dayfirst is not None else hint),
                                   errors="coerce")
            if getattr(other.dt, "tz", None) is not None:
                other = other.dt.tz_localize(None)
            out[todo] = other.astype(_UNIT)
        except (ValueError, TypeError, OverflowError):
            pass
    return out, offsets


def _warn_offsets(column: str, example: str) -> None:
    warn(f"列 '{column}' 的时间带时区（如 '{example}'）：按各自时区的当地日期与时间读取（去掉时区，不换算为 UTC），"
         "每笔订单保留下单当地的日期。",
         f"Column '{column}' has times with a UTC offset (e.g. '{example}'); they are read as the local "
         "wall-clock time of their own offset (the offset is dropped, not converted to UTC), so each order "
         "keeps the day it was placed locally.", stacklevel=caller_level())


def to_date(values: pd.Series, column: str, *, dayfirst: bool | None = None, optional: bool = False,
            _rows: Namer | None = None) -> pd.Series:
    """Convert a column to dates (日期), whatever the file's date format (see the module notes:
    ``2025-03-05``, ``2025/3/5``, ``2025年3月5日``, ``20250305``, ``20.03.2025``, Excel serial
    numbers, times with offsets); ``dayfirst=`` forces day/month/year (True) or
    month/day/year (False) for dates with the year last. Fails naming the rows that cannot be
    read (无法识别的日期) or are missing; with ``optional=True`` empty cells are allowed (NaT: a
    stage a lead never reached), unreadable ones are still errors.

    >>> to_date(pd.Series(["2025/3/5", "2025年4月1日", "20250409", "45658"]), "日期").dt.strftime("%Y-%m-%d").tolist()
    ['2025-03-05', '2025-04-01', '2025-04-09', '2025-01-01']
    >>> to_date(pd.Series(["20.03.2025", "01.04.2025"]), "Datum").dt.strftime("%Y-%m-%d").tolist()
    ['2025-03-20', '2025-04-01']
    """
    name = _rows or namer(None)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        _warn_offsets(column, str(values.dt.tz))
        out = values.dt.tz_localize(None)
    elif pd.api.types.is_datetime64_any_dtype(values):
        out = values
    elif pd.api.types.is_bool_dtype(values):
        raise fail(f"列 '{column}' 是布尔值（True/False），需要日期。", f"Column '{column}' is boolean; dates expected.")
    elif pd.api.types.is_numeric_dtype(values):
        out = pd.Series(_from_numbers(values.to_numpy(dtype="float64", na_value=np.nan)), index=values.index)
        bad = out.isna() & values.notna()
        if bad.any():
            zh, en = name(values.index[bad], values[bad], bare=True)
            raise fail(f"列 '{column}' 有无法识别的日期：{zh}。数字只能是 20250305 这样的日期或 Excel 日期序号"
                       f"（{SERIAL_RANGE[0]}–{SERIAL_RANGE[1]}）。",
                       f"Column '{column}' has unparsable dates at {en}: numbers must be dates like 20250305 or "
                       f"Excel serial dates ({SERIAL_RANGE[0]}–{SERIAL_RANGE[1]}).")
    else:
        out = _objects_to_dates(values, column, dayfirst, name)
    if not optional:
        fail_missing(values, out.isna(), column, name, "日期", "date")
    return out


def _objects_to_dates(values: pd.Series, column: str, dayfirst: bool | None, name: Namer) -> pd.Series:
    """Text, numbers and date cells mixed in one column (Excel) -> datetime64."""
    is_text = text_mask(values).to_numpy()
    arr = np.full(len(values), np.datetime64("NaT"), dtype=_UNIT)
    other = values.notna().to_numpy() & ~is_text
    if other.any():
        objs = values[other]
        num = pd.to_numeric(objs, errors="coerce")
        isnum = num.notna().to_numpy()
        part = np.full(len(objs), np.datetime64("NaT"), dtype=_UNIT)
        part[isnum] = _from_numbers(num[isnum].to_numpy(dtype="float64"))
        if (~isnum).any():
            try:
                stamps = pd.to_datetime(objs[~isnum], errors="coerce")
                if getattr(stamps.dt, "tz", None) is not None:
                    stamps = stamps.dt.tz_localize(None)
                part[~isnum] = stamps.to_numpy(dtype=_UNIT)
            except (ValueError, TypeError):
                pass
        arr[other] = part
    blank = np.zeros(len(values), dtype=bool)
    if is_text.any():
        try:  # fast path: ISO dates (2025-03-05, 2025-03-05 14:05), the usual export
            fast = pd.to_datetime(values[is_text], format="ISO8601", errors="coerce")
        except (ValueError, TypeError, OverflowError):
            fast = None
        if fast is not None and getattr(fast.dt, "tz", None) is None and fast.notna().all():
            arr[is_text] = fast.to_numpy(dtype=_UNIT)
            is_text = np.zeros(len(values), dtype=bool)
    if is_text.any():
        text = values[is_text].astype("string").str.translate(FULLWIDTH).str.strip()
        empty = (text == "").to_numpy()
        blank[np.flatnonzero(is_text)[empty]] = True
        if (~empty).any():
            hint = values.attrs.get("date_dayfirst")
            parsed, offsets = parse_dates(text[~empty], column, dayfirst=dayfirst, hint=hint, name=name)
            arr[np.flatnonzero(is_text)[~empty]] = parsed.to_numpy(dtype=_UNIT)
            if offsets.notna().any():
                _warn_offsets(column, str(offsets.dropna().iloc[0]))
    out = pd.Series(arr, index=values.index)
    bad = out.isna().to_numpy() & values.notna().to_numpy() & ~blank
    if bad.any():
        zh, en = name(values.index[bad], values[bad], bare=True)
        raise fail(f"列 '{column}' 有无法识别的日期：{zh}。需要如 2025-03-05 的日期。",
                   f"Column '{column}' has unparsable dates at {en}; dates like 2025-03-05 expected.")
    return out


def parse_day(value, what: str = "date") -> pd.Timestamp:
    """One date argument (``start=``, ``end=``, ``asof=`` …) read like the data's dates; an
    ambiguous ``03/04/2025`` is an error. The timestamp as given (time of day kept)."""
    def not_a_date():
        return fail(f"{what}={value!r} 不是日期，请写成 '2025-12-31'。",
                    f"{what}={value!r} is not a date; write e.g. '2025-12-31'.")

    if value is None or value is pd.NaT or (isinstance(value, (float, np.floating)) and np.isnan(value)):
        raise fail(f"{what} 不能为空。", f"{what} must not be empty.")
    if isinstance(value, (bool, np.bool_)):
        raise not_a_date()
    if isinstance(value, str):
        if not value.strip():
            raise fail(f"{what} 不能为空。", f"{what} must not be empty.")
        try:
            ts = parse_dates(pd.Series([value.strip()]), what, strict=True)[0].iloc[0]
        except KhlibInputError:
            raise
        except (ValueError, TypeError, OverflowError):
            ts = pd.NaT
    elif isinstance(value, (int, float, np.integer, np.floating)):
        ts = pd.Timestamp(_from_numbers(np.array([value], dtype="float64"))[0])
    else:
        try:
            ts = pd.Timestamp(value)
        except (ValueError, TypeError):
            raise not_a_date() from None
        if ts is pd.NaT:
            raise fail(f"{what} 不能为空。", f"{what} must not be empty.")
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
    if ts is pd.NaT or pd.isna(ts):
        raise not_a_date()
    return pd.Timestamp(ts)
