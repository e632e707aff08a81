"""The report command's big-file path (khlib/report/bigfile.py): a CSV or Parquet file read by
DuckDB, parsed once into a table on disk, the heavy step in DuckDB. The workbook must equal the
pandas path's on the same file, and every value the big-file path cannot read must stop the run
with the column, the count and examples — never be dropped."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

import khlib as kh
from khlib.report import main

pytest.importorskip("duckdb")
pytest.importorskip("narwhals")

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "analyst_sample_gbk.csv"
GBK = ["--customer", "客户代码", "--date", "日期", "--amount", "价税合计", "--order", "单据编号"]


def _same_workbooks(a_dir: Path, b_dir: Path) -> int:
    a = pd.read_excel(a_dir / "客户分级报告.xlsx", sheet_name=None)
    b = pd.read_excel(b_dir / "客户分级报告.xlsx", sheet_name=None)
    assert list(a) == list(b)
    for sheet in a:
        if sheet == "客户名册":
            ra, rb = a[sheet].set_index("客户编号"), b[sheet].set_index("客户编号")
            pd.testing.assert_frame_equal(ra, rb.loc[ra.index], check_exact=False, rtol=1e-9)
        else:
            pd.testing.assert_frame_equal(a[sheet], b[sheet], check_exact=False, rtol=1e-12)
    return len(a["客户名册"])


def test_gbk_sample_through_duckdb_equals_the_pandas_report(tmp_path):
    assert main([str(SAMPLE), *GBK, "--out", str(tmp_path / "p"), "--engine", "pandas", "--quiet"]) == 0
    assert main([str(SAMPLE), *GBK, "--out", str(tmp_path / "d"), "--engine", "duckdb", "--quiet"]) == 0
    assert _same_workbooks(tmp_path / "p", tmp_path / "d") == 199  # the sample's customers of the last twelve months
    assert not list((tmp_path / "d").glob("*.duckdb"))  # the parsed table lives in a temporary folder


def test_export_conventions_read_the_same_way(tmp_path):
    """Title rows, a blank line, ids with leading zeros, thousands separators and yuan signs,
    year-first dates with and without a time, '2025年3月1日', gzip."""
    orders = kh.datasets.load_orders()
    part = orders[orders["customer_id"].isin(sorted(orders["customer_id"].unique())[:150])].copy()
    stamp = part["order_date"]
    text = pd.DataFrame({
        "单据编号": part["order_id"],
        "行号": part["line_no"],
        "客户代码": "00" + part["customer_id"].str[1:],
        "日期": stamp.dt.strftime("%Y/%m/%d").where(stamp.dt.month % 3 == 0,
                                                  stamp.dt.strftime("%Y-%m-%d 08:30").where(stamp.dt.month % 3 == 1,
                                                                                            stamp.dt.year.astype(str) + "年"
                                                                                            + stamp.dt.month.astype(str) + "月"
                                                                                            + stamp.dt.day.astype(str) + "日")),
        "金额": part["amount"].map(lambda v: f"¥{v:,.2f}"),
    })
    body = text.to_csv(index=False)
    path = tmp_path / "export.csv.gz"
    path.write_bytes(gzip.compress(("销售明细表\n导出日期：2026-01-05\n\n" + body).encode("utf-8")))
    cols = ["--customer", "客户代码", "--date", "日期", "--amount", "金额", "--order", "单据编号", "--line", "行号"]
    with pytest.warns(kh.KhlibWarning, match="跳过了上方的标题行"):  # the pandas path says what it skipped
        assert main([str(path), *cols, "--out", str(tmp_path / "p"), "--engine", "pandas", "--quiet"]) == 0
    assert main([str(path), *cols, "--out", str(tmp_path / "d"), "--engine", "duckdb", "--quiet"]) == 0
    n = _same_workbooks(tmp_path / "p", tmp_path / "d")
    roster = pd.read_excel(tmp_path / "d" / "客户分级报告.xlsx", sheet_name="客户名册", dtype={"客户编号": str})
    assert n > 100 and roster["客户编号"].str.startswith("00").all()  # ids keep their zeros


def test_auto_picks_duckdb_for_a_big_csv(tmp_path):
    from khlib.report import bigfile

    calls = []
    real = bigfile.duckdb_orders

    def spy(*a, **k):
        calls.append(a[0])
        return real(*a, **k)

    import khlib.report.cli as cli

    cli.duckdb_orders, saved = spy, cli.duckdb_orders
    try:
        assert main([str(SAMPLE), *GBK, "--out", str(tmp_path / "e"), "--big-mb", "0", "--quiet"]) == 0
        assert main([str(SAMPLE), *GBK, "--out", str(tmp_path / "f"), "--quiet"]) == 0  # 0.3 MB < 500 MB: pandas
    finally:
        cli.duckdb_orders = saved
    assert calls == [SAMPLE]


@pytest.mark.parametrize("bad, column, example", [
    ("01/03/2025", "日期", "01/03/2025"),
    ("1.234,50", "价税合计", "1.234,50"),
])
def test_unreadable_values_stop_the_run_with_examples(tmp_path, capsys, bad, column, example):
    raw = SAMPLE.read_bytes().decode("gb18030")
    head, *rows = raw.splitlines()
    fields = head.split(",")
    i = fields.index(column)
    broken = []
    for k, row in enumerate(rows):
        parts = next(iter(pd.read_csv(pd.io.common.StringIO(head + "\n" + row), dtype=str).itertuples(index=False)))
        parts = list(parts)
        if k % 50 == 7:
            parts[i] = bad
        broken.append(",".join(f'"{p}"' for p in parts))
    path = tmp_path / "broken.csv"
    path.write_bytes((head + "\n" + "\n".join(broken) + "\n").encode("gbk"))
    out = tmp_path / "x"
    assert main([str(path), *GBK, "--out", str(out), "--engine", "duckdb", "--quiet"]) == 2
    err = capsys.readouterr().err
    n = len(range(7, len(rows), 50))
    assert f"'{column}'" in err and f"{n:,} 个值无法读取" in err and example in err and "--engine pandas" in err
    assert not out.exists()


def test_malformed_files_exit_2_with_a_message(tmp_path, capsys):
    raw = SAMPLE.read_bytes()
    head, body = raw.split(b"\n", 1)
    junk = tmp_path / "junk.csv"  # valid GBK for its first 4 MB (where the encoding is detected), then not
    junk.write_bytes(head + b"\n" + body * (5 * 2**20 // len(body) + 1) + b"\x81\x20bad,row\n")
    assert main([str(junk), *GBK, "--out", str(tmp_path / "x"), "--engine", "duckdb", "--quiet"]) == 2
    assert "--encoding" in capsys.readouterr().err
    assert main([str(SAMPLE), "--out", str(tmp_path / "x"), "--engine", "duckdb", "--quiet"]) == 2
    assert "缺少列" in capsys.readouterr().err
    xlsx = tmp_path / "orders.xlsx"
    xlsx.write_bytes(b"")
    assert main([str(xlsx), *GBK, "--out", str(tmp_path / "x"), "--engine", "duckdb", "--quiet"]) == 2
    assert "Parquet" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_clv_is_left_out_when_the_models_do_not_converge(monkeypatch):
    """Parameters at the edge of their range give no value in the roster: the view is skipped
    with the reason (measured on the 10M-line synthetic file, whose buyers never drop out)."""
    import warnings

    from khlib import ConvergenceWarning
    from khlib.report import build_report
    from khlib.value import BetaGeoModel

    real = BetaGeoModel.fit

    def edge(self, *a, **k):
        out = real(self, *a, **k)
        warnings.warn("BG/NBD: a parameter ran to the edge of its range", ConvergenceWarning)
        return out

    lines = kh.prepare_orders(kh.datasets.load_orders())
    monkeypatch.setattr(BetaGeoModel, "fit", edge)
    rep = build_report(lines)
    assert rep.clv is None and "clv_12m" not in rep.roster.columns
    assert "没有收敛" in rep.skipped["clv"] and "edge of its range" in rep.skipped["clv"]
    monkeypatch.setattr(BetaGeoModel, "fit", real)
    assert build_report(lines).clv is not None  # the company's own data converge


def test_memory_limit_is_passed_to_duckdb(tmp_path, capsys):
    pq = tmp_path / "orders.parquet"
    kh.datasets.load_orders().to_parquet(pq)
    assert main([str(pq), "--out", str(tmp_path / "m"), "--engine", "duckdb", "--memory", "500MB", "--quiet"]) == 0
    assert main([str(pq), "--out", str(tmp_path / "x"), "--engine", "duckdb", "--memory", "lots", "--quiet"]) == 2
    assert "'lots'" in capsys.readouterr().err and not (tmp_path / "x").exists()
    from khlib.report.bigfile import duckdb_orders

    rel = duckdb_orders(pq, {}, directory=tmp_path, memory_limit="700MB")
    limit = rel.query("t", "select current_setting('memory_limit')").fetchall()[0][0]
    assert limit == "667.5 MiB"  # DuckDB shows 700 MB (10^6 bytes) in MiB
