"""Chapters in a real browser: open in JupyterLab, Run All, move a widget, see the output change."""

from __future__ import annotations

import re
import time

TIMEOUT = 120_000  # ms


def wait_until(predicate, timeout_s: float = 60, what: str = "condition"):
    """Poll through locators (widgets replace their output elements, so handles go stale)."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def open_and_run_all(page, lab: str, name: str) -> None:
    stem = name.rsplit(".", 1)[0]  # a fresh workspace per notebook: no tab restored from a previous test
    page.goto(f"{lab}/lab/workspaces/{stem}/tree/{name}?reset")
    page.wait_for_selector(".jp-Notebook", timeout=TIMEOUT)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')",
                           timeout=TIMEOUT)
    # wait for the kernel, then run every cell
    page.wait_for_function("""() => {
        const w = window.jupyterapp.shell.currentWidget;
        return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
               && w.sessionContext.session.kernel.status === 'idle';
    }""", timeout=TIMEOUT)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")


def wait_idle_after_run(page) -> None:
    page.wait_for_function("""() => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        const cells = nb.widgets.filter(c => c.model.type === 'code');
        return k.status === 'idle' && cells.every(c => c.model.executionCount !== null);
    }""", timeout=TIMEOUT)


def run_and_find_widget(page, lab: str, name: str, control: str, has_text: str | None = None):
    """Run all cells of ``name``, then return the first widget control matching ``control``
    (and ``has_text``), its enclosing widget box, the box's first table and that table's text."""
    open_and_run_all(page, lab, name)
    ctl = page.locator(control, has_text=has_text).first if has_text else page.locator(control).first
    ctl.wait_for(timeout=TIMEOUT)
    widget = page.locator(".widget-vbox", has=ctl).last
    table = widget.locator("table").first
    table.wait_for(timeout=TIMEOUT)
    wait_idle_after_run(page)
    ctl.scroll_into_view_if_needed()
    return ctl, widget, table, table.inner_text()


def test_04_abc_slider_changes_grade_shares(page, lab, shots):
    slider, widget, table, before = run_and_find_widget(page, lab, "04_grading.ipynb", ".widget-slider", "A 类累计到")
    assert re.search(r"A\s+463\s+17\.9%\s+80\.0%", before), before
    page.screenshot(path=str(shots / "04_grading_before.png"))

    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(10):  # 0.01 a key press: 80% -> 70%
        handle.press("ArrowLeft")
    wait_until(lambda: "70%" in slider.inner_text(), what="the slider readout to show 70%")
    after = wait_until(lambda: (t := table.inner_text()) != before and re.search(r"70\.\d%", t) and t,
                       what="the grade table to change")
    wait_until(lambda: widget.locator("img").count() > 0, what="the redrawn chart")
    page.wait_for_timeout(500)
    page.screenshot(path=str(shots / "04_grading_after.png"))
    a_before = int(re.search(r"A\s+([\d,]+)", before).group(1).replace(",", ""))
    a_after = int(re.search(r"A\s+([\d,]+)", after).group(1).replace(",", ""))
    assert a_after < a_before, (before, after)  # a lower A cut point: fewer A customers
    assert re.search(r"A\s+[\d,]+\s+[\d.]+%\s+70\.\d%", after), after


def test_00_record_card_picker_changes_card(page, lab, shots):
    select, widget, card, before = run_and_find_widget(page, lab, "00_intro.ipynb", ".widget-dropdown select")
    assert "客户资料卡" not in before and "基础资料" in before
    options = select.locator("option").all_inner_texts()
    assert len(options) == 30
    select.select_option(index=5)
    target_id = options[5].split()[0]
    after = wait_until(lambda: target_id in (t := card.inner_text()) and t, what="the card of " + target_id)
    assert after != before and target_id in after
    select.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "00_intro_record_card.png"))


def test_rise_live_slideshow(page, lab, shots):
    """Live presenting (RISE for JupyterLab): the chapter opens as reveal.js slides built from
    the cells' slide metadata and the arrow keys move through them."""
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{lab}/rise/04_grading.ipynb")
    page.wait_for_selector(".reveal .slides section.present", timeout=TIMEOUT)
    first = wait_until(lambda: page.locator(".reveal .slides section.present").first.inner_text(),
                       what="the first slide")
    assert "第 04 章" in first
    assert page.locator(".reveal .slides > section").count() > 20
    page.keyboard.press("ArrowRight")
    second = wait_until(lambda: (t := page.locator(".reveal .slides section.present").last.inner_text()) != first and t,
                        what="the next slide")
    assert "学习目标" in second or "为什么要分级" in second
    page.screenshot(path=str(shots / "04_grading_rise.png"))
    assert not errors, errors


def test_01_clv_sliders_change_the_comparison(page, lab, shots):
    slider, widget, table, before = run_and_find_widget(page, lab, "01_value.ipynb", ".widget-slider", "流失率")
    assert re.search(r"幻灯片算法\s+925\s+1,525\s+600", before), before
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(10):  # churn 10% -> 20%: the programme is worth more
        handle.press("ArrowRight")
    wait_until(lambda: "20%" in slider.inner_text(), what="the churn readout to show 20%")
    after = wait_until(lambda: (t := table.inner_text()) != before and "425" in t and t,
                       what="the CLV table to change")
    assert re.search(r"幻灯片算法\s+425\s+1,525\s+1,100", after), after  # 5 x 100 - 75 = 425
    wait_until(lambda: widget.locator("img").count() > 0, what="the redrawn chart")
    page.screenshot(path=str(shots / "01_value_clv_sliders.png"))


def test_05b_plan_picker_changes_roster_route_and_calendar(page, lab, shots):
    box, widget, table, before = run_and_find_widget(page, lab, "05b_credit_visits.ipynb", ".widget-dropdown", "业务员")
    assert "陆博鑫" in widget.inner_text() and "第1周" in before
    select = page.locator(".widget-dropdown", has_text="业务员").last.locator("select")
    select.scroll_into_view_if_needed()
    select.select_option(index=2)  # S03 周琪阳, Shanghai (option values are the labels)
    after = wait_until(lambda: "周琪阳" in widget.inner_text() and (t := table.inner_text()) != before and t,
                       what="the plan of S03")
    wait_until(lambda: widget.locator("img").count() > 0, what="the route map")
    page.wait_for_timeout(500)
    page.screenshot(path=str(shots / "05b_credit_visits_after.png"))
    assert "83 家客户" in widget.inner_text() and "第1周" in after


def test_08_churn_span_slider_changes_churn_rate_and_cohorts(page, lab, shots):
    """Chapter 08: a shorter "no order for N days" span flags more new customers as churned (and
    more of them come back), and the cohort table below is recomputed."""
    slider, widget, table, before = run_and_find_widget(page, lab, "08_loyalty.ipynb", ".widget-slider", "无订单天数")
    text = widget.inner_text()
    rate = float(re.search(r"180 天无订单算流失：([\d.]+)% 的客户流失", text).group(1))
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(3):  # 30 days a key press: 180 -> 90
        handle.press("ArrowLeft")
    after = wait_until(lambda: "90 天无订单算流失" in (t := widget.inner_text()) and t,
                       what="the 90-day churn rate")
    wait_until(lambda: table.inner_text() != before or widget.locator("table").first.inner_text() != before,
               what="the cohort table to change")
    rate90 = float(re.search(r"90 天无订单算流失：([\d.]+)% 的客户流失", after).group(1))
    page.screenshot(path=str(shots / "08_loyalty_span.png"))
    assert rate90 > rate, (rate, rate90)
