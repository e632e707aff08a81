"""Chapter 08 at scale: the cohort retention table and the churn times behind a Kaplan–Meier curve
on 1,000,000 order lines (about 49,000 heavy-tailed customers over 2024–2025, the lines of
bench_grading). The issue's target is under 1 s for the cohort table + Kaplan–Meier from order
lines (cohort_retention + churn_times + kaplan_meier, each function validating the raw lines).

    python benchmarks/bench_loyalty.py [--lines 1000000] [--customers 50000] [--span 180] [--repeat 3]
"""

from __future__ import annotations

import sys
from pathlib import Path

import khlib as kh

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best, make_lines, parse_args  # noqa: E402


def main(argv=None) -> dict:
    args = parse_args(__doc__, argv, lines=1_000_000, customers=50_000, span=180)
    lines = make_lines(args.lines, args.customers)

    def churn():
        return kh.summary.churn_times(lines, span_days=args.span)

    def churn_km():
        return kh.loyalty.kaplan_meier(churn(), duration="duration_days", event="churned")

    def cohorts_and_km():  # what chapter 08 computes from the order lines
        return kh.summary.cohort_retention(lines), churn_km()

    _, t_prep = best(lambda: kh.prepare_orders(lines), args.repeat)
    cohorts, t_cohort = best(lambda: kh.summary.cohort_retention(lines), args.repeat)
    times, t_churn = best(churn, args.repeat)
    km, t_km = best(lambda: kh.loyalty.kaplan_meier(times, duration="duration_days", event="churned"), args.repeat)
    _, t_churn_km = best(churn_km, args.repeat)
    _, t_all = best(cohorts_and_km, args.repeat)
    result = {"lines": len(lines), "customers": len(times), "cohorts": len(cohorts), "prepare_s": t_prep,
              "cohort_retention_s": t_cohort, "churn_times_s": t_churn, "kaplan_meier_s": t_km,
              "churn_times_km_s": t_churn_km, "cohorts_churn_km_s": t_all,
              "churned_share": float(times["churned"].mean()), "came_back_share": float(times["came_back"].mean()),
              "km_rows": len(km)}
    for k, v in result.items():
        print(f"{k:22s} {v:.3f}" if isinstance(v, float) else f"{k:22s} {v:,}")
    return result


if __name__ == "__main__":
    main()
