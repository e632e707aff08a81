"""The complaints file (chapter 07) agrees with the rest of the company and shows the generated
relations with the numbers data/README.md quotes (measured, not planted): complaints follow
events already in the data, dissatisfied customers complain more, the 2025Q3 logistics
contractor shows in the transport complaints, and the handling rating goes with what the
customer did next."""

import numpy as np
import pandas as pd
import pytest

import khlib as kh


@pytest.fixture(scope="module")
def complaints():
    return kh.datasets.load_complaints()


def test_shape_and_keys(complaints):
    c = complaints
    assert len(c) == 2121 and c["customer_id"].nunique() == 963
    assert c["complaint_type"].value_counts().to_dict() == {"产品质量": 873, "运输": 524, "服务": 481, "销售合同": 243}
    assert c["complaint_id"].is_unique and c["received"].is_monotonic_increasing
    assert set(c["customer_id"]) <= set(kh.datasets.load_customers()["customer_id"])
    orders = kh.datasets.load_orders()
    assert set(c["order_id"].dropna()) <= set(orders["order_id"])
    assert c.loc[c["complaint_type"] == "服务", "order_id"].isna().all()
    assert (c["received"] >= "2024-01-01").all() and (c["received"] < "2026-01-01").all()


def test_times_ratings_and_texts(complaints):
    c = complaints
    open_ = c["resolved"].isna()
    assert open_.sum() == 31 and c.loc[open_, "outcome"].isna().all() and c.loc[~open_, "outcome"].notna().all()
    assert (c["resolved"].dropna() >= c.loc[~open_, "received"]).all()
    assert set(c["outcome"].dropna()) == {"满意", "基本满意", "不满意"}
    assert (c["compensation"] >= 0).all() and (c["compensation"] > 0).sum() == 250
    assert c["text"].str.len().between(10, 120).all()
    assert c["text"].str.contains("\n").sum() == 98  # a second line (补充：…) in 5%
    # the text names the product of the complaint's order
    quality = c[(c["complaint_type"] == "产品质量") & ~c["cause"].eq("耗材不兼容")]
    products = kh.datasets.load_products().set_index("product_id")["name"].str.rsplit(" ", n=1).str[0]
    lines = kh.datasets.load_orders().assign(name=lambda o: o["product_id"].map(products))
    names = lines.groupby("order_id")["name"].agg(set)
    named = [any(n in t for n in names.get(o, ())) or "机器" in t for o, t in zip(quality["order_id"], quality["text"])]
    assert all(named)


def test_the_generated_relations_show(complaints):
    c = complaints
    # the contractor's quarter: transport complaints 39-62 a quarter, 155 in 2025Q3
    q = c[c["complaint_type"] == "运输"]["received"].dt.to_period("Q").value_counts().sort_index()
    assert q["2025Q3"] == 155 and q.drop(pd.Period("2025Q3")).between(39, 62).all()
    # respondents with a complaint in the 90 days before their wave rate overall satisfaction lower
    s = kh.datasets.load_survey()
    pairs = s[["response_id", "customer_id", "date", "sat1"]].merge(c[["customer_id", "received"]], on="customer_id",
                                                                     how="left")
    pairs["hit"] = (pairs["received"] > pairs["date"] - pd.Timedelta(days=90)) & (pairs["received"] <= pairs["date"])
    g = pairs.groupby("response_id").agg(hit=("hit", "any"), sat=("sat1", "first"))
    means = g.groupby("hit")["sat"].mean()
    assert round(means[True], 2) == 3.54 and round(means[False], 2) == 3.89
    # slower complaints are rated worse (median days: 满意 < 基本满意 < 不满意)
    days = (c["resolved"] - c["received"]).dt.total_seconds() / 86400
    med = days.groupby(c["outcome"]).median()
    assert med["满意"] < med["基本满意"] < med["不满意"]
    # causes: 返利未兑现 slowest, 未按约定时间送达 / 热线打不通 fastest (medians of resolved ones)
    by_cause = days.groupby(c["cause"]).median().sort_values()
    assert by_cause.index[-1] == "返利未兑现" and set(by_cause.index[:2]) == {"热线打不通", "未按约定时间送达"}


def test_complaining_customers_were_more_dissatisfied():
    """Complainers' hidden driver is lower: seen through the survey answers of all waves (not only
    the 90 days before), complainers average a lower overall satisfaction."""
    c, s = kh.datasets.load_complaints(), kh.datasets.load_survey()
    complained = s["customer_id"].isin(set(c["customer_id"]))
    assert s.loc[complained, "sat1"].mean() < s.loc[~complained, "sat1"].mean() - 0.1
    assert np.isclose(complained.mean(), 0.40, atol=0.1)
