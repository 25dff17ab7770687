"""Hidden tests are found with nbgrader's delimiters whatever comment starts the line: nbgrader accepts
``# BEGIN HIDDEN TESTS`` as well as ``### BEGIN HIDDEN TESTS``, so neither the HTML feedback nor a learner's
"check my work" may show what such a region holds."""
import shutil

import nbformat
import pytest

from kaikit._paths import REPO_ROOT
from kaikit.grading import checking
from kaikit.grading.course import Course

ASSIGNMENT = "hid00_double"
SECRET = "secret input 10"


def nbgrader_cell(make, source, **meta):
    cell = make(source)
    cell.metadata["nbgrader"] = {"schema_version": 3, "task": False, "locked": False, "solution": False,
                                 "grade": False, **meta}
    return cell


def exercise(answer):
    """One part: a function, its visible test and a hidden test opened with a single '#'."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("## 문제 1 / Part 1"),
        nbgrader_cell(nbformat.v4.new_code_cell, answer, grade_id="double", solution=True),
        nbgrader_cell(nbformat.v4.new_code_cell,
                      'assert double(2) == 4, "double(2) is 4"\n'
                      "# BEGIN HIDDEN TESTS\n"
                      f"assert double(10) == 20, {SECRET!r}  # hidden_line_marker\n"
                      "# END HIDDEN TESTS\n",
                      grade_id="test_double", grade=True, locked=True, points=2),
    ]
    return notebook


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("hidden") / "course"
    (root / "solutions" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(REPO_ROOT / "nbgrader_config.py", root)
    solution = exercise("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n")
    nbformat.write(solution, root / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    course = Course(root)
    course.release(ASSIGNMENT)
    return course


@pytest.fixture(scope="module")
def wrong_for_10(course, tmp_path_factory):
    """The learner's notebook: right for the visible input, wrong for the hidden one."""
    path = tmp_path_factory.mktemp("learner") / f"{ASSIGNMENT}.ipynb"
    released = nbformat.read(course.release_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    answer = next(c for c in released.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "double")
    answer.source = "def double(x):\n    return 4 if x == 2 else 0\n"
    nbformat.write(released, path)
    return path


def test_the_release_has_no_hidden_region_and_is_marked(course):
    released = (course.release_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    assert "hidden_line_marker" not in released and SECRET not in released
    assert '"hidden_tests": true' in released


def test_feedback_never_shows_a_single_hash_hidden_region(course, wrong_for_10):
    course.submit(ASSIGNMENT, "kim", wrong_for_10)
    course.autograde(ASSIGNMENT, "kim")
    assert course.cell_scores(ASSIGNMENT, "kim")["test_double"][0] == 0, "the hidden test ran and failed"
    course.feedback(ASSIGNMENT, "kim")
    html = (course.root / "grading" / "feedback" / "kim" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(
        encoding="utf-8")
    assert "double(2) is 4" in html, "the visible test is shown"
    for leak in ["hidden_line_marker", SECRET, "BEGIN HIDDEN", "double(10)"]:
        assert leak not in html, leak


def test_check_my_work_never_shows_a_single_hash_hidden_region(course, wrong_for_10):
    result = checking.check_notebook(wrong_for_10, ASSIGNMENT, solutions_dir=course.source_dir)
    part = next(p for p in result.parts if p.grade_id == "test_double")
    assert part.status == "failed" and part.hidden
    shown = repr(result.parts)
    for leak in ["hidden_line_marker", SECRET, "BEGIN HIDDEN", "double(10)"]:
        assert leak not in shown, leak
