"""Self-checks of chapter 01 客户价值."""

from __future__ import annotations

from .. import datasets
from ..summary import btyd_summary
from ..value import BetaGeoModel, break_even_programme_cost, discounted_clv, simple_clv
from .feedback import TODO, Feedback, close, number, unanswered


def q01_1(answer) -> Feedback:
    """练习 1.1：年流失率 20%、每位客户年利润 150 美元、获客成本 100 美元，按幻灯片的算法 CLV 是多少？"""
    if unanswered(answer):
        return TODO

    right = simple_clv(150, 0.20, 100)
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个数字（美元），你给的是 {answer!r}。")
    if close(v, right):
        return Feedback(True, f"预期寿命 1/0.2 = 5 年，5 × 150 − 100 = {right:.0f} 美元。")
    if close(v, right + 100):
        return Feedback(False, "别忘了减去获客成本。")
    if close(v, 150 / 0.8 - 100) or close(v, 0.8 * 150 * 5 - 100):
        return Feedback(False, "预期寿命是 1 / 流失率，而不是 1 / 留存率。")
    return Feedback(False, "CLV = 预期寿命 × 年利润 − 获客成本，预期寿命 = 1 / 年流失率。")


def q01_2(answer) -> Feedback:
    """练习 1.2：m = 100、留存率 r = 0.8、贴现率 d = 10%，按“期末收到、第一期一定收到”的口径，贴现 CLV 是多少？"""
    if unanswered(answer):
        return TODO

    right = discounted_clv(100, 0.8, 0.10, timing="end")
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个数字，你给的是 {answer!r}。")
    if abs(v - right) < 0.01:
        return Feedback(True, f"m/(1+d−r) = 100/0.3 = {right:.2f}。")
    for t, txt in (("start", "期初收到（含第一期未贴现）"), ("end_retained", "第一期也要先留存")):
        if abs(v - discounted_clv(100, 0.8, 0.10, timing=t)) < 0.01:
            return Feedback(False, f"这是“{txt}”口径的结果；题目要的是 m/(1+d−r)。")
    return Feedback(False, "用 m/(1+d−r)：分母是 1 + 贴现率 − 留存率。")


def _pair(answer) -> tuple | None:
    """A two-element answer (tuple or list), or None."""
    if isinstance(answer, (tuple, list)) and len(answer) == 2:
        return tuple(answer)
    return None


def q01_3(answer) -> Feedback:
    """练习 1.3（决策）：方案把年流失率从 10% 降到 7%，每位客户每年 20 美元；年利润 100 美元、贴现率 10%。
    答案是 (每年最多值多少美元, "买" 或 "不买")。"""
    if unanswered(answer):
        return TODO
    pair = _pair(answer)
    if pair is None:
        return Feedback(False, f"答案应是两项：(盈亏平衡成本, \"买\" 或 \"不买\")，你给的是 {answer!r}。")
    cost, choice = number(pair[0]), str(pair[1]).strip()
    if cost is None or choice not in ("买", "不买"):
        return Feedback(False, "第一项是一个数字（美元/年），第二项是 \"买\" 或 \"不买\"。")
    right = break_even_programme_cost(100, churn=0.10, new_churn=0.07, discount=0.10)
    flat = break_even_programme_cost(100, churn=0.10, new_churn=0.07, discount=0.0)
    if abs(cost - flat) < 0.01:
        return Feedback(False, f"{flat:.0f} 美元是不贴现的上限 100 × (1 − 7%/10%)；题目要按 10% 贴现："
                               "第 20 年多留住的利润今天不值 100 美元。")
    if abs(cost - right) >= 0.01:
        return Feedback(False, "盈亏平衡成本 c 让两种方案的贴现 CLV 相等：CLV(100 − c, 留存率 93%) = CLV(100, 留存率 90%)。")
    if choice == "买":
        return Feedback(False, f"上限算对了（{right:.2f} 美元），但报价 20 美元高于上限：超出上限的每 1 美元都在减少每位客户的贴现价值。")
    with_plan = discounted_clv(100 - 20, 0.93, 0.10)
    without = discounted_clv(100, 0.90, 0.10)
    return Feedback(True, f"按 10% 贴现，方案每年最多值 {right:.2f} 美元 < 报价 20 美元，不买：每位客户的贴现 CLV "
                          f"从 {without:.2f} 降到 {with_plan:.2f} 美元。不贴现的上限 {flat:.0f} 美元会让人误买。")


def _cdnow_one_repeat() -> tuple[float, float, float, float, float]:
    """CDNOW, 39-week calibration, customers with exactly one repeat purchase: mean predicted
    holdout purchases over 39 and 78 weeks, mean actual, predicted mean of all customers, group size."""
    s = btyd_summary(datasets.load_cdnow(), customer="customer_id", date="date", amount="amount",
                     calibration_end="1997-09-30", observation_end="1998-06-30")
    bg = BetaGeoModel().fit(s)
    one = s[s["frequency"] == 1]
    pred = bg.expected_purchases(39, one["frequency"], one["recency"], one["T"])
    pred78 = bg.expected_purchases(78, one["frequency"], one["recency"], one["T"])
    everyone = bg.expected_purchases(39, s["frequency"], s["recency"], s["T"])
    return (float(pred.mean()), float(pred78.mean()), float(one["frequency_holdout"].mean()),
            float(everyone.mean()), float(len(one)))


def q01_4(answer) -> Feedback:
    """练习 1.4（挑战）：CDNOW 校准期恰好重复购买 1 次的客户，模型预测他们在 39 周留出期平均购买几次？实际平均几次？
    答案是 (预测, 实际)。"""
    if unanswered(answer):
        return TODO
    pair = _pair(answer)
    if pair is None or number(pair[0]) is None or number(pair[1]) is None:
        return Feedback(False, f"答案应是两个数：(模型预测的平均次数, 实际平均次数)，你给的是 {answer!r}。")
    pred, actual = number(pair[0]), number(pair[1])
    right_pred, pred78, right_actual, everyone, n = _cdnow_one_repeat()

    def near(a, b):
        return abs(a - b) < 0.005

    if near(pred, right_actual) and near(actual, right_pred):
        return Feedback(False, "两个数的顺序反了：先写模型预测，再写实际。")
    if near(pred, pred78):
        return Feedback(False, "预测的时长不对：留出期是校准期末之后的 39 周，不是 78 周。")
    if near(pred, everyone):
        return Feedback(False, "这是全部客户的平均预测；题目只要校准期重复购买恰好 1 次的客户。")
    if near(pred, right_pred * n) or near(actual, right_actual * n):
        return Feedback(False, f"要的是每位客户的平均次数，不是 {n:.0f} 位客户的合计。")
    if not near(pred, right_pred):
        return Feedback(False, "预测不对：用 39 周校准期拟合的模型，对每位客户的 (frequency, recency, T) 预测未来 39 周的购买次数，再取平均。")
    if not near(actual, right_actual):
        return Feedback(False, "实际值不对：实际次数在 btyd_summary 的留出期列里，取这组客户的平均。")
    return Feedback(True, f"{n:.0f} 位客户：模型预测平均 {right_pred:.3f} 次，实际 {right_actual:.3f} 次，"
                          f"低估约 {1 - right_pred / right_actual:.0%}：只买过两次的客户比模型以为的更“活”。"
                          "按校准期频次分组比较（条件期望），比只看总数更能暴露模型的偏差。")
