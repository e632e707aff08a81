"""Self-checks of chapter 06 客户沟通与满意: right, wrong and near-miss answers get the right message.

The right answers are pinned to constants computed by hand from data/survey.csv.gz with plain
pandas / scipy / statsmodels (not khlib)."""

from khlib import check

# 6.1: 100 x (45 - 25) / 100 = 20; without passives in the denominator 100 x 20 / 70 = 28.57
Q06_1 = 20
# 6.2: wave 2025Q4, sat1-sat3 answered by 362: alpha = 3/2 (1 - sum var / var sum) = 0.83771
# (all four waves: 0.83521)
Q06_2 = 0.8377
# 6.3: dealers' perception - expectation: service -0.366, delivery -0.265, sales +0.007, price +0.047,
# product +0.150 -> service; all customers: price (-0.681)
Q06_3 = "service"
# 6.4: perf_delivery 2025Q4 - 2025Q3 = +0.4978, Welch p = 1.9e-12 -> real
Q06_4 = (0.498, True)
# 6.5: OLS of sat1 on the five performances (1,367 complete answers): product 0.1794, delivery 0.2125,
# service 0.1969, price 0.2046, sales 0.1546 -> delivery
Q06_5 = "delivery"


def test_q06_1():
    assert check.q06_1(None).ok is None
    assert check.q06_1(Q06_1).ok
    assert "百分点" in check.q06_1(0.2).message
    assert "分母" in check.q06_1(100 * 20 / 70).message


def test_q06_2():
    assert check.q06_2(Q06_2).ok
    assert "四期" in check.q06_2(0.8352).message
    assert not check.q06_2(0.5).ok


def test_q06_3():
    assert check.q06_3(Q06_3).ok and check.q06_3("售后服务").ok
    assert "经销商" in check.q06_3("price").message
    assert not check.q06_3("delivery").ok
    assert "评价项目" in check.q06_3("价格太高").message


def test_q06_4():
    assert check.q06_4(Q06_4).ok
    assert "方向反了" in check.q06_4((-0.498, True)).message
    assert "Welch" in check.q06_4((0.498, False)).message
    assert "(变化, True/False)" in check.q06_4(0.498).message


def test_q06_5():
    assert check.q06_5(Q06_5).ok and check.q06_5("交货及时").ok
    assert "回归权重" in check.q06_5("price").message  # the widest gap, not the largest weight
    assert "重要" in check.q06_5("product").message  # the most important by stated importance
