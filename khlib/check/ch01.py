"""Self-checks of chapter 01 客户价值."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import datasets
from ..summary import btyd_summary
from ..value import BetaGeoModel, discounted_clv, simple_clv
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


def q01_3(answer) -> Feedback:
    """练习 1.3：用 39 周校准期拟合的 BG/NBD，CDNOW 客户 0001 在第 39 周末仍活跃的概率（保留两位小数）？"""
    if unanswered(answer):
        return TODO

    s = btyd_summary(datasets.load_cdnow(), customer="customer_id", date="date", amount="amount",
                     calibration_end="1997-09-30")
    bg = BetaGeoModel().fit(s)
    one = s.loc["0001"]
    right = float(bg.probability_alive(one["frequency"], one["recency"], one["T"]))
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是 0 到 1 之间的数，你给的是 {answer!r}。")
    if abs(v - right) < 0.006:
        return Feedback(True, f"P(alive) = {right:.3f}：两次重复购买，最后一次在第 30.4 周，此后 8 周没有再来。")
    if v > 1:
        return Feedback(False, "概率应在 0 到 1 之间。")
    return Feedback(False, "用 bg.probability_alive(frequency, recency, T)，三个值取自 btyd_summary 中客户 0001 的一行。")
