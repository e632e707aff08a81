"""The weight sliders: the re-ranking logic by hand, and the widget moved like a student would."""

import ipywidgets
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.selection import rerank, weights_widget

T = pd.DataFrame({"size": [10, 20, 30, 40], "km": [5, 50, 20, 80]}, index=["w", "x", "y", "z"])
UP = {"km": False}


def test_rerank_by_hand():
    r = rerank(T, {"size": 1, "km": 1}, base={"size": 1, "km": 0}, higher_is_better=UP, top_n=2)
    # size 0, 33.3, 66.7, 100; km (lower better) 100, 40, 80, 0: equal weights -> 50, 36.7, 73.3, 50
    assert r["weights"].tolist() == [0.5, 0.5]
    assert r["top"].index.tolist() == ["y", "w"]  # w and z tie at 50: the id decides
    assert r["entered"] == ["w"] and r["left"] == ["z"]  # on size alone the top two were z, y
    with pytest.raises(KhlibInputError):
        rerank(T, {"size": 0, "km": 0}, higher_is_better=UP)


def test_widget_moves(capsys):
    """Outside a kernel the widget's output goes to stdout, where capsys reads it."""
    box = weights_widget(T, {"size": 0.5, "km": 0.5}, higher_is_better=UP, top_n=2, labels=pd.Series(
        {"w": "甲", "x": "乙", "y": "丙", "z": "丁"}))
    sliders = [c for row in box.children[:-1] for c in row.children if isinstance(c, ipywidgets.FloatSlider)]
    assert [s.description for s in sliders] == ["size", "里程（km）"]  # Chinese labels from kh.vocab.LABELS
    assert "新进入前 2 名 0 位" in capsys.readouterr().out
    sliders[1].value = 0.0  # only size counts now: z and y are the top two
    text = capsys.readouterr().out
    assert "size 100%" in text and "新进入前 2 名 1 位" in text and "丁" in text
    sliders[0].value = 0.0
    assert "至少给一个准则" in capsys.readouterr().out
