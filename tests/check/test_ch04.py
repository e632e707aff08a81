"""Self-checks of chapter 04 客户分级: right, wrong and near-miss answers get the right message."""

import khlib as kh
from khlib import check


def test_q04_1():
    assert check.q04_1(list("AAABBBBCCC")).ok is True
    assert check.q04_1(kh.abc_grade(kh.grading.HAND_EXAMPLE)["grade"]).ok is True
    fb = check.q04_1(list("AAAABBBCCC"))
    assert fb.ok is False and "客户丁" in fb.message and "81.0%" in fb.message
    assert "10 个" in check.q04_1(["A"]).message


def test_q04_2(summary_2025):
    summ = kh.grade_summary(kh.pyramid_grade(summary_2025))
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


def test_q04_4(summary_2025):
    n = int((kh.rfm_segment(kh.rfm_scores(summary_2025))["segment"] == "重要挽留客户").sum())
    assert check.q04_4(n).ok is True
    assert check.q04_4(n + 3).ok is False
