"""Every exercise self-check answers an unanswered exercise (None or ...) with 尚未作答, never an error."""

import pytest

import khlib as kh
from khlib import check
from khlib.check.feedback import Feedback, close, number, unanswered

CHECKS = sorted(n for n in check.__all__ if n.startswith("q"))


@pytest.mark.parametrize("fn,args", [
    (check.q00_1, (None,)), (check.q00_2, (None,)), (check.q04_1, (None,)),
    (check.q04_2, (None,)), (check.q04_2, ((None, None),)), (check.q04_3, (...,)), (check.q04_4, (None,)),
])
def test_unanswered_is_not_an_error(fn, args):
    fb = fn(*args)
    assert fb.ok is None and "尚未作答" in repr(fb) and not fb
    assert "尚未作答" in fb._repr_html_()


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("answer", [None, ...], ids=["None", "Ellipsis"])
def test_every_check_says_not_answered(name, answer):
    fb = getattr(kh.check, name)(answer)
    assert isinstance(fb, Feedback) and fb.ok is None and "尚未作答" in repr(fb) and not fb


def test_every_chapter_with_exercises_has_checks():
    assert {n[1:3] for n in CHECKS} == {"00", "01", "02", "03", "04", "05", "06", "07", "08"}


def test_answer_helpers():
    assert unanswered(None) and unanswered(...) and not unanswered(0) and not unanswered("")
    assert number("1.5") == 1.5 and number("abc") is None and number(None) is None
    assert close(1.0, 1.0 + 1e-9) and not close(1.0, 1.01)
    assert bool(Feedback(True, "")) and not Feedback(False, "") and "✘" in repr(Feedback(False, "x"))
