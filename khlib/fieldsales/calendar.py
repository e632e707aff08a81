"""Working days and the monthly visit calendar (工作日与月度拜访日程), with a route per day.

Shared field-sales operations (chapters 03 and 05). The visit frequencies per grade come from
the visit plan (:data:`khlib.grading.VISIT_PLAN`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._deprecation import renamed_kwargs
from .._errors import examples, fail, need_columns, warn
from ..periods import month_bounds
from .routes import distance_matrix, visit_route

WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]


def working_days(month, *, calendar: str | None = "cn", holidays=(), extra_workdays=()) -> pd.DatetimeIndex:
    """Working days of a month (工作日). ``calendar="cn"`` follows the State Council's holiday
    schedule including the weekend make-up days (调休), from the maintained ``chinesecalendar``
    package, which knows the years up to the latest published schedule; ``calendar=None``
    takes Monday–Friday. ``holidays`` removes and ``extra_workdays`` adds dates either way.

    >>> working_days("2025-10").strftime("%m-%d").tolist()[:3]
    ['10-09', '10-10', '10-11']
    """
    first, last = month_bounds(month)
    period = pd.Period(first, freq="M")
    days = pd.date_range(first, last, freq="D")
    if calendar == "cn":
        import chinese_calendar

        try:
            work = np.array([chinese_calendar.is_workday(d.date()) for d in days])
        except NotImplementedError:
            raise fail(f"chinesecalendar 还没有 {period.year} 年的放假安排：升级该包，或用 calendar=None 并在 "
                       "holidays 中列出假日。",
                       f"chinesecalendar has no holiday schedule for {period.year}: upgrade it, or pass "
                       "calendar=None and list the holidays.") from None
    elif calendar is None:
        work = days.day_of_week < 5
    else:
        raise fail(f"calendar 只能是 'cn' 或 None，收到 {calendar!r}。", f"calendar must be 'cn' or None, got {calendar!r}.")
    out = days[work]
    if len(holidays):
        out = out.difference(pd.DatetimeIndex(pd.to_datetime(list(holidays))))
    if len(extra_workdays):
        extra = pd.DatetimeIndex(pd.to_datetime(list(extra_workdays)))
        out = out.union(extra[(extra >= days[0]) & (extra <= days[-1])])
    if out.empty:
        raise fail(f"{period} 没有工作日。", f"{period} has no working days.")
    return out


@renamed_kwargs(plan="visit_plan", level="visit_level", days="workdays", order="route_order")
def visit_calendar(
    roster: pd.DataFrame,
    month,
    *,
    id: str = "customer_id",
    grade: str = "grade",
    route_order=None,
    visit_plan: pd.DataFrame | None = None,
    role: str = "业务员",
    visit_level: str = "low",
    workdays=None,
    calendar: str | None = "cn",
    group: str | None = None,
) -> pd.DataFrame:
    """A month's visit and call calendar for one salesperson (月度拜访日程表).

    How often each customer is visited (拜访) and called (电话) comes from the visit plan per
    grade (``visit_plan``, default :data:`khlib.grading.VISIT_PLAN`; rows of ``role``, frequency
    ``visit_level`` ``"low"`` or ``"high"``).
    A customer with k visits a month is seen every n/k working days (n = working days of the
    month, :func:`working_days`), so A customers are seen three times, evenly spread. Customers
    of a grade are taken in ``route_order`` — pass the order of a route over the whole territory
    (:func:`visit_route`) and neighbours are visited on the same or next days ("route first,
    cluster second"): the month is cut into as many laps as the most frequent grade needs
    (3 for A), each lap walks the route once, A customers on every lap, B on two of three, C on
    one, and each lap's visits are cut into consecutive stretches, one per working day. With
    ``group`` (a roster column such as ``"city"``) a lap's days are shared out between the
    groups in proportion to their visits, so that no day mixes two cities. Calls are evenly
    spaced, the first half a spacing after the first visit. Rows: date, weekday, customer, grade,
    activity and the visit number (e.g. 2/3). Deterministic; no loops over customers.
    """
    from ..grading import VISIT_PLAN

    plan = VISIT_PLAN if visit_plan is None else visit_plan
    need_columns(roster, [id, grade] + ([group] if group else []), "客户名册", "roster")
    if visit_level not in ("low", "high"):
        raise fail(f"visit_level 只能是 'low' 或 'high'，收到 {visit_level!r}。",
                   f"visit_level must be 'low' or 'high', got {visit_level!r}.")
    if roster[id].duplicated().any():
        raise fail(f"名册中客户编号重复：{examples(roster.loc[roster[id].duplicated(), id])}。",
                   f"Duplicated customer ids in the roster: {examples(roster.loc[roster[id].duplicated(), id])}.")
    g = roster[grade].astype(str)
    rules = plan[(plan["role"] == role) & plan["activity"].isin(["拜访", "电话"])]
    if rules.empty:
        raise fail(f"拜访计划中没有角色 '{role}' 的拜访或电话。", f"The visit plan has no visits or calls for role '{role}'.")
    unknown = sorted(set(g) - set(plan["grade"].astype(str)))
    if unknown:
        raise fail(f"拜访计划中没有这些等级：{unknown}。", f"The visit plan has no rules for grade(s) {unknown}.")
    freq = rules.pivot_table(index="grade", columns="activity", values=f"per_month_{visit_level}", aggfunc="sum")
    whole = np.isclose(freq.fillna(0) % 1, 0) | np.isclose(freq.fillna(0) % 1, 1)
    if not whole.all().all():
        raise fail(f"日程表需要每月整数次，'{role}' 的频率为：{freq.to_dict()}。",
                   f"The calendar needs whole numbers of contacts a month; '{role}' has {freq.to_dict()}.")
    freq = freq.round().fillna(0).astype(int)
    days = working_days(month, calendar=calendar) if workdays is None else pd.DatetimeIndex(pd.to_datetime(workdays))
    n = len(days)
    ids = roster[id].astype(str)
    if route_order is not None:
        order = [str(o) for o in route_order]
        rank = pd.Series(np.arange(len(order)), index=order)
        missing = ids[~ids.isin(rank.index)]
        # customers not on the route (e.g. no coordinates) go last, in roster order
        pos = rank.reindex(ids).to_numpy(dtype=float).copy()
        pos[np.isnan(pos)] = len(order) + np.arange(len(missing))
    else:
        pos = np.arange(len(ids), dtype=float)
    base = pd.DataFrame({id: ids.to_numpy(), grade: g.to_numpy(), "_pos": pos})
    cols = ["date", id, grade, "activity", "_k", "_pos"]
    k_visit = base[grade].map(freq["拜访"]).fillna(0).astype(int).to_numpy() if "拜访" in freq else np.zeros(len(base), int)
    k_call = base[grade].map(freq["电话"]).fillna(0).astype(int).to_numpy() if "电话" in freq else np.zeros(len(base), int)
    laps = max(int(k_visit.max(initial=0)), 1)
    # Laps: the month is cut into `laps` blocks of working days; each block walks the route once.
    day_lap = (np.arange(n) * laps) // n
    lap_start = np.searchsorted(day_lap, np.arange(laps))
    lap_len = np.bincount(day_lap, minlength=laps)
    # A customer with k visits goes on k of the laps, evenly spaced; the first lap rotates with
    # its rank in its grade so that every lap carries the same load.
    rank = base.groupby(grade)["_pos"].rank(method="first").to_numpy().astype(int) - 1
    rows = np.repeat(np.arange(len(base)), k_visit)
    j = np.arange(len(rows)) - np.repeat(np.cumsum(k_visit) - k_visit, k_visit)
    kk = k_visit[rows]
    lap = (rank[rows] + (j * laps) // np.maximum(kk, 1)) % laps
    ev = pd.DataFrame({"_row": rows, "_lap": lap, "_pos": base["_pos"].to_numpy()[rows]})
    ev = ev.sort_values(["_lap", "_pos"], kind="stable")
    q = ev.groupby("_lap").cumcount().to_numpy()
    m = ev.groupby("_lap")["_row"].transform("size").to_numpy()
    lp = ev["_lap"].to_numpy()
    ev["_day"] = lap_start[lp] + (q * lap_len[lp]) // m  # consecutive stretches of the route per day
    if group is not None:  # keep each day inside one city: share a lap's days out by city
        ev["_grp"] = roster[group].astype(str).to_numpy()[ev["_row"].to_numpy()]
        for b_lap in range(laps):
            sub = ev[ev["_lap"] == b_lap]
            sizes = sub.groupby("_grp", sort=False).size()  # in route order
            n_days = int(lap_len[b_lap])
            if sub.empty or len(sizes) > n_days:
                continue
            quota = (sizes / sizes.sum() * n_days).to_numpy()
            alloc = np.maximum(np.floor(quota).astype(int), 1)
            while alloc.sum() > n_days:
                alloc[int(np.argmax(alloc - quota))] -= 1
            while alloc.sum() < n_days:
                alloc[int(np.argmax(quota - alloc))] += 1
            first_day = lap_start[b_lap] + np.r_[0, np.cumsum(alloc)[:-1]]
            g_idx = sizes.index.get_indexer(sub["_grp"])
            qq = sub.groupby("_grp", sort=False).cumcount().to_numpy()
            ev.loc[sub.index, "_day"] = first_day[g_idx] + (qq * alloc[g_idx]) // sizes.to_numpy()[g_idx]
    visits = pd.DataFrame({"date": days[ev["_day"].to_numpy()], id: base[id].to_numpy()[ev["_row"]],
                           grade: base[grade].to_numpy()[ev["_row"]], "activity": "拜访",
                           "_k": k_visit[ev["_row"]], "_pos": ev["_pos"].to_numpy()})
    # Calls: evenly spaced, the first half a spacing after the first visit (or by route position).
    first = pd.Series(ev["_day"].to_numpy()).groupby(ev["_row"].to_numpy()).min().reindex(range(len(base)))
    pos_day = ((rank + 0.5) / base.groupby(grade)[id].transform("size").to_numpy() * n).astype(int)
    anchor = first.fillna(pd.Series(pos_day)).to_numpy().astype(float)
    crow = np.repeat(np.arange(len(base)), k_call)
    cj = np.arange(len(crow)) - np.repeat(np.cumsum(k_call) - k_call, k_call)
    ck = k_call[crow]
    cday = (anchor[crow] + (cj + 0.5) * n / np.maximum(ck, 1)).astype(int) % n
    calls = pd.DataFrame({"date": days[cday], id: base[id].to_numpy()[crow], grade: base[grade].to_numpy()[crow],
                          "activity": "电话", "_k": ck, "_pos": base["_pos"].to_numpy()[crow]})
    cal = pd.concat([visits[cols], calls[cols]], ignore_index=True)
    cal.insert(1, "weekday", [WEEKDAYS[d] for d in pd.DatetimeIndex(cal["date"]).day_of_week])
    cal = cal.sort_values(["date", "activity", "_pos"], kind="stable").reset_index(drop=True)
    nth = cal.groupby([id, "activity"]).cumcount() + 1  # numbered in date order
    cal["visit"] = nth.astype(str) + "/" + cal["_k"].astype(str)
    return cal.drop(columns=["_pos", "_k"])


def calendar_grid(calendar: pd.DataFrame, *, activity: str = "拜访", label: str | None = None) -> pd.DataFrame:
    """The calendar as a month grid (日历视图): weeks as rows, Monday–Sunday as columns, each
    cell the day's ``activity`` stops (``label`` column, else customer ids) joined by "、"."""
    need_columns(calendar, ["date", "activity"], "日程表", "calendar")
    col = label or calendar.columns[2]
    sub = calendar[calendar["activity"] == activity]
    text = sub.groupby("date")[col].agg(lambda s: "、".join(map(str, s)))
    if text.empty:
        return pd.DataFrame(columns=WEEKDAYS)
    dates = pd.DatetimeIndex(text.index)
    month = pd.date_range(dates.min().to_period("M").start_time, dates.max().to_period("M").end_time.normalize())
    cells = pd.Series("", index=month)
    cells[dates] = [f"{d.day}日：{t}" for d, t in zip(dates, text)]
    cells[month.difference(dates)] = [f"{d.day}日" for d in month.difference(dates)]
    frame = pd.DataFrame({"week": month.isocalendar().week.to_numpy(), "wd": [WEEKDAYS[d] for d in month.day_of_week],
                          "cell": cells.to_numpy()})
    grid = frame.pivot(index="week", columns="wd", values="cell").reindex(columns=WEEKDAYS).fillna("")
    grid.index = [f"第{i + 1}周" for i in range(len(grid))]
    grid.columns.name = None
    return grid


@renamed_kwargs(start="origin", start_label="origin_label", max_start_km="max_origin_km")
def routes_by_day(
    calendar: pd.DataFrame,
    stops: pd.DataFrame,
    *,
    origin: tuple[float, float] | None = None,
    origin_label: str = "出发点",
    id: str = "customer_id",
    activity: str = "拜访",
    lat: str = "lat",
    lon: str = "lon",
    label: str | None = "name",
    max_origin_km: float | None = 150.0,
    **route_kw,
) -> tuple[pd.DataFrame, dict]:
    """A route for every day of a visit calendar (每日路线): returns a summary (one row per day:
    customers, ``origin`` (where the route starts), km in the solver's order, km in the naive order —
    the order of ``stops``, e.g. the roster's — and the saving) and a dict date →
    :class:`Route`. ``stops`` gives the coordinates (and labels) of the customers.

    Routes start and end at ``origin`` (the office); on days when every customer is more than
    ``max_origin_km`` away from it (a trip to another city) the route starts at the first
    customer instead and the travel there is not counted."""
    need_columns(calendar, ["date", id, "activity"], "日程表", "calendar")
    need_columns(stops, [id], "拜访客户表", "stops")
    info = stops.drop_duplicates(id).set_index(id)
    visits = calendar[calendar["activity"] == activity]
    unknown = sorted(set(visits[id]) - set(info.index))
    if unknown:
        raise fail(f"日程中的客户没有坐标资料：{examples(unknown)}。", f"Calendar customers missing from stops: {examples(unknown)}.")
    routes, rows = {}, []
    with warnings.catch_warnings(record=True):  # one summary warning below instead of one per day
        warnings.simplefilter("always")
        for date, day in visits.groupby("date", sort=True):
            todays = info[info.index.isin(day[id])].reset_index()  # in the order of ``stops``
            here, here_label = origin, origin_label
            if origin is not None and max_origin_km is not None:
                d0 = distance_matrix(np.r_[origin[0], pd.to_numeric(todays[lat], errors="coerce")],
                                     np.r_[origin[1], pd.to_numeric(todays[lon], errors="coerce")])[0, 1:]
                if np.nanmin(d0, initial=np.inf) > max_origin_km:  # away on a trip: start at the first customer
                    here, here_label = None, ""
            r = visit_route(todays, origin=here, origin_label=here_label, id=id, lat=lat, lon=lon, label=label,
                            **route_kw)
            routes[date] = r
            rows.append((date, r.n_customers, here_label or "首个客户",
                         r.distance_km, r.naive_km, r.saving))
    left = sorted({c for r in routes.values() for c in r.left_out})
    if left:
        warn(f"缺少可用坐标的客户未排入每日路线：{examples(left)}。",
             f"Customers without usable coordinates left out of the daily routes: {examples(left)}.", stacklevel=3)
    summary = pd.DataFrame(rows, columns=["date", "stops", "origin", "km", "naive_km", "saving"]).set_index("date")
    return summary, routes


