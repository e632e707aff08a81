"""Classroom widgets of chapter 07 (课堂互动): the iceberg calculator (the material's 4% against
Goodman's front-line shares), and the service-level target moved live on the resolution curve."""

from __future__ import annotations

import pandas as pd

from .iceberg import GOODMAN_B2B, MATERIAL, iceberg
from .resolution import resolution_curve, service_level


def iceberg_widget(recorded: int):
    """Iceberg calculator (冰山计算器): sliders for the share of dissatisfied customers who
    complain, the share of complaints that reach the records and the people each tells; the
    estimate is shown next to the material's reading and Goodman's (2005) B2B reading."""
    import ipywidgets as w

    share = w.FloatSlider(value=0.04, min=0.01, max=1.0, step=0.01, description="投诉比例", readout_format=".0%",
                          continuous_update=False)
    record = w.FloatSlider(value=1.0, min=0.05, max=1.0, step=0.05, description="进入记录", readout_format=".0%",
                           continuous_update=False)
    told = w.IntRangeSlider(value=(16, 20), min=0, max=30, description="每人告诉", continuous_update=False)
    out = w.Output()

    def line(r: pd.Series) -> str:
        return (f"不满意客户约 {r['dissatisfied']:,.0f} 家（沉默的 {r['silent']:,.0f} 家），"
                f"听到抱怨的人 {r['told_low']:,.0f}–{r['told_high']:,.0f}")

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            r = iceberg(recorded, complain_share=share.value, record_share=record.value, told=told.value)
            print(f"记录在案的投诉 {recorded:,} 件 → 客户实际提出 {r['complaints_made']:,.0f} 件 → {line(r)}")
            print(f"  教材读法（4% 投诉、全部记录）：{line(iceberg(recorded, **MATERIAL))}")
            print(f"  Goodman (2005) B2B 读法（75% 向一线投诉、假设一半进入记录）：{line(iceberg(recorded, **GOODMAN_B2B))}")

    for s in (share, record, told):
        s.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([share, record]), told, out])


def service_level_widget(complaints: pd.DataFrame, *, asof=None):
    """Service-level slider (服务水平滑块): move the target (days); the Kaplan–Meier share resolved
    within it, its interval and the two naive shares respond, with the curve and the target
    line redrawn."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .plots import plot_resolution

    curve = resolution_curve(complaints, asof=asof)
    target = w.FloatSlider(value=5.0, min=0.5, max=20.0, step=0.5, description="目标（天）", continuous_update=False)
    out = w.Output()

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            sl = service_level(complaints, target_days=target.value, asof=asof)
            print(f"{target.value:g} 天内解决：{sl['share']:.1%}（95% 区间 {sl['ci_low']:.1%}–{sl['ci_high']:.1%}；"
                  f"只看已解决 {sl['share_resolved_only']:.1%}，未结算作超时 {sl['share_open_as_missed']:.1%}）")
            fig, ax = plt.subplots(figsize=(9, 4))
            plot_resolution(curve, target_days=target.value, ax=ax)
            display(fig)
            plt.close(fig)

    target.observe(redraw, names="value")
    redraw()
    return w.VBox([target, out])
