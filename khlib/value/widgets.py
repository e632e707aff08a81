"""Classroom widgets (课堂互动)：见第01章 客户价值。

Sliders for the slide's CLV and a retention programme, and a customer picker for P(alive).
"""

from __future__ import annotations

import pandas as pd

from ..display import styled
from .clv import break_even_programme_cost, discounted_clv, simple_clv
from .diagnostics import alive_history
from .models import BetaGeoModel
from .plots import plot_alive_history

__all__ = ["alive_widget", "clv_widget"]


def clv_widget(annual_profit: float = 100, churn: float = 0.10, acquisition_cost: float = 75,
               new_churn: float = 0.05, programme_cost: float = 20, discount: float = 0.0):
    """Sliders for churn, margin, discount rate and programme cost (客户价值滑块): the CLV with
    and without the retention programme, simple and discounted (``timing="end"``)."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    style = {"description_width": "initial"}
    lay = w.Layout(width="360px")
    s_churn = w.FloatSlider(value=churn, min=0.02, max=0.5, step=0.01, description="流失率",
                            readout_format=".0%", continuous_update=False, style=style, layout=lay)
    s_new = w.FloatSlider(value=new_churn, min=0.01, max=0.5, step=0.01, description="计划后流失率",
                          readout_format=".0%", continuous_update=False, style=style, layout=lay)
    s_profit = w.FloatSlider(value=annual_profit, min=10, max=300, step=5, description="年利润（美元）",
                             readout_format=".0f", continuous_update=False, style=style, layout=lay)
    s_cost = w.FloatSlider(value=programme_cost, min=0, max=100, step=1, description="计划成本/年",
                           readout_format=".0f", continuous_update=False, style=style, layout=lay)
    s_disc = w.FloatSlider(value=discount, min=0, max=0.2, step=0.01, description="贴现率",
                           readout_format=".0%", continuous_update=False, style=style, layout=lay)
    out = w.Output()

    def show(change=None):
        with out:
            out.clear_output(wait=True)
            base = [simple_clv(s_profit.value, s_churn.value, acquisition_cost),
                    discounted_clv(s_profit.value, 1 - s_churn.value, s_disc.value, acquisition_cost=acquisition_cost)]
            prog = [simple_clv(s_profit.value, s_new.value, acquisition_cost, s_cost.value),
                    discounted_clv(s_profit.value - s_cost.value, 1 - s_new.value, s_disc.value,
                                   acquisition_cost=acquisition_cost)]
            table = pd.DataFrame({"无保留计划": base, "有保留计划": prog}, index=["幻灯片算法", "贴现 CLV"])
            table["差额"] = table["有保留计划"] - table["无保留计划"]
            display(styled(table, "clv").format("{:,.0f}"))
            fig, ax = plt.subplots(figsize=(8, 3.8))
            table[["无保留计划", "有保留计划"]].T.plot.bar(ax=ax, rot=0, color=["#9E9E9E", "#1565C0"])
            ax.axhline(0, color="black", lw=1)
            ax.set_ylabel("CLV（美元）")
            be = break_even_programme_cost(s_profit.value, s_churn.value, s_new.value, s_disc.value)
            ax.set_title(f"盈亏平衡的计划成本：每年 {be:,.0f} 美元")
            plt.show()

    for s in (s_churn, s_new, s_profit, s_cost, s_disc):
        s.observe(show, names="value")
    show()
    return w.VBox([w.HBox([s_churn, s_new]), w.HBox([s_profit, s_cost]), s_disc, out])


def alive_widget(bg: BetaGeoModel, orders: pd.DataFrame, customer_ids, *, end, **cols):
    """A customer picker that shows the customer's purchase history and P(alive) over time."""
    import ipywidgets as w
    import matplotlib.pyplot as plt

    pick = w.Dropdown(options=list(customer_ids), description="客户", layout=w.Layout(width="300px"))
    out = w.Output()

    def show(change=None):
        with out:
            out.clear_output(wait=True)
            h = alive_history(bg, orders, pick.value, end=end, **cols)
            plot_alive_history(h, title=f"客户 {pick.value}：购买 {int(h['purchase'].sum())} 天，"
                                        f"期末 P(仍活跃) = {h['p_alive'].iloc[-1]:.2f}")
            plt.show()

    pick.observe(show, names="value")
    show()
    return w.VBox([pick, out])
