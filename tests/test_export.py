"""Grades leave the gradebook in the files Canvas and Moodle import, matched through a roster; nobody is dropped."""
import csv

import pytest

from kaikit.cli import main
from kaikit.export import export_grades, read_roster

ASSIGNMENT = "ex00_start"


@pytest.fixture
def graded(course, tmp_path):
    """ex00 released; kim scored on every automatic part, lee on none, park (not in the roster) on one."""
    from nbgrader.api import Gradebook

    course.release(ASSIGNMENT)
    with Gradebook(course.api.coursedir.db_url) as gradebook:
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
    assert report.rows == 3 and report.not_in_roster == ["park"] and report.no_submission == [("choi", ASSIGNMENT)]


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
    out = capsys.readouterr().out
    assert "not in the roster (park)" in out and "choi (ex00_start)" in out
    students = {row["student_id"] for row in csv.DictReader(open(tmp_path / "grades.csv", encoding="utf-8"))}
    assert students == {"kim", "lee", "park"}


@pytest.mark.parametrize("text, reason", [("name,email\nKim,k@x\n", "student_id"),
                                          ("student_id,name\nkim,A\nkim,B\n", "twice"),
                                          ("student_id,name\n,A\n", "empty student_id")])
def test_a_bad_roster_is_explained(tmp_path, text, reason):
    (tmp_path / "r.csv").write_text(text)
    with pytest.raises(ValueError, match=reason):
        read_roster(tmp_path / "r.csv")


def test_lms_formats_need_a_roster(graded, tmp_path, capsys):
    course = graded[0]
    assert main(["--course", str(course.root), "export", "--format", "canvas", "--to", str(tmp_path / "c.csv")]) == 2
    assert "needs a roster" in capsys.readouterr().err
