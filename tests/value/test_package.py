"""Chapter 01 客户价值: the khlib.value package keeps the names of the former module, its
modules stay small and none reaches into another's private names."""

import ast
from pathlib import Path

import pytest

import khlib as kh

PACKAGE = Path(kh.value.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))

#: Every public name of khlib/value.py before it became a package.
FORMER_NAMES = [
    "BetaGeoModel", "CLV_TIMINGS", "FitResult", "GammaGammaModel", "alive_history", "alive_widget",
    "break_even_programme_cost", "clv_by_grade", "clv_by_retention", "clv_table", "clv_widget",
    "customer_lifetime_value", "discounted_clv", "expected_lifetime", "frequency_fit", "hidden_value",
    "plot_alive_history", "plot_frequency_fit", "plot_tracking", "retention_programme", "retention_uplift",
    "simple_clv", "survival_table", "tracking_curve",
]


@pytest.mark.parametrize("name", FORMER_NAMES)
def test_former_names_still_work(name):
    assert name in kh.value.__all__ and getattr(kh.value, name) is not None


def test_all_lists_exactly_the_public_names():
    public = {n for n in vars(kh.value) if not n.startswith("_")} - {
        "annotations", "clv", "diagnostics", "fitting", "grades", "models", "plots", "widgets"}
    assert set(kh.value.__all__) == public


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_are_small_and_say_their_chapter(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 350
    assert "第01章 客户价值" in ast.get_docstring(ast.parse(text))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_private_names_from_other_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private, f"{path.name} imports {private} from {node.module}"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id != "self":
            assert not (node.attr.startswith("_") and not node.attr.startswith("__")), \
                f"{path.name} uses {node.value.id}.{node.attr}"
