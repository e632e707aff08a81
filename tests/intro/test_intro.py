"""Chapter 00 导论: the record card, the life-cycle map (plot and clickable course map), the
chapter table and the customer map."""

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def test_record_card_sections_and_business_status(customers, orders):
    card = kh.intro.record_card("C00003", customers, orders)
    assert list(card.index.get_level_values(0).unique()) == list(kh.intro.RECORD_CARD)
    assert len(card) == sum(len(f) for f in kh.intro.RECORD_CARD.values())
    assert card.loc[("基础资料", "客户编号"), "内容"] == "C00003"
    # business status: the 12 months before the last order date of the data
    mine = orders[orders["customer_id"] == "C00003"]
    ref = orders["order_date"].max()
    recent = mine[(mine["order_date"] > ref - pd.DateOffset(years=1)) & (mine["order_date"] <= ref)]
    assert card.loc[("业务状况", "近 12 个月销售额（元）"), "内容"] == f"{recent['amount'].sum():,.0f}"
    assert card.loc[("业务状况", "近 12 个月订单数"), "内容"] == str(recent["order_id"].nunique())
    last = mine["order_date"].max()
    assert card.loc[("交易现状", "最近一次订单"), "内容"] == f"{last.year}年{last.month}月{last.day}日"
    with pytest.raises(KhlibInputError, match="不存在"):
        kh.intro.record_card("C99999", customers, orders)


def test_record_card_without_recent_orders(customers, orders):
    card = kh.intro.record_card("C00003", customers, orders, asof="2000-01-01")
    assert card.loc[("业务状况", "近 12 个月销售额（元）"), "内容"] == "0"
    assert card.loc[("业务状况", "近 12 个月订单数"), "内容"] == "0"


def test_record_card_problems_and_credit_by_hand(customers, orders, invoices, payments):
    """C00003 on 2025-12-31: open invoices by hand (invoice amount less payments made by then)."""
    cid, asof = "C00003", pd.Timestamp("2025-12-31")
    inv = invoices[(invoices["customer_id"] == cid) & (invoices["invoice_date"] <= asof)]
    paid = payments[(payments["customer_id"] == cid) & (payments["payment_date"] <= asof)]
    open_ = inv.set_index("invoice_id")["amount"].sub(paid.groupby("invoice_id")["amount"].sum(),
                                                      fill_value=0)
    open_ = open_[open_ > 0.005]
    late = open_[inv.set_index("invoice_id").loc[open_.index, "due_date"] < asof]
    days = (asof - inv.set_index("invoice_id").loc[late.index, "due_date"]).dt.days.max()
    # measured on the data: 21,945 open, 6,443 of it overdue, the oldest 25 days past due
    assert round(open_.sum()) == 21945 and round(late.sum()) == 6443 and days == 25
    card = kh.intro.record_card(cid, customers, orders, invoices=invoices, payments=payments, asof=asof)
    limit = customers.set_index("customer_id").loc[cid, "credit_limit"]          # 60,000
    assert card.loc[("交易现状", "信用状况"), "内容"] == f"应收余额 21,945 元，占额度 {21945 / limit:.0%}"
    assert card.loc[("交易现状", "存在问题"), "内容"] == "逾期应收 6,443 元（最长逾期 25 天）"
    assert card.loc[("客户特征", "销售能力"), "内容"] == "不适用（终端用户）"     # an enterprise
    # a prospect has no trade, and a quiet customer is flagged
    prospect = customers.loc[customers["kind"] == "潜在客户", "customer_id"].iloc[0]
    card = kh.intro.record_card(prospect, customers, orders, invoices=invoices, payments=payments)
    assert card.loc[("交易现状", "存在问题"), "内容"] == "尚未交易"
    assert card.loc[("业务状况", "合作态度"), "内容"] == "未合作"
    last = orders.groupby("customer_id")["order_date"].max()
    quiet = last[last < pd.Timestamp("2025-06-30")].index[0]
    card = kh.intro.record_card(quiet, customers, orders, invoices=invoices, payments=payments,
                                asof="2025-12-31")
    gap = (pd.Timestamp("2025-12-31") - last[quiet]).days
    assert f"已 {gap} 天没有下单" in card.loc[("交易现状", "存在问题"), "内容"]


def test_record_card_masks_personal_information(customers, orders):
    c = customers.set_index("customer_id").loc["C00003"]
    card = kh.intro.record_card("C00003", customers, orders, mask_personal=True)
    rep = card.loc[("基础资料", "法人代表"), "内容"]
    assert rep == c["legal_rep"][0] + "*" * (len(c["legal_rep"]) - 1)
    area, num = c["phone"].split("-")
    assert card.loc[("基础资料", "电话"), "内容"] == f"{area}-{num[:4]}{'*' * (len(num) - 4)}"
    assert card.loc[("基础资料", "客户名称"), "内容"] == c["name"]          # an organisation: kept


def test_lifecycle_communication_is_chapter_06():
    stages = {s: (stem, title) for s, _, stem, title in kh.intro.LIFECYCLE}
    assert stages["沟通"] == (("06_satisfaction",), "06 客户沟通与满意")
    assert stages["信息"][0] == ("00_intro", "05_transactions")
    assert kh.intro._chapters_of(stages["满意"][0]) == "第 06、07 章"
    chapters = {stem: title for stem, title, _ in kh.intro.CHAPTERS}
    assert chapters["05b_credit_visits"].startswith("第 05b 章 交易分析（下）")
    assert chapters["05_transactions"].startswith("第 05 章 交易分析（上）")
    assert chapters["06_satisfaction"] == "第 06 章 客户沟通与满意"
    assert list(chapters).index("05b_credit_visits") == list(chapters).index("05_transactions") + 1


def test_plot_lifecycle_highlights_one_stage():
    kh.setup_notebook()
    ax = kh.intro.plot_lifecycle(highlight="分级")
    widths = [p.get_linewidth() for p in ax.patches if p.get_linewidth() == 4]
    assert len(widths) == 1                       # one stage drawn with a thick border
    assert [t.get_text() for t in ax.texts].count("分级") == 1
    assert "生命周期" in ax.get_title()
    plt.close("all")


def test_course_map_links_the_written_chapters(tmp_path):
    """Each written chapter is linked exactly once by the map (later stages of the same chapter
    link to notebook#stage) and once by the table; unwritten ones are not links."""
    for stem in ("00_intro", "05_transactions", "05b_credit_visits", "06_satisfaction"):
        (tmp_path / f"{stem}.ipynb").write_text('{"cells": []}', encoding="utf-8")
    html = kh.intro.lifecycle_map_html(str(tmp_path))._repr_html_()
    assert html.count('href="00_intro.ipynb"') == 1 and html.count('href="05_transactions.ipynb"') == 1
    assert html.count('href="05b_credit_visits.ipynb"') == 1
    assert html.count('href="06_satisfaction.ipynb"') == 1              # 沟通
    assert html.count('href="06_satisfaction.ipynb#满意"') == 1         # and 满意
    assert 'href="07_complaints.ipynb' not in html and 'href="04_grading.ipynb' not in html
    assert repr(kh.intro.lifecycle_map_html(str(tmp_path))).startswith("认识价值(01…) → 选择(02…)")
    assert "信息(00✔、05✔) → 分级(04…、05b✔) → 沟通(06✔) → 满意(06✔、07…)" in repr(
        kh.intro.lifecycle_map_html(str(tmp_path)))
    table = kh.intro.course_table(str(tmp_path))
    assert "第 05b 章 交易分析（下）：应收账款、信用与拜访路线  ✔ 可用" in repr(table)
    assert "第 04 章 客户分级  编写中" in repr(table)
    assert table._repr_html_().count('href="05b_credit_visits.ipynb"') == 1
    for stem, title, _ in kh.intro.CHAPTERS:
        written = (NOTEBOOKS / f"{stem}.ipynb").exists()
        assert f"{title}  {'✔ 可用' if written else '编写中'}" in repr(kh.intro.course_table(str(NOTEBOOKS)))


def test_customer_map_one_legend_entry_per_region(customers):
    ax = kh.intro.plot_customer_map(customers)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == customers["region"].nunique()
    assert sum(int(t.split("（")[1].rstrip("）")) for t in labels) == len(customers)
    with pytest.raises(KhlibInputError, match="lat"):
        kh.intro.plot_customer_map(customers.drop(columns="lat"))
    plt.close("all")
