"""One vocabulary: every parameter of every public khlib function has one documented meaning,
and the names the issue singled out mean one thing."""

import importlib
import inspect
import pkgutil

import pandas as pd

import khlib as kh
from tests.api import public_api
from khlib.vocab import LABELS, PARAMETERS, label, labelled


def _public_callables():
    for qual, (f, _owner, _kind) in public_api().items():
        yield qual, f


def test_every_public_parameter_is_in_the_glossary():
    missing = {}
    for qual, f in _public_callables():
        for p in inspect.signature(f).parameters:
            if p in ("self", "cls") or p.startswith("_"):
                continue
            if p not in PARAMETERS:
                missing.setdefault(p, []).append(qual)
    assert not missing, f"add these names to khlib.vocab.PARAMETERS (or reuse an existing one): {missing}"


def test_glossary_entries_are_bilingual_and_used():
    used = {p for _, f in _public_callables() for p in inspect.signature(f).parameters}
    unused = sorted(set(PARAMETERS) - used)
    assert not unused, f"glossary entries no function uses: {unused}"
    for name, (en, zh) in PARAMETERS.items():
        assert en and zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh), name


def test_the_names_the_issue_singled_out():
    sig = inspect.signature
    # a route origin is not a period start
    assert "origin" in sig(kh.fieldsales.visit_route).parameters
    assert "start" not in sig(kh.fieldsales.visit_route).parameters
    assert "start" not in sig(kh.fieldsales.routes_by_day).parameters
    # an id value vs an id column
    assert "customer_id" in sig(kh.transactions.product_mix).parameters
    assert sig(kh.customer_summary).parameters["customer"].default == "customer_id"  # a column name
    # money vs rate
    assert "margin_rate" in sig(kh.value.customer_lifetime_value).parameters
    # the visit plan vs the sales plan
    assert "visit_plan" in sig(kh.fieldsales.visit_calendar).parameters
    assert {"sales_plan", "visit_plan"} <= set(sig(kh.transactions.salesperson_plan).parameters)
    assert "sales_plan" in sig(kh.transactions.share_vs_plan).parameters
    # every function with a period says start/end
    for qual, f in _public_callables():
        params = sig(f).parameters
        assert not ({"begin", "from_date", "to_date", "date_from", "date_to"} & set(params)), qual
        if "start" in params:
            assert "end" in params, qual


def test_labels():
    assert label("sales") == "销售额" and label("unknown_col") == "unknown_col"
    df = pd.DataFrame({"sales": [1.0], "grade": ["A"]}, index=pd.Index(["c1"], name="customer_id"))
    shown = labelled(df)
    assert list(shown.columns) == ["销售额", "等级"] and shown.index.name == "客户编号"
    assert list(df.columns) == ["sales", "grade"]  # input unchanged
    assert len(set(LABELS.values())) == len(LABELS), "two columns share a label"


def test_summary_columns_all_have_labels(graded_2025):
    assert not [c for c in graded_2025.columns if c not in LABELS]
