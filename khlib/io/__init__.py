"""Reading analysts' own files and turning their order lines into khlib's schema.

读取分析人员自己的数据文件（CSV / Excel，UTF-8 / UTF-8-BOM / GBK / GB18030），
把他们的列名映射为 khlib 的标准列，并在数据有问题时给出指明列、表格行号和取值的错误信息。
见第00章 导论“分析人员如何使用本课程”与第04章 客户分级。

An analyst's file gives the right numbers or a clear error, never a silent wrong one:

- :func:`read_table` reads CSV/TXT (encoding and separator detected) and Excel (one sheet; the
  columns of every sheet remembered): ids stay text (``00123``), the header is found under
  title rows, blank rows and trailing totals rows (合计) are left out with a warning, and the
  spreadsheet row of every row is kept for the error messages.
- :func:`prepare_orders` maps and validates order lines, the one validation path of every
  summary: ids cleaned (:func:`clean_ids`: spaces of every kind, full-width letters,
  placeholders such as ``#N/A`` are missing), numbers in any locale (:func:`to_number`:
  ``1.234,50``, ``3万``), dates in any format (:func:`to_date`: ``20.03.2025`` decided per
  column, Excel serial numbers, UTC offsets kept as local time), duplicates and returns.

The implementation lives in private modules (``_read``, ``_workbook``, ``_layout`` for files;
``_ids``, ``_numbers``, ``_dates`` for values; ``_prepare`` for order lines; ``_rows`` for row
numbers); the public names are this module's (``khlib.io.to_date`` …).
"""

from __future__ import annotations

import pandas as pd  # noqa: F401  (the doctests of the names below run in this module)

from ._dates import to_date
from ._ids import BLANK_IDS, MISSING_IDS, check_customer_ids, clean_ids
from ._numbers import to_number
from ._prepare import ORDER_COLUMNS, prepare_orders
from ._read import detect_encoding, read_table

for _f in (to_date, check_customer_ids, clean_ids, to_number, prepare_orders, detect_encoding, read_table):
    _f.__module__ = __name__  # public under khlib.io, as before the split
del _f

__all__ = ["BLANK_IDS", "MISSING_IDS", "ORDER_COLUMNS", "check_customer_ids", "clean_ids", "detect_encoding",
           "prepare_orders", "read_table", "to_date", "to_number"]
