"""Self-checks of chapter 03 客户开发: right, wrong and near-miss answers get the right message.

The right answers are pinned to constants computed by hand (arithmetic, or plain pandas on the
data file), not with khlib, so that a bug in khlib cannot make a check and its test agree."""

from khlib import check

# 3.1: 1 + 3 + 9 + 27 + 81 + 243 = (3^6 - 1) / 2 = 364; round 5 alone 243; linear 1 + 3 x 5 = 16.
Q03_1 = 364
# 3.2: 2 customers a week x 52 weeks x 250 people = 26,000 (Girard, 1977).
Q03_2 = 26_000
# 3.3: leads created in 2024, transitions counted by hand from the stage dates (pandas iterrows):
# 方案 -> 投标 256, -> 谈判 244, -> 丢单 125 (625); 投标 -> 谈判 171, -> 丢单 85; 谈判 -> 实施 322,
# -> 丢单 93 (415); 实施 -> 赢单 322. P(win | 方案) = (256/625 x 171/256 + 244/625) x 322/415
# = (415/625) x (322/415) = 322/625 = 0.5152.
Q03_3 = 322 / 625
# 3.4: 662 = x (1 + 1.1 + 1.21) -> x = 200; year 3 = 242; December weight 2 of 14 -> 34.5714.
# Equal months 242/12 = 20.1667; equal years 662/3 x 2/14 = 31.5238; weight 13: 37.2308.
Q03_4 = 242 * 2 / 14
# 3.5: closed leads with an 立项 date: 1,861; risk = 100 x mean of (5 - rating)/4 (competition:
# (rating - 1)/4) >= 60: 448 leads, 92 won -> 0.2054; 0.2054 x 30,000 = 6,161 > 3,000 -> "b".
Q03_5 = (92 / 448, "b")


def test_q03_1():
    assert check.q03_1(None).ok is None
    assert check.q03_1(Q03_1).ok
    assert "第 5 轮" in check.q03_1(243).message
    assert "最初" in check.q03_1(363).message
    assert "倍数" in check.q03_1(16).message
    assert not check.q03_1("很多").ok


def test_q03_2():
    assert check.q03_2(Q03_2).ok
    assert "2 位" in check.q03_2(250 * 52).message
    assert "52 周" in check.q03_2(25_000).message
    assert "250" in check.q03_2(104).message


def test_q03_3():
    assert check.q03_3(None).ok is None
    assert check.q03_3(round(Q03_3, 3)).ok
    assert "小数" in check.q03_3(Q03_3 * 100).message
    assert not check.q03_3(0.6).ok


def test_q03_4():
    assert check.q03_4(Q03_4).ok and check.q03_4(34.57).ok
    assert "14" in check.q03_4(242 / 12).message
    assert "10%" in check.q03_4(662 / 3 * 2 / 14).message
    assert "13" in check.q03_4(242 * 2 / 13).message


def test_q03_5():
    assert check.q03_5(None).ok is None
    assert check.q03_5(Q03_5).ok
    assert check.q03_5((0.205, "B")).ok
    wrong = check.q03_5((Q03_5[0], "a"))
    assert not wrong.ok and "期望价值" in wrong.message
    assert "(赢单率, 选项)" in check.q03_5(0.2).message
    assert not check.q03_5((0.5, "b")).ok
