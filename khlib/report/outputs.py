"""The report's two files (报告文件): an Excel workbook — one sheet per view, Chinese headers,
frozen header row, the grade colours — and a self-contained offline HTML page with the course's
plots (embedded PNG) and short Chinese explanations; the page's Chinese text uses the course's
web font from a file next to it (no network)."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import pandas as pd

from ..grading.colors import write_graded_sheet, write_rows_xlsx
from ..vocab import LABELS
from ..vocab import labelled  # Chinese headers from the course's one glossary
from .analysis import Report


def write_workbook(report: Report, path: str | Path) -> Path:
    """Write the workbook (Excel 报告): sheets 客户名册 (the graded roster, grade colours), ABC
    分级, 客户金字塔, RFM 细分, 等级迁移 (when computed) and 说明 (period, counts, skipped views).

    Written with xlsxwriter in constant-memory mode, row by row: a roster of 500,000 customers
    needs one row in memory, not the whole sheet (openpyxl styled 50,000 rows in about 90 s)."""
    path = Path(path)
    roster = labelled(report.roster.round({"share": 4, "cum_share": 4, "sales": 2, "clv_12m": 2}).reset_index())
    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": options}) as xw:
        write_graded_sheet(xw, roster, "客户名册", grade=LABELS["grade"])
        write_graded_sheet(xw, labelled(report.abc_summary.reset_index()), "ABC 分级", grade=LABELS["grade"])
        write_graded_sheet(xw, labelled(report.pyramid_summary.reset_index()), "客户金字塔", grade=LABELS["grade"])
        write_rows_xlsx(xw, labelled(report.rfm_counts.rename_axis("rfm_segment").reset_index()), "RFM 细分")
        if report.migration is not None:
            write_rows_xlsx(xw, report.migration.rename_axis("前一年 \\ 后一年").reset_index(), "等级迁移")
        notes = pd.DataFrame({"项目": ["期间", "订单行数", "客户数", *[f"未计算：{k}" for k in report.skipped]],
                              "内容": [f"{report.start:%Y-%m-%d} 至 {report.end:%Y-%m-%d}", f"{report.lines:,}",
                                     f"{report.customers:,}", *report.skipped.values()]})
        write_rows_xlsx(xw, notes, "说明")
    return path


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _table(df: pd.DataFrame, fmt: dict[str, str] | None = None) -> str:
    fmt = fmt or {}
    shown = df.copy()
    for c in shown.columns:
        f = fmt.get(str(c))
        if f:
            shown[c] = shown[c].map(lambda v, f=f: "" if pd.isna(v) else f.format(v))
    return labelled(shown).to_html(classes="t", border=0, escape=True)


def write_html(report: Report, path: str | Path, *, font_url: str | None = None) -> Path:
    """Write the offline HTML report (离线网页报告): what the data are, the Pareto curve and ABC
    table, the pyramid, the RFM segments, the grade migration and the CLV by grade, each with a
    short Chinese explanation. ``font_url``: a relative link to the course's web font file."""
    import matplotlib.pyplot as plt

    from .._setup import use_chinese_font, web_font_css
    from ..grading import abc_grade, plot_migration, plot_pareto, plot_pyramid

    use_chinese_font()
    parts = [f"<h1>客户分级报告</h1><p class='meta'>期间 {report.start:%Y-%m-%d} 至 {report.end:%Y-%m-%d}："
             f"{report.customers:,} 位客户，{report.lines:,} 行订单（全部历史）。由 <code>python -m khlib report</code> 生成。</p>"]
    fig, ax = plt.subplots(figsize=(9, 4))
    plot_pareto(abc_grade(report.roster["sales"]), ax=ax)
    share_a = report.abc_summary.loc["A", "customer_share"] if "A" in report.abc_summary.index else float("nan")
    parts.append("<h2>1. ABC 分级</h2><p>按过去 12 个月销售额从大到小排列，累计占比到 80% 的客户为 A 类、到 95% 为 B 类，其余为 C 类"
                 f"（第 04 章）。A 类客户占客户数的 {share_a:.0%}。</p>"
                 f"<img alt='帕累托曲线' src='{_png(fig)}'>"
                 + _table(report.abc_summary, {"customer_share": "{:.1%}", "value_share": "{:.1%}", "sales": "{:,.0f}",
                                               "mean_value": "{:,.0f}"}))
    fig, ax = plt.subplots(figsize=(7, 4))
    plot_pyramid(report.pyramid_summary, ax=ax)
    parts.append("<h2>2. 客户金字塔</h2><p>按销售额排名：前 1% 为 A（VIP），前 5% 为 B，前 20% 为 C，其余为 D。</p>"
                 f"<img alt='客户金字塔' src='{_png(fig)}'>")
    parts.append("<h2>3. RFM 细分</h2><p>最近一次购买（R）、购买次数（F）、金额（M）各按五分位打 1–5 分，高于平均为“高”，"
                 "组合成八类客户。</p>" + _table(report.rfm_counts, {"sales": "{:,.0f}"}))
    if report.migration is not None:
        fig, ax = plt.subplots(figsize=(6.5, 4.5))
        plot_migration(report.migration, ax=ax)
        parts.append("<h2>4. 等级迁移</h2><p>前一年的等级（行）到后一年的等级（列）；“新增”是后一年才有订单的客户，"
                     f"“流失”是后一年没有订单的客户。</p><img alt='等级迁移' src='{_png(fig)}'>")
    if report.clv is not None:
        by = report.roster.groupby("grade", observed=True)["clv_12m"].agg(["count", "sum", "mean"])
        parts.append("<h2>5. 未来 12 个月的客户价值</h2><p>BG/NBD 与 Gamma-Gamma 模型（第 01 章）预测的未来 12 个月销售额现值"
                     "（月贴现 1%）。未扣成本：乘以毛利率得到毛利。</p>" + _table(by, {"sum": "{:,.0f}", "mean": "{:,.0f}"}))
    for view, reason in report.skipped.items():
        parts.append(f"<p class='skip'>未计算（{html.escape(view)}）：{html.escape(reason)}</p>")
    css = (web_font_css(font_url) if font_url else "") + """
body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "khlib CJK SC", sans-serif;
       max-width: 1000px; margin: 2em auto; line-height: 1.6; color: #222; }
img { max-width: 100%; } table.t { border-collapse: collapse; margin: 1em 0; }
table.t td, table.t th { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: right; }
.meta { color: #555; } .skip { color: #a33; }"""
    page = (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>客户分级报告</title>"
            f"<style>{css}</style></head><body>{''.join(parts)}</body></html>")
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path
