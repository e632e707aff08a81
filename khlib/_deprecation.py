"""Deprecated names and keyword arguments (旧名称): they keep working and warn once per call
site with the new name, so notebooks and analysts' scripts written against an older khlib do
not break when a name moves or is renamed. Every alias is listed in ``RENAMED`` (the table
the tests and the README use)."""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable
from typing import Any

from ._errors import bilingual

#: old dotted name -> new dotted name, for every deprecated alias (functions and keywords).
RENAMED: dict[str, str] = {}


class KhlibDeprecationWarning(DeprecationWarning):
    """A name that moved or was renamed (名称已更改); the message gives the new one."""


def _warn(old: str, new: str, stacklevel: int) -> None:
    import warnings

    warnings.warn(bilingual(f"{old} 已更名为 {new}，旧名称将在以后的版本中删除。",
                            f"{old} is deprecated; use {new}."),
                  KhlibDeprecationWarning, stacklevel=stacklevel + 1)


def renamed_kwargs(**old_to_new: str) -> Callable:
    """Decorator: accept old keyword names, warn, and pass them on under the new names.

    >>> @renamed_kwargs(plan="sales_plan")
    ... def f(*, sales_plan=None):
    ...     return sales_plan
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     f(plan=3)
    3
    """

    def deco(func: Callable) -> Callable:
        qual = f"{func.__module__}.{func.__qualname__}"
        for old, new in old_to_new.items():
            RENAMED[f"{qual}({old}=)"] = f"{qual}({new}=)"

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(bilingual(f"{func.__name__}() 同时收到 {old}= 和 {new}=，只用 {new}=。",
                                                  f"{func.__name__}() got both {old}= and {new}=; use {new}= only."))
                    _warn(f"{func.__name__}({old}=)", f"{func.__name__}({new}=)", stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__signature__ = inspect.signature(func)  # type: ignore[attr-defined]
        return wrapper

    return deco


def moved(module_name: str, aliases: dict[str, str]) -> Callable[[str], Any]:
    """A module-level ``__getattr__`` that serves ``aliases`` (old name -> "package.module:new")
    with a deprecation warning; any other missing name raises AttributeError as usual."""
    for old, target in aliases.items():
        RENAMED[f"{module_name}.{old}"] = target.replace(":", ".")

    def __getattr__(name: str) -> Any:
        if name in aliases:
            mod, _, attr = aliases[name].partition(":")
            new = f"{mod}.{attr}"
            _warn(f"{module_name}.{name}", new.replace("khlib.", "kh.", 1), stacklevel=2)
            return getattr(importlib.import_module(mod), attr)
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")

    return __getattr__
