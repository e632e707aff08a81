"""The feedback object and answer helpers shared by every chapter's self-checks."""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

@dataclass(frozen=True)
class Feedback:
    """The result of a self-check: ``ok`` is True, False, or None (not answered yet)."""

    ok: bool | None
    message: str

    def __bool__(self) -> bool:
        return bool(self.ok)

    def __repr__(self) -> str:
        mark = {True: "✔ 正确", False: "✘ 还不对", None: "… 尚未作答"}[self.ok]
        return f"{mark}：{self.message}"

    def _repr_html_(self) -> str:
        col = {True: "#2E7D32", False: "#C62828", None: "#757575"}[self.ok]
        return (f'<div style="border-left:6px solid {col};padding:6px 10px;margin:4px 0;'
                f'color:{col};font-size:1.05em">{html.escape(repr(self))}</div>')


def unanswered(answer) -> bool:
    """True for an exercise not answered yet (``None`` or ``...``)."""
    return answer is None or answer is Ellipsis


#: The feedback for an unanswered exercise.
TODO = Feedback(None, "把 None 换成你的答案后再运行本单元格。")


def close(answer: float, truth: float, rel_tol: float = 1e-6, abs_tol: float = 1e-9) -> bool:
    """Numbers equal within the tolerance a self-check accepts."""
    return bool(np.isclose(float(answer), float(truth), rtol=rel_tol, atol=abs_tol))


def number(answer) -> float | None:
    """The answer as a float, or None when it is not a number."""
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None
