"""The heavy step (交易汇总): order, invoice, payment and stock lines -> one row per customer,
product or group. 见第01章（BTYD 汇总）、第04章（分级的输入）与第05章（产品、应收账款）。

Every aggregation over line-level data in khlib lives in this package and nowhere else; the
chapters' light steps (grading, scoring, ratios, plots) take its outputs. Keeping it in one
place, with the output schema of each function written down in :data:`SCHEMAS` (and tested), is
what lets it move to another engine (Polars, DuckDB, Spark) for data that outgrow pandas
without touching the chapters. All functions are vectorised; none loops over rows or modifies
its input; periods are whole days (:mod:`khlib.periods`).

============================  ===========================================================
function                      lines -> rows
============================  ===========================================================
``customer_summary``          order lines -> one row per customer
``product_summary``           order lines -> one row per product
``sales_by_period``           order lines -> customer × period
``mix_sales``                 order lines -> one row per product attribute (a customer vs all)
``average_stock``             monthly stock -> one row per product
``btyd_summary``              order lines -> one row per customer (frequency, recency, T)
``purchase_days``             order lines -> one row per customer and purchase day
``open_items``                invoices + payments -> invoices with their open balance
``receivables_by``            invoices + payments -> one row per customer (ageing buckets)
``overdue_by``                invoices + payments -> one row per customer (overdue balance, balance-days)
``receivables_position``      invoices + payments -> the company's totals
``customer_gross_profit``           order lines + unit costs -> one row per customer (gross margin)
``activity_volume``           activity lines -> customer × activity (driver quantities)
``activity_costs``            activity lines × cost rates -> customer × activity, cost to serve
``early_summary``             order lines -> one row per customer (its first N days)
``cohort_retention``          order lines -> acquisition month × months since: share still ordering
``churn_times``               order lines -> one row per customer: churn or censoring day, duration
``stage_transitions``         lead-stage events -> stage × next state (counts)
``stage_durations``           lead-stage events -> one row per stage (leads, days in stage)
``stage_funnel``              lead-stage events -> reached / won / lost / open per stage (and group)
``pipeline_snapshot``         lead-stage events -> one row per lead: its state on a date
``lead_timeline``             lead-stage events -> one row per lead, the date of each stage
``prepare_events``            lead-stage events -> validated once, for all of the above
``lead_events``               wide lead table (a date column per stage) -> lead-stage events
``event_counts``              dated events (complaints, deliveries) -> one row per week/month
``orders_around``             events + order lines -> one row per event: orders before / after
``method_summary``            leads -> one row per prospecting method (leads, won, cost)
============================  ===========================================================
"""

from __future__ import annotations

from .btyd import TIME_UNITS, btyd_summary, purchase_days
from .cohorts import churn_times, cohort_retention, early_summary
from .events import EVENT_FREQS, event_counts, orders_around
from .costs import activity_costs, activity_volume, check_rates, customer_gross_profit
from .pipeline import (OUTCOMES, STAGE_COLUMNS, STAGES, PipelineEvents, lead_events, lead_timeline, method_summary,
                       prepare_events, pipeline_snapshot, stage_durations,
                       stage_funnel, stage_transitions)
from .orders import average_stock, canonical_orders, customer_summary, mix_sales, product_summary, sales_by_period
from .receivables import AGE_BUCKET_CODES, open_items, overdue_by, receivables_by, receivables_position

#: Output schema of every heavy-step function: column -> dtype kind ("i" integer, "f" float,
#: "M" datetime, "O" text/ids, "b" boolean) and the index name. A port to another engine must
#: return the same columns; tests/summary checks each function against this table.
SCHEMAS: dict[str, dict] = {
    "customer_summary": {"index": "customer_id", "columns": {
        "orders": "i", "lines": "i", "sales": "f", "first_date": "M", "last_date": "M",
        "recency_days": "i", "tenure_days": "i", "mean_order": "f"}},
    "product_summary": {"index": "product_id", "columns": {
        "quantity": "f", "sales": "f", "lines": "i", "customers": "i"}},
    "mix_sales": {"index": None, "columns": {"customer_sales": "f", "company_sales": "f"}},
    "btyd_summary": {"index": "customer_id", "columns": {
        "frequency": "i", "recency": "f", "T": "f", "monetary_value": "f",
        "frequency_holdout": "i", "monetary_holdout": "f", "duration_holdout": "f"}},
    "purchase_days": {"index": None, "columns": {
        "customer_id": "O", "day": "M", "amount": "f", "first_day": "M"}},
    "receivables_by": {"index": "customer_id", "columns": {
        **{c: "f" for c in AGE_BUCKET_CODES}, "balance": "f"}},
    "overdue_by": {"index": "customer_id", "columns": {"overdue_balance": "f", "balance_days": "f"}},
    "receivables_position": {"index": None, "columns": {
        "balance": "f", "overdue": "f", "credit_sales": "f", "days": "f"}},
    "customer_gross_profit": {"index": "customer_id", "columns": {
        "sales": "f", "cost_of_goods": "f", "gross_profit": "f"}},
    "early_summary": {"index": "customer_id", "columns": {
        "first_date": "M", "orders": "i", "lines": "i", "sales": "f", "products": "i", "categories": "i"}},
    "churn_times": {"index": "customer_id", "columns": {
        "start_date": "M", "churn_date": "M", "duration_days": "f", "churned": "i", "came_back": "b", "orders": "i"}},
    "lead_events": {"index": None, "columns": {"lead_id": "O", "stage": "O", "date": "M"}},
    "pipeline_snapshot": {"index": "lead_id", "columns": {"state": "O", "since": "M", "open": "b"}},
    "stage_funnel": {"index": "stage", "columns": {"reached": "i", "won": "i", "lost": "i", "open": "i", "win_rate": "f"}},
    "event_counts": {"index": "period", "columns": {"count": "i"}},
    "orders_around": {"index": None, "columns": {
        "orders_before": "i", "orders_after": "i", "sales_after": "f", "followed": "b"}},
}

__all__ = [
    "AGE_BUCKET_CODES", "SCHEMAS", "TIME_UNITS", "activity_costs", "activity_volume", "average_stock", "btyd_summary",
    "canonical_orders", "check_rates", "churn_times", "cohort_retention", "customer_gross_profit", "early_summary", "OUTCOMES", "STAGES", "method_summary", "stage_durations",
    "stage_transitions", "STAGE_COLUMNS", "PipelineEvents", "prepare_events", "lead_events", "lead_timeline", "pipeline_snapshot", "stage_funnel",
    "customer_summary", "mix_sales", "open_items", "overdue_by", "product_summary", "purchase_days", "receivables_by",
    "receivables_position", "sales_by_period", "EVENT_FREQS", "event_counts", "orders_around",
]

