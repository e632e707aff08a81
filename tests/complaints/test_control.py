"""Chapter 07's control charts (控制图): the c chart against Montgomery's published example, the
u chart against arithmetic done by hand, the run rule, phase I / phase II baselines, every
input error, and the plot."""

from math import sqrt

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.complaints.control import c_chart, u_chart
from khlib.complaints.plots import plot_control_chart

# Montgomery, Introduction to Statistical Quality Control, Example 7.3 (Table 7.7): nonconformities
# in 26 successive samples of 100 printed circuit boards, indexed by the book's sample number.
MONTGOMERY = pd.Series([21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39,
                        30, 24, 16, 19, 17, 15], index=pd.RangeIndex(1, 27, name="sample"))

COLUMNS_C = ["count", "centre", "lcl", "ucl", "above", "below", "run_side"]
COLUMNS_U = ["count", "exposure", "u_value", "centre", "lcl", "ucl", "above", "below", "run_side"]


def weeks(n, start="2024-01-01"):
    return pd.date_range(start, periods=n, freq="W-MON", name="week")


# ------------------------------------------------------------------ c chart: the published example
def test_montgomery_example_7_3():
    assert MONTGOMERY.sum() == 516 and len(MONTGOMERY) == 26
    chart = c_chart(MONTGOMERY)
    assert list(chart.columns) == COLUMNS_C
    assert chart.index.equals(MONTGOMERY.index)
    # the book: c̄ = 516/26 = 19.85, UCL = 19.85 + 3√19.85 = 33.22, LCL = 19.85 − 3√19.85 = 6.48
    # (it rounds c̄ first; unrounded, UCL = 33.2109, within 0.01 of the book's 33.22)
    assert chart["centre"].iloc[0] == pytest.approx(516 / 26)
    assert round(chart["centre"].iloc[0], 2) == 19.85
    assert chart["ucl"].iloc[0] == pytest.approx(33.22, abs=0.01)
    assert round(chart["lcl"].iloc[0], 2) == 6.48
    assert chart["ucl"].nunique() == 1 and chart["lcl"].nunique() == 1
    # samples 6 (5 nonconformities) and 20 (39) are beyond the limits, nothing else
    assert chart.index[chart["below"]].tolist() == [6]
    assert chart.index[chart["above"]].tolist() == [20]
    assert chart["count"].tolist() == MONTGOMERY.tolist()
    assert not chart["run_side"].any()  # the longest run on one side of 19.85: 6 points (samples 7–12)


def test_sigma_changes_the_width():
    chart = c_chart(MONTGOMERY, sigma=2)
    c = 516 / 26
    assert chart["ucl"].iloc[0] == pytest.approx(c + 2 * sqrt(c))
    assert chart["lcl"].iloc[0] == pytest.approx(c - 2 * sqrt(c))
    # 2σ: 19.85 ± 8.91 = [10.94, 28.76] → below: 6 (5), 15 (10); above: 9 (31), 20 (39), 21 (30)
    assert chart.index[chart["below"]].tolist() == [6, 15]
    assert chart.index[chart["above"]].tolist() == [9, 20, 21]


def test_lower_limit_is_floored_at_zero():
    # c̄ = 2, 2 − 3√2 = −2.24 → 0: nothing can be below
    chart = c_chart(pd.Series([1, 3, 2, 2, 0, 4], index=weeks(6)))
    assert chart["centre"].iloc[0] == 2.0
    assert (chart["lcl"] == 0).all() and not chart["below"].any()
    assert chart["ucl"].iloc[0] == pytest.approx(2 + 3 * sqrt(2))


# ------------------------------------------------------------------ u chart: by hand
def test_u_chart_by_hand():
    counts = pd.Series([3, 6, 2], index=weeks(3))
    exposure = pd.Series([100, 150, 50], index=weeks(3))
    chart = u_chart(counts, exposure)
    assert list(chart.columns) == COLUMNS_U
    # ū = (3 + 6 + 2) / (100 + 150 + 50) = 11/300 = 0.036667; u = 0.03, 0.04, 0.04
    assert chart["centre"].tolist() == pytest.approx([11 / 300] * 3)
    assert chart["u_value"].tolist() == pytest.approx([0.03, 0.04, 0.04])
    # UCL_i = ū + 3√(ū/n_i): n=100 → 0.036667 + 3·0.019149 = 0.094112;
    # n=150 → 0.036667 + 3·0.015635 = 0.083571; n=50 → 0.036667 + 3·0.027080 = 0.117907
    assert chart["ucl"].tolist() == pytest.approx([0.094112, 0.083571, 0.117907], abs=1e-6)
    # LCL_i = ū − 3√(ū/n_i) < 0 for all three → floored at 0
    assert (chart["lcl"] == 0).all()
    assert chart["exposure"].tolist() == [100.0, 150.0, 50.0]
    assert chart["count"].tolist() == [3, 6, 2]
    assert not chart[["above", "below", "run_side"]].any().any()


def test_u_chart_per_1000_is_1000_times_the_rate():
    counts = pd.Series([3, 6, 2], index=weeks(3))
    exposure = pd.Series([100, 150, 50], index=weeks(3))
    plain = u_chart(counts, exposure)
    scaled = u_chart(counts, exposure, per=1000)
    # per 1,000: ū = 36.667, rates 30, 40, 40, UCL 94.112, 83.571, 117.907
    assert scaled["u_value"].tolist() == pytest.approx([30.0, 40.0, 40.0])
    assert scaled["ucl"].tolist() == pytest.approx([94.112, 83.571, 117.907], abs=1e-3)
    for col in ("u_value", "centre", "lcl", "ucl"):
        np.testing.assert_allclose(scaled[col], 1000 * plain[col], rtol=1e-12)
    for col in ("count", "exposure", "above", "below", "run_side"):
        pd.testing.assert_series_equal(scaled[col], plain[col])


def test_u_chart_phase_two_with_a_positive_lower_limit():
    idx = weeks(5)
    counts = pd.Series([30, 45, 25, 5, 60], index=idx)
    exposure = pd.Series([1000, 1500, 500, 1000, 1000], index=idx)
    chart = u_chart(counts, exposure, baseline=slice("2024-01-01", "2024-01-15"))
    # baseline = the first three weeks: ū = 100 / 3000 = 1/30 = 0.033333
    assert chart["centre"].tolist() == pytest.approx([1 / 30] * 5)
    # n=1000: 1/30 ± 3√(1/30000) = 0.033333 ± 0.017321 → [0.016013, 0.050654]
    # n=1500: ± 0.014142 → [0.019191, 0.047475]; n=500: ± 0.024495 → [0.008838, 0.057828]
    assert chart["lcl"].tolist() == pytest.approx([0.016013, 0.019191, 0.008838, 0.016013, 0.016013], abs=1e-6)
    assert chart["ucl"].tolist() == pytest.approx([0.050654, 0.047475, 0.057828, 0.050654, 0.050654], abs=1e-6)
    # week 4: 5/1000 = 0.005 < 0.016013; week 5: 60/1000 = 0.06 > 0.050654
    assert chart.index[chart["below"]].strftime("%Y-%m-%d").tolist() == ["2024-01-22"]
    assert chart.index[chart["above"]].strftime("%Y-%m-%d").tolist() == ["2024-01-29"]


def test_u_chart_aligns_a_reordered_exposure():
    counts = pd.Series([3, 6, 2], index=weeks(3))
    exposure = pd.Series([100, 150, 50], index=weeks(3))
    chart = u_chart(counts, exposure.iloc[::-1])
    assert chart.index.equals(counts.index)
    assert chart["exposure"].tolist() == [100.0, 150.0, 50.0]


# ------------------------------------------------------------------ the run rule
def test_eight_on_one_side_are_flagged_seven_are_not():
    # centre (12·8 + 8·8) / 16 = 10: eight above, then eight below
    chart = c_chart(pd.Series([12] * 8 + [8] * 8, index=weeks(16)))
    assert chart["centre"].iloc[0] == 10.0
    assert chart["run_side"].all()
    # (12·7 + 8·7) / 14 = 10: runs of seven only
    chart = c_chart(pd.Series([12] * 7 + [8] * 7, index=weeks(14)))
    assert chart["centre"].iloc[0] == 10.0
    assert not chart["run_side"].any()
    # the same seven are a run with run=7
    assert c_chart(pd.Series([12] * 7 + [8] * 7, index=weeks(14)), run=7)["run_side"].all()


def test_a_point_on_the_centre_breaks_the_run():
    # 4 above, one on the centre (10), 4 above, 8 below: (48 + 10 + 48 + 64) / 17 = 10
    counts = pd.Series([12] * 4 + [10] + [12] * 4 + [8] * 8, index=weeks(17))
    chart = c_chart(counts)
    assert chart["centre"].iloc[0] == 10.0
    assert chart["run_side"].tolist() == [False] * 9 + [True] * 8


def test_a_point_on_the_u_centre_breaks_the_run():
    # ū = 40 / 400 = 0.1; the fifth week's 2/20 = 0.1 is on the centre; 4 above, 1 on, 4 above
    counts = pd.Series([3, 3, 3, 3, 2, 3, 3, 3, 3, 14], index=weeks(10))
    exposure = pd.Series([20, 20, 20, 20, 20, 20, 20, 20, 20, 220], index=weeks(10))
    assert counts.sum() / exposure.sum() == 0.1
    chart = u_chart(counts, exposure, run=5)
    assert chart["u_value"].iloc[4] == pytest.approx(0.1)
    assert not chart["run_side"].any()
    assert u_chart(counts, exposure, run=4)["run_side"].tolist() == [True] * 4 + [False] + [True] * 4 + [False]


def test_run_in_the_middle_of_a_series():
    # centre 10: 2 below, 8 above, 2 below, 1 above, and a run of 9 below that ends the series
    values = [8, 8] + [13] * 8 + [8, 8, 12] + [8] * 9
    assert sum(values) / len(values) == 10.0  # (16 + 104 + 28 + 72) / 22
    chart = c_chart(pd.Series(values, index=weeks(len(values))))
    expected = [False] * 2 + [True] * 8 + [False] * 3 + [True] * 9
    assert chart["run_side"].tolist() == expected


def _runs_by_loop(side, run):
    """Reference for the test: walk the points, close each run and flag it when long enough."""
    flags, start = [False] * len(side), 0
    for i in range(1, len(side) + 1):
        if i == len(side) or side[i] != side[start]:
            if side[start] != 0 and i - start >= run:
                flags[start:i] = [True] * (i - start)
            start = i
    return flags


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("run", [2, 3, 8])
def test_run_rule_matches_a_loop(seed, run):
    rng = np.random.default_rng(seed)
    counts = pd.Series(rng.poisson(4, 200), index=weeks(200))
    chart = c_chart(counts, run=run)
    side = np.sign(counts.to_numpy() - chart["centre"].iloc[0]).tolist()
    assert chart["run_side"].tolist() == _runs_by_loop(side, run)


# ------------------------------------------------------------------ baseline (phase I / phase II)
def test_baseline_as_slice_and_as_mask():
    idx = weeks(8, "2024-12-09")  # 4 weeks of 2024, 4 of 2025
    counts = pd.Series([4, 6, 5, 5, 9, 12, 20, 11], index=idx)
    by_slice = c_chart(counts, baseline=slice("2024-01-01", "2024-12-31"))
    # c̄ from 2024 only: (4 + 6 + 5 + 5) / 4 = 5; UCL = 5 + 3√5 = 11.708, LCL = 5 − 6.708 → 0
    assert (by_slice["centre"] == 5.0).all()
    assert by_slice["ucl"].tolist() == pytest.approx([11.708204] * 8)
    assert (by_slice["lcl"] == 0).all()
    assert by_slice.index[by_slice["above"]].strftime("%Y-%m-%d").tolist() == ["2025-01-13", "2025-01-20"]
    mask = pd.Series(idx.year == 2024, index=idx)
    by_mask = c_chart(counts, baseline=mask)
    pd.testing.assert_frame_equal(by_slice, by_mask)
    # a reordered mask is aligned on the periods
    pd.testing.assert_frame_equal(c_chart(counts, baseline=mask.iloc[::-1]), by_mask)
    # all periods: c̄ = 72 / 8 = 9
    assert (c_chart(counts)["centre"] == 9.0).all()


def test_baseline_on_a_period_index():
    idx = pd.period_range("2024-01-01", periods=6, freq="W")
    counts = pd.Series([2, 4, 3, 3, 10, 3], index=idx)
    chart = c_chart(counts, baseline=slice(idx[0], idx[3]))
    assert (chart["centre"] == 3.0).all()  # (2 + 4 + 3 + 3) / 4
    assert chart["ucl"].iloc[0] == pytest.approx(3 + 3 * sqrt(3))  # 8.196
    assert chart["above"].tolist() == [False] * 4 + [True, False]
    assert chart.index.equals(idx)


def test_baseline_for_u_chart_as_mask():
    idx = weeks(4)
    counts = pd.Series([2, 4, 30, 3], index=idx)
    exposure = pd.Series([100, 100, 100, 100], index=idx)
    chart = u_chart(counts, exposure, per=100, baseline=pd.Series([True, True, False, False], index=idx))
    assert chart["centre"].tolist() == pytest.approx([3.0] * 4)  # (2 + 4) / 200 per 100
    assert chart["ucl"].tolist() == pytest.approx([3 + 3 * sqrt(3)] * 4)  # 100·(0.03 + 3√(0.03/100))
    assert chart["above"].tolist() == [False, False, True, False]


# ------------------------------------------------------------------ errors
def _message(excinfo):
    return str(excinfo.value)


@pytest.mark.parametrize("values, bad, word", [
    ([3, -1, 4, 5], "2024-01-08", "negative"),
    ([3, np.nan, 4, 5], "2024-01-08", "missing"),
    ([3, 4, 2.5, 5], "2024-01-15", "whole"),
    (["3", "x", "4", "5"], "2024-01-08", "not a finite number"),
])
def test_bad_counts_name_the_period(values, bad, word):
    counts = pd.Series(values, index=weeks(4))
    for call in (lambda: c_chart(counts), lambda: u_chart(counts, pd.Series(100, index=weeks(4)))):
        with pytest.raises(KhlibInputError) as excinfo:
            call()
        assert bad in _message(excinfo) and word in _message(excinfo)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in _message(excinfo))  # Chinese first


def test_counts_must_be_a_series_without_repeated_periods():
    with pytest.raises(KhlibInputError, match="Series"):
        c_chart([1, 2, 3])
    with pytest.raises(KhlibInputError, match="empty"):
        c_chart(pd.Series([], dtype=float))
    with pytest.raises(KhlibInputError, match="repeated periods: 2024-01-01"):
        c_chart(pd.Series([1, 2, 3], index=pd.DatetimeIndex(["2024-01-01", "2024-01-01", "2024-01-08"])))
    with pytest.raises(KhlibInputError, match="True/False"):
        c_chart(pd.Series([True, False, True]))


@pytest.mark.parametrize("values, bad", [([100, 0, 50], "2024-01-08"), ([100, 80, -5], "2024-01-15"),
                                         ([np.nan, 80, 50], "2024-01-01")])
def test_bad_exposure_names_the_period(values, bad):
    with pytest.raises(KhlibInputError) as excinfo:
        u_chart(pd.Series([1, 2, 3], index=weeks(3)), pd.Series(values, index=weeks(3)))
    assert bad in _message(excinfo) and "exposure" in _message(excinfo)


def test_exposure_on_other_periods():
    counts = pd.Series([1, 2, 3], index=weeks(3))
    with pytest.raises(KhlibInputError) as excinfo:
        u_chart(counts, pd.Series([100, 100, 100], index=weeks(3, "2024-01-08")))
    msg = _message(excinfo)
    assert "lacks 2024-01-01" in msg and "extra 2024-01-22" in msg


def test_baseline_errors():
    counts = pd.Series([1, 2, 3, 4], index=weeks(4))
    with pytest.raises(KhlibInputError, match="1 period"):
        c_chart(counts, baseline=slice("2024-01-01", "2024-01-07"))
    with pytest.raises(KhlibInputError, match="0 period"):
        c_chart(counts, baseline=slice("2030-01-01", "2030-12-31"))
    with pytest.raises(KhlibInputError, match="1 period"):
        c_chart(counts, baseline=pd.Series([False, False, True, False], index=weeks(4)))
    with pytest.raises(KhlibInputError, match="centre 0"):
        c_chart(pd.Series([0, 0, 3, 4], index=weeks(4)), baseline=slice("2024-01-01", "2024-01-08"))
    with pytest.raises(KhlibInputError, match="centre 0"):
        u_chart(pd.Series([0, 0, 3], index=weeks(3)), pd.Series([5, 5, 5], index=weeks(3)),
                baseline=slice("2024-01-01", "2024-01-08"))
    with pytest.raises(KhlibInputError, match="True/False"):
        c_chart(counts, baseline=pd.Series([1, 1, 0, 0], index=weeks(4)))
    with pytest.raises(KhlibInputError) as excinfo:
        c_chart(counts, baseline=pd.Series([True, True, False], index=weeks(3)))
    assert "missing 2024-01-22" in _message(excinfo)
    with pytest.raises(KhlibInputError, match="slice"):
        c_chart(counts, baseline=[True, True, False, False])
    with pytest.raises(KhlibInputError, match="cannot slice"):
        c_chart(counts.iloc[[2, 0, 3, 1]], baseline=slice("2024-01-01", "2024-01-10"))


@pytest.mark.parametrize("kwargs, word", [({"sigma": 0}, "sigma"), ({"sigma": np.nan}, "sigma"),
                                          ({"sigma": "3"}, "sigma"), ({"run": 1}, "run"),
                                          ({"run": 7.5}, "run"), ({"run": True}, "run")])
def test_bad_settings(kwargs, word):
    with pytest.raises(KhlibInputError, match=word):
        c_chart(MONTGOMERY, **kwargs)


@pytest.mark.parametrize("per", [0, -1000, np.inf, "1000"])
def test_bad_per(per):
    with pytest.raises(KhlibInputError, match="per"):
        u_chart(pd.Series([1, 2], index=weeks(2)), pd.Series([10, 10], index=weeks(2)), per=per)


# ------------------------------------------------------------------ inputs untouched
def test_inputs_are_not_modified():
    counts = pd.Series([3, 6, 2, 9], index=weeks(4), name="complaints")
    exposure = pd.Series([100, 150, 50, 120], index=weeks(4))
    mask = pd.Series([True, True, True, False], index=weeks(4))
    before = counts.copy(), exposure.copy(), mask.copy()
    c = c_chart(counts, baseline=mask)
    u = u_chart(counts, exposure.iloc[::-1], per=1000, baseline=mask.iloc[::-1])
    for frame in (c, u):
        frame.loc[frame.index[0], "count"] = 999  # the result is a copy of the data
    for now, then in zip((counts, exposure, mask), before):
        pd.testing.assert_series_equal(now, then)


# ------------------------------------------------------------------ the plot
def _line(ax, label):
    found = [ln for ln in ax.get_lines() if ln.get_label() == label]
    assert len(found) <= 1
    return found[0] if found else None


def test_plot_c_chart():
    chart = c_chart(MONTGOMERY)
    ax = plot_control_chart(chart, value_label="不合格数")
    red = _line(ax, "超出控制限")
    assert red is not None and red.get_color() == "#c00000"
    assert len(red.get_xdata()) == int((chart["above"] | chart["below"]).sum()) == 2
    assert sorted(red.get_ydata().tolist()) == [5.0, 39.0]
    np.testing.assert_allclose(_line(ax, "中心线").get_ydata(), 516 / 26)
    assert _line(ax, "控制上限").get_ydata()[0] == pytest.approx(chart["ucl"].iloc[0])
    assert _line(ax, "控制下限").get_ydata()[0] == pytest.approx(chart["lcl"].iloc[0])
    assert _line(ax, "连续同侧") is None  # no run in this example
    assert ax.get_ylabel() == "不合格数" and "c 图" in ax.get_title()
    assert {t.get_text() for t in ax.get_legend().get_texts()} >= {"中心线", "控制上限", "控制下限", "超出控制限"}
    plt.close(ax.figure)


def test_plot_u_chart_with_runs_and_stepped_limits():
    # a run of 8 above the baseline centre, one of them also above the limit (stays red)
    idx = weeks(12)
    counts = pd.Series([10, 12, 8, 10, 15, 15, 15, 15, 15, 15, 15, 40], index=idx)
    exposure = pd.Series([1000, 1200, 800, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000], index=idx)
    chart = u_chart(counts, exposure, per=1000, baseline=slice("2024-01-01", "2024-01-22"))
    assert chart["run_side"].sum() == 8 and chart["above"].sum() == 1
    _, ax = plt.subplots()
    assert plot_control_chart(chart, ax=ax, title="周投诉率", value_label="每千次配送投诉数") is ax
    blue = _line(ax, "每千次配送投诉数")
    np.testing.assert_allclose(blue.get_ydata(), chart["u_value"])  # the rate, not the count
    assert len(_line(ax, "超出控制限").get_xdata()) == 1
    assert len(_line(ax, "连续同侧").get_xdata()) == 7
    assert _line(ax, "连续同侧").get_color() == "#c55a11"
    assert _line(ax, "控制上限").get_drawstyle() == "steps-mid"
    np.testing.assert_allclose(_line(ax, "控制上限").get_ydata(), chart["ucl"])
    np.testing.assert_allclose(_line(ax, "中心线").get_ydata(), 10.0)  # 40 / 4000 per 1,000
    assert ax.get_title() == "周投诉率"
    plt.close(ax.figure)


def test_plot_needs_a_chart():
    with pytest.raises(KhlibInputError, match="run_side"):
        plot_control_chart(pd.DataFrame({"count": [1, 2]}))
