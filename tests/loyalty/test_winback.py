"""Chapter 08 win-back plan (客户挽回计划): values, expected values, break-even probabilities and
the ranking computed by hand on five customers; the assumptions, the errors, the summary and the
Excel roster."""

import copy

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from khlib import KhlibInputError
from khlib.grading.colors import GRADE_COLORS
from khlib.loyalty.winback import WINBACK_ASSUMPTIONS, winback_plan, winback_roster, winback_summary

# Default assumptions: offer cost A 2000, B 800, C 300, D 100; value share 0.6; 2 years; retention 0.7.
# Value factor = 0.6 × (0.7^0 + 0.7^1) = 0.6 × 1.7 = 1.02 (value if won back = 1.02 × yearly gross profit).
#
#        p     profit   grade  value = 1.02×profit   EV = p×value − cost           break-even = cost / value
# c1   0.40   50,000     A        51,000             0.40×51,000 − 2000 = 18,400   2000/51,000 = 0.0392157
# c2   0.10   10,000     B        10,200             0.10×10,200 −  800 =    220    800/10,200 = 0.0784314
# c3   0.05    4,000     C         4,080             0.05× 4,080 −  300 =    −96    300/ 4,080 = 0.0735294
# c4   0.90   −5,000     A        −5,100             0.90×(−5,100) − 2000 = −6,590  NaN (value ≤ 0)
# c5   0.60    3,000     D         3,060             0.60× 3,060 −  100 =  1,736    100/ 3,060 = 0.0326797
# Ranking by EV: c1 (18,400), c5 (1,736), c2 (220), c3 (−96), c4 (−6,590); 挽回 for c1, c5, c2.
ORDER = ["c1", "c5", "c2", "c3", "c4"]


@pytest.fixture
def customers():
    return pd.DataFrame(
        {"p_return": [0.40, 0.10, 0.05, 0.90, 0.60],
         "annual_profit": [50_000.0, 10_000.0, 4_000.0, -5_000.0, 3_000.0],
         "grade": ["A", "B", "C", "A", "D"]},
        index=pd.Index(["c1", "c2", "c3", "c4", "c5"], name="customer_id"))


def test_hand_example(customers):
    plan = winback_plan(customers)
    assert plan.index.tolist() == ORDER
    assert plan["rank"].tolist() == [1, 2, 3, 4, 5]
    assert plan["winback_value"].tolist() == pytest.approx([51_000, 3_060, 10_200, 4_080, -5_100])
    assert plan["offer_cost"].tolist() == [2000.0, 100.0, 800.0, 300.0, 2000.0]
    assert plan["expected_value"].tolist() == pytest.approx([18_400, 1_736, 220, -96, -6_590])
    be = plan["break_even_p"]
    assert be[["c1", "c5", "c2", "c3"]].tolist() == pytest.approx([2000 / 51_000, 100 / 3_060, 800 / 10_200, 300 / 4_080])
    assert be["c1"] == pytest.approx(0.0392157, abs=1e-7) and be["c3"] == pytest.approx(0.0735294, abs=1e-7)
    assert np.isnan(be["c4"])  # value ≤ 0: no probability makes the offer pay
    assert plan["decision"].tolist() == ["挽回", "挽回", "挽回", "放弃", "放弃"]
    # the input columns come first, unchanged, then the added columns in order
    assert list(plan.columns) == ["p_return", "annual_profit", "grade", "winback_value", "offer_cost",
                                  "expected_value", "break_even_p", "decision", "rank"]
    assert plan.loc["c2", "p_return"] == 0.10 and plan.loc["c4", "grade"] == "A"
    assert plan.attrs["assumptions"] == {"offer_cost": {"A": 2000.0, "B": 800.0, "C": 300.0, "D": 100.0},
                                         "value_share": 0.6, "years": 2, "retention": 0.7}


def test_a_loss_making_customer_is_never_won_back():
    # profit −1000, p = 1, offer free: value = 1.02 × −1000 = −1020, EV = 1 × −1020 − 0 = −1020 → 放弃
    df = pd.DataFrame({"p_return": [1.0, 1.0], "annual_profit": [-1_000.0, 0.0], "grade": ["C", "C"]}, index=["x", "y"])
    plan = winback_plan(df, offer_cost={"C": 0})
    assert plan.loc["x", "expected_value"] == pytest.approx(-1_020)
    # profit 0: value 0, EV 1 × 0 − 0 = 0 → not > 0 → 放弃; break-even undefined
    assert plan.loc["y", "expected_value"] == 0
    assert plan["decision"].tolist() == ["放弃", "放弃"] and plan["break_even_p"].isna().all()
    assert plan.index.tolist() == ["y", "x"]  # EV 0 before −1020


def test_break_even_above_one_means_even_a_sure_return_does_not_pay():
    # profit 200, C: value 1.02 × 200 = 204, break-even 300 / 204 = 1.470588; EV at p = 1: 204 − 300 = −96
    plan = winback_plan(pd.DataFrame({"p_return": [1.0], "annual_profit": [200.0], "grade": ["C"]}, index=["z"]))
    assert plan.loc["z", "break_even_p"] == pytest.approx(1.470588, abs=1e-6)
    assert plan.loc["z", "expected_value"] == pytest.approx(-96) and plan.loc["z", "decision"] == "放弃"


def test_assumption_overrides(customers):
    # value_share 0.5, 3 years, retention 0.5: factor = 0.5 × (1 + 0.5 + 0.25) = 0.875
    # c1: value 0.875 × 50,000 = 43,750; EV = 0.4 × 43,750 − 2000 = 15,500
    # c3 with a C offer of 100: value 0.875 × 4,000 = 3,500; EV = 0.05 × 3,500 − 100 = 75 → 挽回
    plan = winback_plan(customers, value_share=0.5, years=3, retention=0.5,
                        offer_cost={"A": 2000, "B": 800, "C": 100, "D": 100})
    assert plan.loc["c1", "winback_value"] == pytest.approx(43_750)
    assert plan.loc["c1", "expected_value"] == pytest.approx(15_500)
    assert plan.loc["c3", "expected_value"] == pytest.approx(75) and plan.loc["c3", "decision"] == "挽回"
    assert plan.attrs["assumptions"]["years"] == 3 and plan.attrs["assumptions"]["offer_cost"]["C"] == 100.0
    # one year, full share: value = the old yearly profit; retention then plays no part
    # c2: value 10,000, EV = 0.1 × 10,000 − 800 = 200
    one = winback_plan(customers, value_share=1, years=1, retention=0.1)
    assert one.loc["c2", "winback_value"] == 10_000 and one.loc["c2", "expected_value"] == pytest.approx(200)
    # retention 0: only the first year counts. c5: value 0.6 × 3,000 = 1,800; EV = 0.6 × 1,800 − 100 = 980
    assert winback_plan(customers, retention=0).loc["c5", "expected_value"] == pytest.approx(980)
    # the whole set at once, as the docs show; the same as the defaults when nothing changes
    same = winback_plan(customers, **WINBACK_ASSUMPTIONS)
    pd.testing.assert_frame_equal(same, winback_plan(customers))
    three = winback_plan(customers, **{**WINBACK_ASSUMPTIONS, "years": 3})
    # factor 0.6 × (1 + 0.7 + 0.49) = 1.314; c1 value 65,700
    assert three.loc["c1", "winback_value"] == pytest.approx(65_700)


def test_any_grade_label_with_a_cost_and_custom_column_names(customers):
    df = customers.rename(columns={"p_return": "回流概率", "annual_profit": "毛利", "grade": "等级"})
    df["等级"] = ["VIP", "普通", "普通", "VIP", "普通"]
    plan = winback_plan(df, p_return="回流概率", gross_profit="毛利", grade="等级",
                        offer_cost={"VIP": 2000, "普通": 300})
    # c2 now costs 300: EV = 0.1 × 10,200 − 300 = 720; c5: 0.6 × 3,060 − 300 = 1,536
    assert plan.loc["c2", "expected_value"] == pytest.approx(720)
    assert plan.loc["c5", "expected_value"] == pytest.approx(1_536)
    assert plan.index.tolist() == ["c1", "c5", "c2", "c3", "c4"]


def test_categorical_grades_and_ties(customers):
    df = customers.assign(grade=pd.Categorical(customers["grade"], categories=list("ABCD")))
    plan = winback_plan(df)
    assert plan.index.tolist() == ORDER
    # equal expected values keep the input order: b, then a (both EV = 0.5 × 1,020 − 300 = 210)
    tie = pd.DataFrame({"p_return": [0.5, 0.5], "annual_profit": [1_000.0, 1_000.0], "grade": ["C", "C"]},
                       index=["b", "a"])
    out = winback_plan(tie)
    assert out.index.tolist() == ["b", "a"] and out["expected_value"].tolist() == pytest.approx([210, 210])


def test_rerun_on_a_plan_replaces_the_added_columns(customers):
    plan = winback_plan(customers)
    again = winback_plan(plan, value_share=1.0)
    # c1: factor 1 × 1.7 = 1.7, value 85,000
    assert again.loc["c1", "winback_value"] == pytest.approx(85_000)
    assert list(again.columns) == list(plan.columns)


def test_empty_table():
    empty = pd.DataFrame({"p_return": pd.Series(dtype=float), "annual_profit": pd.Series(dtype=float),
                          "grade": pd.Series(dtype=object)})
    plan = winback_plan(empty)
    assert len(plan) == 0 and "expected_value" in plan.columns


def test_inputs_not_mutated(customers, tmp_path):
    before = customers.copy(deep=True)
    assumptions = copy.deepcopy(WINBACK_ASSUMPTIONS)
    costs = {"A": 1500, "B": 800, "C": 300, "D": 100}
    plan = winback_plan(customers, offer_cost=costs)
    pd.testing.assert_frame_equal(customers, before)
    assert WINBACK_ASSUMPTIONS == assumptions and costs == {"A": 1500, "B": 800, "C": 300, "D": 100}
    plan_before = plan.copy(deep=True)
    winback_summary(plan)
    winback_roster(plan, tmp_path / "r.xlsx", top_n=2)
    pd.testing.assert_frame_equal(plan, plan_before)


@pytest.mark.parametrize("change, kwargs, match", [
    (lambda d: d.assign(p_return=[0.4, 1.5, 0.05, 0.9, 0.6]), {}, r"'p_return'.*c2 \(1\.5\)"),
    (lambda d: d.assign(p_return=[0.4, 0.1, -0.05, 0.9, 0.6]), {}, r"within \[0, 1\] at c3"),
    (lambda d: d.assign(p_return=[0.4, 0.1, 0.05, None, 0.6]), {}, r"'p_return'.*missing or not a number at c4"),
    (lambda d: d.assign(annual_profit=[50_000, "n/a", 4_000, -5_000, 3_000]), {}, r"'annual_profit'.*c2 \('n/a'\)"),
    (lambda d: d.assign(grade=["A", None, "C", "A", "D"]), {}, r"'grade' \(grade\) is missing at c2"),
    (lambda d: d.assign(grade=["A", "B", "E", "A", "D"]), {}, r"Grade\(s\) \['E'\] have no offer cost.*c3"),
    (lambda d: d, {"offer_cost": {"A": 2000, "B": 800, "C": 300}}, r"\['D'\] have no offer cost.*c5"),
    (lambda d: d.drop(columns="grade"), {}, r"lacks column\(s\) \['grade'\]"),
    (lambda d: d, {"p_return": "prob"}, r"lacks column\(s\) \['prob'\]"),
    (lambda d: d.set_axis(["c1", "c2", "c1", "c4", "c5"]), {}, r"Duplicated customer ids.*c1"),
    (lambda d: d, {"value_share": 60}, r"value_share .* between 0 and 1, got 60"),
    (lambda d: d, {"retention": 1.2}, r"retention .* between 0 and 1, got 1\.2"),
    (lambda d: d, {"years": 0}, r"years must be a whole number ≥ 1, got 0"),
    (lambda d: d, {"years": 2.5}, r"got 2\.5"),
    (lambda d: d, {"offer_cost": {"A": -1, "B": 800, "C": 300, "D": 100}}, r"offer cost of grade 'A' must be .*≥ 0"),
    (lambda d: d, {"offer_cost": 300}, r"offer_cost must map grade"),
    (lambda d: d.rename(columns={"grade": "decision"}), {"grade": "decision"}, r"\['decision'\] have the names"),
])
def test_errors_name_the_problem(customers, change, kwargs, match):
    with pytest.raises(KhlibInputError, match=match) as e:
        winback_plan(change(customers), **kwargs)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value).split("\n")[0])  # Chinese line first


def test_not_a_frame():
    with pytest.raises(KhlibInputError, match="must be a DataFrame"):
        winback_plan([0.5, 0.2])


def test_summary_totals_by_hand(customers):
    s = winback_summary(winback_plan(customers))
    assert s.index.names == ["decision", "grade"]
    assert s.index.tolist() == [("挽回", "A"), ("挽回", "B"), ("挽回", "C"), ("挽回", "D"),
                                ("放弃", "A"), ("放弃", "B"), ("放弃", "C"), ("放弃", "D")]
    assert list(s.columns) == ["customers", "offer_cost", "expected_value", "mean_p_return"]
    # 挽回: A c1 (2000, 18,400, 0.4); B c2 (800, 220, 0.1); C none; D c5 (100, 1,736, 0.6)
    # 放弃: A c4 (2000, −6,590, 0.9); B none; C c3 (300, −96, 0.05); D none
    assert s["customers"].tolist() == [1, 1, 0, 1, 1, 0, 1, 0]
    assert s["offer_cost"].tolist() == [2000, 800, 0, 100, 2000, 0, 300, 0]
    assert s["expected_value"].tolist() == pytest.approx([18_400, 220, 0, 1_736, -6_590, 0, -96, 0])
    assert s.loc[("挽回", "D"), "mean_p_return"] == pytest.approx(0.6)
    assert s.loc[("放弃", "C"), "mean_p_return"] == pytest.approx(0.05)
    assert np.isnan(s.loc[("挽回", "C"), "mean_p_return"])
    # totals: 5 customers; cost 2000 + 800 + 100 + 2000 + 300 = 5,200; EV 18,400 + 220 + 1,736 − 6,590 − 96 = 13,670
    assert s["customers"].sum() == 5 and s["offer_cost"].sum() == 5_200
    assert s["expected_value"].sum() == pytest.approx(13_670)
    # the offers made: 3 customers, cost 2,900, EV 20,356
    made = s.loc["挽回"]
    assert made["customers"].sum() == 3 and made["offer_cost"].sum() == 2_900
    assert made["expected_value"].sum() == pytest.approx(20_356)


def test_summary_mean_of_two_and_custom_names():
    df = pd.DataFrame({"prob": [0.5, 0.3], "annual_profit": [10_000.0, 10_000.0], "级别": ["B", "B"]}, index=["u", "v"])
    plan = winback_plan(df, p_return="prob", grade="级别")
    s = winback_summary(plan, p_return="prob", grade="级别")
    # value 10,200 each; EV 0.5 × 10,200 − 800 = 4,300 and 0.3 × 10,200 − 800 = 2,260; mean p (0.5 + 0.3) / 2 = 0.4
    assert s.loc[("挽回", "B")].tolist() == pytest.approx([2, 1_600, 6_560, 0.4])
    assert s.loc[("放弃", "B"), "customers"] == 0


def test_summary_errors(customers):
    plan = winback_plan(customers)
    with pytest.raises(KhlibInputError, match=r"lacks column\(s\) \['decision'\]"):
        winback_summary(plan.drop(columns="decision"))
    with pytest.raises(KhlibInputError, match=r"'decision' must be '挽回' or '放弃' at c1 \('yes'\)"):
        winback_summary(plan.assign(decision=["yes", "挽回", "挽回", "放弃", "放弃"]))


HEADERS = ["排名", "客户编号", "挽回概率", "流失前年毛利", "等级", "挽回后价值", "挽回成本", "挽回期望净值",
           "保本概率", "挽回决策"]


def test_roster_in_excel(customers, tmp_path):
    plan = winback_plan(customers)
    path = winback_roster(plan, tmp_path / "挽回名单.xlsx")
    assert path == tmp_path / "挽回名单.xlsx" and path.exists()
    wb = load_workbook(path)
    assert wb.sheetnames == ["挽回名单"]
    ws = wb["挽回名单"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 6  # header + 5 customers, in rank order
    assert [ws.cell(row=r, column=2).value for r in range(2, 7)] == ORDER
    assert [ws.cell(row=r, column=1).value for r in range(2, 7)] == [1, 2, 3, 4, 5]
    assert ws["H2"].value == pytest.approx(18_400) and ws["J2"].value == "挽回" and ws["J6"].value == "放弃"
    # each row in its grade's colour: the grade cell (E) in the colour card, the other cells in its tint
    for r, g in zip(range(2, 7), ["A", "D", "B", "C", "A"]):
        assert ws.cell(row=r, column=5).value == g
        assert ws.cell(row=r, column=5).fill.fgColor.rgb[-6:] == GRADE_COLORS[g].lstrip("#")
        tints = {ws.cell(row=r, column=c).fill.fgColor.rgb for c in range(1, 11) if c != 5}
        assert len(tints) == 1
    # A's tint: each channel 85 % of the way to white: C6 → 198 + 0.85 × 57 = 246.45 → F6; 28 → 40 + 0.85 × 215 = 222.75 → DF
    assert ws["A2"].fill.fgColor.rgb[-6:] == "F6DFDF"
    assert ws["A2"].fill.fgColor.rgb != ws["A3"].fill.fgColor.rgb  # A and D rows differ
    # money as yuan with thousands separators, probabilities as percentages
    for col in "DFGH":
        assert ws[f"{col}2"].number_format == '"¥"#,##0'
    for col in "CI":
        assert ws[f"{col}2"].number_format == "0.0%"
    assert ws["I6"].value is None  # break-even undefined for the loss-making customer
    assert ws.column_dimensions["B"].width >= 10 and ws.column_dimensions["H"].width >= 14


def test_roster_top_n(customers, tmp_path):
    path = winback_roster(winback_plan(customers), str(tmp_path / "top.xlsx"), top_n=2)
    ws = load_workbook(path)["挽回名单"]
    assert ws.max_row == 3 and [ws["B2"].value, ws["B3"].value] == ["c1", "c5"]
    with pytest.raises(KhlibInputError, match="top_n"):
        winback_roster(winback_plan(customers), tmp_path / "x.xlsx", top_n=0)


def test_roster_unnamed_index_and_custom_grade(customers, tmp_path):
    df = customers.rename(columns={"grade": "级别"}).rename_axis(None)
    plan = winback_plan(df, grade="级别")
    ws = load_workbook(winback_roster(plan, tmp_path / "u.xlsx", grade="级别"))["挽回名单"]
    assert ws["B1"].value == "客户编号" and ws["E1"].value == "级别"
    assert ws["E2"].fill.fgColor.rgb[-6:] == GRADE_COLORS["A"].lstrip("#")
