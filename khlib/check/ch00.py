"""Self-checks of chapter 00 导论（客户管理是什么）."""

from __future__ import annotations

import pandas as pd

from .. import datasets
from ..intro import RECORD_CARD
from ..summary import customer_summary
from .feedback import TODO, Feedback, close, number, unanswered

_SECTION_OF = {label: sec for sec, fields in RECORD_CARD.items() for label, _ in fields}
_ITEMS_01 = ("销售能力", "经营方针", "合作态度", "信用状况", "存在问题", "成立日期")


def q00_1(answer: dict | None) -> Feedback:
    """练习 0.1：把资料卡的六个项目归入四个部分（基础资料 / 客户特征 / 业务状况 / 交易现状）。"""
    if unanswered(answer):
        return TODO
    if not isinstance(answer, dict):
        return Feedback(False, "答案应是一个字典：项目名 → 部分名，例如 {'成立日期': '基础资料', ...}。")
    unknown = [k for k in answer if k not in _SECTION_OF]
    if unknown:
        return Feedback(False, f"资料卡里没有这些项目：{unknown}。请用练习中给出的项目名。")
    missing = [k for k in _ITEMS_01 if k not in answer]
    if missing:
        return Feedback(False, f"还缺这些项目的归类：{missing}。")
    bad_sec = {v for v in answer.values() if v not in RECORD_CARD}
    if bad_sec:
        return Feedback(False, f"部分名只有四个：{list(RECORD_CARD)}；你写了 {sorted(bad_sec)}。")
    wrong = [k for k in _ITEMS_01 if answer[k] != _SECTION_OF[k]]
    if not wrong:
        return Feedback(True, "全部归类正确。客户特征说它“是怎样的客户”，业务状况说“和我们做得怎样”，交易现状说“条件与风险”。")
    hints = []
    if "存在问题" in wrong or "信用状况" in wrong:
        hints.append("信用状况和存在问题描述的是和我们交易的条件与风险（欠款、额度、断单），不是客户自身的特征")
    if "合作态度" in wrong:
        hints.append("合作态度是客户对我们的生意表现，属于业务状况")
    if "销售能力" in wrong or "经营方针" in wrong:
        hints.append("销售能力和经营方针是客户自身“是怎样的企业”，与我们无关，属于客户特征")
    if "成立日期" in wrong:
        hints.append("成立日期是登记信息，属于基础资料")
    return Feedback(False, f"{len(wrong)} 项归错了：{'、'.join(wrong)}。" + "；".join(hints) + "。")


def _sales(start: str | None = None, end: str | None = None) -> pd.Series:
    """Sales per customer of the course data in ``start`` … ``end`` (customers who bought)."""
    return customer_summary(datasets.load_orders(), start=start, end=end)["sales"]


def q00_2(answer) -> Feedback:
    """练习 0.2：合作态度为“冷淡”的经销商，2025 年的销售额占经销商 2025 年销售额的比例。"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个比例（0 到 1 之间的小数），你给的是 {answer!r}。")
    s, c = _sales("2025-01-01", "2025-12-31"), datasets.load_customers().set_index("customer_id")
    seg, att = c["segment"].reindex(s.index), c["attitude"].reindex(s.index)
    dealers = s[seg == "经销商"]
    cold = att.reindex(dealers.index) == "冷淡"
    right = dealers[cold].sum() / dealers.sum()
    if close(v, right, rel_tol=0.005):
        return Feedback(True, f"{right:.2%}：冷淡的经销商占下单经销商户数的 {cold.mean():.1%}"
                        f"（{int(cold.sum())} 户），销售额只占 {right:.1%}——它们平均比其他经销商买得少。")
    if close(v, right * 100, rel_tol=0.005):
        return Feedback(False, "数值对了，但请写成 0 到 1 之间的小数，不要乘 100。")
    if close(v, cold.mean(), rel_tol=0.005):
        return Feedback(False, "这是冷淡客户的户数占比，题目问的是销售额占比。")
    everyone = s[att == "冷淡"].sum() / s.sum()
    if close(v, everyone, rel_tol=0.005):
        return Feedback(False, "这是全部客户中的占比：题目只看经销商，分子和分母都要先筛选客户类别。")
    both = _sales()
    both = both[c["segment"].reindex(both.index) == "经销商"]
    if close(v, both[c["attitude"].reindex(both.index) == "冷淡"].sum() / both.sum(), rel_tol=0.005):
        return Feedback(False, "这用了两年的订单：题目只看 2025 年。")
    return Feedback(False, "比例不对。检查三件事：只看 2025 年的订单；分子和分母都只含经销商；比的是销售额。")


#: 练习 0.3 的选项：资料卡上可以记录的信息（目的：安排拜访、开票和收款）。
OPTIONS_03: dict[str, str] = {
    "A": "法人代表的姓名",
    "B": "联系人的工作电话",
    "C": "采购负责人的兴趣爱好、年龄和家庭情况",
    "D": "法人代表的身份证号码",
    "E": "客户单位的统一社会信用代码、开户银行与账号",
    "F": "联系人的私人社交账号动态与行踪",
}
_NEEDED_03 = {"A", "B", "E"}
_WHY_03 = {
    "C": "C 超出了拜访和开票的需要（《个人信息保护法》第六条：限于实现目的的最小范围）；"
         "老教材把“性格、兴趣、爱好、家庭”列入基础资料，今天这样做需要明确的目的和本人同意",
    "D": "D 不是开票收款所需：开票用的是单位的统一社会信用代码；身份证号码泄露的危害大，不应收集",
    "F": "F 是个人的私人生活，和业务目的无关，收集行踪信息还属于敏感个人信息（第二十八条）",
    "A": "A 是营业执照上公示的信息，合同和开票都要用到，应当记录",
    "B": "B 缺了就无法安排拜访：联系人的工作电话是实现目的所必需的（记录前告知本人用途）",
    "E": "E 是单位的信息，不是个人信息，开票和收款离不开它",
}


def q00_3(answer) -> Feedback:
    """练习 0.3（决策）：为了安排拜访、开票和收款，资料卡应当记录哪些信息？答案是选项字母的集合。"""
    if unanswered(answer):
        return TODO
    if isinstance(answer, str):
        answer = set(answer.replace(",", "").replace("，", "").replace(" ", "").upper())
    try:
        chosen = {str(a).strip().upper() for a in answer}
    except TypeError:
        return Feedback(False, "答案应是选项字母的集合，例如 {'A', 'C'}。")
    unknown = chosen - set(OPTIONS_03)
    if unknown:
        return Feedback(False, f"没有这些选项：{sorted(unknown)}；选项是 A–F。")
    extra, missing = sorted(chosen - _NEEDED_03), sorted(_NEEDED_03 - chosen)
    if not extra and not missing:
        return Feedback(True, "A、B、E 足以拜访、开票和收款；C、D、F 超出目的（最小必要原则），"
                        "即使客户愿意给，也不该记在人人可看的资料卡上。")
    reasons = [_WHY_03[k] for k in extra + missing]
    return Feedback(False, "；".join(reasons) + "。")


def q00_4(answer) -> Feedback:
    """练习 0.4（挑战）：2025 年上半年下过单的老客户中，经营方针为“收缩型”与其余客户在下半年
    一单未下的比例 (收缩型, 其余)。"""
    if unanswered(answer):
        return TODO
    try:
        a, b = (float(x) for x in answer)
    except (TypeError, ValueError):
        return Feedback(False, "答案应是两个比例组成的元组：(收缩型的比例, 其余客户的比例)。")
    c = datasets.load_customers().set_index("customer_id")
    h1 = list(_sales("2025-01-01", "2025-06-30").index)
    h2 = set(_sales("2025-07-01", "2025-12-31").index)

    def shares(ids) -> tuple[float, float]:
        stop = pd.Series([i not in h2 for i in ids], index=ids)
        pol = c.loc[ids, "business_policy"]
        return float(stop[pol == "收缩型"].mean()), float(stop[pol != "收缩型"].mean())

    old = [i for i in h1 if c.loc[i, "kind"] == "老客户"]
    right = shares(old)
    if close(a, right[0], rel_tol=0.005) and close(b, right[1], rel_tol=0.005):
        return Feedback(True, f"收缩型 {right[0]:.1%}，其余 {right[1]:.1%}：约 {right[0] / right[1]:.0f} 倍。"
                        "资料卡上业务员对经营方针的判断是流失的早期信号（第 08 章），"
                        "但也只是信号：三分之二的收缩型客户下半年仍在下单。")
    if close(a, right[1], rel_tol=0.005) and close(b, right[0], rel_tol=0.005):
        return Feedback(False, "两个比例的顺序反了：先收缩型，后其余客户。")
    with_new = shares(list(h1))
    if close(a, with_new[0], rel_tol=0.005) and close(b, with_new[1], rel_tol=0.005):
        return Feedback(False, "这包括了新客户：题目只看老客户（客户类型）。")
    if close(a, 1 - right[0], rel_tol=0.005):
        return Feedback(False, "这是下半年仍在下单的比例；题目问的是一单未下的比例。")
    return Feedback(False, "比例不对。检查：客户是“上半年下过单的老客户”；“下半年一单未下”指 7–12 月没有任何订单；"
                    "分母是各组的客户数。")
