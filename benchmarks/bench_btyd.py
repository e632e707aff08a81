"""The BTYD per-customer summary over 1,000,000 order lines: khlib against lifetimes.

    python benchmarks/bench_btyd.py [--lines 1000000] [--customers 50000] [--repeat 3]

Same synthetic lines for both; checks the results are identical (frequency, recency, T,
monetary value, to 1e-9) and prints both times and the ratio. Also times the BG/NBD and
Gamma-Gamma fits on the CDNOW sample.
"""

from __future__ import annotations

import sys
from pathlib import Path

import warnings

import numpy as np

import khlib as kh

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best, make_lines, parse_args  # noqa: E402


def main(argv=None) -> dict:
    args = parse_args(__doc__, argv, lines=1_000_000, customers=50_000)
    lines = make_lines(args.lines, args.customers)
    cal = "2025-06-30"
    ours, t_ours = best(lambda: kh.btyd_summary(lines, calibration_end=cal, unit="W"), args.repeat)
    result = {"lines": args.lines, "customers": len(ours), "khlib_s": t_ours}
    try:
        with warnings.catch_warnings():  # lifetimes warns about pandas 3 options when imported
            warnings.simplefilter("ignore")
            from lifetimes.utils import summary_data_from_transaction_data
    except ImportError:
        print("lifetimes not installed: pip install -e '.[dev]' to compare")
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # lifetimes counts days, then we convert to weeks as khlib does (freq="D", /7)
            theirs, t_theirs = best(lambda: summary_data_from_transaction_data(
                lines, "customer_id", "order_date", monetary_value_col="amount", observation_period_end=cal,
                freq="D"), args.repeat)
        theirs[["recency", "T"]] = theirs[["recency", "T"]] / 7
        theirs = theirs.reindex(ours.index)
        for col in ["frequency", "recency", "T", "monetary_value"]:
            np.testing.assert_allclose(ours[col].to_numpy(float), theirs[col].to_numpy(float), atol=1e-9, err_msg=col)
        result.update(lifetimes_s=t_theirs, ratio=t_theirs / t_ours, identical=True)
    cd = kh.datasets.load_cdnow()
    s = kh.btyd_summary(cd, customer="customer_id", date="date", amount="amount", calibration_end="1997-09-30")
    _, result["bgnbd_fit_cdnow_s"] = best(lambda: kh.value.BetaGeoModel().fit(s), args.repeat)
    _, result["gammagamma_fit_cdnow_s"] = best(lambda: kh.value.GammaGammaModel().fit(s), args.repeat)
    for k, val in result.items():
        print(f"{k:24s} {val:.3f}" if isinstance(val, float) else f"{k:24s} {val}")
    return result


if __name__ == "__main__":
    main()
