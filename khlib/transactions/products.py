"""Product analysis (产品分析): the product scorecard — sales share, product ABC, gross margin,
turnover, cross ratio (交叉比率) and contribution ratio (贡献比率). 见第05章 交易分析。

The per-product aggregation is :func:`khlib.summary.product_summary` and
:func:`khlib.summary.average_stock` (the heavy step); everything here is light arithmetic on
their results. Functions return new frames and never modify their inputs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import fail, need_columns, warn
from ..io import to_number
from ..periods import DateLike
from ..summary import average_stock, product_summary


def product_scorecard(
    orders: pd.DataFrame,
    products: pd.DataFrame,
    inventory: pd.DataFrame | None = None,
    *,
    start: DateLike = None,
    end: DateLike = None,
    months: float | None = None,
) -> pd.DataFrame:
    """Product scorecard (产品贡献分析表), one row per product, largest sales first:

    - ``sales``, ``share`` and ``cum_share`` of sales, ``abc`` (product ABC at 80% / 95%);
    - ``cost`` = quantity × unit cost, ``gross_profit``, ``margin_rate`` = gross profit ÷ sales;
    - ``avg_stock`` = average monthly stock at cost; ``turnover`` = sales ÷ average stock,
      scaled to a year (× 12 / number of months in the period);
    - ``cross_ratio`` (交叉比率) = margin rate × turnover (= annual gross profit per unit of
      average stock at cost, known as GMROI);
    - ``contribution_ratio`` (贡献比率) = cross ratio × sales share.

    Products with no stock have an undefined turnover: ``turnover``, ``cross_ratio`` and
    ``contribution_ratio`` are left empty (NaN) for them, ``stock_note`` says why, and a warning
    names them — nothing is divided by zero. ``orders`` needs ``product_id``, ``quantity``,
    ``amount``, ``order_date``, ``customer_id``; ``products`` ``product_id`` and ``unit_cost``;
    ``inventory`` ``product_id``, ``month`` (``YYYY-MM``) and ``avg_stock_value``.
    """
    need_columns(products, ["product_id", "unit_cost"], "产品表", "products")
    summ = product_summary(orders, start=start, end=end, quantity="quantity")
    cost = products.set_index("product_id")["unit_cost"]
    unknown = sorted(set(summ.index) - set(cost.index))
    if unknown:
        raise fail(f"订单中有产品表里没有的产品：{unknown[:5]}。", f"Orders contain products missing from the product "
                   f"table: {unknown[:5]}.")
    out = summ.sort_values("sales", ascending=False, kind="stable")
    out["share"] = out["sales"] / out["sales"].sum()
    out["cum_share"] = out["share"].cumsum()
    before = out["cum_share"] - out["share"]
    out["abc"] = np.select([before < 0.8, before < 0.95], ["A", "B"], "C")
    out["cost"] = out["quantity"] * cost.reindex(out.index).to_numpy()
    out["gross_profit"] = out["sales"] - out["cost"]
    out["margin_rate"] = out["gross_profit"] / out["sales"]
    if inventory is not None:
        stock, n_found = average_stock(inventory, start=start, end=end)
        n_months = months if months is not None else n_found
        out["avg_stock"] = stock.reindex(out.index)
        out = product_ratios(out, months=n_months, _stacklevel=3)
    return out


def product_ratios(table: pd.DataFrame, *, sales: str = "sales", gross_profit: str = "gross_profit",
                   avg_stock: str = "avg_stock", months: float = 12, _stacklevel: int = 2) -> pd.DataFrame:
    """The ratios of the product scorecard from per-product totals (交叉比率与贡献比率):
    ``share`` of sales, ``margin_rate``, ``turnover`` = sales ÷ average stock × 12 / ``months``,
    ``cross_ratio`` = margin rate × turnover and ``contribution_ratio`` = cross ratio × share.
    Use it when you already have sales, gross profit and average stock per product (e.g. the
    textbook's tables); rows without stock get NaN and a warning, never a division by zero.

    >>> t = pd.DataFrame({"sales": [400, 100], "gross_profit": [60, 35], "avg_stock": [40, 100]}, index=["纸", "柜"])
    >>> product_ratios(t)["cross_ratio"].round(2).tolist()
    [1.5, 0.35]
    """
    need_columns(table, [sales, gross_profit, avg_stock], "产品表", "table")
    if months <= 0:
        raise fail(f"months 必须为正数，收到 {months}。", f"months must be positive, got {months}.")
    out = table.copy()
    s = to_number(out[sales], sales)
    total = s.sum()
    if total <= 0:
        raise fail("销售额合计为 0，占比无定义。", "Total sales are 0: shares are undefined.")
    stock = pd.to_numeric(out[avg_stock], errors="coerce")
    out["share"] = s / total
    out["margin_rate"] = to_number(out[gross_profit], gross_profit) / s.where(s != 0)
    none = stock.isna() | (stock <= 0)
    out["turnover"] = (s / stock.where(~none)) * (12 / months)
    out["cross_ratio"] = out["margin_rate"] * out["turnover"]
    out["contribution_ratio"] = out["cross_ratio"] * out["share"]
    out["stock_note"] = np.where(none, "无库存：周转率无定义", "")
    if none.any():
        warn(f"没有库存，周转率无定义：{list(out.index[none])}（留空，不除以零）。",
             f"Turnover undefined (no stock) for {list(out.index[none])}: left empty, not divided by zero.",
             stacklevel=_stacklevel)
    return out


def gross_profit_ranking(table: pd.DataFrame, *, sales: str = "sales", gross_profit: str = "gross_profit") -> pd.DataFrame:
    """Products ranked by gross-profit amount (按毛利额排序), next to their rank by sales.

    ``table`` has one row per product with ``sales`` and ``gross_profit`` (e.g. the
    :func:`product_scorecard`). Adds ``sales_rank`` and ``gp_rank`` (1 = largest),
    ``rank_change`` = sales_rank − gp_rank (positive: the product earns more than its sales
    suggest), ``gp_share`` and ``cum_gp_share`` of gross profit and ``gp_abc`` (ABC on gross
    profit at 80% / 95%, like the sales ABC). Sorted by gross profit, largest first.

    >>> t = pd.DataFrame({"sales": [500, 300, 200], "gross_profit": [50, 120, 30]}, index=["纸", "软件", "柜"])
    >>> r = gross_profit_ranking(t)
    >>> r.index.tolist(), r["rank_change"].tolist()
    (['软件', '纸', '柜'], [1, -1, 0])
    """
    need_columns(table, [sales, gross_profit], "产品表", "table")
    gp = to_number(table[gross_profit], gross_profit)
    if gp.sum() <= 0:
        raise fail("毛利合计不大于 0，毛利占比无定义。", "Total gross profit is not positive: shares are undefined.")
    out = table.copy()
    out["sales_rank"] = to_number(out[sales], sales).rank(ascending=False, method="first").astype(int)
    out["gp_rank"] = gp.rank(ascending=False, method="first").astype(int)
    out["rank_change"] = out["sales_rank"] - out["gp_rank"]
    out = out.sort_values("gp_rank", kind="stable")
    out["gp_share"] = out[gross_profit] / gp.sum()
    out["cum_gp_share"] = out["gp_share"].cumsum()
    before = out["cum_gp_share"] - out["gp_share"]
    out["gp_abc"] = np.select([before < 0.8, before < 0.95], ["A", "B"], "C")
    return out
