"""Hostile and mangled submissions, built from any released exercise (so a new assignment is covered with no new
fixture). Each case is a function ``(released, solved, context) -> notebook or bytes`` plus the outcome it must have.

``solved`` is the released notebook with the instructor's answers typed in, as a student who got everything right
would submit it; ``wrong`` keeps every answer's names but gives them useless values (a baseline with no real work).
"""
import ast
import copy
import json
import re
import shutil
from dataclasses import dataclass

import nbformat

from kaikit._paths import REPO_ROOT
from kaikit.grading.integrity import setup_aliases, watched


def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def answer_cells(notebook):
    return [c for c in notebook.cells if meta(c).get("solution") and c.cell_type == "code"]


def test_cells(notebook):
    return [c for c in notebook.cells if meta(c).get("grade") and not meta(c).get("solution") and c.cell_type == "code"]


def index_of(notebook, cell):
    return next(i for i, c in enumerate(notebook.cells) if c is cell)


def strip_markers(source):
    return "".join(line for line in source.splitlines(keepends=True)
                   if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)


def released_course(root, assignment):
    """(course, released, solutions): a private nbgrader course in ``root`` (the kit's configuration and
    ``solutions/``) with ``assignment`` released, and its released and source notebooks."""
    from kaikit.grading.course import Course

    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "nbgrader_config.py", root)
    shutil.copytree(REPO_ROOT / "solutions", root / "solutions")
    course = Course(root)
    course.release(assignment)
    released = nbformat.read(course.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
    solutions = nbformat.read(course.source_dir / assignment / f"{assignment}.ipynb", as_version=4)
    return course, released, solutions


def solved(released, solutions):
    notebook = copy.deepcopy(released)
    answers = {meta(c)["grade_id"]: strip_markers(c.source) for c in answer_cells(solutions)}
    for cell in answer_cells(notebook):
        cell.source = answers[meta(cell)["grade_id"]]
    return notebook


def defined_names(source):
    tree = ast.parse(source)
    names = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(("def", node.name))
        elif isinstance(node, ast.Assign):
            names += [("var", t.id) for t in node.targets if isinstance(t, ast.Name)]
    return names


def wrong(solved_notebook, value="None"):
    """Every answer cell defines the same names, with useless values (``value`` for variables and returns)."""
    notebook = copy.deepcopy(solved_notebook)
    for cell in answer_cells(notebook):
        lines = []
        for kind, name in defined_names(cell.source):
            lines.append(f"def {name}(*args, **kwargs):\n    return {value}" if kind == "def" else f"{name} = {value}")
        cell.source = "\n".join(lines) or "pass"
    return notebook


def free_cell(source):
    return nbformat.v4.new_code_cell(source)


def after_setup(notebook, *cells):
    """Insert ``cells`` right after the locked setup cell (the first locked code cell)."""
    setup = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and meta(c).get("locked"))
    notebook.cells[setup + 1:setup + 1] = list(cells)
    return notebook


# --- the cases --------------------------------------------------------------------------------------------------

def copy_of(cell):
    """A pasted or split cell: same content and metadata, a new cell id (as JupyterLab gives it)."""
    from nbformat.corpus.words import generate_corpus_id

    pasted = copy.deepcopy(cell)
    pasted.id = generate_corpus_id()
    return pasted


def duplicated(released, good, ctx):
    cell = answer_cells(good)[0]
    good.cells.insert(index_of(good, cell), copy_of(cell))
    return good


def split(released, good, ctx):
    """Jupyter's "split cell" at a statement boundary: both halves keep the cell's metadata."""
    for cell in answer_cells(good):
        body = ast.parse(cell.source).body
        if len(body) >= 2:
            lines = cell.source.splitlines(keepends=True)
            cut = body[1].lineno - 1 - (len(body[0].decorator_list) if hasattr(body[0], "decorator_list") else 0)
            first = copy_of(cell)
            first.source, cell.source = "".join(lines[:cut]), "".join(lines[cut:])
            good.cells.insert(index_of(good, cell), first)
            return good
    cell = answer_cells(good)[0]      # one statement everywhere: split with the cursor at the end
    first = copy_of(cell)
    cell.source = ""
    good.cells.insert(index_of(good, cell), first)
    return good


def deleted_test(released, good, ctx):
    good.cells.remove(test_cells(good)[0])
    return good


def deleted_answer(released, good, ctx):
    good.cells.remove(answer_cells(good)[0])
    return good


def retyped(released, good, ctx):
    cell = answer_cells(good)[0]
    markdown = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
    good.cells[index_of(good, cell)] = markdown
    return good


def moved(released, good, ctx):
    cell = test_cells(good)[-1]
    good.cells.remove(cell)
    good.cells.insert(0, cell)
    return good


def points_changed(released, good, ctx):
    for cell in test_cells(good):
        cell.metadata["nbgrader"]["points"] = 100
    return good


def tests_edited(released, good, ctx):
    notebook = wrong(good)
    for cell in test_cells(notebook):
        cell.source = "pass"
    return notebook


def patched_library(released, good, ctx):
    """Every library function the tests call is replaced by one that says yes."""
    lines = ["import importlib"]
    for name, (path, _, _) in sorted(ctx["watched"].items()):
        module, _, attr = path.rpartition(".")
        if module and module != "builtins" and "." in name:
            lines.append(f"try:\n    setattr(importlib.import_module('{module}'), '{attr}', lambda *a, **k: True)\n"
                         "except Exception:\n    pass")
    return after_setup(wrong(good), free_cell("\n".join(lines)))


def assigned_library(released, good, ctx):
    """As a student did in a trial run: ``math.isclose = ...`` and ``kk.compute.documented_compute = ...`` written
    out, beside answers that are wrong — the points of tests that do not use the patched functions are held too."""
    setup = setup_aliases(released.cells)
    lines = []
    for name, (path, _, _) in sorted(ctx["watched"].items()):
        head = name.split(".")[0]
        if "." in name and not path.startswith("builtins.") and head in setup:
            lines.append(f"{name} = lambda *a, **k: True")
    lines = lines or ["import math", "math.isclose = lambda *a, **k: True"]   # tests that use no library function
    return after_setup(wrong(good), free_cell("\n".join(lines)))


def shadowed_builtins(released, good, ctx):
    names = sorted(n for n, (path, _, _) in ctx["watched"].items() if path.startswith("builtins."))
    source = "\n".join(f"def {name}(*args, **kwargs):\n    return True" for name in names) or "pass"
    return after_setup(wrong(good), free_cell(source))


def always_equal(released, good, ctx):
    cls = ("class Anything(float):\n    def __eq__(self, other):\n        return True\n"
           "    def __ne__(self, other):\n        return False\n"
           "    def __contains__(self, item):\n        return True\n"
           "    __hash__ = float.__hash__\n")
    return after_setup(wrong(good, "Anything(0.5)"), free_cell(cls))


def assert_stripper(released, good, ctx):
    source = ("import ast\nclass NoAsserts(ast.NodeTransformer):\n"
              "    def visit_Assert(self, node):\n        return ast.Pass()\n"
              "get_ipython().ast_transformers.append(NoAsserts())")
    return after_setup(wrong(good), free_cell(source))


def blank_cells(released, good, ctx):
    return after_setup(wrong(good), free_cell("get_ipython().input_transformers_cleanup.append(lambda lines: [])"))


def endless_loop(released, good, ctx):
    return after_setup(good, free_cell("import time\nwhile True:\n    time.sleep(1)"))


def sys_exit(released, good, ctx):
    return after_setup(good, free_cell("import sys\nsys.exit('bye')"))


def kernel_exit(released, good, ctx):
    good.cells.append(free_cell("import os\nos._exit(1)"))
    return good


def huge_output(released, good, ctx):
    return after_setup(good, free_cell("print('x' * 10_000_000)"))


def writes_outside(released, good, ctx):
    """Overwrites what it can reach: relative paths (inside its sandbox) and, as if it had found them, the course's
    gradebook and another student's submission by absolute path."""
    source = (
        "import os, pathlib\n"
        "for depth in range(1, 7):\n"
        "    target = pathlib.Path('../' * depth) / 'gradebook.db'\n"
        "    try:\n        target.write_text('garbage')\n    except OSError:\n        pass\n"
        f"open({ctx['gradebook']!r}, 'w').write('garbage')\n"
        f"open({ctx['victim']!r}, 'w').write('garbage')\n")
    return after_setup(good, free_cell(source))


def empty_file(released, good, ctx):
    return b""


def invalid_json(released, good, ctx):
    return nbformat.writes(good).encode()[:-200]


def future_nbformat(released, good, ctx):
    raw = json.loads(nbformat.writes(good))
    raw["nbformat"] = 5
    return json.dumps(raw).encode()


def old_nbformat(released, good, ctx):
    return nbformat.writes(good, version=3).encode()


def wrong_assignment(released, good, ctx):
    return ctx["other_assignment"]


@dataclass(frozen=True)
class Case:
    build: object
    flags: tuple           # flags that must be raised
    score: str             # "full", "zero", "baseline" (at most the wrong-answers score), "partial"
    status: str = "graded"
    everywhere: bool = True   # False: code that behaves the same in any notebook (run on two assignments)
    spread: bool = False      # True: a change caught by code that does not depend on the assignment (the notebook's
                              # structure, nbgrader's checksums, a guard on every name): run on three assignments, the
                              # spread cases together covering all


CASES = {
    "good": Case(lambda r, g, c: g, (), "full"),
    "untouched": Case(lambda r, g, c: r, (), "zero"),
    "wrong": Case(lambda r, g, c: wrong(g), (), "baseline"),
    "duplicated": Case(duplicated, ("duplicated_cells",), "full", spread=True),
    "split": Case(split, ("duplicated_cells",), "full", spread=True),
    "deleted_test": Case(deleted_test, ("deleted_cells",), "full", spread=True),
    "deleted_answer": Case(deleted_answer, ("deleted_cells",), "partial", spread=True),
    "retyped": Case(retyped, ("cell_type_changed",), "full", spread=True),
    "moved": Case(moved, ("moved_cells",), "full", spread=True),
    "points_changed": Case(points_changed, ("metadata_changed",), "full", spread=True),
    "tests_edited": Case(tests_edited, ("tests_edited",), "baseline", spread=True),
    "patched_library": Case(patched_library, ("patched_library", "withheld"), "zero"),
    "assigned_library": Case(assigned_library, ("patched_library", "withheld"), "zero", everywhere=False),
    "shadowed_builtins": Case(shadowed_builtins, ("patched_helper",), "baseline", spread=True),
    "always_equal": Case(always_equal, ("always_equal", "withheld"), "zero", spread=True),
    "assert_stripper": Case(assert_stripper, ("grading_hook", "withheld"), "zero", everywhere=False),
    "blank_cells": Case(blank_cells, ("grading_hook", "withheld"), "zero", everywhere=False),
    "endless_loop": Case(endless_loop, ("timeout",), "full", everywhere=False),
    "sys_exit": Case(sys_exit, ("exits",), "full", everywhere=False),
    "kernel_exit": Case(kernel_exit, ("exits", "kernel_crashed"), "zero", "not_graded", everywhere=False),
    "huge_output": Case(huge_output, ("big_output",), "full", everywhere=False),
    "writes_outside": Case(writes_outside, ("outside_files", "course_files_changed"), "full", everywhere=False),
    "empty_file": Case(empty_file, ("unreadable",), "zero", "not_graded"),
    "invalid_json": Case(invalid_json, ("unreadable",), "zero", "not_graded"),
    "future_nbformat": Case(future_nbformat, ("unreadable",), "zero", "not_graded"),
    "old_nbformat": Case(old_nbformat, ("converted",), "full", everywhere=False),
    "wrong_assignment": Case(wrong_assignment, ("wrong_assignment",), "zero", "not_graded"),
}


def watched_by_tests(instructor_notebook):
    """What the instructor's tests use, as ``kaikit.grading.integrity.watched`` sees it (for the patching cases)."""
    found, setup = {}, setup_aliases(instructor_notebook.cells)
    for cell in test_cells(instructor_notebook):
        found.update(watched(cell.source, setup))
    return found


def hidden_lines(solutions):
    """Lines of hidden tests and of solutions, long enough to be recognisable."""
    hidden, answers = set(), set()
    for cell in solutions.cells:
        inside = None
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line or "BEGIN SOLUTION" in line:
                inside = "hidden" if "HIDDEN" in line else "solution"
            elif "END HIDDEN TESTS" in line or "END SOLUTION" in line:
                inside = None
            elif inside and len(line.strip()) > 15:
                (hidden if inside == "hidden" else answers).add(line.strip())
    outside = {line.strip() for cell in solutions.cells for line in re.sub(
        r"### BEGIN (SOLUTION|HIDDEN TESTS).*?### END (SOLUTION|HIDDEN TESTS)", "", cell.source, flags=re.S)
        .splitlines()}
    return hidden - outside - answers, answers - outside
