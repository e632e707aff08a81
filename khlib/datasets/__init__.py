"""The course data sets (课程数据集) and their loaders.

The fictional company 鸿文办公设备有限公司 (an office-equipment maker selling to dealers,
enterprises and institutions across China) is generated from a seed by ``khlib._generate``;
``python -m khlib.datasets generate`` rebuilds every file in ``data/`` byte for byte and
``python -m khlib.datasets check`` verifies that the committed files match. The files and
their columns are documented in ``data/README.md``. 见第00章 导论“数据集导览”。

Loaders return a fresh copy each call (cached underneath), with dates parsed.
"""

from __future__ import annotations

import argparse
import functools
import os

import tempfile
from pathlib import Path

import pandas as pd

from .. import _generate
from .._errors import fail

COMPANY = _generate.COMPANY
SEED = _generate.SEED
FILES = dict(_generate.FILES)
_REPO = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The folder with the data files: ``$KHLIB_DATA_DIR`` if set, else the repository's
    ``data/`` next to the ``khlib`` package."""
    env = os.environ.get("KHLIB_DATA_DIR")
    path = Path(env) if env else _REPO / "data"
    if not path.is_dir():
        raise fail(f"找不到数据目录 {path}：请在课程仓库中使用，或设置环境变量 KHLIB_DATA_DIR。",
                   f"Data folder {path} not found: work inside the course repository or set "
                   "KHLIB_DATA_DIR.")
    return path


def data_path(name: str) -> Path:
    """Path of a data file by its key (``"orders"``) or file name (``"orders.csv.gz"``)."""
    fname = FILES.get(name, name)
    p = data_dir() / fname
    if not p.exists():
        raise fail(f"数据文件 {p} 不存在：运行 python -m khlib.datasets generate 重新生成。",
                   f"Data file {p} is missing: run `python -m khlib.datasets generate`.")
    return p


@functools.lru_cache(maxsize=None)
def _read(name: str, dates: tuple[str, ...]) -> pd.DataFrame:
    df = pd.read_csv(data_path(name), dtype={"customer_id": str, "product_id": str, "phone": str,
                                             "salesperson_id": str, "month": str})
    for col in dates:
        df[col] = pd.to_datetime(df[col])
    return df


def load_customers() -> pd.DataFrame:
    """Customer records (客户资料卡), one row per customer: id, name, segment (经销商/企业/机构),
    kind (老客户/新客户/潜在客户), industry, organisation form, region/province/city, address,
    coordinates, phone, legal representative, contact, founding and first trade dates, size,
    characteristics and credit terms. See ``data/README.md``."""
    return _read("customers", ("founded", "first_trade_date")).copy()


def load_products() -> pd.DataFrame:
    """Products (产品): id, name, category, unit, list price and unit cost (CNY)."""
    return _read("products", ()).copy()


def load_inventory() -> pd.DataFrame:
    """Monthly average stock per product at the company (月均库存): quantity and value at cost."""
    return _read("inventory", ()).copy()


def load_orders() -> pd.DataFrame:
    """Order lines (订单明细), 2024-01-01 to 2025-12-31: order id, line number, date, customer,
    product, quantity, unit price and amount (CNY)."""
    return _read("orders", ("order_date",)).copy()


#: Real data shipped as is (not generated): key -> file name.
REAL_FILES = {"cdnow": "cdnow_sample.txt"}


@functools.lru_cache(maxsize=None)
def _read_cdnow() -> pd.DataFrame:
    path = data_dir() / REAL_FILES["cdnow"]
    df = pd.read_csv(path, sep=r"\s+", header=None, names=["master_id", "customer_id", "date", "cds", "amount"],
                     dtype={"master_id": str, "customer_id": str, "date": str})
    df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
    return df


def load_cdnow() -> pd.DataFrame:
    """CDNOW sample (真实数据): the 1/10 sample of the 23,570 customers who made their first
    purchase at the online music store CDNOW in the first quarter of 1997, with every purchase
    until 30 June 1998 (78 weeks): 2,357 customers, 6,919 transaction lines. Columns
    ``customer_id`` (``"0001"`` … ``"2357"``), ``master_id``, ``date``, ``cds`` (number of CDs),
    ``amount`` (US dollars). Source: Fader, Hardie & Lee (2005); see data/README.md.
    见第01章 客户价值。"""
    return _read_cdnow().copy()


def load_salespeople() -> pd.DataFrame:
    """Salespeople (业务员): id, name, region, base city and its coordinates (the office, where
    visit routes start), hiring date. 见第05章。"""
    return _read("salespeople", ()).copy()


def load_assignments() -> pd.DataFrame:
    """The responsible salesperson of every customer (专人负责): customer_id, salesperson_id."""
    return _read("assignments", ()).copy()


def load_plans() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2025 sales plan: each customer's expected share of its region's sales, and the
    intended product mix (expected share of company sales per product)."""
    return _read("plan_customers", ()).copy(), _read("plan_products", ()).copy()


def load_invoices() -> pd.DataFrame:
    """Invoices (发票), one per order: invoice and order id, customer, invoice and due dates, amount."""
    return _read("invoices", ("invoice_date", "due_date")).copy()


def load_payments() -> pd.DataFrame:
    """Payments received up to 2025-12-31 (收款): payment id, invoice, customer, date, amount."""
    return _read("payments", ("payment_date",)).copy()


def load_dealer_inventory() -> pd.DataFrame:
    """Monthly average stock reported by the dealers (经销商月均库存), 2025: dealer, product,
    month, quantity and value at the dealer's purchase price. 见第05章（经销商库存周转）。"""
    return _read("dealer_inventory", ()).copy()


def _compare(a: Path, b: Path) -> list[str]:
    diffs = []
    for fname in FILES.values():
        pa, pb = a / fname, b / fname
        if not pa.exists():
            diffs.append(f"{fname}: missing in {a}")
        elif pa.read_bytes() != pb.read_bytes():
            diffs.append(f"{fname}: differs")
    return diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m khlib.datasets",
                                     description="Generate or check the course data files.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write every synthetic data file")
    g.add_argument("--out", default=None, help="output folder (default: the repository's data/)")
    g.add_argument("--seed", type=int, default=SEED)
    c = sub.add_parser("check", help="regenerate into a temporary folder and compare byte for byte")
    c.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.cmd == "generate":
        out = Path(args.out) if args.out else _REPO / "data"
        for key, path in _generate.generate(out, seed=args.seed).items():
            print(f"{key:16s} {path}  {path.stat().st_size:,} bytes")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        _generate.generate(tmp, seed=args.seed)
        diffs = _compare(data_dir(), Path(tmp))
    for d in diffs:
        print(d)
    print("identical" if not diffs else f"{len(diffs)} file(s) differ")
    return 1 if diffs else 0

