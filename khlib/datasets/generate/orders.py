"""The orders family: the product catalogue (``products.csv``), the order lines
(``orders.csv.gz``), the company's monthly stock (``inventory.csv``) and a dealer's GBK ERP
export of some of the orders (``analyst_sample_gbk.csv``).

Orders are a purchase process, nothing is planted: for every customer and month a Poisson
number of orders at the customer's hidden rate times the season, lines drawn by the segment's
category mix, quantities growing with the customer's size, prices at its negotiated discount.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import END, SEGMENTS, START, Context, CustomerLatent, stream

# Products: (id, name, category, unit, list price CNY, unit cost CNY, kind of purchase)
# "machine" items are bought rarely in small numbers, "supply" items often and in bulk,
# "service" items carry no stock (turnover undefined: a teaching case for chapter 05).
PRODUCTS: list[tuple[str, str, str, str, float, float, str]] = [
    ("P01", "黑白激光打印机 HW-P1100", "打印机", "台", 1299, 905, "machine"),
    ("P02", "彩色激光打印机 HW-P2200", "打印机", "台", 2999, 2120, "machine"),
    ("P03", "喷墨打印机 HW-J300", "打印机", "台", 899, 655, "machine"),
    ("P04", "标签打印机 HW-L60", "打印机", "台", 699, 430, "machine"),
    ("P05", "针式票据打印机 HW-D730", "打印机", "台", 1599, 1090, "machine"),
    ("P06", "A3 高速打印机 HW-P6800", "打印机", "台", 6800, 4810, "machine"),
    ("P07", "黑白数码复合机 HW-M3500", "复合机", "台", 15800, 11350, "machine"),
    ("P08", "彩色数码复合机 HW-M5000", "复合机", "台", 28800, 20900, "machine"),
    ("P09", "桌面一体机 HW-M1200", "复合机", "台", 2499, 1790, "machine"),
    ("P10", "馈纸式扫描仪 HW-S280", "扫描仪", "台", 2800, 1880, "machine"),
    ("P11", "平板扫描仪 HW-S100", "扫描仪", "台", 999, 640, "machine"),
    ("P12", "高拍仪 HW-S60", "扫描仪", "台", 599, 350, "machine"),
    ("P13", "商务投影仪 HW-V400", "投影显示", "台", 3999, 2860, "machine"),
    ("P14", "激光工程投影仪 HW-V1280", "投影显示", "台", 12800, 9300, "machine"),
    ("P15", "86 寸交互平板 HW-B86", "投影显示", "台", 19800, 14650, "machine"),
    ("P16", "电动投影幕布 HW-R120", "投影显示", "幅", 499, 245, "machine"),
    ("P17", "办公碎纸机 HW-C90", "文档处理", "台", 899, 570, "machine"),
    ("P18", "大型碎纸机 HW-C320", "文档处理", "台", 3200, 2150, "machine"),
    ("P19", "财务凭证装订机 HW-B150", "文档处理", "台", 1500, 960, "machine"),
    ("P20", "塑封机 HW-F40", "文档处理", "台", 399, 228, "machine"),
    ("P21", "人脸识别考勤机 HW-T80", "考勤门禁", "台", 799, 470, "machine"),
    ("P22", "门禁一体机 HW-T130", "考勤门禁", "台", 1299, 815, "machine"),
    ("P23", "黑色硒鼓 HW-12A", "耗材", "支", 399, 175, "supply"),
    ("P24", "彩色硒鼓套装 HW-22C", "耗材", "套", 1299, 610, "supply"),
    ("P25", "墨盒 HW-803", "耗材", "个", 159, 62, "supply"),
    ("P26", "复印机碳粉 HW-T35", "耗材", "瓶", 89, 36, "supply"),
    ("P27", "A4 复印纸 70g（5 包/箱）", "纸品", "箱", 135, 106, "supply"),
    ("P28", "A3 复印纸 70g（5 包/箱）", "纸品", "箱", 189, 150, "supply"),
    ("P29", "针式打印机色带 HW-R730", "耗材", "盒", 39, 15, "supply"),
    ("P30", "装订管与胶片套装", "耗材", "套", 59, 24, "supply"),
    ("P31", "热敏标签纸（10 卷）", "纸品", "箱", 45, 19, "supply"),
    ("P32", "碎纸机润滑油片", "耗材", "盒", 29, 11, "supply"),
    ("P33", "年度维保服务", "服务", "年", 2400, 880, "service"),
    ("P34", "上门安装调试", "服务", "次", 300, 120, "service"),
    ("P35", "复合机按月租赁", "服务", "月", 800, 455, "service"),
    ("P36", "设备以旧换新回收", "服务", "次", 150, 95, "service"),
]


# How each segment spreads its lines over categories (relative weights).
_CATEGORY_MIX = {
    "经销商": {"打印机": 14, "复合机": 6, "扫描仪": 4, "投影显示": 4, "文档处理": 4,
              "考勤门禁": 3, "耗材": 40, "纸品": 22, "服务": 3},
    "企业": {"打印机": 8, "复合机": 5, "扫描仪": 3, "投影显示": 4, "文档处理": 4,
            "考勤门禁": 3, "耗材": 36, "纸品": 28, "服务": 9},
    "机构": {"打印机": 9, "复合机": 4, "扫描仪": 5, "投影显示": 9, "文档处理": 5,
            "考勤门禁": 2, "耗材": 30, "纸品": 29, "服务": 7},
}
_BASE_QTY = {"machine": 1.0, "supply": 6.0, "service": 1.0}

# Month-of-year demand (Spring Festival dip, June and December budget peaks, September school
# start); index 0 = January.  2025's Spring Festival fell in late January, 2024's in February.
_SEASON = {
    2024: [1.00, 0.62, 1.02, 1.00, 0.98, 1.12, 0.95, 0.90, 1.10, 0.90, 1.04, 1.32],
    2025: [0.80, 0.85, 1.04, 1.02, 1.00, 1.14, 0.96, 0.91, 1.12, 0.90, 1.06, 1.36],
}
_GROWTH = {2024: 1.00, 2025: 1.06}


def _business_days(year: int, month: int) -> np.ndarray:
    days = pd.date_range(f"{year}-{month:02d}-01", periods=31, freq="D")
    days = days[(days.month == month) & (days.day_of_week < 5)]
    return days.values.astype("datetime64[D]")


def product_catalogue() -> pd.DataFrame:
    """The products with their ``purchase_kind`` (machine / supply / service), which the
    generator uses and ``products.csv`` leaves out."""
    return pd.DataFrame(PRODUCTS, columns=["product_id", "name", "category", "unit",
                                           "list_price", "unit_cost", "purchase_kind"])


def order_lines(seed: int, lat: CustomerLatent, ids: np.ndarray) -> pd.DataFrame:
    """Order lines.  ``ids[i]`` is the public customer id of latent customer ``i``."""
    rng = stream(seed, "orders")
    months = pd.period_range(START, END, freq="M")
    season = np.array([_SEASON[p.year][p.month - 1] * _GROWTH[p.year] for p in months])
    m_start = months.to_timestamp(how="start").values.astype("datetime64[D]")
    m_end = months.to_timestamp(how="end").values.astype("datetime64[D]")
    # Fraction of each month a customer is active (after first trade, before churn).
    first = np.where(np.isnat(lat.first_trade), np.datetime64("2100-01-01"), lat.first_trade)
    stop = np.where(np.isnat(lat.churn), np.datetime64("2100-01-01"), lat.churn)
    lo = np.maximum(first[:, None], m_start[None, :])
    hi = np.minimum(stop[:, None], m_end[None, :])
    days_in = (m_end - m_start).astype(int) + 1
    frac = np.clip(((hi - lo).astype(int) + 1) / days_in[None, :], 0, 1)
    lam = lat.rate[:, None] * season[None, :] * frac
    n_orders = rng.poisson(lam)
    # A customer's first order falls on its first trade date when that is inside the window.
    in_window = (first >= np.datetime64(START.date())) & (first <= np.datetime64(END.date()))
    cust_idx, month_idx = np.nonzero(n_orders)
    reps = n_orders[cust_idx, month_idx]
    cust = np.repeat(cust_idx, reps)
    month = np.repeat(month_idx, reps)
    # Dates: a random business day inside the active part of the month.
    bdays = [_business_days(p.year, p.month) for p in months]
    width = max(len(b) for b in bdays)
    table = np.array([np.concatenate([b, np.repeat(b[-1:], width - len(b))]) for b in bdays])
    nbd = np.array([len(b) for b in bdays])
    pick = (rng.random(len(cust)) * nbd[month]).astype(int)
    date = table[month, pick]
    date = np.clip(date, np.maximum(first[cust], m_start[month]), np.minimum(stop[cust], m_end[month]))
    first_rows = np.flatnonzero(in_window)
    date = np.concatenate([date, first[first_rows]])
    cust = np.concatenate([cust, first_rows])
    # Order ids by date.
    o = np.lexsort((cust, date))
    date, cust = date[o], cust[o]
    n_ord = len(date)
    # Lines per order: dealers place longer orders.
    extra = np.select([lat.segment[cust] == "经销商", lat.segment[cust] == "企业"], [1.6, 1.0], 0.8)
    n_lines = 1 + np.minimum(rng.poisson(extra), 7)
    line_order = np.repeat(np.arange(n_ord), n_lines)
    line_no = np.arange(len(line_order)) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines) + 1
    lc = cust[line_order]
    prods = product_catalogue()
    product = np.empty(len(line_order), dtype=int)
    for seg in SEGMENTS:
        mix = _CATEGORY_MIX[seg]
        w = prods["category"].map(mix).to_numpy(dtype=float)
        w = w / prods.groupby("category")["category"].transform("size").to_numpy()
        rows = np.flatnonzero(lat.segment[lc] == seg)
        product[rows] = rng.choice(len(prods), size=len(rows), p=w / w.sum())
    kind = prods["purchase_kind"].to_numpy()[product]
    base = np.array([_BASE_QTY[k] for k in kind])
    base = np.where((lat.segment[lc] == "经销商") & (kind != "service"), base * 2.5, base)
    qty = base * lat.size[lc] ** 0.5 * np.exp(rng.normal(0, 0.6, len(lc)))
    qty = np.where(kind == "machine", np.maximum(1, np.round(qty * 0.5)), np.maximum(1, np.round(qty)))
    qty = qty.astype(int)
    price = np.round(prods["list_price"].to_numpy()[product] * (1 - lat.discount[lc]), 2)
    amount = np.round(qty * price, 2)
    # An order lists each product once: drop repeated picks and renumber the lines.
    keep = ~pd.DataFrame({"o": line_order, "p": product}).duplicated().to_numpy()
    line_order, product, qty, price, amount, lc = (a[keep] for a in (line_order, product, qty, price, amount, lc))
    line_no = pd.Series(line_order).groupby(line_order).cumcount().to_numpy() + 1
    year = date.astype("datetime64[Y]").astype(int) + 1970
    seq = np.arange(n_ord) - np.searchsorted(year, year)  # running number within the year
    order_id = np.char.add(np.char.add("SO", year.astype(str)),
                           np.char.zfill((seq + 1).astype(str), 6))
    return pd.DataFrame({
        "order_id": order_id[line_order],
        "line_no": line_no,
        "order_date": pd.Series(date[line_order]).dt.strftime("%Y-%m-%d"),
        "customer_id": ids[lc],
        "product_id": prods["product_id"].to_numpy()[product],
        "quantity": qty,
        "unit_price": price,
        "amount": amount,
    })


def inventory(seed: int, orders: pd.DataFrame) -> pd.DataFrame:
    """Monthly average stock per product at the company's warehouse (units and value at cost).

    Stock is planned as a number of months of cover of the product's sales, different per
    product (fast movers are kept lean, slow ones pile up); services carry no stock.
    """
    rng = stream(seed, "inventory")
    prods = product_catalogue()
    months = pd.period_range(START, END, freq="M")
    month = pd.PeriodIndex(pd.to_datetime(orders["order_date"]), freq="M")
    sold = (orders.assign(month=month).groupby(["product_id", "month"])["quantity"].sum()
            .unstack(fill_value=0).reindex(index=prods["product_id"], columns=months, fill_value=0))
    cover = np.exp(rng.normal(np.log(1.2), 0.55, len(prods)))  # months of cover per product
    cover = np.where(prods["purchase_kind"] == "service", 0.0, cover)
    noise = np.exp(rng.normal(0, 0.15, sold.shape))
    avg = sold.mean(axis=1).to_numpy()[:, None]  # plan on the average month, not this month
    stock = np.round((0.5 * avg + 0.5 * sold.to_numpy()) * cover[:, None] * noise)
    out = pd.DataFrame(stock.astype(int), index=sold.index, columns=[str(m) for m in months])
    out = out.reset_index().melt(id_vars="product_id", var_name="month", value_name="avg_stock_qty")
    cost = prods.set_index("product_id")["unit_cost"]
    out["avg_stock_value"] = (out["avg_stock_qty"] * out["product_id"].map(cost)).round(2)
    return out.sort_values(["product_id", "month"], kind="stable").reset_index(drop=True)


def analyst_sample(seed: int, orders: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """A dealer's ERP export in GBK with Chinese headers, for the 'your own data' sections."""
    rng = stream(seed, "analyst-sample")
    east = customers.loc[customers["province"] == "浙江省", ["customer_id", "name"]]
    sub = orders[orders["customer_id"].isin(east["customer_id"])
                 & orders["order_date"].str.startswith("2025")]
    keep = np.sort(rng.choice(len(sub), size=min(1500, len(sub)), replace=False))
    sub = sub.iloc[keep]
    names = east.set_index("customer_id")["name"]
    return pd.DataFrame({
        "单据编号": sub["order_id"].to_numpy(),
        "行号": sub["line_no"].to_numpy(),
        "日期": pd.to_datetime(sub["order_date"]).dt.strftime("%Y/%m/%d").to_numpy(),
        "客户代码": sub["customer_id"].to_numpy(),
        "客户名称": sub["customer_id"].map(names).to_numpy(),
        "存货编码": sub["product_id"].to_numpy(),
        "数量": sub["quantity"].to_numpy(),
        "价税合计": [f"{v:,.2f}" for v in sub["amount"].to_numpy()],  # thousands separators, as ERPs export
    })


def build(ctx: Context) -> dict[str, pd.DataFrame]:
    """The family's four tables; needs ``ctx.ids`` and the customers table."""
    lines = order_lines(ctx.seed, ctx.latent, ctx.ids)
    return {
        "products": product_catalogue().drop(columns="purchase_kind"),
        "inventory": inventory(ctx.seed, lines),
        "orders": lines,
        "analyst_sample": analyst_sample(ctx.seed, lines, ctx.tables["customers"]),
    }
