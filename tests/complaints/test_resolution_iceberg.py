"""Chapter 07's time to resolution (open complaints censored, Kaplan–Meier) and the complaint
iceberg: hand-computed Kaplan–Meier shares and Greenwood intervals on a tiny set, the two naive
shares, the curve, every error, the company data against an independent numpy Kaplan–Meier,
and the iceberg arithmetic of the material and of Goodman (2005)."""

from math import exp, isclose, sqrt

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.complaints.iceberg import GOODMAN_B2B, MATERIAL, iceberg
from khlib.complaints.resolution import resolution_curve, resolution_times, service_level

Z95 = 1.959963984540054

# Six complaints, two still open on asof = 2025-03-20 00:00:
#   A received 03-01 00:00, resolved 03-02 00:00 -> 1 day, resolved
#   B received 03-02 00:00, resolved 03-05 00:00 -> 3 days, resolved
#   C received 03-18 00:00, open                  -> 2 days open on asof (censored at 2)
#   D received 03-03 12:00, resolved 03-09 12:00 -> 6 days, resolved
#   E received 03-05 08:00, resolved 03-08 08:00 -> 3 days, resolved
#   F received 03-10 00:00, open                  -> 10 days open (censored at 10)
SIX = pd.DataFrame({
    "received": pd.to_datetime(["2025-03-01 00:00", "2025-03-02 00:00", "2025-03-18 00:00", "2025-03-03 12:00",
                                "2025-03-05 08:00", "2025-03-10 00:00"]),
    "resolved": pd.to_datetime(["2025-03-02 00:00", "2025-03-05 00:00", None, "2025-03-09 12:00",
                                "2025-03-08 08:00", None]),
}, index=list("ABCDEF"))
ASOF = "2025-03-20"
# Kaplan–Meier by hand (times 1, 2+, 3, 3, 6, 10+):
#   t=1: at risk 6, 1 resolved -> S = 5/6
#   t=3: at risk 4 (1 and 2+ left), 2 resolved -> S = 5/6 · (1 − 2/4) = 5/12
#   t=6: at risk 2 (6 and 10+), 1 resolved -> S = 5/12 · (1 − 1/2) = 5/24
# Greenwood Σ d/(n(n−d)): t=1: 1/30; t=3: 1/30 + 2/8 = 17/60; t=6: 17/60 + 1/2 = 47/60


def test_resolution_times_by_hand():
    t = resolution_times(SIX, asof=ASOF)
    assert t.index.tolist() == list("ABCDEF")
    assert t["days"].tolist() == pytest.approx([1, 3, 2, 6, 3, 10])
    assert t["resolved"].tolist() == [1, 1, 0, 1, 1, 0]


def test_resolution_times_docstring_example_and_default_asof():
    c = pd.DataFrame({"received": pd.to_datetime(["2025-03-01 09:00", "2025-03-02 12:00"]),
                      "resolved": pd.to_datetime(["2025-03-02 21:00", None])})
    t = resolution_times(c, asof="2025-03-04 12:00")
    # 09:00 -> next day 21:00 = 36 h = 1.5 days; open 03-02 12:00 -> 03-04 12:00 = 2 days
    assert t["days"].tolist() == [1.5, 2.0] and t["resolved"].tolist() == [1, 0]
    # default asof = the latest time in the table = 03-02 21:00: the open one has been open 9 h
    d = resolution_times(c)
    assert d["days"].tolist() == pytest.approx([1.5, 9 / 24])


def test_resolved_after_asof_counts_as_open():
    # D is resolved on 03-09 12:00; seen on 03-07 12:00 it has been open 4 days
    t = resolution_times(SIX.loc[["A", "D"]], asof="2025-03-07 12:00")
    assert t["days"].tolist() == pytest.approx([1, 4]) and t["resolved"].tolist() == [1, 0]


def test_service_level_by_hand():
    s = service_level(SIX, target_days=5, asof=ASOF)
    assert list(s.index) == ["complaints", "open", "target_days", "share", "ci_low", "ci_high",
                             "share_resolved_only", "share_open_as_missed"]
    assert s["complaints"] == 6 and s["open"] == 2 and s["target_days"] == 5.0
    # KM survival at 5 days = S(3) = 5/12 -> share resolved within 5 days = 7/12
    assert s["share"] == pytest.approx(7 / 12)
    # naive: 3 of the 4 resolved within 5 days (1, 3, 3; not 6) = 3/4; open as missed: 3/6
    assert s["share_resolved_only"] == pytest.approx(3 / 4)
    assert s["share_open_as_missed"] == pytest.approx(1 / 2)
    # log-scale interval of S(3) = 5/12 · exp(±z·√(17/60)); the upper end 1.18 is capped at 1
    h = Z95 * sqrt(17 / 60)
    assert s["ci_low"] == pytest.approx(1 - 1.0)
    assert s["ci_high"] == pytest.approx(1 - 5 / 12 * exp(-h))  # = 0.853208
    assert s["ci_high"] == pytest.approx(0.853208, abs=1e-6)
    assert 0 <= s["ci_low"] <= s["share"] <= s["ci_high"] <= 1


def test_service_level_on_event_time_and_before_first_event():
    # target exactly on an event time counts it (≤): 3 days -> same 7/12; 6 days -> 1 − 5/24 = 19/24
    assert service_level(SIX, target_days=3, asof=ASOF)["share"] == pytest.approx(7 / 12)
    assert service_level(SIX, target_days=6, asof=ASOF)["share"] == pytest.approx(19 / 24)
    assert service_level(SIX, target_days=2.99, asof=ASOF)["share"] == pytest.approx(1 / 6)
    # before the first resolution nothing is resolved yet: 0 with the interval (0, 0)
    s = service_level(SIX, target_days=0.5, asof=ASOF)
    assert (s["share"], s["ci_low"], s["ci_high"]) == (0.0, 0.0, 0.0)
    # the naive shares at 6 days: all 4 resolved -> 4/4 and 4/6
    s6 = service_level(SIX, target_days=6, asof=ASOF)
    assert s6["share_resolved_only"] == 1.0 and s6["share_open_as_missed"] == pytest.approx(4 / 6)


def test_service_level_interval_on_ten_copies():
    # ten copies: same S, Greenwood sum ten times smaller: t=1: 10/(60·50) = 1/300;
    # t=3: 20/(40·20) = 1/40 -> Σ = 1/300 + 1/40 = 17/600
    ten = pd.concat([SIX] * 10, ignore_index=True)
    s = service_level(ten, target_days=5, asof=ASOF)
    h = Z95 * sqrt(17 / 600)  # = 0.329910
    lo, hi = 5 / 12 * exp(-h), 5 / 12 * exp(h)  # S interval 0.299578 .. 0.579519
    assert s["share"] == pytest.approx(7 / 12)
    assert s["ci_low"] == pytest.approx(1 - hi) and s["ci_high"] == pytest.approx(1 - lo)
    assert s["ci_low"] == pytest.approx(0.420481, abs=1e-6) and s["ci_high"] == pytest.approx(0.700422, abs=1e-6)
    assert s["complaints"] == 60 and s["open"] == 20
    # a 90% interval is narrower
    s90 = service_level(ten, target_days=5, asof=ASOF, level=0.90)
    assert s["ci_low"] < s90["ci_low"] < s90["share"] < s90["ci_high"] < s["ci_high"]


def test_service_level_all_resolved_equals_plain_share():
    # nothing open: the KM share is the plain share (1, 3, 3, 6 -> 3 of 4 within 5 days)
    done = SIX.loc[["A", "B", "D", "E"]]
    s = service_level(done, target_days=5, asof=ASOF)
    assert s["share"] == pytest.approx(3 / 4)
    assert s["share_resolved_only"] == s["share_open_as_missed"] == pytest.approx(3 / 4)
    assert s["open"] == 0


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_service_level_target_must_be_positive(bad):
    with pytest.raises(KhlibInputError, match="target_days"):
        service_level(SIX, target_days=bad, asof=ASOF)


def test_asof_before_a_receive_time():
    # C was received 03-18: seen on 03-17 it does not exist yet
    with pytest.raises(KhlibInputError, match="asof.*1 complaint"):
        service_level(SIX, target_days=5, asof="2025-03-17")
    with pytest.raises(KhlibInputError, match="asof"):
        resolution_times(SIX, asof="2025-03-17")
    with pytest.raises(KhlibInputError, match="asof"):
        resolution_curve(SIX, asof="2025-03-17")


def test_resolved_before_received():
    bad = SIX.copy()
    bad.loc["B", "resolved"] = pd.Timestamp("2025-03-01 23:00")  # received 03-02
    with pytest.raises(KhlibInputError, match="resolved before"):
        resolution_times(bad, asof=ASOF)
    with pytest.raises(KhlibInputError, match="resolved before"):
        service_level(bad, asof=ASOF)


def test_missing_columns():
    with pytest.raises(KhlibInputError, match="resolved"):
        service_level(SIX[["received"]], asof=ASOF)
    with pytest.raises(KhlibInputError, match="received"):
        resolution_curve(SIX[["resolved"]], asof=ASOF)


def test_resolution_curve_by_hand():
    curve = resolution_curve(SIX, asof=ASOF)
    assert list(curve.columns) == ["at_risk", "events", "resolved_share", "ci_low", "ci_high"]
    assert curve.index.name == "time"
    assert curve.index.tolist() == pytest.approx([1, 3, 6])
    assert curve["at_risk"].tolist() == [6, 4, 2]
    assert curve["events"].tolist() == [1, 2, 1]
    # 1 − S: 1/6, 7/12, 19/24
    assert curve["resolved_share"].tolist() == pytest.approx([1 / 6, 7 / 12, 19 / 24])
    # lower ends: 1 − min(S·exp(z√Σ), 1) = 0 (capped); upper ends 1 − S·exp(−z√Σ)
    assert curve["ci_low"].tolist() == pytest.approx([0, 0, 0])
    assert curve["ci_high"].tolist() == pytest.approx([1 - 5 / 6 * exp(-Z95 * sqrt(1 / 30)),
                                                       1 - 5 / 12 * exp(-Z95 * sqrt(17 / 60)),
                                                       1 - 5 / 24 * exp(-Z95 * sqrt(47 / 60))])
    # the service level is the curve read at the target
    assert service_level(SIX, target_days=4, asof=ASOF)["share"] == pytest.approx(curve["resolved_share"].iloc[1])


def test_inputs_not_modified():
    before = SIX.copy()
    service_level(SIX, asof=ASOF)
    resolution_curve(SIX, asof=ASOF)
    pd.testing.assert_frame_equal(SIX, before)


# ------------------------------------------------------------------ the company data
def _numpy_km_share(received, resolved, asof, target):
    """Kaplan–Meier share resolved within ``target`` days, plain numpy: open complaints (and
    those resolved after asof) censored at asof."""
    rec = received.to_numpy("datetime64[s]").astype(np.int64)
    res = resolved.to_numpy("datetime64[s]")
    cut = np.datetime64(asof, "s").astype(np.int64)
    done = ~np.isnat(res)
    res_s = np.where(done, res.astype("datetime64[s]").astype(np.int64), cut)
    done &= res_s <= cut
    stop = np.where(done, res_s, cut)
    days = (stop - rec) / 86400.0
    surv = 1.0
    for t in np.unique(days[done]):
        if t > target:
            break
        n = np.sum(days >= t)
        d = np.sum((days == t) & done)
        surv *= 1 - d / n
    return 1 - surv, int((~done).sum())


def test_company_service_level():
    c = kh.datasets.load_complaints()
    s = service_level(c, target_days=5, asof="2026-01-01")
    share, open_ = _numpy_km_share(c["received"], c["resolved"], "2026-01-01", 5)
    assert s["share"] == pytest.approx(share, abs=1e-12)
    assert s["open"] == open_ == 31 and s["complaints"] == len(c) == 2121
    assert round(float(s["share"]), 4) == 0.6964
    assert 0 <= s["ci_low"] < s["share"] < s["ci_high"] <= 1
    # open complaints counted as missed are the pessimistic reading, resolved-only the optimistic one
    assert s["share_open_as_missed"] < s["share"] < s["share_resolved_only"]


# ------------------------------------------------------------------ the iceberg
def test_iceberg_material():
    # 26 on record / 1.0 = 26 made; 26 / 0.04 = 650 dissatisfied; 650 − 26 = 624 silent;
    # 650 · 16 = 10,400 and 650 · 20 = 13,000 told
    s = iceberg(26, **MATERIAL)
    assert list(s.index) == ["recorded", "complaints_made", "dissatisfied", "silent", "told_low", "told_high"]
    assert s.tolist() == pytest.approx([26, 26, 650, 624, 10400, 13000])
    # the defaults are the material's reading
    assert iceberg(26).tolist() == pytest.approx(s.tolist())
    assert MATERIAL == {"complain_share": 0.04, "record_share": 1.0, "told": (16, 20)}


def test_iceberg_goodman_b2b():
    # 26 / 0.5 = 52 made; 52 / 0.75 = 69.333 dissatisfied; silent 69.333 − 52 = 17.333;
    # told 69.333 · 16 = 1,109.33 and · 20 = 1,386.67
    s = iceberg(26, **GOODMAN_B2B)
    assert s["complaints_made"] == pytest.approx(52)
    assert s["dissatisfied"] == pytest.approx(26 / 0.5 / 0.75)
    assert round(float(s["dissatisfied"]), 2) == 69.33
    assert s["silent"] == pytest.approx(52 / 3)
    assert s["told_low"] == pytest.approx(1109.333, abs=1e-3) and s["told_high"] == pytest.approx(1386.667, abs=1e-3)
    # the two readings differ almost tenfold: 650 / 69.33 = 9.375
    assert isclose(iceberg(26)["dissatisfied"] / s["dissatisfied"], 9.375)


def test_iceberg_scalar_told_and_edges():
    s = iceberg(10, complain_share=0.5, told=3)
    # 10 / 0.5 = 20 dissatisfied, 10 silent, 20 · 3 = 60 told both ends
    assert s[["dissatisfied", "silent", "told_low", "told_high"]].tolist() == [20.0, 10.0, 60.0, 60.0]
    z = iceberg(0)
    assert z.tolist() == [0.0] * 6
    one = iceberg(5, complain_share=1.0, record_share=1.0, told=[0, 2])
    assert one.tolist() == [5.0, 5.0, 5.0, 0.0, 0.0, 10.0]


@pytest.mark.parametrize("kw, word", [
    ({"complain_share": 0}, "complain_share"),
    ({"complain_share": 1.2}, "complain_share"),
    ({"complain_share": -0.1}, "complain_share"),
    ({"record_share": 0}, "record_share"),
    ({"record_share": 1.01}, "record_share"),
    ({"told": (20, 16)}, "told"),
    ({"told": -1}, "told"),
    ({"told": (-1, 5)}, "told"),
])
def test_iceberg_errors(kw, word):
    with pytest.raises(KhlibInputError, match=word):
        iceberg(26, **kw)


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_iceberg_recorded_must_be_a_count(bad):
    with pytest.raises(KhlibInputError, match="recorded"):
        iceberg(bad)
