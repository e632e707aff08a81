"""Self-checks of chapter 05 交易分析: right, wrong and near-miss answers get the right message."""

import pandas as pd

from khlib import check
from khlib import transactions as tr


def test_q05_1():
    ex = tr.HAND_EXAMPLE
    right = list(ex["gross_profit"] / ex["sales"] * (ex["sales"] / ex["avg_stock"]))
    assert check.q05_1(right).ok is True
    assert check.q05_1(pd.Series(right, index=ex.index)[::-1]).ok is True   # a Series is matched by name
    fb = check.q05_1([right[0] * 2, *right[1:]])
    assert fb.ok is False and "1 个不对" in fb.message and "甲" in fb.message
    assert "5 个数" in check.q05_1(right[:4]).message
    assert check.q05_1(["x"] * 5).ok is False


# Right answers computed by hand with plain pandas from data/*.csv(.gz), not with khlib: at the
# end of 2025, 1,969 customers owe money and 245 of them owe more than their credit limit;
# C00166 buys paper (纸品) 3.0 percentage points below the company's 2025 share.
def test_q05_2():
    assert check.q05_2(245).ok is True
    assert "有应收余额的客户数" in check.q05_2(1969).message
    assert check.q05_2(246).ok is False


def test_q05_3():
    assert check.q05_3("纸品").ok is True
    assert "不是差距最大的" in check.q05_3("复合机").message
    assert check.q05_3("不存在的品类").ok is False
