"""The one check of numeric arguments shared by the learner's library.

A learner's number may come from Python (``2``, ``0.5``), from numpy or pandas (``np.int64(2)``, a value read from a
table) or from ``fractions``: all are accepted. Booleans, NaN, strings and ``Decimal`` (which does not mix with
floats) are not.

>>> import numpy as np
>>> is_number(np.int64(2)), is_number(np.float32(0.5)), is_number(True), is_number(float("nan"))
(True, True, False, False)
>>> is_number(np.int64(2020), whole=True), is_number(2020.0, whole=True)
(True, False)
"""
import numbers


def is_number(value, whole=False):
    """True if ``value`` is a real number (an integer if ``whole``), not a bool and not NaN.

    >>> from fractions import Fraction
    >>> is_number(Fraction(1, 3)), is_number("3")
    (True, False)
    """
    kind = numbers.Integral if whole else numbers.Real
    return isinstance(value, kind) and not isinstance(value, bool) and bool(value == value)  # NaN != NaN
