"""The per-student cases of the exercises (kaikit.variants), run in this process: each case's answer and whether a
part's tests pass, without a kernel (tests/grading/test_variant_grading.py, tests/notebooks/test_notebooks.py)."""
import itertools

import matplotlib
import nbformat
from adversarial import meta

from kaikit import variants
from kaikit._paths import REPO_ROOT

matplotlib.use("Agg")

# assignment: (the varied part's answer cell, the variable it sets, its test cells)
PARTS = {
    "ex02_chips": ("growth_needed", "growth_needed", ["test_growth_needed", "test_growth_needed_hidden"]),
    "ex04_talent": ("per_capita_rank", "korea_per_capita_rank",
                    ["test_per_capita_rank", "test_per_capita_rank_hidden"]),
    "ex05_pipeline": ("workforce_gain", "workforce_gain", ["test_workforce_gain"]),
}


def identity_for(assignment, number, avoid=()):
    """A student id drawn to case ``number`` of ``assignment`` (with the default course)."""
    return next(who for who in (f"s{i:03d}" for i in itertools.count())
                if who not in avoid and variants.case_number(assignment, who, course="kaikit") == number)


def cell_of(notebook, grade_id):
    return next(c for c in notebook.cells if meta(c).get("grade_id") == grade_id)


def part_runner(assignment, who, monkeypatch):
    """Runs the instructor's notebook in this process as ``who`` up to the varied part (its answer not yet run);
    returns a function that runs the part's answer (or sets a given value) and its tests: (value, failed tests)."""
    monkeypatch.setenv("KAIKIT_STUDENT", who)
    monkeypatch.setenv("KAIKIT_COURSE", "kaikit")
    notebook = nbformat.read(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    answer_id, variable, tests = PARTS[assignment]
    before = {"display": lambda *args, **kwargs: None}
    for code in notebook.cells:
        if meta(code).get("grade_id") == answer_id:
            break
        if code.cell_type == "code" and not meta(code).get("grade"):     # other parts' tests are not needed
            exec(code.source, before)

    def run(value=None):
        monkeypatch.setenv("KAIKIT_STUDENT", who)       # the tests draw the case again, for this kernel's student
        namespace = dict(before)
        if value is None:
            exec(cell_of(notebook, answer_id).source, namespace)
        else:
            namespace[variable] = value
        failed = []
        for grade_id in tests:
            try:
                exec(cell_of(notebook, grade_id).source, dict(namespace))
            except AssertionError:
                failed.append(grade_id)
        return namespace[variable], failed
    return run


def case_answers(assignment, monkeypatch):
    """{case number: (identity drawn to it, the instructor's answer for it)} of ``assignment``'s varied part."""
    answers = {}
    for number in range(len(variants.CASES[assignment]["cases"])):
        who = identity_for(assignment, number)
        answers[number] = (who, part_runner(assignment, who, monkeypatch)()[0])
    return answers
