"""Errors khlib raises on bad input, with messages in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class KhlibInputError(ValueError):
    """Bad input data (输入数据有误). The message names the column, the bad values and what
    was expected, first in Chinese, then in English."""


def examples(labels: Iterable[Any], values: Iterable[Any] | None = None, limit: int = 5) -> str:
    """Format up to ``limit`` offending rows as ``3 ('abc'), 7 ('-')``; say how many more."""
    labels = list(labels)
    vals = list(values) if values is not None else None
    shown = []
    for i, lab in enumerate(labels[:limit]):
        shown.append(f"{lab} ({vals[i]!r})" if vals is not None else f"{lab}")
    more = len(labels) - limit
    return ", ".join(shown) + (f" … (+{more})" if more > 0 else "")


def fail(zh: str, en: str) -> KhlibInputError:
    """Build the error; ``raise fail(...)`` keeps the traceback at the caller."""
    return KhlibInputError(f"{zh}\n{en}")
