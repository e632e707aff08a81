"""Self-checks of chapter 05 交易分析（上）: right, wrong and near-miss answers get the right message.

Right answers were computed by hand (the arithmetic in the comments) or with plain pandas from
data/*.csv(.gz), not with khlib."""

from khlib import check


def test_q05_1_halved_stock():
    # 丁 文件柜: margin 35/100 = 0.35; turnover 100/(100/2) = 2 → cross ratio 0.35 × 2 = 0.70 (before: 0.35)
    assert check.q05_1(0.70).ok is True
    assert "压缩库存之前" in check.q05_1(0.35).message
    assert "方向反了" in check.q05_1(0.175).message
    assert check.q05_1(1.4).ok is False and check.q05_1("x").ok is False


def test_q05_2_industry_share():
    # pandas: 2025 orders joined to customers.industry; 批发零售 593,724,400 of 740,460,878 = 0.8018;
    # segment 经销商 583,417,100 / 740,460,878 = 0.7879
    assert check.q05_2(0.8018).ok is True
    assert "单位不对" in check.q05_2(80.18).message
    assert "经销商" in check.q05_2(0.7879).message
    assert check.q05_2(0.5).ok is False


def test_q05_3_category_rank_rise():
    # category sums 2025 (sales; gross profit = amount − quantity × unit_cost):
    # 服务 10.04 M (8th); gross profit 5.09 M (5th) → up 3, the largest rise; 耗材 1st in both
    assert check.q05_3("服务").ok is True
    assert "名次没有变化" in check.q05_3("耗材").message
    assert "两种排名相同" in check.q05_3("复合机").message
    assert "之一" in check.q05_3("饮料").message


def test_q05_4_product_to_drop():
    # C products by sales with stock: lowest cross ratio P03 喷墨打印机 (margin 7.8% × turnover 16.2 = 1.27);
    # P36 is a service (no stock), P19 turns slowest (8.7), P12 has the lowest contribution ratio, P28 is class A
    assert check.q05_4("P03").ok is True and check.q05_4("p03").ok is True
    assert "服务类" in check.q05_4("P36").message
    assert "周转最慢" in check.q05_4("P19").message
    assert "贡献比率" in check.q05_4("P12").message
    assert "不是 C 类" in check.q05_4("P28").message
