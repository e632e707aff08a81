"""Prospect criteria from peers and the record card: hand examples."""

import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.selection import negotiated_discount, peer_median, prospect_criteria, size_band


def test_negotiated_discount_by_hand():
    lines = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": [1, 1, 2], "order_date": ["2025-01-02"] * 3,
                          "product_id": ["P1", "P2", "P1"], "quantity": [2, 10, 1], "amount": [160.0, 45.0, 95.0]})
    cat = pd.DataFrame({"product_id": ["P1", "P2"], "list_price": [100.0, 5.0]})
    # a paid 205 for goods listed at 250: 18% off; b 95 for 100: 5%
    assert negotiated_discount(lines, cat).round(6).to_dict() == {"a": 0.18, "b": 0.05}


def test_peer_median_falls_back_when_a_group_is_small():
    peers = pd.DataFrame({"seg": ["x"] * 6 + ["y"] * 2, "band": ["小"] * 5 + ["大"] + ["小"] * 2,
                          "v": [1, 2, 3, 4, 5, 100, 10, 20]})
    pro = pd.DataFrame({"seg": ["x", "x", "y"], "band": ["小", "大", "小"]}, index=["p1", "p2", "p3"])
    m = peer_median(pro, peers, "v", by=["seg", "band"])
    # p1: x/小 has 5 peers → median 3; p2: x/大 has 1 → all x (6 peers) → median 3.5;
    # p3: y/小 has 2, y has 2 → all peers → median of 1,2,3,4,5,100,10,20 = 4.5
    assert m.tolist() == [3.0, 3.5, 4.5]


def test_size_band_edges():
    assert size_band(pd.Series([19, 20, 100, 101]), [20, 100]).tolist() == ["小", "中", "中", "大"]
    with pytest.raises(KhlibInputError):
        size_band(pd.Series([1]), [100, 20])


def test_prospect_criteria_columns_and_errors():
    pro = pd.DataFrame({"segment": ["企业", "经销商"], "employees": [10, 300], "assets_10k": [50, 900],
                        "business_policy": ["扩张型", "收缩型"], "lat": [39.9042, 31.2304], "lon": [116.4074, 121.4737]},
                       index=["p1", "p2"])
    peers = pd.DataFrame({"segment": ["企业"] * 5 + ["经销商"] * 5, "employees": [10] * 5 + [300] * 5,
                          "discount": [0.01, 0.02, 0.03, 0.04, 0.05, 0.2, 0.2, 0.25, 0.3, 0.3],
                          "cost_to_serve_ratio": [0.5] * 5 + [0.1] * 5})
    bases = pd.DataFrame({"lat": [39.9042, 39.9042], "lon": [116.4074, 116.4074]}, index=["p1", "p2"])
    c = prospect_criteria(pro, peers, growth=pd.Series({"p1": 0.1, "p2": 0.9}), bases=bases)
    assert c.columns.tolist() == ["purchasing_power", "price_sensitivity", "cost_to_serve_ratio", "growth",
                                  "partnership", "distance_km"]
    assert c["price_sensitivity"].tolist() == [0.03, 0.25]
    assert c["partnership"].tolist() == [1.0, 0.0]
    assert c.loc["p1", "distance_km"] == 0.0
    assert round(c.loc["p2", "distance_km"]) == 1067  # Shanghai from a Beijing office
    with pytest.raises(KhlibInputError, match="no growth"):
        prospect_criteria(pro, peers, growth=pd.Series({"p1": 0.1}))
    with pytest.raises(KhlibInputError, match="partnership"):
        prospect_criteria(pro.assign(business_policy=["扩张型", "观望"]), peers, growth=pd.Series({"p1": 0.1, "p2": 0.9}))
