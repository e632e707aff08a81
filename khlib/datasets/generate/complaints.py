"""The complaints family (chapter 07 客户投诉): every complaint the company received in 2024–2025
(``complaints.csv.gz``), one row per complaint, with a short Chinese text.

Nothing is planted; complaints follow from what happened and from the hidden traits (documented
in ``data/README.md``):

* a complaint is *triggered* by an event already in the data: a return (产品质量), a delivery
  (运输), a support call or on-site service (服务), a payment reminder (销售合同). The chance that
  an event turns into a complaint grows with the customer's dissatisfaction — the same hidden
  satisfaction driver as the survey (:func:`.survey.satisfaction_driver`), and a customer about
  to leave (hidden churn date within 180 days) is more dissatisfied — so dissatisfied customers
  complain more and the complainers rate the survey lower;
* the 2025Q3 logistics contractor of the survey's delivery dip triples the chance that a
  delivery is complained about (July–September 2025);
* the time to resolution is log-normal with a median set by the cause, longer for serious and
  repeated complaints and for transport complaints in the contractor's quarter; complaints not
  resolved by the end of 2025 are open (no resolve time);
* the customer's rating of the handling (处理结果) falls with the time it took, rises with
  compensation — and, because the orders were generated before the complaints, it is drawn
  *conditioned on what the customer did next*: customers who leave within 180 days of the
  complaint (their hidden churn date) were more often badly handled. The data therefore show
  "well-handled complaints go with repurchase" without telling which causes which — as real
  complaint data do;
* the text is assembled from templates (an opening, the product or order, one of several
  phrasings of the cause, a consequence, a demand; words of repetition and of escalation for
  repeated and serious complaints), so that keywords differ by kind and some words go with slow
  resolution.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import END, Context, stream
from .service import MACHINES
from .survey import satisfaction_driver

#: Complaint kinds (投诉类别) and their causes (原因) with the median days to resolve.
CAUSES: dict[str, dict[str, float]] = {
    "产品质量": {"故障频繁": 4.0, "打印效果差": 2.5, "配件缺失": 1.5, "型号不符": 2.0, "耗材不兼容": 2.0},
    "销售合同": {"价格与合同不符": 5.0, "发票错误": 1.2, "返利未兑现": 12.0, "账期争议": 8.0, "对账差异": 3.0},
    "运输": {"送货延迟": 1.2, "包装破损": 2.0, "送错货": 1.5, "未按约定时间送达": 1.0, "司机态度差": 1.5},
    "服务": {"响应慢": 2.0, "多次维修未修好": 9.0, "工程师态度差": 2.5, "上门未按约": 1.5, "热线打不通": 1.0},
}
#: Relative frequency of the causes within a kind (same order as CAUSES).
CAUSE_WEIGHTS = {"产品质量": (0.35, 0.25, 0.15, 0.1, 0.15), "销售合同": (0.25, 0.3, 0.15, 0.15, 0.15),
                 "运输": (0.4, 0.2, 0.15, 0.15, 0.1), "服务": (0.35, 0.2, 0.15, 0.15, 0.15)}
#: Chance that a triggering event becomes a complaint for a customer of average satisfaction.
BASE = {"退换货": 0.14, "配送": 0.0032, "加急配送": 0.0064, "电话支持": 0.0028, "上门服务": 0.009, "催款": 0.0055}
KIND_OF = {"退换货": "产品质量", "配送": "运输", "加急配送": "运输", "电话支持": "服务", "上门服务": "服务", "催款": "销售合同"}
DISSATISFACTION = 0.6  # log-odds-like weight of the dissatisfaction driver on the chance
CONTRACTOR = (np.datetime64("2025-07-01"), np.datetime64("2025-09-30"), 3.0)  # generated: the 2025Q3 logistics contractor
CHANNELS = ("业务员转达", "客服热线", "微信", "邮件", "上门")
CHANNEL_P = (0.35, 0.30, 0.25, 0.07, 0.03)

_CAUSE_TEXT = {
    "故障频繁": ["{p}用了不到一个月就频繁出故障", "{p}经常卡纸，一天要卡好几次", "{p}开机报错，重启也没用",
              "{p}频繁死机，打印到一半就停"],
    "打印效果差": ["{p}打印出来有黑线，字迹模糊", "{p}打印颜色发淡，文件没法用", "{p}打印有重影和底灰"],
    "配件缺失": ["{p}到货后发现少了配件", "{p}箱子里没有电源线和说明书", "{p}缺少纸盒，装不上"],
    "型号不符": ["收到的{p}型号和订单不一致", "{p}发错了型号，跟我们要的不一样", "订的{p}到货是旧款型号"],
    "耗材不兼容": ["买的{p}装上机器不识别", "{p}和我们的机器不兼容，提示非原装", "{p}装上以后漏粉"],
    "价格与合同不符": ["{o}的结算价格和合同约定的不一样", "{o}单价比合同价高了", "{o}没有按合同给折扣"],
    "发票错误": ["{o}的发票抬头开错了", "{o}的发票税号不对，财务没法入账", "{o}发票金额和实际不符"],
    "返利未兑现": ["去年说好的返利到现在还没兑现", "季度返利一直没有到账", "承诺的返利被扣掉了一部分"],
    "账期争议": ["合同写的是60天账期，你们30天就来催款", "还没到期就一直打电话催款", "{o}的账期和合同不一致，催款太急"],
    "对账差异": ["{o}对账单和我们的记录对不上", "对账单多算了一批货", "{o}已经付过的款对账单上还显示未付"],
    "送货延迟": ["{o}承诺三天到货，一周了还没到", "{o}送货晚了好几天", "{o}的货一直没送到，物流也查不到"],
    "包装破损": ["{o}到货时包装破损，{p}外壳摔裂了", "{o}的箱子被压坏了，{p}有划痕", "{o}外包装破了，货物受潮"],
    "送错货": ["{o}送来的货和订单不符", "{o}少送了两箱", "{o}的货送到别的单位去了"],
    "未按约定时间送达": ["{o}约好上午送货，下午才到", "{o}没有提前通知就送货，仓库没人收", "{o}周末送货没人签收"],
    "司机态度差": ["送货的司机态度很差", "{o}送货的师傅不肯搬上楼，还发脾气", "司机卸货时乱扔，说两句就吵"],
    "响应慢": ["报修以后两天都没人联系", "{p}报修好几天了一直没人来", "打电话报修，说好当天回复，一直没消息"],
    "多次维修未修好": ["{p}修了三次还是老毛病", "{p}反复维修一直没修好", "工程师来了几次，{p}的问题还是没解决"],
    "工程师态度差": ["上门的工程师态度很不耐烦", "工程师修完不收拾现场，还乱收费", "工程师说话很冲，不解释原因"],
    "上门未按约": ["约好上午上门，工程师没来也没通知", "工程师迟到了三个小时", "说好今天上门维修，结果改了两次时间"],
    "热线打不通": ["服务热线一直打不通", "客服电话总是占线，留言也没人回", "打了十几次热线才接通"],
}
_OPEN = ["", "", "你好，", "您好，", "你们好，"]
_WHEN = ["上周", "前几天", "这个月", "昨天", "本周"]
_EFFECT = {"经销商": ["我们的终端客户一直在投诉", "影响了我们给客户的交付", "下游客户要求退货", ""],
           "企业": ["耽误了我们的工作", "影响了正常办公", "部门的文件都打不了", ""],
           "机构": ["影响了单位的正常办公", "耽误了窗口业务", "领导很不满意", ""]}
_ASK = {"产品质量": ["要求换货", "请尽快安排换货或退货", "希望尽快处理", "请给个说法"],
        "销售合同": ["请尽快核实更正", "请财务尽快处理", "希望尽快给答复", "请按合同办"],
        "运输": ["请尽快处理", "要求赔偿", "希望以后注意", "请给个说法"],
        "服务": ["请尽快派人", "希望尽快修好", "请给个说法", "希望改进服务"]}
_REPEAT = ["这已经是第二次反映了，", "多次反映了一直没人处理，", "再次反映："]
_SERIOUS = ["问题很严重，", "情况非常紧急，"]
_ESCALATE = ["如果再解决不了，我们考虑更换供应商。", "我们保留追究责任的权利。", "已经让法务介入。", "会向你们领导投诉。"]


def _pick(rng: np.random.Generator, options: list[str]) -> str:
    return options[int(rng.integers(len(options)))]


def _text(rng: np.random.Generator, kind: str, cause: str, segment: str, product: str, order: str,
          repeat: bool, serious: bool, note: bool) -> str:
    body = _pick(rng, _CAUSE_TEXT[cause]).format(p=product or ("硒鼓" if cause == "耗材不兼容" else "机器"),
                                                 o=f"{_pick(rng, _WHEN)}的订单")
    parts = [_pick(rng, _OPEN), _pick(rng, _REPEAT) if repeat else "", _pick(rng, _SERIOUS) if serious else "", body]
    effect = _pick(rng, _EFFECT[segment])
    text = "".join(parts) + ("，" + effect if effect else "") + "，" + _pick(rng, _ASK[kind]) + "。"
    if serious and rng.random() < 0.6:
        text += _pick(rng, _ESCALATE)
    if note:  # a second paragraph, as typed into a CRM form
        text += "\n补充：" + _pick(rng, ["联系人电话已留给业务员。", "照片已通过微信发给业务员。", f"订单号 {order}。"])
    return text


def complaints(ctx: Context) -> pd.DataFrame:
    """The complaints of 2024–2025 (see the module notes)."""
    rng = stream(ctx.seed, "complaints")
    lat, ids = ctx.latent, ctx.ids
    n = len(ids)
    driver = satisfaction_driver(ctx.seed, n)
    dis = -(driver - driver.mean()) / driver.std()
    acts = ctx.tables["activities"]
    acts = acts[acts["activity"].isin(list(BASE))]
    pos = pd.Series(np.arange(n), index=ids)
    code = pos.reindex(acts["customer_id"]).to_numpy()
    day = pd.to_datetime(acts["date"]).to_numpy().astype("datetime64[D]")
    activity = acts["activity"].to_numpy()
    churn = lat.churn[code]
    leaving = (~np.isnat(churn)) & (churn <= day + 180)
    p = np.array([BASE[a] for a in activity]) * np.exp(DISSATISFACTION * (dis[code] + 1.0 * leaving))
    p *= np.where(np.isin(activity, ["配送", "加急配送"]) & (day >= CONTRACTOR[0]) & (day <= CONTRACTOR[1]),
                  CONTRACTOR[2], 1.0)
    hit = np.flatnonzero(rng.random(len(p)) < np.minimum(p, 0.9))
    ev = acts.iloc[hit]
    code, day, activity, churn = code[hit], day[hit], activity[hit], churn[hit]
    m = len(ev)
    kind = np.array([KIND_OF[a] for a in activity])
    cause = np.empty(m, dtype=object)
    for k, causes in CAUSES.items():
        sel = kind == k
        cause[sel] = rng.choice(list(causes), size=sel.sum(), p=CAUSE_WEIGHTS[k])
    # received: the event day or up to three days later, in working hours (some by WeChat at night)
    lag = rng.integers(0, 4, m)
    minutes = np.where(rng.random(m) < 0.85, rng.integers(8 * 60 + 30, 18 * 60, m), rng.integers(18 * 60, 23 * 60, m))
    received = (day + lag).astype("datetime64[m]") + minutes.astype("timedelta64[m]")
    order = ev["order_id"].fillna("").to_numpy()
    # the product named in the text: a line of the event's order, else a machine the customer bought
    products = ctx.tables["products"].set_index("product_id")
    names = products["name"].str.rsplit(" ", n=1).str[0]  # without the model code
    lines = ctx.tables["orders"][["order_id", "product_id"]]
    category = lines["product_id"].map(products["category"])
    prod = np.full(m, "", dtype=object)
    for wanted, rows in ((MACHINES, ~np.isin(cause, ["耗材不兼容"])), (("耗材",), np.isin(cause, ["耗材不兼容"]))):
        first = lines[category.isin(wanted)].drop_duplicates("order_id").set_index("order_id")["product_id"]
        prod[rows] = pd.Series(order[rows]).map(first).map(names).fillna("").to_numpy()
    # service calls have no order: the customer's first machine
    own = ctx.tables["orders"][category.isin(MACHINES).to_numpy()].drop_duplicates("customer_id")
    own = own.set_index("customer_id")["product_id"].map(names)
    service = (kind == "服务") & (prod == "")
    prod[service] = pd.Series(ids[code][service]).map(own).fillna("").to_numpy()
    seg = lat.segment[code]
    # repeated: the customer complained within the 60 days before (same kind or not)
    order_by = np.lexsort((received, code))
    rep = np.zeros(m, dtype=bool)
    same = code[order_by][1:] == code[order_by][:-1]
    gap = (received[order_by][1:] - received[order_by][:-1]).astype("timedelta64[D]").astype(int)
    rep[order_by[1:]] = same & (gap <= 60)
    serious = rng.random(m) < 0.12 + 0.08 * (dis[code] > 1)
    median = np.array([CAUSES[k][c] for k, c in zip(kind, cause)])
    slow = (1 + 0.8 * serious) * (1 + 0.6 * rep)
    slow *= np.where((kind == "运输") & (day >= CONTRACTOR[0]) & (day <= CONTRACTOR[1]), 1.8, 1.0)
    days = median * slow * np.exp(rng.normal(0, 0.75, m))
    days *= np.where(rng.random(m) < 0.02, 8.0, 1.0)  # stalled: passed between departments
    resolved = received + (days * 24 * 60).astype("timedelta64[m]")
    end = np.datetime64(END.date()) + np.timedelta64(1, "D")
    keep = received < end
    open_ = resolved >= end.astype("datetime64[m]")
    # compensation (赔偿/让利): claims for damaged, wrong or defective goods and price differences
    amount = ctx.tables["orders"].groupby("order_id")["amount"].sum()
    value = pd.Series(order).map(amount).fillna(0).to_numpy()
    claim = np.isin(cause, ["包装破损", "故障频繁", "价格与合同不符", "送错货", "返利未兑现"]) & (rng.random(m) < 0.45)
    comp = np.where(claim, np.maximum(50, value * rng.uniform(0.03, 0.25, m)), 0.0)
    comp = np.where(claim & serious, comp * 2, comp).round(-1)
    # the handling rating: time, compensation — and what the customer did next (see the module notes)
    leaves_after = (~np.isnat(churn)) & (churn <= day + 180)
    h = (1.1 - 0.45 * np.log1p(days) + 0.5 * (comp > 0) - 0.4 * serious - 1.1 * leaves_after
         + rng.normal(0, 0.7, m))
    outcome = np.where(h > 0.5, "满意", np.where(h > -0.4, "基本满意", "不满意")).astype(object)
    outcome[open_] = None
    note = rng.random(m) < 0.05
    text = [_text(rng, k, c, s, pr, o, r, se, nt)
            for k, c, s, pr, o, r, se, nt in zip(kind, cause, seg, prod, order, rep, serious, note)]
    df = pd.DataFrame({
        "received": pd.to_datetime(received), "customer_id": ids[code],
        "channel": rng.choice(CHANNELS, size=m, p=CHANNEL_P), "complaint_type": kind, "cause": cause,
        "order_id": np.where(order == "", None, order), "severity": np.where(serious, "严重", "一般"),
        "text": text, "resolved": pd.to_datetime(np.where(open_, np.datetime64("NaT"), resolved)),
        "outcome": outcome, "compensation": comp})[keep]
    df = df.sort_values(["received", "customer_id"], kind="stable").reset_index(drop=True)
    df.insert(0, "complaint_id", [f"TS{i + 1:05d}" for i in range(len(df))])
    for c in ("received", "resolved"):
        df[c] = df[c].dt.strftime("%Y-%m-%d %H:%M").where(df[c].notna(), None)
    return df


def build(ctx: Context) -> dict[str, pd.DataFrame]:
    """The complaints; needs ``ctx.ids``, the activities, orders and products."""
    return {"complaints": complaints(ctx)}
