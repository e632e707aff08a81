"""Self-checks of chapter 05 交易分析."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import datasets
from ..transactions import HAND_EXAMPLE, credit_check, product_mix, product_ratios
from .feedback import TODO, Feedback, close, number, unanswered


# Chapter 05 交易分析
def q05_1(answer) -> Feedback:
    """练习 5.1：HAND_EXAMPLE 五种产品的交叉比率（按甲到戊的顺序，5 个数）。"""
    if unanswered(answer):
        return TODO

    right = product_ratios(HAND_EXAMPLE)["cross_ratio"]
    got = list(answer.reindex(HAND_EXAMPLE.index)) if isinstance(answer, pd.Series) else list(answer)
    if len(got) != 5:
        return Feedback(False, f"需要 5 个数（甲到戊），你给了 {len(got)} 个。")
    vals = [number(v) for v in got]
    if any(v is None for v in vals):
        return Feedback(False, "交叉比率都应是数字，例如 1.5。")
    bad = [k for k, v in zip(HAND_EXAMPLE.index, vals) if not close(v, right[k], rel_tol=0.01, abs_tol=0.005)]
    if not bad:
        best = right.idxmax()
        return Feedback(True, f"五个交叉比率全对；最高的是 {best}（{right[best]:.2f}）——毛利率高、周转快。")
    k = bad[0]
    r = HAND_EXAMPLE.loc[k]
    return Feedback(False, f"{len(bad)} 个不对，例如 {k}：毛利率 = {r['gross_profit']:.0f} ÷ {r['sales']:.0f}，"
                    f"周转率 = {r['sales']:.0f} ÷ {r['avg_stock']:.0f}，交叉比率 = 两者相乘。")


def q05_2(answer) -> Feedback:
    """练习 5.2：2025-12-31 有多少户客户的应收余额超过了信用额度？"""
    if unanswered(answer):
        return TODO

    cc = credit_check(datasets.load_invoices(), datasets.load_payments(), datasets.load_customers(), asof="2025-12-31")
    n = int(cc["over_limit"].sum())
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个整数（户数），你给的是 {answer!r}。")
    if int(v) == n:
        return Feedback(True, f"{n} 户超过额度，占有余额客户（{len(cc)} 户）的 {n / len(cc):.1%}。")
    if int(v) == len(cc):
        return Feedback(False, "这是有应收余额的客户数；还要比较余额和 credit_limit。")
    return Feedback(False, "不对。用 kh.transactions.credit_check(..., asof='2025-12-31') 的 over_limit 列计数。")


def q05_3(answer) -> Feedback:
    """练习 5.3：客户 C00166 在 2025 年的产品结构中，哪个品类比公司整体低得最多（最值得推的品类）？"""
    if unanswered(answer):
        return TODO

    mix = product_mix(datasets.load_orders(), datasets.load_products(), "C00166", start="2025-01-01", end="2025-12-31")
    right = str(mix.index[0])
    if str(answer).strip() == right:
        return Feedback(True, f"{right}：该客户的占比 {mix.iloc[0]['customer_share']:.1%}，公司整体 "
                        f"{mix.iloc[0]['company_share']:.1%}，低 {-mix.iloc[0]['diff_pp']:.1f} 个百分点。")
    if str(answer).strip() in set(mix.index.astype(str)):
        return Feedback(False, "这个品类存在，但不是差距最大的：按 diff_pp 从小到大排，第一个才是。")
    return Feedback(False, f"品类名称应是 {list(mix.index.astype(str))} 之一。")
