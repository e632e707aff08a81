"""khlib: customer management analytics (客户管理数据分析) for the course notebooks and for
analysts' own data.

    import khlib as kh
    kh.setup_notebook()
    orders = kh.datasets.load_orders()
    graded = kh.abc_grade(kh.customer_summary(orders, start="2025-01-01", end="2025-12-31"))

``kh.<name>`` is the cross-chapter core: setup and fonts, reading and preparing analysts' files
(:mod:`khlib.io`), periods (:mod:`khlib.periods`), the heavy step (:mod:`khlib.summary`) and
grading (:mod:`khlib.grading`). Chapters are reached as ``kh.<topic>.<name>``:

=========  ====================  ============================================================
chapter    topic                 module / package
=========  ====================  ============================================================
00 导论    ``kh.intro``          record card, life-cycle map, dataset tour
01 价值    ``kh.value``          slide and discounted CLV, BG/NBD, Gamma-Gamma
02 选择    ``kh.selection``      cost to serve, customer profit, whale curve, AHP, prospect scoring
03 开发    ``kh.development``    methods' economics, referral chains, the pipeline chain and forecast
06 满意    ``kh.satisfaction``   contact plan, survey measurement, satisfaction index, NPS, PLS (ECSI)
07 投诉    ``kh.complaints``     complaint export, iceberg, control charts, service level, recovery, keywords
08 忠诚    ``kh.loyalty``        loyalty types, churn definitions, cohorts, survival (KM, Cox), win-back plan
04 分级    ``kh.grading``        ABC, pyramid, RFM, migration, visit plan, colours (also kh.*)
05 交易    ``kh.transactions``   composition, product scorecard, credit, salesperson's plan
03 / 05    ``kh.fieldsales``     routes (PyVRP), working days, visit calendar
all        ``kh.check``          exercise self-checks, one file per chapter
analysts   ``kh.report``         ``python -m khlib report ORDERS``: graded workbook + offline HTML
=========  ====================  ============================================================

``kh.datasets`` loads the course data; ``kh.vocab`` is the glossary of parameter names and
display labels; ``kh.RENAMED`` lists every deprecated name and its replacement.
"""

from . import (
    check,
    complaints,
    datasets,
    development,
    display,
    fieldsales,
    grading,
    intro,
    loyalty,
    periods,
    report,
    satisfaction,
    selection,
    summary,
    transactions,
    value,
    vocab,
)
from ._deprecation import RENAMED, KhlibDeprecationWarning, moved
from ._errors import ConvergenceWarning, KhlibInputError, KhlibWarning, NotFittedError
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
from .io import ORDER_COLUMNS, detect_encoding, prepare_orders, read_table
from .periods import in_period, period_bounds
from .summary import btyd_summary, customer_summary, product_summary, sales_by_period
from .display import show
from .vocab import label, labelled

__version__ = "0.2.0"

__all__ = [
    "ConvergenceWarning", "GRADE_COLORS", "GRADE_NAMES", "KhlibDeprecationWarning", "KhlibInputError",
    "KhlibWarning", "NotFittedError", "ORDER_COLUMNS", "RENAMED", "RFM_SEGMENTS", "VISIT_PLAN", "abc_grade",
    "abc_widget", "btyd_summary", "check", "complaints", "chinese_font_path", "customer_summary", "datasets", "detect_encoding",
    "development",
    "display", "export_web_font", "fieldsales", "grade_colors", "grade_migration", "grade_summary", "grading",
    "in_period", "install_lab_font", "intro", "label", "loyalty", "labelled", "period_bounds", "periods", "plot_grade_summary",
    "plot_migration", "plot_pareto", "plot_pyramid", "prepare_orders", "product_summary", "pyramid_grade",
    "read_table", "report", "rfm_scores", "rfm_segment", "sales_by_period", "satisfaction", "selection", "setup_notebook", "show", "style_grades",
    "summary",
    "to_excel_graded", "transactions", "use_chinese_font", "value", "visit_plan", "visit_workload", "vocab",
    "web_font_css",
]

# Chapter 00's names used to be top-level; they live in kh.intro now (the old names warn).
__getattr__ = moved(__name__, {name: f"khlib.intro:{name}" for name in (
    "RECORD_CARD", "dataset_tour", "plot_customer_map", "plot_lifecycle", "record_card", "record_card_widget")})
