"""Grading you can trust: every hostile or mangled case (tests/adversarial.py), built from each released exercise,
graded in one `kaikit grade` batch per assignment — each case gets its exact expected outcome, the batch completes,
the gradebook and other students' work stay intact, and feedback never shows a hidden test."""
import csv
import re
import shutil
import sqlite3

import adversarial
import nbformat
import pytest
from adversarial import CASES
from conftest import assignments

from kaikit._paths import REPO_ROOT
from kaikit.grading.batch import grade_submissions
from kaikit.grading.feedback import HIDDEN_FAILED
from kaikit.grading.integrity import GUARD_TAG
from kaikit.released_feedback import read_scores

ASSIGNMENTS = assignments()
# Cases whose code behaves the same in any notebook (an endless loop, os._exit...) run on one of two assignments, in
# turn: the first (graded two at a time, and compared with plain nbgrader) and the signature one (per-student cases);
# every case that depends on an assignment's cells runs on all of them.
HOSTILE_ON = sorted({ASSIGNMENTS[0], "ex05_pipeline"} & set(ASSIGNMENTS))


def hostile_on(name):
    hostile = [n for n, case in CASES.items() if not case.everywhere and not case.spread]
    return HOSTILE_ON[hostile.index(name) % len(HOSTILE_ON)]
CELL_TIMEOUT = 15   # seconds per cell: the endless loop costs this much; the slowest honest cell takes ~5 s
_batches = {}


SPREAD_OVER = 3   # assignments each structural case runs on


def spread_to(name):
    """The assignments a structural case runs on: SPREAD_OVER of them, evenly apart, each case starting one further
    along, so that together the structural cases run on every assignment (and each assignment gets several)."""
    spread = [n for n, case in CASES.items() if case.spread]
    start, step = spread.index(name), max(1, len(ASSIGNMENTS) // SPREAD_OVER)
    return {ASSIGNMENTS[(start + i * step) % len(ASSIGNMENTS)] for i in range(SPREAD_OVER)}


def cases_for(assignment):
    return {name: case for name, case in CASES.items()
            if (case.spread and assignment in spread_to(name))
            or (not case.spread and (case.everywhere or assignment == hostile_on(name)))}


def test_the_structural_cases_together_run_on_every_assignment():
    covered = {a for name, case in CASES.items() if case.spread for a in spread_to(name)}
    assert covered == set(ASSIGNMENTS)
    assert all(len(spread_to(name)) == SPREAD_OVER for name, case in CASES.items() if case.spread)
    assert {name for assignment in ASSIGNMENTS for name in cases_for(assignment)} == set(CASES), "every case runs"


def auto_total(notebook):
    return sum(c.metadata.nbgrader["points"] for c in adversarial.test_cells(notebook))


def run_batch(assignment, root):
    """Build every case for ``assignment`` in a fresh course under ``root`` and grade them in one batch."""
    course, released, solutions = adversarial.released_course(root, assignment)
    other = next(a for a in ASSIGNMENTS if a != assignment)
    submitted = root / "grading" / "submitted"
    context = {
        "watched": adversarial.watched_by_tests(solutions),
        "gradebook": str(root / "grading" / "gradebook.db"),
        "victim": str(submitted / "good" / assignment / f"{assignment}.ipynb"),
        "other_assignment": (REPO_ROOT / "exercises" / other / f"{other}.ipynb").read_bytes(),
    }
    good = adversarial.solved(released, solutions)
    for name, case in cases_for(assignment).items():
        built = case.build(released, nbformat.reads(nbformat.writes(good), as_version=4), context)
        data = built if isinstance(built, bytes) else nbformat.writes(built).encode()
        (submitted / name / assignment).mkdir(parents=True)
        (submitted / name / assignment / f"{assignment}.ipynb").write_bytes(data)
    victim_before = (submitted / "good" / assignment / f"{assignment}.ipynb").read_bytes()
    lines = []
    # The first assignment is graded two at a time: its scores are compared with plain nbgrader's below.
    jobs = 2 if assignment == ASSIGNMENTS[0] else 1
    outcomes = {o.student: o for o in grade_submissions(course, assignment, jobs=jobs, cell_timeout=CELL_TIMEOUT,
                                            report=lines.append)}
    return {"course": course, "outcomes": outcomes, "lines": lines, "total": auto_total(released),
            "victim_before": victim_before, "victim": context["victim"], "solutions": solutions}


@pytest.fixture
def batch(request, tmp_path_factory):
    assignment = request.node.callspec.params["assignment"]
    if assignment not in _batches:
        _batches[assignment] = run_batch(assignment, tmp_path_factory.mktemp("adversarial") / assignment)
    return _batches[assignment]


def grouped(assignment):
    return pytest.param(assignment, marks=pytest.mark.xdist_group(f"adversarial-{assignment}"))


@pytest.mark.parametrize("assignment, case", [
    pytest.param(a, c, marks=pytest.mark.xdist_group(f"adversarial-{a}"), id=f"{a}-{c}")
    for a in ASSIGNMENTS for c in cases_for(a)])
def test_each_case_gets_its_expected_outcome(batch, assignment, case):
    expected, outcome = CASES[case], batch["outcomes"][case]
    flags = {code for code, _ in outcome.flags}
    assert set(expected.flags) <= flags, f"{case}: expected flags {expected.flags}, got {outcome.flags}"
    if case in ("good", "untouched", "wrong"):
        assert not flags, f"an honest submission is never flagged: {outcome.flags}"
    assert outcome.status == expected.status
    assert outcome.max_score == batch["total"], "points cannot be changed by the submission"
    baseline = batch["outcomes"]["wrong"].score
    if expected.score == "full":
        assert outcome.score == batch["total"], f"{case}: {outcome.score}/{outcome.max_score}, {outcome.flags}"
    elif expected.score == "zero":
        assert outcome.score == 0
    elif expected.score == "baseline":
        assert outcome.score <= baseline, f"{case} earned points the wrong answers alone do not"
    else:
        assert 0 <= outcome.score < batch["total"]
    assert outcome.reasons() or not flags


@pytest.mark.parametrize("assignment", [grouped(a) for a in ASSIGNMENTS])
def test_the_batch_completes_and_the_course_is_intact(batch, assignment):
    course, outcomes = batch["course"], batch["outcomes"]
    assert set(outcomes) == set(cases_for(assignment))
    assert len(batch["lines"]) == len(outcomes) + 1, "one progress line per submission and a summary"
    database = sqlite3.connect(course.root / "grading" / "gradebook.db")
    assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    database.close()
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        for student, outcome in outcomes.items():
            assert gradebook.find_submission(assignment, student).code_score == outcome.score
    assert open(batch["victim"], "rb").read() == batch["victim_before"], "another student's work was restored"
    with open(course.root / "grading" / "integrity.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["student"] for row in rows) == sorted(outcomes)
    assert all(row["reasons"] for row in rows if row["flags"]), "every flag comes with a reason"
    # Every submission, graded or not, is "autograded" for formgrader too (with the score the export gives), so no
    # button offers to run plain nbgrader on a broken file, and one that could not be graded says why.
    assert course.api.get_autograded_students(assignment) == set(outcomes)
    for student, outcome in outcomes.items():
        notebook = nbformat.read(course.root / "grading" / "autograded" / student / assignment / f"{assignment}.ipynb",
                                 as_version=4)
        assert (notebook.cells[0].get("id") == "kaikit-not-graded") == (outcome.status == "not_graded")


@pytest.mark.parametrize("assignment", [grouped(a) for a in ASSIGNMENTS])
def test_feedback_shows_results_but_never_hidden_tests(batch, assignment):
    import html

    course = batch["course"]
    for student in ("good", "wrong", "untouched", "patched_library", "empty_file"):
        course.feedback(assignment, student)
    hidden, answers = adversarial.hidden_lines(batch["solutions"])
    released = nbformat.read(course.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
    exercise = {line.strip() for cell in released.cells for line in cell.source.splitlines()}
    feedback_dir = course.root / "grading" / "feedback"
    for student in ("good", "wrong", "untouched", "patched_library", "empty_file"):
        raw = (feedback_dir / student / assignment / f"{assignment}.html").read_text(encoding="utf-8")
        released_scores = read_scores(raw)    # what the student's kk.progress reads: the gradebook's, per part
        assert {p["grade_id"]: (p["score"], p["points"]) for p in released_scores["parts"]} == \
            course.cell_scores(assignment, student) and released_scores["student"] == student
        page = re.sub(r"<[^>]+>", "", html.unescape(raw))
        shown = {line.strip() for line in page.splitlines()}
        for marker in ["BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", GUARD_TAG + ": the kit"]:
            assert marker not in page, f"{student}'s feedback shows {marker!r}"
        leaked = [line for line in hidden if line in shown]
        assert not leaked, f"{student}'s feedback shows hidden test lines: {leaked[:2]}"
        if student != "good":   # the good submission typed the solutions in itself; hints are in the exercise
            assert not [line for line in answers - exercise if line in shown]
        if student == "wrong":   # each failed test says why: a visible test its own message, a hidden one the kit's
            tests = {c.metadata["nbgrader"]["grade_id"] for c in released.cells
                     if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")}
            failed = [g for g, (points, most) in course.cell_scores(assignment, student).items()
                      if g in tests and (points or 0) < most]
            said = len(re.findall(r"\b\w+Error: \S", page)) + page.count(HIDDEN_FAILED)
            assert failed and said >= len(failed), f"{len(failed)} failed tests, {said} reasons shown"
        if student == "empty_file":   # a submission nothing could be graded in: its feedback says why
            assert "could not be autograded" in page and "empty file" in page


# Cases plain nbgrader grades as it is (no repair needed, nothing to withhold): there the scores must be identical.
PLAIN_GRADABLE = ["good", "untouched", "wrong", "deleted_test", "points_changed", "tests_edited", "sys_exit",
                  "huge_output"]


@pytest.mark.parametrize("assignment", [grouped(ASSIGNMENTS[0])])
def test_parallel_grading_gives_plain_nbgraders_scores(batch, assignment):
    course = batch["course"]
    submitted = course.root / "grading" / "submitted"
    for case in [c for c in PLAIN_GRADABLE if c in batch["outcomes"]]:   # structural cases run on some assignments
        twin = submitted / f"plain_{case}" / assignment
        shutil.copytree(submitted / case / assignment, twin)
        result = course.api.autograde(assignment, f"plain_{case}", force=True, create=True)
        assert result["success"], result.get("error")
        assert course.code_score(assignment, f"plain_{case}")[0] == batch["outcomes"][case].score, case
