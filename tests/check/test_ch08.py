"""Self-checks of chapter 08 客户忠诚与流失: right, wrong and near-miss answers get the right message.

The right answers are pinned to constants computed by hand from data/*.csv with plain pandas,
numpy loops, statsmodels' PHReg and lifetimes' BG/NBD (not khlib): churn times by a loop over
each customer's order days, ABC grades by the cumulative share before each customer, the
Kaplan–Meier product written out, the Cox covariates built from the raw tables."""

from khlib import check

# 8.1: 30 / 120 = 0.25; against the competitors only 30 / 90 = 0.333
Q08_1 = 0.25
# 8.2: 27 new customers first ordered in 2024-03; 16 of them ordered in 2024-09 -> 0.59259
Q08_2 = 0.59259
# 8.3: landmark 2024-12-31, 180 days, 2,228 active; 1,091 grade C (2024 sales, cuts 80/95%);
# KM at 150 days 0.70027 (every grade 0.81373)
Q08_3 = 0.70027
# 8.4: PHReg (Efron) on the nine covariates built by hand: 投诉处理不满意 exp(b) = 2.5929; b = 0.9528
Q08_4 = (2.59, False)
# 8.5: 479 flagged at 2025-12-31 (438 by 180 days, lifetimes' P(alive) < 0.5 for the rest); 362 graded
# with a 2024H2-2025H1 gross profit; came-back shares A 0.0345, B 0.2, C 0.5939; expected value > 0:
# 321 with C at 300 CNY, 298 at 600 -> 23 fewer
Q08_5 = 23


def test_q08_1():
    assert check.q08_1(None).ok is None
    assert check.q08_1(Q08_1).ok
    assert "百分数" in check.q08_1(25).message
    assert "竞争对手" in check.q08_1(30 / 90).message


def test_q08_2():
    assert check.q08_2(Q08_2).ok
    assert "百分数" in check.q08_2(59.259).message
    assert not check.q08_2(0.5).ok


def test_q08_3():
    assert check.q08_3(Q08_3).ok
    assert "全部客户" in check.q08_3(0.81373).message
    assert not check.q08_3(0.6).ok


def test_q08_4():
    assert check.q08_4(Q08_4).ok
    assert "瞬时风险" in check.q08_4((2.59, True)).message
    assert "exp(β)" in check.q08_4((0.95, False)).message
    assert "(风险比, True/False)" in check.q08_4(2.59).message


def test_q08_5():
    assert check.q08_5(Q08_5).ok
    assert "减少了多少位" in check.q08_5(298).message
    assert not check.q08_5(10).ok
