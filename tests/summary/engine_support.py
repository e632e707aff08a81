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


def compare(got: pd.DataFrame, ref: pd.DataFrame, schema: str, label: str) -> dict[str, float]:
    """Exact ids, ints, booleans and dates; floats to RTOL/ATOL. Returns the max abs difference
    per float column (printed; run pytest with -s to read them)."""
    key = SCHEMAS[schema]["index"]
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
