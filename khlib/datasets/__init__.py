"""The course data sets (课程数据集) and their loaders.

The fictional company 鸿文办公设备有限公司 (an office-equipment maker selling to dealers,
enterprises and institutions across China) is generated from a seed by
:mod:`khlib.datasets.generate`; ``python -m khlib.datasets generate`` rebuilds every synthetic
file in ``data/`` byte for byte and ``python -m khlib.datasets check`` verifies that the
committed files match. Every file, real or synthetic, has one entry in
:mod:`khlib.datasets.registry` (file name, dtypes, dates, encoding, chapters, description); the
loaders below read that entry, and ``data/README.md`` documents the columns. 见第00章
导论“数据集导览”。

Loaders return a fresh copy each call (cached underneath), with ids kept as strings and dates
parsed; :func:`load` reads any table by its key.
"""

from __future__ import annotations

import argparse
import functools
import os
import tempfile
from pathlib import Path

import pandas as pd

from .._errors import fail
from .registry import TABLES, Table, table
from . import generate as _generator  # the subpackage; its generate() writes the files
from .generate.common import COMPANY, SEED

__all__ = ["COMPANY", "SEED", "FILES", "REAL_FILES", "TABLES", "Table", "table", "data_dir",
           "data_path", "load", "load_customers", "load_products", "load_inventory", "load_orders",
           "load_analyst_sample", "load_cdnow", "load_mobi", "load_rossi", "load_salespeople", "load_assignments",
           "load_plans", "load_invoices", "load_payments", "load_dealer_inventory", "load_activities", "load_leads", "load_survey",
           "load_complaints", "main"]

#: Synthetic files the generator writes: key -> file name.
FILES: dict[str, str] = {k: t.file for k, t in TABLES.items() if t.synthetic}
#: Real data shipped as is (not generated): key -> file name.
REAL_FILES: dict[str, str] = {k: t.file for k, t in TABLES.items() if not t.synthetic}
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
    t = TABLES.get(name)
    p = data_dir() / (t.file if t else name)
    if not p.exists():
        if t is not None and not t.synthetic:
            raise fail(f"真实数据文件 {p} 不存在：它随课程仓库分发，请从仓库恢复（git checkout data/）。",
                       f"Real data file {p} is missing: it ships with the course repository; "
                       "restore it from git.")
        raise fail(f"数据文件 {p} 不存在：运行 python -m khlib.datasets generate 重新生成。",
                   f"Data file {p} is missing: run `python -m khlib.datasets generate`.")
    return p


@functools.lru_cache(maxsize=None)
def _read(key: str) -> pd.DataFrame:
    t = TABLES[key]
    df = pd.read_csv(data_path(key), **t.read_options())
    for col in t.dates:
        df[col] = pd.to_datetime(df[col], format=t.date_format)
    return df


def load(name: str) -> pd.DataFrame:
    """Any registered table by its key or file name, read as its registry entry says (ids as
    strings, dates parsed, the file's encoding); a fresh copy each call.

    >>> load("products").columns.tolist()
    ['product_id', 'name', 'category', 'unit', 'list_price', 'unit_cost']
    """
    return _read(table(name).key).copy()


def load_customers() -> pd.DataFrame:
    """Customer records (客户资料卡), one row per customer: id, name, segment (经销商/企业/机构),
    kind (老客户/新客户/潜在客户), industry, organisation form, region/province/city, address,
    coordinates, phone, legal representative, contact, founding and first trade dates, size,
    characteristics and credit terms. See ``data/README.md``."""
    return load("customers")


def load_products() -> pd.DataFrame:
    """Products (产品): id, name, category, unit, list price and unit cost (CNY)."""
    return load("products")


def load_inventory() -> pd.DataFrame:
    """Monthly average stock per product at the company (月均库存): quantity and value at cost."""
    return load("inventory")


def load_orders() -> pd.DataFrame:
    """Order lines (订单明细), 2024-01-01 to 2025-12-31: order id, line number, date, customer,
    product, quantity, unit price and amount (CNY)."""
    return load("orders")


def load_analyst_sample() -> pd.DataFrame:
    """A dealer's ERP export (经销商 ERP 导出的订单), GBK, Chinese headers, read as exported:
    dates ``2025/01/02`` and amounts with thousands separators stay text. Chapters 00 and 04
    read it with ``kh.read_table(kh.datasets.data_path("analyst_sample"))`` (encoding
    detection) and map it with ``kh.prepare_orders``."""
    return load("analyst_sample")


def load_cdnow() -> pd.DataFrame:
    """CDNOW sample (真实数据): the 1/10 sample of the 23,570 customers who made their first
    purchase at the online music store CDNOW in the first quarter of 1997, with every purchase
    until 30 June 1998 (78 weeks): 2,357 customers, 6,919 transaction lines. Columns
    ``customer_id`` (``"0001"`` … ``"2357"``), ``master_id``, ``date``, ``cds`` (number of CDs),
    ``amount`` (US dollars). Source: Fader, Hardie & Lee (2005); see data/README.md.
    见第01章 客户价值。"""
    return load("cdnow")


def load_mobi() -> pd.DataFrame:
    """The ECSI mobile-phone survey (真实数据): 250 customers of a mobile phone provider, 24 items
    on a 1–10 scale — image ``IMAG1``–``IMAG5``, expectation ``CUEX1``–``CUEX3``, perceived quality
    ``PERQ1``–``PERQ7``, value ``PERV1``–``PERV2``, satisfaction ``CUSA1``–``CUSA3``, complaints
    ``CUSCO``, loyalty ``CUSL1``–``CUSL3``. Source: Tenenhaus et al. (2005); see data/README.md.
    见第06章（满意度的结构模型）。"""
    return load("mobi")


def load_rossi() -> pd.DataFrame:
    """The Rossi recidivism data (真实数据): 432 prisoners released from Maryland state prisons in
    the 1970s, followed for a year — ``week`` of the first arrest (52 if none), ``arrest`` (1 =
    arrested), ``fin`` (financial aid), ``age``, ``race`` (1 = black), ``wexp`` (work experience),
    ``mar`` (1 = married), ``paro`` (released on parole), ``prio`` (prior convictions). Source:
    Rossi, Berk & Lenihan (1980); see data/README.md. 见第08章（生存分析与 Cox 模型）。"""
    return load("rossi")


def load_salespeople() -> pd.DataFrame:
    """Salespeople (业务员): id, name, region, base city and its coordinates (the office, where
    visit routes start), hiring date. 见第05章。"""
    return load("salespeople")


def load_assignments() -> pd.DataFrame:
    """The responsible salesperson of every customer (专人负责): customer_id, salesperson_id."""
    return load("assignments")


def load_plans() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2025 sales plan: each customer's expected share of its region's sales, and the
    intended product mix (expected share of company sales per product)."""
    return load("plan_customers"), load("plan_products")


def load_invoices() -> pd.DataFrame:
    """Invoices (发票), one per order: invoice and order id, customer, invoice and due dates, amount."""
    return load("invoices")


def load_payments() -> pd.DataFrame:
    """Payments received up to 2025-12-31 (收款): payment id, invoice, customer, date, amount."""
    return load("payments")


def load_dealer_inventory() -> pd.DataFrame:
    """Monthly average stock reported by the dealers (经销商月均库存), 2025: dealer, product,
    month, quantity and value at the dealer's purchase price. 见第05章（经销商库存周转）。"""
    return load("dealer_inventory")


def load_activities() -> pd.DataFrame:
    """Every service activity of 2024–2025 (服务活动记录), one row each: date, customer,
    activity (配送, 加急配送, 拜访, 电话支持, 上门服务, 退换货, 催款, 逾期占款, 坏账核销), the
    cost-driver quantity, and the order, invoice, salesperson or channel it concerns.
    见第02章（服务成本）与第06章（客户沟通）。"""
    return load("activities")


def load_leads() -> pd.DataFrame:
    """Every sales lead from July 2023 to 2025 (销售线索), one row each: company (and customer id
    when it is in the customer records), segment, city, salesperson, prospecting method and its
    cost, the date each pipeline stage was reached (开发 立项 方案 投标 谈判 实施), the date lost,
    the outcome (赢单 / 丢单 / 进行中), expected and won amount, and the risk form's five ratings.
    Won leads are the 2024–2025 newcomers (实施 = first trade date, won amount = first order).
    见第03章（客户开发）。"""
    return load("leads")


def load_survey() -> pd.DataFrame:
    """The 2025 customer satisfaction survey (客户满意度调查): one row per returned questionnaire
    of four quarterly waves — image, expectation, importance / expectation / performance of five
    attributes, value (val2 worded in reverse), satisfaction, complaint handling (不适用 when the
    customer did not complain), loyalty, likelihood to recommend (0–10) and a rating of the main
    competitor; 1–5 scales, blanks are missing. 见第06章（客户满意）。"""
    return load("survey")


def load_complaints() -> pd.DataFrame:
    """The complaints of 2024–2025 (客户投诉记录): one row per complaint — received and resolved
    time (resolved missing while the complaint is open), customer, channel, kind (产品质量 /
    销售合同 / 运输 / 服务), cause, related order, severity, the complaint's Chinese text, the
    customer's rating of the handling (满意 / 基本满意 / 不满意) and compensation in CNY.
    见第07章（客户投诉）。"""
    return load("complaints")


def _compare(a: Path, b: Path) -> list[tuple[str, str]]:
    """(file, status) for every synthetic file: identical, differs, or missing in ``a``."""
    out = []
    for fname in FILES.values():
        pa, pb = a / fname, b / fname
        if not pa.exists():
            out.append((fname, f"missing in {a}"))
        else:
            out.append((fname, "identical" if pa.read_bytes() == pb.read_bytes() else "differs"))
    return out


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
        for key, path in _generator.generate(out, seed=args.seed).items():
            print(f"{key:16s} {path}  {path.stat().st_size:,} bytes")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        _generator.generate(tmp, seed=args.seed)
        status = _compare(data_dir(), Path(tmp))
    for fname, s in status:
        print(f"{fname:26s} {s}")
    bad = sum(s != "identical" for _, s in status)
    print(f"identical: all {len(status)} files match byte for byte" if not bad
          else f"{bad} of {len(status)} file(s) differ")
    return 1 if bad else 0
