"""Self-checks of chapter 06 客户沟通与满意.

The right answers are computed from the rules and the company's survey with khlib; the tests
(``tests/check/test_ch06.py``) pin them to constants computed by hand with plain pandas / scipy.
"""

from __future__ import annotations

import functools

import pandas as pd

from .. import datasets
from ..satisfaction import cronbach_alpha, gap_analysis, satisfaction_index, wave_change
from .feedback import TODO, Feedback, close, number, unanswered

#: Exercise 6.1: answers of 100 customers to "how likely are you to recommend us?".
PROMOTERS_61, PASSIVES_61, DETRACTORS_61 = 45, 30, 25
#: The aspects of the company's survey and their Chinese names.
ASPECTS = {"product": "产品质量", "delivery": "交货及时", "service": "售后服务", "price": "价格", "sales": "业务员"}


def _aspect(answer) -> str | None:
    a = str(answer).strip()
    for k, zh in ASPECTS.items():
        if a.lower() == k or a == zh or a == f"perf_{k}":
            return k
    return None


def q06_1(answer) -> Feedback:
    """练习 6.1：100 位客户中推荐者 45、被动者 30、贬损者 25。NPS 是多少？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个数（−100 到 100），你给的是 {answer!r}。")
    n = PROMOTERS_61 + PASSIVES_61 + DETRACTORS_61
    right = 100 * (PROMOTERS_61 - DETRACTORS_61) / n
    if close(v, right, abs_tol=0.05):
        return Feedback(True, f"NPS = 45% − 25% = {right:.0f}。被动者不进公式，但算在分母里。")
    if close(v, right / 100, abs_tol=0.0005):
        return Feedback(False, "NPS 习惯写成 −100 到 100 之间的数（百分点），不是小数。")
    if close(v, 100 * (PROMOTERS_61 - DETRACTORS_61) / (PROMOTERS_61 + DETRACTORS_61), abs_tol=0.05):
        return Feedback(False, "分母是全部受访者（含被动者），不只是推荐者和贬损者。")
    return Feedback(False, "推荐者的百分比减去贬损者的百分比。")


@functools.lru_cache(maxsize=1)
def _survey() -> pd.DataFrame:
    return datasets.load_survey()


def q06_2(answer) -> Feedback:
    """练习 6.2：只用 2025Q4 这一期的问卷，“满意”构念（sat1–sat3）的克朗巴赫 α 是多少？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是 0 到 1 之间的数，你给的是 {answer!r}。")
    s = _survey()
    right = float(cronbach_alpha(s[s["wave"] == "2025Q4"], {"满意": ["sat1", "sat2", "sat3"]}).loc["满意", "alpha"])
    if close(v, right, abs_tol=5e-4):
        return Feedback(True, f"α = {right:.3f}：高于 0.7，这三题测的是同一件事。")
    every = float(cronbach_alpha(s, {"满意": ["sat1", "sat2", "sat3"]}).loc["满意", "alpha"])
    if close(v, every, abs_tol=5e-4):
        return Feedback(False, "你用了全部四期；题目只要 2025Q4 一期。")
    return Feedback(False, "先筛出 2025Q4 的问卷，再对 sat1–sat3 算 α（只用三题都答了的人）。")


def q06_3(answer) -> Feedback:
    """练习 6.3：只看经销商客户，哪个评价项目的“感知 − 期望”差距最大（最不满足期望）？"""
    if unanswered(answer):
        return TODO
    got = _aspect(answer)
    if got is None:
        return Feedback(False, f"请回答一个评价项目：{', '.join(ASPECTS)}（或中文名 {', '.join(ASPECTS.values())}）。")
    s = _survey()
    seg = datasets.load_customers().set_index("customer_id")["segment"]
    dealers = s[seg.reindex(s["customer_id"]).to_numpy() == "经销商"]
    right = gap_analysis(dealers, list(ASPECTS)).index[0]
    overall = gap_analysis(s, list(ASPECTS)).index[0]
    if got == right:
        return Feedback(True, f"{ASPECTS[right]}：经销商拿到的折扣大，价格反而不是他们最大的不满，售后服务才是。")
    if got == overall and overall != right:
        return Feedback(False, f"这是全部客户的答案（{ASPECTS[overall]}）。先筛出经销商：不同类别客户的差距不一样。")
    return Feedback(False, "差距 = 感知 − 期望，越负越不满足期望。只用经销商，且只用两题都答了的问卷。")


def q06_4(answer) -> Feedback:
    """练习 6.4：交货及时（perf_delivery）从 2025Q3 到 2025Q4 的变化是多少？这个变化是真实的吗（p < 0.05）？答案写成 (变化, True/False)。"""
    if unanswered(answer):
        return TODO
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
        return Feedback(False, "答案写成 (变化, True/False)，如 (0.1, False)。")
    v, real = number(answer[0]), answer[1]
    w = wave_change(_survey(), "perf_delivery", "2025Q3", "2025Q4")
    if v is None or not close(v, w["change"], abs_tol=5e-3):
        if v is not None and close(v, -w["change"], abs_tol=5e-3):
            return Feedback(False, "方向反了：变化 = 2025Q4 的均值 − 2025Q3 的均值。")
        return Feedback(False, "变化 = 2025Q4 的平均分 − 2025Q3 的平均分（空白不算）。")
    right_real = bool(w["p_value"] < 0.05)
    if bool(real) != right_real:
        return Feedback(False, f"变化算对了（{w['change']:+.2f}）。两期是不同的客户：用 Welch t 检验看 p 值是否小于 0.05。")
    return Feedback(True, f"变化 {w['change']:+.2f}，p = {w['p_value']:.1e}：第三季度的下滑（新物流承包商，生成数据时设定）在第四季度恢复了。")


def q06_5(answer) -> Feedback:
    """练习 6.5：预算只够把一个项目的表现提高 0.5 分。按回归权重，提高哪个项目对满意度指数的贡献最大？"""
    if unanswered(answer):
        return TODO
    got = _aspect(answer)
    if got is None:
        return Feedback(False, f"请回答一个评价项目：{', '.join(ASPECTS)}（或中文名 {', '.join(ASPECTS.values())}）。")
    si = satisfaction_index(_survey(), list(ASPECTS), overall="sat1")
    right = str(si.aspects["regression_weight"].idxmax())
    gain = float(si.aspects.loc[right, "regression_weight"]) * 0.5 / 4 * 100
    if got == right:
        return Feedback(True, f"{ASPECTS[right]}：回归权重最大，提高 0.5 分约让指数上升 {gain:.1f} 分。"
                              "注意它不一定是差距最大、也不一定是客户“说”最重要的项目。")
    gaps = gap_analysis(_survey(), list(ASPECTS))
    if got == gaps.index[0]:
        return Feedback(False, f"{ASPECTS[got]}的差距最大，但题目问的是对指数的贡献：看回归权重（它驱动总体满意度的程度）。")
    if got == str(si.aspects["importance_weight"].idxmax()):
        return Feedback(False, "这是客户说最重要的项目（重要性权重）；题目要求按回归权重。")
    return Feedback(False, "指数上升 = 回归权重 × 0.5 ÷ 4 × 100：比较各项目的回归权重。")
