"""Referral arithmetic (连锁介绍): the material's chain, and the branching process that makes it
realistic.

The course material says one customer who introduces two, who each introduce two, for twelve
rounds, yields 8,400 customers. Computed: 2¹² = 4,096 new customers in round 12 and 2¹³ − 1 =
8,191 in all with the first one (:func:`referral_chain`). Real customers do not all refer: if
each refers a random number with mean m (a Galton–Watson branching process), the expected number
in round k is mᵏ, and even with m > 1 a chain may die out — with the probability q that is the
smallest root in [0, 1] of q = G(q), G the generating function of the number referred
(:func:`extinction_probability`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from .._errors import fail


def _count(value, what: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise fail(f"{what} 应是 ≥ {minimum} 的整数，而不是 {value!r}。", f"{what} must be a whole number >= {minimum}, not {value!r}.")
    return int(value)


def referral_chain(per_customer: int = 2, rounds: int = 12) -> pd.DataFrame:
    """The material's chain referral (连锁介绍) computed exactly: every customer introduces
    ``per_customer`` new ones, round after round. One row per round (0 = the first customer):
    ``new`` customers that round (per_customer^round) and ``total`` so far.

    >>> referral_chain(2, 12).iloc[-1].tolist()
    [12, 4096, 8191]
    """
    k = _count(per_customer, "per_customer")
    n = _count(rounds, "rounds")
    r = np.arange(n + 1)
    new = np.array([k ** i for i in r], dtype=np.int64)
    return pd.DataFrame({"round": r, "new": new, "total": np.cumsum(new)})


def expected_referrals(mean: float, rounds: int) -> pd.DataFrame:
    """Expected size of a referral chain started by one customer when each customer refers a
    random number with mean ``mean`` (branching process): mᵏ new customers expected in round k,
    Σ mⁱ in all (期望规模). Whatever the distribution, only the mean matters here.

    >>> expected_referrals(0.5, 3)["total"].tolist()
    [1.0, 1.5, 1.75, 1.875]
    """
    m = float(mean)
    if not np.isfinite(m) or m < 0:
        raise fail(f"mean（平均介绍人数）应是 ≥ 0 的数，而不是 {mean!r}。", f"mean must be a number >= 0, not {mean!r}.")
    n = _count(rounds, "rounds")
    new = m ** np.arange(n + 1, dtype=float)
    return pd.DataFrame({"round": np.arange(n + 1), "new": new, "total": np.cumsum(new)})


def _pgf(mean: float | None, dispersion: float | None, pmf: Sequence[float] | None):
    """The generating function G(s) of the number referred, and its mean."""
    if pmf is not None:
        p = np.asarray(pmf, dtype=float)
        if p.ndim != 1 or len(p) == 0 or (p < 0).any() or not np.isclose(p.sum(), 1.0, atol=1e-9):
            raise fail("pmf 应是非负、和为 1 的概率列表：pmf[k] = 介绍 k 人的概率。",
                       "pmf must be non-negative probabilities summing to 1: pmf[k] = P(refers k).")
        return (lambda s: float(np.polynomial.polynomial.polyval(s, p))), float(np.arange(len(p)) @ p)
    if mean is None:
        raise fail("请给出 mean（平均介绍人数）或 pmf（介绍人数的分布）。", "Give mean (the mean number referred) or pmf.")
    m = float(mean)
    if not np.isfinite(m) or m < 0:
        raise fail(f"mean 应是 ≥ 0 的数，而不是 {mean!r}。", f"mean must be a number >= 0, not {mean!r}.")
    if dispersion is None:  # Poisson: G(s) = exp(m (s - 1))
        return (lambda s: float(np.exp(m * (s - 1)))), m
    r = float(dispersion)
    if not np.isfinite(r) or r <= 0:
        raise fail(f"dispersion 应是 > 0 的数，而不是 {dispersion!r}。", f"dispersion must be a number > 0, not {dispersion!r}.")
    return (lambda s: float((1 + m * (1 - s) / r) ** (-r))), m  # negative binomial, mean m, size r


def extinction_probability(mean: float | None = None, *, dispersion: float | None = None,
                           pmf: Sequence[float] | None = None) -> float:
    """Probability that a referral chain started by one customer eventually dies out (断链概率):
    the smallest root q in [0, 1] of q = G(q), G the generating function of the number each
    customer refers — Poisson with mean ``mean``; negative binomial with that mean and size
    ``dispersion`` (more unequal referrers: a few refer many, most none); or any distribution
    ``pmf`` (pmf[k] = probability of referring k). 1 when the mean is at most 1 (and not every
    customer refers exactly one).

    >>> round(extinction_probability(pmf=[0.25, 0.25, 0.5]), 12)  # 2q² − 3q + 1 = 0: q = 1/2
    0.5
    """
    g, m = _pgf(mean, dispersion, pmf)
    if m <= 1:
        return 0.0 if pmf is not None and np.isclose(pmf[1] if len(pmf) > 1 else 0.0, 1.0) else 1.0
    f = lambda s: g(s) - s  # noqa: E731  f(0) = P(0) >= 0, f < 0 just below 1 when m > 1
    if f(0.0) == 0.0:
        return 0.0
    hi = 1.0 - 1e-9
    while f(hi) >= 0 and hi > 0.5:  # m only slightly above 1: the root is close to 1
        hi = 1 - (1 - hi) * 10
    return float(brentq(f, 0.0, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500))


def simulate_referrals(mean: float, rounds: int, *, chains: int = 10_000, dispersion: float | None = None,
                       seed: int = 2024) -> pd.DataFrame:
    """Simulated referral chains (连锁介绍模拟), seeded: ``chains`` chains of ``rounds`` rounds,
    each customer referring Poisson(``mean``) others (negative binomial with size ``dispersion``
    when given). Returns one row per chain and one column per round (0 … rounds) with the number
    of new customers that round. Vectorised over chains: the number referred by n customers is
    one Poisson(n·m) (or negative-binomial(n·r)) draw.
    """
    m = float(mean)
    if not np.isfinite(m) or m < 0:
        raise fail(f"mean 应是 ≥ 0 的数，而不是 {mean!r}。", f"mean must be a number >= 0, not {mean!r}.")
    n = _count(rounds, "rounds")
    c = _count(chains, "chains", 1)
    rng = np.random.default_rng(seed)
    out = np.zeros((c, n + 1), dtype=np.int64)
    out[:, 0] = 1
    for k in range(1, n + 1):  # rounds, not customers
        prev = out[:, k - 1]
        if dispersion is None:
            out[:, k] = rng.poisson(m * prev)
        else:
            r = float(dispersion)
            size = r * prev
            draw = rng.negative_binomial(np.maximum(size, 1e-12), r / (r + m))
            out[:, k] = np.where(prev > 0, draw, 0)
    return pd.DataFrame(out, columns=pd.RangeIndex(0, n + 1, name="round"))
