"""Teaching examples of chapter 05 (教学示例)."""

from __future__ import annotations

import pandas as pd

HAND_EXAMPLE = pd.DataFrame(
    {"sales": [400.0, 250.0, 200.0, 100.0, 50.0], "gross_profit": [60.0, 75.0, 40.0, 35.0, 30.0],
     "avg_stock": [40.0, 50.0, 80.0, 100.0, 5.0]},
    index=pd.Index(["甲 复印纸", "乙 硒鼓", "丙 打印机", "丁 文件柜", "戊 办公软件"], name="product"),
)
"""Five products of one year (万元): sales, gross profit and average monthly stock at cost —
the hand example of chapter 05's product scorecard (exercise 5.1)."""
