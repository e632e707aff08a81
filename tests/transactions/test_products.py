"""Chapter 05 交易分析: the product scorecard, by hand."""

import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib import transactions as tr
from tests.samples import INVENTORY, ORDERS, PRODUCTS


def test_five_product_scorecard_by_hand():
    with pytest.warns(UserWarning, match=r"Turnover undefined.*'E'"):
        sc = tr.product_scorecard(ORDERS, PRODUCTS, INVENTORY)
    a = sc.loc["A"]
    assert a["gross_profit"] == 4000 and a["margin_rate"] == pytest.approx(0.4)
    assert a["turnover"] == pytest.approx(5.0)            # 10000 / 2000
    assert a["cross_ratio"] == pytest.approx(2.0)         # 0.4 x 5
    assert a["share"] == pytest.approx(10000 / 22500)
    assert a["contribution_ratio"] == pytest.approx(2.0 * 10000 / 22500)
    assert sc.loc["C", "cross_ratio"] == pytest.approx(0.2 * 10)  # 1000 / 5000 margin, 5000 / 500 turnover
    assert pd.isna(sc.loc["E", "turnover"]) and sc.loc["E", "stock_note"] == "无库存：周转率无定义"
    assert list(sc.index[:3]) == ["A", "B", "C"] and sc.loc["A", "abc"] == "A"


def test_scorecard_bad_input():
    with pytest.raises(KhlibInputError, match="unit_cost"):
        tr.product_scorecard(ORDERS, PRODUCTS.drop(columns="unit_cost"))
    with pytest.raises(KhlibInputError, match="missing from the product"):
        tr.product_scorecard(ORDERS, PRODUCTS.iloc[:4])
