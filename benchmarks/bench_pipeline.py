"""Chapter 03 at scale: the funnel and the transition matrix on 1,000,000 lead-stage events
(about 330,000 leads of a generated pipeline). The issue's target is under 1 s for
funnel (stage_funnel) + transition counts (stage_transitions) + the absorbing chain; the lead
timeline and a one-quarter forecast are timed too.

    python benchmarks/bench_pipeline.py [--events 1000000] [--repeat 3]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

import khlib as kh

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best, parse_args  # noqa: E402


def make_events(n: int, seed: int = 3) -> pd.DataFrame:
    """About ``n`` events: leads created over two years move on with the company's stage rates
    and are won or lost; shuffled, as a CRM export comes."""
    rng = np.random.default_rng(seed)
    stages = list(kh.summary.STAGES)
    go = np.array([0.4, 0.75, 0.6, 0.6, 0.7, 1.0])  # 实施 -> 赢单
    leads = int(n / 3.0)
    reached = np.zeros(leads, int)
    alive = np.ones(leads, bool)
    for k in range(1, len(stages)):
        alive &= rng.random(leads) < go[k - 1]
        reached[alive] += 1
    won = reached == len(stages) - 1
    day0 = np.datetime64("2024-01-01") + rng.integers(0, 700, leads).astype("timedelta64[D]")
    steps = rng.integers(1, 30, (leads, len(stages) + 1)).cumsum(axis=1).astype("timedelta64[D]")
    lead = np.repeat(np.arange(leads), reached + 2)
    pos = _positions(reached + 2)
    last = pos == (reached + 1)[lead]
    state = np.where(last, np.where(won[lead], "赢单", "丢单"), np.array(stages, dtype=object)[np.minimum(pos, 5)])
    date = day0[lead] + steps[lead, pos]
    ev = pd.DataFrame({"lead_id": np.char.add("L", lead.astype(str)), "stage": state, "date": date})
    ev = ev.astype({"lead_id": "str", "stage": "str"})  # text columns as read_csv gives them
    return ev.iloc[rng.permutation(len(ev))].reset_index(drop=True)


def _positions(lengths: np.ndarray) -> np.ndarray:
    """0..len-1 for each length, concatenated (vectorised)."""
    total = int(lengths.sum())
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(total) - starts


def main(argv=None) -> dict:
    args = parse_args(__doc__, argv, events=1_000_000)
    ev = make_events(args.events)

    def funnel_and_chain():  # validate once, then the funnel, the transition counts and the chain
        p = kh.summary.prepare_events(ev)
        f = kh.summary.stage_funnel(p)
        t = kh.summary.stage_transitions(p)
        return f, kh.development.absorbing_chain(t.drop(columns="open"))

    (f, chain), t_both = best(funnel_and_chain, args.repeat)
    _, t_funnel = best(lambda: kh.summary.stage_funnel(ev), args.repeat)
    _, t_trans = best(lambda: kh.summary.stage_transitions(ev), args.repeat)
    tl, t_tl = best(lambda: kh.summary.lead_timeline(ev), args.repeat)
    amounts = pd.Series(1000.0, index=tl.index)
    _, t_fc = best(lambda: kh.development.pipeline_forecast(tl, amounts, "2025-06-30"), 1)
    _, t_prep = best(lambda: kh.summary.prepare_events(ev), args.repeat)
    result = {"events": len(ev), "leads": int(f.loc["开发", "reached"]), "prepare_s": t_prep, "funnel_s": t_funnel,
              "transitions_s": t_trans, "funnel_transitions_chain_s": t_both, "timeline_s": t_tl,
              "forecast_s": t_fc, "win_from_start": float(chain.absorption.loc["开发", "赢单"])}
    for k, v in result.items():
        print(f"{k:28s} {v:.3f}" if isinstance(v, float) else f"{k:28s} {v:,}")
    return result


if __name__ == "__main__":
    main()
