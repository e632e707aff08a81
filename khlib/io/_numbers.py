"""Numbers as analysts' files write them (数值识别): ``1,234.50``, ``1.234,50``, ``27352,17``,
``1 234,50``, ``1'234.50``, ``¥1,234``, ``3万元``, ``1.2亿``, ``(1,234.50)``, ``1.234,50-``.

The decimal separator is decided **per column**, never per cell: a value proves a decimal
comma when its comma comes after a dot (``27.352,17``), when it has several dots
(``1.234.567``) or when a single comma is not followed by exactly three digits (``27352,17``,
``0,5``); and the other way round for a decimal point. A column with proof of both is an error
naming examples of each; a column with no proof (only values like ``1.234`` or ``1,234``, which
read either way) follows the file (``df.attrs["number_decimal"]``, set by
:func:`khlib.read_table` from the columns that do prove it) or else the point, with a warning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail, warn
from ._fastnum import assemble, scan
from ._rows import Namer, caller_level, fail_missing, namer

#: Full-width ASCII (Ｃ００１２３，１２３．５) and the ideographic space -> half-width.
FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x2212: ord("-")}

_UNIT = r"(?:人民币|RMB|CNY|USD|EUR|[¥￥$€£]|元整?|圆)"
_GROUP = "'’ \u00a0\u202f\u2009"  # thousands groupers that are never decimal separators
_SHAPE = (
    r"^(?P<open>\()?\s*(?P<sign>[+-])?\s*" + _UNIT + r"?\s*(?P<sign2>[+-])?\s*"
    r"(?P<core>[.,]?\d(?:[\d.," + _GROUP + r"]*\d)?)"
    r"(?:[eE](?P<exp>[+-]?\d{1,3}))?\s*(?P<mult>万|亿)?\s*" + _UNIT + r"?\s*(?P<tsign>-)?\s*(?P<close>\))?$"
)


def text_mask(values: pd.Series) -> pd.Series:
    """Which elements are text (str), vectorised (mixed object columns come from Excel)."""
    if pd.api.types.is_string_dtype(values) and not pd.api.types.is_object_dtype(values):
        return values.notna()
    if not pd.api.types.is_object_dtype(values):
        return pd.Series(False, index=values.index)
    try:
        return values.str.len().notna()
    except AttributeError:  # no str element at all
        return pd.Series(False, index=values.index)


def decimal_evidence(core: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per value: proves a decimal point, proves a decimal comma, reads either way.

    ``core`` holds digits with ``.``/``,`` only (units, signs and space groupers removed)."""
    n_dot, n_com = core.str.count(r"\."), core.str.count(",")
    last_dot, last_com = core.str.rfind("."), core.str.rfind(",")
    length = core.str.len()
    both = (n_dot > 0) & (n_com > 0)

    def single_is_decimal(last):
        lead, frac = last, length - last - 1
        return (frac != 3) | (lead > 3) | (lead == 0) | core.str.startswith("0")

    one_dot = (n_dot == 1) & (n_com == 0)
    one_com = (n_com == 1) & (n_dot == 0)
    point = (both & (last_dot > last_com)) | ((n_com >= 2) & (n_dot == 0)) | (one_dot & single_is_decimal(last_dot))
    comma = (both & (last_com > last_dot)) | ((n_dot >= 2) & (n_com == 0)) | (one_com & single_is_decimal(last_com))
    either = (one_dot | one_com) & ~point & ~comma
    return point.fillna(False).astype(bool), comma.fillna(False).astype(bool), either.fillna(False).astype(bool)


def file_decimal(frame: pd.DataFrame, sample: int = 20_000) -> str | None:
    """The decimal separator a whole table proves (``","`` or ``"."``), None when its text
    columns prove neither or both. Looks at the first ``sample`` values of each column."""
    point = comma = False
    for col in frame.columns:
        s = frame[col].iloc[:sample]
        mask = text_mask(s).to_numpy()
        if not mask.any():
            continue
        p, c, e, _, numbers = _evidence(s[mask])
        if numbers < mask.sum() * 0.9:  # mostly not numbers: not a number column
            continue
        point |= bool(p.any())
        comma |= bool(c.any())
    return "," if comma and not point else "." if point and not comma else None


def _evidence(text: pd.Series, sc=False):
    """Decimal evidence of raw texts: (point, comma, either, dotted-either, how many are numbers),
    from the vectorised scan (``sc``, done here unless given), and from the regular expression
    for the texts it leaves."""
    n = len(text)
    sc = scan(text) if sc is False else sc
    simple = sc.simple if sc is not None else np.zeros(n, dtype=bool)
    point, comma, either, dotted = (np.zeros(n, dtype=bool) for _ in range(4))
    if sc is not None:
        point, comma, either, dotted = sc.point.copy(), sc.comma.copy(), sc.either.copy(), sc.dotted.copy()
    numbers = int(simple.sum())
    rest = np.flatnonzero(~simple)
    if len(rest):
        t = text.iloc[rest].astype("string").str.translate(FULLWIDTH).str.strip()
        core = t.str.extract(_SHAPE)["core"].str.replace(f"[{_GROUP}]", "", regex=True)
        p, c, e = decimal_evidence(core.fillna(""))
        point[rest], comma[rest], either[rest] = p.to_numpy(), c.to_numpy(), e.to_numpy()
        dotted[rest] = (e & core.fillna("").str.contains(".", regex=False)).to_numpy()
        numbers += int(core.notna().sum())
    return point, comma, either, dotted, numbers


def parse_numbers(text: pd.Series, decimal: str) -> pd.Series:
    """Parse text with a known decimal separator; NaN where a value is not a number."""
    t = text.astype("string").str.translate(FULLWIDTH).str.strip()
    parts = t.str.extract(_SHAPE)
    thousands = "," if decimal == "." else "."
    raw = parts["core"]
    has_dec = raw.str.count("\\" + decimal) == 1
    split = raw.str.rsplit(decimal, n=1)
    raw_int = raw.where(~has_dec, split.str[0])
    frac = raw.where(has_dec, "").where(~has_dec, split.str[1])
    t_sep, g = "\\" + thousands, f"[{_GROUP}]"
    ok_int = (raw_int.str.fullmatch(r"\d*")
              | raw_int.str.fullmatch(rf"\d{{1,3}}(?:{t_sep}\d{{3}})+")
              | raw_int.str.fullmatch(rf"\d{{1,2}}(?:{t_sep}\d{{2}})+{t_sep}\d{{3}}")
              | raw_int.str.fullmatch(rf"\d{{1,3}}(?:{g}\d{{3}})+"))
    ok_paren = parts["open"].notna() == parts["close"].notna()
    valid = (raw.notna() & ok_int.fillna(False) & frac.str.fullmatch(r"\d*").fillna(False) & ok_paren
             & ((raw_int != "") | (frac != "")).fillna(False))
    negative = ((parts["sign"] == "-").fillna(False) | (parts["sign2"] == "-").fillna(False)
                | parts["tsign"].notna() | parts["open"].notna())
    exp = pd.to_numeric(parts["exp"], errors="coerce").fillna(0).astype(int)
    exp = exp + parts["mult"].map({"万": 4, "亿": 8}).fillna(0).astype(int)
    digits = raw_int.str.replace(f"[{_GROUP}{t_sep}]", "", regex=True).replace("", "0")
    number = (negative.map({True: "-", False: ""}).astype("string") + digits + "."
              + frac.fillna("") + "0e" + exp.astype("string"))
    return pd.to_numeric(number.where(valid), errors="coerce").astype("float64")


def to_number(values: pd.Series, column: str, *, decimal: str | None = None, _rows: Namer | None = None) -> pd.Series:
    """Convert a column to numbers (数值), whatever the file's number format.

    Accepts thousands separators (``,`` ``.`` space, no-break space, ``'``), a decimal point
    or a decimal comma (decided per column, see the module notes; ``decimal=","`` forces it),
    currency signs and 元, ``万`` (×10,000) and ``亿`` (×100,000,000), negatives as ``-5``,
    ``(5)`` or ``5-``, full-width digits and Excel's ``1.2E+05``. Fails naming the rows that
    are not numbers (非数值), are missing (缺失) or infinite.

    >>> to_number(pd.Series(["1,234.50", "￥66", "3万元", "(12)"]), "金额").tolist()
    [1234.5, 66.0, 30000.0, -12.0]
    >>> to_number(pd.Series(["27.352,17", "1.234,5"]), "Betrag").tolist()
    [27352.17, 1234.5]
    """
    name = _rows or namer(None)
    if pd.api.types.is_bool_dtype(values):
        raise fail(f"列 '{column}' 是布尔值（True/False），需要数值。",
                   f"Column '{column}' is boolean (True/False); numbers expected.")
    if decimal not in (None, ".", ","):
        raise fail(f"decimal 只能是 '.' 或 ','，得到 {decimal!r}。", f"decimal must be '.' or ',', got {decimal!r}.")
    if pd.api.types.is_numeric_dtype(values):
        num = values.astype("float64")
    else:
        is_text = text_mask(values).to_numpy()
        arr = np.full(len(values), np.nan)
        other = values.notna().to_numpy() & ~is_text
        if other.any():
            arr[other] = pd.to_numeric(values[other], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        blank = np.zeros(len(values), dtype=bool)
        if is_text.any():
            where = np.flatnonzero(is_text)
            parsed, empty = _parse_column(values[is_text], column, decimal, values.attrs.get("number_decimal"), name)
            arr[where], blank[where] = parsed, empty
        num = pd.Series(arr, index=values.index)
        bad = (num.isna() & values.notna()).to_numpy() & ~blank
        if bad.any():
            zh, en = name(values.index[bad], values[bad], bare=True)
            raise fail(f"列 '{column}' 含非数值：{zh}。需要数字。", f"Column '{column}' has non-numeric values at {en}; numbers expected.")
    fail_missing(values, num.isna(), column, name, "数值", "value")
    inf = np.isinf(num.to_numpy())
    if inf.any():
        zh, en = name(values.index[inf])
        raise fail(f"列 '{column}' 含无穷大：{zh}。", f"Column '{column}' has infinite values at {en}.")
    return num


def _parse_column(text: pd.Series, column: str, decimal: str | None, hint: str | None,
                  name: Namer) -> tuple[np.ndarray, np.ndarray]:
    """Decide the column's decimal separator and read it: (values, NaN where not a number;
    blank texts). Ordinary texts are read by the vectorised scan, the rest by the regular
    expression (see :mod:`._fastnum`)."""
    n = len(text)
    sc = scan(text)
    simple = sc.simple if sc is not None else np.zeros(n, dtype=bool)
    rest = np.flatnonzero(~simple)
    stripped = text.iloc[rest].astype("string").str.translate(FULLWIDTH).str.strip()
    blank = np.zeros(n, dtype=bool)
    blank[rest] = (stripped == "").to_numpy()
    if decimal is None:
        point, comma, either, dotted, _ = _evidence(text, sc)
        point &= ~blank
        comma &= ~blank
        if point.any() and comma.any():
            zh_p, en_p = name(text.index[point], text[point], limit=3)
            zh_c, en_c = name(text.index[comma], text[comma], limit=3)
            raise fail(f"列 '{column}' 混用了小数点与小数逗号：{zh_p} 用小数点，{zh_c} 用小数逗号。"
                       "请统一数字格式，或用 decimal='.' / decimal=',' 指定小数分隔符。",
                       f"Column '{column}' mixes decimal points ({en_p}) and decimal commas ({en_c}); "
                       "use one number format, or pass decimal='.' or decimal=','.")
        if comma.any():
            decimal = ","
        elif point.any():
            decimal = "."
        elif hint in (".", ","):
            decimal = hint
        else:
            decimal = "."
            if dotted.any():  # 1.234: 1.234 or 1234?
                ex = text[dotted].iloc[0]
                warn(f"列 '{column}' 中的数字（如 '{ex}'）既可按小数点读也可按千位分隔符读；整列按小数点读取。"
                     "若 '.' 是千位分隔符，请传 decimal=','。",
                     f"Numbers in column '{column}' (e.g. '{ex}') read either with a decimal point or with "
                     "a thousands separator; the whole column is read with a decimal point. If '.' "
                     "separates thousands, pass decimal=','.", stacklevel=caller_level())
    values = np.full(n, np.nan)
    slow = ~blank
    if sc is not None:
        fast, ok = assemble(sc, decimal)
        values[ok] = fast[ok]
        slow &= ~ok
    if slow.any():
        values[slow] = parse_numbers(text[slow], decimal).to_numpy()
    return values, blank
