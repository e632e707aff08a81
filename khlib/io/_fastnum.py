"""The vectorised reader of ordinary number texts (``1,234.50``, ``27.352,17``, ``¥1 234,5元``,
``-12``): the characters of a column as a matrix of code points, the decimal-separator evidence
and the values computed with numpy, no Python call per value. Texts it does not understand
(万, parentheses, trailing minus, full-width digits, exponents, Indian grouping, more than 15
digits, very long texts) are left to the regular-expression reader of :mod:`._numbers`, which
gives the same results, only slower.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

_SPACE = [0x20, 0x09, 0xA0, 0x202F, 0x2009, 0x3000, 0x27, 0x2019]  # grouping or padding
_CURRENCY = [0xA5, 0xFFE5, 0x24, 0x20AC, 0xA3]  # before the digits
_YUAN = 0x5143  # 元, after the digits
_CHUNK = 200_000
_MAX_WIDTH = 40
_POW10 = 10 ** np.arange(16, dtype=np.int64)


class Scan(NamedTuple):
    """Per value: understood here (``simple``), the decimal evidence, and the codes to assemble."""

    simple: np.ndarray
    point: np.ndarray
    comma: np.ndarray
    either: np.ndarray
    dotted: np.ndarray
    chars: list  # per chunk: code-point matrices (None when the column was not scanned)


def matrix(text: np.ndarray) -> np.ndarray | None:
    """Code points of short texts as an (n, width) matrix, zero-padded; None for long or non-text values."""
    try:
        u = text.astype(str)
    except (TypeError, ValueError):
        return None
    width = u.dtype.itemsize // 4
    if width == 0 or width > _MAX_WIDTH:
        return None
    return u.view(np.uint32).reshape(len(u), width)


def _scan_chunk(c: np.ndarray):
    n, w = c.shape
    pos = np.arange(w)
    digit = (c >= 48) & (c <= 57)
    dot, com = c == 46, c == 44
    space, cur, yuan = np.isin(c, _SPACE), np.isin(c, _CURRENCY), c == _YUAN
    sign = (c == 45) | (c == 43)
    has = digit.any(axis=1)
    first = np.where(has, digit.argmax(axis=1), 0)
    last = np.where(has, w - 1 - digit[:, ::-1].argmax(axis=1), 0)
    before, after = pos[None, :] < first[:, None], pos[None, :] > last[:, None]
    inside = ~before & ~after
    allowed = digit | ((dot | com) & inside) | space | (cur & before) | (yuan & after) | (sign & before) | (c == 0)
    n_digits = digit.sum(axis=1)
    simple = allowed.all(axis=1) & has & (sign.sum(axis=1) <= 1) & (n_digits <= 15)
    n_dot, n_com = dot.sum(axis=1), com.sum(axis=1)
    last_dot = np.where(dot, pos, -1).max(axis=1)
    last_com = np.where(com, pos, -1).max(axis=1)
    cum = digit.cumsum(axis=1)
    rows = np.arange(n)
    lead_dot = np.where(last_dot >= 0, cum[rows, np.maximum(last_dot, 0)], 0)
    lead_com = np.where(last_com >= 0, cum[rows, np.maximum(last_com, 0)], 0)
    zero_first = c[rows, first] == 48
    grouped = (space & inside).any(axis=1)

    def decisive(lead):
        return ((n_digits - lead) != 3) | (lead > 3) | zero_first | grouped

    both = (n_dot > 0) & (n_com > 0)
    one_dot, one_com = (n_dot == 1) & (n_com == 0), (n_com == 1) & (n_dot == 0)
    point = (both & (last_dot > last_com)) | ((n_com >= 2) & (n_dot == 0)) | (one_dot & decisive(lead_dot))
    comma = (both & (last_com > last_dot)) | ((n_dot >= 2) & (n_com == 0)) | (one_com & decisive(lead_com))
    either = (one_dot | one_com) & ~point & ~comma
    return simple, point & simple, comma & simple, either & simple, one_dot & either & simple


def scan(text: pd.Series) -> Scan | None:
    """Scan a column of texts (None when it holds something else or texts too long)."""
    arr = text.to_numpy(dtype=object, na_value="")
    parts, mats = [], []
    for lo in range(0, len(arr), _CHUNK):
        c = matrix(arr[lo:lo + _CHUNK])
        if c is None:
            return None
        parts.append(_scan_chunk(c))
        mats.append(c)
    if not parts:
        return None
    return Scan(*(np.concatenate([p[k] for p in parts]) for k in range(5)), mats)


def _assemble_chunk(c: np.ndarray, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    n, w = c.shape
    pos = np.arange(w)
    rows = np.arange(n)
    digit = (c >= 48) & (c <= 57)
    dec = c == (46 if decimal == "." else 44)
    thou = c == (44 if decimal == "." else 46)
    has = digit.any(axis=1)
    first = np.where(has, digit.argmax(axis=1), 0)
    last = np.where(has, w - 1 - digit[:, ::-1].argmax(axis=1), 0)
    inside = (pos[None, :] > first[:, None]) & (pos[None, :] < last[:, None])
    n_dec = dec.sum(axis=1)
    dec_pos = np.where(n_dec == 1, np.where(dec, pos, -1).max(axis=1), w)
    in_int = pos[None, :] < dec_pos[:, None]
    group = (thou | (np.isin(c, _SPACE) & inside)) & in_int
    ok = (n_dec <= 1) & ~(thou & ~in_int).any(axis=1)
    # groups of three digits after every separator, one to three before the first one
    pad = np.zeros((n, w + 4), dtype=bool)
    pad[:, :w] = digit
    three = pad[:, 1:w + 1] & pad[:, 2:w + 2] & pad[:, 3:w + 3] & ~pad[:, 4:w + 4]
    ok &= (~group | three).all(axis=1)
    lead = np.where(group.any(axis=1), group.argmax(axis=1) - first, 1)
    ok &= (lead >= 1) & (lead <= 3)
    cum = digit.cumsum(axis=1)
    total = cum[:, -1]
    power = np.clip(total[:, None] - cum, 0, 15)
    mantissa = np.where(digit, (c.astype(np.int64) - 48) * _POW10[power], 0).sum(axis=1)
    frac = np.where(n_dec == 1, total - cum[rows, np.minimum(dec_pos, w - 1)], 0)
    value = mantissa / 10.0 ** frac
    negative = (c == 45).any(axis=1)
    return np.where(negative, -value, value), ok


def assemble(s: Scan, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    """Values of the scanned texts read with ``decimal``; second array: read here (else NaN and
    left to the regular-expression reader)."""
    values, ok = zip(*(_assemble_chunk(c, decimal) for c in s.chars))
    ok = np.concatenate(ok) & s.simple
    return np.where(ok, np.concatenate(values), np.nan), ok


def plain_numbers(text: np.ndarray) -> tuple[bool, bool] | None:
    """Whether texts are all plain numbers pandas would read the same in any locale: (all
    integers without leading zeros, all plain with a proven decimal point). None: not plain."""
    ints = True
    point = False
    for lo in range(0, len(text), _CHUNK):
        c = matrix(text[lo:lo + _CHUNK])
        if c is None:
            return None
        n, w = c.shape
        pos = np.arange(w)
        digit = (c >= 48) & (c <= 57)
        dot = c == 46
        minus = (c == 45) & (pos[None, :] == 0)
        if not (digit | dot | minus | (c == 0)).all():
            return None
        start = np.where(c[:, 0] == 45, 1, 0)
        rows = np.arange(n)
        at = np.minimum(start, w - 1)  # a lone "-" has no character after its sign
        lead_zero = (c[rows, at] == 48) & np.isin(c[rows, np.minimum(start + 1, w - 1)], np.arange(48, 58)) & (w > 1)
        n_dot = dot.sum(axis=1)
        n_digit = digit.sum(axis=1)
        dot_pos = np.where(dot, pos, -1).max(axis=1)
        ends = (dot_pos == start) | (dot_pos == (c != 0).sum(axis=1) - 1)
        if (n_dot > 1).any() or lead_zero.any() or (n_digit == 0).any() or (n_digit > 15).any() or (ends & (n_dot == 1)).any():
            return None
        ints &= bool((n_dot == 0).all())
        lead = np.where(n_dot == 1, digit.cumsum(axis=1)[rows, np.maximum(dot_pos, 0)], 0)
        point |= bool(((n_dot == 1) & (((n_digit - lead) != 3) | (lead > 3) | (c[rows, at] == 48))).any())
    return ints, point
