"""The exercise self-checks answer right, wrong and unanswered correctly, in Chinese."""

import pytest

import khlib as kh
from khlib import check


@pytest.mark.parametrize("fn,args", [
    (check.q00_1, (None,)), (check.q00_2, (None,)), (check.q04_1, (None,)),
    (check.q04_2, (None,)), (check.q04_2, ((None, None),)), (check.q04_3, (...,)), (check.q04_4, (None,)),
])
def test_unanswered_is_not_an_error(fn, args):
    fb = fn(*args)
    assert fb.ok is None and "尚未作答" in repr(fb) and not fb
    assert "尚未作答" in fb._repr_html_()


def test_q00_1():
    o = kh.datasets.load_orders()
    right = o.loc[o["order_date"].dt.year == 2025, "customer_id"].nunique()
    assert check.q00_1(right).ok is True
    fb = check.q00_1(o["customer_id"].nunique())
    assert fb.ok is False and "两年" in fb.message
    assert "订单行数" in check.q00_1(int((o["order_date"].dt.year == 2025).sum())).message
    assert check.q00_1("很多").ok is False


def test_q00_2():
    right = {"法人代表": "基础资料", "发展潜力": "客户特征", "合作态度": "业务状况",
             "信用额度（元）": "交易现状", "成立日期": "基础资料"}
    assert check.q00_2(right).ok is True
    fb = check.q00_2({**right, "合作态度": "客户特征"})
    assert fb.ok is False and "合作态度" in fb.message
    assert check.q00_2({"法人": "基础资料"}).ok is False
    assert "5 个" in check.q00_2({"法人代表": "基础资料"}).message


def test_q04_1():
    assert check.q04_1(list("AAABBBBCCC")).ok is True
    assert check.q04_1(kh.abc_grade(kh.grading.HAND_EXAMPLE)["grade"]).ok is True
    fb = check.q04_1(list("AAAABBBCCC"))
    assert fb.ok is False and "客户丁" in fb.message and "81.0%" in fb.message
    assert "10 个" in check.q04_1(["A"]).message


def test_q04_2():
    s = kh.customer_summary(kh.datasets.load_orders(), start="2025-01-01", end="2025-12-31")
    summ = kh.grade_summary(kh.pyramid_grade(s))
    n, share = int(summ.loc["A", "customers"]), float(summ.loc["A", "value_share"])
    assert check.q04_2((n, round(share, 3))).ok is True
    assert check.q04_2((n + 1, share)).ok is False
    assert "户数对了" in check.q04_2((n, share + 0.05)).message
    assert "0 到 1" in check.q04_2((n, share * 100)).message
    assert "两个数" in check.q04_2(n).message


def test_q04_3():
    assert check.q04_3(88).ok is True
    assert "电话" in check.q04_3(70).message
    assert check.q04_3(61).ok is False


def test_q04_4():
    s = kh.customer_summary(kh.datasets.load_orders(), start="2025-01-01", end="2025-12-31")
    n = int((kh.rfm_segment(kh.rfm_scores(s))["segment"] == "重要挽留客户").sum())
    assert check.q04_4(n).ok is True
    assert check.q04_4(n + 3).ok is False
