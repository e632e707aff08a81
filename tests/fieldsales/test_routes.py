"""Route order (路序, PyVRP): within 2% of the optimum, reproducible, and customers without
coordinates are named and left out."""

import itertools

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib import fieldsales as fs


def _points(n, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"customer_id": [f"c{i}" for i in range(n)], "name": [f"客户{i}" for i in range(n)],
                         "lat": 30.0 + rng.random(n) * 0.4, "lon": 120.0 + rng.random(n) * 0.5})


def _brute_force(d: np.ndarray) -> float:
    """Exact shortest closed tour from point 0 over all the others (vectorised enumeration)."""
    perms = np.array(list(itertools.permutations(range(1, len(d)))), dtype=np.int8)
    tours = np.hstack([np.zeros((len(perms), 1), np.int8), perms, np.zeros((len(perms), 1), np.int8)])
    return float(d[tours[:, :-1], tours[:, 1:]].sum(axis=1).min())


@pytest.mark.parametrize("n", [5, 7, 9])
def test_route_within_two_percent_of_the_brute_force_optimum(n):
    gaps = []
    for seed in range(4):
        pts = _points(n, seed)
        route = fs.visit_route(pts, origin=(30.2, 120.25))
        d = fs.distance_matrix(np.r_[30.2, pts["lat"]], np.r_[120.25, pts["lon"]])
        gaps.append(route.distance_km / _brute_force(d) - 1)
        assert sorted(route.order()) == sorted(pts["customer_id"])  # every stop exactly once
        assert route.stops["cum_km"].iloc[-1] + route.stops["leg_km"].iloc[0] <= route.distance_km + 1e-9
    assert max(gaps) <= 0.02, gaps


def test_route_is_reproducible_and_beats_the_naive_order():
    pts = _points(40, 7)
    a = fs.visit_route(pts, origin=(30.2, 120.25))
    b = fs.visit_route(pts, origin=(30.2, 120.25))
    assert a.order() == b.order() and a.distance_km == b.distance_km
    assert a.distance_km < 0.5 * a.naive_km
    open_route = fs.visit_route(pts, closed=False)
    assert open_route.n_customers == 40 and open_route.stops["kind"].eq("customer").all()


def test_route_leaves_out_and_names_customers_without_coordinates():
    pts = _points(6, 1)
    pts.loc[2, "lat"] = np.nan
    pts["lon"] = pts["lon"].astype(object)
    pts.loc[4, "lon"] = "n/a"
    with pytest.warns(UserWarning, match=r"c2 \('客户2'\), c4 \('客户4'\)"):
        route = fs.visit_route(pts, origin=(30.2, 120.25))
    assert route.left_out == ("c2", "c4") and route.n_customers == 4
    with pytest.raises(KhlibInputError, match="重复"):
        fs.visit_route(pd.concat([pts, pts]))
    with pytest.raises(KhlibInputError, match="lat"):
        fs.visit_route(pts.drop(columns="lat"))


def test_exhaustive_optimum_by_hand():
    # four corners of a 0.1° square at the equator; the shortest closed tour walks the perimeter,
    # 4 × 0.1° × 111.195 km = 44.48 km (the diagonal orders are longer: 2 × 0.1 + 2 × 0.1414 = 0.483°)
    stops = pd.DataFrame({"customer_id": ["ne", "n", "e"], "name": ["ne", "n", "e"],
                          "lat": [0.1, 0.1, 0.0], "lon": [0.1, 0.0, 0.1]})
    r = fs.visit_route(stops, origin=(0.0, 0.0))
    km, order = fs.exhaustive_optimum(r)
    assert km == pytest.approx(44.48, abs=0.01) and order in (["n", "ne", "e"], ["e", "ne", "n"])
    assert r.distance_km == pytest.approx(km)
    many = pd.DataFrame({"customer_id": [f"c{i}" for i in range(10)], "name": list("abcdefghij"),
                         "lat": np.linspace(30, 30.1, 10), "lon": np.linspace(120, 120.2, 10)})
    with pytest.raises(KhlibInputError, match="穷举"):
        fs.exhaustive_optimum(fs.visit_route(many))
