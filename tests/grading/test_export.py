"""Grades leave the gradebook in the files Canvas and Moodle import, matched through a roster; nobody is dropped,
only assignments someone handed in (or those named) become columns, and late work is scored and reported as nbgrader
does."""
import csv
import datetime
import shutil

import pytest

from kaikit._paths import REPO_ROOT
from kaikit.grading.cli import main
from kaikit.grading.course import Course
from kaikit.grading.export import export_grades, read_roster
from kaikit.i18n import set_language

ASSIGNMENT = "ex00_start"
UNSUBMITTED = "ex01_position"
DUE = datetime.datetime(2026, 12, 1, 23, 59)


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A course folder with ex00 released: nbgrader's release is the slow part, so it is done once and copied."""
    root = tmp_path_factory.mktemp("export") / "course"
    root.mkdir()
    shutil.copy(REPO_ROOT / "nbgrader_config.py", root)
    shutil.copytree(REPO_ROOT / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    Course(root).release(ASSIGNMENT)
    return root


@pytest.fixture
def graded(released, tmp_path):
    """ex00 released; kim scored on every automatic part, lee on none, park (not in the roster) on one; a second
    assignment in the gradebook that nobody handed in."""
    from nbgrader.api import Gradebook

    shutil.copytree(released, tmp_path / "course")
    course = Course(tmp_path / "course")
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        gradebook.update_or_create_assignment(UNSUBMITTED)
        for student, share in [("kim", 1.0), ("lee", 0.0), ("park", 0.5)]:
            gradebook.update_or_create_student(student)
            submission = gradebook.update_or_create_submission(ASSIGNMENT, student)
            grades = [g for nb in submission.notebooks for g in nb.grades]
            for index, grade in enumerate(grades):
                grade.auto_score = grade.max_score * (share if share != 0.5 else index % 2)
                grade.needs_manual_grade = False
        gradebook.db.commit()
        total = gradebook.find_assignment(ASSIGNMENT).max_score
        park = gradebook.find_submission(ASSIGNMENT, "park").score
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email,lms_id,sis_user_id,sis_login_id,section,idnumber\n"
                      "kim,Kim Minji,kim@example.ac.kr,101,2026001,minji,A,2026001\n"
                      "lee,Lee Jun,lee@example.ac.kr,102,2026002,jun,A,2026002\n"
                      "choi,Choi Ara,choi@example.ac.kr,103,2026003,ara,B,2026003\n", encoding="utf-8")
    return course, roster, total, park


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_canvas_gradebook_csv(graded, tmp_path):
    course, roster, total, _ = graded
    report = export_grades(course, "canvas", tmp_path / "canvas.csv", roster)
    table = rows(tmp_path / "canvas.csv")
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT]
    assert table[1] == ["Points Possible", "", "", "", "", f"{total:g}"]
    assert table[2] == ["Kim Minji", "101", "2026001", "minji", "A", f"{total:g}"]
    assert table[3] == ["Lee Jun", "102", "2026002", "jun", "A", "0"]
    assert table[4] == ["Choi Ara", "103", "2026003", "ara", "B", ""], "no submission: empty, not zero"
    assert report.students == 3 and report.not_in_roster == ["park"] and report.no_submission == {ASSIGNMENT: ["choi"]}
    assert report.assignments == [ASSIGNMENT] and report.left_out == [UNSUBMITTED], "no column nobody could earn"


def test_moodle_grade_import_csv_and_the_unmatched_file(graded, tmp_path):
    course, roster, total, park = graded
    export_grades(course, "moodle", tmp_path / "moodle.csv", roster)
    table = rows(tmp_path / "moodle.csv")
    assert table[0] == ["ID number", "Email address", "Full name", ASSIGNMENT]
    assert table[1] == ["2026001", "kim@example.ac.kr", "Kim Minji", f"{total:g}"]
    assert rows(tmp_path / "moodle.unmatched.csv") == [["student_id", ASSIGNMENT], ["park", f"{park:g}"]]


def test_nbgrader_csv_and_the_command_line_report(graded, tmp_path, capsys):
    course, roster, _, _ = graded
    assert main(["--course", str(course.root), "--lang", "en", "export", "--roster", str(roster),
                 "--to", str(tmp_path / "grades.csv")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"Wrote grades for 3 students to {tmp_path / 'grades.csv'} (assignments: {ASSIGNMENT}).",
                   f"Left out the assignments with no submission yet: {UNSUBMITTED} (name them with --assignment to "
                   "include them).",
                   f"1 student not in the roster (park): their grades are in {tmp_path / 'grades.unmatched.csv'}.",
                   f"{ASSIGNMENT}: no submission from 1 student in the roster (left empty): choi"]
    table = list(csv.DictReader(open(tmp_path / "grades.csv", encoding="utf-8")))
    assert {row["student_id"] for row in table} == {"kim", "lee", "park"}
    assert {row["assignment"] for row in table} == {ASSIGNMENT}


def test_named_assignments_only_and_counts_that_say_what_they_count(graded, tmp_path, capsys):
    course, roster, total, _ = graded
    assert main(["--course", str(course.root), "--lang", "en", "export", "--format", "canvas", "--roster",
                 str(roster), "--assignment", UNSUBMITTED, "--to", str(tmp_path / "canvas.csv")]) == 0
    out = capsys.readouterr().out
    assert rows(tmp_path / "canvas.csv")[0][5:] == [UNSUBMITTED], "only the assignment asked for"
    assert f"{UNSUBMITTED}: no submission from 3 students in the roster (left empty): kim, lee, choi" in out
    assert "Left out" not in out
    assert main(["--course", str(course.root), "export", "--format", "canvas", "--roster", str(roster),
                 "--assignment", ASSIGNMENT, "--assignment", UNSUBMITTED, "--to", str(tmp_path / "canvas.csv")]) == 0
    assert rows(tmp_path / "canvas.csv")[0][5:] == [ASSIGNMENT, UNSUBMITTED]
    assert "명단에 없는 학생 1명(park)의 점수는" in capsys.readouterr().out


@pytest.mark.parametrize("arguments, words", [
    (["--assignment", "ex00_strat"], "no assignment 'ex00_strat' in the gradebook. Did you mean 'ex00_start'?"),
    (["--format", "canvas"], "needs a roster"),
])
def test_problems_are_one_line_with_exit_code_2(graded, tmp_path, capsys, arguments, words):
    course = graded[0]
    assert main(["--course", str(course.root), "--lang", "en", "export", *arguments,
                 "--to", str(tmp_path / "c.csv")]) == 2
    error = capsys.readouterr().err
    assert words in error and error.count("\n") == 1 and error.startswith("kaikit export: ")


def test_nothing_to_export_before_any_submission(released, tmp_path, capsys):
    shutil.copytree(released, tmp_path / "course")
    course = Course(tmp_path / "course")
    assert main(["--course", str(course.root), "--lang", "en", "export", "--to", str(tmp_path / "g.csv")]) == 2
    assert "no assignment has a submission" in capsys.readouterr().err


def test_late_work_is_scored_after_nbgraders_penalty_and_reported(graded, tmp_path, capsys):
    """park handed in 1 day 10 hours late and nbgrader's late-submission plugin took 2 points: every format exports
    the score less the penalty, as nbgrader's own CSV does, and the export names the delay and the penalty."""
    from nbgrader.api import Gradebook

    course, roster, _, park = graded
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        gradebook.update_or_create_assignment(ASSIGNMENT, duedate=DUE)
        for student, late in [("kim", -3600), ("park", 122_460)]:
            submission = gradebook.update_or_create_submission(
                ASSIGNMENT, student, timestamp=DUE + datetime.timedelta(seconds=late))
            submission.notebooks[0].late_submission_penalty = 2.0 if late > 0 else None
        gradebook.db.commit()
    assert main(["--course", str(course.root), "--lang", "en", "export", "--format", "moodle", "--roster",
                 str(roster), "--to", str(tmp_path / "moodle.csv")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"Late: park, {ASSIGNMENT}, 1 d 10 h after the due date; score {park:g} − penalty 2 = " \
                      f"{park - 2:g}"
    assert sum(line.startswith("Late") for line in out) == 1, "kim handed in on time"
    assert rows(tmp_path / "moodle.unmatched.csv")[1] == ["park", f"{park - 2:g}"]
    export_grades(course, "csv", tmp_path / "nbgrader.csv")
    nbgrader_scores = {r["student_id"]: float(r["score"]) for r in csv.DictReader(open(tmp_path / "nbgrader.csv"))}
    assert nbgrader_scores["park"] == park - 2, "the same score as nbgrader's own CSV"


@pytest.mark.parametrize("text, reason, korean", [("name,email\nKim,k@x\n", "needs a student_id", "있어야"),
                                                  ("student_id,name\nkim,A\nkim,B\n", "line 3: .* twice", "두 번"),
                                                  ("student_id,name\n,A\n", "line 2: empty student_id", "비어")])
def test_a_bad_roster_is_explained(tmp_path, text, reason, korean):
    (tmp_path / "r.csv").write_text(text)
    with pytest.raises(ValueError, match=korean):
        read_roster(tmp_path / "r.csv")
    set_language("en")
    with pytest.raises(ValueError, match=reason):
        read_roster(tmp_path / "r.csv")


@pytest.mark.parametrize("lms, exporter", [("canvas", "CanvasExport"), ("moodle", "MoodleExport")])
def test_nbgraders_own_export_command_writes_the_same_file(graded, tmp_path, lms, exporter):
    """The Canvas and Moodle writers are nbgrader export plugins: `nbgrader export --exporter=...` in the course
    writes the file (and the unmatched one) that `kaikit export --format ...` writes."""
    import os
    import subprocess
    import sys

    course, roster, _, _ = graded
    assert main(["--course", str(course.root), "export", "--format", lms, "--roster", str(roster),
                 "--to", str(tmp_path / "kaikit.csv")]) == 0
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-m", "nbgrader", "export", f"--exporter=kaikit.grading.export.{exporter}",
                    f"--{exporter}.roster={roster}", "--to", str(tmp_path / "nbgrader.csv")],
                   cwd=course.root, env=environment, check=True, capture_output=True)
    assert (tmp_path / "nbgrader.csv").read_bytes() == (tmp_path / "kaikit.csv").read_bytes()
    assert (tmp_path / "nbgrader.unmatched.csv").read_bytes() == (tmp_path / "kaikit.unmatched.csv").read_bytes()
