"""Chapter 05 交易分析: the analysis flow for one salesperson, from the company's tables to next
month's roster, calendar, routes and Excel workbook."""

import openpyxl
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib import fieldsales as fs
from khlib import transactions as tr


@pytest.fixture(scope="module")
def company(orders, customers, salespeople, assignments, sales_plan, invoices, payments):
    return dict(orders=orders, customers=customers, salespeople=salespeople, assignments=assignments,
                sales_plan=sales_plan, invoices=invoices, payments=payments)


def test_salesperson_plan_end_to_end(company, summary_2025, tmp_path):
    people = company["salespeople"]
    name = people.loc[people["salesperson_id"] == "S01", "name"].iloc[0]
    p = tr.salesperson_plan(name, "2026-01", **company)
    mine = company["assignments"].query("salesperson_id == 'S01'")["customer_id"]
    assert set(p.roster.index) == set(mine)
    assert p.period == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"))
    # grades are the company's ABC grades on 2025 sales
    summ = summary_2025
    graded = kh.abc_grade(summ["sales"][summ["sales"] > 0])
    sample = p.roster[p.roster["grade"] != "未交易"].index
    # customers without 2025 orders are 未交易 (not chapter 04's grade D) and get no visits
    no_trade = p.roster["sales"] == 0
    assert (p.roster.loc[no_trade, "grade"] == "未交易").all() and (p.roster.loc[no_trade, "visits"] == 0).all()
    assert "D" not in set(p.roster["grade"].astype(str))
    assert (p.roster.loc[sample, "grade"].astype(str) == graded.loc[sample, "grade"].astype(str)).all()
    # every visit the plan asks for is in the calendar, on working days, each day in one city
    visits = p.calendar[p.calendar["activity"] == "拜访"].groupby("customer_id").size()
    assert visits.sum() == p.roster["visits"].sum()
    assert set(p.calendar["date"]) <= set(fs.working_days("2026-01"))
    assert p.day_summary["km"].le(p.day_summary["naive_km"] + 1e-9).all()
    assert p.day_summary["km"].max() < 150       # no day crosses to another city
    assert p.territory_route.distance_km < 0.2 * p.territory_route.naive_km
    path = p.to_excel(tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["客户名册", "拜访日历", "电话日历", "日程明细", "每日路线汇总", "路线明细"]
    with pytest.raises(KhlibInputError, match="没有业务员"):
        tr.salesperson_plan("不存在的人", "2026-01", **company)
