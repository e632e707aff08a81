"""Self-checks for the 动手练习 exercises (练习自测): ``kh.check.q04_1(answer)`` tells the student
in Chinese whether the answer is right and, if not, what to look at. The right answers are
computed from the data and khlib, never typed in. An unanswered exercise (``None`` or
``...``) is reported as 尚未作答 rather than as an error.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .intro import RECORD_CARD


@dataclass(frozen=True)
class Feedback:
    """The result of a self-check: ``ok`` is True, False, or None (not answered yet)."""

    ok: bool | None
    message: str

    def __bool__(self) -> bool:
        return bool(self.ok)

    def __repr__(self) -> str:
        mark = {True: "✔ 正确", False: "✘ 还不对", None: "… 尚未作答"}[self.ok]
        return f"{mark}：{self.message}"

    def _repr_html_(self) -> str:
        col = {True: "#2E7D32", False: "#C62828", None: "#757575"}[self.ok]
        return (f'<div style="border-left:6px solid {col};padding:6px 10px;margin:4px 0;'
                f'color:{col};font-size:1.05em">{html.escape(repr(self))}</div>')


def _unanswered(answer) -> bool:
    return answer is None or answer is Ellipsis


_TODO = Feedback(None, "把 None 换成你的答案后再运行本单元格。")


def _close(a: float, b: float, rel: float = 1e-6, abs_: float = 1e-9) -> bool:
    return bool(np.isclose(float(a), float(b), rtol=rel, atol=abs_))


def _number(answer) -> float | None:
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------- 第00章
def q00_1(answer) -> Feedback:
    """练习 0.1：2025 年至少下过一单的客户有多少户？"""
    if _unanswered(answer):
        return _TODO
    from . import datasets

    o = datasets.load_orders()
    right = int(o.loc[o["order_date"].dt.year == 2025, "customer_id"].nunique())
    total = int(o["customer_id"].nunique())
    v = _number(answer)
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
    if _unanswered(answer):
        return _TODO
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


# ---------------------------------------------------------------------------------- 第01章
def q01_1(answer) -> Feedback:
    """练习 1.1：年流失率 20%、每位客户年利润 150 美元、获客成本 100 美元，按幻灯片的算法 CLV 是多少？"""
    if _unanswered(answer):
        return _TODO
    from .value import simple_clv

    right = simple_clv(150, 0.20, 100)
    v = _number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个数字（美元），你给的是 {answer!r}。")
    if _close(v, right):
        return Feedback(True, f"预期寿命 1/0.2 = 5 年，5 × 150 − 100 = {right:.0f} 美元。")
    if _close(v, right + 100):
        return Feedback(False, "别忘了减去获客成本。")
    if _close(v, 150 / 0.8 - 100) or _close(v, 0.8 * 150 * 5 - 100):
        return Feedback(False, "预期寿命是 1 / 流失率，而不是 1 / 留存率。")
    return Feedback(False, "CLV = 预期寿命 × 年利润 − 获客成本，预期寿命 = 1 / 年流失率。")


def q01_2(answer) -> Feedback:
    """练习 1.2：m = 100、留存率 r = 0.8、贴现率 d = 10%，按“期末收到、第一期一定收到”的口径，贴现 CLV 是多少？"""
    if _unanswered(answer):
        return _TODO
    from .value import discounted_clv

    right = discounted_clv(100, 0.8, 0.10, timing="end")
    v = _number(answer)
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
    if _unanswered(answer):
        return _TODO
    from . import datasets
    from .summary import btyd_summary
    from .value import BetaGeoModel

    s = btyd_summary(datasets.load_cdnow(), customer="customer_id", date="date", amount="amount",
                     calibration_end="1997-09-30")
    bg = BetaGeoModel().fit(s)
    one = s.loc["0001"]
    right = float(bg.probability_alive(one["frequency"], one["recency"], one["T"]))
    v = _number(answer)
    if v is None:
        return Feedback(False, f"答案应是 0 到 1 之间的数，你给的是 {answer!r}。")
    if abs(v - right) < 0.006:
        return Feedback(True, f"P(alive) = {right:.3f}：两次重复购买，最后一次在第 30.4 周，此后 8 周没有再来。")
    if v > 1:
        return Feedback(False, "概率应在 0 到 1 之间。")
    return Feedback(False, "用 bg.probability_alive(frequency, recency, T)，三个值取自 btyd_summary 中客户 0001 的一行。")


# ---------------------------------------------------------------------------------- 第04章
#: Ten customers of a small dealer (万元), the worked ABC exercise of chapter 04.
EXAMPLE_04 = pd.Series([420, 260, 130, 60, 45, 30, 22, 15, 10, 8],
                       index=[f"客户{c}" for c in "甲乙丙丁戊己庚辛壬癸"], name="sales")


def q04_1(answer: Sequence[str] | pd.Series | None) -> Feedback:
    """练习 4.1：按 80% / 95% 的累计占比给 EXAMPLE_04 的十个客户分 A/B/C 级。"""
    if _unanswered(answer):
        return _TODO
    from .grading import abc_grade

    right = abc_grade(EXAMPLE_04)["grade"].reindex(EXAMPLE_04.index).astype(str)
    if isinstance(answer, pd.Series):
        got = answer.reindex(EXAMPLE_04.index).astype(str)
    else:
        got = pd.Series(list(answer), dtype=object)
        if len(got) != len(EXAMPLE_04):
            return Feedback(False, f"需要 10 个等级（按甲到癸的顺序），你给了 {len(got)} 个。")
        got.index = EXAMPLE_04.index
        got = got.astype(str)
    bad = [k for k in EXAMPLE_04.index if got[k] != right[k]]
    if not bad:
        return Feedback(True, "十个客户的等级全对：A 类 {} 户。".format((right == "A").sum()))
    first = bad[0]
    cum_before = (EXAMPLE_04.cumsum() - EXAMPLE_04)[first] / EXAMPLE_04.sum()
    return Feedback(False, f"{len(bad)} 个客户的等级不对，例如 {first}：它之前的客户已累计 "
                    f"{cum_before:.1%}，据此它应属于哪一级？（累计占比 < 80% 为 A，< 95% 为 B）")


def _company_pyramid_2025():
    from . import datasets
    from .grading import grade_summary, pyramid_grade
    from .summary import customer_summary

    s = customer_summary(datasets.load_orders(), start="2025-01-01", end="2025-12-31")
    return grade_summary(pyramid_grade(s))


def q04_2(answer) -> Feedback:
    """练习 4.2：2025 年客户金字塔中 A 类（VIP）有多少户？占 2025 年销售额的比例（0–1）？
    答案写成 (户数, 占比)。"""
    if _unanswered(answer):
        return _TODO
    try:
        count, share = answer
    except (TypeError, ValueError):
        return Feedback(False, f"答案应是 (户数, 占比) 两个数，例如 (27, 0.23)；你给的是 {answer!r}。")
    if _unanswered(count) or _unanswered(share):
        return _TODO
    summ = _company_pyramid_2025()
    n, sh = int(summ.loc["A", "customers"]), float(summ.loc["A", "value_share"])
    c, s = _number(count), _number(share)
    if c is None or s is None:
        return Feedback(False, "户数和占比都应是数字，例如 (27, 0.23)。")
    if s > 1:
        return Feedback(False, "占比请写成 0 到 1 之间的小数（例如 0.23 表示 23%）。")
    if int(c) != n:
        return Feedback(False, "户数不对。金字塔的 A 类是 2025 年下过单的客户中按金额排前 1% 的，"
                        "即 ceil(1% × 客户数) 户。")
    if abs(s - sh) > 0.005:
        return Feedback(False, f"户数对了（{n} 户），占比不对：用这 {n} 户 2025 年的销售额除以全部 2025 年销售额。")
    return Feedback(True, f"A 类 {n} 户，仅占客户数的 1%，却贡献了 {sh:.1%} 的销售额。")


def q04_3(answer) -> Feedback:
    """练习 4.3：业务员负责 6 个 A 类、15 个 B 类、40 个 C 类客户，按分级拜访计划每月要亲自拜访几次？"""
    if _unanswered(answer):
        return _TODO
    from .grading import visit_workload

    grades = pd.Series(["A"] * 6 + ["B"] * 15 + ["C"] * 40)
    w = visit_workload(grades)
    right = float(w.loc[("业务员", "拜访"), "low"])
    v = _number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个数字，你给的是 {answer!r}。")
    if _close(v, right):
        return Feedback(True, f"每月 {right:.0f} 次拜访：按每月 22 个工作日，约每天 {right / 22:.1f} 次。")
    calls = w.loc[("业务员", "电话")]
    if calls["low"] <= v <= calls["high"]:
        return Feedback(False, "这是电话次数。题目问的是业务员亲自拜访的次数。")
    return Feedback(False, "次数不对。A 类每月拜访 3 次，B 类 2 次，C 类 1 次：把户数乘以次数再相加。")


def q04_4(answer) -> Feedback:
    """练习 4.4：2025 年的 RFM 八类中，“重要挽留客户”有多少户？（asof = 2025-12-31，五分位评分）"""
    if _unanswered(answer):
        return _TODO
    from . import datasets
    from .grading import rfm_scores, rfm_segment
    from .summary import customer_summary

    s = customer_summary(datasets.load_orders(), start="2025-01-01", end="2025-12-31")
    seg = rfm_segment(rfm_scores(s))["segment"]
    right = int((seg == "重要挽留客户").sum())
    v = _number(answer)
    if v is None:
        return Feedback(False, f"答案应是户数（整数），你给的是 {answer!r}。")
    if int(v) == right:
        return Feedback(True, f"{right} 户：金额高，但很久没来、来得也少——最该马上打电话的一群。")
    return Feedback(False, "户数不对。步骤：customer_summary(2025 年) → rfm_scores → rfm_segment，"
                    "再数 segment == '重要挽留客户' 的行。")


# --------------------------------------------------------------------------------------------
# Chapter 05 交易分析
EXAMPLE_05 = pd.DataFrame(
    {"sales": [400.0, 250.0, 200.0, 100.0, 50.0], "gross_profit": [60.0, 75.0, 40.0, 35.0, 30.0],
     "avg_stock": [40.0, 50.0, 80.0, 100.0, 5.0]},
    index=pd.Index(["甲 复印纸", "乙 硒鼓", "丙 打印机", "丁 文件柜", "戊 办公软件"], name="product"),
)
"""Five products of one year (万元): sales, gross profit and average monthly stock at cost —
the hand example of chapter 05's product scorecard."""


def q05_1(answer) -> Feedback:
    """练习 5.1：EXAMPLE_05 五种产品的交叉比率（按甲到戊的顺序，5 个数）。"""
    if _unanswered(answer):
        return _TODO
    from .transactions import product_ratios

    right = product_ratios(EXAMPLE_05)["cross_ratio"]
    got = list(answer.reindex(EXAMPLE_05.index)) if isinstance(answer, pd.Series) else list(answer)
    if len(got) != 5:
        return Feedback(False, f"需要 5 个数（甲到戊），你给了 {len(got)} 个。")
    vals = [_number(v) for v in got]
    if any(v is None for v in vals):
        return Feedback(False, "交叉比率都应是数字，例如 1.5。")
    bad = [k for k, v in zip(EXAMPLE_05.index, vals) if not _close(v, right[k], rel=0.01, abs_=0.005)]
    if not bad:
        best = right.idxmax()
        return Feedback(True, f"五个交叉比率全对；最高的是 {best}（{right[best]:.2f}）——毛利率高、周转快。")
    k = bad[0]
    r = EXAMPLE_05.loc[k]
    return Feedback(False, f"{len(bad)} 个不对，例如 {k}：毛利率 = {r['gross_profit']:.0f} ÷ {r['sales']:.0f}，"
                    f"周转率 = {r['sales']:.0f} ÷ {r['avg_stock']:.0f}，交叉比率 = 两者相乘。")


def q05_2(answer) -> Feedback:
    """练习 5.2：2025-12-31 有多少户客户的应收余额超过了信用额度？"""
    if _unanswered(answer):
        return _TODO
    from . import datasets
    from .transactions import credit_check

    cc = credit_check(datasets.load_invoices(), datasets.load_payments(), datasets.load_customers(), asof="2025-12-31")
    n = int(cc["over_limit"].sum())
    v = _number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个整数（户数），你给的是 {answer!r}。")
    if int(v) == n:
        return Feedback(True, f"{n} 户超过额度，占有余额客户（{len(cc)} 户）的 {n / len(cc):.1%}。")
    if int(v) == len(cc):
        return Feedback(False, "这是有应收余额的客户数；还要比较余额和 credit_limit。")
    return Feedback(False, "不对。用 kh.transactions.credit_check(..., asof='2025-12-31') 的 over_limit 列计数。")


def q05_3(answer) -> Feedback:
    """练习 5.3：客户 C00166 在 2025 年的产品结构中，哪个品类比公司整体低得最多（最值得推的品类）？"""
    if _unanswered(answer):
        return _TODO
    from . import datasets
    from .transactions import product_mix

    mix = product_mix(datasets.load_orders(), datasets.load_products(), "C00166", start="2025-01-01", end="2025-12-31")
    right = str(mix.index[0])
    if str(answer).strip() == right:
        return Feedback(True, f"{right}：该客户的占比 {mix.iloc[0]['customer_share']:.1%}，公司整体 "
                        f"{mix.iloc[0]['company_share']:.1%}，低 {-mix.iloc[0]['diff_pp']:.1f} 个百分点。")
    if str(answer).strip() in set(mix.index.astype(str)):
        return Feedback(False, "这个品类存在，但不是差距最大的：按 diff_pp 从小到大排，第一个才是。")
    return Feedback(False, f"品类名称应是 {list(mix.index.astype(str))} 之一。")
