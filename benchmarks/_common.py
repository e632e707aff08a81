"""Shared by the benchmark scripts: synthetic order lines and best-of-N wall time."""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd


def parse_args(doc: str, argv=None, **defaults: int) -> argparse.Namespace:
    """The benchmarks' command line: ``--<name> N`` for each default, plus ``--repeat``."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, value in {**defaults, "repeat": 3}.items():
        ap.add_argument(f"--{name}", type=int, default=value)
    return ap.parse_args(argv)


def best(fn, repeat: int):
    """Run ``fn`` ``repeat`` times; return its last result and the fastest time in seconds."""
    out, times = None, []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return out, min(times)


def make_lines(n: int, customers: int, seed: int = 1) -> pd.DataFrame:
    """``n`` synthetic order lines (two per order) of heavy-tailed customers over 2024–2025."""
    rng = np.random.default_rng(seed)
    weight = rng.lognormal(0, 1.0, customers)
    cust = rng.choice(customers, size=n, p=weight / weight.sum())
    start = np.datetime64("2024-01-01")
    return pd.DataFrame({
        "order_id": np.char.add("SO", (np.arange(n) // 2).astype(str)),
        "line_no": np.arange(n) % 2 + 1,
        "customer_id": np.char.add("C", cust.astype(str)),
        "order_date": start + rng.integers(0, 731, n).astype("timedelta64[D]"),
        "amount": np.round(rng.lognormal(7, 1.2, n), 2),
    })
