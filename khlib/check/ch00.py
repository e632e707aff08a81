"""Self-checks of chapter 00 导论."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import datasets
from ..intro import RECORD_CARD
from .feedback import TODO, Feedback, close, number, unanswered


def q00_1(answer) -> Feedback:
    """练习 0.1：2025 年至少下过一单的客户有多少户？"""
    if unanswered(answer):
        return TODO

    o = datasets.load_orders()
    right = int(o.loc[o["order_date"].dt.year == 2025, "customer_id"].nunique())
    total = int(o["customer_id"].nunique())
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个整数（户数），你给的是 {answer!r}。")
    if int(v) == right and v == int(v):
        return Feedback(True, f"2025 年有 {right:,} 户客户下过单。")
    if int(v) == total:
        return Feedback(False, "这是两年里所有下过单的客户数。请先筛选 2025 年的订单。")
    if int(v) == o["order_date"].dt.year.eq(2025).sum():
        return Feedback(False, "这是订单行数，不是客户数：同一客户会有很多行，用 nunique() 去重。")
    return Feedback(False, "数目不对。提示：筛选 order_date 在 2025 年的行，再数不同的 customer_id。")


_SECTION_OF = {label: sec for sec, fields in RECORD_CARD.items() for label, _ in fields}


def q00_2(answer: dict | None) -> Feedback:
    """练习 0.2：把资料卡的项目归入四个部分（基础资料 / 客户特征 / 业务状况 / 交易现状）。"""
    if unanswered(answer):
        return TODO
    if not isinstance(answer, dict):
        return Feedback(False, "答案应是一个字典，例如 {'法人代表': '基础资料', ...}。")
    wrong, unknown = [], []
    for item, sec in answer.items():
        if item not in _SECTION_OF:
            unknown.append(item)
        elif sec != _SECTION_OF[item]:
            wrong.append(f"{item}（你填了 {sec}）")
    if unknown:
        return Feedback(False, f"资料卡里没有这些项目：{unknown}。请用练习中给出的项目名。")
    if len(answer) < 5:
        return Feedback(False, f"请为练习中的全部 5 个项目给出归类，目前只有 {len(answer)} 个。")
    if wrong:
        return Feedback(False, f"{len(wrong)} 项归错了：{'；'.join(wrong)}。"
                        "回看资料卡四个部分各自回答的问题：它是谁、它怎样、生意如何、交易条件如何。")
    return Feedback(True, "全部归类正确。")
