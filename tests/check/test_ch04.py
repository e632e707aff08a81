"""Self-checks of chapter 04 客户分级: right, wrong and near-miss answers get the right message."""

import pandas as pd
import pytest

import khlib as kh
from khlib import check


def test_q04_1():
    assert check.q04_1(list("AAABBBBCCC")).ok is True
    assert check.q04_1(kh.abc_grade(kh.grading.HAND_EXAMPLE)["grade"]).ok is True
    fb = check.q04_1(list("AAAABBBCCC"))
    assert fb.ok is False and "客户丁" in fb.message and "81.0%" in fb.message
    assert "10 个" in check.q04_1(["A"]).message


# Right answers computed by hand from data/orders.csv.gz with plain pandas (not khlib), so a
# grading bug cannot make a check and its test agree: 2,585 buyers in 2025, the top
# ceil(1% x 2,585) = 26 of them bring 22.41% of 2025 sales; 95 customers are 重要挽留客户.
Q04_2 = (26, 0.2241)
Q04_4 = 95


def _by_hand_2025(orders):
    import math

    import numpy as np

    y = orders[(orders["order_date"] >= "2025-01-01") & (orders["order_date"] < "2026-01-01")]
    sales = y.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    k = math.ceil(len(sales) * 0.01)
    rec = (pd.Timestamp("2025-12-31") - y.groupby("customer_id")["order_date"].max()).dt.days
    freq = y.groupby("customer_id")["order_id"].nunique()

    def score(v):
        return np.ceil(v.rank(method="average", pct=True) * 5).clip(1, 5)

    r, f, m = score(-rec), score(freq), score(sales.reindex(rec.index))
    return (k, sales.iloc[:k].sum() / sales.sum()), int(((r <= r.mean()) & (f <= f.mean()) & (m > m.mean())).sum())


def test_hand_constants_match_the_data(orders):
    (k, share), lost = _by_hand_2025(orders)
    assert k == Q04_2[0] and share == pytest.approx(Q04_2[1], abs=5e-5) and lost == Q04_4


def test_q04_2():
    n, share = Q04_2
    assert check.q04_2((n, share)).ok is True
    assert check.q04_2((n, 0.224)).ok is True
    assert check.q04_2((n + 1, share)).ok is False
    assert "户数对了" in check.q04_2((n, share + 0.05)).message
    assert "0 到 1" in check.q04_2((n, share * 100)).message
    assert "两个数" in check.q04_2(n).message


def test_q04_3():
    assert check.q04_3(88).ok is True
    assert "电话" in check.q04_3(70).message
    assert check.q04_3(61).ok is False


def test_q04_4():
    assert check.q04_4(Q04_4).ok is True
    assert check.q04_4(Q04_4 + 3).ok is False
    assert check.q04_4(Q04_4 - 1).ok is False