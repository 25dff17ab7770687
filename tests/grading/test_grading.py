"""nbgrader: the release is generated, solutions earn full marks, untouched exercises earn zero."""
import ast
import filecmp
import re

import nbformat
import pytest
from conftest import assignments, notebooks

from kaikit._paths import REPO_ROOT

ASSIGNMENTS = assignments()
RELEASED = notebooks("exercises")


def nbgrader_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if "nbgrader" in c.metadata]


def test_every_assignment_is_released_and_nothing_else():
    assert ASSIGNMENTS, "no assignments in solutions/"
    assert sorted(p.name for p in (REPO_ROOT / "exercises").iterdir() if p.is_dir()) == ASSIGNMENTS


def test_release_is_what_nbgrader_generates_from_solutions(course):
    for assignment in ASSIGNMENTS:
        course.release(assignment)
        comparison = filecmp.dircmp(REPO_ROOT / "exercises" / assignment, course.release_dir / assignment,
                                    ignore=[".ipynb_checkpoints", "__pycache__"])
        assert not (comparison.left_only or comparison.right_only), "files differ: run `make release`"
        for name in comparison.common_files:
            committed = (REPO_ROOT / "exercises" / assignment / name).read_bytes()
            generated = (course.release_dir / assignment / name).read_bytes()
            assert committed == generated, f"exercises/{assignment}/{name} differs: run `make release`"


@pytest.mark.parametrize("path", RELEASED, ids=[p.parent.name for p in RELEASED])
def test_released_exercise_leaks_no_solution_or_hidden_test(path):
    text = path.read_text(encoding="utf-8")
    for marker in ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"]:
        assert marker not in text


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_solution_or_hidden_test_line_reaches_the_exercise(assignment):
    from adversarial import hidden_lines

    hidden, answers = hidden_lines(nbformat.read(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb",
                                                 as_version=4))
    cells = nbformat.read(REPO_ROOT / "exercises" / assignment / f"{assignment}.ipynb", as_version=4).cells
    def lines(texts):
        return {line.strip() for text in texts for line in text.splitlines()}

    everything = lines(cell.source for cell in cells)
    # Hints (<details> blocks) may show one line of the approach on purpose; nothing else may.
    outside_hints = lines(re.sub(r"<details>.*?</details>", "", cell.source, flags=re.S) for cell in cells)
    assert hidden and answers, "the check needs lines to look for"
    assert not [line for line in hidden if line in everything], "a hidden test line is in the exercise"
    assert not [line for line in answers if line in outside_hints], "a solution line is in the exercise"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_assignment_metadata_is_sound(assignment):
    cells = nbgrader_cells(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb")
    grade_ids = [c.metadata.nbgrader["grade_id"] for c in cells]
    assert len(grade_ids) == len(set(grade_ids)), "grade_ids must be unique"
    assert all(re.fullmatch(r"[a-z0-9_]+", g) for g in grade_ids), "grade_ids: lowercase, digits, underscores"
    tests = [c for c in cells if c.metadata.nbgrader["grade"] and not c.metadata.nbgrader["solution"]]
    assert len(tests) >= 2 and all(c.metadata.nbgrader["points"] > 0 for c in tests)
    assert any("BEGIN HIDDEN TESTS" in c.source for c in tests), "at least one hidden test"
    assert any(c.cell_type == "markdown" and c.metadata.nbgrader["grade"] for c in cells), "a written answer"
    markdown = "\n".join(c.source for c in nbformat.read(
        REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4).cells if c.cell_type == "markdown")
    assert "<details>" in markdown, "hints in <details> blocks"


@pytest.mark.parametrize("path", RELEASED, ids=[p.parent.name for p in RELEASED])
def test_visible_asserts_carry_a_message(path):
    for cell in nbgrader_cells(path):
        if cell.cell_type != "code" or not cell.metadata.nbgrader["grade"]:
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Assert):
                assert node.msg is not None, f"assert without a message in {cell.metadata.nbgrader['grade_id']}: " \
                                             f"{ast.unparse(node.test)}"


def auto_points(path):
    return sum(c.metadata.nbgrader["points"] for c in nbgrader_cells(path)
               if c.cell_type == "code" and c.metadata.nbgrader["grade"])


# Full marks for the solutions and zero for an untouched exercise are checked, with every hostile and mangled case,
# through `kaikit grade` in tests/grading/test_integrity.py.


# Plausible wrong answers, committed as fixtures: (assignment, fixture, expected automatic points).
# The ex02, ex04 and ex05 fixtures were saved before those exercises had a per-student case (no `your_case` cell, no
# case in their outputs): they also show that a copy released before the cases grades as it did, under the default.
TYPICAL_MISTAKES = [
    # step forgets emigrating students (visible test passes, hidden fails): 1 of 3; steady state ignores student
    # emigration: 0 of 2; the comparison is right: 2; the strongest lever after the lesson's 25 years, not 10: 0;
    # the reshaped table is right: 1; the chart is right but has no source line: 1 of 2; Part 8 not attempted, its
    # test cells deleted (nbgrader puts them back): 0 of 3.
    ("ex05_pipeline", "ex05_pipeline_typical_mistakes.ipynb", 5),
    # Part 8, every other part right (11): the cohort ratio always against the 2026 entrants, whatever the base year
    # (visible passes, hidden fails): 1 of 2; today's pull scaled with the cohort instead of keeping the intake: 0 of 1.
    ("ex05_pipeline", "ex05_pipeline_cohort_mistakes.ipynb", 12),
    # ranks from the bottom (visible passes, hidden fails): 1 of 2; minmax without the constant case: 1 of 3;
    # the per-capita table and the investor's-index rank are right: 1 + 1; the chart has no source line: 1 of 2;
    # rank_out_of filters on "KOR" instead of its iso3 argument (visible passes, hidden fails): 1 of 2.
    ("ex01_position", "ex01_position_typical_mistakes.ipynb", 6),
    # whole instead of fractional counting: 1 of 2; rows instead of distinct models: 1 of 3; unknown weights
    # counted as closed: 0 of 1; the rank is right: 1; no log scale on the chart: 1 of 2 (hidden data check passes);
    # unknown open weights counted as open in independent_teams: 1 of 3 (visible passes, both hidden fail).
    ("ex03_models", "ex03_models_typical_mistakes.ipynb", 5),
    # every existing row counted, Epoch's standard analysis ignored: 1 of 2; the pivot is right: 2; a start of 0 not
    # handled: 1 of 3; "by 2035" read as "before 2035": 1 of 2; no unit in the axis label: 1 of 2; leader_by_tracker
    # reads the global shares, not its table (visible and course-data hidden pass, made-up table fails): 2 of 3.
    ("ex02_chips", "ex02_chips_typical_mistakes.ipynb", 8),
    # peak year from counts, not shares: 1 of 2; cagr without input checks: 2 of 3; 20 years instead of 19: 1 of 2;
    # the per-capita rank is right: 2; counts drawn instead of shares: 1 of 2.
    ("ex04_talent", "ex04_talent_typical_mistakes.ipynb", 7),
    # models counted over all years, not 2024-2025: 2 of 3; classify fails at 0 and lets NaN through: 2 of 3; shares
    # over all claims instead of each theme's: 1 of 2; the models table is right: 2; no source line: 1 of 2.
    ("ex07_factcheck", "ex07_factcheck_typical_mistakes.ipynb", 8),
    # dollars per GPU over the 13,000 procured: 1 of 2; the increase instead of the ratio: 0 of 1; no input checks: 2
    # of 3; a row named in `dropped` left in the table: 1 of 2; no source line: 1 of 2; the policy share is right: 2;
    # rules that apply on a date filtered with < instead of <=: 2 of 3 (misses a rule on the day it starts to apply).
    ("ex06_strategy", "ex06_strategy_typical_mistakes.ipynb", 9),
    # the question and first chart are right; the second chart has no source line; file names instead of dataset
    # names; a brief too short (with numbers in it): 4 of 7.
    ("ex08_capstone", "ex08_capstone_typical_mistakes.ipynb", 4),
]


@pytest.mark.parametrize("assignment, fixture, expected", TYPICAL_MISTAKES)
def test_typical_mistakes_earn_partial_credit(course, assignment, fixture, expected):
    course.release(assignment)
    course.submit(assignment, "typical_student", REPO_ROOT / "tests" / "fixtures" / fixture)
    course.autograde(assignment, "typical_student")
    score, maximum = course.code_score(assignment, "typical_student")
    assert 0 < score < maximum
    assert score == expected


# Two ways a student might count with the kit instead of writing count_models: the visible test sees the first only.
BORROWED_COUNT_MODELS = {
    "calls_kk_models": 'def count_models(links, iso3, first_year, last_year, rule="whole"):\n'
                       '    counts = kk.models.count(kk.models.select(links, first_year, last_year), rule)\n'
                       '    return float(counts.get(iso3, 0.0))\n',
    "imports_the_module": 'from kaikit import models as library\n\n'
                          'def count_models(links, iso3, first_year, last_year, rule="whole"):\n'
                          '    counts = library.count(library.select(links, first_year, last_year), rule)\n'
                          '    return float(counts.get(iso3, 0.0))\n',
}


def grade_notebooks(course, assignment, notebooks):
    """Hand in ``notebooks`` ({student: notebook}) and grade them in one batch; the outcomes by student."""
    from kaikit.grading.batch import grade_submissions

    for student, notebook in notebooks.items():
        folder = course.root / "grading" / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{assignment}.ipynb")
    return {o.student: o for o in grade_submissions(course, assignment, jobs=1, report=lambda line: None)}


def test_ex03_count_models_that_calls_kk_models_loses_the_hidden_points(course):
    """ex03 Part 2 says "do not call kk.models": its hidden test (2 points) enforces that, as ex02's does for
    kk.compute, however the module is reached; the rest of the solution keeps its points (review B8)."""
    import adversarial

    assignment = "ex03_models"
    course.release(assignment)
    released = course.release_dir / assignment / f"{assignment}.ipynb"
    good = adversarial.solved(nbformat.read(released, as_version=4),
                              nbformat.read(course.source_dir / assignment / f"{assignment}.ipynb", as_version=4))
    answer = next(c for c in adversarial.answer_cells(good) if adversarial.meta(c)["grade_id"] == "count_models")
    handed_in = {}
    for student, source in BORROWED_COUNT_MODELS.items():
        answer.source = source
        handed_in[student] = nbformat.reads(nbformat.writes(good), as_version=4)
    outcomes = grade_notebooks(course, assignment, handed_in)
    for student in BORROWED_COUNT_MODELS:
        scores = course.cell_scores(assignment, student)
        visible = 0 if student == "calls_kk_models" else 1   # the visible test reads the source for "kk.models"
        assert scores["test_count_models_hidden"] == (0, 2) and scores["test_count_models"] == (visible, 1), student
        assert outcomes[student].score == auto_points(released) - 3 + visible, scores


# Charts are shown with kk.show() (an image with a text alternative). A copy of an exercise released before, with
# plt.show() in its chart cells, and a student who still ends their own code with plt.show() (so that the template's
# kk.show() finds no chart open and says so) must earn what the solution earns: the chart tests read `ax`, which stays
# whole after either call. ex01 checks the bars' colours (kk.show() hatches Korea's bar); ex08 has two charts.
@pytest.mark.parametrize("assignment", ["ex01_position", "ex08_capstone"])
def test_a_chart_shown_with_plt_show_earns_what_kk_show_earns(course, assignment):
    import copy

    import adversarial

    course.release(assignment)
    released_path = course.release_dir / assignment / f"{assignment}.ipynb"
    released = nbformat.read(released_path, as_version=4)
    good = adversarial.solved(released, nbformat.read(course.source_dir / assignment / f"{assignment}.ipynb",
                                                      as_version=4))
    charts = [index for index, cell in enumerate(good.cells) if cell in adversarial.answer_cells(good)
              and cell.source.rstrip().endswith("\nkk.show()")]
    assert charts, "the chart cells end with the template's kk.show()"
    # (the solution itself, with kk.show(), earns every point: tests/grading/test_integrity.py's "good" case)
    students = {"plt_show_habit": copy.deepcopy(good), "released_before": copy.deepcopy(good)}
    for index in charts:
        habit, before = students["plt_show_habit"].cells[index], students["released_before"].cells[index]
        habit.source = habit.source.rstrip()[:-len("kk.show()")] + "plt.show()\nkk.show()"
        before.source = before.source.rstrip()[:-len("kk.show()")] + "plt.show()"
    outcomes = grade_notebooks(course, assignment, students)
    for student in students:
        scores = course.cell_scores(assignment, student)
        assert outcomes[student].score == auto_points(released_path), (student, scores, outcomes[student].flags)
        assert not outcomes[student].flags, (student, outcomes[student].flags)
