"""Shewhart control charts of complaint counts (投诉控制图), chapter 07.

- :func:`c_chart` — the c chart (c 图): counts per period against c̄ ± 3√c̄, for periods of
  the same size (e.g. weekly complaints when deliveries hardly change).
- :func:`u_chart` — the u chart (u 图): complaints per unit of exposure (e.g. per 1,000
  deliveries), u_i = c_i / n_i, against ū ± 3√(ū / n_i), limits that widen when n_i is small.

Both can estimate the centre from a baseline (phase I, 基准期) and apply it to every period
(phase II), and both flag the points beyond the limits and the runs of points on one side of
the centre (Western Electric / Nelson rule 2, 连续同侧). The lower limit is floored at 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import examples, fail

__all__ = ["c_chart", "u_chart"]


# ------------------------------------------------------------------ checks
def _labels(index: pd.Index) -> list[str]:
    """Period labels for messages: dates without a midnight time, periods as pandas prints them."""
    if isinstance(index, pd.DatetimeIndex) and (index.dropna() == index.dropna().normalize()).all():
        return pd.Index(index.strftime("%Y-%m-%d")).fillna("NaT").tolist()
    return index.astype(str).tolist()


def _bad(index: pd.Index, mask: np.ndarray, values=None) -> str:
    """``examples`` of the periods where ``mask`` is True."""
    where = np.flatnonzero(mask)
    return examples(_labels(index[where]), None if values is None else np.asarray(values, dtype=object)[where])


def _series(x, zh: str, en: str) -> pd.Series:
    if not isinstance(x, pd.Series):
        raise fail(f"{zh}应为 pandas Series（按期索引），得到的是 {type(x).__name__}。",
                   f"{en} must be a pandas Series indexed by period, got {type(x).__name__}.")
    if len(x) == 0:
        raise fail(f"{zh}是空的：至少需要 2 期。", f"{en} is empty: at least 2 periods are needed.")
    dup = x.index.duplicated(keep=False)
    if dup.any():
        raise fail(f"{zh}的期次重复：{_bad(x.index, dup)}；每期只能有一行。",
                   f"{en} has repeated periods: {_bad(x.index, dup)}; one row per period is expected.")
    if pd.api.types.is_bool_dtype(x.dtype):
        raise fail(f"{zh}是真/假值，应为数字。", f"{en} holds True/False values; numbers are expected.")
    return x


def _numbers(x: pd.Series, zh: str, en: str) -> np.ndarray:
    """Float values of ``x``; fail naming the periods that are missing or not numbers."""
    num = pd.to_numeric(x, errors="coerce")
    vals = num.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(vals)
    if bad.any():
        shown = x.to_numpy(dtype=object)
        raise fail(f"{zh}在这些期缺失或不是有限的数字：{_bad(x.index, bad, shown)}。",
                   f"{en} is missing or not a finite number in period(s) {_bad(x.index, bad, shown)}.")
    return vals


def _counts(counts) -> np.ndarray:
    counts = _series(counts, "投诉数", "counts")
    c = _numbers(counts, "投诉数", "counts")
    shown = counts.to_numpy(dtype=object)
    neg = c < 0
    if neg.any():
        raise fail(f"投诉数不能为负：{_bad(counts.index, neg, shown)}。",
                   f"counts must not be negative: period(s) {_bad(counts.index, neg, shown)}.")
    frac = c != np.round(c)
    if frac.any():
        raise fail(f"投诉数应为整数：{_bad(counts.index, frac, shown)}。",
                   f"counts must be whole numbers: period(s) {_bad(counts.index, frac, shown)}.")
    return c


def _settings(sigma, run) -> None:
    if isinstance(sigma, bool) or not isinstance(sigma, (int, float, np.integer, np.floating)) \
            or not np.isfinite(sigma) or sigma <= 0:
        raise fail(f"sigma（控制限的标准差倍数）应为正数，得到 {sigma!r}；常用 3。",
                   f"sigma (the width of the limits in standard deviations) must be a positive number, "
                   f"got {sigma!r}; 3 is usual.")
    if isinstance(run, bool) or not isinstance(run, (int, np.integer)) or run < 2:
        raise fail(f"run（连续同侧的点数）应为不小于 2 的整数，得到 {run!r}；常用 8（或 7、9）。",
                   f"run (consecutive points on one side of the centre) must be an integer of at least 2, "
                   f"got {run!r}; 8 is usual (or 7, 9).")


def _baseline(index: pd.Index, baseline) -> np.ndarray:
    """Boolean array: the periods that estimate the centre (基准期)."""
    n = len(index)
    if baseline is None:
        keep = np.ones(n, dtype=bool)
    elif isinstance(baseline, slice):
        try:
            pos = pd.Series(np.arange(n), index=index).loc[baseline].to_numpy()
        except (KeyError, TypeError, ValueError) as exc:
            raise fail(f"基准期 baseline={baseline!r} 无法在期次索引上切片（索引需按时间排序，边界需与索引同类型）：{exc}",
                       f"baseline={baseline!r} cannot slice the period index (it must be sorted and the "
                       f"bounds of the index's type): {exc}") from None
        keep = np.zeros(n, dtype=bool)
        keep[pos] = True
    elif isinstance(baseline, pd.Series):
        if not pd.api.types.is_bool_dtype(baseline.dtype) or baseline.isna().any():
            raise fail(f"基准期 baseline 应为真/假值的 Series（没有缺失），得到的类型是 {baseline.dtype}。",
                       f"baseline must be a Series of True/False without missing values, got dtype "
                       f"{baseline.dtype}.")
        if baseline.index.has_duplicates:
            raise fail("基准期 baseline 的期次重复。", "baseline has repeated periods.")
        if not baseline.index.equals(index):
            missing = ~index.isin(baseline.index)
            extra = ~baseline.index.isin(index)
            if missing.any() or extra.any():
                raise fail(f"基准期 baseline 的期次与投诉数不一致：缺少 {_bad(index, missing) or '无'}，"
                           f"多出 {_bad(baseline.index, extra) or '无'}。",
                           f"baseline's periods differ from those of counts: missing "
                           f"{_bad(index, missing) or 'none'}, extra {_bad(baseline.index, extra) or 'none'}.")
            baseline = baseline.reindex(index)
        keep = baseline.to_numpy(dtype=bool)
    else:
        raise fail(f"基准期 baseline 应为期次的切片、真/假值的 Series 或 None，得到 {type(baseline).__name__}。",
                   f"baseline must be a slice of the periods, a boolean Series or None, got "
                   f"{type(baseline).__name__}.")
    if keep.sum() < 2:
        raise fail(f"基准期只有 {int(keep.sum())} 期：估计中心线至少需要 2 期。",
                   f"the baseline holds {int(keep.sum())} period(s): at least 2 are needed to estimate the centre.")
    return keep


# ------------------------------------------------------------------ the rules
def _run_flags(side: np.ndarray, run: int) -> np.ndarray:
    """True for every point of a run of ``run`` or more consecutive points on one side of the
    centre (连续同侧, Nelson rule 2). ``side`` is -1 (below), 0 (on the centre, breaks a run) or
    +1 (above). Vectorised: a run starts where the side changes; its length is the distance to
    the next start.

    >>> _run_flags(np.array([1, 1, 1, 0, -1, -1, 1, 1, 1]), 3).astype(int).tolist()
    [1, 1, 1, 0, 0, 0, 1, 1, 1]
    """
    side = np.asarray(side)
    n = len(side)
    if n == 0:
        return np.zeros(0, dtype=bool)
    starts = np.flatnonzero(np.r_[True, side[1:] != side[:-1]])
    lengths = np.diff(np.r_[starts, n])
    return np.repeat(lengths >= run, lengths) & (side != 0)


def _side(value: np.ndarray, centre: float) -> np.ndarray:
    """-1 / 0 / +1 relative to the centre; a value equal to it up to rounding counts as on it."""
    on = np.isclose(value, centre, rtol=1e-9, atol=0.0)
    return np.where(on, 0, np.sign(value - centre)).astype(int)


# ------------------------------------------------------------------ the charts
def c_chart(counts: pd.Series, *, baseline: slice | pd.Series | None = None, sigma: float = 3.0,
            run: int = 8) -> pd.DataFrame:
    """The c chart (c 图, 控制图 of counts): each period's count against the centre line
    c̄ and the control limits c̄ ± sigma·√c̄ (lower limit floored at 0).

    Parameters
    ----------
    counts
        Complaints per period (投诉数), indexed by period (a weekly DatetimeIndex, a PeriodIndex,
        sample numbers…): non-negative whole numbers, one row per period.
    baseline
        The periods that estimate c̄ (基准期, phase I): a slice of the index, label-based and
        inclusive like ``.loc`` (``slice("2024-01-01", "2024-12-31")``), or a boolean Series on
        the same periods; ``None`` = all periods. The limits then apply to every period.
    sigma
        Width of the limits in standard deviations (3 = Shewhart's 3σ limits).
    run
        Length of a run on one side of the centre that signals a shift (8 = Nelson rule 2).

    Returns
    -------
    DataFrame on the periods of ``counts`` with ``count``, ``centre``, ``lcl``, ``ucl`` (控制
    下限 / 上限), ``above`` (count > ucl), ``below`` (count < lcl) and ``run_side`` (the point
    belongs to ``run`` or more consecutive points on the same side of the centre; a point on
    the centre breaks a run).

    >>> chart = c_chart(pd.Series([3, 5, 4, 4, 12]), baseline=slice(0, 3))
    >>> float(chart["centre"].iloc[0]), float(chart["ucl"].iloc[0]), chart["above"].tolist()
    (4.0, 10.0, [False, False, False, False, True])
    """
    c = _counts(counts)
    _settings(sigma, run)
    keep = _baseline(counts.index, baseline)
    centre = float(c[keep].sum() / keep.sum())
    if centre == 0:
        raise fail("基准期内没有任何投诉（中心线为 0）：c 图的控制限无法估计，请换一段基准期。",
                   "the baseline has no complaints (centre 0): the c chart's limits cannot be estimated; "
                   "choose another baseline.")
    half = sigma * np.sqrt(centre)
    n = len(c)
    out = pd.DataFrame({
        "count": c.astype(np.int64),
        "centre": np.full(n, centre),
        "lcl": np.full(n, max(centre - half, 0.0)),
        "ucl": np.full(n, centre + half),
    }, index=counts.index)
    out["above"] = out["count"].to_numpy() > out["ucl"].to_numpy()
    out["below"] = out["count"].to_numpy() < out["lcl"].to_numpy()
    out["run_side"] = _run_flags(_side(c, centre), run)
    return out


def u_chart(counts: pd.Series, exposure: pd.Series, *, per: float = 1.0,
            baseline: slice | pd.Series | None = None, sigma: float = 3.0, run: int = 8) -> pd.DataFrame:
    """The u chart (u 图, 控制图 of rates): complaints per unit of exposure,
    u_i = c_i / n_i, against the centre ū = Σc / Σn (over the baseline) and the limits
    ū ± sigma·√(ū / n_i), which narrow when the exposure n_i grows (lower limit floored at 0).

    Parameters
    ----------
    counts
        Complaints per period (投诉数), as in :func:`c_chart`.
    exposure
        The exposure of each period (暴露量, e.g. deliveries or orders), on the same periods as
        ``counts`` (in any order; it is aligned on them): positive numbers, none missing.
    per
        Unit of the rates (每多少单位): ``per=1000`` shows complaints per 1,000 deliveries;
        ``u_value``, ``centre``, ``lcl`` and ``ucl`` are all multiplied by it.
    baseline, sigma, run
        As in :func:`c_chart`.

    Returns
    -------
    DataFrame on the periods of ``counts`` with ``count``, ``exposure``, ``u_value`` (count /
    exposure × per), ``centre``, ``lcl``, ``ucl`` (varying with the exposure), ``above``,
    ``below`` and ``run_side``; the flags do not depend on ``per``.

    >>> chart = u_chart(pd.Series([3, 6, 2]), pd.Series([100, 150, 50]), per=1000)
    >>> round(float(chart["centre"].iloc[0]), 2), chart["u_value"].tolist()
    (36.67, [30.0, 40.0, 40.0])
    """
    c = _counts(counts)
    exposure = _series(exposure, "暴露量", "exposure")
    if not exposure.index.equals(counts.index):
        missing = ~counts.index.isin(exposure.index)
        extra = ~exposure.index.isin(counts.index)
        if missing.any() or extra.any():
            raise fail(f"暴露量与投诉数的期次不一致：暴露量缺少 {_bad(counts.index, missing) or '无'}，"
                       f"多出 {_bad(exposure.index, extra) or '无'}。",
                       f"exposure and counts cover different periods: exposure lacks "
                       f"{_bad(counts.index, missing) or 'none'} and has extra {_bad(exposure.index, extra) or 'none'}.")
        exposure = exposure.reindex(counts.index)
    n_i = _numbers(exposure, "暴露量", "exposure")
    nonpos = n_i <= 0
    if nonpos.any():
        raise fail(f"暴露量应为正数：{_bad(counts.index, nonpos, n_i)}。",
                   f"exposure must be positive: period(s) {_bad(counts.index, nonpos, n_i)}.")
    if isinstance(per, bool) or not isinstance(per, (int, float, np.integer, np.floating)) \
            or not np.isfinite(per) or per <= 0:
        raise fail(f"per（每多少单位）应为正数，得到 {per!r}；例如 1000 表示每千次。",
                   f"per (the unit of the rates) must be a positive number, got {per!r}; e.g. 1000 for per 1,000.")
    _settings(sigma, run)
    keep = _baseline(counts.index, baseline)
    ubar = float(c[keep].sum() / n_i[keep].sum())
    if ubar == 0:
        raise fail("基准期内没有任何投诉（中心线为 0）：u 图的控制限无法估计，请换一段基准期。",
                   "the baseline has no complaints (centre 0): the u chart's limits cannot be estimated; "
                   "choose another baseline.")
    u = c / n_i
    half = sigma * np.sqrt(ubar / n_i)
    lcl = np.maximum(ubar - half, 0.0)
    ucl = ubar + half
    out = pd.DataFrame({
        "count": c.astype(np.int64),
        "exposure": n_i,
        "u_value": u * per,
        "centre": np.full(len(c), ubar * per),
        "lcl": lcl * per,
        "ucl": ucl * per,
        "above": u > ucl,  # compared before scaling: the flags are the same for every ``per``
        "below": u < lcl,
        "run_side": _run_flags(_side(u, ubar), run),
    }, index=counts.index)
    return out
