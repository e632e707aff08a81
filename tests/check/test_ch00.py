"""Self-checks of chapter 00 导论: right, wrong and near-miss answers get the right message.
Constants were counted on the data files with plain pandas (the computation is in the comments)."""

import pytest

from khlib import check

RIGHT_01 = {"销售能力": "客户特征", "经营方针": "客户特征", "合作态度": "业务状况",
            "信用状况": "交易现状", "存在问题": "交易现状", "成立日期": "基础资料"}


def test_q00_1_card_sections():
    assert check.q00_1(RIGHT_01).ok is True
    fb = check.q00_1({**RIGHT_01, "合作态度": "客户特征", "存在问题": "业务状况"})
    assert fb.ok is False and fb.message.startswith("2 项归错了：合作态度、存在问题")
    assert "交易的条件与风险" in fb.message
    assert "没有这些项目" in check.q00_1({**RIGHT_01, "法人": "基础资料"}).message
    assert "还缺" in check.q00_1({"成立日期": "基础资料"}).message
    assert "部分名只有四个" in check.q00_1({**RIGHT_01, "成立日期": "基本资料"}).message
    assert check.q00_1(None).ok is None


def test_q00_2_cold_dealers_share():
    # orders of 2025 summed per customer, dealers only: 555 dealers bought, 583,417,141.15 CNY;
    # the 41 with attitude 冷淡 bought 30,343,710.07 CNY -> 30,343,710.07 / 583,417,141.15 = 0.0520103
    fb = check.q00_2(0.0520103)
    assert fb.ok is True and "41 户" in fb.message and "7.4%" in fb.message     # 41 / 555 = 7.39%
    assert "不要乘 100" in check.q00_2(5.20103).message
    assert "户数占比" in check.q00_2(41 / 555).message           # 0.07387: customers, not sales
    # all segments: 冷淡 customers' 2025 sales / all 2025 sales = 0.0548599
    assert "全部客户" in check.q00_2(0.0548599).message
    # both years, dealers: 0.0528764
    assert "两年" in check.q00_2(0.0528764).message
    assert check.q00_2(0.5).ok is False and check.q00_2("少").ok is False


def test_q00_3_minimum_necessary():
    assert check.q00_3({"A", "B", "E"}).ok is True
    assert check.q00_3("A, B, E").ok is True
    fb = check.q00_3({"A", "B", "C", "E"})
    assert fb.ok is False and "第六条" in fb.message and "最小范围" in fb.message
    fb = check.q00_3({"A", "B"})
    assert fb.ok is False and "不是个人信息" in fb.message         # E forgotten
    assert "统一社会信用代码" in check.q00_3({"A", "B", "D", "E"}).message
    assert "选项是 A–F" in check.q00_3({"A", "Z"}).message


def test_q00_4_contracting_policy_and_churn():
    # old customers (客户类型 老客户) with an order in Jan–Jun 2025: 2,117; by business policy,
    # without any order in Jul–Dec 2025: 收缩型 91 of 297, 稳健型 54 of 1,277, 扩张型 18 of 543
    # -> 收缩型 91/297 = 0.306397, the others (54 + 18)/(1,277 + 543) = 72/1,820 = 0.039560
    assert check.q00_4((91 / 297, 72 / 1820)).ok is True
    assert check.q00_4((0.3064, 0.03956)).ok is True
    assert "顺序反了" in check.q00_4((72 / 1820, 91 / 297)).message
    assert "仍在下单" in check.q00_4((1 - 91 / 297, 0.2)).message
    # with the new customers too: 2,335 customers, 收缩型 0.311798, others 0.041435
    assert "新客户" in check.q00_4((0.311798, 0.041435)).message
    assert check.q00_4(0.3).ok is False


@pytest.mark.parametrize("q", [check.q00_1, check.q00_2, check.q00_3, check.q00_4])
def test_unanswered(q):
    assert q(None).ok is None
