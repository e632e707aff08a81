"""The record card's qualitative fields (资料卡的定性项目) of ``customers.csv``, generated from
each customer's hidden traits and its behaviour in the other tables, so that the card agrees
with the orders and payments (chapter 00; COURSE_DESIGN: "one company, one story").

They are written after every family has run (:func:`khlib.datasets.generate.generate` calls
:func:`card_fields` last), because they read the orders, invoices and payments. Each field is a
score — a measured behaviour or a hidden trait plus noise from its own stream
(``stream(seed, "customer-card")``) — cut into categories at fixed shares of the customers
concerned, so that a salesperson's judgement is neither a pure draw nor a perfect measurement:

* ``growth_potential`` 发展潜力 (高 20% / 中 50% / 低 30%): customers since before December 2024,
  the log ratio of their monthly spend in 2025 to 2024 (each year's spend over the months they
  were a customer in it, plus 500 CNY) plus N(0, 0.25); customers whose first trade is in 2025
  and prospects have no trend yet and are judged by their size, log(hidden size) + N(0, 0.5),
  cut separately at the same shares;
* ``attitude`` 合作态度 (积极 45% / 一般 45% / 冷淡 10%): 2 × the share of the money invoiced
  (due by 2025-12-31) that was paid by its due date − 3 × the share still unpaid at 2025-12-31 +
  order regularity (the share of months since the first trade in the window with an order) +
  N(0, 0.3); prospects: ``未合作``;
* ``competitor_position`` 与竞争对手的关系 (独家供应 35% / 主要供应商 40% / 次要供应商 25%): the
  share of its needs the customer buys from us — its hidden order rate relative to what its size
  predicts, log(rate) − ½·log(size), centred by segment — plus N(0, 0.3); a customer that has
  stopped buying (last order more than 120 days before 2025-12-31) is a 次要供应商 at best;
  prospects: ``未合作``;
* ``sales_capability`` 销售能力 (dealers only, who resell: 强 30% / 中 45% / 弱 25%):
  log(hidden size) + N(0, 0.4); empty for enterprises and institutions (end users);
* ``business_policy`` 经营方针 (扩张型 25% / 稳健型 55% / 收缩型 20%): −1.5 if the customer is
  going to stop buying (hidden churn date), +0.5 if founded within five years of 2025-12-31, plus
  N(0, 0.6): a contracting policy is an early sign of churn;
* ``staff_quality`` 人员素质 (较高 30% / 一般 50% / 较低 20%): ½·log(hidden size) + N(0, 0.7).

No other column of any file depends on these fields.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import END, START, Context, stream

#: field -> (categories from the highest score down, their shares).
CUTS: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "growth_potential": (("高", "中", "低"), (0.20, 0.50, 0.30)),
    "attitude": (("积极", "一般", "冷淡"), (0.45, 0.45, 0.10)),
    "competitor_position": (("独家供应", "主要供应商", "次要供应商"), (0.35, 0.40, 0.25)),
    "sales_capability": (("强", "中", "弱"), (0.30, 0.45, 0.25)),
    "business_policy": (("扩张型", "稳健型", "收缩型"), (0.25, 0.55, 0.20)),
    "staff_quality": (("较高", "一般", "较低"), (0.30, 0.50, 0.20)),
}
NOT_YET = "未合作"  # attitude and competitor position of a prospect
_DORMANT_DAYS = 120


def _cut(score: np.ndarray, mask: np.ndarray, field: str) -> np.ndarray:
    """Categories of ``field`` for the customers in ``mask``: the highest scores get the first
    category, in the field's shares (ties broken by position: stable)."""
    labels, shares = CUTS[field]
    out = np.full(len(score), None, dtype=object)
    idx = np.flatnonzero(mask)
    ranked = idx[np.argsort(-score[idx], kind="stable")]
    bounds = np.round(np.cumsum(shares) * len(idx)).astype(int)
    start = 0
    for lab, stop in zip(labels, bounds):
        out[ranked[start:stop]] = lab
        start = stop
    return out


def card_fields(ctx: Context) -> pd.DataFrame:
    """The customers table with its qualitative card fields generated (see the module doc)."""
    lat, ids = ctx.latent, ctx.ids
    n = len(ids)
    rng = stream(ctx.seed, "customer-card")
    noise = {f: rng.normal(0.0, 1.0, n) for f in CUTS}  # one fixed draw per field, latent order
    pos = pd.Series(np.arange(n), index=ids)
    orders = ctx.tables["orders"]
    odate = pd.to_datetime(orders["order_date"])
    ci = pos.reindex(orders["customer_id"]).to_numpy()
    year = odate.dt.year.to_numpy()
    spend = {y: np.bincount(ci[year == y], weights=orders["amount"].to_numpy()[year == y], minlength=n)
             for y in (2024, 2025)}
    first = lat.first_trade
    prospect = np.isnat(first)
    first_f = np.where(prospect, np.datetime64("2100-01-01"), first)

    def months_in(y: int) -> np.ndarray:  # months a customer was one during year y
        lo = np.maximum(first_f, np.datetime64(f"{y}-01-01"))
        return np.clip((np.datetime64(f"{y}-12-31") - lo).astype(int) + 1, 0, None) / 30.44

    m24, m25 = months_in(2024), months_in(2025)
    both = ~prospect & (m24 >= 1)
    size = np.log(lat.size)

    # 发展潜力: trend of monthly spend where there are two years, otherwise size.
    trend = np.log((spend[2025] / np.maximum(m25, 1) + 500) / (spend[2024] / np.maximum(m24, 1) + 500))
    potential = _cut(trend + 0.25 * noise["growth_potential"], both, "growth_potential")
    fresh = _cut(size + 0.5 * noise["growth_potential"], ~both, "growth_potential")
    potential = np.where(both, potential, fresh)

    # 合作态度: paying on time and ordering regularly.
    inv, pay = ctx.tables["invoices"], ctx.tables["payments"]
    due = pd.to_datetime(inv["due_date"])
    inv_due = inv[due <= END]
    paid = pay.merge(inv_due[["invoice_id", "due_date"]], on="invoice_id")
    on_time = paid[pd.to_datetime(paid["payment_date"]) <= pd.to_datetime(paid["due_date"])]
    cj = pos.reindex(inv_due["customer_id"]).to_numpy()
    billed = np.bincount(cj, weights=inv_due["amount"].to_numpy(), minlength=n)
    ok = np.bincount(pos.reindex(on_time["customer_id"]).to_numpy(), weights=on_time["amount"].to_numpy(),
                     minlength=n)
    got = np.bincount(pos.reindex(paid["customer_id"]).to_numpy(), weights=paid["amount"].to_numpy(), minlength=n)
    share = np.where(billed > 0, billed, 1)
    punctual = np.where(billed > 0, ok / share, 1.0)       # no invoice due yet: nothing late
    unpaid = np.where(billed > 0, np.clip(1 - got / share, 0, 1), 0.0)
    month_no = (odate.dt.year.to_numpy() - START.year) * 12 + odate.dt.month.to_numpy() - 1
    active = np.zeros((n, 24), dtype=bool)
    active[ci, month_no] = True
    start_m = np.clip((pd.to_datetime(first_f).year.to_numpy() - START.year) * 12
                      + pd.to_datetime(first_f).month.to_numpy() - 1, 0, 24)
    span = np.maximum(24 - start_m, 1)
    regular = active.sum(axis=1) / span
    trading = ~prospect
    score = 2 * punctual - 3 * unpaid + regular + 0.3 * noise["attitude"]
    attitude = np.where(trading, _cut(score, trading, "attitude"), NOT_YET)

    # 与竞争对手的关系: share of wallet (hidden rate against size), dormant customers last.
    seg = pd.Series(lat.segment)
    wallet = np.log(lat.rate) - 0.5 * size
    wallet = wallet - seg.map(pd.Series(wallet).groupby(seg).median()).to_numpy()
    last = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    last_s = pd.Series(odate.to_numpy()).groupby(ci).max()
    last[last_s.index.to_numpy()] = last_s.to_numpy()
    dormant = trading & ~(last >= np.datetime64(END) - np.timedelta64(_DORMANT_DAYS, "D"))
    score = np.where(dormant, -np.inf, wallet + 0.3 * noise["competitor_position"])
    competitor = np.where(trading, _cut(score, trading, "competitor_position"), NOT_YET)

    # 销售能力 (dealers), 经营方针, 人员素质.
    dealer = lat.segment == "经销商"
    capability = _cut(size + 0.4 * noise["sales_capability"], dealer, "sales_capability")
    founded = pd.to_datetime(ctx.tables["customers"].set_index("customer_id")["founded"].reindex(ids)).to_numpy()
    young = founded >= np.datetime64("2020-12-31")
    policy_score = -1.5 * ~np.isnat(lat.churn) + 0.5 * young + 0.6 * noise["business_policy"]
    policy = _cut(policy_score, np.ones(n, bool), "business_policy")
    staff = _cut(0.5 * size + 0.7 * noise["staff_quality"], np.ones(n, bool), "staff_quality")

    fields = pd.DataFrame({"growth_potential": potential, "sales_capability": capability,
                           "business_policy": policy, "staff_quality": staff, "attitude": attitude,
                           "competitor_position": competitor}, index=ids)
    out = ctx.tables["customers"].copy()
    new = fields.reindex(out["customer_id"]).reset_index(drop=True)
    for col in ("growth_potential", "attitude", "competitor_position"):
        out[col] = new[col].to_numpy()
    at = out.columns.get_loc("growth_potential") + 1
    for k, col in enumerate(("sales_capability", "business_policy", "staff_quality")):
        out.insert(at + k, col, new[col].to_numpy())
    return out
