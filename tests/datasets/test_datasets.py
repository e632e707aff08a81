"""The company's data: size, coherence, the record card, and byte-for-byte regeneration."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import khlib as kh


@pytest.fixture(scope="module")
def data():
    return kh.datasets.load_customers(), kh.datasets.load_products(), kh.datasets.load_orders()


def test_sizes(data):
    c, p, o = data
    assert len(c) >= 2000 and c["customer_id"].is_unique and c["name"].is_unique
    assert len(p) >= 30 and p["product_id"].is_unique
    assert len(o) >= 200_000
    months = o["order_date"].dt.to_period("M").nunique()
    assert months >= 24


def test_record_card_columns(data):
    c, _, _ = data
    for col in ["name", "address", "phone", "legal_rep", "contact", "founded", "first_trade_date",
                "org_form", "industry", "assets_10k", "region", "province", "city", "lat", "lon",
                "segment", "kind", "credit_limit", "payment_terms_days"]:
        assert col in c.columns
    assert set(c["kind"]) == {"老客户", "新客户", "潜在客户"}
    assert set(c["segment"]) == {"经销商", "企业", "机构"}
    assert c["region"].nunique() == 7 and c["province"].nunique() >= 25
    assert c["lat"].between(18, 54).all() and c["lon"].between(73, 135).all()
    # Chinese names
    assert c["name"].str.contains(r"[\u4e00-\u9fff]").all()


def test_orders_coherent(data):
    c, p, o = data
    assert set(o["customer_id"]) <= set(c["customer_id"])
    assert set(o["product_id"]) <= set(p["product_id"])
    kinds = c.set_index("customer_id")["kind"]
    assert (kinds[o["customer_id"].unique()] != "潜在客户").all()
    assert (kinds == "潜在客户").sum() > 0 and c.loc[c["kind"] == "潜在客户", "first_trade_date"].isna().all()
    np.testing.assert_allclose(o["amount"], (o["quantity"] * o["unit_price"]).round(2), atol=0.006)
    assert not o.duplicated(["order_id", "line_no"]).any()
    assert not o.duplicated(["order_id", "product_id"]).any()
    # first trade date is never after the first order; new customers' first order is their first trade
    first = o.groupby("customer_id")["order_date"].min()
    ft = c.set_index("customer_id")["first_trade_date"][first.index]
    assert (ft <= first).all()
    new = c.loc[c["kind"] == "新客户", "customer_id"]
    assert (first[first.index.isin(new)] == ft[ft.index.isin(new)]).all()
    assert (ft[ft.index.isin(new)].dt.year == 2025).all()
    # prices never above list, costs below prices
    lp = o["product_id"].map(p.set_index("product_id")["list_price"])
    assert (o["unit_price"] <= lp + 1e-9).all()
    assert (p["unit_cost"] < p["list_price"]).all()


def test_inventory(data):
    _, p, _ = data
    inv = kh.datasets.load_inventory()
    assert len(inv) == len(p) * 24
    services = p.loc[p["category"] == "服务", "product_id"]
    assert (inv.loc[inv["product_id"].isin(services), "avg_stock_qty"] == 0).all()
    assert (inv.loc[~inv["product_id"].isin(services), "avg_stock_qty"].groupby(inv["product_id"]).mean() > 0).all()


def test_generator_rebuilds_files_byte_for_byte():
    r = subprocess.run([sys.executable, "-m", "khlib.datasets", "check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "identical" in r.stdout


def test_generator_seed_changes_data(tmp_path):
    from khlib.datasets.generate import generate

    paths = generate(tmp_path, seed=7)
    assert paths["orders"].read_bytes() != kh.datasets.data_path("orders").read_bytes()


def test_missing_data_dir_message(monkeypatch, tmp_path):
    monkeypatch.setenv("KHLIB_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(kh.KhlibInputError, match="KHLIB_DATA_DIR"):
        kh.datasets.data_dir()


def test_chapter05_tables_fit_the_company(data):
    c, _, o = data
    a, sp = kh.datasets.load_assignments(), kh.datasets.load_salespeople()
    assert set(a["customer_id"]) == set(c["customer_id"]) and a["customer_id"].is_unique  # one person each
    assert set(a["salesperson_id"]) == set(sp["salesperson_id"])
    region = c.set_index("customer_id")["region"]
    own = sp.set_index("salesperson_id")["region"]
    assert (region[a["customer_id"]].to_numpy() == own[a["salesperson_id"]].to_numpy()).all()
    pc, pp = kh.datasets.load_plans()
    assert pc.merge(c[["customer_id", "region"]]).groupby("region")["expected_share_of_region"].sum().round(3).eq(1).all()
    assert pp["expected_share"].sum() == pytest.approx(1, abs=1e-4)
    inv, pay = kh.datasets.load_invoices(), kh.datasets.load_payments()
    assert len(inv) == o["order_id"].nunique()
    totals = o.groupby("order_id")["amount"].sum().round(2)
    assert np.allclose(inv.set_index("order_id")["amount"].reindex(totals.index), totals, atol=0.01)
    paid = pay.groupby("invoice_id")["amount"].sum().reindex(inv["invoice_id"], fill_value=0).to_numpy()
    assert (paid <= inv["amount"].to_numpy() + 0.01).all()
    assert (pay["payment_date"] <= "2025-12-31").all()


def test_dealer_inventory_fits_the_dealers_purchases(data):
    c, p, o = data
    di = kh.datasets.load_dealer_inventory()
    dealers = set(c.loc[c["segment"] == "经销商", "customer_id"])
    services = set(p.loc[p["category"] == "服务", "product_id"])
    assert set(di["customer_id"]) <= dealers
    assert not di["product_id"].isin(services).any()
    bought = o[(o["order_date"].dt.year == 2025) & o["customer_id"].isin(dealers) & ~o["product_id"].isin(services)]
    pairs = set(zip(bought["customer_id"], bought["product_id"]))
    assert set(zip(di["customer_id"], di["product_id"])) == pairs  # exactly what each dealer bought
    months = di.groupby(["customer_id", "product_id"])["month"].agg(["nunique", "size", "min", "max"])
    assert (months["nunique"] == 12).all() and (months["size"] == 12).all()
    assert (months["min"] == "2025-01").all() and (months["max"] == "2025-12").all()
    assert di["avg_stock_qty"].dtype.kind == "i" and (di["avg_stock_qty"] >= 0).all()
    assert (di["avg_stock_qty"] == 0).any()  # out of stock happens
    price = (bought.groupby(["customer_id", "product_id"])["amount"].sum()
             / bought.groupby(["customer_id", "product_id"])["quantity"].sum()).round(2)
    expected = (di["avg_stock_qty"] * price.reindex(pd.MultiIndex.from_frame(di[["customer_id", "product_id"]])).to_numpy())
    np.testing.assert_allclose(di["avg_stock_value"], expected.round(2), atol=0.006)
    # months of cover: a dealer's average stock over its average monthly purchases (measured 1.75)
    per_month = bought.groupby("customer_id")["quantity"].sum() / 12
    stock = di.groupby("customer_id")["avg_stock_qty"].sum() / 12
    cover = stock / per_month.reindex(stock.index)
    assert 1 <= cover.median() <= 2.5
    assert cover.quantile(0.9) > 2.5  # some dealers overstock


def _km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * np.arcsin(np.sqrt(h))


def test_salespeople_offices_are_their_base_city_centres(data):
    from khlib.datasets.generate.geo import CITIES

    c, _, _ = data
    sp, a = kh.datasets.load_salespeople(), kh.datasets.load_assignments()
    centre = pd.DataFrame([(x[2], x[3], x[4]) for x in CITIES], columns=["base_city", "lat", "lon"]).set_index("base_city")
    np.testing.assert_allclose(sp["base_lat"], centre.loc[sp["base_city"], "lat"], atol=0.01)
    np.testing.assert_allclose(sp["base_lon"], centre.loc[sp["base_city"], "lon"], atol=0.01)
    m = a.merge(c[["customer_id", "lat", "lon"]]).merge(sp[["salesperson_id", "base_lat", "base_lon"]])
    mean_km = pd.Series(_km(m["lat"], m["lon"], m["base_lat"], m["base_lon"])).groupby(m["salesperson_id"]).mean()
    # Measured: median over salespeople 123 km, 38 of 39 within 345 km; the exception is the
    # 西北 territory based in 乌鲁木齐 that also covers 西安, 兰州 and 西宁 (1,254 km on average).
    assert mean_km.median() < 200
    assert (mean_km < 400).mean() >= 0.9
    assert mean_km.max() < 1500
