"""Every heavy-step function returns exactly the columns, dtypes and index its schema in
khlib.summary.SCHEMAS promises: the contract a port to another engine must keep."""

import pandas as pd
import pytest

import khlib as kh
from khlib.summary import SCHEMAS

Y = dict(start="2025-01-01", end="2025-12-31")


@pytest.fixture(scope="module")
def outputs(orders, products, invoices, payments):
    o, inv, pay = orders, invoices, payments
    return {
        "customer_summary": kh.summary.customer_summary(o, **Y),
        "product_summary": kh.summary.product_summary(o, quantity="quantity", **Y),
        "mix_sales": kh.summary.mix_sales(o, products, "C00166", **Y),
        "btyd_summary": kh.summary.btyd_summary(o, calibration_end="2025-06-30", observation_end="2025-12-31"),
        "purchase_days": kh.summary.purchase_days(o, end="2025-12-31"),
        "receivables_by": kh.summary.receivables_by(inv, pay, asof="2025-12-31"),
        "overdue_by": kh.summary.overdue_by(inv, pay, asof="2025-12-31"),
        "receivables_position": kh.summary.receivables_position(inv, pay, asof="2025-12-31").to_frame().T,
        "customer_gross_profit": kh.summary.customer_gross_profit(o, products, **Y),
        "early_summary": kh.summary.early_summary(o, products=products),
        "churn_times": kh.summary.churn_times(o, span_days=180),
        "lead_events": (ev := kh.summary.lead_events(kh.datasets.load_leads())),
        "pipeline_snapshot": kh.summary.pipeline_snapshot(ev, "2025-06-30"),
        "stage_funnel": kh.summary.stage_funnel(ev),
        "event_counts": kh.summary.event_counts(kh.datasets.load_complaints(), date="received"),
        "orders_around": kh.summary.orders_around(kh.datasets.load_complaints().head(300), o),
    }


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_output_matches_schema(outputs, name):
    schema, out = SCHEMAS[name], outputs[name]
    assert list(out.columns) == list(schema["columns"]), name
    for col, kind in schema["columns"].items():
        assert out[col].dtype.kind == kind or (kind == "O" and out[col].dtype.kind in "OTU") \
            or (kind == "O" and isinstance(out[col].dtype, pd.StringDtype)), (name, col, out[col].dtype)
    if schema["index"] is not None:
        assert out.index.name == schema["index"], name
        assert out.index.is_unique


def test_every_public_summary_function_has_a_schema_or_is_a_helper():
    helpers = {"canonical_orders", "average_stock", "open_items", "sales_by_period",  # schemas in their docstrings
               "activity_volume", "activity_costs", "check_rates",
               "stage_transitions", "stage_durations", "method_summary", "lead_timeline", "prepare_events", "cohort_retention"}  # one column per pipeline state: docstrings  # one column per activity: docstrings
    public = {n for n in kh.summary.__all__ if n[0].islower()}
    assert public - helpers <= set(SCHEMAS)


def test_receivables_by_adds_up_to_open_items(invoices, payments):
    inv, pay = invoices, payments
    items = kh.summary.open_items(inv, pay, asof="2025-12-31")
    by = kh.summary.receivables_by(inv, pay, asof="2025-12-31")
    assert by["balance"].sum() == pytest.approx(items.loc[items["balance"] > 0.005, "balance"].sum())
    pos = kh.summary.receivables_position(inv, pay, asof="2025-12-31")
    assert pos["balance"] == pytest.approx(items["balance"].sum())
    assert pos["overdue"] / pos["balance"] == pytest.approx(0.288, abs=5e-4)  # chapter 05's 28.8%


def test_purchase_days_one_row_per_customer_day():
    o = kh.datasets.load_cdnow()
    d = kh.summary.purchase_days(o, date="date")
    assert not d.duplicated(["customer_id", "day"]).any()
    assert d["amount"].sum() == pytest.approx(o["amount"].sum())
    first = d.groupby("customer_id")["day"].min()
    assert (d["first_day"] == d["customer_id"].map(first)).all()
