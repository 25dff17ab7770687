"""The figures a lesson's text states, and how each is checked (the manifests in ``tests/stated_figures/``).

A lesson's markdown is typed by hand, so a data refresh could leave its prose wrong. Every figure-like number in a
lesson's text (see ``figure_tokens``) must be covered by an entry of the lesson's manifest, one of:

    - ko: "13.6 MW"                  # the snippet as the Korean text writes it (and/or en: as the English does)
      en: "13.6 MW"
      value: kk.compute.documented_power().loc["KOR", "existing_mw"]   # recomputed from datasets/ and compared
      step: 0.1                      # optional: the rounding the text uses (default: the last digit written)
    - ko: "2025년 11월 TOP500"         # a date the text states as the data's: the expression gives a date
      value: kk.load("top500_by_country")["list_date"].max()
    - ko: "약 9.9조 원"
      cited: msit_budget_2026_passed  # a figure quoted from a source: a source_id of datasets/sources.csv
    - ko: "15점"
      not_data: the points of the capstone rubric   # not a fact about the world: say what it is

A manifest may start with ``setup:`` (Python run once, e.g. helper functions) before ``figures:``.
"""
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import nbformat
import pandas as pd
import yaml

from kaikit._paths import REPO_ROOT

MANIFESTS = Path(__file__).parent / "stated_figures"
KINDS = ("value", "cited", "not_data")

# --- reading a number as a text writes it ---------------------------------------------------------------------

_KO_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4, "천": 10**3, "백": 10**2, "십": 10}
_EN_UNITS = {"trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3, "k": 10**3}
# A number not glued to letters: H100, 1e23, HBM3E and A100 are names, not figures.
_NUMBER = r"(?<![A-Za-z\d.,])\d[\d,]*(?:\.\d+)?(?![\d]|[A-Za-z]\d|e\d)"
# "1억 4,600만", "9.9조", "3,117", "2.5 million", "231k"
_KO_FIGURE = re.compile(rf"(?:{_NUMBER}\s*[조억만천백십]+\s*)+(?:{_NUMBER}(?![\d.,]))?")
_EN_FIGURE = re.compile(rf"({_NUMBER})\s*(trillion|billion|million|thousand|k\b)?")


@dataclass(frozen=True)
class Figure:
    value: float
    step: float   # the place value of the last digit the text writes: how finely it is rounded


def _decimal_step(number):
    digits = number.replace(",", "")
    return 10.0 ** -len(digits.split(".")[1]) if "." in digits else 1.0


_DATES = re.compile("|".join([
    r"\b\d{4}-\d{2}(?:-\d{2})?\b", r"\b\d{4}년(?:\s*\d{1,2}월(?:\s*\d{1,2}일)?)?",
    r"(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{4}", r"(?<![\d,.])(?:19[5-9]\d|20[0-5]\d)(?![\d%]|[,.]\d|\s*(?:%|개|명|위|배|점|MW|GW))",
]))


def parse_figure(text):
    """The one number in ``text`` ("1억 4,600만 원", "13.6 MW", "KRW 2.5 trillion", "62%"), with its rounding step.

    >>> parse_figure("1억 4,600만 원")
    Figure(value=146000000.0, step=10000.0)
    """
    undated = _DATES.sub(lambda m: " " * len(m.group()), text)   # "2023년 6월 판에서 6위" states 6
    if _CANDIDATE.search(undated):
        text = undated   # else the figure is a year itself ("articles 2022")
    korean = [m for m in _KO_FIGURE.finditer(text) if re.search(r"[조억만천백십]", m.group())]
    if korean:
        if len(korean) > 1:
            raise ValueError(f"more than one figure in {text!r}")
        value, step = Decimal(0), None
        # "1억 4,600만", "6만 5천", "2천만": each number times its units ("천만" = 천 × 만)
        for number, units in re.findall(rf"({_NUMBER})\s*([조억만천백십]*)", korean[0].group()):
            scale = math.prod(_KO_UNITS[unit] for unit in units)
            value += Decimal(number.replace(",", "")) * scale
            step = _decimal_step(number) * scale
        return Figure(float(value), step)
    found = [m for m in _EN_FIGURE.finditer(text)]
    if len(found) != 1:
        raise ValueError(f"expected exactly one number in {text!r}, found {len(found)}")
    number, unit = found[0].groups()
    scale = _EN_UNITS.get(unit or "", 1)
    sign = -1 if re.search(r"(?:^|[\s(])[-−]$", text[:found[0].start()]) else 1   # "−0.36", "(-0.49)"
    return Figure(sign * float(Decimal(number.replace(",", "")) * scale), _decimal_step(number) * scale)


_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"], start=1)}


def parse_date(text):
    """(year, month, day or None) of the one date in ``text``: "2025년 6월", "2025년 12월 2일", "June 2025",
    "2 December 2025", "2025-06", "2025-12-02"; None when it has no date."""
    if m := re.search(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text):
        return int(m[1]), int(m[2]), int(m[3]) if m[3] else None
    if m := re.search(r"(\d{4})년\s*(\d{1,2})월(?:\s*(\d{1,2})일)?", text):
        return int(m[1]), int(m[2]), int(m[3]) if m[3] else None
    if m := re.search(r"(?:(\d{1,2})\s+)?([A-Z][a-z]{2})[a-z]*\.?\s+(\d{4})", text):
        if m[2].lower() in _MONTHS:
            return int(m[3]), _MONTHS[m[2].lower()], int(m[1]) if m[1] else None
    return None


def agrees(value, figure, step=None):
    """Does ``value`` (from the data) round to what the text writes, at the text's precision?"""
    step = step or figure.step
    return math.isclose(round(float(value) / step), round(figure.value / step))


def states(value, snippet, step=None):
    """Does ``snippet`` state ``value``: a date (a Timestamp, date or ISO string) or a number."""
    if hasattr(value, "year") or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value)):
        value = pd.Timestamp(value)
        stated = parse_date(snippet)
        if stated is None:
            raise ValueError(f"no date in {snippet!r}")
        year, month, day = stated
        return (value.year, value.month) == (year, month) and day in (None, value.day)
    return agrees(value, parse_figure(snippet), step)


# --- what counts as a figure in a lesson's text ---------------------------------------------------------------

# Numbers that are not facts about the world: years and dates, article and section numbers, minutes, lesson and
# part numbers, cell and row identifiers.
_NOT_FIGURES = re.compile("|".join([
    r"\b\d{4}-\d{2}(?:-\d{2})?\b",                      # 2025-12-02, 2025-06
    r"\b\d{4}\s*Q\d\b", r"\bQ\d\s+\d{4}\b", r"\b\d{4}년\s*\d분기", r"\b\d분기",  # quarters
    r"\b\d{4}(?:–|-|~)\d{2,4}\b",                       # 2020–2024, 2014-19
    r"(?<![\d,.])(?:19[5-9]\d|20[0-5]\d)(?!\d|[,.]\d|\s*(?:%|개|명|위|배|점|MW|GW|H100))",  # years
    r"\b\d{1,2}월(?:\s*\d{1,2}일)?", r"\b\d{1,2}일",      # months and days
    r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b",
    r"\[0\d\]",                                         # lesson links [02]
    r"(?:기사|시드|article|seed|Article|Seed)\s*\d{3}", r"(?<![\d,.])0\d\d(?!\d)",   # article numbers 000–004, 001
    r"(?<![A-Za-z\d])s\d{3}_\d{2}(?!\d)",                                # claim ids
    r"(?:Part|part|파트|부분)\s*\d+", r"\b\d+\s*부\b",     # exercise parts
    r"(?:lesson|Lesson|exercise|Exercise|ex)\s*0?\d\b", r"\b0?\d\s*강", r"연습문제\s*0?\d",
    r"\b\d+\s*(?:min|분)\b",                           # minutes
    r"(?:cell|셀|section|Section)\s*\d+", r"\b\d+절",
    r"\b\d+\.\s",                                       # list and section numbering "3. "
    r"\b\d+(?:st|nd|rd|th)\s+(?:list|edition)",         # "67th list"
    r"CC BY(?:-[A-Z]{2})* \d\.\d",                       # licences
]))
_CANDIDATE = re.compile(rf"{_NUMBER}")


def _prose(source):
    """A markdown cell's text a learner reads as statements: code spans, link targets, headings, HTML comments
    and quotations of the articles left out (quotes stay verbatim; a callout such as "> **Predict first.**" is
    the lesson's own text and stays)."""
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    source = re.sub(r"`[^`\n]*`|<?https?://[^\s)>]+>?", lambda m: " " * len(m.group()), source)
    source = re.sub(r"\]\([^)]*\)", lambda m: "]" + " " * (len(m.group()) - 1), source)
    lines = []
    for line in source.split("\n"):
        stripped = line.lstrip()
        quoted_or_heading = stripped.startswith("#") or (stripped.startswith(">") and not stripped.startswith("> **"))
        lines.append(" " * len(line) if quoted_or_heading else line)
    return "\n".join(lines)


def figure_tokens(text):
    """Spans of the figure-like numbers in ``text`` (already reduced to prose)."""
    excluded = [m.span() for m in _NOT_FIGURES.finditer(text)]
    spans = []
    for match in _CANDIDATE.finditer(text):
        token = match.group().rstrip(",.")
        start, end = match.start(), match.start() + len(token)
        if any(s <= start and end <= e for s, e in excluded):
            continue
        counted = re.match(r"\s*(?:위|배|×|%|[조억만천백십])|(?:st|nd|rd|th)\b", text[end:end + 4]) is not None
        if "." in token or len(token.replace(",", "")) >= 2 or counted:
            spans.append((start, end))
    return spans


# Chart titles typed in a code cell state a finding too ("TOP500 (June 2025): …"); f-strings compute theirs.
_TITLE = re.compile(r"""(?:title\s*=\s*|set_title\(\s*|suptitle\(\s*)(f?)(["'])(.*?)\2""")


def lesson_prose(path):
    """The text of a lesson a learner reads as statements: its markdown, and the chart titles its code types."""
    notebook = nbformat.read(path, as_version=4)
    parts = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(_prose(cell.source))
        else:
            parts += [re.sub(r"\{[^}]*\}", lambda m: " " * len(m.group()), text) if is_f else text
                      for is_f, _, text in _TITLE.findall(cell.source)]
    return "\n\n".join(parts)


# --- manifests -----------------------------------------------------------------------------------------------

@dataclass
class Entry:
    lesson: str
    snippets: dict      # language -> snippet
    kind: str
    detail: object      # the expression, the source_id or the reason
    step: float = None

    def __str__(self):
        return f"{self.lesson}: {self.snippets}"


def manifest(lesson):
    """(setup code, entries) of ``tests/stated_figures/<lesson>.yaml``; (None, []) when there is none."""
    path = MANIFESTS / f"{lesson}.yaml"
    if not path.exists():
        return None, []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = []
    for item in data.get("figures") or []:
        kinds = [k for k in KINDS if k in item]
        if len(kinds) != 1:
            raise ValueError(f"{path.name}: {item} needs exactly one of {KINDS}")
        snippets = {language: item[language] for language in ("ko", "en") if language in item}
        if not snippets:
            raise ValueError(f"{path.name}: {item} has no ko or en snippet")
        entries.append(Entry(lesson, snippets, kinds[0], item[kinds[0]], item.get("step")))
    return data.get("setup"), entries


def lessons():
    return sorted(path.stem for path in (REPO_ROOT / "lessons" / "ko").glob("*.ipynb"))


def lesson_path(lesson, language):
    return REPO_ROOT / "lessons" / language / f"{lesson}.ipynb"
