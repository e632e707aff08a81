"""Teaching examples of chapter 04 (教学示例)."""

from __future__ import annotations

import pandas as pd

#: Ten customers of a small dealer (万元): the worked ABC example of chapter 04 (A 甲乙 … by
#: hand, then by :func:`khlib.abc_grade`); exercise 4.1 grades it.
HAND_EXAMPLE = pd.Series([420, 260, 130, 60, 45, 30, 22, 15, 10, 8],
                         index=[f"客户{c}" for c in "甲乙丙丁戊己庚辛壬癸"], name="sales")
