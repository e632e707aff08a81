"""The complaint iceberg (投诉冰山): from the complaints a company receives to the dissatisfied
customers behind them and the people those customers tell.

The material says: of dissatisfied customers only 4% complain, 96% do not, and each tells 16–20
people. That 4% is a well-known **misquote** of the TARP studies for the White House Office of
Consumer Affairs: Goodman (2005, letter in *Quality Progress*) explains that 96% of consumers
with a *small-ticket* problem do not complain *to headquarters*, while about 50% complain to a
front-line person or return the product — 75% in business-to-business markets — and that the
figure lost its two qualifiers in a book and travelled on. Which share you use changes the
estimate of dissatisfied customers roughly tenfold; :data:`MATERIAL` and :data:`GOODMAN_B2B`
hold the two readings (the share of front-line complaints that reach the company's records is
the course's **assumption**, to be measured, e.g. against a survey).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._errors import fail

#: The material's reading: 4% of the dissatisfied complain, all complaints are recorded, each
#: dissatisfied customer tells 16–20 people.
MATERIAL = {"complain_share": 0.04, "record_share": 1.0, "told": (16, 20)}
#: Goodman (2005): 75% of business customers complain to a front-line person; the share of
#: those complaints that reach the company's records (0.5) is the course's assumption.
GOODMAN_B2B = {"complain_share": 0.75, "record_share": 0.5, "told": (16, 20)}


def iceberg(recorded: float, *, complain_share: float = 0.04, record_share: float = 1.0,
            told: float | Sequence[float] = (16, 20)) -> pd.Series:
    """Iceberg arithmetic (冰山算术): ``recorded`` complaints on record → complaints made (÷
    ``record_share``) → dissatisfied customers (÷ ``complain_share``) → silent ones → people told
    (× ``told``, one number or a (low, high) range).

    >>> iceberg(26)[["dissatisfied", "silent", "told_low", "told_high"]].tolist()
    [650.0, 624.0, 10400.0, 13000.0]
    >>> round(float(iceberg(26, **GOODMAN_B2B)["dissatisfied"]), 1)
    69.3
    """
    for name, v in (("complain_share", complain_share), ("record_share", record_share)):
        if not (0 < v <= 1):
            raise fail(f"{name} 应是 0 到 1 之间（不含 0）的比例，而不是 {v!r}。",
                       f"{name} must be a share in (0, 1], not {v!r}.")
    if not np.isfinite(recorded) or recorded < 0:
        raise fail(f"记录在案的投诉数应是非负数，而不是 {recorded!r}。", f"recorded must be a non-negative count, not {recorded!r}.")
    low, high = (told, told) if np.isscalar(told) else tuple(told)
    if low < 0 or high < low:
        raise fail(f"told（每人告诉的人数）应是非负数或 (低, 高) 区间，而不是 {told!r}。",
                   f"told must be a non-negative number or a (low, high) range, not {told!r}.")
    made = recorded / record_share
    dissatisfied = made / complain_share
    return pd.Series({"recorded": float(recorded), "complaints_made": made, "dissatisfied": dissatisfied,
                      "silent": dissatisfied - made, "told_low": dissatisfied * low, "told_high": dissatisfied * high})
