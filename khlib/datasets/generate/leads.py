"""The leads family (chapter 03 客户开发): every sales lead the company worked from mid-2023 to the
end of 2025 (``leads.csv.gz``), with its prospecting method, cost, the dates of the key-account
pipeline's stages it reached, its expected and won amount and the salesperson.

Nothing is planted; the process, documented in ``data/README.md``:

* a lead is created by one of the twelve prospecting methods (:data:`METHODS`: each with a cost
  per lead and a share of the leads) and has a hidden *quality* z ~ N(0, 1);
* from each stage it moves on with a probability whose log-odds are the stage's base rate, plus
  the method's effect at qualification (开发 → 立项 only), plus 0.8 z, plus the salesperson's skill;
  otherwise it is lost after a gamma-distributed time. Institutions always go through a tender
  (投标); enterprises with probability 0.4, dealers 0.1;
* the five ratings of the risk form (need, schedule, budget, competition, decision makers) are
  filled in at 立项 as noisy readings of z;
* **won leads are the company's newcomers**: each of the 700 customers whose first order falls
  in 2024–2025 has exactly one won lead, whose 实施 (implementation) date is its first trade date
  and whose won amount is its first order; its method, quality and path are drawn from what a
  lead that is won looks like (rejection sampling from the same process), its dates backwards
  from the first trade. Forward-simulated leads that would have been won inside the data window
  are dropped (their place is taken by the newcomers: about as many, by construction of the lead
  volume); those whose next step falls after 2025-12-31 are open (进行中);
* prospects (潜在客户) are the companies of open leads past 立项 and then of lost ones past
  立项, matched by segment; the other leads' companies are not in the customer records.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import END, N_ESTABLISHED, N_FIRST_2024, N_NEW, SEGMENTS, Context, stream
from .customers import BRANDS, DISTRICTS, ENTERPRISE_INDUSTRIES
from .geo import CITIES

#: The twelve prospecting methods of the material (开发方法): name -> (cost per lead in CNY,
#: share of the leads, log-odds effect on qualifying 开发 → 立项). Costs are the course's
#: assumptions (a salesperson's half day for a cold visit, a trade-fair booth shared by its leads,
#: a text message), not survey figures.
METHODS: dict[str, tuple[float, float, float]] = {
    "逐户访问": (350.0, 0.10, -0.2),
    "广告搜寻": (600.0, 0.07, -0.3),
    "资料查询": (80.0, 0.12, -0.6),
    "会议展会": (1200.0, 0.08, 0.3),
    "俱乐部": (800.0, 0.006, 0.9),
    "电话开发": (60.0, 0.20, -0.8),
    "信息服务": (450.0, 0.05, 0.1),
    "竞争对手处争取": (500.0, 0.05, 0.2),
    "直接邮寄": (40.0, 0.06, -1.3),
    "连锁介绍": (250.0, 0.08, 1.0),
    "短信": (8.0, 0.074, -1.9),
    "网络": (120.0, 0.10, -0.1),
}

STAGES = ("开发", "立项", "方案", "投标", "谈判", "实施")
#: date column of each stage in the file
STAGE_COLUMNS = dict(zip(STAGES, ("development_date", "initiation_date", "proposal_date", "bidding_date",
                                   "negotiation_date", "implementation_date")))
#: base probability of moving on from a stage (开发 → 立项 before the method's effect; 方案 → 谈判
#: for a lead without a tender, 方案 → 投标 → 谈判 with one), and mean days spent in it
QUALIFY, PROPOSE, TENDER, BID_WIN, NEGOTIATE, CLOSE = 0.40, 0.75, 0.85, 0.55, 0.65, 0.72
MEAN_DAYS = {"开发": 18.0, "立项": 25.0, "方案": 21.0, "投标": 28.0, "谈判": 14.0}
P_TENDER = {"经销商": 0.1, "企业": 0.4, "机构": 1.0}
QUALITY, SKILL_SD = 0.8, 0.35
FIRST = np.datetime64("2023-07-01")  # leads created from here to END
MAX_SHIFT = 45  # days a lead won in 2023 may be moved to meet an established customer's first trade


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _p(base: float, shift: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(_logit(base) + shift)))


def _paths(rng: np.random.Generator, n: int, method_effect: np.ndarray, z: np.ndarray, skill: np.ndarray,
           tender: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Forward paths: for each lead the furthest stage reached (0..5, 5 = 实施 = won) and whether
    it was lost there (True) or won. A tender adds the 投标 stage (index 3); without one the lead
    goes 方案 → 谈判."""
    q = QUALITY * z + skill
    steps = [  # probability of moving on at each step
        _p(QUALIFY, method_effect + q),  # 开发 -> 立项
        _p(PROPOSE, q),  # 立项 -> 方案
        np.where(tender, _p(TENDER, q), 1.0),  # 方案 -> 投标 (tender only)
        np.where(tender, _p(BID_WIN, q), _p(NEGOTIATE, q)),  # 投标/方案 -> 谈判
        _p(CLOSE, q),  # 谈判 -> 实施
    ]
    reached = np.zeros(n, int)
    alive = np.ones(n, bool)
    for k, p in enumerate(steps):
        go = alive & (rng.random(n) < p)
        alive = go
        reached = np.where(go, k + 1, reached)
    return reached, ~alive


def _win_probability(method_effect: np.ndarray, z: np.ndarray, skill: np.ndarray, tender: np.ndarray) -> np.ndarray:
    q = QUALITY * z + skill
    mid = np.where(tender, _p(TENDER, q) * _p(BID_WIN, q), _p(NEGOTIATE, q))
    return _p(QUALIFY, method_effect + q) * _p(PROPOSE, q) * mid * _p(CLOSE, q)


def _durations(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Whole days spent in each stage (gamma, shape 2), at least one."""
    return {s: np.maximum(1, np.round(rng.gamma(2.0, m / 2.0, n))).astype(int) for s, m in MEAN_DAYS.items()}


def _ratings(rng: np.random.Generator, z: np.ndarray) -> dict[str, np.ndarray]:
    """The risk form's five 1–5 ratings as noisy readings of the lead's quality."""
    def rate(sign: float, noise: float) -> np.ndarray:
        return np.clip(np.round(3 + sign * z + rng.normal(0, noise, len(z))), 1, 5).astype(int)
    return {"need": rate(1.0, 0.9), "schedule": rate(0.8, 1.0), "budget": rate(0.9, 1.0),
            "competition": rate(-0.6, 1.0), "decision_makers": rate(0.7, 1.1)}


def _company_names(rng: np.random.Generator, segment: np.ndarray, city: np.ndarray, taken: set[str]) -> list[str]:
    """Names of companies outside the customer records (random, unique, none a customer's)."""
    words = [w for _, ws in ENTERPRISE_INDUSTRIES.values() for w in ws if not w.endswith("事务所")]
    brand = rng.choice(BRANDS, len(segment))
    word = rng.choice(words, len(segment))
    inst = rng.integers(0, 4, len(segment))
    num = rng.integers(1, 60, len(segment))
    district = rng.choice(DISTRICTS, len(segment))
    out = []
    for s, c, b, w, i, k, q in zip(segment, city, brand, word, inst, num, district):
        if s == "经销商":
            name = f"{c}{b}办公设备商行"
        elif s == "企业":
            name = f"{c}{b}{w}有限公司"
        else:
            name = c + (f"第{k}中学", f"第{k}人民医院", f"{q}区档案馆", f"{b}研究所")[i]
        base, j = name, 2
        while name in taken:
            name = f"{base}（{j}）"
            j += 1
        taken.add(name)
        out.append(name)
    return out


def leads(ctx: Context) -> pd.DataFrame:
    """The leads table (see the module notes)."""
    rng = stream(ctx.seed, "leads")
    lat, ids = ctx.latent, ctx.ids
    t = ctx.tables
    customers = t["customers"].set_index("customer_id")
    people = t["salespeople"]
    assign = t["assignments"].set_index("customer_id")["salesperson_id"]
    skill_of = pd.Series(rng.normal(0, SKILL_SD, len(people)), index=people["salesperson_id"].to_numpy())
    by_region = {r: g["salesperson_id"].to_numpy() for r, g in people.groupby("region")}
    names = list(METHODS)
    cost = np.array([METHODS[m][0] for m in names])
    share = np.array([METHODS[m][1] for m in names])
    share = share / share.sum()
    effect = np.array([METHODS[m][2] for m in names])
    end = np.datetime64(END.date())
    start = np.datetime64("2024-01-01")

    # first orders of the newcomers: the won amounts, and the amounts other leads are drawn from
    o = t["orders"]
    first_day = customers["first_trade_date"]
    new_ix = np.arange(N_ESTABLISHED, N_ESTABLISHED + N_FIRST_2024 + N_NEW)
    new_ids = ids[new_ix]
    fo = o[o["customer_id"].isin(new_ids)]
    fo = fo[fo["order_date"] == first_day.reindex(fo["customer_id"]).to_numpy()]
    first_amount = fo.groupby("customer_id")["amount"].sum().reindex(new_ids).to_numpy()
    seg_new = lat.segment[new_ix]

    # 1. forward leads: volume calibrated so that about as many would be won in the window as
    #    there are newcomers (a pilot on its own stream, so the lead volume is not a free knob)
    pilot = stream(ctx.seed, "leads-pilot")
    m = 200_000
    ps = pilot.choice(np.array(SEGMENTS), m, p=[0.22, 0.53, 0.25])
    pm = pilot.choice(len(names), m, p=share)
    pw = _win_probability(effect[pm], pilot.normal(0, 1, m), pilot.normal(0, SKILL_SD, m),
                          pilot.random(m) < np.vectorize(P_TENDER.get)(ps)).mean()
    days_total = int((end - FIRST).astype(int)) + 1
    n = int(round(len(new_ix) / pw * days_total / ((end - start).astype(int) + 1)))
    created = FIRST + np.sort(rng.integers(0, days_total, n)).astype("timedelta64[D]")
    segment = rng.choice(np.array(SEGMENTS), n, p=[0.22, 0.53, 0.25])
    weights = np.array([c[5] for c in CITIES], dtype=float)
    city_ix = rng.choice(len(CITIES), n, p=weights / weights.sum())
    region = np.array([CITIES[i][0] for i in city_ix])
    sp = np.array([by_region[r][k % len(by_region[r])] for r, k in zip(region, rng.integers(0, 1000, n))])
    method = rng.choice(len(names), n, p=share)
    z = rng.normal(0, 1, n)
    tender = rng.random(n) < np.vectorize(P_TENDER.get)(segment)
    reached, lost = _paths(rng, n, effect[method], z, skill_of.reindex(sp).to_numpy(), tender)
    dur = _durations(rng, n)
    # lost some time after entering the last stage reached (gamma, 40% of that stage's mean)
    last_stage = np.where(reached >= 4, "谈判", np.where(reached >= 3, np.where(tender, "投标", "方案"),
                                                       np.array(STAGES)[np.minimum(reached, 2)]))
    lost_after = np.maximum(1, np.round(rng.gamma(2.0, 0.2, n) * np.vectorize(MEAN_DAYS.get)(last_stage))).astype(int)
    amount = np.empty(n)
    for seg in SEGMENTS:  # expected amounts like the first orders of the segment's newcomers
        sel = segment == seg
        amount[sel] = rng.choice(first_amount[seg_new == seg], int(sel.sum()))
    amount = np.maximum(100.0, np.round(amount * np.exp(rng.normal(0.1, 0.35, n)), -2))
    fwd = _dates(created, reached, lost, tender, dur, lost_after)
    # drop the forward leads that would be won inside the window: the newcomers take their place
    won_at = fwd["实施"]
    drop = (~lost) & (won_at <= end)
    keep = ~drop
    # a lead won before 2024 is an established customer whose first trade fell in late 2023: the
    # nearest such customer of the segment (its dates shifted to that first trade; its first order
    # predates the order file, so no won amount); without one the lead is dropped
    cust = np.full(n, "", dtype=object)
    est = np.arange(N_ESTABLISHED)
    pool = est[(lat.first_trade[est] >= FIRST) & (lat.first_trade[est] < start)]
    used = np.zeros(len(pool), bool)
    shift = np.zeros(n, int)
    early = np.flatnonzero((~lost) & (won_at < start))
    for i in early[np.argsort(won_at[early], kind="stable")]:  # a few dozen leads, not data rows
        gap = np.abs((lat.first_trade[pool] - won_at[i]).astype(int)).astype(float)
        gap[used | (lat.segment[pool] != segment[i])] = np.inf
        if (gap <= MAX_SHIFT).any():
            j = int(np.argmin(gap))
            used[j], keep[i], cust[i] = True, True, ids[pool[j]]
            shift[i] = int((lat.first_trade[pool[j]] - won_at[i]).astype(int))
    fwd = {s: (v + shift.astype("timedelta64[D]")).astype("datetime64[D]") for s, v in fwd.items()}
    won_at = fwd["实施"]

    # 2. won leads: one per newcomer, conditioned on being won (rejection sampling)
    k = len(new_ix)
    sp_new = assign.reindex(new_ids).to_numpy()
    sk_new = skill_of.reindex(sp_new).to_numpy()
    w_method = np.empty(k, int)
    w_z = np.empty(k)
    w_tender = np.empty(k, bool)
    todo = np.arange(k)
    while len(todo):
        mm = rng.choice(len(names), len(todo), p=share)
        zz = rng.normal(0, 1, len(todo))
        tt = rng.random(len(todo)) < np.vectorize(P_TENDER.get)(seg_new[todo])
        ok = rng.random(len(todo)) < _win_probability(effect[mm], zz, sk_new[todo], tt)
        w_method[todo[ok]], w_z[todo[ok]], w_tender[todo[ok]] = mm[ok], zz[ok], tt[ok]
        todo = todo[~ok]
    wdur = _durations(rng, k)
    first = lat.first_trade[new_ix]
    won_dates = {"实施": first}
    back = first
    for s in ("谈判", "投标", "方案", "立项", "开发"):
        if s == "投标":
            d = np.where(w_tender, back - wdur[s].astype("timedelta64[D]"), np.datetime64("NaT"))
            back = np.where(w_tender, d, back)
        else:
            d = back - wdur[s].astype("timedelta64[D]")
            back = d
        won_dates[s] = d.astype("datetime64[D]")
    won_expected = np.maximum(100.0, np.round(first_amount * np.exp(rng.normal(0.1, 0.3, k)), -2))

    # 3. prospects: companies of open leads past 立项, then of lost ones past 立项, same segment
    status = np.where(lost, "丢单", "赢单")
    last_event = np.where(lost, fwd["丢单"], won_at)
    status = np.where(last_event > end, "进行中", status)
    pro_ix = np.arange(N_ESTABLISHED + N_FIRST_2024 + N_NEW, len(ids))
    order_open = rng.permutation(n)
    past_init = fwd["立项"] <= end
    for seg in SEGMENTS:
        pool = list(pro_ix[lat.segment[pro_ix] == seg])
        for want in ("进行中", "丢单"):
            cand = order_open[keep[order_open] & past_init[order_open] & (status[order_open] == want)
                              & (segment[order_open] == seg)]
            take = cand[: len(pool)]
            cust[take] = ids[np.array(pool[: len(take)], dtype=int)]
            pool = pool[len(take):]
    linked = cust != ""
    cities = np.array([c[2] for c in CITIES])
    city = cities[city_ix].astype(object)
    cp = customers.reindex(cust[linked])
    city[linked] = cp["city"].to_numpy()
    region = region.astype(object)
    region[linked] = cp["region"].to_numpy()
    sp = sp.astype(object)
    sp[linked] = assign.reindex(cust[linked]).to_numpy()
    company = np.empty(n, dtype=object)
    company[linked] = cp["name"].to_numpy()
    taken = set(customers["name"])
    company[~linked] = _company_names(rng, segment[~linked], city[~linked], taken)
    ratings = _ratings(rng, z)
    w_ratings = _ratings(rng, w_z)

    # assemble: forward leads kept, then the won leads, sorted by creation date
    def frame(comp, cid, seg, cty, reg, spp, meth, dates, outcome, expected, won_amount, rt):
        f = pd.DataFrame({"company": comp, "customer_id": cid, "segment": seg, "city": cty, "region": reg,
                          "salesperson_id": spp, "method": np.array(names)[meth], "cost": cost[meth]})
        for s, col in STAGE_COLUMNS.items():
            f[col] = dates[s]
        f["lost_date"] = dates.get("丢单", np.full(len(f), np.datetime64("NaT", "D")))
        f["outcome"] = outcome
        f["expected_amount"] = expected
        f["won_amount"] = won_amount
        init = ~np.isnat(dates["立项"].astype("datetime64[D]"))
        for c, v in rt.items():
            f[c] = np.where(init, v, np.nan)
        return f

    fk = {s: np.asarray(v)[keep] for s, v in fwd.items()}
    st_k = status[keep]
    for s in STAGE_COLUMNS:  # an open lead shows only what happened by the end of the data
        fk[s] = np.where(fk[s] <= end, fk[s], np.datetime64("NaT"))
    fk["丢单"] = np.where((st_k == "丢单"), fk["丢单"], np.datetime64("NaT"))
    part_f = frame(company[keep], cust[keep], segment[keep], city[keep], region[keep], sp[keep], method[keep],
                   fk, st_k, amount[keep], np.full(int(keep.sum()), np.nan), {c: v[keep] for c, v in ratings.items()})
    nc = customers.reindex(new_ids)
    part_w = frame(nc["name"].to_numpy(), new_ids, seg_new, nc["city"].to_numpy(), nc["region"].to_numpy(),
                   sp_new, w_method, won_dates, np.full(k, "赢单"), won_expected, np.round(first_amount, 2), w_ratings)
    out = pd.concat([part_f, part_w], ignore_index=True)
    # an open lead's risk form exists only once it reached 立项 (done in frame); dates as text
    out = out.sort_values(["development_date", "company"], kind="stable").reset_index(drop=True)
    out.insert(0, "lead_id", [f"L{i + 1:05d}" for i in range(len(out))])
    for col in [*STAGE_COLUMNS.values(), "lost_date"]:
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d")
    for c in ("need", "schedule", "budget", "competition", "decision_makers"):
        out[c] = out[c].astype("Int64")
    out["customer_id"] = out["customer_id"].replace("", np.nan)
    return out


def _dates(created: np.ndarray, reached: np.ndarray, lost: np.ndarray, tender: np.ndarray,
           dur: dict[str, np.ndarray], lost_after: np.ndarray) -> dict[str, np.ndarray]:
    """Stage dates of forward leads (NaT for stages not reached) and the date lost. ``reached``
    counts the steps passed (0 开发 … 5 实施); a lead without a tender passes step 3 at once."""
    def days(s: str) -> np.ndarray:
        return dur[s].astype("timedelta64[D]")
    nat = np.datetime64("NaT")
    d = {"开发": created.astype("datetime64[D]")}
    d["立项"] = d["开发"] + days("开发")
    d["方案"] = d["立项"] + days("立项")
    d["投标"] = d["方案"] + days("方案")
    d["谈判"] = np.where(tender, d["投标"] + days("投标"), d["方案"] + days("方案"))
    d["实施"] = d["谈判"] + days("谈判")
    out = {"开发": d["开发"]}
    for k, s in enumerate(STAGES[1:], start=1):
        hit = (reached >= k) & (tender if s == "投标" else True)
        out[s] = np.where(hit, d[s], nat).astype("datetime64[D]")
    last = np.full(len(created), nat, dtype="datetime64[D]")
    for s in STAGES:
        last = np.where(np.isnat(out[s]), last, out[s])
    out["丢单"] = np.where(lost, last + lost_after.astype("timedelta64[D]"), nat).astype("datetime64[D]")
    return out


def build(ctx: Context) -> dict[str, pd.DataFrame]:
    """The leads; needs ``ctx.ids``, the customers, orders, salespeople and assignments."""
    return {"leads": leads(ctx)}
