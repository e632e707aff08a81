"""The analysis flow for one salesperson (分析流程): 整理资料 → 业绩分析 → 分级 → 客户名册 → 路序
→ 访问计划, from tidy records to next month's visit plan. 见第05章 交易分析。
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._deprecation import renamed_kwargs
from .._errors import examples, fail, need_columns
from ..display import chinese_date
from ..fieldsales import WEEKDAYS, Route, calendar_grid, routes_by_day, short_name, visit_calendar, visit_route
from ..grading import VISIT_PLAN, abc_grade, write_graded_sheet
from ..periods import months_before
from ..summary import customer_summary
from .composition import share_vs_plan
from .credit import credit_check

FLOW_STEPS = ["整理资料", "业绩分析", "分级", "客户名册", "路序", "访问计划"]

NO_TRADE = "未交易"
"""Label of a customer with no orders in the period (未交易客户): outside the ABC grades, and
not grade D (chapter 04's D is about payment behaviour)."""


@dataclass
class SalespersonPlan:
    """Everything :func:`salesperson_plan` produces for one salesperson and month (业务员月度计划):
    ``roster`` (客户名册: one row per customer with grade, sales, shares, plan check, receivables),
    ``territory_route`` (a route over all customers to visit, which orders the calendar),
    ``calendar`` (visits and calls per working day), ``day_summary`` and ``routes`` (a route per
    visiting day)."""

    salesperson: pd.Series
    month: str
    period: tuple[pd.Timestamp, pd.Timestamp]
    roster: pd.DataFrame
    territory_route: Route
    calendar: pd.DataFrame
    day_summary: pd.DataFrame
    routes: dict

    def week_routes(self, week: int = 1) -> dict:
        """The daily routes of the ``week``-th calendar week of the month (1 = first)."""
        dates = sorted(self.routes)
        weeks = pd.DatetimeIndex(dates).isocalendar().week.to_numpy()
        order = list(dict.fromkeys(weeks))
        if not 1 <= week <= len(order):
            raise fail(f"本月只有 {len(order)} 个有拜访的周，收到第 {week} 周。",
                       f"The month has {len(order)} weeks with visits; got week {week}.")
        return {d: self.routes[d] for d, w in zip(dates, weeks) if w == order[week - 1]}

    def to_excel(self, path) -> Path:
        """Write the roster (with grade colours), the calendar grid, the day list and the
        routes to one Excel workbook (业务员月度计划.xlsx). Returns the path."""
        path = Path(path)
        labels = self.calendar
        routes = pd.concat([r.stops.assign(date=d.date()) for d, r in self.routes.items()], ignore_index=True) \
            if self.routes else pd.DataFrame()
        with pd.ExcelWriter(path, engine="openpyxl") as xw:
            write_graded_sheet(xw, self.roster.reset_index(), "客户名册", "grade")
            calendar_grid(labels, label="short_name").to_excel(xw, sheet_name="拜访日历")
            calendar_grid(labels, activity="电话", label="short_name").to_excel(xw, sheet_name="电话日历")
            self.calendar.assign(date=self.calendar["date"].dt.date).to_excel(xw, sheet_name="日程明细", index=False)
            self.day_summary.assign(date=lambda d: d.index.date).to_excel(xw, sheet_name="每日路线汇总", index=False)
            routes.to_excel(xw, sheet_name="路线明细", index=False)
        return path

    def plot_day(self, date=None, ax=None):
        """Map of one visiting day's route (default: the first day)."""
        if not self.routes:
            raise fail("本月没有拜访。", "No visits this month.")
        key = sorted(self.routes)[0] if date is None else pd.Timestamp(date)
        if key not in self.routes:
            raise fail(f"{pd.Timestamp(key).date()} 没有拜访；有拜访的日期：{[d.day for d in sorted(self.routes)]} 日。",
                       f"No visits on {pd.Timestamp(key).date()}.")
        r = self.routes[key]
        return r.plot(ax=ax, title=f"{self.salesperson['name']} {chinese_date(key)}（{WEEKDAYS[key.day_of_week]}）拜访路线："
                                   f"{r.n_customers} 家，{r.distance_km:.1f} km（名册顺序 {r.naive_km:.1f} km）")


def find_salesperson(salespeople: pd.DataFrame, who: str) -> pd.Series:
    """The salesperson row by name (姓名) or id; fails, with suggestions, when unknown or when
    the name is shared (then use the id)."""
    need_columns(salespeople, ["salesperson_id", "name"], "业务员表", "salespeople")
    hit = salespeople[(salespeople["salesperson_id"] == who) | (salespeople["name"] == who)]
    if hit.empty:
        import difflib

        close = difflib.get_close_matches(str(who), salespeople["name"].astype(str).tolist(), n=3, cutoff=0.3)
        raise fail(f"没有业务员 '{who}'。相近的姓名：{close}。", f"No salesperson '{who}'. Close names: {close}.")
    if len(hit) > 1:
        raise fail(f"有 {len(hit)} 位业务员叫 '{who}'：{hit['salesperson_id'].tolist()}，请用编号。",
                   f"{len(hit)} salespeople are called '{who}': {hit['salesperson_id'].tolist()}; use the id.")
    return hit.iloc[0]


@renamed_kwargs(plan="sales_plan", start="origin")
def salesperson_plan(
    who: str,
    month,
    *,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    salespeople: pd.DataFrame,
    assignments: pd.DataFrame,
    sales_plan: pd.DataFrame | None = None,
    invoices: pd.DataFrame | None = None,
    payments: pd.DataFrame | None = None,
    visit_plan: pd.DataFrame | None = None,
    months_back: int = 12,
    origin: tuple[float, float] | None = None,
    calendar: str | None = "cn",
    seed: int = 0,
) -> SalespersonPlan:
    """The whole analysis flow for one salesperson (分析流程), from tidy records to next
    month's visit plan:

    1. 整理资料 — the salesperson's customers (``assignments``: customer → salesperson);
    2. 业绩分析 — each customer's sales in the ``months_back`` months before ``month``, its
       share of its region's sales and, with ``sales_plan`` (``expected_share_of_region``), the
       shortfall flag of :func:`share_vs_plan`;
    3. 分级 — company-wide ABC grade on those sales; customers who bought nothing in the period
       are labelled :data:`NO_TRADE` (未交易) — not D, which chapter 04 reserves for customers
       who pay late and order little (:func:`khlib.grading.d_grade`) — and get no visits;
    4. 客户名册 — the roster, with open balance, amount over 90 days overdue and the credit
       limit check when ``invoices`` and ``payments`` are given;
    5. 路序 — a route over all customers to visit, from the office (``origin``, else the
       salesperson's ``base_lat``/``base_lon``, else the first customer);
    6. 访问计划 — the month's calendar from ``visit_plan`` (the visits and calls per grade,
       default :data:`khlib.grading.VISIT_PLAN`), and a route per day.

    ``customers`` needs ``customer_id``, ``name``, ``region``, ``lat``, ``lon``; ``kind``,
    ``city`` and ``credit_limit`` are used when present.
    """
    plan = VISIT_PLAN if visit_plan is None else visit_plan
    need_columns(plan, ["grade", "role", "activity", "per_month_low"], "拜访计划表", "visit plan")
    sp = find_salesperson(salespeople, who)
    need_columns(assignments, ["customer_id", "salesperson_id"], "分配表", "assignments")
    need_columns(customers, ["customer_id", "name", "region", "lat", "lon"], "客户表", "customers")
    mine = assignments.loc[assignments["salesperson_id"] == sp["salesperson_id"], "customer_id"]
    if mine.empty:
        raise fail(f"业务员 {sp['name']}（{sp['salesperson_id']}）名下没有客户。",
                   f"Salesperson {sp['salesperson_id']} has no customers assigned.")
    # 1 整理资料
    period = pd.Period(month, freq="M")
    begin, end = months_before(period, months_back)
    cust = customers.drop_duplicates("customer_id").set_index("customer_id")
    unknown = sorted(set(mine) - set(cust.index))
    if unknown:
        raise fail(f"分配表中的客户不在客户表中：{examples(unknown)}。",
                   f"Assigned customers missing from the customer table: {examples(unknown)}.")
    # 2 业绩分析 (company-wide, so grades and regional shares are the company's)
    summ = customer_summary(orders, start=begin, end=end)
    sales = summ["sales"]
    graded = abc_grade(sales[sales > 0])
    region_total = sales.groupby(cust["region"].reindex(sales.index)).sum()
    keep = [c for c in ("name", "kind", "region", "city", "lat", "lon") if c in cust.columns]
    ros = cust.loc[mine.tolist(), keep].copy()
    ros.index.name = "customer_id"
    ros["short_name"] = [short_name(n, c) for n, c in zip(ros["name"], ros.get("city", [None] * len(ros)))]
    ros["sales"] = sales.reindex(ros.index).fillna(0.0)
    ros["orders"] = summ["orders"].reindex(ros.index).fillna(0).astype(int)
    ros["share_of_region"] = ros["sales"] / ros["region"].map(region_total)
    # 3 分级
    ros["grade"] = pd.Categorical(graded["grade"].reindex(ros.index).astype(object).fillna(NO_TRADE),
                                  categories=["A", "B", "C", "D", NO_TRADE], ordered=True)
    if sales_plan is not None:
        check = share_vs_plan(orders, customers, sales_plan, start=begin, end=end)
        ros["expected_share"] = check["expected_share_of_region"].reindex(ros.index)
        ros["plan_flag"] = check["flag"].reindex(ros.index).fillna("无计划")
    # 4 客户名册
    if invoices is not None and payments is not None:
        if "credit_limit" in cust.columns:
            cc = credit_check(invoices, payments, customers, asof=end)
        else:
            cc = credit_check(invoices, payments, customers.assign(credit_limit=np.nan), asof=end)
        ros["balance"] = cc["balance"].reindex(ros.index).fillna(0.0)
        ros["overdue_90"] = cc["overdue_90"].reindex(ros.index).fillna(0.0)
        ros["credit_limit"] = cust["credit_limit"].reindex(ros.index) if "credit_limit" in cust else np.nan
        ros["over_limit"] = ros["balance"] > ros["credit_limit"].fillna(0)
    visits = plan[(plan["role"] == "业务员") & (plan["activity"] == "拜访")]
    per_grade = visits.groupby(visits["grade"].astype(str))["per_month_low"].sum()
    missing = sorted(set(ros["grade"].astype(str)) - set(plan["grade"].astype(str)) - {NO_TRADE})
    if missing:
        raise fail(f"拜访计划中没有这些等级：{missing}；请在 visit_plan 中补充（0 次也要写明）。",
                   f"The visit plan has no rules for grade(s) {missing}; add them to visit_plan (even with 0).")
    # a grade listed without salesperson visits (D: minimal service) gets none; so do customers
    # without trade (a win-back call is chapter 08's business, not this month's route)
    ros["visits"] = ros["grade"].astype(str).map(per_grade).fillna(0).round().astype(int)
    ros = ros.sort_values(["grade", "sales"], ascending=[True, False], kind="stable")
    # 5 路序: over every customer with visits this month
    if origin is None and {"base_lat", "base_lon"} <= set(sp.index):
        origin = (float(sp["base_lat"]), float(sp["base_lon"]))
    office = f"{sp.get('base_city', '')}办公室" if "base_city" in sp.index else "办公室"
    to_visit = ros[ros["visits"] > 0].reset_index()
    territory = visit_route(to_visit, origin=origin, origin_label=office, label="short_name", seed=seed)
    # 6 访问计划
    cal = visit_calendar(ros[ros["grade"].astype(str) != NO_TRADE].reset_index(), period, route_order=territory.order(), visit_plan=plan, calendar=calendar,
                         group="city" if "city" in ros.columns else None)
    cal = cal.merge(ros[["short_name"]], left_on="customer_id", right_index=True, how="left")
    day_summary, routes = routes_by_day(cal, ros.reset_index(), origin=origin, origin_label=office,
                                        label="short_name", seed=seed)
    return SalespersonPlan(salesperson=sp, month=str(period), period=(begin, end), roster=ros,
                           territory_route=territory, calendar=cal, day_summary=day_summary, routes=routes)


