"""Self-checks of chapter 02 客户选择: right, wrong and near-miss answers get the right message.

The right answers are pinned to constants computed by hand from the data files with plain
pandas / numpy (not khlib), so that a bug in khlib cannot make a check and its test agree."""

import pytest

from khlib import check

# 2.1: HAND_EXAMPLE customers under 50,000 yuan: 己 (40,000, 16 visits), 庚 (25,000, 2), 辛 (15,000,
# 10); at most 4 visits: 己 saves 12, 辛 6, 庚 none -> 18 visits x 450 = 8,100. Setting 庚 to 4 as
# well (2 more visits) gives 8,100 - 900 = 7,200; 50,000 itself (戊, 4 visits) changes nothing.
Q02_1 = 8100
# 2.2 - 2.5 on 2025 (orders 2025 priced at unit cost; activities 2025 at the course's rates, by hand
# with pandas.groupby): 2,656 customers with sales or costs, total profit 133,981,655.50.
# Top 20% (ceil: 532) by sales carry 81.43% of the profit; by profit 88.15%.
Q02_2 = 0.8143
Q02_2_BY_PROFIT = 0.8815
# 2.3: the director's matrix with (成长潜力, 购买力) = 3: power iteration (200 steps) gives the
# weights 0.2428, 0.0924, 0.1601, 0.3607, 0.0924, 0.0516; lambda_max 6.1607, CR 0.0259
# (the original matrix: 成长潜力 0.2934, CR 0.0031).
Q02_3 = 0.361
# 2.4: dropping the bottom 5% (ceil: 133 customers) by profit: the others' profit / the total = 1.0729.
Q02_4 = 1.0729
# 2.5: bottom 133 by profit: (a) drop them: -(gross profit - costs other than visits) = +8,935,465;
# (b) cash before delivery: their reminders + late money + write-offs = +13,992,604; (c) 0. -> b
Q02_5 = "b"


def test_q02_1():
    assert check.q02_1(None).ok is None
    assert check.q02_1(Q02_1).ok
    assert check.q02_1(8100.0).ok
    wrong = check.q02_1(7200)
    assert not wrong.ok and "2 次" in wrong.message
    assert "金额" in check.q02_1(18).message  # visits, not yuan
    assert not check.q02_1("很多").ok


def test_q02_2():
    assert check.q02_2(...).ok is None
    assert check.q02_2(Q02_2).ok
    assert check.q02_2(Q02_2 * 100).ok  # 81.43 as a percentage
    by_profit = check.q02_2(Q02_2_BY_PROFIT)
    assert not by_profit.ok and "按利润排序" in by_profit.message
    assert not check.q02_2(0.5).ok


def test_q02_3():
    assert check.q02_3(None).ok is None
    ok = check.q02_3(Q02_3)
    assert ok.ok and "0.026" in ok.message
    assert not check.q02_3(0.2934).ok  # the unchanged weight


def test_q02_3_wrong_direction_is_named():
    from khlib.check import ch02
    from khlib.selection import ahp_matrix, ahp_weights

    wrong = dict(ch02.DIRECTOR)
    wrong[("购买力", "成长潜力")] = 3
    value = float(ahp_weights(ahp_matrix(wrong, ch02.CRITERIA_ZH), max_cr=None).weights["成长潜力"])
    assert "方向反了" in check.q02_3(round(value, 3)).message


def test_q02_4():
    assert check.q02_4(None).ok is None
    assert check.q02_4(Q02_4).ok and check.q02_4(107.29).ok
    assert "倒过来" in check.q02_4(1 / Q02_4).message
    assert not check.q02_4(1.5).ok


def test_q02_5():
    assert check.q02_5(None).ok is None
    right = check.q02_5(Q02_5)
    assert right.ok and "13,992,604" in right.message and "8,935,465" in right.message
    assert not check.q02_5("a").ok and "工资" in check.q02_5("a").message
    assert not check.q02_5("c").ok
    assert not check.q02_5("d").ok
