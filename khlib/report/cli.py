"""``python -m khlib report ORDERS`` (and the ``khlib`` console script): from an analyst's order
file to a graded workbook and an offline HTML report in one command (一条命令生成客户分级报告).

The file is read and validated exactly as in the course (:func:`khlib.read_table`,
:func:`khlib.prepare_orders`): CSV in UTF-8 or GBK, Excel, Parquet; the columns are named by
options or by a small TOML config file; a bad file stops with the bilingual error and a
non-zero exit code, and nothing is written (both files are written to temporary names and
renamed only when everything succeeded).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import pandas as pd

from .._errors import KhlibInputError, fail
from .bigfile import duckdb_orders, is_big_candidate

HELP = """从订单明细生成客户分级报告（Excel 工作簿 + 离线网页）。
Build a graded customer report (Excel workbook + offline HTML page) from order lines.

例 / example:
  python -m khlib report 订单.csv --customer 客户代码 --date 日期 --amount 价税合计 --order 单据编号
  python -m khlib report orders.xlsx --config columns.toml --out 报告

配置文件 / config file (TOML):
  [columns]
  customer = "客户代码"
  date = "日期"
  amount = "价税合计"
  order = "单据编号"      # optional
  [read]
  encoding = "gbk"        # optional: detected by default
  sheet = "订单"          # optional: Excel sheet
"""

COLUMN_OPTIONS = ("customer", "date", "amount", "order", "line", "product", "quantity")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="khlib report", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("orders", help="订单明细文件 order lines (.csv, .txt, .xlsx, .parquet)")
    p.add_argument("--customers", help="客户资料文件（可选，含客户名称）customer file with names (optional)")
    p.add_argument("--out", default="khlib_report", help="输出文件夹 output folder (default: khlib_report)")
    p.add_argument("--config", help="列名配置文件 TOML column mapping")
    for c in COLUMN_OPTIONS:
        p.add_argument(f"--{c}", help=f"{c} 列名 column name")
    p.add_argument("--encoding", help="CSV 编码 encoding (default: detected)")
    p.add_argument("--sheet", help="Excel 工作表 sheet (default: the first)")
    p.add_argument("--end", help="分析期末 last day of the analysis (default: the last order date)")
    p.add_argument("--engine", choices=("auto", "pandas", "duckdb"), default="auto",
                   help="汇总引擎：auto 对大于 --big-mb 的 Parquet / CSV 用 DuckDB engine for the heavy step "
                        "(auto: DuckDB for Parquet and CSV files larger than --big-mb)")
    p.add_argument("--big-mb", type=float, default=500.0, help="auto 改用 DuckDB 的文件大小（MB）size for DuckDB in auto mode")
    p.add_argument("--memory", help="DuckDB 内存上限，如 1700MB（默认 DuckDB 自定：内存的 80%%）"
                                    "DuckDB memory limit, e.g. 1700MB (default: DuckDB's, 80%% of RAM)")
    p.add_argument("--quiet", action="store_true", help="不显示进度 no progress lines")
    return p


class Progress:
    """Prints a step when it took more than a second (进度)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet, self.t0 = quiet, time.perf_counter()

    def step(self, what: str) -> None:
        now = time.perf_counter()
        if not self.quiet and now - self.t0 > 1.0:
            print(f"  {what}（{now - self.t0:.1f} 秒）", file=sys.stderr, flush=True)
        self.t0 = now


def _options(args: argparse.Namespace) -> tuple[dict, dict]:
    cols: dict = {}
    read: dict = {}
    if args.config:
        try:
            conf = tomllib.loads(Path(args.config).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise fail(f"无法读取配置文件 {args.config}：{err}", f"Cannot read the config file {args.config}: {err}") from err
        unknown = ((set(conf) - {"columns", "read"}) | (set(conf.get("columns", {})) - set(COLUMN_OPTIONS))
                   | (set(conf.get("read", {})) - {"encoding", "sheet"}))
        if unknown:
            raise fail(f"配置文件有不认识的项：{sorted(unknown)}（可用 [columns] {list(COLUMN_OPTIONS)}，[read] encoding、sheet）。",
                       f"Unknown entries in the config file: {sorted(unknown)} (use [columns] {list(COLUMN_OPTIONS)}, "
                       "[read] encoding, sheet).")
        cols.update(conf.get("columns", {}))
        read.update(conf.get("read", {}))
    cols.update({c: getattr(args, c) for c in COLUMN_OPTIONS if getattr(args, c)})
    if args.encoding:
        read["encoding"] = args.encoding
    if args.sheet:
        read["sheet"] = args.sheet
    return cols, read


def read_orders(path: str | Path, cols: dict, read: dict) -> pd.DataFrame:
    """Read and validate the order file (读取并校验订单文件): Parquet directly, CSV/Excel through
    :func:`khlib.read_table`; then :func:`khlib.prepare_orders` with the named columns."""
    from ..io import prepare_orders, read_table

    p = Path(path)
    if not p.exists():
        raise fail(f"找不到文件 {p}。", f"File not found: {p}.")
    if p.suffix.lower() == ".parquet":
        raw = pd.read_parquet(p)
    else:
        opts = {}
        if read.get("encoding"):
            opts["encoding"] = read["encoding"]
        if read.get("sheet") is not None:
            opts["sheet_name"] = read["sheet"]
        raw = read_table(p, **opts)
    return prepare_orders(raw, **{k: v for k, v in cols.items() if v})


def run(args: argparse.Namespace) -> tuple[Path, Path]:
    """Run the report; returns the workbook's and the page's paths."""
    progress = Progress(args.quiet)
    cols, read = _options(args)
    p = Path(args.orders)
    with tempfile.TemporaryDirectory(prefix="khlib-report-", ignore_cleanup_errors=True) as scratch:  # a GBK file's UTF-8 copy, if any
        big = is_big_candidate(p) and p.exists() and p.stat().st_size > args.big_mb * 2**20
        if args.engine == "duckdb" or (args.engine == "auto" and big):
            lines = duckdb_orders(p, cols, read, directory=scratch, memory_limit=args.memory)
            progress.step("DuckDB 打开并检查文件")
        else:
            lines = read_orders(args.orders, cols, read)
            progress.step(f"读取并校验 {len(lines):,} 行订单")
        return _finish_run(args, cols, lines, progress)


def _finish_run(args: argparse.Namespace, cols: dict, lines, progress: Progress) -> tuple[Path, Path]:
    from .._setup import export_web_font
    from ..io import read_table
    from .analysis import build_report
    from .outputs import write_html, write_workbook

    customers = None
    if args.customers:
        customers = read_table(args.customers)
        key = cols.get("customer", "customer_id")
        key = key if key in customers.columns else "customer_id"
        if key not in customers.columns:
            raise fail(f"客户资料文件没有客户编号列 '{key}'。", f"The customer file has no customer-id column '{key}'.")
        customers = customers.assign(**{key: customers[key].astype(str).str.strip()}).set_index(key)
    report = build_report(lines, customers=customers, end=args.end)
    progress.step("分级、RFM、等级迁移与客户价值")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".khlib-") as tmp:
        xlsx = write_workbook(report, Path(tmp) / "客户分级报告.xlsx")
        progress.step("Excel 工作簿")
        font = export_web_font(out)
        page = write_html(report, Path(tmp) / "客户分级报告.html", font_url=font.name)
        progress.step("网页报告")
        final = (out / xlsx.name, out / page.name)
        os.replace(xlsx, final[0])
        os.replace(page, final[1])
    return final


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``khlib report``; returns the exit code (0 ok, 2 bad input, 1 other)."""
    args = parser().parse_args(argv)
    try:
        xlsx, page = run(args)
    except KhlibInputError as err:
        print(f"错误 / error:\n{err}", file=sys.stderr)
        if "缺少列" in str(err):
            print("命令行用 --customer、--date、--amount（及 --order）指定列名，或用 --config 配置文件。\n"
                  "On the command line name the columns with --customer, --date, --amount (and --order), or --config.",
                  file=sys.stderr)
        return 2
    except OSError as err:
        print(f"错误 / error: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # DuckDB's own errors on a malformed big file (ragged rows, bad UTF-8)
        if type(err).__module__.split(".")[0] != "duckdb":
            raise
        print(f"错误 / error（DuckDB 读取大文件）:\n{str(err).splitlines()[0]}\n"
              "文件格式有问题；可用 --engine pandas 得到逐行的说明。\n"
              "The file is malformed; --engine pandas explains it row by row.", file=sys.stderr)
        return 2
    print(f"已写出 / written:\n  {xlsx}\n  {page}")
    return 0
