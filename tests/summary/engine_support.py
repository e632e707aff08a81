"""Support for the engine contract tests (tests/summary/test_engines*.py): the list of
engines, turning a pandas frame into each engine's frame (the ``make_frame`` fixture in
conftest.py), and comparing an engine's result with the pandas path's.

Floats are compared to RTOL/ATOL (see test_engines.py for why relative), everything else
exactly."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pandas as pd
import pytest

from khlib.summary import SCHEMAS

nw = pytest.importorskip("narwhals.stable.v2", reason="the engines extra is not installed: pip install 'khlib[engines]'")

RTOL, ATOL = 1e-13, 1e-9
ENGINES = ["pandas", "polars", "polars-lazy", "duckdb", "duckdb-parquet", "spark"]


def spark_session():
    """A local Spark session (2 cores, UTC), or a skip saying what is missing."""
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'khlib[spark]'; it needs Java 17)")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("PySpark is installed but Java is not (no java on PATH, no JAVA_HOME)")
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("khlib-tests")
             .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "4")
             .config("spark.ui.enabled", "false").config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def native_type_kept(out, engine: str) -> None:
    """The result is the caller's type: lazy stays lazy, DuckDB gives a relation."""
    deps = nw.dependencies
    check = {"pandas": deps.is_pandas_dataframe, "polars": deps.is_polars_dataframe,
             "polars-lazy": deps.is_polars_lazyframe, "duckdb": deps.is_duckdb_relation,
             "duckdb-parquet": deps.is_duckdb_relation, "spark": deps.is_pyspark_dataframe}[engine]
    assert check(out), (engine, type(out))


def to_pandas(out, index: str = "customer_id") -> pd.DataFrame:
    """Any engine's result as pandas with ``index`` as the index."""
    if isinstance(out, pd.DataFrame):
        return out
    frame = nw.from_native(out)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    return frame.to_pandas().set_index(index)


def compare(got: pd.DataFrame, ref: pd.DataFrame, schema: str, label: str, index: str | None = None) -> dict[str, float]:
    """Exact ids, ints, booleans and dates; floats to RTOL/ATOL. Returns the max abs difference
    per float column (printed; run pytest with -s to read them). ``index``: the key when it is
    not the schema's (``receivables_by(..., by="region")``)."""
    key = index or SCHEMAS[schema]["index"]
    assert got.index.name == ref.index.name == key, label
    assert list(got.columns) == list(ref.columns) == [c for c in SCHEMAS[schema]["columns"] if c in ref.columns], label
    assert got.index.astype(str).tolist() == ref.index.astype(str).tolist(), label
    diffs = {}
    for col, kind in SCHEMAS[schema]["columns"].items():
        if col not in ref.columns:
            continue
        assert got[col].dtype.kind == kind, (label, col, got[col].dtype)
        if kind == "f":
            a, b = got[col].to_numpy(float), ref[col].to_numpy(float)
            np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL, err_msg=f"{label} {col}")
            diffs[col] = float(np.max(np.abs(a - b))) if len(a) else 0.0
        elif kind == "M":
            assert (got[col].astype("datetime64[us]").to_numpy() == ref[col].astype("datetime64[us]").to_numpy()).all(), \
                (label, col)
        else:
            assert (got[col].to_numpy() == ref[col].to_numpy()).all(), (label, col)
    print(f"\n{label}: max abs difference {diffs}")
    return diffs


def compare_wide(got: pd.DataFrame, ref: pd.DataFrame, label: str) -> dict[str, float]:
    """A wide table of floats (``sales_by_period``: index ``customer_id``, one column per period)
    against the pandas path's: the same ids in the same order, the same column labels in the
    same order, float columns, values to RTOL/ATOL. Returns (and prints) the max abs difference
    per column."""
    assert got.index.name == ref.index.name == "customer_id", label
    assert got.index.astype(str).tolist() == ref.index.astype(str).tolist(), label
    assert [str(c) for c in got.columns] == [str(c) for c in ref.columns], (label, list(got.columns), list(ref.columns))
    diffs = {}
    for g, r in zip(got.columns, ref.columns):
        assert got[g].dtype.kind == "f", (label, g, got[g].dtype)
        a, b = got[g].to_numpy(float), ref[r].to_numpy(float)
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL, err_msg=f"{label} {g}")
        diffs[str(g)] = float(np.max(np.abs(a - b))) if len(a) else 0.0
    print(f"\n{label}: max abs difference {diffs}")
    return diffs
