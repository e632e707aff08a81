"""Self-checks of chapter 05 交易分析（下）: receivables, credit, interest cost of overdue debt,
route order and the visit calendar (notebook ``05b_credit_visits``)."""

from __future__ import annotations

import pandas as pd

from .. import datasets
from ..grading import abc_grade
from ..summary import customer_summary
from ..transactions import ageing_table, credit_check, credit_recommendation, overdue_interest, salesperson_plan
from .feedback import TODO, Feedback, close, number, unanswered

_ASOF = "2025-12-31"


def q05_5(answer) -> Feedback:
    """练习 5.5（基础）：若公司的资金成本不是一年期 LPR 3%，而是 6%（它的借款利率），2025-12-31 逾期应收账款
    的利息成本合计是多少元？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个金额（元），你给的是 {answer!r}。")
    inv, pay = datasets.load_invoices(), datasets.load_payments()
    at3 = float(overdue_interest(inv, pay, asof=_ASOF, annual_rate=0.03)["interest"].sum())
    right = 2 * at3
    if close(v, right, rel_tol=0.002):
        return Feedback(True, f"{right:,.0f} 元，是按 LPR 算的两倍（利息与利率成正比）：资金成本的假设直接决定"
                              "催收值不值得花钱。")
    if close(v, at3, rel_tol=0.002):
        return Feedback(False, "这是按 3% 算的利息成本；题目的利率是 6%。")
    if close(v, right * 365 / 360, rel_tol=0.002):
        return Feedback(False, "一年按 360 天算了；本课程按实际天数 / 365 计息。")
    return Feedback(False, "只算已经逾期、尚未收回的余额：余额 × 逾期天数 × 年利率 ÷ 365，再把所有客户加总。")


def q05_6(answer) -> Feedback:
    """练习 5.6（进阶）：2025-12-31，哪个地区逾期 90 天以上的欠款占该地区应收余额的比例最高？写出地区名称。"""
    if unanswered(answer):
        return TODO
    inv, pay, cust = datasets.load_invoices(), datasets.load_payments(), datasets.load_customers()
    reg = inv.merge(cust[["customer_id", "region"]], on="customer_id", how="left")
    ag = ageing_table(reg, pay, asof=_ASOF, by="region")
    share90 = ag["overdue_90_plus"] / ag["balance"]
    right = str(share90.idxmax())
    got = str(answer).strip()
    if got == right:
        return Feedback(True, f"{right}：{share90[right]:.1%} 的应收余额逾期超过 90 天（全公司 "
                              f"{ag['overdue_90_plus'].sum() / ag['balance'].sum():.1%}）。催收的重点在这里，"
                              "不一定在欠款最多的地区。")
    if got == str(ag["overdue_90_plus"].idxmax()):
        return Feedback(False, "这是逾期 90 天以上金额最大的地区；题目问的是占该地区余额的比例。")
    if got == str(ag["overdue_share"].idxmax()):
        return Feedback(False, "这是全部逾期（含 1–90 天）占比最高的地区；题目只看逾期 90 天以上。")
    if got not in set(ag.index.astype(str)):
        return Feedback(False, f"地区名称应是 {sorted(ag.index.astype(str))} 之一。")
    return Feedback(False, "先把客户的地区并到发票上，再按地区做账龄表，比较 逾期90天以上 ÷ 应收余额。")


#: The three applicants of exercise 5.7 (all grade A in 2025).
APPLICANTS_57 = ("C01190", "C02667", "C03019")


def q05_7(answer) -> Feedback:
    """练习 5.7（挑战，决策）：三位 A 类客户 C01190、C02667、C03019 都申请提高信用额度，你只能批准一位。
    写出你批准的客户编号。"""
    if unanswered(answer):
        return TODO
    inv, pay, cust = datasets.load_invoices(), datasets.load_payments(), datasets.load_customers()
    cc = credit_check(inv, pay, cust, asof=_ASOF)
    od = overdue_interest(inv, pay, asof=_ASOF)
    got = str(answer).strip().upper()

    def owed(cid: str) -> str:
        r = cc.loc[cid]
        late = od["overdue_balance"].get(cid, 0.0)
        return (f"余额 {r['balance']:,.0f} 元、额度 {r['credit_limit']:,.0f} 元，其中逾期 {late:,.0f} 元"
                f"（90 天以上 {r['overdue_90']:,.0f} 元）")

    if got == "C01190":
        sales = customer_summary(datasets.load_orders(), start="2025-01-01", end="2025-12-31")["sales"]
        rec = credit_recommendation(abc_grade(sales[sales > 0]), cust, cc, months=12).loc["C01190"]
        return Feedback(True, f"C01190：{owed('C01190')}。它超额度，但欠款全部未到期；现有额度只相当于它一个多月的"
                              f"平均进货额（{rec['monthly']:,.0f} 元/月），按 A 类政策应约 {rec['recommended']:,.0f} 元。"
                              "批准提额，同时问清它 12 月为什么进货特别多。")
    if got == "C02667":
        return Feedback(False, f"C02667：{owed('C02667')}。它有逾期 90 天以上的欠款（哪怕很少），按信用政策先清收、"
                               "暂停赊销；它的逾期余额也已过百万。")
    if got == "C03019":
        return Feedback(False, f"C03019：{owed('C03019')}。它已经超额度，而且欠款大半已逾期：提额只会让风险更大。")
    return Feedback(False, f"只能在三位申请人 {list(APPLICANTS_57)} 中选一位。")


def q05_8(answer) -> Feedback:
    """练习 5.8（进阶）：业务员 S03 2026 年 1 月的拜访日中，哪一天按优化顺序比按名册顺序少走的公里数最多？
    写出日期，如 "2026-01-08"。"""
    if unanswered(answer):
        return TODO
    try:
        got = pd.Timestamp(str(answer).strip()).normalize()
    except (ValueError, TypeError):
        return Feedback(False, f"答案应是一个日期，如 \"2026-01-08\"；你给的是 {answer!r}。")
    p = salesperson_plan("S03", "2026-01", orders=datasets.load_orders(), customers=datasets.load_customers(),
                         salespeople=datasets.load_salespeople(), assignments=datasets.load_assignments())
    d = p.day_summary
    gain = d["naive_km"] - d["km"]
    right = gain.idxmax()
    if got == right:
        return Feedback(True, f"{right:%Y-%m-%d}：少走 {gain[right]:.1f} km（{d.loc[right, 'naive_km']:.1f} → "
                              f"{d.loc[right, 'km']:.1f} km）。")
    if got == d["saving"].idxmax():
        return Feedback(False, "这一天节省的比例最大；题目问的是节省的公里数。")
    if got not in set(d.index):
        return Feedback(False, "这一天 S03 没有拜访（周末、假日，或不是 2026 年 1 月）。")
    return Feedback(False, "每天少走的公里数 = 名册顺序里程 − 优化里程；比较所有拜访日。")
