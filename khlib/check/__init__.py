"""Self-checks for the 动手练习 exercises (练习自测): ``kh.check.q04_1(answer)`` tells the student
in Chinese whether the answer is right and, if not, what to look at. The right answers are
computed from the data and khlib, never typed in. An unanswered exercise (``None`` or
``...``) is reported as 尚未作答 rather than as an error.

One file per chapter (``ch00`` … ``ch05b``); the teaching examples the exercises use live in
their chapter's module (``kh.grading.HAND_EXAMPLE``, ``kh.transactions.HAND_EXAMPLE``).
"""

from .._deprecation import moved
from .ch00 import q00_1, q00_2, q00_3, q00_4
from .ch01 import q01_1, q01_2, q01_3, q01_4
from .ch02 import q02_1, q02_2, q02_3, q02_4, q02_5
from .ch03 import q03_1, q03_2, q03_3, q03_4, q03_5
from .ch04 import q04_1, q04_2, q04_3, q04_4, q04_5
from .ch05 import q05_1, q05_2, q05_3, q05_4
from .ch05b import q05_5, q05_6, q05_7, q05_8
from .ch06 import q06_1, q06_2, q06_3, q06_4, q06_5
from .ch07 import q07_1, q07_2, q07_3, q07_4, q07_5
from .ch08 import q08_1, q08_2, q08_3, q08_4, q08_5
from .feedback import Feedback

__all__ = ["Feedback", "q00_1", "q00_2", "q00_3", "q00_4", "q01_1", "q01_2", "q01_3", "q01_4", "q02_1", "q02_2", "q02_3", "q02_4",
           "q02_5", "q03_1", "q03_2", "q03_3", "q03_4", "q03_5", "q04_1", "q04_2", "q04_3", "q04_4", "q04_5",
           "q05_1", "q05_2", "q05_3", "q05_4", "q05_5", "q05_6", "q05_7", "q05_8",
           "q06_1", "q06_2", "q06_3", "q06_4", "q06_5",
           "q07_1", "q07_2", "q07_3", "q07_4", "q07_5",
           "q08_1", "q08_2", "q08_3", "q08_4", "q08_5"]

__getattr__ = moved(__name__, {"EXAMPLE_04": "khlib.grading:HAND_EXAMPLE",
                               "EXAMPLE_05": "khlib.transactions:HAND_EXAMPLE"})
