"""Fixtures of the summary tests: ``make_frame`` turns a pandas frame into any engine's frame
(see engine_support.py). Session-scoped, so one Spark session serves every engine test file a
worker runs."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def make_frame(request, tmp_path_factory):
    """engine name -> a function turning a pandas frame into that engine's frame."""
    from .engine_support import spark_session

    made = {}

    def get(engine: str):
        if engine in made:
            return made[engine]
        if engine == "pandas":
            made[engine] = lambda df: df
        elif engine.startswith("polars"):
            pl = pytest.importorskip("polars")
            made[engine] = pl.from_pandas if engine == "polars" else (lambda df: pl.from_pandas(df).lazy())
        elif engine.startswith("duckdb"):
            duckdb = pytest.importorskip("duckdb")
            con = duckdb.connect()
            request.addfinalizer(con.close)
            if engine == "duckdb":
                made[engine] = con.from_df
            else:
                folder = tmp_path_factory.mktemp("parquet")

                def from_parquet(df):
                    path = folder / f"lines_{len(list(folder.iterdir()))}.parquet"
                    df.to_parquet(path, index=False)
                    return con.read_parquet(str(path))

                made[engine] = from_parquet
        elif engine == "spark":
            spark = spark_session()
            request.addfinalizer(spark.stop)
            made[engine] = spark.createDataFrame
        else:
            raise ValueError(engine)
        return made[engine]

    return get
