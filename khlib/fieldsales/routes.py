"""Route order (路序分析): the visiting order over customers' coordinates, solved with PyVRP.

Shared field-sales operations: chapter 05 (a salesperson's month) and chapter 03 (prospecting
trips) use them. Distances are great-circle km; roads are longer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._deprecation import renamed_kwargs
from .._errors import examples, fail, need_columns, warn

_EARTH_KM = 6371.0088


def distance_matrix(lat, lon) -> np.ndarray:
    """Great-circle distances in km between all pairs of points (球面距离矩阵, haversine).
    Road distances are longer (typically ×1.2–1.4); the order that minimises one is close to
    the order that minimises the other for stops in one city or region."""
    la = np.radians(np.asarray(lat, dtype=float))
    lo = np.radians(np.asarray(lon, dtype=float))
    dla = la[:, None] - la[None, :]
    dlo = lo[:, None] - lo[None, :]
    h = np.sin(dla / 2) ** 2 + np.cos(la[:, None]) * np.cos(la[None, :]) * np.sin(dlo / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def distance_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between matching points (球面距离, haversine), element by
    element: from ``(lat1[i], lon1[i])`` to ``(lat2[i], lon2[i])``.

    >>> round(float(distance_km(39.9042, 116.4074, 31.2304, 121.4737)))  # 北京–上海
    1067
    """
    la1, lo1, la2, lo2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def _tour_length(d: np.ndarray, order, closed: bool) -> float:
    order = np.asarray(order)
    legs = d[order[:-1], order[1:]].sum()
    return float(legs + (d[order[-1], order[0]] if closed else 0.0))


def _solve_tour(d: np.ndarray, closed: bool, *, no_improvement: int, time_limit: float, seed: int) -> list[int]:
    """Best visiting order of points 1..n-1 starting at point 0 with PyVRP (hybrid genetic
    search): a one-vehicle routing problem on integer metres."""
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime, MultipleCriteria, NoImprovement

    n = len(d)
    if n <= 3 or (not closed and n <= 2):
        return list(range(1, n))
    metres = np.round(d * 1000).astype(np.int64)
    m = Model()
    locs = [m.add_location(0.0, 0.0) for _ in range(n)]
    start = m.add_depot(locs[0])
    end = start
    if not closed:  # a free end: a dummy depot reached from every stop at no cost
        end_loc = m.add_location(0.0, 0.0)
        end = m.add_depot(end_loc)
    for loc in locs[1:]:
        m.add_client(loc)
    m.add_vehicle_type(1, start_depot=start, end_depot=end)
    for i in range(n):
        row = metres[i]
        for j in range(n):
            if i != j:
                m.add_edge(locs[i], locs[j], int(row[j]))
    if not closed:
        for i in range(1, n):
            m.add_edge(locs[i], end_loc, 0)
        m.add_edge(locs[0], end_loc, 0)
    stop = MultipleCriteria([NoImprovement(no_improvement), MaxRuntime(time_limit)])
    res = m.solve(stop=stop, seed=seed, display=False, collect_stats=False)
    route = res.best.routes()[0]
    return [a.idx + 1 for a in route.schedule() if a.is_client()]


@dataclass(frozen=True)
class Route:
    """A visiting order (拜访路线). ``stops`` lists the origin (``kind`` "origin", ``seq`` 0;
    absent when the route starts at its first customer) and the customers in visiting order
    (``seq`` 1, 2, …) with the leg and cumulative distance in km; ``naive_km`` is
    the distance of the order given (e.g. the roster's), ``left_out`` the customers without
    usable coordinates."""

    stops: pd.DataFrame
    distance_km: float
    naive_km: float
    closed: bool
    left_out: tuple[str, ...] = ()

    @property
    def saving(self) -> float:
        """Share of the naive distance saved by the solver's order (路线节省比例)."""
        return 1 - self.distance_km / self.naive_km if self.naive_km > 0 else 0.0

    def order(self) -> list[str]:
        """Customer ids in visiting order (without the origin)."""
        return self.stops.loc[self.stops["kind"] == "customer", "id"].tolist()

    @property
    def n_customers(self) -> int:
        """Number of customers on the route."""
        return int((self.stops["kind"] == "customer").sum())

    @renamed_kwargs(labels="annotate")
    def plot(self, ax=None, *, annotate: bool | None = None, title: str | None = None, color: str = "#1f4e79"):
        """Map-style plot of the route (路线图): stops numbered in visiting order, arrows along
        the way, the origin as a star; customer names (Chinese) next to the stops when
        there are at most 15 (or when ``annotate=True``)."""
        from .plots import plot_route

        return plot_route(self, ax=ax, annotate=annotate, title=title, color=color)


@renamed_kwargs(start="origin", start_label="origin_label")
def visit_route(
    stops: pd.DataFrame,
    *,
    origin: tuple[float, float] | None = None,
    origin_label: str = "出发点",
    id: str = "customer_id",
    lat: str = "lat",
    lon: str = "lon",
    label: str | None = "name",
    closed: bool = True,
    no_improvement: int = 1000,
    time_limit: float = 30.0,
    seed: int = 0,
) -> Route:
    """Visiting order over the stops' coordinates (路序分析) from PyVRP's routing solver.

    ``stops`` has one row per customer to visit with ``id``, ``lat``, ``lon`` (decimal degrees)
    and optionally a ``label`` column (the name shown on the map). The route starts at
    ``origin`` = (lat, lon), e.g. the office, or at the first stop if ``origin`` is None, and
    returns there when ``closed`` (else it ends at the last customer). Distances are
    great-circle km (:func:`distance_matrix`).

    The search stops after ``no_improvement`` iterations without a better order, so the result
    is reproducible for a given ``seed``; ``time_limit`` (seconds) is a safety cap for very large
    problems, and a route cut by it may differ between runs. Rows with a missing or impossible
    coordinate are left out with a warning that names them; duplicated ids are an error.
    """
    need = [id, lat, lon] + ([label] if label else [])
    need_columns(stops, need, "拜访客户表", "stops")
    if stops[id].duplicated().any():
        dup = stops.loc[stops[id].duplicated(keep=False), id]
        raise fail(f"客户编号重复：{examples(dup.unique())}。", f"Duplicated stop ids: {examples(dup.unique())}.")
    la = pd.to_numeric(stops[lat], errors="coerce")
    lo = pd.to_numeric(stops[lon], errors="coerce")
    bad = la.isna() | lo.isna() | ~la.between(-90, 90) | ~lo.between(-180, 180)
    left_out = tuple(str(v) for v in stops.loc[bad, id])
    if bad.any():
        names = stops.loc[bad, label] if label else stops.loc[bad, id]
        warn(f"{int(bad.sum())} 家客户缺少可用坐标，未排入路线：{examples(stops.loc[bad, id], names)}。",
             f"{int(bad.sum())} stop(s) without usable coordinates left out of the route: "
             f"{examples(stops.loc[bad, id], names)}.", stacklevel=3)
    ok = stops[~bad]
    if origin is None and ok.empty:
        raise fail("没有带坐标的客户，无法排路线。", "No stop has usable coordinates: nothing to route.")
    if origin is not None:
        s_lat, s_lon = (float(origin[0]), float(origin[1]))
        if not (-90 <= s_lat <= 90 and -180 <= s_lon <= 180):
            raise fail(f"出发点坐标 {origin} 不是 (纬度, 经度)。", f"origin {origin} is not a (lat, lon) pair.")
        pts_lat = np.r_[s_lat, la[~bad].to_numpy()]
        pts_lon = np.r_[s_lon, lo[~bad].to_numpy()]
        ids = [origin_label, *ok[id].astype(str)]
        names = [origin_label, *(ok[label].astype(str) if label else ok[id].astype(str))]
    else:
        pts_lat, pts_lon = la[~bad].to_numpy(), lo[~bad].to_numpy()
        ids = list(ok[id].astype(str))
        names = list(ok[label].astype(str)) if label else ids
    d = distance_matrix(pts_lat, pts_lon)
    naive = list(range(len(d)))
    best = [0, *_solve_tour(d, closed, no_improvement=no_improvement, time_limit=time_limit, seed=seed)]
    # The solver works on whole metres; keep the given order when it is as short.
    if _tour_length(d, best, closed) > _tour_length(d, naive, closed) - 1e-9:
        best = naive
    best = np.asarray(best)
    leg = np.r_[0.0, d[best[:-1], best[1:]]]
    first = 0 if origin is not None else 1  # the origin is stop 0; without one, customers count from 1
    table = pd.DataFrame({"seq": np.arange(len(best)) + first, "id": np.asarray(ids, dtype=object)[best],
                          "name": np.asarray(names, dtype=object)[best], "lat": pts_lat[best], "lon": pts_lon[best],
                          "leg_km": leg, "cum_km": leg.cumsum(),
                          "kind": np.where((np.arange(len(best)) == 0) & (origin is not None), "origin", "customer")})
    return Route(stops=table, distance_km=_tour_length(d, best, closed), naive_km=_tour_length(d, naive, closed),
                 closed=closed, left_out=left_out)


MAX_EXHAUSTIVE = 9
"""Most customers :func:`exhaustive_optimum` will enumerate (9! = 362,880 orders)."""


def exhaustive_optimum(route: Route) -> tuple[float, list[str]]:
    """The shortest visiting order found by trying every order (穷举最优解), to check a route.

    Enumerates all orders of the customers of ``route`` (its first point — the origin, or the
    first customer of a route without origin — stays first, as in :func:`visit_route`) on the same great-circle
    distances and the same ``closed`` setting, and returns the shortest length in km and its
    customer ids. Only for small days: at most :data:`MAX_EXHAUSTIVE` customers.

    >>> stops = pd.DataFrame({"customer_id": ["a", "b", "c"], "name": ["a", "b", "c"],
    ...                       "lat": [0.0, 0.0, 0.0], "lon": [0.2, 0.1, 0.3]})
    >>> r = visit_route(stops, origin=(0.0, 0.0), closed=False)
    >>> km, order = exhaustive_optimum(r)
    >>> # along the equator 0 → 0.1 → 0.2 → 0.3 degrees of longitude: 0.3 × 111.19 km
    >>> order, round(km, 2), round(r.distance_km, 2)
    (['b', 'a', 'c'], 33.36, 33.36)
    """
    import itertools

    st = route.stops
    has_origin = bool((st["kind"] == "origin").any())
    cust = st[st["kind"] == "customer"]
    n = len(cust)
    if n > MAX_EXHAUSTIVE:
        raise fail(f"穷举只适用于不超过 {MAX_EXHAUSTIVE} 家客户的路线（{n} 家有 {n}! 种顺序）。",
                   f"Exhaustive search is limited to {MAX_EXHAUSTIVE} customers; this route has {n}.")
    pts = st if has_origin else cust
    d = distance_matrix(pts["lat"], pts["lon"])
    ids = pts["id"].astype(str).tolist()
    first = 1 if has_origin else 0
    best_km, best = np.inf, list(range(len(ids)))
    for perm in itertools.permutations(range(1, len(ids))):
        order = [0, *perm]
        km = _tour_length(d, order, route.closed)
        if km < best_km - 1e-9:
            best_km, best = km, order
    return float(best_km), [ids[i] for i in best[first:]]


def short_name(name: str, city: str | None = None) -> str:
    """Short label for maps and calendars (简称): 绍兴宏达贸易有限公司 with city 绍兴 → 宏达贸易 —
    the legal form and a leading city name are dropped.

    >>> short_name("乌鲁木齐瑞丰精密机械有限责任公司", "乌鲁木齐")
    '瑞丰精密机械'
    """
    name = str(name)
    for suffix in ("股份有限公司", "有限责任公司", "有限公司", "公司"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    if city and name.startswith(city) and len(name) > len(city) + 1:
        name = name[len(city):]
    return name
