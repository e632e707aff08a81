"""Shared by the benchmark scripts: best-of-N wall time."""

from __future__ import annotations

import time


def best(fn, repeat: int):
    """Run ``fn`` ``repeat`` times; return its last result and the fastest time in seconds."""
    out, times = None, []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return out, min(times)
