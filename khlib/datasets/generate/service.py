"""The service family (chapter 02, reused as the contact log of chapter 06): every service
activity the company performed for its customers in 2024–2025 (``activities.csv.gz``).

Nothing is planted: every activity follows from the orders, invoices and payments already
generated and from the customers' hidden traits. The new hidden trait is how *demanding* a
customer is (:func:`service_latent`, its own stream, independent of size): demanding customers
call support more and for longer, ask for urgent deliveries and return goods more often, and
are visited a little more. Deliveries follow the orders, reminders and late money follow the
payments (the habits of :mod:`.receivables`), visits grow with size and with the diligence of
the customer's salesperson. Chapter 02 prices these activities (activity-based costing); small,
demanding, late-paying customers come out unprofitable because of what they do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .common import END, SEED, START, Context, CustomerLatent, stream

#: Product categories that are machines (they need support calls); consumables, paper and
#: services do not.
MACHINES = ("打印机", "复合机", "扫描仪", "投影显示", "文档处理", "考勤门禁")

#: The process parameters (documented in data/README.md): visits per month = (VISIT_FLOOR +
#: VISIT_SIZE × size^0.6, at most 2.2) × demand^VISIT_DEMAND × the salesperson's diligence;
#: support calls per month = CALLS × demand^1.5 × √machines owned; urgent deliveries
#: URGENT × demand of the orders; returns RETURNS × demand² of the order lines.
VISIT_FLOOR, VISIT_SIZE, VISIT_DEMAND = 0.3, 0.3, 0.8
CALLS, URGENT, RETURNS = 0.35, 0.06, 0.01

#: The activities in the order of their first appearance in the file's documentation.
ACTIVITIES = ("配送", "加急配送", "拜访", "电话支持", "上门服务", "退换货", "催款", "逾期占款", "坏账核销")

#: An invoice still unpaid this many days after its due date is written off (坏账核销).
WRITE_OFF_DAYS = 180


@dataclass(frozen=True)
class ServiceLatent:
    """Hidden service traits, indexed like :class:`~.common.CustomerLatent` (latent order)."""

    demand: np.ndarray  #: how demanding a customer is: log-normal, median 1, σ = 0.6, independent of size


def service_latent(seed: int = SEED, n: int | None = None) -> ServiceLatent:
    """The customers' hidden service traits (never written to disk): the same seed always gives
    the same traits. Later families (surveys, complaints) read them here."""
    from .common import N_ESTABLISHED, N_FIRST_2024, N_NEW, N_POTENTIAL

    rng = stream(seed, "service-latent")
    n = n or N_ESTABLISHED + N_FIRST_2024 + N_NEW + N_POTENTIAL
    return ServiceLatent(np.exp(rng.normal(0.0, 0.6, n)))


def _months() -> pd.DatetimeIndex:
    return pd.date_range(START, END, freq="MS")


def _active_share(lat: CustomerLatent) -> np.ndarray:
    """Share of each month (columns) a customer (rows) was a customer: from its first trade
    (or the start of the data) to its hidden churn date (or the end)."""
    months = _months()
    m_start = months.to_numpy().astype("datetime64[D]")
    m_end = (months + pd.offsets.MonthEnd(0)).to_numpy().astype("datetime64[D]")
    first = np.where(np.isnat(lat.first_trade), np.datetime64("2100-01-01"), lat.first_trade)
    stop = np.where(np.isnat(lat.churn), np.datetime64(END.date()), lat.churn)
    lo = np.maximum(first[:, None], m_start[None, :])
    hi = np.minimum(stop[:, None], m_end[None, :])
    days = (hi - lo).astype(int) + 1
    length = (m_end - m_start).astype(int) + 1
    return np.clip(days / length[None, :], 0, 1)


def _spread_days(rng: np.random.Generator, month_index: np.ndarray, workdays: list[np.ndarray], lo: np.ndarray,
                 hi: np.ndarray) -> np.ndarray:
    """A random working day in each given month, between ``lo`` and ``hi`` (the customer's
    active days); NaT when the active part of the month has no working day."""
    out = np.full(len(month_index), np.datetime64("NaT"), dtype="datetime64[D]")
    for m, days in enumerate(workdays):  # 24 months, not rows
        sel = np.flatnonzero(month_index == m)
        a = np.searchsorted(days, lo[sel], side="left")
        b = np.searchsorted(days, hi[sel], side="right")
        ok = b > a
        pick = a + np.floor(rng.random(len(sel)) * np.maximum(b - a, 1)).astype(int)
        out[sel[ok]] = days[np.minimum(pick, len(days) - 1)][ok]
    return out


def activities(seed: int, lat: CustomerLatent, ids: np.ndarray, orders: pd.DataFrame, products: pd.DataFrame,
               invoices: pd.DataFrame, payments: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """Every service activity of 2024–2025, one row each (see the module notes)."""
    from ...fieldsales.calendar import working_days

    rng = stream(seed, "activities")
    n = len(ids)
    demand = service_latent(seed, n).demand
    pos = pd.Series(np.arange(n), index=ids)
    end = np.datetime64(END.date())
    parts = []

    # deliveries: one per order, a demanding customer asks for urgent ones
    o = orders.drop_duplicates("order_id")
    oc = pos.reindex(o["customer_id"]).to_numpy()
    urgent = rng.random(len(o)) < np.minimum(URGENT * demand[oc], 0.6)
    odate = pd.to_datetime(o["order_date"]).to_numpy().astype("datetime64[D]")
    ddate = np.minimum(odate + rng.integers(0, 3, len(o)), end)
    parts.append(pd.DataFrame({"date": ddate, "customer_id": o["customer_id"].to_numpy(),
                               "activity": np.where(urgent, "加急配送", "配送"), "quantity": 1.0,
                               "order_id": o["order_id"].to_numpy()}))

    # returns / exchanges: per order line, more for demanding customers
    lc = pos.reindex(orders["customer_id"]).to_numpy()
    ret = rng.random(len(orders)) < np.minimum(RETURNS * demand[lc] ** 2, 0.15)
    rl = orders[ret]
    rdate = np.minimum(pd.to_datetime(rl["order_date"]).to_numpy().astype("datetime64[D]")
                       + rng.integers(3, 15, len(rl)), end)
    parts.append(pd.DataFrame({"date": rdate, "customer_id": rl["customer_id"].to_numpy(), "activity": "退换货",
                               "quantity": 1.0, "order_id": rl["order_id"].to_numpy()}))

    # monthly processes of the customers who trade: visits and support calls
    share = _active_share(lat)
    months = _months()
    workdays = [working_days(m.strftime("%Y-%m")).to_numpy().astype("datetime64[D]") for m in months]
    traded = ~np.isnat(lat.first_trade)
    active_lo = np.where(traded, lat.first_trade, np.datetime64(START.date())).astype("datetime64[D]")
    active_hi = np.where(np.isnat(lat.churn), end, lat.churn).astype("datetime64[D]")
    sp = assignments.set_index("customer_id")["salesperson_id"].reindex(ids).to_numpy()
    people = np.unique(sp[traded].astype(str))
    diligence = pd.Series(np.exp(rng.normal(0.0, 0.25, len(people))), index=people)
    dil = diligence.reindex(sp.astype(str)).fillna(1.0).to_numpy()
    base = np.minimum(VISIT_FLOOR + VISIT_SIZE * lat.size ** 0.6, 2.2)
    visit_mean = (base * demand ** VISIT_DEMAND * dil)[:, None] * share * traded[:, None]
    visits = rng.poisson(visit_mean)
    vc, vm = np.nonzero(visits)
    vc, vm = np.repeat(vc, visits[vc, vm]), np.repeat(vm, visits[vc, vm])
    parts.append(pd.DataFrame({"date": _spread_days(rng, vm, workdays, active_lo[vc], active_hi[vc]),
                               "customer_id": ids[vc], "activity": "拜访",
                               "quantity": 1.0, "salesperson_id": sp[vc], "channel": "上门"}))

    # machines a customer owns (bought since the start of the data, capped) drive support calls
    cat = products.set_index("product_id")["category"]
    is_machine = orders["product_id"].map(cat).isin(MACHINES).to_numpy()
    month_of = (pd.to_datetime(orders["order_date"]).dt.year.to_numpy() - START.year) * 12 \
        + pd.to_datetime(orders["order_date"]).dt.month.to_numpy() - 1
    bought = np.zeros((n, len(months)))
    np.add.at(bought, (lc[is_machine], month_of[is_machine]), orders["quantity"].to_numpy()[is_machine])
    owned = np.minimum(1 + np.cumsum(bought, axis=1), 20)  # one machine from before the data
    call_mean = CALLS * (demand ** 1.5)[:, None] * np.sqrt(owned) * share * traded[:, None]
    calls = rng.poisson(call_mean)
    cc, cm = np.nonzero(calls)
    cc, cm = np.repeat(cc, calls[cc, cm]), np.repeat(cm, calls[cc, cm])
    cdate = _spread_days(rng, cm, workdays, active_lo[cc], active_hi[cc])
    minutes = np.maximum(1, np.round(np.exp(np.log(8 * demand[cc] ** 0.3) + rng.normal(0, 0.6, len(cc)))))
    channel = np.array(["电话", "微信", "邮件"])[rng.choice(3, len(cc), p=[0.6, 0.3, 0.1])]
    parts.append(pd.DataFrame({"date": cdate, "customer_id": ids[cc], "activity": "电话支持", "quantity": minutes,
                               "channel": channel}))
    onsite = rng.random(len(cc)) < 0.12
    parts.append(pd.DataFrame({"date": np.minimum(cdate[onsite] + rng.integers(1, 6, int(onsite.sum())), end),
                               "customer_id": ids[cc][onsite], "activity": "上门服务", "quantity": 1.0}))

    # collection reminders and late money, from the invoices and payments
    inv = invoices.set_index("invoice_id")
    due = pd.to_datetime(inv["due_date"]).to_numpy().astype("datetime64[D]")
    amount = inv["amount"].to_numpy(dtype=float)
    pay = payments.assign(payment_date=pd.to_datetime(payments["payment_date"]))
    paid = pay.groupby("invoice_id")["amount"].sum().reindex(inv.index).fillna(0.0).to_numpy()
    last = pay.groupby("invoice_id")["payment_date"].max().reindex(inv.index).to_numpy().astype("datetime64[D]")
    settled = np.where(paid >= amount - 0.005, last, np.datetime64("NaT"))
    stop = np.where(np.isnat(settled), end + 1, settled)  # reminders while unpaid, up to the end of data
    first_rem = due + 7
    k = np.where(first_rem < np.minimum(stop, end + 1),
                 ((np.minimum(stop - 1, end) - first_rem).astype(int) // 30) + 1, 0)
    k = np.maximum(k, 0)
    ri = np.repeat(np.arange(len(inv)), k)
    step = np.arange(k.sum()) - np.repeat(np.cumsum(k) - k, k)
    parts.append(pd.DataFrame({"date": first_rem[ri] + 30 * step, "customer_id": inv["customer_id"].to_numpy()[ri],
                               "activity": "催款", "quantity": 1.0, "invoice_id": inv.index.to_numpy()[ri]}))
    pdue = due[inv.index.get_indexer(pay["invoice_id"])]
    pday = pay["payment_date"].to_numpy().astype("datetime64[D]")
    late = pday > pdue
    parts.append(pd.DataFrame({"date": pday[late], "customer_id": pay["customer_id"].to_numpy()[late],
                               "activity": "逾期占款",
                               "quantity": np.round(pay["amount"].to_numpy()[late] * (pday - pdue)[late].astype(int), 2),
                               "invoice_id": pay["invoice_id"].to_numpy()[late]}))
    open_amt = np.round(amount - paid, 2)
    still = (open_amt > 0.005) & (due < end)
    parts.append(pd.DataFrame({"date": np.full(int(still.sum()), end), "customer_id": inv["customer_id"].to_numpy()[still],
                               "activity": "逾期占款",
                               "quantity": np.round(open_amt[still] * (end - due[still]).astype(int), 2),
                               "invoice_id": inv.index.to_numpy()[still]}))

    gone = (open_amt > 0.005) & (due + WRITE_OFF_DAYS <= end)
    parts.append(pd.DataFrame({"date": due[gone] + WRITE_OFF_DAYS, "customer_id": inv["customer_id"].to_numpy()[gone],
                               "activity": "坏账核销", "quantity": open_amt[gone],
                               "invoice_id": inv.index.to_numpy()[gone]}))

    out = pd.concat(parts, ignore_index=True)
    out = out[(out["date"] >= np.datetime64(START.date())) & (out["date"] <= end)]  # drops NaT too
    kind = pd.Categorical(out["activity"], categories=list(ACTIVITIES), ordered=True).codes
    order = np.lexsort((out["invoice_id"].fillna("").to_numpy(), out["order_id"].fillna("").to_numpy(),
                        out["customer_id"].to_numpy(), kind, out["date"].to_numpy()))
    out = out.iloc[order].reset_index(drop=True)
    out.insert(0, "activity_id", [f"A{i + 1:07d}" for i in range(len(out))])
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    cols = ["activity_id", "date", "customer_id", "activity", "quantity", "order_id", "invoice_id", "salesperson_id",
            "channel"]
    return out.reindex(columns=cols)


def build(ctx: Context) -> dict[str, pd.DataFrame]:
    """The activities; needs ``ctx.ids``, the orders, products, invoices, payments and assignments."""
    t = ctx.tables
    return {"activities": activities(ctx.seed, ctx.latent, ctx.ids, t["orders"], t["products"], t["invoices"],
                                     t["payments"], t["assignments"])}
