"""The survey file (chapter 06) agrees with the rest of the company: respondents were customers on
the day of their wave, answers are on their scales, and the generated relations show — with the
numbers data/README.md quotes (measured, not planted)."""

import pandas as pd
import pytest

import khlib as kh

CONSTRUCTS = {"形象": ["img1", "img2", "img3"], "期望": ["exp1", "exp2", "exp3"],
              "感知质量": ["perf_product", "perf_delivery", "perf_service"], "价值": ["val1", "val2"],
              "满意": ["sat1", "sat2", "sat3"], "忠诚": ["loy1", "loy2", "loy3"]}


@pytest.fixture(scope="module")
def survey():
    return kh.datasets.load_survey()


def test_respondents_are_customers_on_the_day(survey):
    c = kh.datasets.load_customers().set_index("customer_id")
    first = c.loc[survey["customer_id"], "first_trade_date"].to_numpy()
    assert (first < survey["date"].to_numpy()).all()
    assert survey.groupby("wave").size().tolist() == [370, 395, 375, 384]
    assert not survey.duplicated(["wave", "customer_id"]).any()
    assert set(c.loc[survey["customer_id"], "kind"]) == {"老客户", "新客户"}


def test_answers_on_their_scales(survey):
    items = [c for c in survey.columns if c not in ("response_id", "wave", "date", "customer_id", "recommend",
                                                   "complaint_handling")]
    v = survey[items]
    assert ((v >= 1) & (v <= 5) | v.isna()).all().all()
    assert survey["recommend"].dropna().between(0, 10).all()
    h = survey["complaint_handling"].dropna()
    assert set(h) <= {"1", "2", "3", "4", "5", "不适用"} and (h == "不适用").mean() == pytest.approx(0.855, abs=0.01)
    assert 0.01 < v.isna().mean().mean() < 0.03


def test_the_generated_relations_show(survey):
    a = kh.satisfaction.cronbach_alpha(survey, CONSTRUCTS, reversed_items=["val2"])["alpha"]
    assert a.round(2).to_dict() == {"形象": 0.81, "期望": 0.78, "感知质量": 0.68, "价值": 0.73, "满意": 0.84, "忠诚": 0.80}
    by_wave = survey.groupby("wave")["perf_delivery"].mean()
    assert by_wave["2025Q3"] < by_wave.drop("2025Q3").min() - 0.3  # the generated delivery dip
    nps = kh.satisfaction.net_promoter(survey["recommend"])
    assert round(nps["nps"], 1) == 4.6
    # customers who stop buying after the survey were less satisfied: no order in the 90 days after
    # their wave (observed in the orders; the generator used the hidden churn date)
    orders = kh.datasets.load_orders()
    last = orders.groupby("customer_id")["order_date"].max()
    quiet = last.reindex(survey["customer_id"]).to_numpy() < (survey["date"] + pd.Timedelta(days=90)).to_numpy()
    quiet &= (survey["wave"] != "2025Q4").to_numpy()  # the data end before Q4's 90 days are over
    gap = survey.loc[~quiet, "sat1"].mean() - survey.loc[quiet, "sat1"].mean()
    assert 0.15 < gap < 0.35, gap  # 0.23 points
