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
    assert card.loc[("交易现状", "最近一次订单"), "内容"] == str(mine["order_date"].max().date())
    with pytest.raises(KhlibInputError, match="不存在"):
        kh.intro.record_card("C99999", customers, orders)


def test_record_card_without_recent_orders(customers, orders):
    card = kh.intro.record_card("C00003", customers, orders, asof="2000-01-01")
    assert card.loc[("业务状况", "近 12 个月销售额（元）"), "内容"] == "0"
    assert card.loc[("业务状况", "近 12 个月订单数"), "内容"] == "0"


def test_plot_lifecycle_highlights_one_stage():
    kh.setup_notebook()
    ax = kh.intro.plot_lifecycle(highlight="分级")
    widths = [p.get_linewidth() for p in ax.patches if p.get_linewidth() == 4]
    assert len(widths) == 1                       # one stage drawn with a thick border
    assert [t.get_text() for t in ax.texts].count("分级") == 1
    assert "生命周期" in ax.get_title()
    plt.close("all")


def test_course_map_links_the_written_chapters():
    html = kh.intro.lifecycle_map_html(str(NOTEBOOKS))
    for stage, _, stem, _ in kh.intro.LIFECYCLE:
        written = (NOTEBOOKS / f"{stem}.ipynb").exists()
        assert (f'href="{stem}.ipynb"' in html._repr_html_()) == written, stem
        assert f"{stage}({'✔' if written else '…'})" in repr(html)
    table = kh.intro.course_table(str(NOTEBOOKS))
    for stem, title, _ in kh.intro.CHAPTERS:
        written = (NOTEBOOKS / f"{stem}.ipynb").exists()
        assert f"{title}  {'✔ 可用' if written else '编写中'}" in repr(table)
        assert (f'href="{stem}.ipynb"' in table._repr_html_()) == written


def test_customer_map_one_legend_entry_per_region(customers):
    ax = kh.intro.plot_customer_map(customers)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == customers["region"].nunique()
    assert sum(int(t.split("（")[1].rstrip("）")) for t in labels) == len(customers)
    with pytest.raises(KhlibInputError, match="lat"):
        kh.intro.plot_customer_map(customers.drop(columns="lat"))
    plt.close("all")
