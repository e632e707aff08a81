"""Self-checks of chapter 05 交易分析: right, wrong and near-miss answers get the right message."""

import pandas as pd

from khlib import check
from khlib import transactions as tr
from tests.samples import YEAR_2025


def test_q05_1():
    ex = tr.HAND_EXAMPLE
    right = list(ex["gross_profit"] / ex["sales"] * (ex["sales"] / ex["avg_stock"]))
    assert check.q05_1(right).ok is True
    assert check.q05_1(pd.Series(right, index=ex.index)[::-1]).ok is True   # a Series is matched by name
    fb = check.q05_1([right[0] * 2, *right[1:]])
    assert fb.ok is False and "1 个不对" in fb.message and "甲" in fb.message
    assert "5 个数" in check.q05_1(right[:4]).message
    assert check.q05_1(["x"] * 5).ok is False


def test_q05_2(invoices, payments, customers):
    cc = tr.credit_check(invoices, payments, customers, asof="2025-12-31")
    assert check.q05_2(int(cc["over_limit"].sum())).ok is True
    assert "有应收余额的客户数" in check.q05_2(len(cc)).message
    assert check.q05_2(int(cc["over_limit"].sum()) + 1).ok is False


def test_q05_3(orders, products):
    mix = tr.product_mix(orders, products, "C00166", **YEAR_2025)
    assert check.q05_3(mix.index[0]).ok is True
    assert "不是差距最大的" in check.q05_3(mix.index[-1]).message
    assert check.q05_3("不存在的品类").ok is False
