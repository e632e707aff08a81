"""khlib: customer management analytics (客户管理数据分析) for the course notebooks and for
analysts' own data.

    import khlib as kh
    kh.setup_notebook()
    orders = kh.datasets.load_orders()
    graded = kh.abc_grade(kh.customer_summary(orders))

Modules follow the chapters: ``khlib.intro`` (00 导论), ``khlib.grading`` (04 客户分级);
``khlib.summary`` holds the heavy step (order lines → per-customer / per-product summaries);
``khlib.io`` reads and validates analysts' files; ``khlib.check`` holds the exercise checks.
"""

from . import check, datasets, grading, intro
from ._errors import KhlibInputError
from ._setup import (
    chinese_font_path,
    export_web_font,
    install_lab_font,
    setup_notebook,
    use_chinese_font,
    web_font_css,
)
from .grading import (
    GRADE_COLORS,
    GRADE_NAMES,
    RFM_SEGMENTS,
    VISIT_PLAN,
    abc_grade,
    abc_widget,
    grade_colors,
    grade_migration,
    grade_summary,
    plot_grade_summary,
    plot_migration,
    plot_pareto,
    plot_pyramid,
    pyramid_grade,
    rfm_scores,
    rfm_segment,
    style_grades,
    to_excel_graded,
    visit_plan,
    visit_workload,
)
from .intro import (
    RECORD_CARD,
    dataset_tour,
    plot_customer_map,
    plot_lifecycle,
    record_card,
    record_card_widget,
)
from .io import ORDER_COLUMNS, detect_encoding, prepare_orders, read_table
from . import transactions, value
from .summary import btyd_summary, customer_summary, product_summary, sales_by_period

__version__ = "0.1.0"

__all__ = [
    "GRADE_COLORS", "GRADE_NAMES", "KhlibInputError", "ORDER_COLUMNS", "RECORD_CARD",
    "RFM_SEGMENTS", "VISIT_PLAN", "abc_grade", "abc_widget", "plot_customer_map",
    "record_card_widget", "check", "chinese_font_path",
    "customer_summary", "dataset_tour", "export_web_font", "install_lab_font", "web_font_css", "datasets", "detect_encoding", "grade_colors",
    "grade_migration", "grade_summary", "grading", "intro", "plot_grade_summary",
    "plot_lifecycle", "plot_migration", "plot_pareto", "plot_pyramid", "prepare_orders",
    "product_summary", "pyramid_grade", "read_table", "record_card", "rfm_scores",
    "rfm_segment", "sales_by_period", "btyd_summary", "value", "transactions", "setup_notebook", "style_grades", "to_excel_graded",
    "use_chinese_font", "visit_plan", "visit_workload",
]
