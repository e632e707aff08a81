"""Self-checks of chapter 08 客户忠诚与流失.

The right answers are computed from the rules and the company's data with khlib; the tests
(``tests/check/test_ch08.py``) pin them to constants computed by hand with plain pandas / numpy.
"""

from __future__ import annotations

import functools

import pandas as pd

from .. import datasets
from ..periods import in_period
from ..grading import abc_grade
from ..loyalty import WINBACK_ASSUMPTIONS, churn_flags, cox_model, kaplan_meier, landmark_covariates, winback_plan
from ..summary import churn_times, cohort_retention, customer_gross_profit, customer_summary
from .feedback import TODO, Feedback, close, number, unanswered

#: Exercise 8.1: a dealer's yearly purchases (万元): ours, and two competitors'.
OURS_81, TOTAL_81 = 30, 120
LANDMARK, END = "2024-12-31", "2025-12-31"


def q08_1(answer) -> Feedback:
    """练习 8.1：经销商一年采购 120 万元，其中 30 万元向鸿文办公采购。钱包份额是多少？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是 0 到 1 之间的比例，你给的是 {answer!r}。")
    right = OURS_81 / TOTAL_81
    if close(v, right, abs_tol=5e-4):
        return Feedback(True, "30 ÷ 120 = 25%：这位经销商四分之三的钱花在竞争对手那里——买得不少，却谈不上忠诚。")
    if close(v, right * 100, abs_tol=0.05):
        return Feedback(False, "请写成 0 到 1 之间的比例（0.25），不是百分数。")
    if close(v, OURS_81 / (TOTAL_81 - OURS_81), abs_tol=5e-4):
        return Feedback(False, "分母是客户的全部同类采购（120 万元），不是竞争对手的部分。")
    return Feedback(False, "钱包份额 = 客户在本公司的采购 ÷ 客户的同类采购总额。")


@functools.lru_cache(maxsize=1)
def _new_orders() -> pd.DataFrame:
    c = datasets.load_customers()
    new = c.loc[in_period(c["first_trade_date"], start="2024-01-01"), "customer_id"]
    o = datasets.load_orders()
    return o[o["customer_id"].isin(set(new))]


def q08_2(answer) -> Feedback:
    """练习 8.2：2024 年 3 月获客的队列，获客后第 6 个月仍有订单的比例是多少？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是 0 到 1 之间的比例，你给的是 {answer!r}。")
    table = cohort_retention(_new_orders())
    row = table.loc[pd.Period("2024-03", "M")]
    right = float(row[6])
    if close(v, right, abs_tol=5e-4):
        return Feedback(True, f"{right:.1%}：{int(row['customers'])} 位 3 月获得的新客户中，9 月仍有订单的比例。")
    if close(v, right * 100, abs_tol=0.05):
        return Feedback(False, "请写成 0 到 1 之间的比例，不是百分数。")
    for m in (5, 7):
        if close(v, float(row[m]), abs_tol=5e-4):
            return Feedback(False, f"这是第 {m} 个月的值。第 0 个月是获客当月（3 月），第 6 个月是 9 月。")
    return Feedback(False, "在留存表中找 2024-03 那一行、第 6 列。")


@functools.lru_cache(maxsize=1)
def _landmark_data() -> pd.DataFrame:
    o = datasets.load_orders()
    times = churn_times(o, span_days=180, start=LANDMARK, end=END)
    grade = abc_grade(customer_summary(o, start="2024-01-01", end=LANDMARK)["sales"])["grade"].astype(str)
    return times.join(grade)


def q08_3(answer) -> Feedback:
    """练习 8.3：C 类客户从 2025 年 1 月 1 日起 150 天后仍未流失的比例（Kaplan–Meier）是多少？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是 0 到 1 之间的比例，你给的是 {answer!r}。")
    d = _landmark_data()
    c = d[d["grade"] == "C"]
    km = kaplan_meier(c, duration="duration_days", event="churned")
    right = float(km.loc[km.index <= 150, "survival"].iloc[-1])
    if close(v, right, abs_tol=5e-4):
        return Feedback(True, f"{right:.1%}：约每 {1 / (1 - right):.0f} 位 C 类客户中有 1 位在 150 天内流失（大多在起点时已经沉默）。")
    every = kaplan_meier(d, duration="duration_days", event="churned")
    if close(v, float(every.loc[every.index <= 150, "survival"].iloc[-1]), abs_tol=5e-4):
        return Feedback(False, "这是全部客户的曲线：先筛出 C 类（grade == \"C\"）。")
    naive = 1 - float(((c["churned"] == 1) & (c["duration_days"] <= 150)).mean())
    if close(v, naive, abs_tol=5e-4):
        return Feedback(False, "你直接数了 150 天内流失的比例：删失的客户（随访不到 150 天）要用 Kaplan–Meier 处理。")
    return Feedback(False, "对 C 类客户用 kaplan_meier，取时间不超过 150 天的最后一个生存概率。")


@functools.lru_cache(maxsize=1)
def _company_fit():
    o = datasets.load_orders()
    d = _landmark_data()
    x = landmark_covariates(d.index, landmark=LANDMARK, orders=o, customers=datasets.load_customers().set_index(
        "customer_id"), complaints=datasets.load_complaints(), invoices=datasets.load_invoices(),
        payments=datasets.load_payments(), activities=datasets.load_activities(), days=366)
    return cox_model(x.join(d[["duration_days", "churned"]]), list(x.columns), duration="duration_days", event="churned")


def q08_4(answer) -> Feedback:
    """练习 8.4：“投诉处理不满意”的风险比是多少（两位小数）？它是一年内流失概率的倍数吗？答案写成 (风险比, True/False)。"""
    if unanswered(answer):
        return TODO
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
        return Feedback(False, "答案写成 (风险比, True/False)，如 (1.5, True)。")
    v = number(answer[0])
    row = _company_fit().table.loc["投诉处理不满意"]
    if v is None or not close(v, float(row["hazard_ratio"]), abs_tol=0.006):
        if v is not None and close(v, float(row["coef"]), abs_tol=0.006):
            return Feedback(False, "这是系数 β；风险比是 exp(β)。")
        return Feedback(False, "在模型表中找“投诉处理不满意”那一行的风险比。")
    if bool(answer[1]):
        return Feedback(False, f"风险比 {row['hazard_ratio']:.2f} 是任一时刻瞬时风险的倍数，不是一年内流失概率的倍数；"
                               "概率的倍数要从两条生存曲线算，而且小于风险比。")
    return Feedback(True, f"风险比 {row['hazard_ratio']:.2f}（95% 区间 {row['ci_low']:.2f}–{row['ci_high']:.2f}）："
                          "瞬时流失风险的倍数；它是关联，不是因果效应。")


@functools.lru_cache(maxsize=1)
def _winback_candidates() -> pd.DataFrame:
    o = datasets.load_orders()
    at_end = churn_flags(o, asof=END, span_days=180)
    lost = at_end[at_end["churned_span"] | at_end["churned_p_alive"]]
    history = churn_times(o, span_days=180, end=END)
    profit = customer_gross_profit(o, datasets.load_products(), start="2024-07-01", end="2025-06-30")["gross_profit"]
    grade = abc_grade(customer_summary(o, start="2024-07-01", end="2025-06-30")["sales"])["grade"].astype(str)
    hist = history.join(grade)
    churned = hist[hist["churned"] == 1]
    came_back = {g: float(churned.loc[churned["grade"] == g, "came_back"].mean()) for g in sorted(set(churned["grade"].dropna()))}
    cand = pd.DataFrame({"grade": grade.reindex(lost.index), "annual_profit": profit.reindex(lost.index)}).dropna()
    return cand.assign(p_return=cand["grade"].map(came_back))


def q08_5(answer) -> Feedback:
    """练习 8.5：C 类客户的挽回成本从 300 元提高到 600 元，值得挽回的客户会减少多少位？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个整数（客户数），你给的是 {answer!r}。")
    cand = _winback_candidates()
    base = winback_plan(cand)
    dearer = winback_plan(cand, offer_cost={**WINBACK_ASSUMPTIONS["offer_cost"], "C": 600})
    n0, n1 = int((base["decision"] == "挽回").sum()), int((dearer["decision"] == "挽回").sum())
    if close(v, n0 - n1, abs_tol=0.5):
        return Feedback(True, f"从 {n0} 位减到 {n1} 位，少了 {n0 - n1} 位。贵的方式要把挽回概率提高到各自的保本概率以上才值得。")
    if close(v, n1, abs_tol=0.5) or close(v, n0, abs_tol=0.5):
        return Feedback(False, "题目问的是减少了多少位：两种成本下“挽回”的人数之差。")
    return Feedback(False, "用 offer_cost= 把 C 类的成本改为 600 重新生成计划，比较两次 decision == \"挽回\" 的人数。")
