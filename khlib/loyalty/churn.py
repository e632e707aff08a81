"""Two ways to call a customer of a non-contractual business churned (流失的两种判定), compared
honestly on a holdout period (chapter 08 客户忠诚与流失).

A customer who stops buying does not say so (非契约型关系), so "churned" is a judgement made on
a date ``asof`` (观察日) from the purchase history up to that day:

- **no order for a span** (休眠规则): the customer's last order is more than ``span_days`` days
  before ``asof`` (``recency_days >= span_days``, as :func:`khlib.summary.churn_times`) — the rule every sales team uses;
- **P(alive) below a threshold** (仍活跃概率规则): chapter 01's BG/NBD model
  (:class:`khlib.value.BetaGeoModel`, fitted on :func:`khlib.summary.btyd_summary` of the
  orders up to ``asof``, exactly as chapter 01 fits it) gives each customer the probability that
  it is still alive; below ``threshold`` it is called churned. P(alive) weighs the silence
  against the customer's own rhythm: 60 silent days mean little for a customer who buys twice a
  year and much for one who bought every week. **A customer with no repeat purchase
  (frequency 0) has P(alive) = 1 in the BG/NBD model, however long ago it bought**: this rule
  never flags one-time buyers (the model assumes a customer can only drop out right after a
  purchase).

The holdout check (留出期检验) looks at what happened next: did the customer order in
(``asof``, ``end``]? A flagged customer who ordered again is a false alarm (误报); a customer
not flagged who did not order is a miss (漏报). Not ordering in a half year is not proof of
churn either (a slow buyer may come back later): the check measures agreement with one
observable outcome.

The order lines are summarised by the heavy step (:func:`khlib.customer_summary`,
:func:`khlib.summary.btyd_summary`); this module works on one row per customer.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._errors import fail, warn
from ..io import prepare_orders
from ..periods import day
from ..summary import btyd_summary, customer_summary
from ..value.models import BetaGeoModel

__all__ = ["churn_agreement", "churn_flags", "compare_churn_definitions"]

#: The two rule columns of :func:`churn_flags`.
SPAN, ALIVE = "churned_span", "churned_p_alive"


def _span_days(value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) \
            or value != int(value) or value < 1:
        raise fail(f"span_days（多少天无订单算流失）须是 ≥ 1 的整数天数，得到 {value!r}。",
                   f"span_days (days without an order that count as churned) must be a whole number of days "
                   f">= 1, got {value!r}.")
    return int(value)


def _threshold(value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (0 < value < 1):
        hint_zh, hint_en = ("；是指百分数吗？请写成小数，如 0.5", "; a percentage? write it as a fraction, e.g. 0.5") \
            if isinstance(value, numbers.Real) and 1 <= value < 100 else ("", "")
        raise fail(f"threshold（P(alive) 低于它算流失）须在 (0, 1) 之间，得到 {value!r}{hint_zh}。",
                   f"threshold (P(alive) below it counts as churned) must be in (0, 1), got {value!r}{hint_en}.")
    return float(value)


def churn_flags(orders: pd.DataFrame, *, asof: str | pd.Timestamp, span_days: int = 180, threshold: float = 0.5,
                unit: str = "W", customer: str = "customer_id", date: str = "order_date",
                amount: str = "amount") -> pd.DataFrame:
    """Both churn flags (流失标记) of every customer who ordered on or before ``asof`` (观察日).

    Output (index ``customer_id``, sorted; one row per customer with an order up to ``asof``):

    - ``recency_days`` (int): whole days from the last order's day to ``asof``
      (:func:`khlib.customer_summary` with ``end=asof``);
    - ``p_alive`` (float): BG/NBD P(alive) at ``asof`` — :class:`khlib.value.BetaGeoModel` fitted
      on ``kh.summary.btyd_summary(orders, calibration_end=asof, unit=unit)``, as chapter 01
      does (weeks by default; the fit's Newton polish lands on the optimum, so the digits are
      the same on every machine). 1 for customers without a repeat purchase;
    - ``churned_span`` (bool): ``recency_days >= span_days`` (休眠规则: no order for at least
      ``span_days`` days; exactly ``span_days`` days is churned, as in churn_times);
    - ``churned_p_alive`` (bool): ``p_alive < threshold`` (仍活跃概率规则).

    ``attrs`` keeps ``asof``, ``span_days``, ``threshold`` and ``unit`` (used to label
    :func:`compare_churn_definitions`). Orders after ``asof`` are ignored. The input is not
    modified. Errors: ``asof`` before every order, ``span_days`` not a whole number ≥ 1,
    ``threshold`` outside (0, 1), and the order-line checks of :func:`khlib.prepare_orders`.

    >>> t = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b", "c"],
    ...                   "order_date": ["2025-01-01", "2025-02-01", "2025-03-01",
    ...                                  "2025-01-10", "2025-01-20", "2025-04-20"],
    ...                   "amount": [1.0] * 6})
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 3 customers are too few for the BG/NBD fit to converge
    ...     f = churn_flags(t, asof="2025-06-30", span_days=90)
    >>> f[["recency_days", "churned_span"]]
                 recency_days  churned_span
    customer_id
    a                     121          True
    b                     161          True
    c                      71         False
    >>> float(f.loc["c", "p_alive"])  # one purchase only: BG/NBD says alive
    1.0
    """
    span_days, threshold = _span_days(span_days), _threshold(threshold)
    cols = dict(customer=customer, date=date, amount=amount)
    lines = prepare_orders(orders, **cols)  # validated once, canonical names
    ref = day(asof, "asof")
    first = lines["order_date"].min()
    if first.normalize() > ref:
        raise fail(f"asof={ref.date()} 早于第一笔订单（{first.date()}）：观察日之前没有任何订单。",
                   f"asof={ref.date()} is before the first order ({first.date()}): no order on or before asof.")
    recent = customer_summary(lines, end=ref)
    btyd = btyd_summary(lines, calibration_end=ref, unit=unit)
    bg = BetaGeoModel().fit(btyd)
    p = pd.Series(bg.probability_alive(btyd["frequency"], btyd["recency"], btyd["T"]), index=btyd.index)
    p_alive = p.reindex(recent.index)
    if p_alive.isna().any():  # both summaries keep the customers with an order up to asof
        raise fail("客户汇总与 BTYD 汇总的客户不一致（有只含退货的客户？）。",
                   "The customer summary and the BTYD summary list different customers (returns-only customers?).")
    rec = recent["recency_days"].astype(int)
    out = pd.DataFrame({"recency_days": rec, "p_alive": p_alive.astype(float),
                        SPAN: rec >= span_days, ALIVE: p_alive < threshold}, index=recent.index)
    out.index.name = "customer_id"
    out.attrs = {"asof": str(ref.date()), "span_days": span_days, "threshold": threshold, "unit": unit}
    return out


def _rules(flags: pd.DataFrame) -> list[str]:
    """The boolean ``churned*`` columns of ``flags`` (an error when there is none)."""
    if not isinstance(flags, pd.DataFrame):
        raise fail("flags 须是 churn_flags(...) 的结果（DataFrame）。", "flags must be the DataFrame of churn_flags(...).")
    rules = [c for c in flags.columns if str(c).startswith("churned")]
    if not rules:
        raise fail(f"flags 中没有 churned_… 列（流失标记）；现有的列：{list(flags.columns)}。先用 churn_flags(...)。",
                   f"flags has no churned_… column (churn flags); it has {list(flags.columns)}. Use churn_flags(...) first.")
    for c in rules:
        v = flags[c]
        if v.isna().any() or not (pd.api.types.is_bool_dtype(v) or set(pd.unique(v)) <= {0, 1}):
            raise fail(f"列 '{c}' 须是 True/False（是否判为流失），不能有缺失。",
                       f"Column '{c}' must be True/False (flagged as churned), without missing values.")
    if flags.index.has_duplicates:
        raise fail("flags 的客户编号有重复：每个客户应只有一行。", "flags has duplicated customer ids: one row per customer.")
    return rules


def _returned(flags: pd.DataFrame, orders: pd.DataFrame, asof, end, cols: dict) -> tuple[pd.Series, pd.Timestamp]:
    """Did each customer of ``flags`` order in (asof, end]? (留出期是否再次下单)"""
    ref, stop = day(asof, "asof"), day(end, "end")
    if stop <= ref:
        raise fail(f"end={stop.date()} 须晚于 asof={ref.date()}（留出期在观察日之后）。",
                   f"end={stop.date()} must be after asof={ref.date()}: the holdout follows asof.")
    made = flags.attrs.get("asof")
    if made is not None and day(made, "asof") != ref:
        raise fail(f"flags 是在 {made} 计算的，而 asof={ref.date()}：请用同一个观察日。",
                   f"flags were computed as of {made} but asof={ref.date()}: use the same day.")
    last = customer_summary(orders, end=stop, **cols)["last_date"]
    if last.max().normalize() < stop:
        warn(f"留出期结束 {stop.date()} 晚于最后一笔订单（{last.max().date()}）：留出期可能不完整，未回来的客户会偏多。",
             f"end {stop.date()} is after the last order ({last.max().date()}): the holdout may be incomplete "
             "and overstate the customers who did not return.", stacklevel=3)
    last = last.reindex(flags.index)
    if last.isna().any():
        unknown = list(flags.index[last.isna()][:5])
        raise fail(f"flags 中有 {int(last.isna().sum())} 个客户在订单中找不到（如 {unknown}）：flags 与 orders 须来自同一数据。",
                   f"{int(last.isna().sum())} customer(s) of flags have no order (e.g. {unknown}): flags and orders "
                   "must come from the same data.")
    return last.dt.normalize() > ref, ref


def _labels(flags: pd.DataFrame) -> dict[str, str]:
    span, thr = flags.attrs.get("span_days"), flags.attrs.get("threshold")
    return {SPAN: f"休眠：超过 {span} 天无订单" if span is not None else "休眠：超过期限无订单",
            ALIVE: f"P(alive) < {thr:g}" if thr is not None else "P(alive) 低于阈值"}


def compare_churn_definitions(flags: pd.DataFrame, orders: pd.DataFrame, *, asof: str | pd.Timestamp,
                              end: str | pd.Timestamp, customer: str = "customer_id", date: str = "order_date",
                              amount: str = "amount") -> pd.DataFrame:
    """The holdout check of the churn rules (流失判定的留出期检验): outcome = did the customer
    order in (``asof``, ``end``] (whole days)? A churned customer should not have.

    One row per rule (index ``rule``): every boolean ``churned…`` column of ``flags`` (labelled
    from :func:`churn_flags`' attrs, e.g. "休眠：超过 180 天无订单", "P(alive) < 0.5"), and, when
    both of its rules are there, the combinations: 两种都判流失 (both flag), 至少一种判流失
    (either flags), 只有休眠规则判流失 and 只有 P(alive) 判流失 (where the rules disagree: the
    row's precision says who is right there). Columns:

    - ``customers``: customers judged (all rows of ``flags``); ``not_returned``: of them, no
      order in the holdout (留出期未再下单, the "lost");
    - ``flagged``: flagged as churned; ``flagged_returned``: flagged but ordered again (误报,
      false alarms); ``not_flagged_lost``: not flagged but did not order (漏报, misses);
    - ``precision`` = (flagged − flagged_returned) / flagged: share of the flagged who did not
      return (精确率, 查准率); ``recall`` = (not_returned − not_flagged_lost) / not_returned:
      share of the non-returners that were flagged (召回率, 查全率); ``accuracy``: share of all
      customers judged right (准确率). NaN for a ratio with nothing to divide by. Compare
      accuracy with the base rate: flagging nobody is right for (customers − not_returned) /
      customers.

    ``orders`` must be the lines ``flags`` came from, up to ``end`` at least (summarised with
    :func:`khlib.customer_summary`; a warning when ``end`` is after the last order). Inputs are
    not modified.
    """
    rules = _rules(flags)
    returned, _ = _returned(flags, orders, asof, end, dict(customer=customer, date=date, amount=amount))
    back = returned.to_numpy(bool)
    lost = ~back
    sets = {c: flags[c].to_numpy(bool) for c in rules}
    names = {c: c for c in rules} | _labels(flags)
    rows = {names[c]: v for c, v in sets.items()}
    if SPAN in sets and ALIVE in sets:
        s, a = sets[SPAN], sets[ALIVE]
        rows |= {"两种都判流失": s & a, "至少一种判流失": s | a, "只有休眠规则判流失": s & ~a,
                 "只有 P(alive) 判流失": a & ~s}
    n, n_lost = len(back), int(lost.sum())
    out = []
    for f in rows.values():
        flagged, hit = int(f.sum()), int((f & lost).sum())
        out.append({"customers": n, "not_returned": n_lost, "flagged": flagged, "flagged_returned": flagged - hit,
                    "not_flagged_lost": n_lost - hit,
                    "precision": hit / flagged if flagged else np.nan,
                    "recall": hit / n_lost if n_lost else np.nan,
                    "accuracy": (hit + int((~f & back).sum())) / n if n else np.nan})
    return pd.DataFrame(out, index=pd.Index(list(rows), name="rule"))


def churn_agreement(flags: pd.DataFrame) -> pd.DataFrame:
    """How often the two churn rules agree (两种流失判定的一致性): the 2 × 2 table of
    :func:`churn_flags`' ``churned_span`` (rows, 休眠规则) against ``churned_p_alive``
    (columns, 仍活跃概率规则), customer counts with totals (``pd.crosstab`` with margins, labelled
    流失 / 未流失 / 合计). The diagonal is where they agree; the off-diagonal cells are the
    customers :func:`compare_churn_definitions` checks on the holdout.

    >>> f = pd.DataFrame({"churned_span": [True, True, False, False, False],
    ...                   "churned_p_alive": [True, False, False, False, True]})
    >>> churn_agreement(f)
    P(alive) 规则  流失  未流失  合计
    休眠规则
    流失            1    1   2
    未流失           1    2   3
    合计            2    3   5
    """
    _rules(flags)
    missing = [c for c in (SPAN, ALIVE) if c not in flags.columns]
    if missing:
        raise fail(f"flags 缺少列 {missing}：请用 churn_flags(...) 的结果。",
                   f"flags lacks column(s) {missing}: pass the result of churn_flags(...).")
    word = {True: "流失", False: "未流失"}
    s = pd.Categorical(flags[SPAN].astype(bool).map(word), categories=["流失", "未流失"])
    a = pd.Categorical(flags[ALIVE].astype(bool).map(word), categories=["流失", "未流失"])
    return pd.crosstab(pd.Series(s, name="休眠规则"), pd.Series(a, name="P(alive) 规则"),
                       margins=True, margins_name="合计", dropna=False)
