"""The leads file (chapter 03) agrees with the rest of the company: won leads are the newcomers
(implementation date = first trade date, won amount = first order), prospects' leads are open or
lost, stage dates run forward, and the file is the generator's process (nothing planted)."""

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib.datasets.generate.leads import METHODS, STAGE_COLUMNS


@pytest.fixture(scope="module")
def leads():
    return kh.datasets.load_leads()


@pytest.fixture(scope="module")
def customers():
    return kh.datasets.load_customers().set_index("customer_id")


def test_won_leads_are_the_newcomers(leads, customers):
    won = leads[leads["outcome"] == "赢单"]
    newcomers = customers.index[customers["first_trade_date"] >= "2024-01-01"]
    assert len(newcomers) == 700
    in_window = won[won["implementation_date"] >= "2024-01-01"]
    assert sorted(in_window["customer_id"]) == sorted(newcomers)  # one won lead each, no other
    assert (in_window["implementation_date"].to_numpy()
            == customers.loc[in_window["customer_id"], "first_trade_date"].to_numpy()).all()
    orders = kh.datasets.load_orders()
    first = orders.merge(customers[["first_trade_date"]], left_on="customer_id", right_index=True)
    first = first[first["order_date"] == first["first_trade_date"]].groupby("customer_id")["amount"].sum()
    got = in_window.set_index("customer_id")["won_amount"]
    assert np.allclose(got, first.reindex(got.index), atol=0.005)
    # leads won before the order data begin are established customers whose first trade was then
    early = won[won["implementation_date"] < "2024-01-01"]
    assert len(early) > 0 and early["won_amount"].isna().all()
    assert (early["implementation_date"].to_numpy() == customers.loc[early["customer_id"], "first_trade_date"].to_numpy()).all()


def test_prospects_and_outsiders(leads, customers):
    linked = leads.dropna(subset=["customer_id"])
    kind = customers.loc[linked["customer_id"], "kind"].to_numpy()
    assert set(kind[linked["outcome"].to_numpy() != "赢单"]) == {"潜在客户"}
    assert (customers["kind"] == "潜在客户").sum() == linked["customer_id"][linked["outcome"] != "赢单"].nunique()
    assert linked["customer_id"].is_unique  # one lead per known company
    outsiders = leads[leads["customer_id"].isna()]
    assert not set(outsiders["company"]) & set(customers["name"])
    assert leads["company"][leads["customer_id"].isna()].is_unique
    assert (leads.loc[linked.index, "company"].to_numpy() == customers.loc[linked["customer_id"], "name"].to_numpy()).all()


def test_stage_dates_run_forward_and_outcomes_are_complete(leads):
    dates = leads[list(STAGE_COLUMNS.values()) + ["lost_date"]]
    prev = dates.iloc[:, 0]
    assert prev.notna().all()
    for col in dates.columns[1:]:
        d = dates[col]
        assert (d.isna() | (d >= prev)).all(), col
        prev = d.fillna(prev)
    assert (leads["implementation_date"].notna() == (leads["outcome"] == "赢单")).all()
    assert (leads["lost_date"].notna() == (leads["outcome"] == "丢单")).all()
    assert (dates.max(axis=1) <= "2025-12-31").all()
    # a stage reached means every earlier one was reached, except the tender (投标), which is optional
    reached = dates.iloc[:, :6].notna().drop(columns="bidding_date").to_numpy()
    assert (np.diff(reached.astype(int), axis=1) <= 0).all()
    assert (leads.loc[leads["segment"] == "机构", "negotiation_date"].isna()
            | leads.loc[leads["segment"] == "机构", "bidding_date"].notna()).all()  # institutions always tender
    rated = leads["need"].notna()
    assert (rated == leads["initiation_date"].notna()).all()
    assert leads.loc[rated, ["need", "schedule", "budget", "competition", "decision_makers"]].isin(range(1, 6)).all().all()


def test_the_process_shows(leads):
    """Measured, not planted: the numbers the chapter quotes stay in a realistic band."""
    assert set(leads["method"]) == set(METHODS) and len(METHODS) == 12
    assert (leads["cost"] == leads["method"].map({m: v[0] for m, v in METHODS.items()})).all()
    closed = leads[leads["outcome"] != "进行中"]
    rate = (closed["outcome"] == "赢单").groupby(closed["method"]).mean()
    assert 0.08 < (closed["outcome"] == "赢单").mean() < 0.2
    assert rate["连锁介绍"] > rate["电话开发"] > rate["短信"]  # referrals qualify best, texts worst
    assert 20 <= (leads["method"] == "俱乐部").sum() <= 60  # a method with few leads (Beta posterior)
    # the risk form reads the hidden quality: won leads had better ratings
    r = leads.dropna(subset=["need"])
    assert r.loc[r["outcome"] == "赢单", "need"].mean() > r.loc[r["outcome"] == "丢单", "need"].mean() + 0.5
    assert 100 <= (leads["outcome"] == "进行中").sum() <= 400
