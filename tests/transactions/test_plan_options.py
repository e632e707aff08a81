"""salesperson_plan uses the visit plan it is given and works on a customer table without the
optional columns (kind, city, credit_limit)."""

import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError


@pytest.fixture(scope="module")
def tables(orders, customers, salespeople, assignments):
    return dict(orders=orders, customers=customers, salespeople=salespeople, assignments=assignments)


def test_custom_visit_plan_changes_the_visits(tables):
    base = kh.transactions.salesperson_plan("S03", "2026-01", **tables)
    plan = kh.VISIT_PLAN.copy()
    plan.loc[(plan["role"] == "业务员") & (plan["activity"] == "拜访") & (plan["grade"] == "C"), "per_month_low"] = 2
    mine = kh.transactions.salesperson_plan("S03", "2026-01", visit_plan=plan, **tables)
    c = mine.roster["grade"] == "C"
    assert (mine.roster.loc[c, "visits"] == 2).all() and (base.roster.loc[base.roster["grade"] == "C", "visits"] == 1).all()
    visits = mine.calendar[mine.calendar["activity"] == "拜访"]
    per_c = visits[visits["grade"] == "C"].groupby("customer_id").size()
    assert (per_c == 2).all() and len(per_c) == int(c.sum())


def test_visit_plan_without_a_grade_is_an_error(tables):
    plan = kh.VISIT_PLAN[kh.VISIT_PLAN["grade"] != "C"]
    with pytest.raises(KhlibInputError, match=r"\['C'\]"):
        kh.transactions.salesperson_plan("S03", "2026-01", visit_plan=plan, **tables)


def test_customer_table_without_optional_columns(tables, invoices, payments):
    slim = tables["customers"][["customer_id", "name", "region", "lat", "lon"]]
    p = kh.transactions.salesperson_plan("S03", "2026-01", **{**tables, "customers": slim},
                                         invoices=invoices, payments=payments)
    assert "kind" not in p.roster.columns and "city" not in p.roster.columns
    assert p.roster["credit_limit"].isna().all() and (p.roster["balance"] >= 0).all()
    assert len(p.routes) > 0
    with pytest.raises(KhlibInputError, match="lat"):
        kh.transactions.salesperson_plan("S03", "2026-01", **{**tables, "customers": slim.drop(columns="lat")})


def test_old_keyword_plan_still_works(tables, sales_plan):
    with pytest.warns(kh.KhlibDeprecationWarning, match="sales_plan"):
        p = kh.transactions.salesperson_plan("S03", "2026-01", plan=sales_plan, **tables)
    assert "plan_flag" in p.roster.columns
