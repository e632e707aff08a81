"""Self-checks of chapter 05 交易分析（下）. Right answers computed by hand from plain pandas sums
over data/*.csv(.gz) (the arithmetic in the comments), not with khlib."""

from khlib import check


def test_q05_5_interest_at_six_percent():
    # pandas: Σ open balance × days past due over invoices past due at 2025-12-31 = 8,764,100,040 yuan-days;
    # × 3% / 365 = 720,337; × 6% / 365 = 1,440,674
    assert check.q05_5(1_440_674).ok is True
    assert "3%" in check.q05_5(720_337).message
    assert "360" in check.q05_5(1_440_674 * 365 / 360).message
    assert check.q05_5("很多").ok is False


def test_q05_6_region_overdue_90():
    # 东北: 2,673,910 of 8,699,150 = 30.7% over 90 days; 华南 has the largest amount (6,063,197 = 28.4%)
    assert check.q05_6("东北").ok is True
    assert "金额最大" in check.q05_6("华南").message
    assert "之一" in check.q05_6("火星").message


def test_q05_7_credit_decision():
    # C01190: balance 422,121 > limit 150,000 but nothing past due; C02667: 1,992 over 90 days;
    # C03019: balance 1,309,541 > limit 680,000 with 989,341 past due
    assert check.q05_7("C01190").ok is True
    assert "暂停赊销" in check.q05_7("C02667").message
    assert "超额度" in check.q05_7("C03019").message
    assert "三位申请人" in check.q05_7("C00001").message


def test_q05_8_route_day():
    # S03, January 2026: roster order − optimised km per day; 28 Jan 82.6 − 60.8 = 21.7 km is the largest;
    # 4 Jan saves the largest share (36.3 → 25.3 km, 30%)
    assert check.q05_8("2026-01-28").ok is True
    assert "比例" in check.q05_8("2026-01-04").message
    assert "没有拜访" in check.q05_8("2026-01-03").message
    assert check.q05_8("not a date").ok is False
