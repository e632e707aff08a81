"""Time khlib's grading path on a large set of order lines (default 1,000,000).

    python benchmarks/bench_grading.py [--lines 1000000] [--customers 50000] [--repeat 3]

Each step is timed separately, best of ``--repeat`` runs: validation/mapping of raw lines
(`prepare_orders`), the heavy step (`customer_summary`), and the light steps on its result
(`abc_grade`, `pyramid_grade`, `rfm_scores` + `rfm_segment`); the last three rows time the
whole path from order lines (summary + grading), which is what "ABC over 1,000,000 order lines"
costs an analyst. The lines are synthetic (heavy-tailed customers, two years of dates).
"""

from __future__ import annotations

import sys
from pathlib import Path

import platform

import numpy as np
import pandas as pd

import khlib as kh

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best, make_lines, parse_args  # noqa: E402


def main(argv=None) -> pd.DataFrame:
    args = parse_args(__doc__, argv, lines=1_000_000, customers=50_000)
    lines = make_lines(args.lines, args.customers)
    summary = kh.customer_summary(lines)
    scores = kh.rfm_scores(summary)
    steps = {
        "prepare_orders (validate + map, incl. duplicate check)": lambda: kh.prepare_orders(lines),
        "customer_summary (heavy step)": lambda: kh.customer_summary(lines),
        "abc_grade on the summary": lambda: kh.abc_grade(summary),
        "pyramid_grade on the summary": lambda: kh.pyramid_grade(summary),
        "rfm_scores + rfm_segment on the summary": lambda: kh.rfm_segment(kh.rfm_scores(summary)),
        "ABC from order lines (summary + abc_grade)": lambda: kh.abc_grade(kh.customer_summary(lines)),
        "pyramid from order lines (summary + pyramid_grade)":
            lambda: kh.pyramid_grade(kh.customer_summary(lines)),
        "RFM from order lines (summary + scores + segments)":
            lambda: kh.rfm_segment(kh.rfm_scores(kh.customer_summary(lines))),
    }
    assert len(scores) == len(summary)
    rows = [(name, best(fn, args.repeat)[1]) for name, fn in steps.items()]
    out = pd.DataFrame(rows, columns=["step", "seconds"]).set_index("step")
    print(f"{args.lines:,} order lines, {len(summary):,} customers; best of {args.repeat}; "
          f"pandas {pd.__version__}, numpy {np.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}")
    print(out.to_string(float_format=lambda v: f"{v:.3f}"))
    return out


if __name__ == "__main__":
    main()
