"""The package's shape: one obvious place per chapter, modules of at most 500 lines, no module
reaching into another's private names, the heavy step alone in khlib.summary, bilingual
warnings, and old names that keep working with a warning."""

import ast
import importlib
import re
import warnings
from pathlib import Path

import pytest

import khlib as kh
from khlib._deprecation import RENAMED, KhlibDeprecationWarning

PKG = Path(kh.__file__).resolve().parent
MODULES = sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def test_no_module_over_500_lines():
    sizes = {str(p.relative_to(PKG)): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    big = {k: v for k, v in sizes.items() if v > 500}
    assert not big, f"split these modules: {big}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_no_private_names_imported_across_modules(path):
    """``from .x import _name`` (or ``x._name``) across modules hides coupling; share public names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            bad += [a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.attr.startswith("_") and not node.attr.startswith("__") and node.value.id in {
                    "summary", "grading", "transactions", "fieldsales", "value", "io", "periods", "intro",
                    "datasets", "check", "vocab", "display", "kh", "khlib"}:
                bad.append(f"{node.value.id}.{node.attr}")
    assert not bad, f"{path.name} uses private names of other modules: {bad}"


def test_only_the_summary_package_aggregates_lines():
    """Group-bys over order, invoice, payment or stock lines live in khlib.summary. Elsewhere a
    groupby may only work on per-customer / per-product tables (documented exceptions below)."""
    allowed = {  # module: why its group-bys are light steps
        "grading/core.py": "grades per customer summary",
        "grading/visits.py": "counts graded customers per grade",
        "grading/plots.py": "plots summaries",
        "transactions/composition.py": "ranks per-customer sales within groups",
        "transactions/plan.py": "roster (one row per customer)",
        "transactions/widgets.py": "one row per customer",
        "fieldsales/calendar.py": "roster and calendar rows, one per customer or visit",
        "value/grades.py": "one CLV per customer",
        "intro.py": "the record card reads one customer's summary",
        "selection/costing.py": "sums per-customer profit by group",
        "selection/prospects.py": "segment profiles from one row per customer",
        "selection/growth.py": "calibration bins of one row per customer",
        "development/goals.py": "monthly sales (12 a year) and month rows of the goals",
        "development/risk.py": "win rate per risk band of one row per lead",
        "development/methods.py": "counts which method wins each simulated draw",
        "development/forecast.py": "counts one row per lead (the timeline) by stage at each snapshot",
        "satisfaction/contact.py": "sums one row per graded customer by salesperson or region",
        "report/analysis.py": "sums one row per graded customer by RFM segment",
        "report/outputs.py": "sums the roster's CLV (one row per customer) by grade",
        "complaints/recovery.py": "counts one row per complaint or reference date by handling group",
        "datasets/generate": "the generator writes the lines",
    }
    offenders = []
    for p in MODULES:
        rel = str(p.relative_to(PKG))
        if rel.startswith("summary/") or any(rel.startswith(a) for a in allowed):
            continue
        if re.search(r"\.groupby\(|\.pivot_table\(|np\.bincount\(", p.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert not offenders, f"aggregation outside khlib.summary: {offenders}"


def test_warnings_are_bilingual_and_go_through_one_helper():
    """Every warning a student sees comes from khlib._errors.warn (Chinese, then English)."""
    direct = [str(p.relative_to(PKG)) for p in MODULES
              if p.name not in {"_errors.py", "_deprecation.py"}
              and re.search(r"warnings\.warn\(", p.read_text(encoding="utf-8"))]
    assert not direct, f"use khlib._errors.warn(zh, en) in {direct}"


def test_chapters_are_one_hop_away():
    for topic in ("intro", "value", "grading", "transactions", "fieldsales", "check", "summary", "datasets"):
        mod = getattr(kh, topic)
        assert mod.__doc__ and len(mod.__doc__) > 80, topic


@pytest.mark.parametrize("old", sorted(RENAMED))
def test_every_deprecated_alias_warns_and_works(old):
    new = RENAMED[old]
    if old.endswith("=)"):  # a renamed keyword: the decorator is tested in test_deprecation below
        return
    mod_name, _, attr = old.rpartition(".")
    mod = importlib.import_module(mod_name)
    with pytest.warns(KhlibDeprecationWarning, match=re.escape(attr)):
        obj = getattr(mod, attr)
    new_mod, _, new_attr = new.rpartition(".")
    assert obj is getattr(importlib.import_module(new_mod), new_attr)


def test_renamed_keywords_warn_and_are_passed_on(orders, products):
    with pytest.warns(KhlibDeprecationWarning, match="customer_id="):
        old = kh.transactions.product_mix(orders, products, customer="C00166")
    new = kh.transactions.product_mix(orders, products, customer_id="C00166")
    assert old.equals(new)
    with pytest.raises(TypeError, match="customer_id="):
        kh.transactions.product_mix(orders, products, customer="C00166", customer_id="C00166")


def test_renamed_keywords_are_listed():
    keys = set(RENAMED)
    for expected in ("visit_route(start=)", "salesperson_plan(plan=)", "visit_calendar(order=)",
                     "share_vs_plan(level=)", "customer_lifetime_value(margin=)"):
        assert any(k.endswith(expected) for k in keys), expected


def test_no_deprecated_name_used_inside_khlib_or_notebooks():
    with warnings.catch_warnings():
        warnings.simplefilter("error", KhlibDeprecationWarning)
        for p in MODULES:
            name = _module_name(p)
            if name.endswith("__main__"):
                continue
            importlib.import_module(name)
    nb_text = "".join(p.read_text(encoding="utf-8") for p in (PKG.parent / "notebooks").glob("*.ipynb"))
    for old in RENAMED:
        if old.endswith("=)"):
            continue
        short = old.replace("khlib.", "kh.")
        assert short not in nb_text, f"notebooks still use {short}"


def test_periods_are_cut_in_one_place():
    """Date columns are compared with a period's bounds only in khlib.periods (end = whole day);
    a hand-written ``df["order_date"] <= end`` elsewhere would drop the last day's afternoon."""
    pattern = re.compile(r"""\[["'](\w*date|day|month)["']\]\s*(<=|>=|<|>)(?!\s*0)""")
    offenders = []
    for p in MODULES:
        rel = str(p.relative_to(PKG))
        if rel == "periods.py" or rel.startswith("datasets/generate"):
            continue
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{rel}:{i}: {line.strip()}")
    assert not offenders, "use khlib.periods.in_period:\n" + "\n".join(offenders)
