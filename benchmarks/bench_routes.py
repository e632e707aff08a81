"""Chapter 05 route order (路序): PyVRP solve time and distance against the naive order for 50
and 200 stops spread over a city (about 40 × 45 km), starting and ending at an office in the middle.

    python benchmarks/bench_routes.py [--stops 50 200] [--repeat 1]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import khlib as kh


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stops", type=int, nargs="+", default=[50, 200])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    rows = []
    for n in args.stops:
        rng = np.random.default_rng(n)
        stops = pd.DataFrame({"customer_id": [f"c{i}" for i in range(n)], "name": [f"客户{i}" for i in range(n)],
                              "lat": 30.1 + rng.random(n) * 0.36, "lon": 120.0 + rng.random(n) * 0.47})
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            route = kh.fieldsales.visit_route(stops, origin=(30.28, 120.23))
            times.append(time.perf_counter() - t)
        rows.append({"stops": n, "seconds": min(times), "km": route.distance_km, "naive_km": route.naive_km,
                     "saving": route.saving})
        print(f"{n:4d} stops  {min(times):6.2f} s  {route.distance_km:8.1f} km  (naive order {route.naive_km:8.1f} km,"
              f" saving {route.saving:.0%})")
    return rows


if __name__ == "__main__":
    main()
