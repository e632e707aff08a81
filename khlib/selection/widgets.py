"""Classroom widget of chapter 02 (课堂互动): weight sliders that re-rank the prospects."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..display import show as show_table
from ..vocab import label
from .criteria import normalise_weights, weighted_score


def rerank(table: pd.DataFrame, weights: Mapping[str, float], *, base: Mapping[str, float] | None = None,
           higher_is_better: Mapping[str, bool] | None = None, top_n: int = 20) -> dict:
    """The logic of :func:`weights_widget` as a plain function (重新排名): the weights normalised
    to sum 1, the top ``top_n`` prospects by :func:`weighted_score`, and which prospects entered
    or left the top list compared with the ``base`` weights. All-zero weights are an error."""
    w = normalise_weights(weights)
    scored = weighted_score(table, w, higher_is_better=higher_is_better)
    best = scored.sort_values("rank").head(top_n)
    out = {"weights": w, "top": best}
    if base is not None:
        before = weighted_score(table, normalise_weights(base), higher_is_better=higher_is_better)
        old = set(before.index[before["rank"] <= top_n])
        new = set(best.index)
        out["entered"] = sorted(new - old, key=lambda k: scored.loc[k, "rank"])
        out["left"] = sorted(old - new, key=lambda k: before.loc[k, "rank"])
    return out


def weights_widget(table: pd.DataFrame, weights: Mapping[str, float], *,
                   higher_is_better: Mapping[str, bool] | None = None, top_n: int = 20,
                   labels: pd.Series | None = None):
    """Weight sliders that re-rank the prospects live (权重滑块): one slider per criterion
    (0 to 1), the weights shown normalised to sum 1, the top ``top_n`` prospects (the first 12
    shown, with ``labels`` such as their names) and which entered or left the top list since the
    starting weights. Returns the widget."""
    import ipywidgets as w
    from IPython.display import display

    start = normalise_weights(weights)
    rerank(table, start, higher_is_better=higher_is_better, top_n=top_n)  # validate before building
    sliders = {c: w.FloatSlider(value=round(float(v), 2), min=0.0, max=1.0, step=0.05, description=label(str(c)),
                                continuous_update=False, style={"description_width": "initial"},
                                layout=w.Layout(width="300px")) for c, v in start.items()}
    out = w.Output()

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            values = {c: s.value for c, s in sliders.items()}
            if sum(values.values()) <= 0:
                print("至少给一个准则大于 0 的权重。")
                return
            r = rerank(table, values, base=start, higher_is_better=higher_is_better, top_n=top_n)
            print("归一化权重：" + "，".join(f"{label(str(c))} {v:.0%}" for c, v in r["weights"].items()))
            shown = r["top"][["score", "rank"]]
            if labels is not None:
                shown = shown.join(labels.rename("name"))
            display(show_table(shown, rows=12, caption=f"前 {top_n} 名（显示前 12 名）"))
            print(f"与初始权重相比：新进入前 {top_n} 名 {len(r['entered'])} 位，掉出 {len(r['left'])} 位。")

    for s in sliders.values():
        s.observe(redraw, names="value")
    redraw()
    boxes = list(sliders.values())
    return w.VBox([w.HBox(boxes[:3]), w.HBox(boxes[3:]), out])
