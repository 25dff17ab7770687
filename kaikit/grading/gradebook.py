"""Putting ``kaikit grade``'s results into the course's nbgrader gradebook without losing anything a person gave.

Automatic scores and comments come from the sandbox; everything a person entered in formgrader — manual scores
(written answers, overrides of automatic ones), manual comments, extra credit — is kept through every regrade. The
kit itself writes one kind of manual score: the 0 that holds a tampered submission's automatic points for review.
``Ledger`` remembers which manual scores are the kit's, so a regrade can lift its own hold and never a person's.
Where a regrade makes a person's decision doubtful (the automatic score under an override changed, or a graded
written answer was resubmitted), the submission is flagged for review, in formgrader and in ``integrity.csv``.

Late work follows nbgrader: the due date (``nbgrader db assignment add --duedate``, or formgrader), a student's
extension, the time stamp of the submission, and the course's late-submission plugin (``nbgrader_config.py``).
"""
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Ledger:
    """What ``kaikit grade`` recorded for an assignment, per student: the key of the graded submission (same key,
    same grade) and the manual scores the kit itself set (``{"notebook/grade_id": score}``)."""
    path: Path
    students: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path):
        path = Path(path)
        try:
            return cls(path, json.loads(path.read_text(encoding="utf-8"))["students"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def key(self, student):
        return self.students.get(student, {}).get("key")

    def held(self, student):
        return self.students.get(student, {}).get("held", {})

    def set(self, student, key, held):
        self.students[student] = {"key": key, "held": held}

    def save(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"students": self.students}, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(self.path)


def _is_persons(grade, held):
    """A manual score a person gave (not the kit's own hold, which a regrade may lift)."""
    kit = held.get(f"{grade.notebook.name}/{grade.name}")
    return grade.manual_score is not None and (kit is None or grade.manual_score != kit)


def _keep_or_clear(grade, held):
    """Before new automatic scores land: keep a person's manual score (and note a doubt), clear the kit's hold."""
    if _is_persons(grade, held):
        grade.needs_manual_grade = False    # as formgrader leaves it once a person has graded the cell
        return
    grade.manual_score = None


@dataclass
class Doubt:
    """A person's grade that a regrade kept but that may no longer fit."""
    grade_id: str
    manual_score: float
    auto_before: float = None
    auto_after: float = None


def merge(sandbox_db: str, course_db: str, assignment: str, student: str, timestamp, held: dict) -> list["Doubt"]:
    """Copy ``student``'s autograded submission from the sandbox gradebook into the course's; return the doubts
    (a person's manual score over an automatic score that changed)."""
    from nbgrader.api import Gradebook

    doubts = []
    with Gradebook(sandbox_db) as source, Gradebook(course_db) as target:
        submitted = source.find_submission(assignment, student)
        target.update_or_create_student(student)
        target.update_or_create_submission(assignment, student, timestamp=timestamp)
        for notebook in submitted.notebooks:
            into = target.find_submission_notebook(notebook.name, assignment, student)
            into.flagged = notebook.flagged
            for grade in notebook.grades:
                copy = target.find_grade(grade.name, notebook.name, assignment, student)
                before = copy.auto_score
                copy.auto_score, copy.needs_manual_grade = grade.auto_score, grade.needs_manual_grade
                if _is_persons(copy, held) and before is not None and before != grade.auto_score:
                    doubts.append(Doubt(grade.name, copy.manual_score, before, grade.auto_score))
                _keep_or_clear(copy, held)
            for comment in notebook.comments:
                target.find_comment(comment.name, notebook.name, assignment, student).auto_comment = \
                    comment.auto_comment
        target.db.commit()
    return doubts


def record_zero(course_db: str, assignment: str, student: str, timestamp, held: dict) -> list["Doubt"]:
    """A submission nothing could be graded in: every automatic part scores zero; written answers wait; a person's
    grades stay."""
    from nbgrader.api import Gradebook

    with Gradebook(course_db) as gradebook:
        gradebook.update_or_create_student(student)
        submission = gradebook.update_or_create_submission(assignment, student, timestamp=timestamp)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.cell.cell_type == "code":
                    grade.auto_score, grade.needs_manual_grade = 0.0, False
                else:
                    grade.auto_score, grade.needs_manual_grade = None, True
                _keep_or_clear(grade, held)
        gradebook.db.commit()
    return []


def hold(course_db: str, assignment: str, student: str) -> dict:
    """Tampering that could fake a result: automatic points become a manual score of zero until an instructor
    reviews them; a manual score a person already gave stays. Return the scores the kit set."""
    from nbgrader.api import Gradebook

    held = {}
    with Gradebook(course_db) as gradebook:
        for notebook in gradebook.find_submission(assignment, student).notebooks:
            notebook.flagged = True
            for grade in notebook.grades:
                if grade.cell.cell_type == "code" and (grade.auto_score or 0) > 0 and grade.manual_score is None:
                    grade.manual_score = 0.0
                    held[f"{notebook.name}/{grade.name}"] = 0.0
        gradebook.db.commit()
    return held


def persons_grades(course_db: str, assignment: str, student: str, held: dict) -> dict:
    """{grade_id: manual score} a person gave in ``student``'s submission (before a regrade)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course_db) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return {}
        return {grade.name: grade.manual_score for notebook in submission.notebooks for grade in notebook.grades
                if _is_persons(grade, held)}


def flag_for_review(course_db: str, assignment: str, student: str) -> None:
    """Mark the submission in formgrader (its flag), so a doubtful grade is looked at."""
    from nbgrader.api import Gradebook

    with Gradebook(course_db) as gradebook:
        for notebook in gradebook.find_submission(assignment, student).notebooks:
            notebook.flagged = True
        gradebook.db.commit()


def assign_late_penalty(course, assignment: str, student: str) -> tuple[float, float]:
    """nbgrader's late-submission rule, applied in the course gradebook (where the due date and extensions are):
    return (seconds late, penalty points)."""
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import AssignLatePenalties

    rule = AssignLatePenalties(config=course.api.config)
    rule.init_plugin()
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        late, penalty = submission.total_seconds_late, 0.0
        for notebook in submission.notebooks:
            notebook.late_submission_penalty = None
            if late > 0:
                points = rule.plugin_inst.late_submission_penalty(student, notebook.score, late)
                if points is not None:
                    notebook.late_submission_penalty = rule._check_late_penalty(notebook, points)
                    penalty += notebook.late_submission_penalty
        gradebook.db.commit()
    return late, penalty


def scores(course_db: str, assignment: str, student: str) -> tuple[float, float, int]:
    """(automatic points, their maximum, written answers still to grade) of ``student``'s submission."""
    from nbgrader.api import Gradebook

    with Gradebook(course_db) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        waiting = sum(1 for notebook in submission.notebooks for grade in notebook.grades
                      if grade.cell.cell_type == "markdown" and grade.needs_manual_grade
                      and grade.manual_score is None)
        return submission.code_score, submission.max_code_score, waiting
