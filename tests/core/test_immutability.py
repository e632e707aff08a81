"""No public khlib function modifies the frames it is given."""

import pandas as pd
import pytest

import khlib as kh
from tests import samples as T

CN = pd.DataFrame({
    "单据编号": ["X1", "X1", "X2", "X3"], "行号": [1, 2, 1, 1],
    "客户代码": ["a", "a", "b", "c"], "日期": ["2025/3/5", "2025/3/5", "2025/4/1", "2025/4/9"],
    "价税合计": ["1,234.50", "66", "300", "12"], "存货编码": ["p1", "p2", "p1", "p2"], "数量": [1, 2, 3, 4],
})
MAP = dict(customer="客户代码", date="日期", amount="价税合计")


def summary():
    return kh.customer_summary(kh.prepare_orders(CN, **MAP))


def cdnow_summary():
    return kh.btyd_summary(kh.datasets.load_cdnow(), customer="customer_id", date="date", amount="amount",
                           calibration_end="1997-09-30")


def graded():
    return kh.abc_grade(summary())


CALLS = {
    "prepare_orders": (lambda: CN, lambda d: kh.prepare_orders(d, **MAP, order="单据编号", line="行号")),
    "customer_summary": (lambda: CN, lambda d: kh.customer_summary(d, **MAP)),
    "product_summary": (lambda: CN, lambda d: kh.product_summary(d, **MAP, product="存货编码", quantity="数量")),
    "sales_by_period": (lambda: CN, lambda d: kh.sales_by_period(d, **MAP, freq="M")),
    "btyd_summary": (lambda: CN, lambda d: kh.btyd_summary(d, **MAP, calibration_end="2025-04-05",
                                                            observation_end="2025-04-09")),
    "BetaGeoModel.fit": (lambda: cdnow_summary(), lambda d: kh.value.BetaGeoModel().fit(d)),
    "GammaGammaModel.fit": (lambda: cdnow_summary(), lambda d: kh.value.GammaGammaModel().fit(d)),
    "customer_lifetime_value": (lambda: cdnow_summary(), lambda d: kh.value.customer_lifetime_value(
        kh.value.BetaGeoModel().fit(d), kh.value.GammaGammaModel().fit(d), d)),
    "product_scorecard": (lambda: T.ORDERS, lambda d: kh.transactions.product_scorecard(d, T.PRODUCTS)),
    "product_scorecard(products)": (lambda: T.PRODUCTS, lambda d: kh.transactions.product_scorecard(T.ORDERS, d)),
    "ageing_table(invoices)": (lambda: T.INVOICES, lambda d: kh.transactions.ageing_table(d, T.PAYMENTS, asof="2025-12-31")),
    "ageing_table(payments)": (lambda: T.PAYMENTS, lambda d: kh.transactions.ageing_table(T.INVOICES, d, asof="2025-12-31")),
    "days_sales_outstanding": (lambda: T.PAYMENTS, lambda d: kh.transactions.days_sales_outstanding(T.INVOICES, d,
                                                                                               asof="2025-12-31")),
    "composition": (lambda: T.CUSTOMERS, lambda d: kh.transactions.composition(T.REGION_LINES, d, "region")),
    "credit_check": (lambda: T.CUSTOMERS, lambda d: kh.transactions.credit_check(T.INVOICES, T.PAYMENTS, d, asof="2025-12-31")),
    "abc_grade": (summary, lambda d: kh.abc_grade(d)),
    "abc_grade_series": (lambda: summary()["sales"], lambda d: kh.abc_grade(d, None)),
    "pyramid_grade": (summary, lambda d: kh.pyramid_grade(d)),
    "grade_summary": (graded, lambda d: kh.grade_summary(d)),
    "rfm_scores": (summary, lambda d: kh.rfm_scores(d)),
    "rfm_segment": (lambda: kh.rfm_scores(summary()), lambda d: kh.rfm_segment(d)),
    "grade_migration": (graded, lambda d: kh.grade_migration(d, d.iloc[:2])),
    "visit_workload": (graded, lambda d: kh.visit_workload(d)),
    "style_grades": (graded, lambda d: kh.style_grades(d).to_html()),
    "plot_pareto": (graded, lambda d: kh.plot_pareto(d)),
    "plot_grade_summary": (lambda: kh.grade_summary(graded()), lambda d: kh.plot_grade_summary(d)),
    "plot_pyramid": (lambda: kh.grade_summary(graded()), lambda d: kh.plot_pyramid(d)),
    "plot_migration": (lambda: kh.grade_migration(graded(), graded()), lambda d: kh.plot_migration(d)),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_input_unchanged(name, tmp_path):
    import matplotlib.pyplot as plt

    make, call = CALLS[name]
    data = make()
    before = data.copy(deep=True)
    call(data)
    plt.close("all")
    if isinstance(data, pd.Series):
        pd.testing.assert_series_equal(data, before)
    else:
        pd.testing.assert_frame_equal(data, before)


def test_excel_export_leaves_input(tmp_path):
    g = graded()
    before = g.copy(deep=True)
    kh.to_excel_graded(g, tmp_path / "x.xlsx")
    pd.testing.assert_frame_equal(g, before)


def test_record_card_leaves_inputs():
    c, o = kh.datasets.load_customers(), kh.datasets.load_orders()
    c0, o0 = c.copy(deep=True), o.copy(deep=True)
    kh.intro.record_card("C00003", c, o)
    pd.testing.assert_frame_equal(c, c0)
    pd.testing.assert_frame_equal(o, o0)


def test_public_api_is_covered():
    """Every public function taking a frame is in CALLS (or tested above)."""
    frame_functions = {"prepare_orders", "customer_summary", "btyd_summary", "product_summary", "sales_by_period",
                       "abc_grade", "pyramid_grade", "grade_summary", "rfm_scores", "rfm_segment",
                       "grade_migration", "visit_workload", "style_grades", "to_excel_graded",
                       "plot_pareto", "plot_grade_summary", "plot_pyramid", "plot_migration",
                       "record_card"}
    assert frame_functions <= set(CALLS) | {"to_excel_graded", "record_card"}
    assert frame_functions - {"record_card"} <= set(kh.__all__)


def test_loaders_return_fresh_copies():
    a = kh.datasets.load_customers()
    a.loc[0, "name"] = "改过的名字"
    assert kh.datasets.load_customers().loc[0, "name"] != "改过的名字"
