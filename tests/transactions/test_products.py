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


def test_gross_profit_ranking_by_hand():
    t = pd.DataFrame({"sales": [500.0, 300.0, 150.0, 50.0], "gross_profit": [40.0, 120.0, 30.0, 10.0]},
                     index=["纸", "软件", "柜", "笔"])
    r = tr.gross_profit_ranking(t)
    # gross profit 120, 40, 30, 10 of 200: shares 60%, 20%, 15%, 5%; cumulated 60, 80, 95, 100
    assert r.index.tolist() == ["软件", "纸", "柜", "笔"]
    assert r["gp_share"].tolist() == pytest.approx([0.6, 0.2, 0.15, 0.05])
    assert r["rank_change"].tolist() == [1, -1, 0, 0]        # 软件 2nd by sales, 1st by profit
    assert r["gp_abc"].tolist() == ["A", "A", "B", "C"]       # before: 0, 60%, 80%, 95%
    assert list(t.columns) == ["sales", "gross_profit"]      # input unchanged
