"""The heavy step on other engines (其他计算引擎): Polars, DuckDB, Spark (issue 18).

:func:`customer_summary_any` and :func:`btyd_summary_any` are :func:`khlib.customer_summary`
and :func:`khlib.btyd_summary` written **once** with `narwhals <https://narwhals-dev.github.io>`_:
the same expressions run on a pandas DataFrame, a Polars DataFrame or LazyFrame, a DuckDB
relation or a PySpark DataFrame, and each returns the caller's own type (lazy stays lazy, a
DuckDB relation gives a relation, nothing is collected). The columns and dtypes are those of
:data:`khlib.summary.SCHEMAS`; pandas gets ``customer_id`` as the index, like the pandas
path, the other engines as the first column. Rows are sorted by customer id on every engine.
``kh.customer_summary`` and ``kh.btyd_summary`` route any frame that is not a pandas
DataFrame here, so chapters' code runs unchanged on a Polars or DuckDB table.

Needs the ``engines`` extra (``pip install 'khlib[engines]'``: narwhals, Polars, DuckDB);
PySpark works when it is installed (with Java), but is not part of the extra.

What differs from the pandas path (``kh.customer_summary`` on a pandas frame):

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

from .customers import btyd_summary_any, customer_summary_any

__all__ = ["btyd_summary_any", "customer_summary_any"]
