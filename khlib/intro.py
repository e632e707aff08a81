"""Chapter 00 导论: the customer record card, the relationship life cycle as the course map, and
a tour of the data sets. 见第00章 导论。"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import datasets
from ._errors import fail
from .periods import day, in_period
from .summary import customer_summary

#: The customer record card (客户资料卡): section -> [(field label, customers column)]. Columns
#: starting with ``_`` are computed from the orders and receivables when the card is drawn.
RECORD_CARD: dict[str, list[tuple[str, str]]] = {
    "基础资料": [("客户名称", "name"), ("客户编号", "customer_id"), ("地址", "address"),
             ("电话", "phone"), ("法人代表", "legal_rep"), ("联系人", "contact"),
             ("成立日期", "founded"), ("首次交易日期", "first_trade_date"),
             ("组织形式", "org_form"), ("行业", "industry"), ("资产（万元）", "assets_10k")],
    "客户特征": [("客户类别", "segment"), ("客户类型", "kind"), ("服务区域", "region"),
             ("销售能力", "sales_capability"), ("发展潜力", "growth_potential"),
             ("经营方针", "business_policy"), ("规模（员工人数）", "employees"),
             ("人员素质", "staff_quality")],
    "业务状况": [("近 12 个月销售额（元）", "_sales_12m"), ("近 12 个月订单数", "_orders_12m"),
             ("合作态度", "attitude"), ("与竞争对手的关系", "competitor_position")],
    "交易现状": [("信用额度（元）", "credit_limit"), ("付款期限（天）", "payment_terms_days"),
             ("信用状况", "_credit"), ("最近一次订单", "_last_order"), ("存在问题", "_problems")],
}

#: Card fields that are personal information of natural persons (个人信息, 《个人信息保护法》
#: 2021): the names of the legal representative and the contact, and the phone number.
PERSONAL_FIELDS: tuple[str, ...] = ("legal_rep", "contact", "phone")

#: Days without an order after which the card lists it as a problem (本课程的假设).
QUIET_DAYS = 90


def _mask(col: str, value: str) -> str:
    """A personal field with the identifying part hidden (去标识化): 王** / 021-6752****."""
    if col == "phone":
        head, _, num = value.partition("-")
        return f"{head}-{num[:4]}{'*' * max(len(num) - 4, 0)}" if num else "*" * len(value)
    return value[:1] + "*" * (len(value) - 1)


def _card_status(rec: dict, mine: pd.DataFrame, invoices: pd.DataFrame, payments: pd.DataFrame,
                 ref: pd.Timestamp) -> None:
    """Fill the computed fields of ``rec``: sales and orders of the 12 months to ``ref``, credit
    status, last order and the problems (存在问题) found in the orders and receivables."""
    from .display import chinese_date
    from .summary import open_items

    year_ago = ref - pd.DateOffset(years=1)
    recent = mine[in_period(mine["order_date"], year_ago + pd.Timedelta(days=1), ref)]
    before = mine[in_period(mine["order_date"], year_ago - pd.DateOffset(years=1) + pd.Timedelta(days=1),
                            year_ago)]
    sales = float(recent["amount"].sum()) if len(recent) else 0.0
    if len(recent):
        s = customer_summary(recent, asof=ref).iloc[0]
        rec["_sales_12m"], rec["_orders_12m"] = f"{s['sales']:,.0f}", int(s["orders"])
    else:
        rec["_sales_12m"], rec["_orders_12m"] = "0", 0
    upto = mine[in_period(mine["order_date"], None, ref)]
    last = pd.Timestamp(upto["order_date"].max()) if len(upto) else None
    rec["_last_order"] = chinese_date(last, with_year=True) if last is not None else "无"
    cid = rec["customer_id"]
    inv = invoices[(invoices["customer_id"] == cid) & in_period(invoices["invoice_date"], None, ref)]
    items = open_items(inv, payments[payments["customer_id"] == cid], asof=ref) if len(inv) else None
    balance = float(items["balance"].sum()) if items is not None else 0.0
    late = items[(items["days_overdue"] > 0) & (items["balance"] > 0.005)] if items is not None else None
    limit = float(rec.get("credit_limit") or 0)
    if balance <= 0.005:
        rec["_credit"] = "无应收余额"
    elif limit > 0:
        rec["_credit"] = f"应收余额 {balance:,.0f} 元，占额度 {balance / limit:.0%}"
    else:
        rec["_credit"] = f"应收余额 {balance:,.0f} 元（无信用额度）"
    problems = []
    if late is not None and len(late):
        problems.append(f"逾期应收 {late['balance'].sum():,.0f} 元（最长逾期 {int(late['days_overdue'].max())} 天）")
    if limit > 0 and balance > limit:
        problems.append("应收余额超出信用额度")
    if last is not None and (ref - last).days > QUIET_DAYS:
        problems.append(f"已 {(ref - last).days} 天没有下单")
    prior = float(before["amount"].sum()) if len(before) else 0.0
    if prior > 0 and sales < 0.8 * prior:
        problems.append(f"近 12 个月销售额比上一年下降 {1 - sales / prior:.0%}")
    if last is None:
        rec["_problems"] = "尚未交易"
    else:
        rec["_problems"] = "；".join(problems) if problems else "暂无"


def record_card(
    customer_id: str,
    customers: pd.DataFrame | None = None,
    orders: pd.DataFrame | None = None,
    *,
    invoices: pd.DataFrame | None = None,
    payments: pd.DataFrame | None = None,
    asof: str | pd.Timestamp | None = None,
    mask_personal: bool = False,
) -> pd.DataFrame:
    """One customer's record card (客户资料卡) in its four sections: basic data,
    characteristics, business status and transaction status (见第00章 导论).

    The sales and orders of the 12 months to ``asof`` (default: the last order date), the credit
    status (open receivables against the credit limit), the last order and the problems (存在问题:
    overdue receivables, balance over the limit, more than :data:`QUIET_DAYS` days without an
    order, sales down more than 20% on the 12 months before) are computed from ``orders``,
    ``invoices`` and ``payments``; the course data are used for any table not given. With
    ``mask_personal`` the personal information of natural persons (:data:`PERSONAL_FIELDS`) is
    shown de-identified (王**, 021-6752****). Returns a frame indexed by (部分, 项目) with one
    text column 内容."""
    customers = datasets.load_customers() if customers is None else customers
    orders = datasets.load_orders() if orders is None else orders
    invoices = datasets.load_invoices() if invoices is None else invoices
    payments = datasets.load_payments() if payments is None else payments
    hit = customers[customers["customer_id"] == customer_id]
    if len(hit) != 1:
        raise fail(f"客户编号 '{customer_id}' 在客户表中{'不存在' if len(hit) == 0 else '出现多次'}。",
                   f"Customer id '{customer_id}' is {'not' if len(hit) == 0 else 'more than once'} "
                   "in the customer table.")
    from .display import chinese_date

    rec = hit.iloc[0].to_dict()
    mine = orders[orders["customer_id"] == customer_id]
    ref = day(asof, "asof") if asof is not None else pd.Timestamp(orders["order_date"].max()).normalize()
    _card_status(rec, mine, invoices, payments, ref)
    cap = rec.get("sales_capability")
    if (cap is None or (isinstance(cap, float) and pd.isna(cap))) and rec.get("segment") != "经销商":
        rec["sales_capability"] = "不适用（终端用户）"   # only dealers resell
    rows = []
    for section, fields in RECORD_CARD.items():
        for label, col in fields:
            v = rec.get(col)
            if isinstance(v, pd.Timestamp):
                v = chinese_date(v, with_year=True)
            missing = v is None or v is pd.NaT or (isinstance(v, float) and pd.isna(v))
            if mask_personal and col in PERSONAL_FIELDS and not missing:
                v = _mask(col, str(v))
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) and not missing:
                v = f"{v:,.0f}"
            rows.append((section, label, "—" if missing else v))
    out = pd.DataFrame(rows, columns=["部分", "项目", "内容"]).set_index(["部分", "项目"])
    out["内容"] = out["内容"].astype(str)
    return out


#: The customer relationship life cycle (客户关系生命周期) as the course map:
#: (stage, phase, the chapters that teach it (notebook stems), what they cover there).
LIFECYCLE: list[tuple[str, str, tuple[str, ...], str]] = [
    ("认识价值", "恋爱期", ("01_value",), "01 客户价值"),
    ("选择", "恋爱期", ("02_selection",), "02 客户选择"),
    ("开发", "恋爱期", ("03_development",), "03 客户开发"),
    ("信息", "婚姻期", ("00_intro", "05_transactions"), "00 客户资料卡、05 交易分析（上）"),
    ("分级", "婚姻期", ("04_grading", "05b_credit_visits"), "04 客户分级、05b 分级授信与拜访"),
    ("沟通", "婚姻期", ("06_satisfaction",), "06 客户沟通与满意"),
    ("满意", "婚姻期", ("06_satisfaction", "07_complaints"), "06 客户沟通与满意、07 客户投诉"),
    ("忠诚", "婚姻期", ("08_loyalty",), "08 客户忠诚与流失"),
    ("流失", "离婚期", ("08_loyalty",), "08 客户忠诚与流失"),
]


def _chapters_of(stems: tuple[str, ...]) -> str:
    """The chapter numbers of a life-cycle stage as a label: '第 06、07 章'."""
    return f"第 {'、'.join(s.split('_')[0] for s in stems)} 章"


_PHASE_COLORS = {"恋爱期": "#EF6C00", "婚姻期": "#2E7D32", "离婚期": "#6D4C41"}


def plot_lifecycle(ax=None, *, highlight: str | None = None):
    """Draw the relationship life cycle (认识价值 → 选择 → … → 流失) as the course map, each
    stage labelled with its chapter; ``highlight`` marks one stage."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    if ax is None:
        _, ax = plt.subplots(figsize=(13, 4.8))
    n = len(LIFECYCLE)
    for i, (stage, phase, stems, _) in enumerate(LIFECYCLE):
        x = i / (n - 1)
        y = 0.62 if i % 2 == 0 else 0.38
        col = _PHASE_COLORS[phase]
        ax.add_patch(FancyBboxPatch((x - 0.05, y - 0.08), 0.10, 0.16, boxstyle="round,pad=0.01",
                                    fc=col, ec="black" if stage == highlight else col,
                                    lw=4 if stage == highlight else 1, alpha=0.9))
        ax.text(x, y, stage, ha="center", va="center", color="white")
        ax.text(x, y - 0.14 if i % 2 else y + 0.14, _chapters_of(stems),
                ha="center", va="center", fontsize="small", color=col)
        if i < n - 1:
            nx, ny = (i + 1) / (n - 1), 0.62 if (i + 1) % 2 == 0 else 0.38
            ax.add_patch(FancyArrowPatch((x + 0.05, y), (nx - 0.05, ny), arrowstyle="-|>",
                                         mutation_scale=18, color="grey", lw=2))
    for k, (phase, col) in enumerate(_PHASE_COLORS.items()):
        ax.text(0.02 + 0.16 * k, 0.97, f"■ {phase}", color=col, fontsize="small", va="top")
    ax.set_xlim(-0.08, 1.08)
    ax.set_ylim(0.1, 1.0)
    ax.axis("off")
    ax.set_title("客户关系生命周期：本课程的地图")
    return ax


def dataset_tour() -> pd.DataFrame:
    """The course data files at a glance (数据集导览), one row per entry of the registry
    (:mod:`khlib.datasets.registry`), real data included: Chinese title, rows, columns, the
    call that loads it, the chapters that use it, synthetic or real (with the source) and what
    a row holds."""
    rows = []
    for t in datasets.TABLES.values():
        df = datasets.load(t.key)
        origin = "合成（虚构公司）" if t.synthetic else f"真实数据：{t.cite}"
        rows.append((t.file, t.title, len(df), df.shape[1], t.call, f"第 {'、'.join(t.chapters)} 章",
                     origin, t.description))
    return pd.DataFrame(rows, columns=["文件", "名称", "行数", "列数", "读取方式", "章节", "来源", "内容"]
                        ).set_index("文件")


def plot_customer_map(customers: pd.DataFrame, *, by: str = "region", ax=None, title: str | None = None):
    """Customers on a longitude/latitude plane, coloured by ``by`` (客户分布图); marker size
    grows with ``employees`` when that column exists."""
    import matplotlib.pyplot as plt

    for col in ("lon", "lat", by):
        if col not in customers.columns:
            raise fail(f"缺少列 '{col}'。", f"Column '{col}' not found.")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 7))
    size = (customers["employees"].clip(upper=2000) ** 0.5 * 1.5) if "employees" in customers else 12
    cmap = plt.get_cmap("tab10")
    for i, (key, grp) in enumerate(customers.groupby(by, sort=True)):
        ax.scatter(grp["lon"], grp["lat"], s=size[grp.index] if not isinstance(size, int) else size,
                   alpha=0.55, color=cmap(i % 10), label=f"{key}（{len(grp)}）")
    ax.set_xlabel("经度")
    ax.set_ylabel("纬度")
    ax.set_aspect(1.15)
    ax.legend(loc="lower right", markerscale=1.5)
    ax.set_title(title or "客户分布")
    return ax


def record_card_widget(customer_ids, customers: pd.DataFrame | None = None,
                       orders: pd.DataFrame | None = None):
    """A customer picker that shows the chosen customer's record card (客户资料卡查看器), one
    section at a time (a slide's worth of rows), with a switch that de-identifies the personal
    information (个人信息去标识化)."""
    import ipywidgets as w
    from IPython.display import display

    from .display import show

    customers = datasets.load_customers() if customers is None else customers
    orders = datasets.load_orders() if orders is None else orders
    invoices, payments = datasets.load_invoices(), datasets.load_payments()
    names = customers.set_index("customer_id")["name"]
    options = [(f"{cid} {names.get(cid, '')}", cid) for cid in customer_ids]
    pick = w.Dropdown(options=options, description="客户", layout=w.Layout(width="420px"))
    part = w.ToggleButtons(options=list(RECORD_CARD), value="基础资料",
                           style={"button_width": "80px"})
    mask = w.Checkbox(value=False, description="隐去个人信息", indent=False)
    out = w.Output()

    def redraw(change=None):
        card = record_card(pick.value, customers, orders, invoices=invoices, payments=payments,
                           mask_personal=mask.value)
        with out:
            out.clear_output(wait=True)
            display(show(card.loc[[part.value]], rows=None, caption=f"{pick.label}"))

    for c in (pick, part, mask):
        c.observe(redraw, names="value")
    redraw()
    return w.VBox([pick, w.HBox([part, mask]), out])


#: The chapters of the course: (notebook stem, title, one-line summary for chapters not written yet).
CHAPTERS: list[tuple[str, str, str]] = [
    ("00_intro", "第 00 章 导论：客户管理是什么", "客户管理的定义、目的、对象、内容、方法与原则；生命周期地图；客户资料卡与个人信息"),
    ("01_value", "第 01 章 客户价值", "客户终身价值：从幻灯片的算术到 BG/NBD 与 Gamma-Gamma 模型"),
    ("02_selection", "第 02 章 客户选择", "作业成本法与客户利润、鲸鱼曲线与基尼系数、层次分析法与潜在客户评分、蚂蚁变大象"),
    ("03_development", "第 03 章 客户开发", "十二种开发方法、连锁介绍、销售漏斗与管道预测"),
    ("04_grading", "第 04 章 客户分级", "ABC 分类、客户金字塔、分级拜访计划、颜色管理、RFM、等级迁移"),
    ("05_transactions", "第 05 章 交易分析（上）：构成、产品与毛利", "客户构成与占比、产品构成、毛利、周转率、交叉比率与贡献比率"),
    ("05b_credit_visits", "第 05b 章 交易分析（下）：应收账款、信用与拜访路线", "应收账款账龄、信用额度、逾期利息、拜访路线与拜访日历"),
    ("06_satisfaction", "第 06 章 客户沟通与满意", "客情与沟通、拜访记录、问卷信度、满意度指数、重要性–表现分析、NPS"),
    ("07_complaints", "第 07 章 客户投诉", "投诉帕累托、处理时效、“冰山”算术、文本关键词"),
    ("08_loyalty", "第 08 章 客户忠诚与流失", "队列留存、生存曲线、流失预警"),
]


class _HTML:
    """Minimal rich-display wrapper (text/html plus a readable text/plain)."""

    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _learning_goals(path) -> list[str]:
    import json

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for c in cells:
        src = "".join(c["source"])
        if c["cell_type"] == "markdown" and src.startswith("## 学习目标"):
            return [line[2:].strip().rstrip("；;。") for line in src.splitlines() if line.startswith("- ")]
    return []


def lifecycle_map_html(notebook_dir: str = ".") -> _HTML:
    """The life-cycle map as clickable SVG (生命周期地图): under each stage the numbers of the
    chapters that teach it, each a link to its notebook when that exists in ``notebook_dir``
    (unwritten ones are grey). A chapter's first appearance links to the notebook itself, a
    later one (06 teaches 沟通 and 满意) to ``notebook#stage``, so the map links every written
    chapter exactly once."""
    import html as h
    from pathlib import Path

    d = Path(notebook_dir)
    n, w, parts, seen = len(LIFECYCLE), 118, [], set()
    for i, (stage, phase, stems, _) in enumerate(LIFECYCLE):
        x, y = 10 + i * (w + 14), 40 if i % 2 == 0 else 110
        ready = [(d / f"{stem}.ipynb").exists() for stem in stems]
        col = _PHASE_COLORS[phase] if any(ready) else "#BDBDBD"
        parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="54" rx="10" fill="{col}"/>'
                     f'<text x="{x + w / 2}" y="{y + 24}" text-anchor="middle" fill="white" '
                     f'font-size="19">{h.escape(stage)}</text>')
        step = w / (len(stems) + 1)
        for k, (stem, ok) in enumerate(zip(stems, ready)):
            num = stem.split("_")[0]
            label = (f'<text x="{x + step * (k + 1):.1f}" y="{y + 46}" text-anchor="middle" '
                     f'fill="{"white" if ok else "#F5F5F5"}" font-size="14" '
                     f'text-decoration="{"underline" if ok else "none"}">{num}{"" if ok else "…"}</text>')
            if ok:
                href = f"{stem}.ipynb" if stem not in seen else f"{stem}.ipynb#{h.escape(stage)}"
                seen.add(stem)
                label = f'<a href="{href}"><title>第 {num} 章</title>{label}</a>'
            parts.append(label)
        if i < n - 1:
            ny = 40 if (i + 1) % 2 == 0 else 110
            parts.append(f'<line x1="{x + w}" y1="{y + 27}" x2="{x + w + 14}" y2="{ny + 27}" '
                         f'stroke="#757575" stroke-width="2"/>')
    legend = "".join(f'<text x="{10 + k * 110}" y="20" fill="{c}" font-size="14">■ {p}</text>'
                     for k, (p, c) in enumerate(_PHASE_COLORS.items()))
    legend += ('<text x="360" y="20" fill="#616161" font-size="13">数字＝讲授该阶段的章节，'
               '点击进入；灰色＝编写中</text>')
    width = 20 + n * (w + 14)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 180" width="100%" '
           f'style="max-width:{width}px" role="img" aria-label="客户关系生命周期">{legend}{"".join(parts)}</svg>')
    text = " → ".join(
        f"{s}({'、'.join(st.split('_')[0] + ('✔' if (d / f'{st}.ipynb').exists() else '…') for st in stems)})"
        for s, _, stems, _ in LIFECYCLE)
    return _HTML(svg, text)


def course_table(notebook_dir: str = ".") -> _HTML:
    """The chapter list (课程目录) with links, learning goals read from each notebook's
    学习目标 cell, and status (可用 when the notebook exists, 编写中 otherwise)."""
    import html as h
    from pathlib import Path

    d = Path(notebook_dir)
    rows, text = [], []
    for stem, title, summary in CHAPTERS:
        p = d / f"{stem}.ipynb"
        if p.exists():
            goals = _learning_goals(p) or [summary]
            cell_title = f'<a href="{stem}.ipynb">{h.escape(title)}</a>'
            status = "✔ 可用"
        else:
            goals, cell_title, status = [summary], h.escape(title), "编写中"
        items = "".join(f"<li>{h.escape(g)}</li>" for g in goals)
        rows.append(f'<tr><td style="text-align:left;white-space:nowrap">{cell_title}</td>'
                    f'<td style="text-align:left"><ul style="margin:0">{items}</ul></td><td>{status}</td></tr>')
        text.append(f"{title}  {status}")
    table = ('<table><thead><tr><th>章节</th><th>学习目标</th><th>状态</th></tr></thead><tbody>'
             + "".join(rows) + "</tbody></table>")
    return _HTML(table, "\n".join(text))
