"""The survey family (chapter 06 客户满意): four quarterly waves of the company's customer
satisfaction survey in 2025 (``survey.csv.gz``), one row per returned questionnaire.

Nothing is planted; the answers follow from the customers' hidden traits and what happened to
them (documented in ``data/README.md``):

* each wave invites a random 40% of the customers who trade at its date (first trade before,
  no churn yet); a customer answers with a probability that grows with its size and falls with
  its dissatisfaction (non-response is not random, as in real surveys);
* a customer's *satisfaction driver* is persistent: less demanding customers (the service
  family's hidden ``demand``), better discounts, and above all customers who will not leave in
  the next 180 days (the hidden churn date) are more satisfied — so satisfaction later explains
  churn (chapter 08) and complaints (chapter 07). Each wave adds what happened in the quarter
  before it: returns and support calls lower it, visits raise it a little;
* the constructs follow an ECSI-like structure (image → expectation → perceived quality → value
  → satisfaction → loyalty), each a weighted sum of those before it plus noise; items are the
  construct times a loading plus noise, rounded to the 1–5 scale; one value item is worded in
  reverse ("价格偏高"); the third wave (2025Q3) carries a generated dip in delivery (a new
  logistics contractor), so a quarterly change can be tested;
* 2% of the answers are left blank; the complaint-handling item is "不适用" for customers who
  did not complain (no return in the quarter).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import Context, stream
from .service import service_latent

#: The four waves: (label, fieldwork date).
WAVES = (("2025Q1", "2025-03-14"), ("2025Q2", "2025-06-13"), ("2025Q3", "2025-09-12"), ("2025Q4", "2025-12-12"))
INVITE_SHARE = 0.40
#: Attributes rated for importance, expectation and performance (重要性、期望、感知).
ATTRIBUTES = ("product", "delivery", "service", "price", "sales")
DELIVERY_DIP_Q3 = -0.6  # generated: the 2025Q3 logistics contractor (in standard deviations of the construct)


def _z(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return (x - x.mean()) / x.std() if x.std() > 0 else x * 0


def _likert(rng: np.random.Generator, latent: np.ndarray, loading: float, centre: float = 3.5,
            noise: float = 0.55) -> np.ndarray:
    return np.clip(np.round(centre + loading * latent + rng.normal(0, noise, len(latent))), 1, 5)


def _survey_stream(seed: int, n: int) -> tuple[np.random.Generator, np.ndarray]:
    """The survey's random stream and its first draw, the persistent part of each customer's
    satisfaction driver (the complaints family reads the same values)."""
    rng = stream(seed, "survey")
    return rng, rng.normal(0, 0.7, n)


def satisfaction_driver(seed: int, n: int) -> np.ndarray:
    """The persistent part of the customers' hidden satisfaction driver, in latent order:
    −0.5 × standardised log demand + 0.3 × standardised discount + N(0, 0.7) (the survey adds
    −1 for a customer about to leave, at each wave's date)."""
    from .common import customer_latent

    lat = customer_latent(seed)
    return (-0.5 * _z(np.log(service_latent(seed, n).demand)) + 0.3 * _z(lat.discount[:n])
            + _survey_stream(seed, n)[1])


def survey(ctx: Context) -> pd.DataFrame:
    """The returned questionnaires of the four waves (see the module notes)."""
    lat, ids = ctx.latent, ctx.ids
    n = len(ids)
    rng, persistent = _survey_stream(ctx.seed, n)
    demand = service_latent(ctx.seed, n).demand
    acts = ctx.tables["activities"]
    adate = pd.to_datetime(acts["date"]).to_numpy().astype("datetime64[D]")
    pos = pd.Series(np.arange(n), index=ids)
    acode = pos.reindex(acts["customer_id"]).to_numpy()
    segment = lat.segment
    rows = []
    scale: dict[str, tuple[float, float]] = {}
    for w, (label, day) in enumerate(WAVES):
        d = np.datetime64(day)
        active = (~np.isnat(lat.first_trade)) & (lat.first_trade < d) & (np.isnat(lat.churn) | (lat.churn > d))
        idx = np.flatnonzero(active)
        invited = idx[rng.random(len(idx)) < INVITE_SHARE]
        # what happened in the 90 days before the wave
        recent = (adate > d - 90) & (adate <= d)
        def count(kind: str) -> np.ndarray:
            m = recent & (acts["activity"].to_numpy() == kind)
            return np.bincount(acode[m], minlength=n)[invited].astype(float)
        returns, calls, visits = count("退换货"), count("电话支持"), count("拜访")
        leaves = (~np.isnat(lat.churn[invited])) & (lat.churn[invited] <= d + 180)
        driver = (-0.5 * _z(np.log(demand))[invited] + 0.3 * _z(lat.discount)[invited] - 1.0 * leaves
                  + persistent[invited])
        quarter = driver - 0.35 * np.log1p(returns) - 0.1 * np.log1p(calls) + 0.12 * np.log1p(visits)
        k = len(invited)
        image = 0.6 * quarter + rng.normal(0, 0.8, k)
        expect = 0.5 * image + rng.normal(0, 0.85, k)
        quality = 0.3 * expect + 0.6 * quarter + rng.normal(0, 0.4, k)  # perceived quality, shared
        dip = DELIVERY_DIP_Q3 if label == "2025Q3" else 0.0
        product = quality + rng.normal(0, 0.45, k)
        delivery = quality + dip + rng.normal(0, 0.5, k)
        service = quality - 0.3 * np.log1p(returns) + rng.normal(0, 0.5, k)
        quality = (product + delivery + service) / 3
        value = 0.5 * quality + 0.5 * _z(lat.discount)[invited] + rng.normal(0, 0.7, k)
        sat = 0.15 * image + 0.5 * quality + 0.25 * value + rng.normal(0, 0.45, k)
        complained = returns > 0
        handling = 0.6 * sat + rng.normal(0, 0.8, k)
        loyal = 0.55 * sat + 0.2 * image + 0.15 * handling * complained + rng.normal(0, 0.55, k)
        # response: larger customers answer more, dissatisfied ones less
        size = _z(np.log(lat.size))[invited]
        p = 1 / (1 + np.exp(-(-0.4 + 0.35 * size + 0.45 * sat)))
        ok = rng.random(k) < p
        sel = np.flatnonzero(ok)
        # constructs on a common scale: standardised with the first wave's mean and spread, so that a
        # change between waves (the 2025Q3 delivery dip) stays in the answers
        latent = dict(image=image, expect=expect, product=product, delivery=delivery, service=service, value=value,
                      sat=sat, loyal=loyal, handling=handling)
        if w == 0:
            scale = {c: (v.mean(), v.std()) for c, v in latent.items()}
        s = {c: ((v - scale[c][0]) / scale[c][1])[sel] for c, v in latent.items()}
        m = len(sel)
        seg = segment[invited][sel]
        out = {"wave": label, "date": day, "customer_id": ids[invited][sel]}
        for j, ld in enumerate((0.85, 0.8, 0.7), start=1):
            out[f"img{j}"] = _likert(rng, s["image"], ld)
        for j, ld in enumerate((0.8, 0.75, 0.65), start=1):
            out[f"exp{j}"] = _likert(rng, s["expect"], ld, centre=3.8)
        imp_mean = {"product": np.where(seg == "机构", 4.6, 4.3), "delivery": np.where(seg == "经销商", 4.5, 4.0),
                    "service": np.where(seg == "经销商", 3.7, 4.3), "price": np.where(seg == "经销商", 4.6, 3.9),
                    "sales": np.full(m, 3.6)}
        perf = {"product": s["product"], "delivery": s["delivery"], "service": s["service"], "price": s["value"],
                "sales": 0.5 * s["sat"] + rng.normal(0, 0.8, m)}
        perf_centre = {"product": 3.9, "delivery": 3.6, "service": 3.4, "price": 3.2, "sales": 3.8}
        for a in ATTRIBUTES:
            out[f"imp_{a}"] = np.clip(np.round(imp_mean[a] + rng.normal(0, 0.6, m)), 1, 5)
            out[f"exp_{a}"] = np.clip(np.round(4.0 + 0.3 * s["expect"] + rng.normal(0, 0.6, m)), 1, 5)
            out[f"perf_{a}"] = _likert(rng, perf[a], 0.8, centre=perf_centre[a])
        out["val1"] = _likert(rng, s["value"], 0.8, centre=3.3)
        out["val2"] = 6 - _likert(rng, s["value"], 0.7, centre=3.1)  # "价格偏高": reversed
        for j, ld in enumerate((0.9, 0.85, 0.75), start=1):
            out[f"sat{j}"] = _likert(rng, s["sat"], ld, centre=3.7)
        handled = _likert(rng, s["handling"], 0.9, centre=3.3).astype(int).astype(object)
        handled[~complained[sel]] = "不适用"
        out["complaint_handling"] = handled
        for j, ld in enumerate((0.85, 0.8, 0.7), start=1):
            out[f"loy{j}"] = _likert(rng, s["loyal"], ld, centre=3.6)
        out["recommend"] = np.clip(np.round(7.3 + 1.7 * s["loyal"] + rng.normal(0, 1.0, m)), 0, 10)
        out["competitor"] = np.clip(np.round(3.4 + rng.normal(0, 0.8, m)), 1, 5)  # the main competitor, overall
        rows.append(pd.DataFrame(out))
    df = pd.concat(rows, ignore_index=True)
    items = [c for c in df.columns if c not in ("wave", "date", "customer_id")]
    blank = rng.random((len(df), len(items))) < 0.02
    for j, c in enumerate(items):
        col = df[c].astype(object)
        col[blank[:, j]] = np.nan
        df[c] = col
    for c in items:
        if c != "complaint_handling":
            df[c] = df[c].astype("Int64")
    df = df.sort_values(["wave", "customer_id"], kind="stable").reset_index(drop=True)
    df.insert(0, "response_id", [f"R{i + 1:05d}" for i in range(len(df))])
    return df


def build(ctx: Context) -> dict[str, pd.DataFrame]:
    """The survey; needs ``ctx.ids`` and the activities."""
    return {"survey": survey(ctx)}
