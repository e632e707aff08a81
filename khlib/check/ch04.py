"""Self-checks of chapter 04 客户分级."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import datasets
from ..grading import HAND_EXAMPLE, abc_grade, grade_summary, pyramid_grade, rfm_scores, rfm_segment, visit_workload
from ..summary import customer_summary
from .feedback import TODO, Feedback, close, number, unanswered


def q04_1(answer: Sequence[str] | pd.Series | None) -> Feedback:
    """练习 4.1：按 80% / 95% 的累计占比给 HAND_EXAMPLE 的十个客户分 A/B/C 级。"""
    if unanswered(answer):
        return TODO
    right = abc_grade(HAND_EXAMPLE)["grade"].reindex(HAND_EXAMPLE.index).astype(str)
    if isinstance(answer, pd.Series):
        got = answer.reindex(HAND_EXAMPLE.index).astype(str)
    else:
        got = pd.Series(list(answer), dtype=object)
        if len(got) != len(HAND_EXAMPLE):
            return Feedback(False, f"需要 10 个等级（按甲到癸的顺序），你给了 {len(got)} 个。")
        got.index = HAND_EXAMPLE.index
        got = got.astype(str)
    bad = [k for k in HAND_EXAMPLE.index if got[k] != right[k]]
    if not bad:
        return Feedback(True, "十个客户的等级全对：A 类 {} 户。".format((right == "A").sum()))
    first = bad[0]
    cum_before = (HAND_EXAMPLE.cumsum() - HAND_EXAMPLE)[first] / HAND_EXAMPLE.sum()
    return Feedback(False, f"{len(bad)} 个客户的等级不对，例如 {first}：它之前的客户已累计 "
                    f"{cum_before:.1%}，据此它应属于哪一级？（累计占比 < 80% 为 A，< 95% 为 B）")


def _company_pyramid_2025():

    s = customer_summary(datasets.load_orders(), start="2025-01-01", end="2025-12-31")
    return grade_summary(pyramid_grade(s))


def q04_2(answer) -> Feedback:
    """练习 4.2：2025 年客户金字塔中 A 类（VIP）有多少户？占 2025 年销售额的比例（0–1）？
    答案写成 (户数, 占比)。"""
    if unanswered(answer):
        return TODO
    try:
        count, share = answer
    except (TypeError, ValueError):
        return Feedback(False, f"答案应是 (户数, 占比) 两个数，例如 (27, 0.23)；你给的是 {answer!r}。")
    if unanswered(count) or unanswered(share):
        return TODO
    summ = _company_pyramid_2025()
    n, sh = int(summ.loc["A", "customers"]), float(summ.loc["A", "value_share"])
    c, s = number(count), number(share)
    if c is None or s is None:
        return Feedback(False, "户数和占比都应是数字，例如 (27, 0.23)。")
    if s > 1:
        return Feedback(False, "占比请写成 0 到 1 之间的小数（例如 0.23 表示 23%）。")
    if int(c) != n:
        return Feedback(False, "户数不对。金字塔的 A 类是 2025 年下过单的客户中按金额排前 1% 的，"
                        "即 ceil(1% × 客户数) 户。")
    if abs(s - sh) > 0.005:
        return Feedback(False, f"户数对了（{n} 户），占比不对：用这 {n} 户 2025 年的销售额除以全部 2025 年销售额。")
    return Feedback(True, f"A 类 {n} 户，仅占客户数的 1%，却贡献了 {sh:.1%} 的销售额。")


def q04_3(answer) -> Feedback:
    """练习 4.3：业务员负责 6 个 A 类、15 个 B 类、40 个 C 类客户，按分级拜访计划每月要亲自拜访几次？"""
    if unanswered(answer):
        return TODO
    grades = pd.Series(["A"] * 6 + ["B"] * 15 + ["C"] * 40)
    w = visit_workload(grades)
    right = float(w.loc[("业务员", "拜访"), "low"])
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个数字，你给的是 {answer!r}。")
    if close(v, right):
        return Feedback(True, f"每月 {right:.0f} 次拜访：按每月 22 个工作日，约每天 {right / 22:.1f} 次。")
    calls = w.loc[("业务员", "电话")]
    if calls["low"] <= v <= calls["high"]:
        return Feedback(False, "这是电话次数。题目问的是业务员亲自拜访的次数。")
    return Feedback(False, "次数不对。A 类每月拜访 3 次，B 类 2 次，C 类 1 次：把户数乘以次数再相加。")


def q04_4(answer) -> Feedback:
    """练习 4.4：2025 年的 RFM 八类中，“重要挽留客户”有多少户？（asof = 2025-12-31，五分位评分）"""
    if unanswered(answer):
        return TODO

    s = customer_summary(datasets.load_orders(), start="2025-01-01", end="2025-12-31")
    seg = rfm_segment(rfm_scores(s))["segment"]
    right = int((seg == "重要挽留客户").sum())
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是户数（整数），你给的是 {answer!r}。")
    if int(v) == right:
        return Feedback(True, f"{right} 户：金额高，但很久没来、来得也少——最该马上打电话的一群。")
    return Feedback(False, "户数不对。步骤：customer_summary(2025 年) → rfm_scores → rfm_segment，"
                    "再数 segment == '重要挽留客户' 的行。")
