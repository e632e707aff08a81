"""The report command (客户分级报告): ``python -m khlib report ORDERS`` or ``khlib report`` —
an analyst's order file to a graded Excel workbook and an offline HTML page, with the course's
validation and views (:mod:`.analysis`: ABC, pyramid, RFM, grade migration, CLV; :mod:`.outputs`:
the two files; :mod:`.cli`: options, config file, progress, exit codes, nothing half-written)."""

from __future__ import annotations

from .analysis import CLV_MIN_DAYS, CLV_MIN_REPEAT, Report, build_report
from .cli import main, read_orders
from .outputs import write_html, write_workbook

__all__ = ["CLV_MIN_DAYS", "CLV_MIN_REPEAT", "Report", "build_report", "main", "read_orders", "write_html",
           "write_workbook"]
