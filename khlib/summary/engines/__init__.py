"""The heavy step on other engines (其他计算引擎): Polars, DuckDB, Spark (issue 18).

The line-level functions of :mod:`khlib.summary` written **once** with `narwhals
<https://narwhals-dev.github.io>`_: the same expressions run on a pandas DataFrame, a Polars
DataFrame or LazyFrame, a DuckDB relation or a PySpark DataFrame, and each returns the caller's
own type (lazy stays lazy, a DuckDB relation gives a relation, nothing big is collected). The
columns and dtypes are those of :data:`khlib.summary.SCHEMAS`; pandas gets the key (e.g.
``customer_id``) as the index, like the pandas path, the other engines as the first column.
Rows are sorted by the key on every engine. The pandas functions route any frame that is not
a pandas DataFrame here, so chapters' code runs unchanged on a Polars, DuckDB or Spark table.

==========================  =====================================  =============================
pandas path                 port (module)                          returns
==========================  =====================================  =============================
``customer_summary``        ``customer_summary_any`` (customers)   the caller's type
``btyd_summary``            ``btyd_summary_any`` (customers)       the caller's type
``product_summary``         ``product_summary_any`` (products)     the caller's type
``sales_by_period``         ``sales_by_period_any`` (products)     the caller's type (wide)
``customer_gross_profit``   ``customer_gross_profit_any``          the caller's type
``churn_times``             ``churn_times_any`` (cohorts)          the caller's type
``cohort_retention``        ``cohort_retention_any`` (cohorts)     pandas (a small display table)
``open_items``              ``open_items_any`` (receivables)       the caller's type
``receivables_by``          ``receivables_by_any`` (receivables)   the caller's type
``overdue_by``              ``overdue_by_any`` (receivables)       the caller's type
``receivables_position``    ``receivables_position_any``           pandas Series (four numbers)
==========================  =====================================  =============================

Not ported, because their input is small (one row per lead, per activity, per month of stock)
or they already take one of the tables above: the pipeline functions, ``activity_volume`` /
``activity_costs``, ``average_stock``, ``mix_sales``, ``early_summary``, ``purchase_days``,
``event_counts`` / ``orders_around``. Given a non-pandas frame they say so
(``TypeError``: a pandas DataFrame is expected); ``.to_pandas()`` first.

Needs the ``engines`` extra (``pip install 'khlib[engines]'``: narwhals, Polars, DuckDB);
Spark the ``spark`` extra (PySpark) and Java 17+.

What differs from the pandas path (each module's notes add its own):

* **Validation is by schema only**: the columns must exist (names found the same loose way:
  surrounding spaces, full-width letters, case) and have the right types — ids text or
  integers (integers become text), dates a date or datetime type (a time zone is dropped, the
  local day kept), amounts numbers. Text dates are refused: parse them first. The row-level
  screening of :func:`khlib.prepare_orders` (missing or placeholder ids, totals rows,
  unreadable numbers, negative amounts, duplicated lines, ids with stray spaces) **stays in
  the pandas path**: it needs a pass over the data that a lazy engine should not make behind
  the caller's back. Clean the lines first, or check a sample with the pandas path.
* **Returns** (``allow_negative=True``) are not ported yet: use the pandas path. Missing ids,
  dates or amounts and negative amounts are errors on every engine (one scalar pass), never
  summed silently.
* Errors that depend on the data (an empty period, ``asof`` before the last order, no
  customer in the calibration period) are raised for eager frames (pandas, Polars
  DataFrame); a lazy frame gives an empty result instead.
"""

from __future__ import annotations

from .cohorts import churn_times_any, cohort_retention_any
from .customers import btyd_summary_any, customer_summary_any
from .products import customer_gross_profit_any, product_summary_any, sales_by_period_any
from .receivables import open_items_any, overdue_by_any, receivables_by_any, receivables_position_any

__all__ = ["btyd_summary_any", "churn_times_any", "cohort_retention_any", "customer_gross_profit_any",
           "customer_summary_any", "open_items_any", "overdue_by_any", "product_summary_any",
           "receivables_by_any", "receivables_position_any", "sales_by_period_any"]
