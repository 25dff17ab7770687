"""`kaikit report`: item analysis from the gradebook. The statistics on hand-made tables (every figure worked out
here by hand), then one small class graded for real: the CSV, the messages a learner saw, the HTML pages, the CLI."""
import copy
import csv
import math
import re
from collections import Counter

import adversarial
import nbformat
import pandas as pd
import pytest

from kaikit.grading.report import (
    CSV_COLUMNS,
    ClassReport,
    class_report,
    item_statistics,
    part_flags,
    summary_lines,
)
from kaikit.i18n import LANGUAGES
from kaikit.self_check import _width

ASSIGNMENT = "ex00_start"


# --- the statistics, by hand ------------------------------------------------------------------------------------

def by_part(table):
    return table.set_index("grade_id")


def test_discrimination_is_one_when_only_strong_students_pass_and_zero_when_everyone_does():
    scores = pd.DataFrame({"other": [3, 3, 0, 0], "strong": [1, 1, 0, 0], "everyone": [1, 1, 1, 1]},
                          index=["a", "b", "c", "d"])
    table = by_part(item_statistics(scores, {"other": 3, "strong": 1, "everyone": 1}))
    # 4 students: groups of round(0.27 × 4) = 1. "strong": ranked by other + everyone = 4, 4, 1, 1 → a on top (1.0),
    # d at the bottom (0.0): 1 − 0 = 1. "everyone": 1 − 1 = 0.
    assert table.loc["strong", "discrimination"] == 1.0
    assert table.loc["everyone", "discrimination"] == 0.0
    assert table.loc["other", "discrimination"] == 1.0


def test_discrimination_needs_four_students():
    scores = pd.DataFrame({"other": [3, 3, 0], "strong": [1, 1, 0]})
    table = item_statistics(scores, {"other": 3, "strong": 1})
    assert table["discrimination"].isna().all()


def test_one_student_gives_figures_and_no_discrimination():
    table = by_part(item_statistics(pd.DataFrame({"p": [2.0]}, index=["solo"]), {"p": 2}))
    assert table.loc["p", "mean"] == 2.0 and table.loc["p", "full_marks_share"] == 1.0
    assert math.isnan(table.loc["p", "discrimination"])


def test_means_and_shares_leave_out_written_answers_not_graded_yet():
    index = ["s1", "s2", "s3", "s4", "s5"]
    scores = pd.DataFrame({"p": [2, 2, 1, 0, 0], "memo": [3, math.nan, 1, 0, 0]}, index=index)
    attempted = pd.DataFrame({"p": [True, True, True, True, False], "memo": [True, True, True, False, False]},
                             index=index)
    table = by_part(item_statistics(scores, {"p": 2, "memo": 3}, attempted))

    p = table.loc["p"]
    assert p["points"] == 2 and p["mean"] == 5 / 5
    assert p["full_marks_share"] == 2 / 5             # s1, s2
    assert p["not_attempted_share"] == 1 / 5          # s5
    assert p["failing_share"] == 1 / 4                # of s1..s4 who tried, s4 got 0

    memo = table.loc["memo"]
    assert memo["not_graded_yet"] == 1                # s2 waits for a person: not a 0
    assert memo["mean"] == (3 + 1 + 0 + 0) / 4
    assert memo["full_marks_share"] == 1 / 4
    assert memo["not_attempted_share"] == 2 / 5
    assert memo["failing_share"] == 0                 # s1 and s3 tried, neither got 0
    # Ranked by p (the other part) among the graded: s1 2, s3 1, s4 0, s5 0 → top s1 (3/3), bottom s5 (0/3).
    assert memo["discrimination"] == 1.0


def test_flags_a_test_nobody_passes_and_a_hidden_test_full_solutions_fail():
    scores = pd.DataFrame({"visible": [1, 1, 1, 0], "hidden": [0, 0, 1, 0], "broken": [0, 0, 0, 0],
                           "memo": [0, 0, 0, 0]})
    attempted = pd.DataFrame(True, index=scores.index, columns=scores.columns)
    maxima = {"visible": 1, "hidden": 1, "broken": 1, "memo": 2}
    flags = part_flags(scores, maxima, attempted, {"visible", "hidden", "broken"}, {"hidden"})
    assert flags["broken"] == ["report_flag_all_fail"]
    assert flags["memo"] == [], "a written answer is graded by a person: never flagged"
    assert flags["visible"] == []
    # "broken" fails everyone, so nobody has full marks on every other automatic part: no hidden flag from it.
    assert flags["hidden"] == []

    flags = part_flags(scores.drop(columns="broken"), maxima, attempted, {"visible", "hidden"}, {"hidden"})
    # Full marks on "visible": rows 0, 1, 2; two of the three fail "hidden" (at least half).
    assert flags["hidden"] == ["report_flag_hidden_fails_full"]


def test_summary_is_aligned_for_hangul():
    scores = pd.DataFrame({"test_b": [2, 2, 0, 2], "test_a": [1, 0, 0, 0]})
    labels = {"test_a": "문제 1", "test_b": "문제 2 (숨겨진 테스트)"}
    items = item_statistics(scores, {"test_a": 1, "test_b": 2}, labels=labels)
    report = ClassReport(ASSIGNMENT, items, scores.sum(axis=1), 3.0, {"test_a": [], "test_b": []},
                         {language: labels for language in LANGUAGES},
                         {language: {"test_a": Counter({"숫자를 돌려주세요": 3}), "test_b": Counter({"x": 1})}
                          for language in LANGUAGES})
    lines = summary_lines(report)
    table = [line for line in lines if re.search(r"\btest_[ab]\b", line) and ":" not in line]
    assert len(table) == 2 and len({_width(line) for line in table}) == 1
    assert table[0].lstrip().startswith("문제 1"), "the weakest part (25% full marks) first"
    assert "  문제 1 · test_a: 숫자를 돌려주세요 (3번)" in lines, "its commonest message; test_b (75%) is not weak"
    assert not [line for line in lines if line.endswith("x (1번)")]


def test_similarity_hints_are_shown_as_hints_with_their_measure(monkeypatch, tmp_path):
    """The similarity module faked, so that the pair and its score are known."""
    import sys
    import types

    from kaikit.grading import report as report_module
    from kaikit.i18n import get_language

    def similar_pairs(course, assignment):
        pair = types.SimpleNamespace(students=("kim", "lee"), score=0.93, cells=["test_a"])
        return types.SimpleNamespace(pairs=[pair], threshold=0.8, measure=f"measure in {get_language()}")

    monkeypatch.setitem(sys.modules, "kaikit.grading.similarity", types.SimpleNamespace(similar_pairs=similar_pairs))
    similarity = report_module._similarity(None, ASSIGNMENT)
    scores = pd.DataFrame({"test_a": [1, 1]}, index=["kim", "lee"])
    labels = {"test_a": "문제 1"}
    report = ClassReport(ASSIGNMENT, item_statistics(scores, {"test_a": 1}, labels=labels), scores.sum(axis=1), 1.0,
                         {"test_a": []}, {language: labels for language in LANGUAGES},
                         {language: {"test_a": Counter()} for language in LANGUAGES}, similarity)
    assert "  kim – lee: 0.93" in summary_lines(report)
    page = report_module.render_html(report, "en")
    assert "measure in en" in page and "0.8 or more" in page and "never a penalty" in page
    assert "measure in ko" in report_module.render_html(report, "ko")


# --- a small class, graded for real ----------------------------------------------------------------------------

def formgrader_put(course, student, grade_id, manual_score):
    """What formgrader does when a person grades a written answer."""
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        grade = gradebook.find_grade(grade_id, ASSIGNMENT, ASSIGNMENT, student)
        grade.manual_score, grade.needs_manual_grade = manual_score, False
        gradebook.db.commit()


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Six students of ex00_start graded once: two solved, one half right, two wrong, one untouched; one written
    answer graded by a person, one waiting."""
    from kaikit.grading.batch import grade_submissions

    # as the `course` fixture, once for the module
    course, released, solutions = adversarial.released_course(tmp_path_factory.mktemp("report") / "course", ASSIGNMENT)
    good = adversarial.solved(released, solutions)
    half = copy.deepcopy(good)
    rank = next(c for c in adversarial.answer_cells(half) if c.metadata.nbgrader["grade_id"] == "rank_of")
    rank.source = 'def rank_of(table, iso3, list_date, measure="systems"):\n    return 0'
    students = {"half": half, "wrong1": adversarial.wrong(good), "wrong2": adversarial.wrong(good), "idle": released}
    for student in ("good1", "good2"):     # only they write the written answer; the others leave it as released
        students[student] = copy.deepcopy(good)
        written = next(c for c in students[student].cells
                       if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade"))
        written.source = "시스템 수 순위가 더 높다: 작은 시스템이 많다. 한계: 제출한 시스템만, FP64 성능."
    for student, notebook in students.items():
        folder = course.root / "grading" / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
    grade_submissions(course, ASSIGNMENT, jobs=2, report=lambda line: None)
    formgrader_put(course, "good1", written.metadata.nbgrader["grade_id"], 2.0)
    return course, solutions, written.metadata.nbgrader["grade_id"]


def gradebook_scores(course):
    """{student: {grade_id: (score, max_score, needs_manual_grade)}}, read while the gradebook is open."""
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        return {student: {g.name: (g.score, g.max_score, g.needs_manual_grade)
                          for g in gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student).grades}
                for student in course.submitted_students(ASSIGNMENT)}


@pytest.mark.xdist_group("report")
def test_report_of_a_small_class(graded_class, capsys):
    from kaikit.grading.cli import main

    course, solutions, written_id = graded_class
    report = class_report(course, ASSIGNMENT)
    items = report.items.set_index("grade_id")
    grades = gradebook_scores(course)
    graded_cells = {name for per_student in grades.values() for name in per_student}
    assert set(items.index) == graded_cells and len(report.totals) == 6

    for grade_id in graded_cells - {written_id}:
        full = [g[grade_id][0] >= g[grade_id][1] for g in grades.values()]
        assert items.loc[grade_id, "full_marks_share"] == pytest.approx(sum(full) / len(full)), grade_id

    # systems_in: good1, good2, half pass; wrong1 and wrong2 tried and got 0; idle never touched it.
    systems = items.loc["test_systems_in"]
    assert systems["not_attempted_share"] == pytest.approx(1 / 6)
    assert systems["failing_share"] == pytest.approx(2 / 5)
    # The written answer: good1 got 2 from a person, good2 waits (left out), the rest left it as released (0).
    written = items.loc[written_id]
    assert written["not_graded_yet"] == 1 and written["mean"] == pytest.approx(2 / 5)

    # What wrong1 and wrong2 read: the visible assert's own message, never a hidden test's line.
    hidden, answers = adversarial.hidden_lines(solutions)
    visible_test = next(c for c in adversarial.test_cells(solutions) if c.metadata.nbgrader["grade_id"]
                        == "test_systems_in")
    text, times = report.messages["en"]["test_systems_in"].most_common(1)[0]
    assert times == 2 and f'"{text}"' in visible_test.source
    every_message = [m for per_language in report.messages.values() for counter in per_language.values()
                     for m in counter]
    assert every_message and not [m for m in every_message for line in hidden | answers if line in m]

    # The command: a summary, a CSV with the required columns first, an HTML page per language.
    assert main(["--course", str(course.root), "--lang", "en", "report", ASSIGNMENT]) == 0
    printed = capsys.readouterr().out
    assert "6 students" in printed and "test_systems_in" in printed
    folder = course.root / "grading" / "reports"
    with open(folder / f"{ASSIGNMENT}.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:6] == ["grade_id", "points", "mean", "full_marks_share", "not_attempted_share",
                                 "discrimination"] == CSV_COLUMNS[:6]
    assert sorted(r["grade_id"] for r in rows) == sorted(graded_cells)
    for language in LANGUAGES:
        page = (folder / f"{ASSIGNMENT}.{language}.html").read_text(encoding="utf-8")
        assert page.count("<h1") == 1 and page.count("<img") == 2 and 'alt=""' not in page
        levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), "headings in order"
        assert not [line for line in hidden if line in page], "no hidden test code in the report"
    assert "Item analysis" in (folder / f"{ASSIGNMENT}.en.html").read_text(encoding="utf-8")
    assert "문항 분석" in (folder / f"{ASSIGNMENT}.ko.html").read_text(encoding="utf-8")

    # A misspelled name: the nearest one, no traceback. Nothing was graded again or changed.
    before = gradebook_scores(course)
    assert main(["--course", str(course.root), "--lang", "en", "report", "ex00_strat"]) == 2
    error = capsys.readouterr().err
    assert "Did you mean 'ex00_start'?" in error and "Traceback" not in error
    assert gradebook_scores(course) == before == grades
