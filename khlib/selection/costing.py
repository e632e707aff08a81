"""Customer profit by activity-based costing (作业成本法与客户利润): the light step on the
per-customer tables of :func:`khlib.summary.customer_gross_profit` and
:func:`khlib.summary.activity_costs`.

Customer profit = gross margin − cost to serve. The cost rates below are the course's
assumptions (本课程的假设) for an office-equipment maker, documented so that an instructor
or an analyst can change them: pass your own ``rates``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._errors import fail, need_columns
from ..periods import DateLike
from ..summary import activity_costs, check_rates, customer_gross_profit

#: Cost per driver unit of each service activity, CNY (本课程的假设). The reasoning of each
#: rate is in :data:`COST_DRIVERS`; change them with ``rates={**COST_RATES, '拜访': 600}``.
COST_RATES: dict[str, float] = {
    "配送": 60.0,
    "加急配送": 200.0,
    "拜访": 450.0,
    "电话支持": 3.0,
    "上门服务": 350.0,
    "退换货": 250.0,
    "催款": 80.0,
    "逾期占款": 0.06 / 365,
    "坏账核销": 1.0,
}

#: Activity -> (driver unit, how the rate was set). 作业、成本动因与成本率的依据。
COST_DRIVERS: dict[str, tuple[str, str]] = {
    "配送": ("次", "一次同城或干线配送：车辆、司机与装卸，约 60 元"),
    "加急配送": ("次", "专车或快递当日达，约为普通配送的 3 倍多"),
    "拜访": ("次", "业务员半天（工资、社保约 300 元）加交通、餐补约 150 元"),
    "电话支持": ("分钟", "客服与技术支持人员每分钟成本约 3 元（含系统与管理）"),
    "上门服务": ("次", "工程师上门：半天工时加交通与备件周转"),
    "退换货": ("次", "逆向物流、检测与重新包装"),
    "催款": ("次", "财务与业务员的电话、函件与对账"),
    "逾期占款": ("元·天", "逾期未收的钱按年利率 6% 计资金成本：每元每天 0.06/365"),
    "坏账核销": ("元", "到期 180 天仍未收回的欠款核销为坏账：损失的就是这笔钱"),
}


def cost_rate_table(rates: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The cost rates as a table for the slides (成本率表): activity, rate, driver unit and
    the reasoning (for rates of your own, the unit and reasoning of the course's activity of the
    same name, blank otherwise).

    >>> cost_rate_table({"配送": 80})
      activity  rate unit                       basis
    0       配送  80.0    次  一次同城或干线配送：车辆、司机与装卸，约 60 元
    """
    rate = check_rates(COST_RATES if rates is None else rates)
    return pd.DataFrame({
        "activity": rate.index,
        "rate": rate.to_numpy(),
        "unit": [COST_DRIVERS.get(k, ("", ""))[0] for k in rate.index],
        "basis": [COST_DRIVERS.get(k, ("", ""))[1] for k in rate.index],
    })


#: 例题：某办公用品经销商的八位客户一年的销售额、毛利与服务活动（作业量）。Hand example of
#: chapter 02: eight customers of a small dealer, their sales and gross margin (元) and their
#: service activities in a year (deliveries, visits, minutes of support calls, reminders).
HAND_EXAMPLE = pd.DataFrame({
    "sales": [420_000.0, 260_000.0, 130_000.0, 60_000.0, 50_000.0, 40_000.0, 25_000.0, 15_000.0],
    "gross_profit": [84_000.0, 52_000.0, 28_600.0, 10_800.0, 12_500.0, 7_200.0, 5_000.0, 2_700.0],
    "配送": [40, 60, 30, 45, 12, 36, 10, 20],
    "拜访": [24, 30, 12, 20, 4, 16, 2, 10],
    "电话支持": [300, 900, 200, 1200, 60, 800, 30, 500],
    "催款": [0, 2, 0, 6, 0, 8, 0, 4],
}, index=pd.Index(list("甲乙丙丁戊己庚辛"), name="customer_id"))


def cost_to_serve(volume: pd.DataFrame, rates: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Cost to serve from per-customer activity volumes (服务成本): each activity column of
    ``volume`` (driver quantities, e.g. :func:`khlib.summary.activity_volume`) times its rate.

    Every column of ``volume`` is an activity and needs a rate in ``rates`` (default
    :data:`COST_RATES`): an activity without a rate is an error naming it. Output: one cost
    column per activity (in ``volume``'s order) and ``cost_to_serve``.

    >>> cost_to_serve(HAND_EXAMPLE[["配送", "拜访", "电话支持", "催款"]]).loc["丁"].tolist()
    [2700.0, 9000.0, 3600.0, 480.0, 15780.0]
    """
    rate = check_rates(COST_RATES if rates is None else rates)
    missing = [c for c in volume.columns if c not in rate.index]
    if missing:
        raise fail(f"活动 {missing} 没有成本率：请在 rates 中给出它们每单位作业量的成本（可以是 0）。",
                   f"Activities {missing} have no cost rate: give their cost per driver unit in rates (0 is allowed).")
    qty = volume.apply(pd.to_numeric, errors="coerce").astype(float)
    bad = qty.isna() | (qty < 0)
    if bad.to_numpy().any():
        col = qty.columns[bad.any()].tolist()
        raise fail(f"作业量缺失、非数值或为负：列 {col}。", f"Driver quantities are missing, not numbers or negative in {col}.")
    out = qty * rate.reindex(qty.columns).to_numpy()
    out["cost_to_serve"] = out.sum(axis=1)
    return out


def customer_profit(gross: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """Customer profit (客户利润) = gross margin − cost to serve, one row per customer.

    ``gross`` has ``sales`` and ``gross_profit`` per customer (:func:`khlib.summary.customer_gross_profit`),
    ``costs`` a ``cost_to_serve`` per customer (:func:`khlib.summary.activity_costs`), both indexed
    by customer. A customer found in only one of them gets 0 for the other: one that was served
    but bought nothing in the period (collection reminders for an old invoice) is a pure cost.

    Output schema (index ``customer_id``: the customers of ``gross`` in their order, then those
    found only in ``costs``): ``sales``, ``gross_profit``, ``cost_to_serve``,
    ``profit`` (float), ``profit_margin`` (float, profit / sales; NaN without sales).

    >>> m = pd.DataFrame({"sales": [1000.0, 200.0], "gross_profit": [250.0, 50.0]}, index=["a", "b"])
    >>> c = pd.DataFrame({"cost_to_serve": [100.0, 80.0, 30.0]}, index=["a", "b", "c"])
    >>> customer_profit(m, c)
                  sales  gross_profit  cost_to_serve  profit  profit_margin
    customer_id
    a            1000.0         250.0          100.0   150.0           0.15
    b             200.0          50.0           80.0   -30.0          -0.15
    c               0.0           0.0           30.0   -30.0            NaN
    """
    need_columns(gross, ["sales", "gross_profit"], "毛利表", "gross")
    need_columns(costs, ["cost_to_serve"], "服务成本表", "costs")
    for table, zh, en in ((gross, "毛利表", "gross"), (costs, "服务成本表", "costs")):
        if not table.index.is_unique:
            dup = table.index[table.index.duplicated()].unique()[:5].tolist()
            raise fail(f"{zh}的客户编号（索引）重复：{dup}；每个客户只能有一行。",
                       f"The {en} table has duplicated customer ids in its index: {dup}; one row per customer.")
    index = gross.index.append(costs.index[~costs.index.isin(gross.index)])
    out = pd.DataFrame({
        "sales": gross["sales"].reindex(index, fill_value=0.0).astype(float),
        "gross_profit": gross["gross_profit"].reindex(index, fill_value=0.0).astype(float),
        "cost_to_serve": costs["cost_to_serve"].reindex(index, fill_value=0.0).astype(float),
    }, index=index)
    if out.isna().to_numpy().any():
        bad = out.index[out.isna().any(axis=1)][:5].tolist()
        raise fail(f"销售额、毛利或服务成本有缺失值：客户 {bad}。",
                   f"Sales, gross margin or cost to serve is missing for customers {bad}.")
    out.index.name = "customer_id"
    out["profit"] = out["gross_profit"] - out["cost_to_serve"]
    out["profit_margin"] = out["profit"] / out["sales"].where(out["sales"] > 0)
    return out


def customer_profitability(
    orders: pd.DataFrame,
    products: pd.DataFrame,
    activities: pd.DataFrame,
    *,
    rates: Mapping[str, float] | None = None,
    start: DateLike = None,
    end: DateLike = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    product: str = "product_id",
    quantity: str = "quantity",
    unit_cost: str = "unit_cost",
    activity_date: str = "date",
    activity: str = "activity",
    driver: str = "quantity",
) -> pd.DataFrame:
    """From order lines, unit costs and activity lines to customer profit in one call
    (客户盈利能力分析): :func:`khlib.summary.customer_gross_profit`, :func:`khlib.summary.activity_costs`
    (``rates``, default :data:`COST_RATES`) and :func:`customer_profit` over the same period.

    The column parameters name your columns: ``customer``, ``date``, ``amount``, ``product``,
    ``quantity``, ``unit_cost`` those of the order lines and the products table;
    ``activity_date``, ``activity`` and ``driver`` (the driver quantity) those of the activity
    lines, which use the same ``customer`` column name.

    Output: the columns of :func:`customer_profit` followed by the cost of each activity.
    """
    margin = customer_gross_profit(orders, products, start=start, end=end, customer=customer, date=date, amount=amount,
                             product=product, quantity=quantity, unit_cost=unit_cost)
    costs = activity_costs(activities, COST_RATES if rates is None else rates, start=start, end=end,
                           customer=customer, date=activity_date, activity=activity, quantity=driver)
    out = customer_profit(margin, costs)
    per_activity = costs.drop(columns="cost_to_serve").reindex(out.index, fill_value=0.0)
    return pd.concat([out, per_activity], axis=1)


def profit_by(profit: pd.DataFrame, groups: pd.Series, *, order: list | None = None) -> pd.DataFrame:
    """Customer profit summed by group (分组客户利润): size class, segment, grade, region …

    ``profit`` is the output of :func:`customer_profit`; ``groups`` a Series mapping customer id
    to its group (customers without a group are an error naming them). One row per group, in
    ``order`` when given: ``customers``, ``sales``, ``gross_profit``, ``cost_to_serve``,
    ``profit``, ``unprofitable`` (number of customers with profit < 0), ``unprofitable_share``,
    ``profit_share`` (of the total profit).

    >>> p = customer_profit(pd.DataFrame({"sales": [100.0, 50.0, 10.0], "gross_profit": [30.0, 10.0, 3.0]},
    ...                                  index=["a", "b", "c"]),
    ...                     pd.DataFrame({"cost_to_serve": [5.0, 12.0, 8.0]}, index=["a", "b", "c"]))
    >>> profit_by(p, pd.Series({"a": "大", "b": "小", "c": "小"}))[["customers", "profit", "unprofitable"]]
       customers  profit  unprofitable
    大          1    25.0             0
    小          2    -7.0             2
    """
    need_columns(profit, ["sales", "gross_profit", "cost_to_serve", "profit"], "客户利润表", "profit")
    g = groups.reindex(profit.index)
    if g.isna().any():
        miss = profit.index[g.isna().to_numpy()][:5].tolist()
        raise fail(f"有 {int(g.isna().sum())} 个客户没有分组：{miss}。",
                   f"{int(g.isna().sum())} customer(s) have no group: {miss}.")
    cols = ["sales", "gross_profit", "cost_to_serve", "profit"]
    grouped = profit[cols].groupby(g.to_numpy(), sort=order is None, observed=True)
    out = grouped.sum()
    out.insert(0, "customers", grouped.size())
    out["unprofitable"] = (profit["profit"] < 0).groupby(g.to_numpy(), sort=order is None, observed=True).sum()
    out["unprofitable_share"] = out["unprofitable"] / out["customers"]
    total = float(profit["profit"].sum())
    out["profit_share"] = out["profit"] / total if total != 0 else np.nan
    if order is not None:
        out = out.reindex([k for k in order if k in out.index])
    out.index.name = None
    return out
