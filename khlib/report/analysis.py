"""The analysis behind the report command (报告的分析): order lines -> the graded views of the
course — ABC (chapter 04), the customer pyramid, RFM segments, grade migration when two years are
present, and 12-month CLV from BG/NBD + Gamma-Gamma (chapter 01) when there is enough history.

Each view is computed with the course's own functions (nothing report-only), on the last
twelve months up to the data's last day (or ``end``); a view that cannot be computed says why in
``Report.skipped`` instead of failing the whole report.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from .._errors import ConvergenceWarning, KhlibInputError, fail
from ..grading import abc_grade, grade_migration, grade_summary, pyramid_grade, rfm_scores, rfm_segment
from ..summary import btyd_summary, customer_summary

#: Fewest days of history for the CLV view (BG/NBD needs repeat purchases over time).
CLV_MIN_DAYS = 365
#: Fewest customers with a repeat purchase for the CLV view.
CLV_MIN_REPEAT = 30


@dataclass
class Report:
    """The report's views (报告内容); ``skipped`` maps a view to the reason it is missing."""

    start: pd.Timestamp
    end: pd.Timestamp
    lines: int
    customers: int
    roster: pd.DataFrame  #: one row per customer of the last 12 months: sales, ABC, pyramid, RFM (+ CLV)
    abc_summary: pd.DataFrame
    pyramid_summary: pd.DataFrame
    rfm_counts: pd.DataFrame
    migration: pd.DataFrame | None = None
    clv: pd.Series | None = None
    skipped: dict[str, str] = field(default_factory=dict)
    names: pd.Series | None = None  #: customer names from the customers file, when given


def _pandas(frame) -> pd.DataFrame:
    """A summary from another engine (a DuckDB relation, a Polars frame…) as pandas, indexed by
    customer id: only one row per customer ever reaches pandas."""
    if isinstance(frame, pd.DataFrame):
        return frame
    import narwhals.stable.v2 as nw

    out = nw.from_native(frame)
    if isinstance(out, nw.LazyFrame):
        out = out.collect()
    return out.to_pandas().set_index("customer_id")


def _span(lines) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    """First and last order day and the number of lines, on any engine (one scalar pass)."""
    if isinstance(lines, pd.DataFrame):
        return lines["order_date"].min().normalize(), lines["order_date"].max().normalize(), len(lines)
    import narwhals.stable.v2 as nw

    frame = nw.from_native(lines)
    stats = frame.select(first=nw.col("order_date").min(), last=nw.col("order_date").max(), n=nw.len())
    if isinstance(stats, nw.LazyFrame):
        stats = stats.collect()
    first, last, n = stats.row(0)
    return pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize(), int(n)


def build_report(lines: pd.DataFrame, *, customers: pd.DataFrame | None = None, end=None) -> Report:
    """Compute the report's views from order lines with khlib's column names (after
    :func:`khlib.prepare_orders`, or a DuckDB relation / Polars frame with those columns: the
    heavy step then runs on that engine and only per-customer rows reach pandas): the last twelve months up to ``end`` (default: the last
    order date) graded by ABC, pyramid and RFM; grade migration against the twelve months
    before when the data reach back that far; CLV of the next 12 months when there are at least
    :data:`CLV_MIN_DAYS` days of history and :data:`CLV_MIN_REPEAT` repeat buyers. ``customers``
    (optional) is indexed by customer id; a ``name`` column (or ``customer_name``) is shown."""
    first, data_last, n_lines = _span(lines)
    if n_lines == 0:
        raise fail("订单表是空的（0 行）。", "The order table is empty (0 rows).")
    last = pd.Timestamp(end) if end is not None else data_last
    start = last - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    year = _pandas(customer_summary(lines, start=start, end=last))
    if year.empty:
        raise fail(f"{start:%Y-%m-%d} 到 {last:%Y-%m-%d} 之间没有订单。", f"No orders between {start:%Y-%m-%d} and {last:%Y-%m-%d}.")
    abc = abc_grade(year["sales"])
    pyr = pyramid_grade(year["sales"])
    rfm = rfm_segment(rfm_scores(year))
    roster = year[["orders", "sales", "last_date", "recency_days"]].join(abc[["share", "cum_share", "grade"]])
    roster = roster.join(pyr["grade"].rename("pyramid_grade")).join(rfm[["R", "F", "M", "rfm_code"]])
    roster["rfm_segment"] = rfm["segment"].astype(str)
    roster = roster.sort_values("sales", ascending=False, kind="stable")
    counts = rfm["segment"].value_counts().rename("customers").to_frame()
    counts["sales"] = year["sales"].groupby(rfm["segment"], observed=False).sum()
    rep = Report(start=start, end=last, lines=n_lines, customers=len(year), roster=roster,
                 abc_summary=grade_summary(abc), pyramid_summary=grade_summary(pyr), rfm_counts=counts)
    prev_start = start - pd.DateOffset(years=1)
    if first <= prev_start:
        before = _pandas(customer_summary(lines, start=prev_start, end=start - pd.Timedelta(days=1)))
        rep.migration = grade_migration(abc_grade(before["sales"])["grade"], abc["grade"])
    else:
        rep.skipped["migration"] = (f"数据从 {first:%Y-%m-%d} 开始，不足两个完整年度（需要从 {prev_start:%Y-%m-%d} 起），"
                                    "无法比较两年的等级。")
    history = (last - first).days + 1
    if history < CLV_MIN_DAYS:
        rep.skipped["clv"] = f"只有 {history} 天的数据，少于 {CLV_MIN_DAYS} 天：客户终身价值模型需要更长的历史。"
    else:
        rep.clv, reason = _clv(lines, last)
        if reason:
            rep.skipped["clv"] = reason
        else:
            rep.roster = rep.roster.join(rep.clv.rename("clv_12m"))
    if customers is not None:
        col = next((c for c in ("name", "customer_name", "客户名称") if c in customers.columns), None)
        if col:
            rep.names = customers[col].astype(str)
            rep.roster.insert(0, "name", rep.names.reindex(rep.roster.index))
    return rep


def _clv(lines: pd.DataFrame, last: pd.Timestamp) -> tuple[pd.Series | None, str]:
    """12-month CLV of sales (no margin known): BG/NBD + Gamma-Gamma on the whole history."""
    from ..value import BetaGeoModel, GammaGammaModel, customer_lifetime_value

    summary = _pandas(btyd_summary(lines, calibration_end=last, unit="W"))
    repeat = int((summary["frequency"] > 0).sum())
    if repeat < CLV_MIN_REPEAT:
        return None, f"只有 {repeat} 位客户有重复购买，少于 {CLV_MIN_REPEAT} 位：无法可靠地拟合模型。"
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            bg = BetaGeoModel().fit(summary)
            gg = GammaGammaModel().fit(summary)
    except (KhlibInputError, ValueError, ArithmeticError) as err:
        return None, f"模型拟合失败：{str(err).splitlines()[0]}"
    failed = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    if failed:  # parameters at the edge of their range: no value printed from them
        return None, f"模型没有收敛，参数不可靠，未给出客户价值：{str(failed[0].message).splitlines()[0]}"
    for w in caught:  # anything else is the caller's to see
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return customer_lifetime_value(bg, gg, summary, months=12, monthly_discount=0.01).rename("clv_12m"), ""
