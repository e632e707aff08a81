"""The company's data: size, coherence, the record card, and byte-for-byte regeneration."""

import subprocess
import sys

import numpy as np
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
    from khlib import _generate

    paths = _generate.generate(tmp_path, seed=7)
    assert paths["orders"].read_bytes() != kh.datasets.data_path("orders").read_bytes()


def test_missing_data_dir_message(monkeypatch, tmp_path):
    monkeypatch.setenv("KHLIB_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(kh.KhlibInputError, match="KHLIB_DATA_DIR"):
        kh.datasets.data_dir()


def test_data_readme_documents_every_file_and_column(data):
    text = (kh.datasets.data_dir() / "README.md").read_text(encoding="utf-8")
    for fname in kh.datasets.FILES.values():
        assert fname in text
    plans = kh.datasets.load_plans()
    for df in (*data, kh.datasets.load_inventory(), kh.read_table(kh.datasets.data_path("analyst_sample")),
               kh.datasets.load_salespeople(), kh.datasets.load_assignments(), *plans,
               kh.datasets.load_invoices(), kh.datasets.load_payments()):
        for col in df.columns:
            assert f"`{col}`" in text, col


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
