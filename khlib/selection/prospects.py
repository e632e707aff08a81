"""The selection criteria of prospects (潜在客户的选择标准), measured on data.

The course material lists what makes a good customer: desire and power to buy, low price
sensitivity, low cost to serve, growth potential, a wish to grow together, and (for key
accounts) reachability. A prospect has no history, so each criterion is read from what the
company knows about it (its record card) or from its *peers*: current customers of the same
segment and size, whose discounts and cost to serve are measured. The weighting of the
criteria is :func:`khlib.selection.weighted_score`; this module only builds the table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from ..fieldsales import distance_km
from ..periods import DateLike
from ..summary import customer_gross_profit

#: 合作意愿 from the record card's 经营方针 (business policy), the course's assumption: an
#: expanding customer wants to grow with a supplier, a contracting one does not.
POLICY_SCORES: dict[str, float] = {"扩张型": 1.0, "稳健型": 0.5, "收缩型": 0.0}

#: The criteria of :func:`prospect_criteria`: column -> (Chinese name, True if higher is better).
CRITERIA: dict[str, tuple[str, bool]] = {
    "purchasing_power": ("购买力", True),
    "price_sensitivity": ("价格敏感度", False),
    "cost_to_serve_ratio": ("服务成本率", False),
    "growth": ("成长潜力", True),
    "partnership": ("合作意愿", True),
    "distance_km": ("距离", False),
}


def negotiated_discount(orders: pd.DataFrame, products: pd.DataFrame, *, start: DateLike = None,
                        end: DateLike = None, list_price: str = "list_price") -> pd.Series:
    """Each customer's average negotiated discount off list price (议价折扣): 1 − sales / the
    same goods at list price. A customer that bargains hard is price sensitive.

    >>> lines = pd.DataFrame({"customer_id": ["a", "b"], "order_id": [1, 2], "order_date": ["2025-01-02"] * 2,
    ...                       "product_id": ["P1", "P1"], "quantity": [2, 1], "amount": [160.0, 95.0]})
    >>> negotiated_discount(lines, pd.DataFrame({"product_id": ["P1"], "list_price": [100.0]})).round(2).tolist()
    [0.2, 0.05]
    """
    at_list = customer_gross_profit(orders, products, start=start, end=end, unit_cost=list_price)
    out = 1 - at_list["sales"] / at_list["cost_of_goods"].where(at_list["cost_of_goods"] > 0)
    return out.rename("discount")


def size_band(employees: pd.Series, edges: Sequence[float]) -> pd.Series:
    """Size class by number of employees (规模档): 小 below ``edges[0]``, 中 up to ``edges[1]``,
    大 above.

    >>> size_band(pd.Series([5, 40, 500]), [20, 100]).tolist()
    ['小', '中', '大']
    """
    if len(edges) != 2 or not edges[0] < edges[1]:
        raise fail(f"edges 应是两个递增的分界值，而不是 {list(edges)}。", f"edges must be two increasing cut points, not {list(edges)}.")
    e = pd.to_numeric(employees, errors="coerce")
    if e.isna().any():
        raise fail(f"员工数有 {int(e.isna().sum())} 个缺失或非数值。", f"{int(e.isna().sum())} employee count(s) are missing or not numbers.")
    return pd.Series(np.select([e < edges[0], e <= edges[1]], ["小", "中"], "大"), index=employees.index, name="size_band")


def peer_median(prospects: pd.DataFrame, peers: pd.DataFrame, value: str, *, by: Sequence[str]) -> pd.Series:
    """For each prospect, the median ``value`` of the peers that share its ``by`` columns
    (同类客户中位数). A group with fewer than 5 peers falls back to the first ``by`` column alone,
    then to all peers: a median of two customers is not a profile.

    >>> peers = pd.DataFrame({"seg": ["x"] * 5 + ["y"] * 2, "v": [1, 2, 3, 4, 5, 10, 20]})
    >>> peer_median(pd.DataFrame({"seg": ["x", "y"]}), peers, "v", by=["seg"]).tolist()
    [3.0, 4.0]
    """
    need_columns(peers, [*by, value], "同类客户表", "peers")
    need_columns(prospects, list(by), "潜在客户表", "prospects")
    v = pd.to_numeric(peers[value], errors="coerce")
    ok = v.notna().to_numpy()
    out = pd.Series(np.nan, index=prospects.index, name=value)
    levels = [list(by), list(by[:1])] if len(by) > 1 else [list(by)]
    for cols in levels:
        grouped = v[ok].groupby([peers.loc[ok, c] for c in cols])
        stats = pd.DataFrame({"median": grouped.median(), "n": grouped.size()})
        stats = stats[stats["n"] >= 5]
        key = pd.MultiIndex.from_frame(prospects[cols]) if len(cols) > 1 else pd.Index(prospects[cols[0]])
        found = pd.Series(stats["median"].reindex(key).to_numpy(), index=prospects.index)
        out = out.fillna(found)
    return out.fillna(float(v[ok].median()))


def prospect_criteria(
    prospects: pd.DataFrame,
    peers: pd.DataFrame,
    *,
    growth: pd.Series,
    bases: pd.DataFrame | None = None,
    size_edges: Sequence[float] = (20, 100),
    policy_scores: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The six selection criteria of each prospect (潜在客户评价指标), one row per prospect:

    * ``purchasing_power`` 购买力: its assets (万元, record card ``assets_10k``);
    * ``price_sensitivity`` 价格敏感度: the median negotiated discount of its peers (same
      segment and size band) — lower is better;
    * ``cost_to_serve_ratio`` 服务成本率: its peers' median cost to serve / gross margin — lower
      is better;
    * ``growth`` 成长潜力: the probability of growing into an A customer (``growth``, e.g. from
      :func:`khlib.selection.fit_growth_model`);
    * ``partnership`` 合作意愿: the record card's business policy scored by ``policy_scores``
      (default :data:`POLICY_SCORES`, the course's assumption);
    * ``distance_km`` 距离: km from its salesperson's office (``bases``: ``lat``/``lon`` of each
      prospect's office, indexed like ``prospects``) — reachability, lower is better; omitted
      without ``bases``.

    ``prospects`` (indexed by customer id) needs ``segment``, ``employees``, ``assets_10k``,
    ``business_policy`` and, with ``bases``, ``lat``/``lon``; ``peers`` (current customers)
    ``segment``, ``employees``, ``discount`` and ``cost_to_serve_ratio``.
    """
    need_columns(prospects, ["segment", "employees", "assets_10k", "business_policy"], "潜在客户表", "prospects")
    need_columns(peers, ["segment", "employees", "discount", "cost_to_serve_ratio"], "同类客户表", "peers")
    scores = POLICY_SCORES if policy_scores is None else dict(policy_scores)
    policy = prospects["business_policy"].map(scores)
    if policy.isna().any():
        bad = sorted(set(prospects["business_policy"][policy.isna()].astype(str)))
        raise fail(f"经营方针 {bad} 没有合作意愿分值；已有：{list(scores)}。",
                   f"Business policy {bad} has no partnership score; scored: {list(scores)}.")
    g = pd.Series(growth).reindex(prospects.index)
    if g.isna().any():
        raise fail(f"有 {int(g.isna().sum())} 个潜在客户没有成长概率（growth）。",
                   f"{int(g.isna().sum())} prospect(s) have no growth probability.")
    pro = prospects.assign(size_band=size_band(prospects["employees"], size_edges))
    peer = peers.assign(size_band=size_band(peers["employees"], size_edges))
    out = pd.DataFrame({
        "purchasing_power": pd.to_numeric(prospects["assets_10k"], errors="coerce").astype(float),
        "price_sensitivity": peer_median(pro, peer, "discount", by=["segment", "size_band"]),
        "cost_to_serve_ratio": peer_median(pro, peer, "cost_to_serve_ratio", by=["segment", "size_band"]),
        "growth": g.astype(float),
        "partnership": policy.astype(float),
    }, index=prospects.index)
    if bases is not None:
        need_columns(bases, ["lat", "lon"], "业务员驻地表", "bases")
        need_columns(prospects, ["lat", "lon"], "潜在客户表", "prospects")
        b = bases.reindex(prospects.index)
        if b[["lat", "lon"]].isna().any().any():
            raise fail("有潜在客户没有对应的业务员驻地坐标（bases）。", "Some prospects have no salesperson office (bases).")
        out["distance_km"] = distance_km(prospects["lat"], prospects["lon"], b["lat"], b["lon"])
    return out
