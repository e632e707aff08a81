"""Chapter 02 at scale: cost to serve and the whale curve on 1,000,000 order lines and
2,000,000 service activities (50,000 customers). The issue's target is under 1 s for the chain
gross margin (customer_gross_profit) + activity costs (activity_costs) + profit + whale curve.

    python benchmarks/bench_selection.py [--lines 1000000] [--activities 2000000] [--repeat 3]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

import khlib as kh

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best, make_lines, parse_args  # noqa: E402


def make_activities(n: int, customers: int, seed: int = 2) -> pd.DataFrame:
    """``n`` synthetic activity lines of ``customers`` customers, 2025, the course's activities."""
    rng = np.random.default_rng(seed)
    kinds = np.array(list(kh.selection.COST_RATES))
    kind = kinds[rng.integers(0, len(kinds), n)]
    qty = np.where(kind == "电话支持", rng.integers(1, 30, n), 1).astype(float)
    qty = np.where(kind == "逾期占款", np.round(rng.lognormal(9, 1, n)), qty)
    qty = np.where(kind == "坏账核销", np.round(rng.lognormal(5, 1, n), 2), qty)
    return pd.DataFrame({
        "customer_id": np.char.add("C", rng.integers(0, customers, n).astype(str)),
        "date": np.datetime64("2025-01-01") + rng.integers(0, 365, n).astype("timedelta64[D]"),
        "activity": kind,
        "quantity": qty,
    })


def main(argv=None) -> dict:
    args = parse_args(__doc__, argv, lines=1_000_000, activities=2_000_000, customers=50_000)
    rng = np.random.default_rng(5)
    products = kh.datasets.load_products()
    lines = make_lines(args.lines, args.customers)
    lines["product_id"] = rng.choice(products["product_id"].to_numpy(), len(lines))
    lines["quantity"] = rng.integers(1, 20, len(lines))
    price = products.set_index("product_id")["list_price"].reindex(lines["product_id"]).to_numpy()
    lines["amount"] = np.round(lines["quantity"] * price * rng.uniform(0.75, 1.0, len(lines)), 2)
    acts = make_activities(args.activities, args.customers)
    period = dict(start="2025-01-01", end="2025-12-31")
    gross, t_gross = best(lambda: kh.summary.customer_gross_profit(lines, products, **period), args.repeat)
    costs, t_costs = best(lambda: kh.summary.activity_costs(acts, kh.selection.COST_RATES, **period), args.repeat)
    profit, t_profit = best(lambda: kh.selection.customer_profit(gross, costs), args.repeat)
    _, t_whale = best(lambda: kh.selection.whale_curve(profit["profit"]), args.repeat)

    def chain():
        p = kh.selection.customer_profit(kh.summary.customer_gross_profit(lines, products, **period),
                                         kh.summary.activity_costs(acts, kh.selection.COST_RATES, **period))
        return kh.selection.whale_curve(p["profit"])

    _, t_chain = best(chain, args.repeat)
    result = {"order_lines": args.lines, "activities": args.activities, "customers": len(profit),
              "customer_gross_profit_s": t_gross, "activity_costs_s": t_costs, "customer_profit_s": t_profit,
              "whale_curve_s": t_whale, "chain_s": t_chain}
    for k, v in result.items():
        print(f"{k:20s} {v:.3f}" if isinstance(v, float) else f"{k:20s} {v:,}")
    return result


if __name__ == "__main__":
    main()
