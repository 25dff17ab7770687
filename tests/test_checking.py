"""Self-learners' "check my work": the real autograder, no leaks, the learner's file untouched."""
import hashlib
import json
import re

import nbformat
import pytest

import kaikit as kk
from kaikit import checking, report
from kaikit.paths import REPO_ROOT

pytestmark = pytest.mark.xdist_group("checking")  # one worker: the graded fixture is computed once

ASSIGNMENT = "ex05_pipeline"
SOLUTION = REPO_ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
RELEASE = REPO_ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
PARTIAL = REPO_ROOT / "tests" / "fixtures" / f"{ASSIGNMENT}_typical_mistakes.ipynb"


@pytest.fixture(autouse=True)
def private_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("KAIKIT_HOME", str(tmp_path / "home"))


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def secret_lines():
    """Lines of solution code and hidden tests: none may appear in what a learner is shown."""
    text = SOLUTION.read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=4)
    secrets = set()
    for cell in notebook.cells:
        for block in re.findall(r"### BEGIN (?:SOLUTION|HIDDEN TESTS)\n(.*?)### END", cell.source, flags=re.S):
            secrets.update(line.strip() for line in block.splitlines() if len(line.strip()) > 12)
    return secrets


@pytest.fixture(scope="module")
def graded():
    """The three checks the tests read: a full solution, an untouched release, a partly wrong answer."""
    copies = {name: path.read_bytes() for name, path in [("solution", SOLUTION), ("release", RELEASE),
                                                          ("partial", PARTIAL)]}
    results = {name: checking.grade(path, ASSIGNMENT)
               for name, path in [("solution", SOLUTION), ("release", RELEASE), ("partial", PARTIAL)]}
    return results, copies


def test_a_full_solution_passes_every_automatic_part(graded):
    result = graded[0]["solution"]
    assert result.full and result.points == result.max_points > 0
    assert {p.status for p in result.parts} == {"passed", "manual"}


def test_an_untouched_release_is_not_attempted_and_scores_zero(graded):
    result = graded[0]["release"]
    assert result.points == 0
    assert {p.status for p in result.parts if p.status != "manual"} == {"not_attempted"}


def test_a_partial_answer_gets_partial_credit_and_visible_messages(graded):
    result = graded[0]["partial"]
    assert 0 < result.points < result.max_points
    statuses = {p.grade_id: p.status for p in result.parts}
    assert statuses["test_step"] == "passed" and statuses["test_step_hidden"] == "failed"
    chart = next(p for p in result.parts if p.grade_id == "test_chart")
    assert "kk.add_source" in chart.message  # the visible assert's own message


def test_what_the_learner_sees_never_contains_hidden_tests_or_solutions(graded):
    secrets = secret_lines()
    assert secrets
    for result in graded[0].values():
        shown = report.report_html(result)
        for line in secrets:
            assert line not in shown, line


def test_checked_notebooks_are_left_byte_identical(graded):
    _, copies = graded
    for name, path in [("solution", SOLUTION), ("release", RELEASE), ("partial", PARTIAL)]:
        assert path.read_bytes() == copies[name], name


def test_without_solutions_only_visible_tests_run_and_it_says_so(tmp_path):
    result = checking.grade(PARTIAL, ASSIGNMENT, solutions_dir=tmp_path / "no_solutions")
    assert not result.full
    statuses = {p.grade_id: p.status for p in result.parts}
    assert statuses["test_step"] == "passed" and statuses["test_chart"] == "failed"
    assert statuses["test_step_hidden"] == "passed"  # hidden tests are not there to fail
    assert "solutions/" in report.report_html(result)


def test_unsaved_edits_are_detected(tmp_path):
    saved = nbformat.read(RELEASE, as_version=4)
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    nbformat.write(saved, path)
    executed = [saved.cells[1].source, 'kk.check("ex05_pipeline")']
    assert checking.unsaved_cells(path, executed) == []
    assert checking.unsaved_cells(path, executed + ["workforce_gain = 0.2"]) == ["workforce_gain = 0.2"]


def test_check_refuses_to_grade_a_stale_file(tmp_path, monkeypatch):
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    path.write_bytes(RELEASE.read_bytes())
    shown = []
    monkeypatch.setattr(report, "_show", shown.append)
    monkeypatch.setattr(report, "_user_namespace", lambda: {"In": ["", "strongest_lever = 'cohort'"]})
    monkeypatch.setattr(report, "grade", lambda *a, **k: pytest.fail("a stale file must not be graded"))
    assert kk.check(ASSIGNMENT, path=path) is None
    assert "저장되지 않은" in shown[0] and "Ctrl+S" in shown[0]


def test_check_does_nothing_inside_nbgrader(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setattr(report, "grade", lambda *a, **k: pytest.fail("no check inside the autograder"))
    assert kk.check(ASSIGNMENT) is None


def test_check_says_so_when_the_notebook_is_missing(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(report, "_show", shown.append)
    assert kk.check(ASSIGNMENT, path=tmp_path / "renamed.ipynb") is None
    assert "renamed.ipynb" in shown[0]


def test_progress_keeps_the_best_score(graded):
    results = graded[0]
    checking.record(results["partial"])
    checking.record(results["release"])
    best = checking.read_progress()[ASSIGNMENT]
    assert best["best"] == results["partial"].points and best["max"] == results["partial"].max_points


def test_a_corrupt_progress_file_is_set_aside_not_lost():
    path = checking.progress_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert checking.read_progress() == {}
    kept = list(path.parent.glob("progress.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{not json"


def test_every_released_exercise_ends_with_a_check_cell():
    for path in sorted((REPO_ROOT / "exercises").glob("*/*.ipynb")):
        last = nbformat.read(path, as_version=4).cells[-1]
        assert last.cell_type == "code" and last.source.endswith(f'kk.check("{path.stem}")'), path.name


def test_the_command_line_check_prints_a_total(capsys):
    from kaikit.cli import main

    assert main(["--lang", "en", "check", str(RELEASE)]) == 0
    output = capsys.readouterr().out
    assert "Automatic total: 0 / 11" in output and "not attempted" in output
    assert json.loads(checking.progress_path().read_text())[ASSIGNMENT]["best"] == 0


def test_a_split_answer_is_checked_like_the_instructor_would(tmp_path):
    import adversarial

    released = nbformat.read(RELEASE, as_version=4)
    good = adversarial.solved(released, nbformat.read(SOLUTION, as_version=4))
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    nbformat.write(adversarial.split(released, good, {}), path)
    before = digest(path)
    result = checking.grade(path, ASSIGNMENT)
    assert result.points == result.max_points > 0
    assert digest(path) == before, "the learner's file is only read"


@pytest.mark.parametrize("content, words", [(b"", "empty file"), (b'{"cells": [', "not valid JSON")])
def test_an_unreadable_notebook_gets_advice_not_a_traceback(tmp_path, capsys, content, words):
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    path.write_bytes(content)
    with pytest.raises(checking.NotebookProblem, match=words):
        checking.grade(path, ASSIGNMENT)
    assert kk.check(ASSIGNMENT, path=path) is None
    assert path.read_bytes() == content, "nothing is overwritten"


def test_another_exercise_is_recognised(tmp_path):
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    path.write_bytes((REPO_ROOT / "exercises" / "ex01_position" / "ex01_position.ipynb").read_bytes())
    with pytest.raises(checking.NotebookProblem, match="ex05_pipeline"):
        checking.grade(path, ASSIGNMENT)
