"""Predicted value against grades (预测价值与客户分级)：见第01章 客户价值（与第04章的 ABC 分级对照）。

Which grade holds the future value, and which customers outside the top grade already have
the value of a top customer.
"""

from __future__ import annotations

import pandas as pd

from .._deprecation import renamed_kwargs

__all__ = ["clv_by_grade", "hidden_value"]


def clv_by_grade(clv: pd.Series, grades: pd.Series, *, ungraded: str = "无等级") -> pd.DataFrame:
    """Predicted CLV per grade (各等级的预测客户价值): customers, total and mean CLV, and the
    grade's share of the total. Customers with a CLV but no grade (e.g. no purchase in the
    grading period) form their own row ``ungraded`` rather than disappearing."""
    g = grades.reindex(clv.index)
    cats = list(g.cat.categories) if isinstance(g.dtype, pd.CategoricalDtype) else sorted(g.dropna().unique())
    g = pd.Categorical(g.astype(object).where(g.notna(), ungraded), categories=cats + [ungraded])
    df = pd.DataFrame({"clv": clv.to_numpy(), "grade": g}, index=clv.index)
    out = df.groupby("grade", observed=False)["clv"].agg(customers="size", total="sum", mean="mean")
    if out.loc[ungraded, "customers"] == 0:
        out = out.drop(index=ungraded)
    out["share"] = out["total"] / out["total"].sum()
    return out


@renamed_kwargs(top="top_grade")
def hidden_value(clv: pd.Series, grades: pd.Series, *, top_grade: str = "A") -> pd.DataFrame:
    """Customers outside grade ``top_grade`` whose predicted CLV reaches the median CLV of the ``top_grade``
    grade (被低估的客户): candidates for a higher grade in the visit plan."""
    g = grades.reindex(clv.index).astype(object)
    bar = clv[g == top_grade].median()
    hit = clv[(g != top_grade) & (clv >= bar)].sort_values(ascending=False)
    return pd.DataFrame({"clv": hit, "grade": g[hit.index]}).assign(bar=bar)
