"""Chapter 05 at scale: product scorecard over 1,000,000 order lines and the ageing table over
200,000 invoices (with their payments).

    python benchmarks/bench_transactions.py [--lines 1000000] [--invoices 200000] [--repeat 3]
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import khlib as kh

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best, make_lines, parse_args  # noqa: E402


def main(argv=None) -> dict:
    args = parse_args(__doc__, argv, lines=1_000_000, invoices=200_000)
    rng = np.random.default_rng(5)
    products = kh.datasets.load_products()
    inventory = kh.datasets.load_inventory()
    lines = make_lines(args.lines, 50_000)
    lines["product_id"] = rng.choice(products["product_id"].to_numpy(), len(lines))
    lines["quantity"] = rng.integers(1, 20, len(lines))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # services have no stock: the warning is expected
        _, t_sc = best(lambda: kh.transactions.product_scorecard(lines, products, inventory), args.repeat)
    n = args.invoices
    cust = np.char.add("C", rng.integers(0, 20_000, n).astype(str))
    inv_date = np.datetime64("2024-01-01") + rng.integers(0, 731, n).astype("timedelta64[D]")
    invoices = pd.DataFrame({"invoice_id": np.char.add("INV", np.arange(n).astype(str)), "customer_id": cust,
                             "invoice_date": inv_date, "due_date": inv_date + np.timedelta64(60, "D"),
                             "amount": np.round(rng.lognormal(8, 1, n), 2)})
    paid = rng.random(n) < 0.9
    payments = pd.DataFrame({"invoice_id": invoices["invoice_id"][paid].to_numpy(), "customer_id": cust[paid],
                             "payment_date": (inv_date + rng.integers(20, 120, n).astype("timedelta64[D]"))[paid],
                             "amount": invoices["amount"][paid].to_numpy()})
    _, t_age = best(lambda: kh.transactions.ageing_table(invoices, payments, asof="2025-12-31"), args.repeat)
    result = {"order_lines": args.lines, "product_scorecard_s": t_sc, "invoices": n, "payments": int(paid.sum()),
              "ageing_table_s": t_age}
    for k, v in result.items():
        print(f"{k:22s} {v:.3f}" if isinstance(v, float) else f"{k:22s} {v:,}")
    return result


if __name__ == "__main__":
    main()
