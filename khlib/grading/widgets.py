"""Classroom widget of chapter 04 (课堂互动): ABC cut-point sliders."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..display import show as show_table
from .core import abc_grade, grade_summary
from .plots import plot_grade_summary


def abc_widget(summary: pd.DataFrame, value: str = "sales", *, cuts: Sequence[float] = (0.80, 0.95)):
    """Interactive ABC analysis (ABC 分界点滑块): two sliders move the A and B cut points; the
    table of grade counts and shares and the bar chart follow. Works on any one-row-per-customer
    summary; returns the widget (display it, or let Jupyter show it)."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    abc_grade(summary, value)  # validate once, up front: a clear error before any widget
    a = w.FloatSlider(value=cuts[0], min=0.50, max=0.95, step=0.01, description="A 类累计到",
                      readout_format=".0%", continuous_update=False, style={"description_width": "initial"},
                      layout=w.Layout(width="420px"))
    b = w.FloatSlider(value=cuts[1], min=0.60, max=0.99, step=0.01, description="B 类累计到",
                      readout_format=".0%", continuous_update=False, style={"description_width": "initial"},
                      layout=w.Layout(width="420px"))
    out = w.Output()

    def show(change=None):
        with out:
            out.clear_output(wait=True)
            if b.value <= a.value:
                print(f"B 类的分界点（{b.value:.0%}）须大于 A 类的（{a.value:.0%}）。")
                return
            summ = grade_summary(abc_grade(summary, value, cuts=(a.value, b.value)), value)
            table = summ[["customers", "customer_share", "value_share"]]
            display(show_table(table, caption="各级客户数与金额占比"))  # Chinese headers, percentages
            fig, ax = plt.subplots(figsize=(9, 3.6))
            plot_grade_summary(summ, ax=ax, title=f"分界点 {a.value:.0%} / {b.value:.0%}")
            plt.show()

    a.observe(show, names="value")
    b.observe(show, names="value")
    show()
    return w.VBox([w.HBox([a, b]), out])
