"""Self-learners' "check my work": the real autograder, no leaks, the learner's file untouched."""
import hashlib
import json
import re

import nbformat
import pytest

import kaikit as kk
from kaikit import self_check
from kaikit._paths import REPO_ROOT
from kaikit.grading import checking
from kaikit.grading.feedback import hidden_failure
from kaikit.i18n import set_language

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


def with_syntax_error(folder):
    """The partly wrong answer with a missing ] in Part 4's answer (strongest_lever); returns the path and the line."""
    notebook = nbformat.read(PARTIAL, as_version=4)
    answer = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "strongest_lever")
    line = answer.source.splitlines().index('policy = levers[levers["lever"] != "cohort"]') + 1
    answer.source = answer.source.replace('!= "cohort"]', '!= "cohort"', 1)
    path = folder / f"{ASSIGNMENT}.ipynb"
    nbformat.write(notebook, path)
    return path, line


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The checks the tests read: a full solution, an untouched release, a partly wrong answer, and that answer with
    a syntax error."""
    broken, line = with_syntax_error(tmp_path_factory.mktemp("syntax"))
    paths = [("solution", SOLUTION), ("release", RELEASE), ("partial", PARTIAL), ("syntax", broken)]
    copies = {name: path.read_bytes() for name, path in paths[:3]}
    results = {name: checking.check_notebook(path, ASSIGNMENT) for name, path in paths}
    return results, copies, line


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


def test_rows_name_the_part_and_keep_the_grade_id_for_an_instructor(graded):
    result = graded[0]["partial"]
    labels = {p.grade_id: p.label for p in result.parts}
    assert labels["test_step"] == "문제 1" and labels["test_step_hidden"] == "문제 1 (숨겨진 테스트 포함)"
    assert labels["test_wide"] == "문제 5 (숨겨진 테스트 포함)" and labels["policy_memo"] == "문제 7"
    shown = self_check.report_html(result)
    assert "문제 1 (숨겨진 테스트 포함)" in shown and "title='test_step_hidden'" in shown
    exercise = checking.read_exercise(nbformat.read(RELEASE, as_version=4))   # the headings give the numbers
    assert exercise.numbers["test_chart"] == exercise.numbers["test_chart_hidden"] == 6
    set_language("en")
    assert checking._label(exercise, "test_chart_hidden", hidden=True) == "Part 6 (with hidden tests)"


def test_a_failed_hidden_test_speaks_of_other_inputs_only_for_a_function(graded):
    messages = {p.grade_id: p.message for p in graded[0]["partial"].parts}
    assert messages["test_step_hidden"] == hidden_failure("function", both=False)   # step() is a function
    assert "다른 입력" in messages["test_step_hidden"]
    assert messages["test_strongest_lever"] == hidden_failure("value", both=False)  # a single value
    assert "다른 입력" not in messages["test_strongest_lever"] and "단위" in messages["test_strongest_lever"]


def test_an_error_in_an_answer_is_reported_as_that_error_with_its_line(graded):
    parts = {p.grade_id: p for p in graded[0]["syntax"].parts}
    for grade_id in ["test_strongest_lever"]:
        assert parts[grade_id].status == "failed"
        expected = f"문제 4의 답 셀에서 오류가 났습니다 ({graded[2]}번째 줄): SyntaxError: '[' was never closed"
        assert parts[grade_id].message == expected, parts[grade_id]
    assert parts["test_step"].status == "passed", "the other parts are checked as before"


def test_the_terminal_table_is_aligned_for_hangul(graded):
    text = self_check.report_text(graded[0]["partial"])
    rows = [line for line in text.splitlines() if line.startswith("  문제")]
    assert len(rows) == len(graded[0]["partial"].parts)
    assert len({self_check._width(row[:row.index(" / ")]) for row in rows}) == 1, text
    assert "아직 안 풂" not in text and "[IPKernelApp]" not in text


def test_what_the_learner_sees_never_contains_hidden_tests_or_solutions(graded):
    secrets = secret_lines()
    assert secrets
    for result in graded[0].values():
        shown = self_check.report_html(result)
        for line in secrets:
            assert line not in shown, line


def test_checked_notebooks_are_left_byte_identical(graded):
    _, copies, _ = graded
    for name, path in [("solution", SOLUTION), ("release", RELEASE), ("partial", PARTIAL)]:
        assert path.read_bytes() == copies[name], name


def test_without_solutions_only_visible_tests_run_and_it_says_so(tmp_path):
    result = checking.check_notebook(PARTIAL, ASSIGNMENT, solutions_dir=tmp_path / "no_solutions")
    assert not result.full
    statuses = {p.grade_id: p.status for p in result.parts}
    assert statuses["test_step"] == "passed" and statuses["test_chart"] == "failed"
    # Hidden tests are not there to fail, but such a part is never counted as passed.
    assert statuses["test_step_hidden"] == statuses["test_wide"] == "unchecked"
    assert not [p for p in result.parts if p.hidden and p.status == "passed"]
    assert (result.points, result.max_points, result.unchecked_points) == (1, 3, 8)
    shown = self_check.report_html(result)
    assert "solutions/" in shown and "숨겨진 테스트가 있는 8점은 강사가 채점할 때 확인됩니다" in shown
    assert self_check.record(result) == {}, "a visible-only check is not kept as progress"


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
    monkeypatch.setattr(self_check, "_show", shown.append)
    monkeypatch.setattr(self_check, "_user_namespace", lambda: {"In": ["", "strongest_lever = 'cohort'"]})
    monkeypatch.setattr(checking, "check_notebook", lambda *a, **k: pytest.fail("a stale file must not be graded"))
    assert kk.check(ASSIGNMENT, path=path) is None
    assert "저장되지 않은" in shown[0] and "Ctrl+S" in shown[0]


def test_check_does_nothing_inside_nbgrader(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setattr(checking, "check_notebook", lambda *a, **k: pytest.fail("no check inside the autograder"))
    assert kk.check(ASSIGNMENT) is None


def test_check_says_so_when_the_notebook_is_missing(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(self_check, "_show", shown.append)
    assert kk.check(ASSIGNMENT, path=tmp_path / "renamed.ipynb") is None
    assert "renamed.ipynb" in shown[0]


def test_progress_keeps_the_best_score(graded):
    results = graded[0]
    self_check.record(results["partial"])
    self_check.record(results["release"])
    best = self_check.read_progress()[ASSIGNMENT]
    assert best["best"] == results["partial"].points and best["max"] == results["partial"].max_points


def test_a_corrupt_progress_file_is_set_aside_not_lost():
    path = self_check.progress_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert self_check.read_progress() == {}
    kept = list(path.parent.glob("progress.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{not json"


def test_every_released_exercise_ends_with_a_check_cell():
    for path in sorted((REPO_ROOT / "exercises").glob("*/*.ipynb")):
        last = nbformat.read(path, as_version=4).cells[-1]
        assert last.cell_type == "code" and last.source.endswith(f'kk.check("{path.stem}")'), path.name


def test_the_command_line_check_prints_a_total(tmp_path, capfd):
    """A file named as an LMS download is checked as the exercise its name contains; nothing from the kernels it
    starts (ipykernel's plain-TCP warning, nbgrader's exchange) reaches the learner."""
    from kaikit.grading.cli import main

    path = tmp_path / f"{ASSIGNMENT}-Copy1.ipynb"
    path.write_bytes(RELEASE.read_bytes())
    assert main(["--lang", "en", "check", str(path)]) == 0
    output, errors = capfd.readouterr()
    assert "Automatic total: 0 / 14" in output and "not attempted" in output
    assert f"it contains {ASSIGNMENT}, so it was checked as {ASSIGNMENT}" in output and "solutions/" not in output
    assert "IPKernelApp" not in output + errors and "Unwritable" not in output + errors, errors
    assert json.loads(self_check.progress_path().read_text())[ASSIGNMENT]["best"] == 0


@pytest.mark.parametrize("name", [f"{ASSIGNMENT}-Copy1.ipynb", f"{ASSIGNMENT} (1).ipynb",
                                  f"kimminji_12345_67890_{ASSIGNMENT}.ipynb", f"{ASSIGNMENT}.ipynb"])
def test_an_lms_file_name_gives_its_exercise(name):
    assignment, note = checking.resolve(name)
    assert assignment == ASSIGNMENT
    assert (note == "") == (name == f"{ASSIGNMENT}.ipynb") and (not note or ASSIGNMENT in note)


def command_line_problem(capsys, *argv):
    from kaikit.grading.cli import main

    code = main(list(argv))
    output, errors = capsys.readouterr()
    assert code == 2 and not output and len(errors.strip().splitlines()) == 1, errors
    assert "Traceback" not in errors and "solutions/" not in errors
    return errors


def test_command_line_problems_are_one_line_for_people(tmp_path, capsys):
    missing = command_line_problem(capsys, "check", str(tmp_path / "missing.ipynb"))
    assert "missing.ipynb" in missing and "찾지 못했습니다" in missing
    (tmp_path / "broken.ipynb").write_text('{"cells": [')
    assert "읽을 수 없습니다" in command_line_problem(capsys, "check", str(tmp_path / "broken.ipynb"))
    lesson = REPO_ROOT / "lessons" / "en" / "00_start_here.ipynb"
    assert "this is a lesson, not an exercise" in command_line_problem(capsys, "--lang", "en", "check",
                                                                         str(lesson)).lower()
    (tmp_path / "ex02_chip.ipynb").write_bytes(RELEASE.read_bytes())
    misspelled = command_line_problem(capsys, "check", str(tmp_path / "ex02_chip.ipynb"))
    assert "혹시 'ex02_chips'인가요?" in misspelled and "--assignment" in misspelled
    option = command_line_problem(capsys, "--lang", "en", "check", "--assignment", "ex02_chip", str(RELEASE))
    assert "Did you mean 'ex02_chips'?" in option


def test_kk_check_explains_a_misspelled_exercise_and_a_lesson(monkeypatch):
    shown = []
    monkeypatch.setattr(self_check, "_show", shown.append)
    monkeypatch.setattr(checking, "check_notebook", lambda *a, **k: pytest.fail("nothing to grade"))
    assert kk.check("ex02_chip", path=RELEASE) is None and "혹시 &#x27;ex02_chips&#x27;인가요?" in shown[-1]
    assert kk.check(ASSIGNMENT, path=REPO_ROOT / "lessons" / "ko" / "00_start_here.ipynb") is None
    assert "연습문제가 아니라 수업입니다" in shown[-1]


def test_a_split_answer_is_checked_like_the_instructor_would(tmp_path):
    import adversarial

    released = nbformat.read(RELEASE, as_version=4)
    good = adversarial.solved(released, nbformat.read(SOLUTION, as_version=4))
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    nbformat.write(adversarial.split(released, good, {}), path)
    before = digest(path)
    result = checking.check_notebook(path, ASSIGNMENT)
    assert result.points == result.max_points > 0
    assert digest(path) == before, "the learner's file is only read"


@pytest.mark.parametrize("content, words", [(b"", "empty file"), (b'{"cells": [', "not valid JSON")])
def test_an_unreadable_notebook_gets_advice_not_a_traceback(tmp_path, capsys, content, words):
    set_language("en")   # the reason is said in the learner's language
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    path.write_bytes(content)
    with pytest.raises(checking.NotebookProblem, match=words):
        checking.check_notebook(path, ASSIGNMENT)
    assert kk.check(ASSIGNMENT, path=path) is None
    assert path.read_bytes() == content, "nothing is overwritten"


def test_another_exercise_is_recognised(tmp_path):
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    path.write_bytes((REPO_ROOT / "exercises" / "ex01_position" / "ex01_position.ipynb").read_bytes())
    with pytest.raises(checking.NotebookProblem, match="ex05_pipeline"):
        checking.check_notebook(path, ASSIGNMENT)


def released(calls, monkeypatch):
    """Count the private courses a check releases (``Course.release``) into ``calls``."""
    from kaikit.grading.course import Course

    release = Course.release
    monkeypatch.setattr(Course, "release", lambda self, name: calls.append(name) or release(self, name))


def test_a_check_releases_once_per_version_of_the_exercise(tmp_path, monkeypatch):
    """The private course and its release are kept between checks and made again when the exercise changes (a
    hidden test edited) or the kept one is damaged: a check never grades against an old version."""
    import shutil

    solutions = tmp_path / "solutions"
    shutil.copytree(SOLUTION.parent, solutions / ASSIGNMENT)
    calls = []
    released(calls, monkeypatch)
    first = checking.check_notebook(SOLUTION, ASSIGNMENT, solutions)
    again = checking.check_notebook(SOLUTION, ASSIGNMENT, solutions)
    assert calls == [ASSIGNMENT] and again.parts == first.parts and first.points == first.max_points
    (kept,) = (tmp_path / "home" / checking.COURSE_CACHE).iterdir()
    (kept / "grading" / "gradebook.db").unlink()
    checking.check_notebook(SOLUTION, ASSIGNMENT, solutions)
    assert len(calls) == 2, "a damaged kept course is made again"
    source = solutions / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(source, as_version=4)
    cell = next(c for c in notebook.cells if "### END HIDDEN TESTS" in c.source)
    cell.source = cell.source.replace("### END HIDDEN TESTS", "assert False\n### END HIDDEN TESTS")
    nbformat.write(notebook, source)
    changed = checking.check_notebook(SOLUTION, ASSIGNMENT, solutions)
    assert len(calls) == 3 and changed.points < first.points, "the edited hidden test is the one graded"
    assert len(list((tmp_path / "home" / checking.COURSE_CACHE).glob(f"{ASSIGNMENT}-*"))) == 1, "one version kept"


def test_a_check_works_where_nothing_can_be_kept(tmp_path, monkeypatch):
    home = tmp_path / "home-is-a-file"
    home.write_text("not a folder")
    monkeypatch.setenv("KAIKIT_HOME", str(home))
    result = checking.check_notebook(SOLUTION, ASSIGNMENT)
    assert result.points == result.max_points > 0
