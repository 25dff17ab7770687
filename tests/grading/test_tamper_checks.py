"""The pure parts of trustworthy grading, without a kernel: the tamper scan, the run-time guard, safe feedback and
submission repair."""
import copy
import math

import adversarial
import nbformat
import pytest
from conftest import assignments

from kaikit._paths import REPO_ROOT
from kaikit.grading.feedback import HIDDEN_FAILED, safe_error, visible_part
from kaikit.grading.integrity import (
    GUARD_TAG,
    guard_line,
    scan,
    strip_guard,
    verify,
    watched,
)
from kaikit.grading.submission import MISSING_ANSWER, inspect_submission, read_notebook


@pytest.mark.parametrize("source, kind", [
    ("import math\nmath.isclose = lambda *a, **k: True", "patched_library"),
    ("import numpy as np\nsetattr(np, 'allclose', print)", "patched_library"),
    ("kk.pipeline.step = my_step", "patched_library"),
    ("def isinstance(*args):\n    return True", "patched_helper"),
    ("import builtins\nbuiltins.len = lambda x: 3", "grading_hook"),
    ("get_ipython().input_transformers_cleanup.append(f)", "grading_hook"),
    ("import sys\nsys.modules['math'] = fake", "grading_hook"),
    ("f.__code__ = g.__code__", "grading_hook"),
    ("import ctypes", "grading_hook"),
    ("class A:\n    def __eq__(self, other):\n        return True", "always_equal"),
    ("import os\nos._exit(0)", "exits"),
    ("exec('x = 1')", "dynamic_code"),
    ("open('../../gradebook.db', 'w').write('')", "outside_files"),
    ("import subprocess", "processes"),
])
def test_the_scan_finds_each_kind_of_tampering(source, kind):
    assert kind in {finding.kind for finding in scan(source, known_modules=["kk"])}


@pytest.mark.parametrize("assignment", assignments())
def test_the_scan_never_flags_an_honest_solution(assignment):
    solutions = nbformat.read(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    for cell in adversarial.answer_cells(solutions):
        assert scan(cell.source, known_modules=["kk"]) == [], cell.source[:80]


def test_reading_settings_and_opening_files_to_read_are_not_tampering():
    assert scan("import pandas as pd\npd.options.display.max_rows = 5\ntext = open('../data.csv').read()\n"
                "total = sum([1, 2])") == []


def test_the_guard_passes_for_real_functions_and_fails_for_replaced_ones():
    test = "import math\nassert math.isclose(f(1), 2) and isinstance(f(1), int)"
    line = guard_line(test, {})
    assert line.startswith("__import__('kaikit.grading.integrity')") and GUARD_TAG in line
    expected = watched(test, {})
    assert set(expected) == {"math.isclose", "isinstance", "int", "math"}
    verify({}, expected)   # nothing replaced: silent
    with pytest.raises(AssertionError, match="isinstance"):
        verify({"isinstance": lambda *args: True}, expected)
    original = math.isclose
    try:
        math.isclose = lambda *args, **kwargs: True
        with pytest.raises(AssertionError, match="math.isclose"):
            verify({}, expected)
    finally:
        math.isclose = original
    assert strip_guard(line + test) == test


def test_feedback_hides_hidden_regions_and_their_assert_messages():
    source = ('x = 1  ' + f"# {GUARD_TAG}: guard\n" + 'assert f(1) == 2, "f(1) should be 2"\n'
              "### BEGIN HIDDEN TESTS\nassert f(10) == 20, 'secret input 10'\n### END HIDDEN TESTS\n")
    shown = visible_part(source)
    assert "secret" not in shown and "BEGIN HIDDEN" not in shown and GUARD_TAG not in shown
    assert 'f(1) should be 2' in shown
    hidden = safe_error({"ename": "AssertionError", "evalue": "secret input 10", "traceback": ["..."]}, shown)
    assert hidden["evalue"] == HIDDEN_FAILED and hidden["traceback"] == [f"AssertionError: {HIDDEN_FAILED}"]
    visible = safe_error({"ename": "AssertionError", "evalue": "f(1) should be 2", "traceback": ["..."]}, shown)
    assert visible["evalue"] == "f(1) should be 2"
    other = safe_error({"ename": "NameError", "evalue": "name 'f' is not defined", "traceback": ["a", "b"]}, shown)
    assert other["traceback"] == ["NameError: name 'f' is not defined"]


@pytest.fixture(scope="module")
def ex05():
    released = nbformat.read(REPO_ROOT / "exercises" / "ex05_pipeline" / "ex05_pipeline.ipynb", as_version=4)
    solutions = nbformat.read(REPO_ROOT / "solutions" / "ex05_pipeline" / "ex05_pipeline.ipynb", as_version=4)
    return released, adversarial.solved(released, solutions), solutions


def data(notebook):
    return nbformat.writes(notebook).encode()


@pytest.mark.parametrize("raw, reason", [(b"", "empty"), (b"{\"cells\": [", "JSON"), (b"[1, 2]", "notebook"),
                                         (b'{"cells": [], "nbformat": 5}', "nbformat 5")])
def test_unreadable_files_get_a_reason(raw, reason):
    from kaikit.i18n import in_language, say

    notebook, flags = read_notebook(raw)
    assert notebook is None and flags[0][0] == "unreadable" and reason in in_language("en", say, flags[0][1])


def test_repair_is_faithful_and_idempotent(ex05):
    released, good, solutions = ex05
    clean = inspect_submission(data(good), released, {})
    assert clean.flags == [] and not clean.changed
    assert [c.source for c in clean.notebook.cells] == [c.source for c in good.cells]
    mangled = adversarial.moved(released, adversarial.duplicated(released, copy.deepcopy(good), {}), {})
    repaired = inspect_submission(data(mangled), released, {})
    assert {code for code, _ in repaired.flags} == {"duplicated_cells", "moved_cells"}
    again = inspect_submission(data(repaired.notebook), released, {})
    assert again.flags == [] and not again.changed


def test_a_deleted_answer_comes_back_empty_and_other_code_is_kept(ex05):
    released, good, _ = ex05
    notebook = adversarial.deleted_answer(released, copy.deepcopy(good), {})
    result = inspect_submission(data(notebook), released, {})
    assert ("deleted_cells", "step") in result.flags
    step = next(c for c in result.notebook.cells if adversarial.meta(c).get("grade_id") == "step")
    assert step.source == MISSING_ANSWER


def test_untouched_tests_get_the_instructors_source_edited_ones_are_flagged(ex05):
    released, good, solutions = ex05
    sources = {adversarial.meta(c)["grade_id"]: c.source for c in solutions.cells
               if adversarial.meta(c).get("locked")}
    clean = inspect_submission(data(good), released, sources)
    assert clean.restored_tests and clean.flags == []
    hidden = next(c for c in clean.notebook.cells if adversarial.meta(c).get("grade_id") == "test_step_hidden")
    assert "BEGIN HIDDEN TESTS" in hidden.source
    edited = inspect_submission(data(adversarial.tests_edited(released, copy.deepcopy(good), {})), released, sources)
    assert "tests_edited" in {code for code, _ in edited.flags}


def test_another_assignments_notebook_is_recognised(ex05):
    released, _, _ = ex05
    other = (REPO_ROOT / "exercises" / "ex01_position" / "ex01_position.ipynb").read_bytes()
    result = inspect_submission(other, released, {})
    assert result.notebook is None and result.flags[0][0] == "wrong_assignment"


def test_the_instructors_own_notebook_handed_in_changes_no_grading_metadata(ex05):
    """A copy of solutions/ lacks only what nbgrader adds at release (checksums, cell types): not a metadata change."""
    released, _, solutions = ex05
    sources = {adversarial.meta(c)["grade_id"]: c.source for c in solutions.cells if adversarial.meta(c).get("locked")}
    result = inspect_submission(data(solutions), released, sources)
    assert "metadata_changed" not in {code for code, _ in result.flags}
    edited = copy.deepcopy(solutions)
    next(c for c in edited.cells if adversarial.meta(c).get("points")).metadata.nbgrader["points"] = 99
    assert "metadata_changed" in {code for code, _ in inspect_submission(data(edited), released, sources).flags}
