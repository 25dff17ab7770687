"""Grades out of the nbgrader gradebook, in the files learning-management systems import.

* ``csv``: nbgrader's own CSV (one row per student and assignment), through its ``CsvExportPlugin``.
* ``canvas``: Canvas's gradebook CSV — ``Student, ID, SIS User ID, SIS Login ID, Section``, a ``Points Possible`` row,
  then one column per assignment (Canvas matches columns to assignments by name, or creates them).
* ``moodle``: a CSV for Moodle's "Import grades → CSV file": ``ID number``, ``Email address``, ``Full name``, then one
  column per assignment; at import, map ``ID number`` (or the e-mail) to the user field and each column to a grade item.

Students are matched through a roster CSV (``student_id`` — the nbgrader id — plus any of ``name``, ``email``,
``lms_id``, ``sis_user_id``, ``sis_login_id``, ``section``, ``idnumber``). Nobody is dropped silently: a graded
student missing from the roster is written to ``<file>.unmatched.csv`` and reported; a roster student with no
submission gets an empty cell (not a zero — the instructor decides) and is reported.
"""
import csv
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("csv", "canvas", "moodle")
ROSTER_COLUMNS = ("student_id", "name", "email", "lms_id", "sis_user_id", "sis_login_id", "section", "idnumber")


@dataclass
class ExportReport:
    path: Path
    rows: int
    not_in_roster: list = field(default_factory=list)      # graded, but no roster row (written to .unmatched.csv)
    no_submission: list = field(default_factory=list)      # (student, assignment) in the roster with no grade


def read_roster(path):
    """{student_id: row} from a roster CSV; raise ValueError with the reason when it cannot be used."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "student_id" not in reader.fieldnames:
            raise ValueError(f"{path}: a roster needs a 'student_id' column (the nbgrader student id); "
                             f"it has {reader.fieldnames}")
        roster = {}
        for line, row in enumerate(reader, start=2):
            student = (row.get("student_id") or "").strip()
            if not student:
                raise ValueError(f"{path}, line {line}: empty student_id")
            if student in roster:
                raise ValueError(f"{path}, line {line}: student_id {student!r} appears twice")
            roster[student] = {k: (row.get(k) or "").strip() for k in ROSTER_COLUMNS}
    return roster


def grade_matrix(gradebook):
    """({assignment: max score}, {student: {assignment: score}}) from an open nbgrader Gradebook."""
    maxima = {a.name: a.max_score for a in sorted(gradebook.assignments, key=lambda a: (a.duedate is None, a.name))}
    scores = {}
    for assignment in maxima:
        for submission in gradebook.assignment_submissions(assignment):
            scores.setdefault(submission.student.id, {})[assignment] = submission.score
    return maxima, scores


def export_grades(course, fmt, to, roster_path=None):
    """Write ``course``'s grades as ``fmt`` to ``to``; return an ``ExportReport``."""
    from nbgrader.api import Gradebook

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt != "csv" and roster_path is None:
        raise ValueError(f"the {fmt} format needs a roster (--roster roster.csv) to give each student the LMS's id")
    roster = read_roster(roster_path) if roster_path else None
    path = Path(to).resolve()
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        maxima, scores = grade_matrix(gradebook)
        if fmt == "csv":
            from nbgrader.plugins import CsvExportPlugin
            CsvExportPlugin(to=str(path)).export(gradebook)
    report = ExportReport(path, rows=len(scores))
    if roster is not None:
        report.not_in_roster = sorted(set(scores) - set(roster))
        report.no_submission = sorted((s, a) for s in roster for a in maxima if a not in scores.get(s, {}))
        if report.not_in_roster:
            _write_unmatched(path, report.not_in_roster, maxima, scores)
    if fmt == "canvas":
        report.rows = -1 + _write(path, ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *maxima],
                             [["Points Possible", "", "", "", "", *(_number(m) for m in maxima.values())]]
                             + [[r["name"], r["lms_id"], r["sis_user_id"], r["sis_login_id"], r["section"],
                                 *_scores(scores.get(s, {}), maxima)] for s, r in roster.items()])
    elif fmt == "moodle":
        report.rows = _write(path, ["ID number", "Email address", "Full name", *maxima],
                             [[r["idnumber"] or r["lms_id"] or s, r["email"], r["name"],
                               *_scores(scores.get(s, {}), maxima)] for s, r in roster.items()])
    return report


def _number(value):
    return f"{value:g}"


def _scores(student_scores, maxima):
    return [_number(student_scores[a]) if a in student_scores else "" for a in maxima]


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


def _write_unmatched(path, students, maxima, scores):
    _write(path.with_name(path.stem + ".unmatched.csv"), ["student_id", *maxima],
           [[s, *_scores(scores[s], maxima)] for s in students])
