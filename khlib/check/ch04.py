"""Self-checks of chapter 04 客户分级.

The right answers are computed from the company's data with khlib; the tests
(``tests/check/test_ch04.py``) pin them to constants computed by hand with plain pandas.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import pandas as pd

from .. import datasets
from ..grading import HAND_EXAMPLE, abc_grade, d_grade
from ..summary import customer_summary
from .feedback import TODO, Feedback, number, unanswered

#: The capacity assumption of exercise 4.4 (本课程的假设): a salesperson makes at most 4 visits
#: a working day, 22 working days a month.
VISITS_PER_SALESPERSON = 4 * 22

#: The options of exercise 4.4 (letter -> what the company would do).
OPTIONS_44 = {
    "a": "把 A 类的分界点从 80% 降到 70%（B 类仍到 95%）",
    "b": "C 类客户改为每两个月拜访一次（每月 0.5 次）",
    "c": "同时做 a 和 b",
    "d": "拜访计划不变，增聘 5 位业务员",
}


def _all_unanswered(answer) -> bool:
    if unanswered(answer):
        return True
    return isinstance(answer, (tuple, list)) and len(answer) > 0 and all(unanswered(a) for a in answer)


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
                    f"{cum_before:.1%}，据此它应属于哪一级？（看的是它之前的累计占比，不是含它在内的）")


@functools.lru_cache(maxsize=1)
def _data():
    orders = datasets.load_orders()
    s2024 = customer_summary(orders, start="2024-01-01", end="2024-12-31")
    s2025 = customer_summary(orders, start="2025-01-01", end="2025-12-31")
    return orders, s2024, s2025


def _count(graded: pd.DataFrame, g: str = "A") -> int:
    return int((graded["grade"].astype(str) == g).sum())


def q04_2(answer) -> Feedback:
    """练习 4.2：按教材的第二种说法（A 类累计到 70%，B 类到 90%）给 2025 年的客户分级，A 类有多少户？"""
    if _all_unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个户数（整数），你给的是 {answer!r}。")
    _, _, s2025 = _data()
    right = _count(abc_grade(s2025, cuts=(0.70, 0.90)))
    if int(v) == right and v == int(v):
        default = _count(abc_grade(s2025))
        return Feedback(True, f"{right} 户，比 80% 分界点的 {default} 户少 {default - right} 户："
                        "A 线降 10 个百分点，A 类少了约四成客户：越往下每户贡献越小，凑够同样 10 个百分点需要更多户。")
    if int(v) == _count(abc_grade(s2025)):
        return Feedback(False, "这是默认分界点（80% / 95%）下的 A 类户数：题目要的是 A 类累计到 70%。")
    orders, _, _ = _data()
    if int(v) == _count(abc_grade(customer_summary(orders), cuts=(0.70, 0.90))):
        return Feedback(False, "这是按 2024–2025 两年的销售额分的级：题目只看 2025 年。")
    return Feedback(False, "户数不对。检查分界点是否写成了 0–1 的小数（70% 写 0.70），"
                    "以及分的是 2025 年每个客户一行的汇总表。")


def _gross_profit_2025() -> pd.Series:
    orders, _, _ = _data()
    unit_cost = datasets.load_products().set_index("product_id")["unit_cost"]
    lines = orders.assign(amount=orders["amount"] - orders["product_id"].map(unit_cost) * orders["quantity"])
    # customer_summary sums "amount" per customer: here the gross profit of each line
    s = customer_summary(lines, start="2025-01-01", end="2025-12-31", allow_negative=True)
    return s["sales"].rename("gross_profit")


def q04_3(answer) -> Feedback:
    """练习 4.3：按 2025 年的毛利（而不是销售额）做 ABC 分级（80% / 95%），有多少客户按毛利是 A 类、
    按销售额却不是 A 类？"""
    if _all_unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个户数（整数），你给的是 {answer!r}。")
    _, _, s2025 = _data()
    gp = _gross_profit_2025()
    a_gp = set(gp.index[abc_grade(gp.clip(lower=0))["grade"].reindex(gp.index).astype(str) == "A"])
    sales_grade = abc_grade(s2025)["grade"].astype(str)
    a_sales = set(sales_grade.index[sales_grade == "A"])
    right = len(a_gp - a_sales)
    if int(v) == right and v == int(v):
        return Feedback(True, f"{right} 户。按毛利的 A 类有 {len(a_gp)} 户，比按销售额的 {len(a_sales)} 户多："
                        "经销商拿 18%–28% 的折扣，销售额大、毛利薄；企业和机构折扣小，毛利厚。"
                        "按毛利分级，重点客户的名单就变了。")
    if int(v) == len(a_gp):
        return Feedback(False, "这是按毛利的 A 类总数。题目问的是其中按销售额不是 A 类的那些。")
    if int(v) == len(a_sales - a_gp):
        return Feedback(False, "方向反了：这是按销售额是 A 类、按毛利却不是的客户。")
    if int(v) == len(a_gp & a_sales):
        return Feedback(False, "这是两种口径都是 A 类的客户。题目问的是只按毛利才是 A 类的。")
    return Feedback(False, "户数不对。毛利 = 金额 − 数量 × 单位成本（成本在产品表里），"
                    "先算到 2025 年每个客户一行，再分级。")


@functools.lru_cache(maxsize=1)
def _visits_44() -> dict[str, float]:
    """Visits per month the salespeople are asked for under each option of exercise 4.4."""
    _, _, s2025 = _data()
    inv, pay = datasets.load_invoices(), datasets.load_payments()
    n_sp = int(datasets.load_assignments()["salesperson_id"].nunique())

    def visits(graded, c_rate=1.0):
        c = graded["grade"].astype(str).value_counts()
        return 3 * c.get("A", 0) + 2 * c.get("B", 0) + c_rate * c.get("C", 0)

    now = d_grade(abc_grade(s2025), inv, pay, asof="2025-12-31")
    a70 = d_grade(abc_grade(s2025, cuts=(0.70, 0.95)), inv, pay, asof="2025-12-31")
    return {"now": visits(now), "a": visits(a70), "b": visits(now, 0.5), "c": visits(a70, 0.5),
            "capacity": n_sp * VISITS_PER_SALESPERSON, "d": (n_sp + 5) * VISITS_PER_SALESPERSON,
            "salespeople": n_sp}


def q04_4(answer) -> Feedback:
    """练习 4.4（决策）：39 位业务员每人每月最多拜访 88 次。哪一种做法能让拜访计划排得下？
    答 'a'、'b'、'c' 或 'd'（见 OPTIONS_44）。"""
    if _all_unanswered(answer):
        return TODO
    letter = str(answer).strip().lower().strip("()（）.、 ")
    if letter not in OPTIONS_44:
        return Feedback(False, f"请回答一个字母：'a'、'b'、'c' 或 'd'；你给的是 {answer!r}。")
    v = _visits_44()
    cap = v["capacity"]
    need = {k: v[k] for k in "abc"}
    fits = [k for k in "abc" if need[k] <= cap]
    if letter == "d":
        ok = v["now"] <= v["d"]
        if ok:
            return Feedback(True, f"增聘 5 人后能力 {v['d']:,.0f} 次 ≥ 需要的 {v['now']:,.0f} 次。")
        return Feedback(False, f"增聘 5 人后每月能拜访 {v['d']:,.0f} 次，仍少于计划要的 {v['now']:,.0f} 次"
                        f"（至少要 {math.ceil(v['now'] / VISITS_PER_SALESPERSON) - v['salespeople']} 人）；"
                        "而且新人要时间熟悉客户，A 类客户最怕换人。")
    if letter in fits and letter == min(fits, key=lambda k: "abc".index(k)) and len(fits) == 1:
        return Feedback(True, f"a 和 b 单独都不够（{need['a']:,.0f}、{need['b']:,.0f} 次 > 能力 {cap:,.0f} 次），"
                        f"合起来 {need['c']:,.0f} 次才排得下。缩小 A 类省下的是每户每月 1 次，"
                        "放慢 C 类省下的是上千户的半次：大头在 C 类——但要先确认 C 类客户不会因此流失。")
    if letter in fits:
        return Feedback(True, f"这种做法需要 {need[letter]:,.0f} 次，不超过能力 {cap:,.0f} 次。")
    return Feedback(False, f"按这种做法每月仍需 {need[letter]:,.0f} 次拜访，超过 {v['salespeople']} 位业务员的能力 "
                    f"{cap:,.0f} 次。先算现在的需要（{v['now']:,.0f} 次），再算每种做法省下多少。")


def q04_5(answer) -> Feedback:
    """练习 4.5：2024 年的 A 类客户（全公司统一分级）中，华东地区的有多少户在 2025 年不再是 A 类
    （降级或一单未下）？"""
    if _all_unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个户数（整数），你给的是 {answer!r}。")
    _, s2024, s2025 = _data()
    region = datasets.load_customers().set_index("customer_id")["region"]
    g24, g25 = abc_grade(s2024)["grade"].astype(str), abc_grade(s2025)["grade"].astype(str)
    a24 = g24.index[(g24 == "A").to_numpy() & (region.reindex(g24.index) == "华东").to_numpy()]
    after = g25.reindex(a24)
    lost, down = int(after.isna().sum()), int((after.notna() & (after != "A")).sum())
    right = lost + down
    if int(v) == right and v == int(v):
        return Feedback(True, f"{right} 户：{down} 户降级，{lost} 户 2025 年一单未下。"
                        f"占华东 2024 年 A 类 {len(a24)} 户的 {right / len(a24):.0%}。")
    if int(v) == down:
        return Feedback(False, "你数了降级的客户，漏了 2025 年一单也没下的（它们不在 2025 年的分级表里）。")
    if int(v) == lost:
        return Feedback(False, "你只数了 2025 年没有下单的客户，漏了降到 B、C 类的。")
    e24 = customer_summary(_data()[0], start="2024-01-01", end="2024-12-31")
    east = e24[region.reindex(e24.index).to_numpy() == "华东"]
    if len(east) and int(v) == _count(abc_grade(east)):
        return Feedback(False, "这是华东内部重新分级后的 A 类户数：题目要全公司统一分级，再筛出华东的客户。")
    return Feedback(False, "户数不对。先分别给 2024、2025 年全公司分级，取 2024 年 A 类中地区为华东的客户，"
                    "再看他们 2025 年的等级（不在 2025 年表里的算流失）。")
