"""Classroom widgets of chapter 05 (课堂互动): the salesperson's plan picker and the sales-plan
share sliders. Need ipywidgets (the ``course`` extra)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._deprecation import renamed_kwargs
from ..display import show as show_table
from ..display import styled
from ..fieldsales import calendar_grid
from .composition import share_vs_plan
from .plan import SalespersonPlan, salesperson_plan

@renamed_kwargs(months="month_choices")
def plan_widget(tables: dict, *, month_choices=("2026-01", "2026-02", "2026-03"), who: str | None = None,
                initial: SalespersonPlan | None = None):
    """Pick a salesperson and a month (选择业务员和月份): their roster by grade, the route of a
    chosen day on a map and that day's week of the visit calendar follow. ``tables`` holds the keyword
    arguments of :func:`salesperson_plan` (orders, customers, salespeople, assignments and
    optionally sales_plan, invoices, payments, visit_plan). Plans are computed once per choice and cached; pass an
    already computed plan as ``initial`` to start from it without recomputing."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    people = tables["salespeople"]
    options = [(f"{r['name']}（{r['salesperson_id']}，{r.get('base_city', '')}）", r["salesperson_id"])
               for _, r in people.iterrows()]
    style = {"description_width": "initial"}
    if initial is not None:
        who = initial.salesperson["salesperson_id"]
        month_choices = list(dict.fromkeys([initial.month, *month_choices]))
    pick = w.Dropdown(options=options, value=who or options[0][1], description="业务员", style=style,
                          layout=w.Layout(width="360px"))
    month = w.Dropdown(options=list(month_choices), description="月份", style=style, layout=w.Layout(width="200px"))
    day = w.IntSlider(value=1, min=1, max=23, description="第几个拜访日", continuous_update=False, style=style,
                      layout=w.Layout(width="420px"))
    out = w.Output()
    cache: dict = {} if initial is None else {(initial.salesperson["salesperson_id"], initial.month): initial}

    def plan():
        key = (pick.value, month.value)
        if key not in cache:
            cache[key] = salesperson_plan(pick.value, month.value, **tables)
        return cache[key]

    def show(change=None):
        p = plan()
        dates = sorted(p.routes)
        day.max = max(len(dates), 1)
        with out:
            out.clear_output(wait=True)
            counts = p.roster["grade"].value_counts().sort_index()
            counts = counts[counts > 0]
            print(f"{p.salesperson['name']}：{len(p.roster)} 家客户（" +
                  "，".join(f"{g} {n}" for g, n in counts.items()) +
                  f"），{p.month} 共 {len(dates)} 个拜访日、{int((p.calendar['activity'] == '拜访').sum())} 次拜访")
            chosen = dates[min(day.value, len(dates)) - 1]
            fig, ax = plt.subplots(figsize=(9, 4.2))  # map and one week of the calendar fit a 1280x800 slide
            p.plot_day(chosen, ax=ax)
            plt.show()
            grid = calendar_grid(p.calendar, label="short_name")
            week = [i for i, row in grid.iterrows() if any(str(v).startswith(f"{chosen.day}日") for v in row)]
            display(styled(grid.loc[week], "plan")
                    .set_caption(f"所选拜访日所在一周的拜访日历（简称；全月见 to_excel 的“拜访日历”）"))

    for c in (pick, month, day):
        c.observe(show, names="value")
    show()
    return w.VBox([w.HBox([pick, month]), day, out])


@renamed_kwargs(plan="sales_plan")
def share_widget(orders: pd.DataFrame, customers: pd.DataFrame, sales_plan: pd.DataFrame, *, start=None, end=None,
                 region: str | None = None):
    """Move the expected shares and see the flags change (目标占比滑块): a region, the
    tolerance (flag when actual ÷ expected is below it) and a factor that raises or lowers every
    expected share of the region; shows how many customers are flagged and the largest
    shortfalls."""
    import ipywidgets as w
    from IPython.display import display

    base = share_vs_plan(orders, customers, sales_plan, start=start, end=end)
    style = {"description_width": "initial"}
    regions = sorted(base["region"].unique())
    reg = w.Dropdown(options=regions, value=region or regions[0], description="地区", style=style)
    tol = w.FloatSlider(value=0.8, min=0.3, max=1.0, step=0.05, description="容忍度（实际/计划 低于此值即预警）",
                        readout_format=".0%", continuous_update=False, style=style, layout=w.Layout(width="520px"))
    factor = w.FloatSlider(value=1.0, min=0.5, max=1.5, step=0.05, description="计划占比整体调整 ×",
                           readout_format=".2f", continuous_update=False, style=style, layout=w.Layout(width="520px"))
    out = w.Output()

    def show(change=None):
        df = base[base["region"] == reg.value].copy()
        df["expected_share_of_region"] = df["expected_share_of_region"] * factor.value
        df["ratio"] = df["actual_share"] / df["expected_share_of_region"].where(df["expected_share_of_region"] > 0)
        df["flag"] = np.select([df["sales"] <= 0, df["ratio"] < tol.value], ["未下单", "低于计划"], "正常")
        with out:
            out.clear_output(wait=True)
            counts = df["flag"].value_counts().reindex(["正常", "低于计划", "未下单"], fill_value=0)
            print(f"{reg.value}：{len(df)} 家有计划的客户 — " + "，".join(f"{k} {v}" for k, v in counts.items()))
            worst = df[df["flag"] == "低于计划"].assign(gap=lambda d: d["expected_share_of_region"] - d["actual_share"])
            show_cols = ["sales", "actual_share", "expected_share_of_region", "ratio"]
            top = worst.sort_values("gap", ascending=False)[show_cols].head(8)
            display(show_table(top, caption="差距最大的预警客户", rows=8,
                               formats={"actual_share": "{:.2%}", "expected_share_of_region": "{:.2%}",
                                        "ratio": "{:.0%}"}))

    for c in (reg, tol, factor):
        c.observe(show, names="value")
    show()
    return w.VBox([reg, tol, factor, out])
