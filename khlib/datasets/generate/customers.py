"""The customers family: the customer records (客户资料卡, ``customers.csv``).

Names, addresses and phone numbers are random combinations of common words, brands and
surnames; size, segment, city and first trade come from the hidden traits
(:func:`~khlib.datasets.generate.common.customer_latent`), and the rows are shuffled so that a
customer id does not reveal the cohort.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import Context, CustomerLatent, person, stream
from .geo import CITIES

BRANDS = ["恒通", "瑞丰", "鼎新", "宏远", "嘉禾", "信达", "润和", "同创", "海纳", "启明",
           "万邦", "盛华", "远航", "博远", "天成", "永盛", "凯达", "汇通", "明德", "安泰",
           "金禾", "华盈", "泰和", "德润", "新元", "众合", "佳弘", "正源", "锦程", "立信",
           "广源", "弘毅", "富华", "长青", "瀚海", "聚力", "宏图", "睿达", "昌隆", "和信",
           "中盛", "宇航", "丰禾", "乾元", "华屹", "卓越", "思远", "同益", "诚信", "东润"]
DISTRICTS = ["城东", "城西", "城南", "城北", "高新", "经开", "新城", "滨江", "湖滨", "开发"]
_ROADS = ["人民", "解放", "建设", "中山", "长江", "黄河", "和平", "文化", "科技", "工业",
          "滨江", "学府", "振兴", "迎宾", "光明", "东风", "新华", "青年", "育才", "创业"]

# Enterprise industries and the words in their names.
ENTERPRISE_INDUSTRIES = {
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


def customers(seed: int, lat: CustomerLatent) -> tuple[pd.DataFrame, np.ndarray]:
    """The customer records and the shuffle: row ``j`` of the table is latent customer ``order[j]``."""
    rng = stream(seed, "customers")
    n = len(lat.segment)
    city = [CITIES[i] for i in lat.city_index]
    brands = rng.choice(BRANDS, size=n)
    names: list[str] = []
    industries: list[str] = []
    org_forms: list[str] = []
    ind_names = list(ENTERPRISE_INDUSTRIES)
    ind_p = np.array([v[0] for v in ENTERPRISE_INDUSTRIES.values()], dtype=float)
    ind_choice = rng.choice(len(ind_names), size=n, p=ind_p / ind_p.sum())
    inst_names = list(_INSTITUTION_KINDS)
    inst_p = np.array(list(_INSTITUTION_KINDS.values()), dtype=float)
    inst_choice = rng.choice(len(inst_names), size=n, p=inst_p / inst_p.sum())
    word_u = rng.random(n)
    num = rng.integers(1, 40, size=n)
    district = rng.choice(DISTRICTS, size=n)
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
            words = ENTERPRISE_INDUSTRIES[industry][1]
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
    # The record card's qualitative fields are generated from behaviour once the orders and
    # payments exist (:mod:`.card`); these three draws only keep this stream where it was, so
    # that the shuffle below and every other column stay as they were.
    for _ in range(3):  # rng.choice with p draws one uniform per customer
        rng.random(n)
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
        "legal_rep": person(rng, n),
        "contact": person(rng, n),
        "founded": pd.Series(founded).dt.strftime("%Y-%m-%d"),
        "first_trade_date": first_str,
        "employees": employees,
        "assets_10k": assets,
        "growth_potential": None,  # filled by card.card_fields
        "attitude": None,
        "competitor_position": None,
        "payment_terms_days": np.where(potential, 0, terms),
        "credit_limit": np.where(potential, 0, credit).astype(int),
    })
    # Shuffle rows so customer ids do not reveal the cohort, then renumber.
    order = rng.permutation(n)
    df = df.iloc[order].reset_index(drop=True)
    df["customer_id"] = [f"C{i + 1:05d}" for i in range(n)]
    return df, order




def build(ctx: Context) -> dict[str, pd.DataFrame]:
    """The customers table; also sets ``ctx.ids``, the public id of each latent customer,
    which the later families need."""
    df, order = customers(ctx.seed, ctx.latent)
    ids = np.empty(len(order), dtype=object)
    ids[order] = df["customer_id"].to_numpy()
    ctx.ids = ids.astype(str)
    return {"customers": df}
