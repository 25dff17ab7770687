"""Per-student variants: one part of an exercise asks each student about a different but equally instructive case.

    case = kk.variants.case("ex02_chips")   # a locked cell of the exercise shows the learner's case
    case["china_growth"]                     # the values the part's question and tests use

The case is drawn deterministically from the course, the assignment and the learner's identity:

* identity: ``KAIKIT_STUDENT`` when it is set (the course's grader sets it to nbgrader's student id; an empty value
  means "no identity"), otherwise ``JUPYTERHUB_USER`` (on a JupyterHub, the user's name, which is also their
  nbgrader student id); none on a laptop or Binder;
* course: ``KAIKIT_COURSE`` (default ``kaikit``): set it, for students and graders alike, to draw new cases for a new
  term;
* without an identity, or with ``KAIKIT_VARIANTS=off``, everyone gets case 0, the exercise's default.

The shown case carries what it was drawn for (``MIME``: assignment, identity, case number) in the notebook's saved
output; the grader reads it to grade the student under the identity they worked with, and to flag a notebook
worked under another student's identity (``kaikit.grading.variants``).

>>> case("ex02_chips", who=None).number, case("ex02_chips", who=None)["china_growth"]
(0, 0.2)
>>> case("ex02_chips", who="s001") == case("ex02_chips", who="s001")
True
"""
from __future__ import annotations

import hashlib
import os

from ._validate import UnknownNameError
from .i18n import bilingual, did_you_mean, message

__all__ = ["case", "identity", "CASES"]

MIME = "application/vnd.kaikit.case+json"

# Each assignment: the part whose question varies, and its cases; case 0 is the default (no identity). Every case
# has its own answer (tests/unit/test_variants.py checks it), so a copied number fails for another case.
CASES = {
    "ex02_chips": {"part": 4, "cases": [
        {"china_growth": 0.20, "by_year": 2035}, {"china_growth": 0.15, "by_year": 2035},
        {"china_growth": 0.25, "by_year": 2035}, {"china_growth": 0.15, "by_year": 2040},
        {"china_growth": 0.20, "by_year": 2040}, {"china_growth": 0.25, "by_year": 2040},
    ]},
    "ex04_talent": {"part": 4, "cases": [
        {"year": 2022}, {"year": 2021}, {"year": 2019}, {"year": 2018}, {"year": 2017}, {"year": 2014},
    ]},
    "ex05_pipeline": {"part": 3, "cases": [
        {"scenario": "stop_medical_pull", "years": 25}, {"scenario": "stop_medical_pull", "years": 15},
        {"scenario": "hwasubun", "years": 25}, {"scenario": "hwasubun", "years": 15},
        {"scenario": "import_talent", "years": 25}, {"scenario": "import_talent", "years": 15},
    ]},
}


def identity() -> str | None:
    """The learner's identity as the kit finds it (None: none, or variants are switched off)."""
    if os.environ.get("KAIKIT_VARIANTS", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    if "KAIKIT_STUDENT" in os.environ:
        found = os.environ["KAIKIT_STUDENT"]
    else:
        found = os.environ.get("JUPYTERHUB_USER", "")
    return found.strip() or None


def case_number(assignment: str, who: str | None, course: str | None = None) -> int:
    """The case ``who`` gets in ``assignment``: 0 without an identity, else drawn from course, assignment, identity."""
    cases = _cases(assignment)["cases"]
    if who is None:
        return 0
    course = os.environ.get("KAIKIT_COURSE", "kaikit") if course is None else course
    digest = hashlib.sha256("\n".join([course, assignment, who]).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % len(cases)


class Case(dict):
    """One learner's case: its values by name, what it was drawn for, and how a notebook shows it."""

    def __init__(self, assignment: str, who: str | None, number: int):
        super().__init__(_cases(assignment)["cases"][number])
        self.assignment, self.identity, self.number = assignment, who, number

    def describe(self) -> str:
        """The case in both languages, as Markdown: a heading, then one line per language."""
        values = {**self, **{f"{name}_pct": f"{value * 100:g}" for name, value in self.items()
                             if isinstance(value, float)}}
        part = _cases(self.assignment)["part"]
        heading = (bilingual("case_header", part=part, who=self.identity) if self.identity
                   else bilingual("case_header_default", part=part))
        lines = bilingual(f"case_{self.assignment}", separator="\n", **values).split("\n")
        return f"**{heading}**\n\n" + "\n".join(f"- {line}" for line in lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/markdown": self.describe(), "text/plain": self.describe(),
                MIME: {"assignment": self.assignment, "identity": self.identity, "case": self.number}}


def case(assignment: str, who: str | None = ...) -> Case:
    """The case of ``assignment`` for the learner (or for the identity ``who``, when given; None: the default)."""
    who = identity() if who is ... else who
    return Case(assignment, who, case_number(assignment, who))


def _cases(assignment):
    if assignment not in CASES:
        raise UnknownNameError(message("case_unknown_assignment", name=assignment, available=", ".join(CASES),
                                       suggestion=did_you_mean(assignment, CASES)))
    return CASES[assignment]
