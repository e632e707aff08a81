"""khlib's public API, found by walking the package: shared by the immutability and the
vocabulary tests, so that both look at the same functions."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import khlib as kh


def _owner_kind(cls, name):
    raw = inspect.getattr_static(cls, name)
    if isinstance(raw, property):
        return raw.fget, "property"
    if isinstance(raw, staticmethod):
        return raw.__func__, "static"
    if isinstance(raw, classmethod):
        return raw.__func__, "class"
    return raw, "method"


def public_api() -> dict[str, tuple]:
    """Qualified name -> (function, owner class or None, kind) for khlib's public callables."""
    api = {}
    for info in pkgutil.walk_packages(kh.__path__, "khlib."):
        if info.name.endswith("__main__"):
            continue
        mod = importlib.import_module(info.name)
        private_module = any(part.startswith("_") for part in info.name.split("."))
        for name, obj in vars(mod).items():
            if name.startswith("_") or "__mutmut" in name or getattr(obj, "__module__", None) != info.name:  # mutmut's copies (tools/mutation.py)
                continue
            if private_module and name not in kh.__all__:
                continue
            if inspect.isfunction(obj):
                api[f"{info.name}.{name}"] = (obj, None, "function")
            elif inspect.isclass(obj):
                for m in vars(obj):
                    if m.startswith("_"):
                        continue
                    f, kind = _owner_kind(obj, m)
                    if inspect.isfunction(f):
                        api[f"{info.name}.{name}.{m}"] = (f, obj, kind)
    return api
