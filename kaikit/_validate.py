"""The checks of a learner's arguments shared by the learner's library: numbers, and names looked up in a mapping.

A learner's number may come from Python (``2``, ``0.5``), from numpy or pandas (``np.int64(2)``, a value read from a
table) or from ``fractions``: all are accepted. Booleans, NaN, strings and ``Decimal`` (which does not mix with
floats) are not.

>>> import numpy as np
>>> is_number(np.int64(2)), is_number(np.float32(0.5)), is_number(True), is_number(float("nan"))
(True, True, False, False)
>>> is_number(np.int64(2020), whole=True), is_number(2020.0, whole=True)
(True, False)
"""
from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable


class UnknownNameError(KeyError):
    """A name the learner gave that is not one of the choices: a ``KeyError`` (``except KeyError`` still catches it)
    whose text reads as the message, not as a quoted string with escapes.

    >>> print(UnknownNameError("No dataset 'x'."))
    No dataset 'x'.
    >>> print(KeyError("No dataset 'x'."))               # what a plain KeyError shows
    "No dataset 'x'."
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def is_number(value: object, whole: bool = False) -> bool:
    """True if ``value`` is a real number (an integer if ``whole``), not a bool and not NaN.

    >>> from fractions import Fraction
    >>> is_number(Fraction(1, 3)), is_number("3")
    (True, False)
    """
    kind = numbers.Integral if whole else numbers.Real
    return isinstance(value, kind) and not isinstance(value, bool) and bool(value == value)  # NaN != NaN


def check_named_numbers(mapping: object, names: Iterable[str], accept: Callable[[object], bool], *,
                        not_a_dict: Callable[[str], str], unknown: Callable[[str], str],
                        bad_value: Callable[[str, object], str]) -> None:
    """Check a learner's ``{name: number}`` mapping (weights, ranges): a dict, whose names are among ``names`` and
    whose values all pass ``accept``. Names may be left out. Each of the last three turns what is wrong into the
    message to raise: ``not_a_dict(type name)`` a TypeError, ``unknown(", "-joined unknown names)`` an
    ``UnknownNameError``, ``bad_value(name, value)`` a ValueError.

    >>> check_named_numbers({"a": 1, "z": 2}, ["a", "b"], is_number, not_a_dict=str, unknown=lambda names: names,
    ...                     bad_value=lambda name, value: name)
    Traceback (most recent call last):
    ...
    kaikit._validate.UnknownNameError: z
    """
    if not isinstance(mapping, dict):
        raise TypeError(not_a_dict(type(mapping).__name__))
    extra = sorted(set(mapping) - set(names))
    if extra:
        raise UnknownNameError(unknown(", ".join(extra)))
    for name, value in mapping.items():
        if not accept(value):
            raise ValueError(bad_value(name, value))
