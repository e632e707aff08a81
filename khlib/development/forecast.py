"""The weighted pipeline forecast (加权管道预测) and its backtest.

At a date ``asof`` every open lead sits in a stage. The forecast of what will be won in the next
``horizon_days`` is, per stage, the share of leads in that stage that history shows were won
within such a horizon, times their expected amounts — plus what new leads, not yet in the
pipeline, typically win inside the horizon. Everything is estimated from what was known at
``asof``: past snapshots (every ``step_days`` over the ``lookback_days`` before it) whose
horizon had ended by then. The backtest runs this at the start of past quarters and compares
with what was actually won: a forecast that cannot be checked is not a forecast.

The functions read the lead timeline (:func:`khlib.summary.lead_timeline`: one row per lead, one
date column per stage and outcome), so any past state of the pipeline is one comparison away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import fail
from ..periods import day_number
from ..summary.pipeline import OUTCOMES

_NEVER = np.iinfo(np.int64).max


def _grid(timeline: pd.DataFrame) -> tuple[np.ndarray, list[str], int]:
    """Day numbers (never reached = a huge number), state names, number of stages."""
    if not isinstance(timeline, pd.DataFrame) or timeline.empty:
        raise fail("timeline 应是 kh.summary.lead_timeline 的结果（每条线索一行）。",
                   "timeline must be the result of kh.summary.lead_timeline (one row per lead).")
    cols = list(timeline.columns)
    if cols[-len(OUTCOMES):] != list(OUTCOMES) or len(cols) <= len(OUTCOMES):
        raise fail(f"timeline 的最后两列应是 {list(OUTCOMES)}，前面是各阶段。",
                   f"timeline's last columns must be {list(OUTCOMES)}, after the stages.")
    bad = [c for c in cols if not pd.api.types.is_datetime64_any_dtype(timeline[c])]
    if bad:
        raise fail(f"timeline 的列 {bad} 不是日期。", f"timeline columns {bad} are not dates.")
    days = np.column_stack([timeline[c].to_numpy().astype("datetime64[D]").astype(np.int64) for c in cols])
    nat = np.column_stack([timeline[c].isna().to_numpy() for c in cols])
    days[nat] = _NEVER
    return days, cols, len(cols) - len(OUTCOMES)



def _state_at(days: np.ndarray, d: int) -> np.ndarray:
    """Index of each lead's state at the end of day ``d`` (-1: not created yet)."""
    k = days.shape[1]
    reached = days <= d
    return np.where(reached.any(axis=1), k - 1 - np.argmax(reached[:, ::-1], axis=1), -1)


def states_at(timeline: pd.DataFrame, asof) -> pd.Series:
    """Each lead's state at the end of ``asof`` (管道快照): a stage, 赢单 or 丢单; missing for
    leads created later.

    >>> tl = pd.DataFrame({"开发": pd.to_datetime(["2025-01-01", "2025-03-01"]), "立项": pd.to_datetime(["2025-02-01", None]),
    ...                    "赢单": pd.to_datetime([None, None]), "丢单": pd.to_datetime([None, None])}, index=["L1", "L2"])
    >>> states_at(tl, "2025-02-15").tolist()
    ['立项', nan]
    """
    days, cols, _ = _grid(timeline)
    s = _state_at(days, day_number(asof, "asof"))
    return pd.Series(np.where(s >= 0, np.asarray(cols, dtype=object)[np.maximum(s, 0)], np.nan),
                     index=timeline.index, name="state")


def horizon_win_rates(timeline: pd.DataFrame, asof, *, horizon_days: int = 91, lookback_days: int = 365,
                      step_days: int = 7) -> pd.DataFrame:
    """Per stage: of the leads that sat in it at past snapshots, the share won within
    ``horizon_days`` (按阶段的限期赢单率). Snapshots every ``step_days`` over the
    ``lookback_days`` before ``asof``, only those whose horizon ended by ``asof`` (no look-ahead).
    Columns ``exposures`` (lead-snapshots in the stage), ``won`` and ``rate``.
    """
    days, cols, n_st = _grid(timeline)
    asof_d = day_number(asof, "asof")
    for v, name in ((horizon_days, "horizon_days"), (lookback_days, "lookback_days"), (step_days, "step_days")):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise fail(f"{name} 应是正整数，而不是 {v!r}。", f"{name} must be a positive integer, not {v!r}.")
    won_day = days[:, n_st]
    last = asof_d - horizon_days
    snaps = np.arange(last, last - lookback_days, -step_days)
    snaps = snaps[snaps >= days[:, 0].min()]  # before the first lead a snapshot sees nothing
    if len(snaps) == 0:
        raise fail(f"{pd.Timestamp(asof).date()} 之前的历史不足 {horizon_days} 天，无法估计赢单率。",
                   f"Less than {horizon_days} days of history before {pd.Timestamp(asof).date()}: no win rates to estimate.")
    exposures = np.zeros(n_st)
    won = np.zeros(n_st)
    for d in snaps:  # one vectorised pass per snapshot date (52 a year), not per lead
        s = _state_at(days, d)
        open_ = (s >= 0) & (s < n_st)
        hit = open_ & (won_day > d) & (won_day <= d + horizon_days)
        exposures += np.bincount(s[open_], minlength=n_st)[:n_st]
        won += np.bincount(s[hit], minlength=n_st)[:n_st]
    out = pd.DataFrame({"exposures": exposures.astype(int), "won": won.astype(int)},
                       index=pd.Index(cols[:n_st], name="stage"))
    out["rate"] = out["won"] / out["exposures"].where(out["exposures"] > 0)
    return out


@dataclass(frozen=True)
class PipelineForecast:
    """A weighted pipeline forecast (加权管道预测) made at ``asof``."""

    asof: pd.Timestamp
    horizon_days: int
    by_stage: pd.DataFrame  #: open leads, their expected amount, the win rate within the horizon, forecast
    by_lead: pd.DataFrame  #: each open lead: stage, expected amount, win rate, weighted amount (largest first)
    pipeline_count: float  #: expected wins from leads already in the pipeline
    pipeline_amount: float  #: their expected won amount (after the amount ratio)
    new_count: float  #: wins expected from leads created within the horizon (past run rate)
    new_amount: float
    amount_ratio: float  #: won amount / expected amount on leads won before asof (1 if not calibrated)

    @property
    def count(self) -> float:
        return self.pipeline_count + self.new_count

    @property
    def amount(self) -> float:
        return self.pipeline_amount + self.new_amount


def _amounts(values, timeline: pd.DataFrame, name: str, *, allow_missing: bool) -> np.ndarray:
    s = pd.to_numeric(pd.Series(values), errors="coerce")
    s.index = s.index.astype(str)
    got = s.reindex(timeline.index.astype(str))
    if got.index.size and pd.Series(s.index).duplicated().any():
        raise fail(f"{name} 的线索编号有重复。", f"{name} has duplicate lead ids.")
    if not allow_missing and got.isna().any():
        missing = list(got.index[got.isna()][:5])
        raise fail(f"{name} 缺少这些线索的金额：{missing}…", f"{name} lacks the amount of leads {missing}…")
    if (got < 0).any():
        raise fail(f"{name} 有负数金额。", f"{name} has negative amounts.")
    return got.to_numpy(dtype=float)


def pipeline_forecast(timeline: pd.DataFrame, expected: pd.Series, asof, *, horizon_days: int = 91,
                      won_amount: pd.Series | None = None, lookback_days: int = 365,
                      step_days: int = 7) -> PipelineForecast:
    """The weighted pipeline forecast at ``asof`` for the next ``horizon_days`` (加权管道预测).

    Per stage, the open leads' ``expected`` amounts (a Series by lead id) times the stage's
    :func:`horizon_win_rates`; plus the run rate of leads created and won inside a horizon (past
    snapshots). With ``won_amount`` (by lead id, for won leads) the expected amounts are scaled
    by Σ won / Σ expected over the leads won in the lookback before ``asof``: salespeople's
    estimates are optimistic, and the history says by how much.
    """
    days, cols, n_st = _grid(timeline)
    asof_d = day_number(asof, "asof")
    rates = horizon_win_rates(timeline, asof, horizon_days=horizon_days, lookback_days=lookback_days,
                              step_days=step_days)
    exp_amt = _amounts(expected, timeline, "expected", allow_missing=False)
    won_day = days[:, n_st]
    ratio = 1.0
    if won_amount is not None:
        won_amt = _amounts(won_amount, timeline, "won_amount", allow_missing=True)
        past = (won_day <= asof_d) & (won_day > asof_d - lookback_days) & ~np.isnan(won_amt)
        if past.sum() > 0 and exp_amt[past].sum() > 0:
            ratio = float(won_amt[past].sum() / exp_amt[past].sum())
    s = _state_at(days, asof_d)
    open_ = (s >= 0) & (s < n_st)
    r = rates["rate"].fillna(0.0).to_numpy()
    by = pd.DataFrame({
        "open_leads": np.bincount(s[open_], minlength=n_st)[:n_st],
        "expected_amount": np.bincount(s[open_], weights=exp_amt[open_], minlength=n_st)[:n_st],
        "win_rate": r,
    }, index=pd.Index(cols[:n_st], name="stage"))
    by["forecast_count"] = by["open_leads"] * by["win_rate"]
    by["forecast_amount"] = by["expected_amount"] * by["win_rate"] * ratio
    # new leads: created after a past snapshot and won within its horizon, averaged over snapshots
    created = days[:, 0]
    snaps = np.arange(asof_d - horizon_days, asof_d - horizon_days - lookback_days, -step_days)
    snaps = snaps[snaps >= created.min()]
    n_new, a_new = [], []
    base = np.where(np.isnan(exp_amt), 0.0, exp_amt) * ratio
    for d in snaps:
        hit = (created > d) & (won_day <= d + horizon_days)
        n_new.append(hit.sum())
        a_new.append(base[hit].sum())
    lead = pd.DataFrame({"stage": np.asarray(cols, dtype=object)[s[open_]], "expected_amount": exp_amt[open_],
                         "win_rate": r[s[open_]]}, index=timeline.index[open_])
    lead["weighted_amount"] = lead["expected_amount"] * lead["win_rate"] * ratio
    lead = lead.sort_values(["weighted_amount", "expected_amount"], ascending=False, kind="stable")
    return PipelineForecast(pd.Timestamp(asof).normalize(), int(horizon_days), by, lead,
                            float(by["forecast_count"].sum()), float(by["forecast_amount"].sum()),
                            float(np.mean(n_new)) if n_new else 0.0, float(np.mean(a_new)) if a_new else 0.0, ratio)


def backtest_forecast(timeline: pd.DataFrame, expected: pd.Series, won_amount: pd.Series,
                      quarters: Sequence, *, lookback_days: int = 365, step_days: int = 7) -> pd.DataFrame:
    """The forecast made on the eve of each quarter against what that quarter actually won
    (管道预测回测): one row per quarter (``"2025Q1"`` or a ``pd.Period``) with the forecast and
    actual number of wins and won amount, the error (forecast − actual) and the absolute
    percentage error of the amount (``ape``). The mean of ``ape`` is the MAPE.
    """
    days, cols, n_st = _grid(timeline)
    won_day = days[:, n_st]
    won_amt = _amounts(won_amount, timeline, "won_amount", allow_missing=True)
    rows = []
    for q in quarters:
        p = pd.Period(q, freq="Q")
        start, end = p.start_time.normalize(), p.end_time.normalize()
        asof = start - pd.Timedelta(days=1)
        h = int((end - asof).days)
        f = pipeline_forecast(timeline, expected, asof, horizon_days=h, won_amount=won_amount,
                              lookback_days=lookback_days, step_days=step_days)
        a, b = day_number(asof, "asof"), day_number(end, "end")
        hit = (won_day > a) & (won_day <= b)
        actual = float(np.nansum(won_amt[hit]))
        rows.append({"quarter": str(p), "forecast_count": f.count, "actual_count": int(hit.sum()),
                     "forecast_amount": f.amount, "actual_amount": actual,
                     "from_pipeline": f.pipeline_amount, "from_new_leads": f.new_amount, "amount_ratio": f.amount_ratio})
    out = pd.DataFrame(rows).set_index("quarter")
    out["error"] = out["forecast_amount"] - out["actual_amount"]
    out["ape"] = (out["error"].abs() / out["actual_amount"].where(out["actual_amount"] > 0))
    out["count_ape"] = (out["forecast_count"] - out["actual_count"]).abs() / out["actual_count"].where(out["actual_count"] > 0)
    return out
