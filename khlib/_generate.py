"""Seeded generator of the fictional company's data (鸿文办公设备有限公司).

Everything in ``data/`` that is synthetic is written by :func:`generate`; the same seed gives
the same files byte for byte (``python -m khlib.datasets generate``).

Design, so that later chapters can add tables without changing existing files:

* every table draws from its own random stream, ``_stream(seed, "orders")``: adding a new table
  (receivables, visits, surveys...) never shifts the numbers of an existing one;
* customers carry *latent* traits (size, purchase rate, spend level, churn time) that are drawn
  once in :func:`_customer_latent` and never written to disk; a later table that needs them
  (say, payment behaviour that depends on size) calls the same function and gets the same
  values;
* nothing is planted: the ABC shares, the Pareto curve and the grade migration come out of a
  purchase process (Poisson orders at a customer-specific rate, log-normal customer size,
  churn), not out of a target distribution.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ._geo import CITIES

SEED = 20240101
START = pd.Timestamp("2024-01-01")
END = pd.Timestamp("2025-12-31")
COMPANY = "鸿文办公设备有限公司"

N_ESTABLISHED = 2150  # trading before the order window opens
N_FIRST_2024 = 300  # first order during 2024 (old customers by the end of 2025)
N_NEW = 400  # first order during 2025: 新客户 at the end of the data
N_POTENTIAL = 400  # prospects, no order yet: 潜在客户

# --------------------------------------------------------------------------------------------
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

SEGMENTS = ("经销商", "企业", "机构")

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

_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲丹辉鹏建国志宏海波宁鑫浩宇欣怡佳琪晨阳雪梅林斌俊峰亮健文博嘉瑞欢颖晓东凯晶琳飞龙")
_BRANDS = ["恒通", "瑞丰", "鼎新", "宏远", "嘉禾", "信达", "润和", "同创", "海纳", "启明",
           "万邦", "盛华", "远航", "博远", "天成", "永盛", "凯达", "汇通", "明德", "安泰",
           "金禾", "华盈", "泰和", "德润", "新元", "众合", "佳弘", "正源", "锦程", "立信",
           "广源", "弘毅", "富华", "长青", "瀚海", "聚力", "宏图", "睿达", "昌隆", "和信",
           "中盛", "宇航", "丰禾", "乾元", "华屹", "卓越", "思远", "同益", "诚信", "东润"]
_DISTRICTS = ["城东", "城西", "城南", "城北", "高新", "经开", "新城", "滨江", "湖滨", "开发"]
_ROADS = ["人民", "解放", "建设", "中山", "长江", "黄河", "和平", "文化", "科技", "工业",
          "滨江", "学府", "振兴", "迎宾", "光明", "东风", "新华", "青年", "育才", "创业"]

# Enterprise industries and the words in their names.
_ENTERPRISE_INDUSTRIES = {
    "制造业": (28, ["精密机械", "电子科技", "汽车零部件", "纺织", "食品", "新材料", "电气"]),
    "信息技术": (14, ["软件", "网络科技", "信息技术", "数据科技"]),
    "金融保险": (8, ["融资租赁", "投资管理", "保险代理"]),
    "批发零售": (10, ["商贸", "连锁超市", "百货"]),
    "建筑地产": (10, ["建设工程", "置业", "装饰工程"]),
    "物流运输": (8, ["物流", "供应链管理", "快运"]),
    "医药健康": (8, ["医药", "医疗器械", "生物科技"]),
    "商务服务": (14, ["会计师事务所", "律师事务所", "广告传媒", "人力资源", "咨询"]),
}
_INSTITUTION_KINDS = {
    "教育": 40,
    "医疗卫生": 25,
    "政府机关": 25,
    "科研院所": 10,
}


def _stream(seed: int, table: str) -> np.random.Generator:
    """An independent random stream per table, stable across code changes elsewhere."""
    return np.random.default_rng([seed, zlib.crc32(table.encode("utf-8"))])


@dataclass(frozen=True)
class CustomerLatent:
    """Traits the generator draws once per customer and never writes to disk."""

    segment: np.ndarray  # 经销商 / 企业 / 机构
    size: np.ndarray  # log-normal scale of the business (1 = typical)
    rate: np.ndarray  # expected orders per month in a normal month
    first_trade: np.ndarray  # datetime64[D], NaT for prospects
    churn: np.ndarray  # datetime64[D] after which the customer buys nothing (NaT: never)
    discount: np.ndarray  # negotiated discount off list price
    city_index: np.ndarray  # index into CITIES


def _customer_latent(seed: int = SEED) -> CustomerLatent:
    rng = _stream(seed, "customer-latent")
    n = N_ESTABLISHED + N_FIRST_2024 + N_NEW + N_POTENTIAL
    segment = rng.choice(np.array(SEGMENTS), size=n, p=[0.22, 0.53, 0.25])
    weights = np.array([c[5] for c in CITIES])
    city_index = rng.choice(len(CITIES), size=n, p=weights / weights.sum())
    # Size: log-normal; dealers resell to many end users and buy more.
    seg_scale = np.select([segment == "经销商", segment == "企业"], [2.6, 1.0], 0.8)
    size = seg_scale * np.exp(rng.normal(0.0, 0.85, size=n))
    # Orders per month grow with size (less than proportionally); gamma noise between firms.
    base_rate = np.select([segment == "经销商", segment == "企业"], [2.1, 1.15], 0.95)
    rate = base_rate * size**0.5 * rng.gamma(2.5, 1 / 2.5, size=n)
    # First trade: established customers before the window, then 2024 and 2025 newcomers.
    first = np.empty(n, dtype="datetime64[D]")
    a, b, c = N_ESTABLISHED, N_ESTABLISHED + N_FIRST_2024, N_ESTABLISHED + N_FIRST_2024 + N_NEW
    day0 = np.datetime64("2012-01-01")
    first[:a] = day0 + rng.integers(0, (np.datetime64("2023-12-31") - day0).astype(int), size=a)
    first[a:b] = np.datetime64("2024-01-15") + rng.integers(0, 340, size=b - a)
    first[b:c] = np.datetime64("2025-01-06") + rng.integers(0, 330, size=c - b)
    first[c:] = np.datetime64("NaT")
    # Churn: an established customer leaves during the window with probability 16%, a
    # newcomer with 30% (new relationships are fragile), uniformly after its first order.
    churn = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    p_churn = np.where(np.arange(n) < a, 0.16, 0.30)
    leaves = (rng.random(n) < p_churn) & (np.arange(n) < c)
    window_start = np.maximum(first, np.datetime64(START.date()))
    span = (np.datetime64(END.date()) - window_start).astype(int)
    offset = (rng.random(n) * np.maximum(span, 1)).astype(int)
    churn[leaves] = (window_start + offset)[leaves]
    # Negotiated discounts: dealers get trade discounts, big enterprises volume discounts,
    # institutions tender prices.
    discount = np.select(
        [segment == "经销商", segment == "企业"],
        [rng.uniform(0.18, 0.28, n), np.clip(0.03 * np.log1p(size) + rng.uniform(0, 0.05, n), 0, 0.15)],
        rng.uniform(0.05, 0.10, n),
    )
    return CustomerLatent(segment, size, rate, first, churn, discount.round(3), city_index)


def _person(rng: np.random.Generator, n: int) -> list[str]:
    sur = rng.choice(_SURNAMES, size=n)
    g1 = rng.choice(_GIVEN, size=n)
    g2 = rng.choice(_GIVEN, size=n)
    two = rng.random(n) < 0.7
    return [s + a + (b if t else "") for s, a, b, t in zip(sur, g1, g2, two)]


def _customers(seed: int, lat: CustomerLatent) -> tuple[pd.DataFrame, np.ndarray]:
    rng = _stream(seed, "customers")
    n = len(lat.segment)
    city = [CITIES[i] for i in lat.city_index]
    brands = rng.choice(_BRANDS, size=n)
    names: list[str] = []
    industries: list[str] = []
    org_forms: list[str] = []
    ind_names = list(_ENTERPRISE_INDUSTRIES)
    ind_p = np.array([v[0] for v in _ENTERPRISE_INDUSTRIES.values()], dtype=float)
    ind_choice = rng.choice(len(ind_names), size=n, p=ind_p / ind_p.sum())
    inst_names = list(_INSTITUTION_KINDS)
    inst_p = np.array(list(_INSTITUTION_KINDS.values()), dtype=float)
    inst_choice = rng.choice(len(inst_names), size=n, p=inst_p / inst_p.sum())
    word_u = rng.random(n)
    num = rng.integers(1, 40, size=n)
    district = rng.choice(_DISTRICTS, size=n)
    seen: set[str] = set()
    for i in range(n):
        c = city[i][2]
        seg = lat.segment[i]
        if seg == "经销商":
            words = ["办公设备有限公司", "文化办公用品商行", "科技有限公司", "商贸有限公司"]
            name = c + brands[i] + words[int(word_u[i] * len(words))]
            industry = "批发零售"
            form = "个体工商户" if "商行" in name else "有限责任公司"
        elif seg == "企业":
            industry = ind_names[ind_choice[i]]
            words = _ENTERPRISE_INDUSTRIES[industry][1]
            word = words[int(word_u[i] * len(words))]
            if word.endswith("事务所"):
                name, form = c + brands[i] + word, "合伙企业"
            else:
                form = "股份有限公司" if lat.size[i] > 4 else "有限责任公司"
                name = c + brands[i] + word + form
        else:
            industry = inst_names[inst_choice[i]]
            if industry == "教育":
                opts = [f"{c}第{num[i]}中学", f"{c}{district[i]}实验小学", f"{c}{brands[i]}职业技术学院",
                        f"{c}{district[i]}区第{num[i]}小学"]
            elif industry == "医疗卫生":
                opts = [f"{c}第{num[i]}人民医院", f"{c}{district[i]}区妇幼保健院",
                        f"{c}{district[i]}区疾病预防控制中心", f"{c}{district[i]}区中医院"]
            elif industry == "政府机关":
                opts = [f"{c}{district[i]}区税务局", f"{c}{district[i]}区市场监督管理局",
                        f"{c}{district[i]}区人民法院", f"{c}{district[i]}区档案馆"]
            else:
                opts = [f"{c}{brands[i]}研究所", f"{c}{district[i]}区农业科学研究所",
                        f"{c}{brands[i]}检验检测中心"]
            name = opts[int(word_u[i] * len(opts))]
            form = "机关" if industry == "政府机关" else "事业单位"
        base, k = name, 2
        while name in seen:  # keep names unique: a branch number, as real records do
            name = f"{base}（{k}）"
            k += 1
        seen.add(name)
        names.append(name)
        industries.append(industry)
        org_forms.append(form)

    lat_c = np.array([c[3] for c in city]) + rng.normal(0, 0.06, n)
    lon_c = np.array([c[4] for c in city]) + rng.normal(0, 0.07, n)
    road = rng.choice(_ROADS, size=n)
    house = rng.integers(1, 400, size=n)
    # Municipalities (北京市, 上海市...) are province and city at once.
    address = [(c[1] if c[1] == c[2] + "市" else f"{c[1]}{c[2]}市") + f"{d}区{r}路{h}号"
               for c, d, r, h in zip(city, district, road, house)]
    phone = [f"{c[6]}-{p}" for c, p in zip(city, rng.integers(52_000_000, 89_999_999, size=n))]
    founded_days = (lat.first_trade - np.timedelta64(1, "D")).astype("datetime64[D]")
    # Founded some years before the first trade (prospects: any time since 1995).
    back = rng.integers(180, 365 * 18, size=n)
    ref = np.where(np.isnat(lat.first_trade), np.datetime64("2025-06-30"), founded_days)
    founded = np.maximum(ref - back, np.datetime64("1985-01-01"))
    employees = np.maximum(3, np.round(12 * lat.size * np.exp(rng.normal(0, 0.5, n)))).astype(int)
    assets = np.round(80 * lat.size * np.exp(rng.normal(0, 0.6, n)), 0).astype(int)  # 万元
    terms = np.select([lat.segment == "经销商", lat.segment == "企业"],
                      [rng.choice([30, 45, 60], n, p=[0.5, 0.3, 0.2]),
                       rng.choice([30, 60, 90], n, p=[0.5, 0.35, 0.15])], 90)
    # Credit limit: 2 to 4 times the purchases expected within the payment terms, rounded.
    # Orders a month x typical order value; the value per order differs by segment (dealers
    # place longer orders of larger quantities), calibrated on the simulated orders.
    order_value = np.select([lat.segment == "经销商", lat.segment == "企业"], [11_000, 6_000], 6_500)
    expected_month = order_value * lat.rate * lat.size**0.5
    credit = np.round(expected_month * (terms / 30) * 2 * rng.uniform(1.0, 2.0, n) / 5000) * 5000
    credit = np.maximum(credit, 10_000)
    potential = np.isnat(lat.first_trade)
    kind = np.where(potential, "潜在客户",
                    np.where(lat.first_trade >= np.datetime64("2025-01-01"), "新客户", "老客户"))
    growth = rng.choice(["高", "中", "低"], size=n, p=[0.2, 0.5, 0.3])
    attitude = rng.choice(["积极", "一般", "冷淡"], size=n, p=[0.45, 0.45, 0.10])
    competitor = rng.choice(["独家供应", "主要供应商", "次要供应商"], size=n, p=[0.35, 0.4, 0.25])
    first_str = pd.Series(lat.first_trade).dt.strftime("%Y-%m-%d")
    df = pd.DataFrame({
        "customer_id": [f"C{i + 1:05d}" for i in range(n)],
        "name": names,
        "segment": lat.segment,
        "kind": kind,
        "industry": industries,
        "org_form": org_forms,
        "region": [c[0] for c in city],
        "province": [c[1] for c in city],
        "city": [c[2] for c in city],
        "address": address,
        "lat": lat_c.round(4),
        "lon": lon_c.round(4),
        "phone": phone,
        "legal_rep": _person(rng, n),
        "contact": _person(rng, n),
        "founded": pd.Series(founded).dt.strftime("%Y-%m-%d"),
        "first_trade_date": first_str,
        "employees": employees,
        "assets_10k": assets,
        "growth_potential": growth,
        "attitude": attitude,
        "competitor_position": competitor,
        "payment_terms_days": np.where(potential, 0, terms),
        "credit_limit": np.where(potential, 0, credit).astype(int),
    })
    # Shuffle rows so customer ids do not reveal the cohort, then renumber.
    order = rng.permutation(n)
    df = df.iloc[order].reset_index(drop=True)
    df["customer_id"] = [f"C{i + 1:05d}" for i in range(n)]
    return df, order


def _business_days(year: int, month: int) -> np.ndarray:
    days = pd.date_range(f"{year}-{month:02d}-01", periods=31, freq="D")
    days = days[(days.month == month) & (days.day_of_week < 5)]
    return days.values.astype("datetime64[D]")


def _products() -> pd.DataFrame:
    df = pd.DataFrame(PRODUCTS, columns=["product_id", "name", "category", "unit",
                                         "list_price", "unit_cost", "_kind"])
    return df


def _orders(seed: int, lat: CustomerLatent, ids: np.ndarray) -> pd.DataFrame:
    """Order lines.  ``ids[i]`` is the public customer id of latent customer ``i``."""
    rng = _stream(seed, "orders")
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
    prods = _products()
    product = np.empty(len(line_order), dtype=int)
    for seg in SEGMENTS:
        mix = _CATEGORY_MIX[seg]
        w = prods["category"].map(mix).to_numpy(dtype=float)
        w = w / prods.groupby("category")["category"].transform("size").to_numpy()
        rows = np.flatnonzero(lat.segment[lc] == seg)
        product[rows] = rng.choice(len(prods), size=len(rows), p=w / w.sum())
    kind = prods["_kind"].to_numpy()[product]
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


def _inventory(seed: int, orders: pd.DataFrame) -> pd.DataFrame:
    """Monthly average stock per product at the company's warehouse (units and value at cost).

    Stock is planned as a number of months of cover of the product's sales, different per
    product (fast movers are kept lean, slow ones pile up); services carry no stock.
    """
    rng = _stream(seed, "inventory")
    prods = _products()
    months = pd.period_range(START, END, freq="M")
    month = pd.PeriodIndex(pd.to_datetime(orders["order_date"]), freq="M")
    sold = (orders.assign(month=month).groupby(["product_id", "month"])["quantity"].sum()
            .unstack(fill_value=0).reindex(index=prods["product_id"], columns=months, fill_value=0))
    cover = np.exp(rng.normal(np.log(1.2), 0.55, len(prods)))  # months of cover per product
    cover = np.where(prods["_kind"] == "service", 0.0, cover)
    noise = np.exp(rng.normal(0, 0.15, sold.shape))
    avg = sold.mean(axis=1).to_numpy()[:, None]  # plan on the average month, not this month
    stock = np.round((0.5 * avg + 0.5 * sold.to_numpy()) * cover[:, None] * noise)
    out = pd.DataFrame(stock.astype(int), index=sold.index, columns=[str(m) for m in months])
    out = out.reset_index().melt(id_vars="product_id", var_name="month", value_name="avg_stock_qty")
    cost = prods.set_index("product_id")["unit_cost"]
    out["avg_stock_value"] = (out["avg_stock_qty"] * out["product_id"].map(cost)).round(2)
    return out.sort_values(["product_id", "month"], kind="stable").reset_index(drop=True)


def _analyst_sample(seed: int, orders: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """A dealer's ERP export in GBK with Chinese headers, for the 'your own data' sections."""
    rng = _stream(seed, "analyst-sample")
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


def _write_csv(df: pd.DataFrame, path: Path, encoding: str = "utf-8", float_format: str = "%.2f") -> None:
    text = df.to_csv(index=False, lineterminator="\n", float_format=float_format)
    data = text.encode(encoding)
    if path.suffix == ".gz":
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as fh:
            fh.write(data)
        data = buf.getvalue()
    path.write_bytes(data)


# ------------------------------------------------------------------------------ chapter 05 tables
def _salespeople(seed: int, customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Salespeople and territories (专人管理): each region gets one salesperson per about 85
    customers; a region's customers, ordered by city and longitude, are cut into contiguous
    territories, so a salesperson's customers are near one another. The office (``base_lat``,
    ``base_lon``) is the centre of the base city, where visit routes start."""
    rng = _stream(seed, "salespeople")
    centre = {c[2]: (c[3], c[4]) for c in CITIES}
    rows, assign = [], []
    k = 0
    for region in sorted(customers["region"].unique()):
        sub = customers[customers["region"] == region].sort_values(["city", "lon", "customer_id"], kind="stable")
        n_sp = max(1, int(round(len(sub) / 85)))
        cuts = np.array_split(np.arange(len(sub)), n_sp)
        for part in cuts:
            k += 1
            sid = f"S{k:02d}"
            terr = sub.iloc[part]
            base = terr["city"].mode().iloc[0]
            rows.append((sid, region, base, *centre[base]))
            assign.append(pd.DataFrame({"customer_id": terr["customer_id"].to_numpy(), "salesperson_id": sid}))
    people = pd.DataFrame(rows, columns=["salesperson_id", "region", "base_city", "base_lat", "base_lon"])
    people.insert(1, "name", _person(rng, len(people)))
    people["hired"] = (np.datetime64("2012-01-01") + rng.integers(0, 4000, len(people))).astype(str)
    assignments = pd.concat(assign, ignore_index=True).sort_values("customer_id", kind="stable").reset_index(drop=True)
    return people, assignments


def _plans(seed: int, lat: CustomerLatent, ids: np.ndarray, customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2025 sales plan: each trading customer's expected share of its region's sales, and
    the intended product mix. The planners knew the customers' size only roughly (log-normal
    error), which is why actual shares fall short of or beat the plan."""
    rng = _stream(seed, "plans")
    region = customers.set_index("customer_id")["region"].reindex(ids).to_numpy()
    active = ~np.isnat(lat.first_trade) & (lat.first_trade < np.datetime64("2025-12-31"))
    guess = lat.rate * lat.size ** 0.5 * np.exp(rng.normal(0, 0.35, len(ids))) * active
    df = pd.DataFrame({"customer_id": ids, "region": region, "w": guess})
    df = df[df["w"] > 0]
    df["expected_share_of_region"] = (df["w"] / df.groupby("region")["w"].transform("sum")).round(6)
    cust_plan = df[["customer_id", "expected_share_of_region"]].sort_values("customer_id").reset_index(drop=True)
    prods = _products()
    mix = np.exp(rng.normal(0, 0.25, len(prods)))
    w = prods["list_price"].to_numpy() ** 0.3 * mix
    prod_plan = pd.DataFrame({"product_id": prods["product_id"], "expected_share": (w / w.sum()).round(6)})
    return cust_plan, prod_plan


def _receivables(seed: int, lat: CustomerLatent, ids: np.ndarray, orders: pd.DataFrame,
                 customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One invoice per order, due after the customer's payment terms, and the payments against
    them up to 2025-12-31. Each customer has a payment habit (drawn from its own stream): most
    pay around the due date, some habitually late, a few leave invoices unpaid; large invoices
    are sometimes paid in two instalments."""
    rng = _stream(seed, "receivables")
    inv = orders.groupby("order_id", sort=True).agg(customer_id=("customer_id", "first"),
                                                   invoice_date=("order_date", "first"),
                                                   amount=("amount", "sum")).reset_index()
    inv["amount"] = inv["amount"].round(2)
    terms = customers.set_index("customer_id")["payment_terms_days"]
    inv_date = pd.to_datetime(inv["invoice_date"])
    due = inv_date + pd.to_timedelta(inv["customer_id"].map(terms).to_numpy(), unit="D")
    # customer habits, indexed like the latent arrays
    pos = pd.Series(np.arange(len(ids)), index=ids)
    n = len(ids)
    habit_late = rng.random(n) < 0.18  # habitually late payers
    mean_delay = np.where(habit_late, rng.uniform(15, 60, n), rng.uniform(-12, -2, n))
    p_never = np.where(rng.random(n) < 0.04, rng.uniform(0.2, 0.6, n), 0.002)
    ci = pos.reindex(inv["customer_id"]).to_numpy()
    delay = np.round(mean_delay[ci] + rng.normal(0, 4, len(inv))).astype(int)
    pay_date = due + pd.to_timedelta(delay, unit="D")
    pay_date = pay_date.where(pay_date >= inv_date, inv_date)
    never = rng.random(len(inv)) < p_never[ci]
    split = (inv["amount"].to_numpy() > 50_000) & (rng.random(len(inv)) < 0.3)
    first_part = np.round(inv["amount"].to_numpy() * np.where(split, rng.uniform(0.3, 0.7, len(inv)), 1.0), 2)
    second_date = pay_date + pd.to_timedelta(rng.integers(10, 45, len(inv)), unit="D")
    end = pd.Timestamp(END)
    p1 = pd.DataFrame({"invoice_id": inv["order_id"].str.replace("SO", "INV", regex=False),
                       "customer_id": inv["customer_id"], "payment_date": pay_date, "amount": first_part})
    p2 = pd.DataFrame({"invoice_id": p1["invoice_id"], "customer_id": inv["customer_id"],
                       "payment_date": second_date, "amount": np.round(inv["amount"].to_numpy() - first_part, 2)})
    pays = pd.concat([p1[~never], p2[~never & split]], ignore_index=True)
    pays = pays[pays["payment_date"] <= end].sort_values(["payment_date", "invoice_id"], kind="stable")
    pays.insert(0, "payment_id", [f"PAY{i + 1:07d}" for i in range(len(pays))])
    pays["payment_date"] = pays["payment_date"].dt.strftime("%Y-%m-%d")
    invoices = pd.DataFrame({"invoice_id": p1["invoice_id"], "order_id": inv["order_id"],
                             "customer_id": inv["customer_id"], "invoice_date": inv["invoice_date"],
                             "due_date": due.dt.strftime("%Y-%m-%d"), "amount": inv["amount"]})
    return invoices, pays.reset_index(drop=True)


def _dealer_inventory(seed: int, orders: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Monthly average stock at the dealers (经销商月均库存), as they report it each month: for
    every dealer that bought in 2025, each product it bought in 2025 and each month of 2025, the
    units in stock and their value at the dealer's average 2025 purchase price.

    A dealer keeps a number of months of cover of its average monthly purchases: log-normal
    around 1.5 months, but about one dealer in eight overstocks (around 4 months); a smaller
    log-normal spread per dealer and product, and month-to-month noise. Services carry no stock
    and are left out; a stock that rounds to 0 stays in the table (out of stock).
    """
    rng = _stream(seed, "dealer-inventory")
    prods = _products()
    services = prods.loc[prods["_kind"] == "service", "product_id"]
    dealers = customers.loc[customers["segment"] == "经销商", "customer_id"]
    bought = orders[orders["order_date"].str.startswith("2025") & orders["customer_id"].isin(dealers)
                    & ~orders["product_id"].isin(services)]
    pairs = (bought.groupby(["customer_id", "product_id"], sort=True)
             .agg(qty=("quantity", "sum"), amount=("amount", "sum")).reset_index())
    price = (pairs["amount"] / pairs["qty"]).round(2).to_numpy()  # average purchase unit price
    per_month = pairs["qty"].to_numpy() / 12
    dealer, _ = pd.factorize(pairs["customer_id"], sort=True)
    n_dealers, n_pairs = int(dealer.max()) + 1, len(pairs)
    overstock = rng.random(n_dealers) < 0.12
    cover = np.where(overstock, np.exp(rng.normal(np.log(4.0), 0.25, n_dealers)),
                     np.exp(rng.normal(np.log(1.5), 0.35, n_dealers)))  # months of cover per dealer
    cover = cover[dealer] * np.exp(rng.normal(0, 0.3, n_pairs))  # per dealer and product
    noise = np.exp(rng.normal(0, 0.2, (n_pairs, 12)))
    stock = np.round(per_month[:, None] * cover[:, None] * noise).astype(int)
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    return pd.DataFrame({
        "customer_id": np.repeat(pairs["customer_id"].to_numpy(), 12),
        "product_id": np.repeat(pairs["product_id"].to_numpy(), 12),
        "month": np.tile(months, n_pairs),
        "avg_stock_qty": stock.ravel(),
        "avg_stock_value": (stock * price[:, None]).round(2).ravel(),
    })


FILES = {
    "customers": "customers.csv",
    "products": "products.csv",
    "inventory": "inventory.csv",
    "orders": "orders.csv.gz",
    "analyst_sample": "analyst_sample_gbk.csv",
    "salespeople": "salespeople.csv",
    "assignments": "assignments.csv",
    "plan_customers": "plan_customers.csv",
    "plan_products": "plan_products.csv",
    "invoices": "invoices.csv.gz",
    "payments": "payments.csv.gz",
    "dealer_inventory": "dealer_inventory.csv.gz",
}


def generate(out_dir: str | Path, seed: int = SEED) -> dict[str, Path]:
    """Write every synthetic file of the company into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lat = _customer_latent(seed)
    customers, order = _customers(seed, lat)
    ids = np.empty(len(order), dtype=object)
    ids[order] = customers["customer_id"].to_numpy()
    orders = _orders(seed, lat, ids.astype(str))
    products = _products()
    tables = {
        "customers": customers,
        "products": products.drop(columns="_kind"),
        "inventory": _inventory(seed, orders),
        "orders": orders,
    }
    paths = {}
    for key, df in tables.items():
        paths[key] = out / FILES[key]
        if key == "customers":  # coordinates to ~10 m, not the 2 decimals (~1 km) of the amounts
            df = df.assign(lat=df["lat"].map("{:.4f}".format), lon=df["lon"].map("{:.4f}".format))
        _write_csv(df, paths[key])
    paths["analyst_sample"] = out / FILES["analyst_sample"]
    _write_csv(_analyst_sample(seed, orders, customers), paths["analyst_sample"], encoding="gbk")
    # Chapter 05 tables: own streams, so the files above never change when these are added.
    people, assignments = _salespeople(seed, customers)
    plan_c, plan_p = _plans(seed, lat, ids.astype(str), customers)
    invoices, payments = _receivables(seed, lat, ids.astype(str), orders, customers)
    for key, df in {"salespeople": people, "assignments": assignments, "plan_customers": plan_c,
                    "plan_products": plan_p, "invoices": invoices, "payments": payments}.items():
        paths[key] = out / FILES[key]
        _write_csv(df, paths[key], float_format="%.6f" if key.startswith("plan") else "%.2f")
    paths["dealer_inventory"] = out / FILES["dealer_inventory"]
    _write_csv(_dealer_inventory(seed, orders, customers), paths["dealer_inventory"])
    return paths
