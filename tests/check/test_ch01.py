"""Self-checks of chapter 01 客户价值: right, wrong and near-miss answers get the right message.
The right answers are constants computed by hand (in the comments), never khlib's output."""

from khlib import check


def test_q01_1():
    # lifetime 1/0.2 = 5 years; 5 x 150 - 100 = 650
    assert check.q01_1(650).ok is True and check.q01_1(650.0000001).ok is True
    assert "获客成本" in check.q01_1(750).message                         # 5 x 150, forgot the 100
    assert "1 / 流失率" in check.q01_1(150 / 0.8 - 100).message            # lifetime from the retention rate
    assert check.q01_1("很多").ok is False and check.q01_1(600).ok is False
    assert check.q01_1(None).ok is None


def test_q01_2():
    # end:          m/(1+d-r)       = 100/0.3         = 333.33
    # start:        m(1+d)/(1+d-r)  = 110/0.3         = 366.67
    # end_retained: m r/(1+d-r)     = 80/0.3          = 266.67
    assert check.q01_2(333.33).ok is True and check.q01_2(100 / 0.3).ok is True
    fb = check.q01_2(110 / 0.3)
    assert fb.ok is False and "期初收到" in fb.message
    assert "第一期也要先留存" in check.q01_2(80 / 0.3).message
    assert check.q01_2(100).ok is False and check.q01_2([1]).ok is False


def test_q01_3_decision():
    # Without the programme (end timing): 100/(1 + 0.10 - 0.90) = 500.
    # With it, retention 0.93: (100 - c)/(1 + 0.10 - 0.93) = (100 - c)/0.17 = 500  ->  c = 100 - 85 = 15.
    # Undiscounted: 100 x (1 - 0.07/0.10) = 30. At a price of 20: (100 - 20)/0.17 = 470.59 < 500 -> do not buy.
    ok = check.q01_3((15, "不买"))
    assert ok.ok is True and "470.59" in ok.message and "500.00" in ok.message
    assert check.q01_3([15.0, "不买"]).ok is True
    fb = check.q01_3((30, "买"))
    assert fb.ok is False and "不贴现" in fb.message                      # forgot discounting
    fb = check.q01_3((15, "买"))
    assert fb.ok is False and "高于上限" in fb.message                    # right bound, wrong decision
    assert "CLV(100 − c" in check.q01_3((20, "不买")).message
    assert check.q01_3(15).ok is False and check.q01_3((15, "也许")).ok is False
    assert check.q01_3(None).ok is None


def test_q01_4_conditional_expectation():
    # CDNOW sample, calibration to 1997-09-30, holdout to 1998-06-30, purchases counted per day.
    # Customers with exactly one repeat purchase in the calibration period: 439; their holdout
    # purchase days add up to 306 (plain pandas on data/cdnow_sample.txt), mean 306/439 = 0.6970.
    # Predicted: FHL (2005) eq. 10 with the published r = 0.2426, alpha = 4.4136, a = 0.7929,
    # b = 2.4259 and each customer's (t_x, T) in weeks, t = 39, averaged: 0.5231
    # (t = 78 instead gives 0.9201; all 2,357 customers at t = 39 average 0.7015).
    assert check.q01_4((0.523, 0.697)).ok is True
    assert check.q01_4((0.5231, 306 / 439)).ok is True
    assert "顺序反了" in check.q01_4((0.697, 0.523)).message
    assert "78 周" in check.q01_4((0.920, 0.697)).message
    assert "全部客户" in check.q01_4((0.7015, 0.697)).message
    assert "合计" in check.q01_4((229.66, 306)).message
    assert "实际值不对" in check.q01_4((0.523, 0.80)).message
    assert check.q01_4((0.60, 0.697)).ok is False
    assert check.q01_4("0.5").ok is False and check.q01_4(None).ok is None
