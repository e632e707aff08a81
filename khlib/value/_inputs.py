"""Input checks of chapter 01 (输入检查)：见第01章 客户价值。

Every number a CLV formula or a BTYD prediction receives is checked here before it is used, so
that a wrong input is a clear bilingual error, never a silent wrong number:

- :func:`rate` — retention, churn and discount rates, margin rates: fractions in [0, 1) (or the
  interval the caller asks for); 10 meant as 10% is an error that suggests 0.10;
- :func:`money`, :func:`positive`, :func:`count` — finite amounts, positive finite numbers,
  whole numbers;
- :func:`btyd_values` — the per-customer values of the BTYD models (frequency whole ≥ 0,
  0 ≤ recency ≤ T, T and t finite ≥ 0, mean spend > 0 where frequency > 0), vectorised, naming
  the offending customers (the index of a Series or of the summary) or positions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import examples, fail

#: recency may exceed T by this much (rounding of two divisions by the time unit).
TOLERANCE = 1e-9

#: per-customer BTYD values: (what is expected in Chinese, in English, test of a valid value)
_RULES = {
    "frequency": ("≥ 0 的整数（重复购买次数）", "whole numbers >= 0 (repeat purchases)",
                  lambda v: (v >= 0) & (v == np.floor(v))),
    "recency": ("≥ 0 的有限数", "finite numbers >= 0", lambda v: v >= 0),
    "T": ("≥ 0 的有限数（客户观察时长）", "finite numbers >= 0 (customer age)", lambda v: v >= 0),
    "t": ("≥ 0 的有限数（预测期长度）", "finite numbers >= 0 (length of the forecast period)", lambda v: v >= 0),
    "monetary_value": ("≥ 0 的有限数（平均消费）", "finite numbers >= 0 (mean spend)", lambda v: v >= 0),
}


def _shown(x) -> str:
    return f"{float(x):g}"


def _number(value, name: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise fail(f"{name} 须是一个数，得到 {value!r}。", f"{name} must be a number, got {value!r}.") from None


def rate(value, name: str, *, zero: bool = True, one: bool = False, meaning: tuple[str, str] | None = None):
    """A rate as a fraction (比率): in [0, 1) by default, (0, …) with ``zero=False``, (…, 1] with
    ``one=True``; NaN and infinities are never valid. A scalar gives a float, a list an array.
    A value of 1 or more whose hundredth is valid is taken for a percentage written as a number
    and the message suggests the fraction; ``meaning`` adds an example such as
    ("0.01 即每月 1%", "0.01 = 1% a month").

    >>> rate(0.1, "discount")
    0.1
    >>> rate(10, "discount")
    Traceback (most recent call last):
    khlib._errors.KhlibInputError: discount 是比率，须在 [0, 1) 之间（写成小数），得到 10；是指 10% 吗？请写 0.1（10 → 0.1）。
    discount is a rate and must be in [0, 1) (a fraction), got 10; did you mean 10%? Write 0.1 (10 → 0.1).
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise fail(f"{name} 须是数（比率），得到 {value!r}。", f"{name} must be a number (a rate), got {value!r}.") from None

    def valid(v):
        return ((v >= 0) if zero else (v > 0)) & ((v <= 1) if one else (v < 1))

    ok = valid(arr)
    if not ok.all():
        bad = arr[~ok]
        interval = f"{'[' if zero else '('}0, 1{']' if one else ')'}"
        if arr.ndim == 0:
            got_zh = got_en = _shown(arr)
        else:
            listed = examples(np.flatnonzero(~ok).tolist(), bad.tolist())
            got_zh, got_en = f"位置 {listed}", f"position(s) {listed}"
        extra_zh, extra_en = (f"，{meaning[0]}", f", {meaning[1]}") if meaning else ("", "")
        zh = f"{name} 是比率，须在 {interval} 之间（写成小数{extra_zh}），得到 {got_zh}"
        en = f"{name} is a rate and must be in {interval} (a fraction{extra_en}), got {got_en}"
        pct = [b for b in bad if b >= 1 and valid(b / 100)]
        if pct:
            p = pct[0]
            zh += f"；是指 {p:g}% 吗？请写 {p / 100:g}（{p:g} → {p / 100:g}）"
            en += f"; did you mean {p:g}%? Write {p / 100:g} ({p:g} → {p / 100:g})"
        raise fail(zh + "。", en + ".")
    return float(arr) if arr.ndim == 0 else arr


def money(value, name: str) -> float:
    """A finite amount of money (金额): any sign, never NaN or infinite.

    >>> money(75, "acquisition_cost")
    75.0
    """
    x = _number(value, name)
    if not np.isfinite(x):
        raise fail(f"{name} 须是有限的金额，得到 {x}。", f"{name} must be a finite amount, got {x}.")
    return x


def positive(value, name: str) -> float:
    """A finite number > 0 (正数), e.g. model time units per month.

    >>> positive(4.348, "periods_per_month")
    4.348
    """
    x = _number(value, name)
    if not (np.isfinite(x) and x > 0):
        raise fail(f"{name} 须是大于 0 的有限数，得到 {x}。", f"{name} must be a finite number > 0, got {x}.")
    return x


def count(value, name: str, *, low: int = 1) -> int:
    """A whole number ≥ ``low`` (整数), e.g. months or years; 12.0 is accepted as 12.

    >>> count(12, "months")
    12
    """
    x = _number(value, name)
    if not (np.isfinite(x) and x == int(x) and x >= low):
        raise fail(f"{name} 须是 ≥ {low} 的整数，得到 {value!r}。", f"{name} must be a whole number >= {low}, got {value!r}.")
    return int(x)


def _as_floats(value) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except ValueError:  # text among the values: it becomes NaN, which the checks then report
        return pd.to_numeric(pd.Series(np.ravel(value)), errors="coerce").to_numpy(dtype=float)


def _where(value, labels, size: int):
    """Labels of the rows of ``value``: its own index (a Series), the summary's, or positions."""
    if isinstance(value, pd.Series) and len(value) == size:
        return value.index, ("客户 ", "customer(s) ")
    if labels is not None and len(labels) == size:
        return pd.Index(labels), ("客户 ", "customer(s) ")
    return pd.RangeIndex(size), ("位置 ", "position(s) ")


def _complain(name: str, value, labels, bad: np.ndarray, shown: np.ndarray, rule: tuple[str, str]):
    idx, (w_zh, w_en) = _where(value, labels, bad.size)
    flat = np.ravel(bad)
    listed = examples(idx[flat], np.ravel(shown)[flat].tolist())
    n = int(flat.sum())
    raise fail(f"{name} 有 {n} 个值不符合要求（须为 {rule[0]}）：{w_zh}{listed}。",
               f"{name} has {n} invalid value(s) (expected {rule[1]}): {w_en}{listed}.")


def btyd_values(*, labels=None, **values) -> tuple[np.ndarray, ...]:
    """Check and convert per-customer BTYD values given by role (``frequency``, ``recency``,
    ``T``, ``t``, ``monetary_value``) into float arrays, in the order given (检查 BTYD 输入).
    NaN and infinities are never valid; recency must not exceed T, mean spend must be > 0 where
    frequency > 0, and the arrays must broadcast together. Offending rows are named by the index
    of a Series, else by ``labels`` (a summary's index), else by position.

    >>> btyd_values(frequency=[1, 2.5], recency=[1, 1], T=[2, 2])
    Traceback (most recent call last):
    khlib._errors.KhlibInputError: frequency 有 1 个值不符合要求（须为 ≥ 0 的整数（重复购买次数））：位置 1 (2.5)。
    frequency has 1 invalid value(s) (expected whole numbers >= 0 (repeat purchases)): position(s) 1 (2.5).
    """
    out = {}
    for name, value in values.items():
        arr = _as_floats(value)
        bad = ~(np.isfinite(arr) & _RULES[name][2](arr))
        if bad.any():
            _complain(name, value, labels, bad, arr, _RULES[name])
        out[name] = arr
    try:
        np.broadcast_shapes(*(a.shape for a in out.values()))
    except ValueError:
        shapes = {k: a.shape for k, a in out.items()}
        raise fail(f"各输入的长度不一致：{shapes}。", f"The inputs differ in length: {shapes}.") from None
    if "recency" in out and "T" in out:
        tx, T = np.broadcast_arrays(out["recency"], out["T"])
        late = tx > T + TOLERANCE
        if late.any():
            _complain("recency", values["recency"], labels, late, tx,
                      ("不大于 T 的数（最近购买不会晚于观察期末）", "numbers <= T (the last purchase lies within the customer's age)"))
    if "monetary_value" in out and "frequency" in out:
        x, m = np.broadcast_arrays(out["frequency"], out["monetary_value"])
        unpaid = (x > 0) & (m <= 0)
        if unpaid.any():
            _complain("monetary_value", values["monetary_value"], labels, unpaid, m,
                      ("frequency > 0 的客户须 > 0", "> 0 where frequency > 0"))
    return tuple(out.values())
