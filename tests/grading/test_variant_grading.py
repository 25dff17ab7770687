"""Per-student cases graded: each student is checked against their own case, a copied number fails for another
case, "check my work" agrees with the grader, and a notebook worked under another identity is flagged."""
import itertools

import nbformat
import pytest
from adversarial import released_course, solved
from variant_cases import PARTS, cell_of, identity_for, part_runner

from kaikit import variants
from kaikit._paths import REPO_ROOT
from kaikit.grading.variants import class_flags, graded_identity, identity_flag, recorded_identities

# What the lesson notes say of each part's answers (formatted with the lowest and highest answer, times the scale).
NOTES = {"ex02_chips": ("answers from {lo:.0f}% to {hi:.0f}% a year", 1),
         "ex04_talent": ("Korea ranked {lo:.0f}th to {hi:.0f}st", 1),
         "ex05_pipeline": ("gains from about {lo:.0f}% to {hi:.0f}%", 100)}


@pytest.mark.parametrize("assignment", sorted(PARTS))
def test_each_case_has_its_own_answer_and_another_cases_answer_fails(assignment, monkeypatch):
    cases = variants.CASES[assignment]["cases"]
    runs = [part_runner(assignment, identity_for(assignment, n), monkeypatch) for n in range(len(cases))]
    answers = []
    for n, run in enumerate(runs):
        value, failed = run()
        assert failed == [], (assignment, n, failed)
        answers.append(value)
    assert len({round(float(a), 9) for a in answers}) == len(cases), answers     # every case its own answer
    text, scale = NOTES[assignment]
    notes = (REPO_ROOT / "docs" / "en" / "lesson-notes.md").read_text(encoding="utf-8")
    assert text.format(lo=min(answers) * scale, hi=max(answers) * scale) in notes
    for own, other in itertools.permutations(range(len(cases)), 2):
        _, failed = runs[other](answers[own])
        assert failed, f"{assignment}: case {own}'s answer passes case {other}'s tests"
    # with no identity, the default case is the exercise as it was: its answer is case 0's
    monkeypatch.setenv("KAIKIT_STUDENT", "")
    assert variants.case(assignment).number == 0


def test_the_grader_grades_under_the_identity_the_notebook_was_worked_with():
    shown = variants.case("ex02_chips", who="s001")
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("case", outputs=[nbformat.v4.new_output(
            "execute_result", data=shown._repr_mimebundle_(), execution_count=1)])])
    assert recorded_identities(notebook) == ["s001"]
    assert graded_identity(notebook, "s001") == "s001"
    assert graded_identity(notebook, "s002") == "s002"           # graded under their own case, and flagged:
    assert identity_flag(recorded_identities(notebook), "s002") == ("other_identity", "s001")
    assert identity_flag(recorded_identities(notebook), "s001") is None
    cleared = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("case")])
    assert graded_identity(cleared, "s003") == ""                 # recorded: none shown, the default case
    assert graded_identity(cleared, "s003", mode="student_id") == "s003"
    laptop = variants.case("ex02_chips", who=None)._repr_mimebundle_()
    laptop_notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("case", outputs=[
        nbformat.v4.new_output("display_data", data=laptop)])])
    assert recorded_identities(laptop_notebook) == [None]
    assert graded_identity(laptop_notebook, "s004") == ""
    assert class_flags({"a": ["a"], "b": [None], "c": []}) == ["b", "c"]
    assert class_flags({"a": [None], "b": []}) == []              # a class without identities: nothing to flag


def _worked_by(released, solutions, who, hard_coded=None):
    """A solved notebook as saved by ``who`` after running it (the case cell's output records them; None: its
    outputs cleared), with the varied answer typed in as a number when ``hard_coded`` is given."""
    notebook = solved(released, solutions)
    if who is not None:
        bundle = variants.case("ex02_chips", who=who)._repr_mimebundle_()
        cell_of(notebook, "your_case").outputs = [nbformat.v4.new_output("execute_result", data=bundle,
                                                                     execution_count=1)]
    if hard_coded is not None:
        cell_of(notebook, "growth_needed").source = f"growth_needed = {hard_coded}\ngrowth_needed"
    return notebook


def test_grading_and_check_my_work_follow_each_students_case(tmp_path, monkeypatch):
    from kaikit.grading.batch import grade_submissions, read_integrity
    from kaikit.grading.checking import check_notebook
    from kaikit.grading.report import class_report, summary_lines

    monkeypatch.delenv("KAIKIT_COURSE", raising=False)
    monkeypatch.delenv("KAIKIT_VARIANTS", raising=False)
    course, released, solutions = released_course(tmp_path / "course", "ex02_chips")
    author = identity_for("ex02_chips", 3)
    copier = identity_for("ex02_chips", 1, avoid={author})
    cleared = identity_for("ex02_chips", 5, avoid={author, copier})
    monkeypatch.setenv("KAIKIT_STUDENT", author)
    runs = part_runner("ex02_chips", author, monkeypatch)
    authors_answer, _ = runs()
    files = {author: _worked_by(released, solutions, author, hard_coded=authors_answer),
             copier: _worked_by(released, solutions, author, hard_coded=authors_answer),   # the author's file
             cleared: _worked_by(released, solutions, None)}                                # outputs cleared
    for student, notebook in files.items():
        path = tmp_path / f"{student}.ipynb"
        nbformat.write(notebook, path)
        course.submit("ex02_chips", student, path)
    monkeypatch.setenv("JUPYTERHUB_USER", "instructor")   # the grader's own identity never decides a case
    monkeypatch.delenv("KAIKIT_STUDENT")
    outcomes = {o.student: o for o in grade_submissions(course, "ex02_chips", jobs=2, report=lambda line: None)}

    def part_4(student):
        scores = course.cell_scores("ex02_chips", student)
        return [scores[grade_id][0] for grade_id in PARTS["ex02_chips"][2]]

    assert part_4(author) == [1, 1]
    assert part_4(copier) == [0, 0]          # the author's number, checked against the copier's own case
    assert part_4(cleared) == [1, 1]         # general code, graded under the default case
    codes = {student: [code for code, _ in o.flags] for student, o in outcomes.items()}
    assert ("other_identity", author) in outcomes[copier].flags
    assert "other_identity" not in codes[author] and "no_case_recorded" not in codes[author]
    assert "no_case_recorded" in codes[cleared]
    rows = {row["student"]: row for row in read_integrity(course)}
    assert "other_identity" in rows[copier]["flags"] and author in rows[copier]["reasons"]
    report = class_report(course, "ex02_chips")                     # the item analysis lists it too
    assert report.other_cases == {copier: author}
    assert f"  {copier} → {author}" in summary_lines(report)
    for student in (author, copier):                    # everything else of the copied file is right
        scores = course.cell_scores("ex02_chips", student)
        assert sum(p for g, (p, _) in scores.items() if g not in PARTS["ex02_chips"][2]) == \
            sum(p for g, (p, _) in course.cell_scores("ex02_chips", author).items() if g not in PARTS["ex02_chips"][2])

    # "check my work" in the author's kernel agrees with the grader; in the copier's kernel, on the same file, too
    path = tmp_path / "check" / "ex02_chips.ipynb"
    path.parent.mkdir()
    nbformat.write(files[author], path)
    for student in (author, copier):
        monkeypatch.setenv("JUPYTERHUB_USER", student)
        checked = {part.grade_id: part.points for part in check_notebook(path, "ex02_chips").parts}
        assert [checked[grade_id] for grade_id in PARTS["ex02_chips"][2]] == part_4(student), student
