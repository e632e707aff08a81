"""Do customers buy again after a complaint? (投诉后的复购与"服务补救悖论")

The *service recovery paradox* (McCollough & Bharadwaj, 1992) says a customer whose complaint
was handled well can end up more loyal than one who never had a problem. Whether it holds is an
empirical question (de Matos, Henrique & Rossi, 2007, meta-analysis: for satisfaction often,
for repurchase intentions and behaviour not). This module builds the comparison honestly:

* complaints with a known handling rating (满意 / 基本满意 / 不满意) and reference observations of
  customers who did **not** complain (the first day of each month, customers with no complaint
  within ``days`` either side) — both only for customers who had ordered in the ``days`` before,
  and only where the ``days`` after are observed;
* repurchase = at least one order in the ``days`` after; shares with Wilson intervals, overall
  and by the number of orders before (busy customers both complain more and reorder more: an
  unadjusted comparison mixes the two);
* a logistic regression of repurchase on the group, adjusted for log(1 + orders before), with
  standard errors clustered by customer (a customer appears many times).

Observational data cannot say that good handling *causes* repurchase: it can equally be that
customers who were going to stay were easier to satisfy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from ..io import clean_ids
from ..summary import orders_around

#: The groups compared, the reference last.
GROUPS: tuple[str, ...] = ("满意", "基本满意", "不满意", "未投诉")
#: Bands of the number of orders in the window before (for the stratified table).
ORDER_BANDS = ((1, 1, "1 单"), (2, 3, "2–3 单"), (4, 7, "4–7 单"), (8, np.inf, "8 单以上"))


def recovery_sample(complaints: pd.DataFrame, orders: pd.DataFrame, *, days: int = 90, end=None,
                    rating: str = "outcome") -> pd.DataFrame:
    """Observations for the recovery comparison (投诉后复购样本): one row per complaint with a
    handling rating in ``rating`` and per reference customer-month without a complaint (see
    the module notes). Columns ``customer_id``, ``date``, ``group`` (one of :data:`GROUPS`),
    ``orders_before``, ``orders_after``, ``repurchased`` (bool). ``orders`` are order lines
    with khlib's column names (:func:`khlib.prepare_orders`)."""
    need_columns(complaints, ["customer_id", "received", rating], "投诉表", "complaints")
    complaints = complaints.assign(customer_id=clean_ids(complaints["customer_id"], "customer_id"))  # for the merge
    rated = complaints[complaints[rating].isin(GROUPS[:3])]
    if rated.empty:
        raise fail(f"列 '{rating}' 没有 {list(GROUPS[:3])} 中的处理评价，无法比较。",
                   f"Column '{rating}' has no handling ratings among {list(GROUPS[:3])}.")
    own = pd.DataFrame({"customer_id": rated["customer_id"].to_numpy(),
                        "date": pd.to_datetime(rated["received"]).dt.normalize().to_numpy(),
                        "group": rated[rating].to_numpy()})
    # reference: every customer with orders, on the first day of each month the complaints span
    firsts = pd.date_range(own["date"].min().to_period("M").start_time, own["date"].max(), freq="MS")
    ids = pd.unique(clean_ids(orders["customer_id"], "customer_id"))
    grid = pd.DataFrame({"customer_id": np.repeat(ids, len(firsts)), "date": np.tile(firsts.to_numpy(), len(ids))})
    marks = pd.DataFrame({"customer_id": complaints["customer_id"].to_numpy(),
                          "order_id": np.arange(len(complaints)),
                          "order_date": pd.to_datetime(complaints["received"]).dt.normalize().to_numpy(),
                          "amount": 1.0})
    near = orders_around(grid, marks, days=days, event_date="date", end="2100-01-01", order="order_id")
    same_day = grid.merge(marks[["customer_id", "order_date"]].drop_duplicates(),
                          left_on=["customer_id", "date"], right_on=["customer_id", "order_date"], how="left",
                          indicator=True)["_merge"].eq("both").to_numpy()
    quiet = (near["orders_before"] + near["orders_after"]).eq(0).to_numpy() & ~same_day
    ref = grid[quiet].assign(group=GROUPS[3])
    obs = pd.concat([own, ref], ignore_index=True)
    around = orders_around(obs, orders, days=days, event_date="date", end=end, order="order_id"
                           if "order_id" in orders.columns else None)
    keep = around["followed"].to_numpy() & (around["orders_before"] >= 1).to_numpy()
    out = obs.assign(orders_before=around["orders_before"], orders_after=around["orders_after"],
                     repurchased=around["orders_after"] > 0)[keep]
    return out.reset_index(drop=True)


def _wilson(k: np.ndarray, n: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(k, n, alpha=1 - level, method="wilson")
    return np.asarray(lo, float), np.asarray(hi, float)


def recovery_table(sample: pd.DataFrame, *, by_band: bool = False, level: float = 0.95) -> pd.DataFrame:
    """Repurchase share by group (复购率), with Wilson ``level`` intervals: ``cases``,
    ``repurchased``, ``share``, ``ci_low``, ``ci_high``, ``orders_before`` (mean). With
    ``by_band=True`` the rows are (band of orders before, group): the comparison within
    customers of similar activity."""
    need_columns(sample, ["group", "orders_before", "repurchased"], "复购样本", "recovery sample")
    keys = ["group"]
    df = sample
    if by_band:
        edges = [b[0] for b in ORDER_BANDS] + [np.inf]
        band = pd.cut(sample["orders_before"], bins=[e - 0.5 for e in edges[:-1]] + [np.inf],
                      labels=[b[2] for b in ORDER_BANDS])
        df = sample.assign(band=band)
        keys = ["band", "group"]
    g = df.groupby(keys, observed=True, sort=False)
    out = g.agg(cases=("repurchased", "size"), repurchased=("repurchased", "sum"), orders_before=("orders_before", "mean"))
    order = pd.Index(GROUPS)
    out = out.reindex(sorted(out.index, key=lambda k: (
        [b[2] for b in ORDER_BANDS].index(k[0]) if by_band else 0, order.get_loc(k[-1] if by_band else k))))
    out["share"] = out["repurchased"] / out["cases"]
    out["ci_low"], out["ci_high"] = _wilson(out["repurchased"].to_numpy(), out["cases"].to_numpy(), level)
    return out[["cases", "repurchased", "share", "ci_low", "ci_high", "orders_before"]]


def recovery_model(sample: pd.DataFrame, *, level: float = 0.95) -> pd.DataFrame:
    """Odds ratios of repurchase against customers who did not complain (复购的优势比), from a
    logistic regression ``repurchased ~ group + log(1 + orders_before)`` with standard errors
    clustered by customer (statsmodels): ``odds_ratio``, ``ci_low``, ``ci_high``, ``p_value``,
    one row per complaint group."""
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    need_columns(sample, ["customer_id", "group", "orders_before", "repurchased"], "复购样本", "recovery sample")
    unknown = ~sample["group"].isin(GROUPS)
    if unknown.any():
        raise fail(f"group 列只能是 {list(GROUPS)}，而有 {sorted(set(sample.loc[unknown, 'group'].astype(str)))[:5]}。",
                   f"The group column must be one of {list(GROUPS)}; found "
                   f"{sorted(set(sample.loc[unknown, 'group'].astype(str)))[:5]}.")
    df = pd.DataFrame({"y": sample["repurchased"].astype(float).to_numpy(),
                       "g": pd.Categorical(sample["group"], categories=[GROUPS[3], *GROUPS[:3]]),
                       "x": np.log1p(sample["orders_before"].to_numpy(float))})
    groups = pd.factorize(sample["customer_id"])[0]
    fit = smf.glm("y ~ g + x", data=df, family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": groups}, tol=1e-12)
    names = [f"g[T.{g}]" for g in GROUPS[:3]]
    ci = fit.conf_int(alpha=1 - level).loc[names]
    return pd.DataFrame({"odds_ratio": np.exp(fit.params[names].to_numpy()), "ci_low": np.exp(ci[0].to_numpy()),
                         "ci_high": np.exp(ci[1].to_numpy()), "p_value": fit.pvalues[names].to_numpy()},
                        index=pd.Index(GROUPS[:3], name="group"))
