"""Chapter 05 交易分析 (transaction analysis): customer composition and the sales plan, the
product scorecard (gross margin, turnover, cross ratio, contribution ratio), receivables and
credit, and the salesperson's monthly plan.

==================  =======================================================================
file                what
==================  =======================================================================
``composition``     customer composition, sales against the sales plan, product mix, product plan check
``products``        product scorecard and ratios (交叉比率、贡献比率), ranking by gross profit
``credit``          ageing, DSO, credit check, credit policy per grade, interest cost of overdue debt
``plan``            the analysis flow for one salesperson → roster, routes, calendar, Excel
``plots``           the product matrix
``widgets``         plan picker, sales-plan sliders
``examples``        the five-product hand example (HAND_EXAMPLE)
==================  =======================================================================

Aggregations over order, invoice and stock lines are in :mod:`khlib.summary`; routes and the
visit calendar are shared field-sales operations in :mod:`khlib.fieldsales` (their old names
here still work and warn).
"""

from .._deprecation import moved
from ..summary import open_items
from .composition import composition, product_mix, product_plan_check, share_vs_plan
from .credit import (AGE_BUCKETS, CREDIT_POLICY, LPR_1Y_2025, ageing_table, credit_check, credit_recommendation,
                     days_sales_outstanding, overdue_interest)
from .examples import HAND_EXAMPLE
from .plan import FLOW_STEPS, NO_TRADE, SalespersonPlan, find_salesperson, salesperson_plan
from .plots import plot_product_matrix
from .products import gross_profit_ranking, product_ratios, product_scorecard
from .widgets import plan_widget, share_widget

__all__ = [
    "AGE_BUCKETS", "CREDIT_POLICY", "FLOW_STEPS", "HAND_EXAMPLE", "LPR_1Y_2025", "NO_TRADE", "SalespersonPlan", "ageing_table",
    "composition", "credit_check", "credit_recommendation", "days_sales_outstanding", "find_salesperson",
    "gross_profit_ranking", "open_items", "overdue_interest", "plan_widget", "plot_product_matrix", "product_mix",
    "product_plan_check", "product_ratios", "product_scorecard", "salesperson_plan",
    "share_vs_plan", "share_widget",
]

__getattr__ = moved(__name__, {
    name: f"khlib.fieldsales:{name}"
    for name in ("WEEKDAYS", "Route", "calendar_grid", "distance_matrix", "plot_route", "routes_by_day",
                 "short_name", "visit_calendar", "visit_route", "working_days")
})
