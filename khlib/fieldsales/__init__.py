"""Field-sales operations (外勤销售作业): route order over customers' coordinates (路序, PyVRP),
working days with China's holiday schedule (工作日与调休), the monthly visit calendar by grade
(月度拜访日程) and a route per day. Shared by chapter 05 (交易分析: a salesperson's month) and
chapter 03 (客户开发: prospecting trips).
"""

from .calendar import WEEKDAYS, calendar_grid, routes_by_day, visit_calendar, working_days
from .plots import plot_route
from .routes import MAX_EXHAUSTIVE, Route, distance_km, distance_matrix, exhaustive_optimum, short_name, visit_route

__all__ = ["MAX_EXHAUSTIVE", "WEEKDAYS", "Route", "calendar_grid", "distance_km", "distance_matrix", "exhaustive_optimum", "plot_route", "routes_by_day", "short_name",
           "visit_calendar", "visit_route", "working_days"]
