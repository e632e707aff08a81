"""Self-checks of chapter 03 客户开发.

The right answers are computed from the rules and the company's data with khlib; the tests
(``tests/check/test_ch03.py``) pin them to constants computed by hand with plain pandas / numpy.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .. import datasets
from ..development import absorbing_chain, goal_breakdown, lead_risk
from ..periods import in_period
from ..summary import lead_events, stage_transitions
from .feedback import TODO, Feedback, close, number, unanswered

#: Exercise 3.1: each customer introduces this many, for this many rounds.
PER_CUSTOMER_31, ROUNDS_31 = 3, 5
#: Exercise 3.2 (Girard, 1977): people behind each customer; customers turned off a week; weeks.
GIRARD_PEOPLE, OFFENDED_PER_WEEK, WEEKS = 250, 2, 52
#: Exercise 3.4: the three-year goal (万元), the growth a year, and months of double weight.
GOAL_34, GROWTH_34, DOUBLE_MONTHS = 662.0, 0.10, (6, 12)
#: Exercise 3.5: the course's assumptions — the salesperson time a lead costs after 立项 (CNY)
#: and what a won customer is worth (CNY); the form's give-it-up line.
FOLLOW_UP_COST, CUSTOMER_VALUE, GIVE_UP = 3_000.0, 30_000.0, 60.0
OPTIONS_35 = {
    "a": "采用“放弃线”：风险分 ≥ 60 的线索在立项后一律放弃，把时间留给其他线索",
    "b": "不采用：风险分 ≥ 60 的线索继续跟进",
}


def _pair(answer):
    if isinstance(answer, (tuple, list)) and len(answer) == 2:
        return answer[0], answer[1]
    return None, None


def q03_1(answer) -> Feedback:
    """练习 3.1：每位客户介绍 3 位新客户，介绍 5 轮，连同第一位客户一共多少位客户？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个人数，你给的是 {answer!r}。")
    k, n = PER_CUSTOMER_31, ROUNDS_31
    right = sum(k ** r for r in range(n + 1))
    if close(v, right, abs_tol=0.5):
        return Feedback(True, f"共 {right:,} 位：1 + 3 + 9 + … + 3⁵ = (3⁶ − 1) / 2。第 5 轮一轮就有 {k ** n:,} 位。")
    if close(v, k ** n, abs_tol=0.5):
        return Feedback(False, "你只算了第 5 轮新增的客户；题目问一共多少位：把每一轮加起来。")
    if close(v, right - 1, abs_tol=0.5):
        return Feedback(False, "差一位：别忘了最初的那位客户。")
    if close(v, 1 + k * n, abs_tol=0.5):
        return Feedback(False, "每一轮的每位新客户都再介绍 3 位：人数按倍数增长，不是每轮加 3。")
    return Feedback(False, "一轮一轮写出来：第 0 轮 1 位，第 1 轮 3 位，第 2 轮 9 位……再加总。")


def q03_2(answer) -> Feedback:
    """练习 3.2：吉拉德的 250 定律。每周得罪 2 位顾客，一年 52 周，可能有多少人对你印象不好？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个人数，你给的是 {answer!r}。")
    right = GIRARD_PEOPLE * OFFENDED_PER_WEEK * WEEKS
    if close(v, right, abs_tol=0.5):
        return Feedback(True, f"{OFFENDED_PER_WEEK} × {WEEKS} × {GIRARD_PEOPLE} = {right:,} 人——吉拉德说的正是这个数。")
    if close(v, GIRARD_PEOPLE * WEEKS, abs_tol=0.5):
        return Feedback(False, "每周得罪的是 2 位顾客，不是 1 位。")
    if close(v, GIRARD_PEOPLE * OFFENDED_PER_WEEK * 50, abs_tol=0.5):
        return Feedback(False, "一年按 52 周算。")
    if close(v, OFFENDED_PER_WEEK * WEEKS, abs_tol=0.5):
        return Feedback(False, "这是得罪的顾客人数；每位顾客背后还有 250 位亲友、同事。")
    return Feedback(False, "一年得罪的顾客人数 × 每位顾客背后的人数。")


@functools.lru_cache(maxsize=1)
def _chain_2024() -> float:
    leads = datasets.load_leads()
    y = leads[in_period(leads["development_date"], "2024-01-01", "2024-12-31")]
    counts = stage_transitions(lead_events(y)).drop(columns="open")
    return float(absorbing_chain(counts).absorption.loc["方案", "赢单"])


def q03_3(answer) -> Feedback:
    """练习 3.3：只用 2024 年建立的线索估计转移矩阵，马尔可夫链推算的“方案”阶段赢单概率是多少？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是 0 到 1 之间的概率，你给的是 {answer!r}。")
    right = _chain_2024()
    if close(v, right, abs_tol=5e-4):
        return Feedback(True, f"{right:.3f}：从“方案”出发，经投标或直接谈判，最终赢单的概率。")
    if 1 < v <= 100 and close(v / 100, right, abs_tol=5e-4):
        return Feedback(False, "写成小数（如 0.5），不是百分数。")
    leads = datasets.load_leads()
    counts_all = stage_transitions(lead_events(leads)).drop(columns="open")
    if close(v, float(absorbing_chain(counts_all).absorption.loc["方案", "赢单"]), abs_tol=5e-4):
        return Feedback(False, "你用了全部线索；题目只要 2024 年建立（开发日期在 2024 年）的线索。")
    y = leads[in_period(leads["development_date"], "2024-01-01", "2024-12-31")]
    f = stage_transitions(lead_events(y))
    if close(v, float(absorbing_chain(f).absorption.loc["方案", "赢单"]), abs_tol=5e-4):
        return Feedback(False, "转移表里的“进行中”（open）列不是一个状态：线索还没走完，先去掉这一列。")
    return Feedback(False, "先筛选线索，再转成事件表、数转移次数，最后交给吸收马尔可夫链。")


def q03_4(answer) -> Feedback:
    """练习 3.4：三年目标 662 万元，每年增长 10%，6 月和 12 月的权重是其他月份的两倍。第三年 12 月的目标是多少万元？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个金额（万元），你给的是 {answer!r}。")
    w = np.ones(12)
    w[[m - 1 for m in DOUBLE_MONTHS]] = 2
    season = pd.Series(w / w.sum(), index=range(1, 13))
    g = goal_breakdown(GOAL_34, years=3, growth_rate=GROWTH_34, seasonality=season)
    right = float(g["goal"].iloc[-1])
    year3 = float(g["year_goal"].iloc[-1])
    if close(v, right, abs_tol=0.005):
        return Feedback(True, f"{right:.2f} 万元：第三年 {year3:.0f} 万元 × 2/14。")
    if close(v, year3 / 12, abs_tol=0.005):
        return Feedback(False, "你把全年平均分到 12 个月；12 月的权重是 2，全年的权重一共是 14。")
    if close(v, GOAL_34 / 3 * 2 / 14, abs_tol=0.005):
        return Feedback(False, "三年不是平分：每年比上一年增长 10%，第三年最多。")
    if close(v, year3 * 2 / 13, abs_tol=0.005):
        return Feedback(False, "6 月和 12 月都翻倍：全年的权重是 10 × 1 + 2 × 2 = 14，不是 13。")
    return Feedback(False, "先把 662 万元按 1 : 1.1 : 1.21 分到三年，再按月份权重分第三年。")


@functools.lru_cache(maxsize=1)
def _high_risk_rate() -> float:
    leads = datasets.load_leads()
    rated = leads[leads["initiation_date"].notna() & (leads["outcome"] != "进行中")].set_index("lead_id")
    high = lead_risk(rated)["risk"] >= GIVE_UP
    return float((rated.loc[high, "outcome"] == "赢单").mean())


def q03_5(answer) -> Feedback:
    """练习 3.5：风险分 ≥ 60 的已结束线索（立项后）的赢单率是多少？按题中的假设，是否采用“放弃线”？答案写成 (赢单率, 选项)。"""
    if unanswered(answer):
        return TODO
    rate, choice = _pair(answer)
    if rate is None:
        return Feedback(False, "答案写成 (赢单率, 选项)，如 (0.3, 'a')。")
    v = number(rate)
    right = _high_risk_rate()
    best = "b" if right * CUSTOMER_VALUE > FOLLOW_UP_COST else "a"
    if v is None or not close(v, right, abs_tol=5e-4):
        leads = datasets.load_leads()
        rated = leads[leads["initiation_date"].notna()].set_index("lead_id")
        with_open = float((rated.loc[lead_risk(rated)["risk"] >= GIVE_UP, "outcome"] == "赢单").mean())
        if v is not None and close(v, with_open, abs_tol=5e-4):
            return Feedback(False, "进行中的线索还没有结果，不能算作丢单：只用已结束（赢单或丢单）的线索。")
        return Feedback(False, "赢单率不对：取立项后填了评估表、已经结束的线索，算风险分 ≥ 60 的那些里赢单的比例。")
    ev = right * CUSTOMER_VALUE
    if str(choice).strip().lower() != best:
        return Feedback(False, f"赢单率对了（{right:.1%}）。再算一条高风险线索的期望价值：{right:.1%} × {CUSTOMER_VALUE:,.0f} = "
                               f"{ev:,.0f} 元，与继续跟进的成本 {FOLLOW_UP_COST:,.0f} 元比一比。")
    return Feedback(True, f"赢单率 {right:.1%}；期望价值 {ev:,.0f} 元 {'>' if ev > FOLLOW_UP_COST else '<'} 跟进成本 "
                          f"{FOLLOW_UP_COST:,.0f} 元，所以选 {best}。放弃线本身不是错，错在不看数据就定 60 分。")
