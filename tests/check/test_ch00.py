"""Self-checks of chapter 00 导论: right, wrong and near-miss answers get the right message."""

from khlib import check


def test_q00_1(orders):
    o = orders
    right = o.loc[o["order_date"].dt.year == 2025, "customer_id"].nunique()
    assert check.q00_1(right).ok is True
    fb = check.q00_1(o["customer_id"].nunique())
    assert fb.ok is False and "两年" in fb.message
    assert "订单行数" in check.q00_1(int((o["order_date"].dt.year == 2025).sum())).message
    assert check.q00_1("很多").ok is False


def test_q00_2():
    right = {"法人代表": "基础资料", "发展潜力": "客户特征", "合作态度": "业务状况",
             "信用额度（元）": "交易现状", "成立日期": "基础资料"}
    assert check.q00_2(right).ok is True
    fb = check.q00_2({**right, "合作态度": "客户特征"})
    assert fb.ok is False and "合作态度" in fb.message
    assert check.q00_2({"法人": "基础资料"}).ok is False
    assert "5 个" in check.q00_2({"法人代表": "基础资料"}).message
