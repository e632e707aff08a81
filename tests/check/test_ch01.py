"""Self-checks of chapter 01 客户价值: right, wrong and near-miss answers get the right message."""

import khlib as kh
from khlib import check


def test_q01_1():
    assert check.q01_1(kh.value.simple_clv(150, churn=0.20, acquisition_cost=100)).ok is True
    assert check.q01_1(650).ok is True                                   # 5 x 150 - 100
    assert "获客成本" in check.q01_1(750).message                         # forgot the acquisition cost
    assert "1 / 流失率" in check.q01_1(150 / 0.8 - 100).message            # lifetime from the retention rate
    assert check.q01_1("很多").ok is False and check.q01_1(600).ok is False


def test_q01_2():
    assert check.q01_2(100 / (1 + 0.10 - 0.8)).ok is True
    fb = check.q01_2(kh.value.discounted_clv(100, 0.8, 0.10, timing="start"))
    assert fb.ok is False and "期初收到" in fb.message
    assert check.q01_2(100).ok is False and check.q01_2([1]).ok is False


def test_q01_3():
    # P(alive) of CDNOW customer 0001 (x = 2, t_x = 30.43, T = 38.86 weeks) by FHL's eq. 13 with the
    # published estimates r = 0.2426, alpha = 4.4136, a = 0.7929, b = 2.4259: 0.7266.
    assert check.q01_3(0.73).ok is True and check.q01_3(0.7266).ok is True
    assert check.q01_3(0.78).ok is False
    assert "0 到 1" in check.q01_3(72.66).message
