"""Chapter 00 导论: the customer record card, the relationship life cycle as the course map, and
a tour of the data sets. 见第00章 导论。"""

from __future__ import annotations

import pandas as pd

from . import datasets
from ._errors import fail
from .periods import day, in_period
from .summary import customer_summary

#: The customer record card (客户资料卡): section -> [(field label, customers column)].
RECORD_CARD: dict[str, list[tuple[str, str]]] = {
    "基础资料": [("客户名称", "name"), ("客户编号", "customer_id"), ("地址", "address"),
             ("电话", "phone"), ("法人代表", "legal_rep"), ("联系人", "contact"),
             ("成立日期", "founded"), ("首次交易日期", "first_trade_date"),
             ("组织形式", "org_form"), ("行业", "industry"), ("资产（万元）", "assets_10k")],
    "客户特征": [("客户类别", "segment"), ("客户类型", "kind"), ("服务区域", "region"),
             ("规模（员工人数）", "employees"), ("发展潜力", "growth_potential")],
    "业务状况": [("近 12 个月销售额（元）", "_sales_12m"), ("近 12 个月订单数", "_orders_12m"),
             ("合作态度", "attitude"), ("与竞争对手的关系", "competitor_position")],
    "交易现状": [("信用额度（元）", "credit_limit"), ("付款期限（天）", "payment_terms_days"),
             ("最近一次订单", "_last_order")],
}


def record_card(
    customer_id: str,
    customers: pd.DataFrame | None = None,
    orders: pd.DataFrame | None = None,
    *,
    asof: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """One customer's record card (客户资料卡) in its four sections: basic data,
    characteristics, business status (sales and orders of the 12 months before ``asof``) and
    transaction status. Uses the course data unless ``customers``/``orders`` are given."""
    customers = datasets.load_customers() if customers is None else customers
    orders = datasets.load_orders() if orders is None else orders
    hit = customers[customers["customer_id"] == customer_id]
    if len(hit) != 1:
        raise fail(f"客户编号 '{customer_id}' 在客户表中{'不存在' if len(hit) == 0 else '出现多次'}。",
                   f"Customer id '{customer_id}' is {'not' if len(hit) == 0 else 'more than once'} "
                   "in the customer table.")
    rec = hit.iloc[0].to_dict()
    mine = orders[orders["customer_id"] == customer_id]
    ref = day(asof, "asof") if asof is not None else pd.Timestamp(orders["order_date"].max()).normalize()
    recent = mine[in_period(mine["order_date"], ref - pd.DateOffset(years=1) + pd.Timedelta(days=1), ref)]
    if len(recent):
        s = customer_summary(recent, asof=ref).iloc[0]
        rec["_sales_12m"], rec["_orders_12m"] = f"{s['sales']:,.0f}", int(s["orders"])
    else:
        rec["_sales_12m"], rec["_orders_12m"] = "0", 0
    rec["_last_order"] = (f"{pd.Timestamp(mine['order_date'].max()).date()}" if len(mine) else "无")
    rows = []
    for section, fields in RECORD_CARD.items():
        for label, col in fields:
            v = rec.get(col)
            if isinstance(v, pd.Timestamp):
                v = v.date().isoformat()
            rows.append((section, label, "—" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT else v))
    out = pd.DataFrame(rows, columns=["部分", "项目", "内容"]).set_index(["部分", "项目"])
    out["内容"] = out["内容"].astype(str)
    return out


#: The customer relationship life cycle (客户关系生命周期) as the course map:
#: (stage, phase, chapter file, chapter title).
LIFECYCLE: list[tuple[str, str, str, str]] = [
    ("认识价值", "恋爱期", "01_value", "01 客户价值"),
    ("选择", "恋爱期", "02_selection", "02 客户选择"),
    ("开发", "恋爱期", "03_development", "03 客户开发"),
    ("信息", "婚姻期", "00_intro", "00 导论：客户资料卡"),
    ("分级", "婚姻期", "04_grading", "04 客户分级"),
    ("沟通", "婚姻期", "05_transactions", "05 交易分析与拜访"),
    ("满意", "婚姻期", "06_satisfaction", "06 客户满意 / 07 投诉"),
    ("忠诚", "婚姻期", "08_loyalty", "08 忠诚与流失"),
    ("流失", "离婚期", "08_loyalty", "08 忠诚与流失"),
]
_PHASE_COLORS = {"恋爱期": "#EF6C00", "婚姻期": "#2E7D32", "离婚期": "#6D4C41"}


def plot_lifecycle(ax=None, *, highlight: str | None = None):
    """Draw the relationship life cycle (认识价值 → 选择 → … → 流失) as the course map, each
    stage labelled with its chapter; ``highlight`` marks one stage."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    if ax is None:
        _, ax = plt.subplots(figsize=(13, 4.8))
    n = len(LIFECYCLE)
    for i, (stage, phase, _, title) in enumerate(LIFECYCLE):
        x = i / (n - 1)
        y = 0.62 if i % 2 == 0 else 0.38
        col = _PHASE_COLORS[phase]
        ax.add_patch(FancyBboxPatch((x - 0.05, y - 0.08), 0.10, 0.16, boxstyle="round,pad=0.01",
                                    fc=col, ec="black" if stage == highlight else col,
                                    lw=4 if stage == highlight else 1, alpha=0.9))
        ax.text(x, y, stage, ha="center", va="center", color="white")
        ax.text(x, y - 0.14 if i % 2 else y + 0.14, title.split("：")[0].split(" /")[0],
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
    """A customer picker that shows the chosen customer's record card (客户资料卡查看器)."""
    import ipywidgets as w
    from IPython.display import display

    customers = datasets.load_customers() if customers is None else customers
    orders = datasets.load_orders() if orders is None else orders
    names = customers.set_index("customer_id")["name"]
    options = [(f"{cid} {names.get(cid, '')}", cid) for cid in customer_ids]
    pick = w.Dropdown(options=options, description="客户", layout=w.Layout(width="480px"))
    out = w.Output()

    def show(change=None):
        with out:
            out.clear_output(wait=True)
            display(record_card(pick.value, customers, orders))

    pick.observe(show, names="value")
    show()
    return w.VBox([pick, out])


#: The chapters of the course: (notebook stem, title, one-line summary for chapters not written yet).
CHAPTERS: list[tuple[str, str, str]] = [
    ("00_intro", "第 00 章 导论", "客户管理的对象、内容、方法与原则；生命周期地图；客户资料卡；数据集导览"),
    ("01_value", "第 01 章 客户价值", "客户终身价值：从幻灯片的算术到 BG/NBD 与 Gamma-Gamma 模型"),
    ("02_selection", "第 02 章 客户选择", "帕累托与洛伦兹曲线、客户盈利“鲸鱼曲线”、多准则评分"),
    ("03_development", "第 03 章 客户开发", "十二种开发方法、连锁介绍、销售漏斗与管道预测"),
    ("04_grading", "第 04 章 客户分级", "ABC 分类、客户金字塔、分级拜访计划、颜色管理、RFM、等级迁移"),
    ("05_transactions", "第 05 章 交易分析", "客户与产品构成、毛利、周转率、交叉比率、应收账款、拜访路线"),
    ("06_satisfaction", "第 06 章 客户满意", "问卷信度、满意度指数、重要性–表现分析、NPS"),
    ("07_complaints", "第 07 章 客户投诉", "投诉帕累托、处理时效、“冰山”算术、文本关键词"),
    ("08_loyalty", "第 08 章 忠诚与流失", "队列留存、生存曲线、流失预警"),
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
    """The life-cycle map as clickable SVG (生命周期地图): each stage links to its chapter's
    notebook when that notebook exists in ``notebook_dir``; unwritten ones are greyed."""
    import html as h
    from pathlib import Path

    d = Path(notebook_dir)
    n, w, parts = len(LIFECYCLE), 118, []
    for i, (stage, phase, stem, title) in enumerate(LIFECYCLE):
        x, y = 10 + i * (w + 14), 40 if i % 2 == 0 else 110
        ready = (d / f"{stem}.ipynb").exists()
        col = _PHASE_COLORS[phase] if ready else "#BDBDBD"
        box = (f'<rect x="{x}" y="{y}" width="{w}" height="54" rx="10" fill="{col}"/>'
               f'<text x="{x + w / 2}" y="{y + 26}" text-anchor="middle" fill="white" font-size="19">{h.escape(stage)}</text>'
               f'<text x="{x + w / 2}" y="{y + 46}" text-anchor="middle" fill="white" font-size="12">'
               f'{h.escape(title.split("：")[0].split(" /")[0])}{"" if ready else "（编写中）"}</text>')
        parts.append(f'<a href="{stem}.ipynb">{box}</a>' if ready else box)
        if i < n - 1:
            ny = 40 if (i + 1) % 2 == 0 else 110
            parts.append(f'<line x1="{x + w}" y1="{y + 27}" x2="{x + w + 14}" y2="{ny + 27}" '
                         f'stroke="#757575" stroke-width="2"/>')
    legend = "".join(f'<text x="{10 + k * 110}" y="20" fill="{c}" font-size="14">■ {p}</text>'
                     for k, (p, c) in enumerate(_PHASE_COLORS.items()))
    width = 20 + n * (w + 14)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 180" width="100%" '
           f'style="max-width:{width}px" role="img" aria-label="客户关系生命周期">{legend}{"".join(parts)}</svg>')
    text = " → ".join(f"{s}({'✔' if (d / f'{stem}.ipynb').exists() else '…'})" for s, _, stem, _ in LIFECYCLE)
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
