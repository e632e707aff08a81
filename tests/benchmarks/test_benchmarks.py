"""The benchmark script runs (on a small input here; `make bench` runs 1,000,000 lines)."""

import runpy
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_grading.py"


def test_benchmark_script_runs_small(capsys):
    ns = runpy.run_path(str(SCRIPT))
    out = ns["main"](["--lines", "20000", "--customers", "2000", "--repeat", "1"])
    assert len(out) == 8 and (out["seconds"] > 0).all()
    assert "20,000 order lines" in capsys.readouterr().out


def test_btyd_and_transactions_benchmarks_run_small(capsys):
    root = SCRIPT.parent
    btyd = runpy.run_path(str(root / "bench_btyd.py"))["main"](["--lines", "20000", "--customers", "2000",
                                                                "--repeat", "1"])
    assert btyd["customers"] > 0 and btyd.get("identical", True)
    tr = runpy.run_path(str(root / "bench_transactions.py"))["main"](["--lines", "20000", "--invoices", "5000",
                                                                      "--repeat", "1"])
    assert tr["ageing_table_s"] > 0 and tr["product_scorecard_s"] > 0


def test_route_benchmark_runs_small():
    rows = runpy.run_path(str(SCRIPT.parent / "bench_routes.py"))["main"](["--stops", "12"])
    assert rows[0]["stops"] == 12 and rows[0]["km"] < rows[0]["naive_km"]


def test_selection_benchmark_runs_small():
    out = runpy.run_path(str(SCRIPT.parent / "bench_selection.py"))["main"](
        ["--lines", "20000", "--activities", "40000", "--customers", "2000", "--repeat", "1"])
    assert out["customers"] > 1000 and out["chain_s"] > 0


def test_pipeline_benchmark_runs_small():
    out = runpy.run_path(str(SCRIPT.parent / "bench_pipeline.py"))["main"](["--events", "30000", "--repeat", "1"])
    assert out["events"] > 25_000 and out["funnel_transitions_chain_s"] > 0
    assert 0 < out["win_from_start"] < 1


def test_text_benchmark_runs_small():
    out = runpy.run_path(str(SCRIPT.parent / "bench_text.py"))["main"](["--texts", "500", "--repeat", "1"])
    assert out["texts"] == 500 and out["words"] > 3000 and out["keywords_rows"] == 32
    assert out["first_cut_cold_s"] > 0 and out["cache_file"].startswith("jieba")


def test_loyalty_benchmark_runs_small():
    out = runpy.run_path(str(SCRIPT.parent / "bench_loyalty.py"))["main"](
        ["--lines", "20000", "--customers", "2000", "--repeat", "1"])
    assert out["lines"] == 20_000 and out["customers"] > 1000 and out["cohorts"] == 24
    assert 0 < out["churned_share"] < 1 and out["came_back_share"] <= out["churned_share"]
    assert out["cohorts_churn_km_s"] > 0 and out["km_rows"] > 0


def test_engines_benchmark_runs_small(capsys):
    for module in ("narwhals", "polars", "duckdb"):
        pytest.importorskip(module, reason="the engines extra is not installed: pip install -e '.[engines]'")
    out = runpy.run_path(str(SCRIPT.parent / "bench_engines.py"))["main"](
        ["--lines", "20000", "--customers", "2000", "--repeat", "1", "--engines", "pandas,polars,duckdb"])
    assert list(out.index) == ["pandas", "polars", "duckdb"]
    assert out["same_as_pandas"].all() and (out["customers"] > 1000).all()
    assert (out["seconds"] > 0).all() and (out["peak_mb"] >= out["import_mb"]).all()
    assert "20,000 order lines written to Parquet" in capsys.readouterr().out
