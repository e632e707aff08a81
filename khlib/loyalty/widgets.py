"""Classroom widgets of chapter 08 (课堂互动): the churn definition's span moved live (the churn
rate, the share that came back and the cohort table respond), and a customer profile whose Cox
survival curve is redrawn as its covariates move."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .._errors import fail
from ..display import show as show_table
from .cohorts import cohort_survival
from .survival import CoxResult


def churn_span_widget(orders: pd.DataFrame, *, end=None, months=(3, 6, 12)):
    """Churn-definition slider (流失定义滑块): "no order for N days" with N moved live; the share
    of customers churned, the share of those who came back, and the quarterly cohorts' share not
    churned after ``months`` respond. ``orders`` are order lines with khlib's columns (select new
    customers first: acquisition cohorts). Returns the widget."""
    import ipywidgets as w
    from IPython.display import display

    from ..summary import churn_times

    span = w.IntSlider(value=180, min=30, max=360, step=30, description="无订单天数", continuous_update=False)
    out = w.Output()

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            t = churn_times(orders, span_days=span.value, end=end)
            churned = t["churned"] == 1
            back = float(t.loc[churned, "came_back"].mean()) if churned.any() else 0.0
            print(f"{span.value} 天无订单算流失：{churned.mean():.1%} 的客户流失，其中 {back:.0%} 后来又下了单")
            table = cohort_survival(t, months=months)
            display(show_table(table.rename(columns={m: f"{m} 个月" for m in months}), decimals=0,
                               formats={f"{m} 个月": "{:.0%}" for m in months}))

    span.observe(redraw, names="value")
    redraw()
    return w.VBox([span, out])


def profile_widget(result: CoxResult, ranges: Mapping[str, tuple[float, float, float]], *,
                   labels: Mapping[str, str] | None = None):
    """Customer-profile sliders (客户画像滑块): one slider per covariate of a fitted Cox model
    (``ranges``: covariate → (min, max, step); 0/1 covariates become check boxes); the profile's
    survival curve is redrawn against the profile at the sliders' start. Returns the widget."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    cov = list(result.table.index)
    missing = [c for c in cov if c not in ranges]
    if missing:
        raise fail(f"ranges 缺少协变量 {missing} 的取值范围。", f"ranges has no (min, max, step) for covariate(s) {missing}.")
    names = dict(labels or {})
    controls = {}
    for c in cov:
        lo, hi, step = ranges[c]
        if (lo, hi) == (0, 1) and step == 1:
            controls[c] = w.Checkbox(value=False, description=names.get(c, c))
        else:
            controls[c] = w.FloatSlider(value=lo, min=lo, max=hi, step=step, description=names.get(c, c),
                                        continuous_update=False)
    start = {c: float(ctrl.value) for c, ctrl in controls.items()}
    out = w.Output()

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            now = {c: float(ctrl.value) for c, ctrl in controls.items()}
            s0, s1 = result.survival(start), result.survival(now)
            fig, ax = plt.subplots(figsize=(9, 3.6))
            ax.step(s0.index, s0.to_numpy(), where="post", color="#7f7f7f", lw=2, label="起始画像")
            ax.step(s1.index, s1.to_numpy(), where="post", color="#c00000", lw=2.5, label="当前画像")
            ax.set_ylim(0, 1.02)
            ax.set_xlabel("天数")
            ax.set_ylabel("仍未流失的概率")
            ax.grid(alpha=0.3)
            ax.legend(loc="lower left")
            ax.set_title(f"当前画像：{int(s1.index[-1])} 天后仍未流失 {s1.iloc[-1]:.0%}（起始画像 {s0.iloc[-1]:.0%}）")
            display(fig)
            plt.close(fig)

    for ctrl in controls.values():
        ctrl.observe(redraw, names="value")
    redraw()
    boxes = list(controls.values())
    return w.VBox([w.HBox(boxes[i:i + 3]) for i in range(0, len(boxes), 3)] + [out])
