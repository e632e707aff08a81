"""The customer summary from a Parquet file on pandas, Polars (lazy), DuckDB and Spark: time and peak memory.

    python benchmarks/bench_engines.py [--lines 1000000] [--customers 50000] [--repeat 3] [--engines pandas,duckdb]

Writes ``--lines`` synthetic order lines (the generator of ``_common.py``, two lines per order)
to a Parquet file in a temporary folder (deleted at the end; nothing is kept), then runs, each
engine in its own child process so that its peak memory is its own:

- pandas: ``pd.read_parquet`` + ``kh.customer_summary`` (the pandas path, full validation);
- Polars: ``pl.scan_parquet`` + ``kh.customer_summary`` (a LazyFrame in, a LazyFrame out) + ``collect``;
- DuckDB: ``duckdb.read_parquet`` (a relation) + ``kh.customer_summary`` + fetching the result;
- Spark (when PySpark and Java are installed): a local session on 2 cores (``local[2]``, 2 GB
  driver memory, 4 shuffle partitions), ``spark.read.parquet`` + ``kh.customer_summary`` +
  ``toPandas``. Its peak memory adds the JVM's peak (a child process) to Python's; the session
  start (10-15 s) is not in the time.

Time is the best of ``--repeat`` runs of read + summary in the child; peak memory is the child's
peak resident set (``VmHWM`` in ``/proc/self/status`` at its end: not ``ru_maxrss``, which a
child inherits from its parent on Linux), with the peak after the imports (Python, khlib with
its plotting stack, the engine) shown separately as ``import_mb``. The engines'
results are checked against pandas' (same ids, counts and dates; floats to 1e-9 relative).
Engines that are not installed are skipped (``pip install -e '.[engines]'``).
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import make_lines, parse_args  # noqa: E402

ENGINES = ("pandas", "polars", "duckdb", "spark")
CHUNK = 1_000_000


def write_lines(path: Path, n: int, customers: int) -> None:
    """``n`` order lines to Parquet, generated and written a million at a time (order ids
    continue from chunk to chunk, so an order's two lines stay one order)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    try:
        for k, lo in enumerate(range(0, n, CHUNK)):
            m = min(CHUNK, n - lo)
            chunk = make_lines(m, customers, seed=1 + k)
            chunk["order_id"] = np.char.add("SO", ((np.arange(m) + lo) // 2).astype(str))
            table = pa.Table.from_pandas(chunk, preserve_index=False)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def _peak_mb() -> float:
    """This process's peak resident memory in MB: ``VmHWM`` of ``/proc/self/status`` on Linux.
    Not ``ru_maxrss``: Linux carries it over from the parent through fork and exec, so a child
    would report at least the parent's peak (the parent has just generated the lines)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # elsewhere (kB on Linux, bytes on macOS)


def _descendants_peak_mb() -> float:
    """Sum of the peak resident memory of this process's descendants (Spark's JVM), from /proc."""
    total, todo = 0.0, [str(Path("/proc/self").resolve().name)]
    while todo:
        pid = todo.pop()
        try:
            kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        for kid in kids:
            todo.append(kid)
            try:
                for line in Path(f"/proc/{kid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) / 1024
            except OSError:
                pass
    return total


def child(engine: str, path: str, out: str, repeat: int) -> None:
    """Run one engine (in a fresh process) and print its timing and memory as JSON."""
    import khlib as kh

    if engine == "pandas":
        def run():
            return kh.customer_summary(pd.read_parquet(path))
    elif engine == "polars":
        import polars as pl

        def run():
            return kh.customer_summary(pl.scan_parquet(path)).collect().to_pandas().set_index("customer_id")
    elif engine == "duckdb":
        import duckdb

        con = duckdb.connect()

        def run():
            return kh.customer_summary(con.read_parquet(path)).df().set_index("customer_id")
    else:
        from pyspark.sql import SparkSession

        spark = (SparkSession.builder.master("local[2]").appName("khlib-bench")
                 .config("spark.driver.memory", "2g").config("spark.sql.shuffle.partitions", "4")
                 .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
                 .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")

        def run():
            return kh.customer_summary(spark.read.parquet(path)).toPandas().set_index("customer_id")
    base = _peak_mb()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t)
    result.to_parquet(out)
    jvm = _descendants_peak_mb()
    print(json.dumps({"engine": engine, "seconds": min(times), "peak_mb": _peak_mb() + jvm, "import_mb": base,
                      "jvm_mb": jvm, "customers": len(result)}))


def _run_child(engine: str, path: Path, out: Path, repeat: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", engine, str(path), str(out), str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if list(a.columns) != list(b.columns) or not a.index.astype(str).equals(b.index.astype(str)):
        return False
    for col in a.columns:
        x, y = a[col], b[col]
        if x.dtype.kind == "f":
            if not np.allclose(x.to_numpy(), y.to_numpy(), rtol=1e-9, atol=1e-9):
                return False
        elif not (x.to_numpy() == y.astype(x.dtype).to_numpy()).all():
            return False
    return True


def _installed(engine: str) -> bool:
    if engine == "pandas":
        return True
    try:
        __import__("pyspark" if engine == "spark" else engine)
        __import__("narwhals")
    except ImportError:
        return False
    return engine != "spark" or shutil.which("java") is not None


def main(argv=None) -> pd.DataFrame:
    argv = list(sys.argv[1:] if argv is None else argv)
    engines = ENGINES
    if "--engines" in argv:  # a subset, e.g. --engines duckdb,spark
        i = argv.index("--engines")
        engines = tuple(argv[i + 1].split(","))
        del argv[i:i + 2]
    args = parse_args(__doc__, argv, lines=1_000_000, customers=50_000)
    rows = []
    with tempfile.TemporaryDirectory(prefix="khlib-bench-") as tmp:
        path = Path(tmp) / "lines.parquet"
        t = time.perf_counter()
        write_lines(path, args.lines, args.customers)
        print(f"{args.lines:,} order lines written to Parquet ({path.stat().st_size / 2**20:.0f} MB) "
              f"in {time.perf_counter() - t:.1f} s")
        results = {}
        for engine in engines:
            if not _installed(engine):
                print(f"{engine}: not installed, skipped (pip install -e '.[engines]'; Spark: '.[spark]' and Java)")
                continue
            out = Path(tmp) / f"summary_{engine}.parquet"
            rows.append(_run_child(engine, path, out, args.repeat))
            results[engine] = pd.read_parquet(out)
    table = pd.DataFrame(rows).set_index("engine")
    ref = results.get("pandas")
    table["same_as_pandas"] = [_same(results[e], ref) if ref is not None else None for e in table.index]
    print(table.round({"seconds": 3, "peak_mb": 0, "import_mb": 0}).to_string())
    return table


def write_only(argv: list[str]) -> Path:
    """``--write PATH [--lines N]``: only write the lines (``make bigdata``: the 10M-line file
    chapter 04's analyst section reads through DuckDB; under build/, never committed)."""
    path = Path(argv[argv.index("--write") + 1])
    n = int(argv[argv.index("--lines") + 1]) if "--lines" in argv else 10_000_000
    path.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    write_lines(tmp, n, 50_000)
    tmp.replace(path)
    print(f"{n:,} order lines -> {path} ({path.stat().st_size / 2**20:.0f} MB) in {time.perf_counter() - t:.1f} s")
    return path


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif "--write" in sys.argv:
        write_only(sys.argv[1:])
    else:
        main()
