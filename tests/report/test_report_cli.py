"""The report command: the shipped GBK sample and the company's orders give a workbook (opened
with openpyxl: sheets, Chinese headers, frozen header, grade colours) and an offline page; bad
input gives exit code 2, the error, and no file; the TOML config and Parquet input work."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import khlib as kh
from khlib.report import CLV_MIN_DAYS, build_report, main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "analyst_sample_gbk.csv"
GBK = ["--customer", "客户代码", "--date", "日期", "--amount", "价税合计", "--order", "单据编号", "--line", "行号"]


def test_gbk_sample_to_workbook_and_page(tmp_path, capsys):
    out = tmp_path / "rep"
    assert main([str(SAMPLE), *GBK, "--out", str(out), "--quiet"]) == 0
    xlsx, page = out / "客户分级报告.xlsx", out / "客户分级报告.html"
    assert xlsx.exists() and page.exists() and (out / "khlib-cjk-sc.otf").exists()
    assert not list(out.glob(".khlib-*"))  # the temporary folder is gone
    wb = load_workbook(xlsx)
    assert wb.sheetnames[:4] == ["客户名册", "ABC 分级", "客户金字塔", "RFM 细分"] and wb.sheetnames[-1] == "说明"
    ws = wb["客户名册"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["客户编号", "订单数", "销售额"] and "等级" in header and "RFM 细分" in header
    assert ws.freeze_panes == "A2"
    g = header.index("等级") + 1
    assert ws.cell(row=2, column=g).value == "A"
    assert ws.cell(row=2, column=g).fill.fgColor.rgb.endswith(kh.GRADE_COLORS["A"].lstrip("#").upper())
    # the sample covers 2025 only (365 days): no migration (explained), CLV from the one year
    notes = {r[0].value: r[1].value for r in wb["说明"].iter_rows(min_row=2)}
    assert "未计算：migration" in notes and "不足两个完整年度" in notes["未计算：migration"]
    text = page.read_text(encoding="utf-8")
    assert "<h1>客户分级报告</h1>" in text and "data:image/png;base64," in text
    assert "khlib-cjk-sc.otf" in text and "http://" not in text and "https://" not in text
    assert "written" in capsys.readouterr().out


def test_sample_numbers_match_the_course_functions(tmp_path):
    raw = kh.read_table(SAMPLE)
    lines = kh.prepare_orders(raw, customer="客户代码", date="日期", amount="价税合计", order="单据编号", line="行号")
    rep = build_report(lines)
    year = kh.customer_summary(lines, start=rep.start, end=rep.end)
    assert rep.customers == len(year) and rep.roster["sales"].sum() == pytest.approx(year["sales"].sum())
    assert rep.roster["grade"].astype(str).value_counts().to_dict() == \
        kh.abc_grade(year["sales"])["grade"].astype(str).value_counts().to_dict()
    assert rep.clv is not None and len(rep.clv) == rep.customers and list(rep.skipped) == ["migration"]
    short = build_report(lines[lines["order_date"] < "2025-07-01"])
    assert short.clv is None and str(CLV_MIN_DAYS) in short.skipped["clv"]


def test_company_orders_have_migration_and_clv(tmp_path):
    rep = build_report(kh.prepare_orders(kh.datasets.load_orders()))
    assert rep.migration is not None and rep.clv is not None and not rep.skipped
    assert rep.migration.loc["A", "A"] == 345  # chapter 04's migration of 2024 -> 2025
    assert rep.roster["clv_12m"].notna().all()


def test_bad_input_exit_code_message_and_nothing_written(tmp_path, capsys):
    out = tmp_path / "rep"
    assert main([str(SAMPLE), "--out", str(out)]) == 2  # the default column names are not in the file
    err = capsys.readouterr().err
    assert "缺少列" in err and "--customer" in err
    assert not out.exists()
    assert main([str(tmp_path / "nope.csv"), "--out", str(out)]) == 2
    assert "找不到文件" in capsys.readouterr().err and not out.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("客户,日期,金额\nC1,2025-01-02,100\nC2,不是日期,50\n", encoding="utf-8")
    assert main([str(bad), "--customer", "客户", "--date", "日期", "--amount", "金额", "--out", str(out)]) == 2
    assert "不是日期" in capsys.readouterr().err and not out.exists()


def test_config_file_and_parquet(tmp_path):
    conf = tmp_path / "columns.toml"
    conf.write_text('[columns]\ncustomer = "客户代码"\ndate = "日期"\namount = "价税合计"\norder = "单据编号"\n'
                    'line = "行号"\n[read]\nencoding = "gbk"\n', encoding="utf-8")
    assert main([str(SAMPLE), "--config", str(conf), "--out", str(tmp_path / "a"), "--quiet"]) == 0
    pq = tmp_path / "orders.parquet"
    kh.datasets.load_orders().head(20000).to_parquet(pq)
    assert main([str(pq), "--out", str(tmp_path / "b"), "--quiet"]) == 0
    assert (tmp_path / "b" / "客户分级报告.xlsx").exists()
    conf.write_text('[columns]\nklant = "x"\n', encoding="utf-8")
    assert main([str(SAMPLE), "--config", str(conf), "--out", str(tmp_path / "c")]) == 2


def test_module_and_help_run_as_commands(tmp_path):
    run = subprocess.run([sys.executable, "-m", "khlib", "report", "-h"], capture_output=True, text=True)
    assert run.returncode == 0 and "Excel" in run.stdout and "--config" in run.stdout
    bare = subprocess.run([sys.executable, "-m", "khlib"], capture_output=True, text=True)
    assert bare.returncode == 2 and "report" in bare.stderr


def test_console_script_points_at_the_subcommands():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"khlib": "khlib.__main__:main"}  # `khlib report …`, like `python -m khlib report …`


def test_duckdb_engine_gives_the_same_report(tmp_path):
    """A Parquet file through DuckDB (--engine duckdb, or auto above --big-mb): the heavy step runs
    in DuckDB and the workbook's roster equals the pandas path's."""
    pytest.importorskip("duckdb")
    pytest.importorskip("narwhals")
    pq = tmp_path / "orders.parquet"
    orders = kh.datasets.load_orders()
    orders.to_parquet(pq)
    assert main([str(pq), "--out", str(tmp_path / "p"), "--engine", "pandas", "--quiet"]) == 0
    assert main([str(pq), "--out", str(tmp_path / "d"), "--big-mb", "0", "--quiet"]) == 0  # auto -> DuckDB
    a = pd.read_excel(tmp_path / "p" / "客户分级报告.xlsx", sheet_name=None)
    b = pd.read_excel(tmp_path / "d" / "客户分级报告.xlsx", sheet_name=None)
    assert list(a) == list(b)
    for sheet in ("ABC 分级", "客户金字塔", "RFM 细分", "等级迁移"):
        pd.testing.assert_frame_equal(a[sheet], b[sheet], check_exact=False, rtol=1e-12)
    ra, rb = a["客户名册"].set_index("客户编号"), b["客户名册"].set_index("客户编号")
    pd.testing.assert_frame_equal(ra.drop(columns="未来 12 个月价值"), rb.drop(columns="未来 12 个月价值").loc[ra.index],
                                  check_exact=False, rtol=1e-12)
    assert (ra["未来 12 个月价值"] - rb["未来 12 个月价值"].loc[ra.index]).abs().max() < 1e-4
    bad = tmp_path / "bad.parquet"
    orders.assign(amount=-orders["amount"]).head(100).to_parquet(bad)
    assert main([str(bad), "--out", str(tmp_path / "x"), "--engine", "duckdb", "--quiet"]) == 2
    assert not (tmp_path / "x").exists()
