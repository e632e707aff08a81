"""Chapter 04 客户分级 (customer grading): ABC analysis, the customer pyramid, RFM, grade
migration, the visit plan per grade, colour management (颜色管理), grade D from payment
behaviour and the account-manager system (客户经理制). Part of khlib's cross-chapter core: the
grading functions of ``core``, ``visits``, ``colors``, ``plots`` and ``widgets`` that chapter 05
also uses are available as ``kh.<name>`` too; the rest (``d_grade``, ``account_managers`` …) as
``kh.grading.<name>``.

============  =========================================================================
file          what
============  =========================================================================
``core``      abc_grade, pyramid_grade, grade_summary, rfm_scores, rfm_segment, migration
``visits``    VISIT_PLAN, visit_plan, visit_plan_table, visit_workload; account_managers,
              salesperson_load (客户经理制)
``payment``   D_RULE, payment_behaviour, d_grade (grade D from payment behaviour)
``colors``    the colour cards, style_grades, Excel with grade colours
``plots``     Pareto, grade shares, pyramid, migration heat map
``widgets``   ABC cut-point sliders
``examples``  the ten-customer hand example (HAND_EXAMPLE)
============  =========================================================================
"""

from .colors import (
    GRADE_COLORS,
    GRADE_NAMES,
    OTHER_COLOR,
    PYRAMID_NAMES,
    TEXT_ON_GRADE,
    grade_colors,
    style_grades,
    to_excel_graded,
    write_graded_sheet,
)
from .core import (
    RFM_SEGMENTS,
    abc_grade,
    grade_migration,
    grade_summary,
    pyramid_grade,
    rfm_scores,
    rfm_segment,
)
from .examples import HAND_EXAMPLE
from .payment import D_RULE, d_grade, payment_behaviour
from .plots import plot_grade_summary, plot_migration, plot_pareto, plot_pyramid
from .visits import VISIT_PLAN, account_managers, salesperson_load, visit_plan, visit_plan_table, visit_workload
from .widgets import abc_widget

__all__ = [
    "D_RULE", "account_managers", "d_grade", "payment_behaviour", "salesperson_load",
    "GRADE_COLORS", "GRADE_NAMES", "HAND_EXAMPLE", "OTHER_COLOR", "PYRAMID_NAMES", "RFM_SEGMENTS", "TEXT_ON_GRADE", "VISIT_PLAN",
    "abc_grade", "abc_widget", "grade_colors", "grade_migration", "grade_summary", "plot_grade_summary",
    "plot_migration", "plot_pareto", "plot_pyramid", "pyramid_grade", "rfm_scores", "rfm_segment", "style_grades",
    "to_excel_graded", "visit_plan", "visit_plan_table", "visit_workload", "write_graded_sheet",
]
