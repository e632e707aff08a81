"""Classroom widgets of chapter 06 (课堂互动): importance weights moved live (the index and the
importance–performance quadrants respond), and the NPS cut-offs moved live."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import fail
from ..display import show as show_table
from .index import QUADRANTS, importance_performance, satisfaction_index
from .measurement import net_promoter


def reweight(index_table: pd.DataFrame, weights: Mapping[str, float]) -> float:
    """The index with other weights (改变权重后的指数): Σ w × performance with ``weights``
    (one per aspect, ≥ 0, not all 0) normalised to sum 1 — the logic of :func:`index_widget`."""
    w = pd.Series(weights, dtype=float).reindex(index_table.index)
    if w.isna().any() or (w < 0).any() or w.sum() <= 0:
        raise fail(f"weights 应给每个评价项目一个非负权重（不全为 0）：{dict(weights)}。",
                   f"weights must give every aspect a non-negative weight, not all 0: {dict(weights)}.")
    return float((w / w.sum()) @ index_table["performance"])


def index_widget(survey: pd.DataFrame, aspects: Sequence[str], *, overall: str, labels: Mapping[str, str] | None = None):
    """Importance-weight sliders (重要性权重滑块): the index responds, next to the two computed
    indices (stated importance, regression), and the importance–performance table with its
    quadrants, where the slider value replaces the stated importance. Returns the widget."""
    import ipywidgets as w
    from IPython.display import display

    si = satisfaction_index(survey, aspects, overall=overall)
    ipa = importance_performance(survey, aspects)
    names = dict(labels or {})
    sliders = {a: w.FloatSlider(value=round(float(si.aspects.loc[a, "importance_weight"]), 2), min=0.0, max=1.0,
                                step=0.05, description=names.get(a, a), continuous_update=False,
                                layout=w.Layout(width="260px")) for a in aspects}
    out = w.Output()

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            values = {a: s.value for a, s in sliders.items()}
            if sum(values.values()) <= 0:
                print("至少给一个项目大于 0 的权重。")
                return
            print(f"按滑块权重的指数 {reweight(si.aspects, values):.1f}（重要性加权 {si.by_importance:.1f}，"
                  f"回归加权 {si.by_regression:.1f}）")
            imp = pd.Series(values, dtype=float)
            hi_imp = imp >= imp.mean()
            hi_perf = ipa["performance"] >= ipa["performance"].mean()
            table = pd.DataFrame({"weight": imp / imp.sum(), "performance": ipa["performance"],
                                  "quadrant": [QUADRANTS[(bool(a), bool(b))] for a, b in zip(hi_imp, hi_perf)]})
            table.index = [names.get(a, a) for a in table.index]
            display(show_table(table.rename_axis("评价项目"), decimals=2))

    for s in sliders.values():
        s.observe(redraw, names="value")
    redraw()
    boxes = list(sliders.values())
    return w.VBox([w.HBox(boxes[:3]), w.HBox(boxes[3:]), out])


def nps_widget(recommend: pd.Series):
    """NPS cut-off sliders (NPS 分界滑块): move where promoters start and detractors end; the
    score and its interval respond — the same answers, a different headline. Returns the widget."""
    import ipywidgets as w

    pro = w.IntSlider(value=9, min=1, max=10, description="推荐者 ≥", continuous_update=False)
    det = w.IntSlider(value=6, min=0, max=9, description="贬损者 ≤", continuous_update=False)
    out = w.Output()

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            if det.value >= pro.value:
                print("贬损者的上限要小于推荐者的下限。")
                return
            r = net_promoter(recommend, promoter_min=pro.value, detractor_max=det.value)
            print(f"NPS {r['nps']:+.1f}（95% 区间 {r['ci_low']:+.1f} 到 {r['ci_high']:+.1f}）："
                  f"推荐者 {r['promoters'] / r['respondents']:.0%}，贬损者 {r['detractors'] / r['respondents']:.0%}")

    pro.observe(redraw, names="value")
    det.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([pro, det]), out])
