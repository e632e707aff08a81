"""Self-checks of chapter 07 客户投诉: right, wrong and near-miss answers get the right message.

The right answers are pinned to constants computed by hand from data/complaints.csv.gz and
data/orders.csv.gz with plain pandas / numpy loops (not khlib): the Kaplan–Meier products
written out over the event times, the recovery sample built customer by customer."""

from khlib import check

# 7.1: 30 / 0.04 = 750 dissatisfied, x 16 = 12,000 people; with 96%: 30 / 0.96 = 31.25
Q07_1 = (750, 12000)
# 7.2: 52 weeks Monday 2024-01-01 .. Sunday 2024-12-29, 894 complaints, c-bar = 17.1923,
# UCL = 17.1923 + 3 sqrt(17.1923) = 29.6314; sample sd 5.2470 -> 17.19 + 3 x 5.247 = 32.93
Q07_2 = 29.6314
# 7.3: 运输, KM (open complaints censored on 2026-01-01) within 2 days: 0.52672;
# all kinds 0.36303; among resolved transport complaints only 0.52772
Q07_3 = 0.52672
# 7.4: KM share within 5 days by cause: 返利未兑现 0.0526, 账期争议 0.1875, 多次维修未修好 0.2027
Q07_4 = "返利未兑现"
# 7.5: recovery sample (90 days, end 2025-12-31; 781 / 645 / 370 complaints, 34,556 reference months);
# 2-3 orders before: complained - not complained = +3.278 points; all customers +6.948
Q07_5 = 3.278


def test_q07_1():
    assert check.q07_1(None).ok is None
    assert check.q07_1(Q07_1).ok and check.q07_1([750.0, 12000.0]).ok
    assert "96%" in check.q07_1((31.25, 500)).message
    assert "包括投诉了的" in check.q07_1((750, 720 * 16)).message
    assert "× 16" in check.q07_1((750, 1000)).message
    assert "(不满意客户数" in check.q07_1(750).message


def test_q07_2():
    assert check.q07_2(Q07_2).ok and check.q07_2(29.63).ok
    assert "泊松" in check.q07_2(17.1923 + 3 * 5.24699).message
    assert "下限" in check.q07_2(17.1923 - 3 * 17.1923 ** 0.5).message
    assert "3 倍" in check.q07_2(17.1923 + 2 * 17.1923 ** 0.5).message
    assert not check.q07_2(25).ok


def test_q07_3():
    assert check.q07_3(Q07_3).ok
    assert "百分数" in check.q07_3(52.672).message
    assert "运输类" in check.q07_3(0.36303).message
    assert "删失" in check.q07_3(0.52772).message
    assert not check.q07_3(0.6).ok


def test_q07_4():
    assert check.q07_4(Q07_4).ok and check.q07_4(" 返利未兑现 ").ok
    assert "还有更低的" in check.q07_4("账期争议").message
    assert "cause" in check.q07_4("返利").message


def test_q07_5():
    assert check.q07_5(Q07_5).ok and check.q07_5(3.28).ok
    assert "百分点" in check.q07_5(0.03278).message
    assert "2–3 单" in check.q07_5(6.948).message
    assert not check.q07_5(-3.278).ok
