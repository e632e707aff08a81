"""Display helpers shared by the chapters (显示): stable ids for styled tables.

A pandas Styler writes its CSS under an id; with a random id every run changes the saved
notebook (nbval fails), and with one fixed id for every table the colours of one table land on
another table of the same page. :func:`stable_uuid` derives the id from the table's content
and the style's arguments: the same table gives the same id on any machine, two different
tables never share one.
"""

from __future__ import annotations

import hashlib

import pandas as pd


def stable_uuid(df: pd.DataFrame, *parts: object, prefix: str = "kh") -> str:
    """An id for ``df``'s Styler from its content (index, columns, values) and ``parts``.

    >>> a = pd.DataFrame({"x": [1, 2]})
    >>> stable_uuid(a) == stable_uuid(a.copy()), stable_uuid(a) == stable_uuid(a + 1)
    (True, False)
    """
    h = hashlib.sha1()
    h.update(df.to_csv().encode("utf-8"))
    h.update(repr([str(c) for c in df.columns]).encode("utf-8"))
    for p in parts:
        h.update(repr(p).encode("utf-8"))
    return f"{prefix}{h.hexdigest()[:12]}"


def styled(df: pd.DataFrame, *parts: object, prefix: str = "kh"):
    """``df.style`` with a content-derived id (see :func:`stable_uuid`)."""
    return df.style.set_uuid(stable_uuid(df, *parts, prefix=prefix))
