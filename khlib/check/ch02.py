"""Self-checks of chapter 02 客户选择.

The right answers are computed from the company's data with khlib; the tests
(``tests/check/test_ch02.py``) pin them to constants computed by hand with plain pandas.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from .. import datasets
from ..selection import COST_RATES, HAND_EXAMPLE, ahp_matrix, ahp_weights, customer_profitability, whale_curve
from .feedback import TODO, Feedback, close, number, unanswered

#: Exercise 2.1: the sales director's rule — at most this many visits a year to a customer whose
#: yearly sales are under :data:`SMALL_SALES` 元.
VISITS_CAP = 4
SMALL_SALES = 50_000

#: Exercise 2.3: the sales director's judgements (Saaty's 1–9 scale; 2.0 = "a little more
#: important"), criteria in the order of :data:`khlib.selection.CRITERIA`.
DIRECTOR = {
    ("购买力", "价格敏感度"): 3, ("购买力", "服务成本率"): 2, ("购买力", "成长潜力"): 1,
    ("购买力", "合作意愿"): 3, ("购买力", "距离"): 5,
    ("价格敏感度", "服务成本率"): 1 / 2, ("价格敏感度", "成长潜力"): 1 / 3, ("价格敏感度", "合作意愿"): 1,
    ("价格敏感度", "距离"): 2,
    ("服务成本率", "成长潜力"): 1 / 2, ("服务成本率", "合作意愿"): 2, ("服务成本率", "距离"): 3,
    ("成长潜力", "合作意愿"): 3, ("成长潜力", "距离"): 5,
    ("合作意愿", "距离"): 2,
}
CRITERIA_ZH = ["购买力", "价格敏感度", "服务成本率", "成长潜力", "合作意愿", "距离"]

#: Exercise 2.5: activities whose cost does not go away with a customer (the salesperson's salary
#: is paid whether or not a visit is made) — 本课程的假设.
FIXED_ACTIVITIES = ("拜访",)

#: The options of exercise 2.5 (letter -> what the company would do with the bottom 5%).
OPTIONS_25 = {
    "a": "放弃这些客户：失去它们的毛利，省下随客户消失的作业成本（拜访是业务员的固定工资，省不下来）",
    "b": "保留这些客户，但改为款到发货（不再赊销）：不再有催款、逾期占款和坏账核销，其余不变（假设它们都接受）",
    "c": "维持现状",
}


def _all_unanswered(answer) -> bool:
    if unanswered(answer):
        return True
    return isinstance(answer, (tuple, list)) and len(answer) > 0 and all(unanswered(a) for a in answer)


def q02_1(answer) -> Feedback:
    """练习 2.1：销售额不到 5 万元的客户每年最多拜访 4 次。例题八位客户的利润合计增加多少元？"""
    if _all_unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个金额（元），你给的是 {answer!r}。")
    small = HAND_EXAMPLE["sales"] < SMALL_SALES
    cut = (HAND_EXAMPLE["拜访"] - VISITS_CAP).clip(lower=0)
    right = float((cut[small] * COST_RATES["拜访"]).sum())
    if close(v, right, rel_tol=1e-9, abs_tol=0.5):
        return Feedback(True, f"利润增加 {right:,.0f} 元：只有拜访超过 {VISITS_CAP} 次的小客户受影响，拜访次数本来就少的客户不变。")
    forced = float(((HAND_EXAMPLE["拜访"] - VISITS_CAP)[small] * COST_RATES["拜访"]).sum())
    with_50k = float((cut[HAND_EXAMPLE["sales"] <= SMALL_SALES] * COST_RATES["拜访"]).sum())
    if close(v, forced, abs_tol=0.5):
        return Feedback(False, "你把所有小客户的拜访都设成了 4 次——本来只拜访 2 次的客户不会因为这条规定而多拜访。")
    if close(v, with_50k, abs_tol=0.5) and with_50k != right:
        return Feedback(False, "“不到 5 万元”不包括正好 5 万元的客户。")
    if close(v, right / COST_RATES["拜访"], abs_tol=0.5):
        return Feedback(False, "你算的是少拜访的次数，题目问的是金额：乘上每次拜访的成本。")
    return Feedback(False, "先找出销售额不到 5 万元的客户，再看每位客户的拜访次数比 4 次多几次。")


@functools.lru_cache(maxsize=1)
def _profit() -> pd.DataFrame:
    return customer_profitability(datasets.load_orders(), datasets.load_products(), datasets.load_activities(),
                                  start="2025-01-01", end="2025-12-31")


def _top_share(profit: pd.DataFrame, by: str) -> float:
    ranked = profit.sort_values([by, "profit"], ascending=False, kind="stable")
    n = math.ceil(0.2 * len(ranked))
    return float(ranked["profit"].iloc[:n].sum() / ranked["profit"].sum())


def q02_2(answer) -> Feedback:
    """练习 2.2：按 2025 年销售额排序，前 20% 的客户（向上取整）贡献了总利润的多少（小数，如 0.85）？"""
    if _all_unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个比例（如 0.85），你给的是 {answer!r}。")
    profit = _profit()
    right = _top_share(profit, "sales")
    if v > 1.5:
        v = v / 100
    if close(v, right, abs_tol=5e-4):
        by_profit = _top_share(profit, "profit")
        return Feedback(True, f"按销售额选出的前 20% 客户贡献了 {right:.1%} 的利润；按利润选则是 {by_profit:.1%}。"
                        "只看销售额的企业，选出的“好客户”里混进了亏损客户。")
    if close(v, _top_share(profit, "profit"), abs_tol=5e-4):
        return Feedback(False, "你是按利润排序的（那是鲸鱼曲线的读数）。题目要按销售额排序——企业没有服务成本数据时只能这样排。")
    top = profit.sort_values(["sales", "profit"], ascending=False, kind="stable").iloc[:math.ceil(0.2 * len(profit))]
    if close(v, float(top["sales"].sum() / profit["sales"].sum()), abs_tol=5e-4):
        return Feedback(False, "你算的是销售额的占比，题目问的是这些客户贡献的**利润**占比。")
    return Feedback(False, "用 2025 年的客户利润表（含服务成本），按销售额从大到小取前 20% 的客户（向上取整），合计他们的利润再除以总利润。")


def q02_3(answer) -> Feedback:
    """练习 2.3：把“成长潜力 比 购买力”改为 3（更看重成长潜力），成长潜力的新权重是多少（保留三位小数）？"""
    if _all_unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个权重（0 到 1 之间的小数），你给的是 {answer!r}。")
    judgements = {k: w for k, w in DIRECTOR.items() if k != ("购买力", "成长潜力")}
    judgements[("成长潜力", "购买力")] = 3
    res = ahp_weights(ahp_matrix(judgements, CRITERIA_ZH))
    right = float(res.weights["成长潜力"])
    if close(v, right, abs_tol=6e-4):
        return Feedback(True, f"成长潜力的权重升到 {right:.3f}（原来 {float(ahp_weights(ahp_matrix(DIRECTOR, CRITERIA_ZH)).weights['成长潜力']):.3f}），"
                        f"一致性比率 CR = {res.cr:.3f}，{'仍小于 0.1，可以接受' if res.cr < 0.1 else '超过 0.1，需要重新判断'}。")
    wrong = dict(DIRECTOR)
    wrong[("购买力", "成长潜力")] = 3
    if close(v, float(ahp_weights(ahp_matrix(wrong, CRITERIA_ZH), max_cr=None).weights["成长潜力"]), abs_tol=6e-4):
        return Feedback(False, "方向反了：你写的是“购买力比成长潜力重要 3 倍”。判断矩阵第 i 行第 j 列表示第 i 个准则比第 j 个重要几倍。")
    return Feedback(False, "在判断里把（购买力, 成长潜力）换成（成长潜力, 购买力）= 3，其余不变，再求主特征向量（权重之和为 1）。")


def _bottom(profit: pd.DataFrame, share: float = 0.05) -> pd.DataFrame:
    n = math.ceil(share * len(profit))
    return profit.sort_values(["profit", "sales"], kind="stable").iloc[:n]


def q02_4(answer) -> Feedback:
    """练习 2.4：如果放弃利润最低的 5% 客户（向上取整）、它们的服务成本全部随之消失，公司利润变为现在的多少（小数，如 1.2）？"""
    if _all_unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个倍数（如 1.2），你给的是 {answer!r}。")
    profit = _profit()
    curve = whale_curve(profit["profit"])
    n_keep = len(profit) - math.ceil(0.05 * len(profit))
    right = float(curve["cumulative_share"].iloc[n_keep - 1])
    if v > 5:
        v = v / 100
    if close(v, right, abs_tol=5e-4):
        return Feedback(True, f"利润变为现在的 {right:.3f} 倍——这是鲸鱼曲线在 95% 客户处的高度。前提是这些客户的服务成本**全部**消失；"
                        "业务员工资等固定成本不会随客户消失，练习 2.5 就来检验这个前提。")
    by_sales = profit.sort_values("sales", kind="stable").iloc[math.ceil(0.05 * len(profit)):]
    if close(v, float(by_sales["profit"].sum() / profit["profit"].sum()), abs_tol=5e-4):
        return Feedback(False, "你放弃的是销售额最低的 5%，题目说的是利润最低的 5%。")
    if close(v, 1 / right, abs_tol=5e-4):
        return Feedback(False, "比值倒过来了：新利润 ÷ 现在的利润。")
    return Feedback(False, "按利润从高到低排序，取前 95% 的客户（即去掉最后 5%，向上取整），把他们的利润加起来除以现在的总利润。")


#: The activities that exist only because a customer buys on credit (option b of exercise 2.5).
CREDIT_ACTIVITIES = ("催款", "逾期占款", "坏账核销")


def _option_effects() -> dict[str, float]:
    """Change of the company's profit under each option of exercise 2.5 (元)."""
    bottom = _bottom(_profit())
    fixed = [c for c in FIXED_ACTIVITIES if c in bottom.columns]
    variable = bottom["cost_to_serve"] - bottom[fixed].sum(axis=1)
    credit = [c for c in CREDIT_ACTIVITIES if c in bottom.columns]
    return {"a": float(-(bottom["gross_profit"] - variable).sum()), "b": float(bottom[credit].sum().sum()), "c": 0.0}


def q02_5(answer) -> Feedback:
    """练习 2.5（决策）：对利润最低的 5% 客户，选 a、b 或 c（见 OPTIONS_25），使公司利润最高。"""
    if _all_unanswered(answer):
        return TODO
    choice = str(answer).strip().lower()[:1]
    if choice not in OPTIONS_25:
        return Feedback(False, f"请回答 a、b 或 c 之一，你给的是 {answer!r}。")
    eff = _option_effects()
    best = max(eff, key=eff.get)
    text = "；".join(f"{k}：利润{'增加' if e >= 0 else '减少'} {abs(e):,.0f} 元" for k, e in eff.items())
    if choice == best:
        why = ("它们亏损主要因为赊销：催款、逾期占款和坏账。改为款到发货就去掉了这些成本，还保住了它们的毛利；"
               "放弃它们却省不下业务员的拜访成本。付款条件和价格一样，也是选择客户的工具——先改善，再考虑放弃。"
               if best == "b" else "它们的毛利连随它们消失的成本都覆盖不了。")
        return Feedback(True, f"{text}。{why}")
    hint = ("放弃时拜访成本省不下来（业务员工资照发），还失去了它们的毛利；" if choice == "a"
            else "维持现状，亏损就一直在；" if choice == "c" else "")
    return Feedback(False, f"算一算每个选项使利润变化多少：{hint}只有随客户消失或由客户承担的成本才算节省。")
