"""Self-checks of chapter 07 客户投诉.

The right answers are computed from the rules and the company's complaints with khlib; the
tests (``tests/check/test_ch07.py``) pin them to constants computed by hand with plain pandas.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from .. import datasets
from ..complaints import recovery_sample, service_level
from ..summary import event_counts
from .feedback import TODO, Feedback, close, number, unanswered

#: Exercise 7.1: a month's recorded complaints and the material's iceberg.
RECEIVED_71, SHARE_71, TOLD_71 = 30, 0.04, 16
#: The observation time of the company's complaints (end of the data).
ASOF = "2026-01-01"


@functools.lru_cache(maxsize=1)
def _complaints() -> pd.DataFrame:
    return datasets.load_complaints()


def q07_1(answer) -> Feedback:
    """练习 7.1：上月记录在案的投诉 30 件。按教材（4% 的不满意客户投诉，每人告诉 16 人）估计不满意的客户数和听到抱怨的人数。答案写成 (不满意客户数, 人数)。"""
    if unanswered(answer):
        return TODO
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
        return Feedback(False, "答案写成 (不满意客户数, 听到抱怨的人数)，如 (100, 1600)。")
    a, b = number(answer[0]), number(answer[1])
    if a is None or b is None:
        return Feedback(False, f"两个数都要是数字，你给的是 {answer!r}。")
    dissatisfied = RECEIVED_71 / SHARE_71
    if close(a, dissatisfied, abs_tol=0.5) and close(b, dissatisfied * TOLD_71, abs_tol=0.5):
        return Feedback(True, f"30 ÷ 4% = {dissatisfied:.0f} 家不满意，× 16 = {dissatisfied * TOLD_71:,.0f} 人。"
                              "但 4% 是误引：下一页看它的真实出处。")
    if close(a, RECEIVED_71 / 0.96, abs_tol=0.5) or close(a, RECEIVED_71 * 0.96, abs_tol=0.5):
        return Feedback(False, "投诉的是 4%，不是 96%：不满意客户数 = 投诉数 ÷ 4%。")
    if close(a, dissatisfied, abs_tol=0.5):
        if close(b, (dissatisfied - RECEIVED_71) * TOLD_71, abs_tol=0.5):
            return Feedback(False, "教材说的是每位不满意的客户都会告诉别人（包括投诉了的），用全部不满意客户数乘 16。")
        return Feedback(False, f"不满意客户数对了（{dissatisfied:.0f}）。听到抱怨的人数 = 不满意客户数 × 16。")
    return Feedback(False, "不满意客户数 = 记录的投诉 ÷ 投诉比例；听到的人 = 不满意客户数 × 每人告诉的人数。")


def _weekly_2024() -> pd.Series:
    """Complaints per week (Monday to Sunday) of the 52 weeks 2024-01-01 … 2024-12-29."""
    return event_counts(_complaints(), date="received", start="2024-01-01", end="2024-12-29")["count"]


def q07_2(answer) -> Feedback:
    """练习 7.2：用 2024 年 52 周（1 月 1 日到 12 月 29 日）的周投诉数，算 c 图的控制上限 UCL。"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个数，你给的是 {answer!r}。")
    weekly = _weekly_2024()
    c_bar = float(weekly.mean())
    right = c_bar + 3 * math.sqrt(c_bar)
    if close(v, right, abs_tol=0.01):
        return Feedback(True, f"c̄ = {c_bar:.2f}，UCL = c̄ + 3√c̄ = {right:.2f}。")
    if close(v, c_bar + 3 * float(weekly.std()), abs_tol=0.01):
        return Feedback(False, "c 图的标准差不用样本标准差：计数服从泊松分布，方差等于均值，用 √c̄。")
    if close(v, c_bar - 3 * math.sqrt(c_bar), abs_tol=0.01):
        return Feedback(False, "这是控制下限；上限是 c̄ + 3√c̄。")
    if close(v, c_bar + 2 * math.sqrt(c_bar), abs_tol=0.01):
        return Feedback(False, "控制限是 3 倍而不是 2 倍标准差。")
    return Feedback(False, "先数出 2024 年每周的投诉数（没有投诉的周记 0），求平均 c̄，再算 c̄ + 3√c̄。")


def q07_3(answer) -> Feedback:
    """练习 7.3：只看运输类投诉，2 天内解决的比例（Kaplan–Meier 估计，观察时点 2026-01-01）是多少？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是 0 到 1 之间的比例，你给的是 {answer!r}。")
    c = _complaints()
    transport = c[c["complaint_type"] == "运输"]
    sl = service_level(transport, target_days=2, asof=ASOF)
    if close(v, sl["share"], abs_tol=5e-4):
        return Feedback(True, f"{sl['share']:.1%}（95% 区间 {sl['ci_low']:.1%}–{sl['ci_high']:.1%}）。")
    if close(v, sl["share"] * 100, abs_tol=0.05):
        return Feedback(False, "请写成 0 到 1 之间的比例，不是百分数。")
    every = service_level(c, target_days=2, asof=ASOF)
    if close(v, every["share"], abs_tol=5e-4):
        return Feedback(False, "这是全部投诉的比例：先筛出运输类（complaint_type == \"运输\"）。")
    if close(v, sl["share_resolved_only"], abs_tol=5e-4):
        return Feedback(False, "你只看了已解决的投诉：未解决的投诉要作为删失数据留在 Kaplan–Meier 估计里。")
    return Feedback(False, "筛出运输类投诉，用 service_level(…, target_days=2, asof=\"2026-01-01\")。")


def q07_4(answer) -> Feedback:
    """练习 7.4：按 Kaplan–Meier 估计，5 天内解决比例最低的投诉原因是哪一个？"""
    if unanswered(answer):
        return TODO
    got = str(answer).strip()
    c = _complaints()
    shares = pd.Series({cause: service_level(c[c["cause"] == cause], target_days=5, asof=ASOF)["share"]
                        for cause in sorted(c["cause"].unique())})
    right = shares.idxmin()
    if got == right:
        return Feedback(True, f"{right}：5 天内只解决了 {shares[right]:.0%}。这类投诉要跨部门（财务、销售）处理，"
                              "服务水平要单独设定，或者改流程。")
    if got not in shares.index:
        return Feedback(False, f"请回答一个原因（cause 列的取值），如 {', '.join(list(shares.index)[:4])}。")
    days = (c["resolved"] - c["received"]).dt.total_seconds()
    medians = pd.Series({cause: days[c["cause"] == cause].median() for cause in shares.index})
    if got == medians.idxmax() and got != right:
        return Feedback(False, "你可能比较了已解决投诉的中位天数：题目要每个原因的 KM 5 天解决比例。")
    return Feedback(False, f"{got} 的 5 天解决比例是 {shares[got]:.0%}，还有更低的。对每个原因分别算 service_level。")


def q07_5(answer) -> Feedback:
    """练习 7.5：在之前 90 天下过 2–3 单的客户中，投诉过（三种处理评价合并）的 90 天复购率比未投诉的高多少个百分点（低则为负）？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个数（百分点），你给的是 {answer!r}。")
    s = recovery_sample(_complaints(), datasets.load_orders(), days=90, end="2025-12-31")
    band = s[s["orders_before"].between(2, 3)]
    done = band["group"] != "未投诉"
    right = 100 * (band.loc[done, "repurchased"].mean() - band.loc[~done, "repurchased"].mean())
    overall = 100 * (s.loc[s["group"] != "未投诉", "repurchased"].mean() - s.loc[s["group"] == "未投诉", "repurchased"].mean())
    if close(v, right, abs_tol=0.05):
        return Feedback(True, f"{right:+.1f} 个百分点：和全部客户比的 {overall:+.1f} 相比小得多——"
                              "投诉的客户本来就买得多。这仍然不能说明“鼓励投诉”会带来复购。")
    if close(v, right / 100, abs_tol=5e-4):
        return Feedback(False, "请用百分点（如 2.5），不是小数。")
    if close(v, overall, abs_tol=0.05):
        return Feedback(False, "这是全部客户的差别：题目只比较之前下过 2–3 单的客户。")
    return Feedback(False, "用 recovery_sample 的样本，筛出 orders_before 为 2 或 3 的行，比较投诉组和“未投诉”组的复购率。")
