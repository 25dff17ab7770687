"""Grades out of the nbgrader gradebook, in the files learning-management systems import.

* ``csv``: nbgrader's own CSV (one row per student and assignment), through its ``CsvExportPlugin``.
* ``canvas``: Canvas's gradebook CSV — ``Student, ID, SIS User ID, SIS Login ID, Section``, a ``Points Possible`` row,
  then one column per assignment (Canvas matches columns to assignments by name, or creates them).
* ``moodle``: a CSV for Moodle's "Import grades → CSV file": ``ID number``, ``Email address``, ``Full name``, then one
  column per assignment; at import, map ``ID number`` (or the e-mail) to the user field and each column to a grade item.

Which assignments: those named (``assignments=["ex02_chips"]``), else every assignment with at least one submission
in the gradebook; the others are reported as left out, so an LMS never gets columns nobody could have earned.
Scores are nbgrader's: the score minus the late-submission penalty (never below 0), as its own CSV computes them;
every late submission is reported with its delay and penalty.

The Canvas and Moodle files are written by nbgrader export plugins (``CanvasExport``, ``MoodleExport``), so nbgrader's
own command writes them too, with the roster as the plugin's option:

    nbgrader export --exporter=kaikit.grading.export.CanvasExport --CanvasExport.roster=roster.csv --to canvas.csv

Students are matched through a roster CSV (``student_id`` — the nbgrader id — plus any of ``name``, ``email``,
``lms_id``, ``sis_user_id``, ``sis_login_id``, ``section``, ``idnumber``). Nobody is dropped silently: a graded
student missing from the roster is written to ``<file>.unmatched.csv`` and reported; a roster student with no
submission gets an empty cell (not a zero — the instructor decides) and is reported.
"""
import csv
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.plugins import ExportPlugin
from traitlets import Unicode

from ..i18n import delay_text, did_you_mean, message

FORMATS = ("csv", "canvas", "moodle")
ROSTER_COLUMNS = ("student_id", "name", "email", "lms_id", "sis_user_id", "sis_login_id", "section", "idnumber")


@dataclass
class Graded:
    """One submission's grade as nbgrader exports it: its score less the late-submission penalty, never below 0."""
    student: str
    assignment: str
    seconds_late: float     # after the due date, with any extension (nbgrader's ``total_seconds_late``)
    raw_score: float
    penalty: float

    @property
    def score(self):
        return max(0.0, self.raw_score - self.penalty)


@dataclass
class ExportReport:
    """What an export wrote and what the instructor should know about it (``lines()`` says it)."""
    path: Path
    students: int                                          # students with a row in the file written
    assignments: list = field(default_factory=list)        # exported, in column order
    left_out: list = field(default_factory=list)           # in the gradebook, but no submission and not asked for
    not_in_roster: list = field(default_factory=list)      # graded, but no roster row (written to .unmatched.csv)
    no_submission: dict = field(default_factory=dict)      # {assignment: [roster students with no grade]}
    late: list = field(default_factory=list)               # [Graded] handed in late, by assignment then student

    @property
    def unmatched_path(self):
        return self.path.with_name(self.path.stem + ".unmatched.csv")

    def lines(self) -> list[str]:
        """What to tell the instructor, one line each, in the current language: the file, what was left out, who is
        missing on either side, and every late submission.

        ``ExportReport(Path("grades.csv"), 1, ["ex02_chips"]).lines()`` → ``["Wrote grades for 1 student to …"]``
        """
        lines = [message("export_done", students=_students(self.students), path=self.path,
                         assignments=", ".join(self.assignments))]
        if self.left_out:
            lines.append(message("export_left_out", assignments=", ".join(self.left_out)))
        if self.not_in_roster:
            lines.append(message("export_not_in_roster", students=_students(len(self.not_in_roster)),
                                 names=_names(self.not_in_roster), path=self.unmatched_path))
        lines += [message("export_no_submission", assignment=assignment, students=_students(len(students)),
                          names=_names(students)) for assignment, students in self.no_submission.items()]
        return lines + [message("export_late", student=g.student, assignment=g.assignment,
                                delay=delay_text(g.seconds_late), raw=_number(g.raw_score),
                                penalty=_number(g.penalty), score=_number(g.score)) for g in self.late]


def _students(count):
    """'1 student', '3 students' ('학생 3명')."""
    return message("export_students", count=count)


def _names(names, shown=20):
    return ", ".join(names[:shown]) + (" …" if len(names) > shown else "")


def read_roster(path: Path | str) -> dict:
    """{student_id: row} from a roster CSV; raise ValueError with the reason when it cannot be used."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "student_id" not in reader.fieldnames:
            raise ValueError(message("export_roster_columns", path=path, columns=reader.fieldnames))
        roster = {}
        for line, row in enumerate(reader, start=2):
            student = (row.get("student_id") or "").strip()
            if not student:
                raise ValueError(message("export_roster_empty_id", path=path, line=line))
            if student in roster:
                raise ValueError(message("export_roster_twice", path=path, line=line, student=student))
            roster[student] = {k: (row.get(k) or "").strip() for k in ROSTER_COLUMNS}
    return roster


def choose_assignments(gradebook, wanted: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(assignments to export, assignments left out), dated ones first: those ``wanted`` (an unknown name raises
    ValueError naming the nearest one), else those with at least one submission.

    ``choose_assignments(gradebook, ["ex02_chips"])`` → ``(["ex02_chips"], [])``
    """
    known = [a.name for a in sorted(gradebook.assignments, key=lambda a: (a.duedate is None, a.name))]
    for name in wanted or []:
        if name not in known:
            raise ValueError(message("export_unknown_assignment", assignment=name, available=", ".join(known),
                                     suggestion=did_you_mean(name, known)))
    chosen = [name for name in known if name in wanted] if wanted else \
        [name for name in known if gradebook.assignment_submissions(name)]
    if not chosen:
        raise ValueError(message("export_nothing"))
    return chosen, [name for name in known if name not in chosen and not wanted]


def grade_matrix(gradebook, assignments: list[str]) -> tuple[dict, dict, list[Graded]]:
    """({assignment: max score}, {student: {assignment: score}}, [late Graded]) for ``assignments`` from an open
    nbgrader Gradebook; a score is nbgrader's, after its late-submission penalty (as ``CsvExportPlugin`` writes it).

    ``grade_matrix(gradebook, ["ex02_chips"])`` → ``({"ex02_chips": 14}, {"park": {"ex02_chips": 13}}, [Graded(...)])``
    """
    maxima = {name: gradebook.find_assignment(name).max_score for name in assignments}
    scores, late = {}, []
    for name in assignments:
        for submission in gradebook.assignment_submissions(name):
            graded = Graded(submission.student.id, name, submission.total_seconds_late, submission.score,
                            submission.late_submission_penalty or 0.0)
            scores.setdefault(graded.student, {})[name] = graded.score
            if graded.seconds_late > 0:
                late.append(graded)
    return maxima, scores, sorted(late, key=lambda entry: (assignments.index(entry.assignment), entry.student))


def export_grades(course, fmt: str, to: Path | str, roster_path: Path | str | None = None,
                  assignments: list[str] | None = None) -> ExportReport:
    """Write ``course``'s grades of ``assignments`` (default: those with a submission) as ``fmt`` to ``to``; return
    an ``ExportReport``.

    ``export_grades(Course(), "canvas", "grades.csv", "roster.csv", ["ex02_chips"]).late`` → ``[Graded("park", ...)]``
    """
    from nbgrader.api import Gradebook

    if fmt not in FORMATS:
        raise ValueError(message("export_unknown_format", format=fmt, choices=", ".join(FORMATS)))
    if fmt != "csv":
        if roster_path is None:
            raise ValueError(message("export_needs_roster", format=fmt))
        read_roster(roster_path)    # a roster that cannot be used is reported before the gradebook is opened
        exporter = EXPORTERS[fmt](to=str(to), roster=str(roster_path), assignment=list(assignments or []))
        with Gradebook(course.api.coursedir.db_url) as gradebook:
            exporter.export(gradebook)
        return exporter.report
    roster = read_roster(roster_path) if roster_path else None
    path = Path(to).resolve()
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        chosen, left_out = choose_assignments(gradebook, assignments)
        maxima, scores, late = grade_matrix(gradebook, chosen)
        report = ExportReport(path, len(scores), chosen, left_out, late=late)
        from nbgrader.plugins import CsvExportPlugin
        CsvExportPlugin(to=str(path), assignment=chosen).export(gradebook)
        report.students = len(gradebook.students)   # nbgrader writes a row for every student it knows
    if roster is not None:
        _match_roster(report, roster, maxima, scores)
    return report


class LMSExport(ExportPlugin):
    """An LMS's grade-import file, one row per roster student (``roster``: the roster CSV, required), as an nbgrader
    export plugin. After ``export``, ``report`` holds the ``ExportReport`` (its lines are also logged); graded
    students missing from the roster go to ``<to>.unmatched.csv``."""

    lms = ""                     # "canvas" or "moodle": the columns written
    report = None                # the ExportReport of the last export
    roster = Unicode("", help="Roster CSV: student_id (nbgrader's) and the LMS's ids (name, email, lms_id, "
                              "sis_user_id, sis_login_id, section, idnumber).").tag(config=True)

    def export(self, gradebook) -> None:
        # nbgrader's --student is not used: the roster decides the rows (nobody is dropped or added silently).
        if not self.roster:
            raise ValueError(message("export_needs_roster", format=self.lms))
        roster = read_roster(self.roster)
        path = Path(self.to or "grades.csv").resolve()     # nbgrader's CSV exporter's default name
        chosen, left_out = choose_assignments(gradebook, [str(a) for a in self.assignment] or None)
        maxima, scores, late = grade_matrix(gradebook, chosen)
        self.report = ExportReport(path, len(scores), chosen, left_out, late=late)
        _match_roster(self.report, roster, maxima, scores)
        self.report.students = _write_lms(self.lms, path, roster, maxima, scores)
        if self.parent is not None:      # run by `nbgrader export` (kaikit export prints the report itself)
            for line in self.report.lines():
                self.log.info(line)


class CanvasExport(LMSExport):
    """Canvas's gradebook CSV: ``nbgrader export --exporter=kaikit.grading.export.CanvasExport``."""
    lms = "canvas"


class MoodleExport(LMSExport):
    """Moodle's "Import grades → CSV file": ``nbgrader export --exporter=kaikit.grading.export.MoodleExport``."""
    lms = "moodle"


EXPORTERS = {"canvas": CanvasExport, "moodle": MoodleExport}


def _match_roster(report, roster, maxima, scores):
    report.not_in_roster = sorted(set(scores) - set(roster))
    missing = {name: [s for s in roster if name not in scores.get(s, {})] for name in maxima}
    report.no_submission = {name: students for name, students in missing.items() if students}
    if report.not_in_roster:
        _write(report.unmatched_path, ["student_id", *maxima],
               [[s, *_scores(scores[s], maxima)] for s in report.not_in_roster])


def _write_lms(fmt, path, roster, maxima, scores):
    """Write the Canvas or Moodle file, one row per roster student; return how many students it holds."""
    if fmt == "canvas":
        return -1 + _write(path, ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *maxima],
                           [["Points Possible", "", "", "", "", *(_number(m) for m in maxima.values())]]
                           + [[r["name"], r["lms_id"], r["sis_user_id"], r["sis_login_id"], r["section"],
                               *_scores(scores.get(s, {}), maxima)] for s, r in roster.items()])
    return _write(path, ["ID number", "Email address", "Full name", *maxima],
                  [[r["idnumber"] or r["lms_id"] or s, r["email"], r["name"],
                    *_scores(scores.get(s, {}), maxima)] for s, r in roster.items()])


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
