"""Errors and warnings khlib raises, with messages in Chinese and English (中英双语提示).

Every message a student or analyst sees comes through :func:`fail` (bad input),
:func:`warn` (a result that needs attention) or :class:`NotFittedError` (a model used before
``fit``): Chinese first, then English, so that a classroom and an analyst's log both read it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any


class KhlibInputError(ValueError):
    """Bad input data (输入数据有误). The message names the column, the bad values and what
    was expected, first in Chinese, then in English."""


class NotFittedError(RuntimeError):
    """A model was used before it was fitted (模型尚未拟合): call ``fit(...)`` first. Not an
    input error: the data are fine, the order of the calls is not."""


class KhlibWarning(UserWarning):
    """A result that needs the user's attention (提示), e.g. rows left out or a ratio left
    undefined. Bilingual, like the errors."""


class ConvergenceWarning(KhlibWarning, RuntimeWarning):
    """An optimiser stopped before the optimum (未收敛): the numbers are unreliable."""


def examples(labels: Iterable[Any], values: Iterable[Any] | None = None, limit: int = 5) -> str:
    """Format up to ``limit`` offending rows as ``3 ('abc'), 7 ('-')``; say how many more."""
    labels = list(labels)
    vals = list(values) if values is not None else None
    shown = []
    for i, lab in enumerate(labels[:limit]):
        shown.append(f"{lab} ({vals[i]!r})" if vals is not None else f"{lab}")
    more = len(labels) - limit
    return ", ".join(shown) + (f" … (+{more})" if more > 0 else "")


def bilingual(zh: str, en: str) -> str:
    """The one format of every khlib message: Chinese line, then English line."""
    return f"{zh}\n{en}"


def fail(zh: str, en: str) -> KhlibInputError:
    """Build the error; ``raise fail(...)`` keeps the traceback at the caller."""
    return KhlibInputError(bilingual(zh, en))


def not_fitted(model: str) -> NotFittedError:
    """The error for a model used before ``fit``; ``raise not_fitted("BG/NBD")``."""
    return NotFittedError(bilingual(f"{model} 模型还没有拟合：先调用 fit(...)。",
                                    f"The {model} model is not fitted: call fit(...) first."))


def warn(zh: str, en: str, *, category: type[Warning] = KhlibWarning, stacklevel: int = 2) -> None:
    """Issue a bilingual warning (双语警告). ``stacklevel`` counts from the caller of ``warn``
    (2 = the line that called the khlib function that warns)."""
    warnings.warn(bilingual(zh, en), category, stacklevel=stacklevel + 1)


def need_columns(df, columns, table_zh: str, table_en: str) -> None:
    """Fail, listing the table's columns, when ``df`` lacks any of ``columns`` (缺少列).

    >>> import pandas as pd
    >>> need_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "客户表", "customers")
    Traceback (most recent call last):
    khlib._errors.KhlibInputError: 客户表缺少列 ['b']；现有的列：['a']。
    The customers table lacks column(s) ['b']; it has ['a'].
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise fail(f"{table_zh}缺少列 {missing}；现有的列：{list(df.columns)}。",
                   f"The {table_en} table lacks column(s) {missing}; it has {list(df.columns)}.")
