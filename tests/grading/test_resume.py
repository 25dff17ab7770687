"""An interrupted `kaikit grade` resumes without grading finished submissions again, and loses no grade."""
import adversarial
import nbformat
import pytest

import kaikit.grading.sandbox
from kaikit.grading.batch import grade_submissions

ASSIGNMENT = "ex00_start"


def test_an_interrupted_batch_resumes_where_it_stopped(course, monkeypatch):
    course.release(ASSIGNMENT)
    released = nbformat.read(course.release_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    solutions = nbformat.read(course.source_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    good = adversarial.solved(released, solutions)
    students = {"a_good": good, "b_untouched": released, "c_wrong": adversarial.wrong(good), "d_good": good}
    for student, notebook in students.items():
        folder = course.root / "grading" / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
    ran = []
    original = kaikit.grading.sandbox.Worker.run
    monkeypatch.setattr(kaikit.grading.sandbox.Worker, "run",
                        lambda self, sandbox, assignment, student, limit: ran.append(student)
                        or original(self, sandbox, assignment, student, limit))

    def stop_after_two(line, lines=[]):
        lines.append(line)
        if len(lines) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        grade_submissions(course, ASSIGNMENT, jobs=1, report=stop_after_two)
    first = list(ran)
    assert first[:2] == ["a_good", "b_untouched"] and (course.root / "grading" / ".kaikit-grade").exists()

    ran.clear()
    lines = []
    outcomes = {o.student: o for o in grade_submissions(course, ASSIGNMENT, jobs=1, report=lines.append)}
    assert "Resuming: 2 of 4" in lines[0] or "2개는" in lines[0]
    assert sorted(ran) == ["c_wrong", "d_good"], "finished submissions are not graded again"
    total = outcomes["a_good"].max_score
    assert [outcomes[s].score for s in students] == [total, 0, outcomes["c_wrong"].score, total]
    assert not (course.root / "grading" / ".kaikit-grade" / ASSIGNMENT).exists(), "the staging area is cleaned up"
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        assert {s.student.id for s in gradebook.assignment_submissions(ASSIGNMENT)} == set(students)
