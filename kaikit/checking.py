"""Check my work: grade a learner's saved exercise with the full autograder (hidden tests included) in a private
temporary course, and report per part — never showing hidden test code or expected values.

    kk.check("ex05_pipeline")         # in the last cell of an exercise notebook
    kaikit check path/to/ex05_pipeline.ipynb

nbformat is imported inside the functions that need it: ``import kaikit`` runs in every lesson's kernel, and nbformat
(with its JSON-schema validator) would add about two seconds to it.

Progress (each assignment's best score) is kept in ``~/.kaikit/progress.json`` (``KAIKIT_HOME`` moves it).
"""
import datetime
import json
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import message
from .integrity import GUARD_TAG
from .paths import REPO_ROOT

STUDENT = "me"
STUB = "raise NotImplementedError"


class NotebookProblem(ValueError):
    """The notebook cannot be checked (unreadable, or another exercise's notebook); the message says what to do."""


@dataclass
class Part:
    """One graded cell: its id, points earned and possible, a status and a message safe to show."""
    grade_id: str
    points: float
    max_points: float
    status: str          # "passed", "failed", "not_attempted", "manual"
    message: str = ""


@dataclass
class CheckResult:
    assignment: str
    parts: list = field(default_factory=list)
    full: bool = True     # False: only the visible tests were run (no solutions/ to grade against)

    @property
    def points(self):
        return sum(part.points for part in self.parts if part.status != "manual")

    @property
    def max_points(self):
        return sum(part.max_points for part in self.parts if part.status != "manual")

    def __repr__(self):
        # Shown under the report when kk.check(...) ends a cell: one line, not every part again.
        return f"<{self.assignment}: {self.points:g} / {self.max_points:g}>"


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _test_to_answer(notebook):
    """Each test cell's grade_id -> the grade_id of the answer cell it checks (the nearest one above it)."""
    owner, mapping = None, {}
    for cell in notebook.cells:
        meta = _nbgrader(cell)
        if meta.get("solution") and not meta.get("grade"):
            owner = meta["grade_id"]
        elif meta.get("grade") and not meta.get("solution"):
            mapping[meta["grade_id"]] = owner
    return mapping


def _answers(notebook):
    return {_nbgrader(c)["grade_id"]: c.source for c in notebook.cells if _nbgrader(c).get("solution")}


def _visible_messages(notebook):
    """The assert messages a learner can already see in the released notebook's test cells."""
    found = set()
    for cell in notebook.cells:
        if _nbgrader(cell).get("grade") and cell.cell_type == "code":
            found.update(re.findall(r'"((?:[^"\\]|\\.)*)"', cell.source))
    return found


def _safe_message(error, visible):
    """What a failing test may tell the learner: the visible assert's own message, or a generic line for a hidden
    test; for other errors the error type and text (they come from the learner's code)."""
    if error is None:
        return message("check_failed_generic")
    name, value = error.get("ename", ""), str(error.get("evalue", ""))
    if name == "AssertionError":
        if GUARD_TAG in value:   # the kit's integrity guard: the learner should know why
            return value
        return value if value and value in visible else message("check_hidden_failed")
    return f"{name}: {value}"[:200]


def _not_attempted(answer_id, answers, released_answers):
    """The answer still holds the stub, or is exactly as released."""
    if answer_id is None:
        return False
    source = answers.get(answer_id, "")
    return STUB in source or (answer_id in released_answers and source.strip() == released_answers[answer_id].strip())


def grade(notebook_path, assignment, solutions_dir=None):
    """Autograde ``notebook_path`` as ``assignment`` in a private temporary course; return a ``CheckResult``.

    The learner's file is only read. Without ``solutions/<assignment>`` the visible tests alone are run.
    """
    import nbformat

    from .submission import inspect_submission, read_notebook

    notebook_path = Path(notebook_path)
    solutions_dir = Path(solutions_dir) if solutions_dir else REPO_ROOT / "solutions"
    data = notebook_path.read_bytes()
    learner, problems = read_notebook(data)
    if learner is None:
        raise NotebookProblem(message("check_unreadable", path=notebook_path.name, reason=problems[0][1]))
    if not (solutions_dir / assignment).is_dir():
        return _visible_only(notebook_path, learner, assignment)
    from .course import Course
    from .sandbox import instructor_sources

    with tempfile.TemporaryDirectory(prefix="kaikit-check-") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbgrader's own SQLAlchemy notices are not the learner's business
        root = Path(tmp)
        shutil.copy(REPO_ROOT / "nbgrader_config.py", root)
        shutil.copytree(solutions_dir / assignment, root / "solutions" / assignment)
        course = Course(root)
        course.release(assignment)
        released = nbformat.read(course.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
        # Split, duplicated or moved cells are graded as kaikit grade would (the learner's file is not changed).
        inspection = inspect_submission(data, released, instructor_sources(course, assignment))
        if inspection.notebook is None:
            raise NotebookProblem(message("check_wrong_assignment", path=notebook_path.name, assignment=assignment))
        nbformat.write(inspection.notebook, root / f"{assignment}.ipynb")
        course.submit(assignment, STUDENT, root / f"{assignment}.ipynb")
        course.autograde(assignment, STUDENT)
        graded = nbformat.read(root / "grading" / "autograded" / STUDENT / assignment / f"{assignment}.ipynb",
                               as_version=4)
        scores = course.cell_scores(assignment, STUDENT)
    return _report(assignment, graded, released, learner, scores, _answers(released))


def _report(assignment, graded, released, learner, scores, released_answers):
    owners, answers = _test_to_answer(released), _answers(learner)
    visible = _visible_messages(released)
    result = CheckResult(assignment)
    for cell in graded.cells:
        meta = _nbgrader(cell)
        if not meta.get("grade"):
            continue
        grade_id = meta["grade_id"]
        earned, possible = scores.get(grade_id, (0.0, float(meta.get("points", 0))))
        if meta.get("solution"):  # a written answer: an instructor grades it
            result.parts.append(Part(grade_id, 0.0, possible, "manual", message("check_manual")))
            continue
        error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
        if earned >= possible and error is None:
            result.parts.append(Part(grade_id, earned, possible, "passed"))
        elif _not_attempted(owners.get(grade_id), answers, released_answers):
            result.parts.append(Part(grade_id, 0.0, possible, "not_attempted", message("check_not_attempted")))
        else:
            result.parts.append(Part(grade_id, earned or 0.0, possible, "failed", _safe_message(error, visible)))
    return result


def _visible_only(notebook_path, learner, assignment):
    """No solutions to grade against: run the learner's notebook (a copy) and read the visible test cells."""
    from nbclient import NotebookClient

    import nbformat

    copy = nbformat.from_dict(json.loads(json.dumps(learner)))
    NotebookClient(copy, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(notebook_path.parent)}}).execute()
    scores = {}
    for cell in copy.cells:
        meta = _nbgrader(cell)
        if meta.get("grade") and not meta.get("solution"):
            failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
            scores[meta["grade_id"]] = (0.0 if failed else float(meta.get("points", 0)), float(meta.get("points", 0)))
    result = _report(assignment, copy, learner, learner, scores, released_answers={})
    result.full = False
    return result


# --- making sure the file on disk is what the learner sees ------------------------------------------------------

def unsaved_cells(notebook_path, executed_sources):
    """The executed cell sources (from the kernel's history) that the saved notebook does not contain: edits run
    but not saved. Only answer cells count; the check call itself is ignored."""
    import nbformat

    saved = {re.sub(r"\s+", " ", cell.source).strip() for cell in nbformat.read(notebook_path, as_version=4).cells}
    stale = []
    for source in executed_sources:
        text = re.sub(r"\s+", " ", source).strip()
        if text and "kk.check(" not in text and "kk.progress(" not in text and text not in saved:
            stale.append(source)
    return stale


def locate(assignment, namespace=None):
    """The learner's notebook: the kernel's own session path when Jupyter gives it, else ``<assignment>.ipynb`` in
    the working directory."""
    session = (namespace or {}).get("__session__") or os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb") and Path(session).name == f"{assignment}.ipynb" and Path(session).exists():
        return Path(session)
    return Path.cwd() / f"{assignment}.ipynb"


# --- progress --------------------------------------------------------------------------------------------------

def progress_path():
    return Path(os.environ.get("KAIKIT_HOME", Path.home() / ".kaikit")) / "progress.json"


def read_progress():
    """Best scores so far ({assignment: {"best", "max", "checked"}}); a corrupt file is set aside, never lost."""
    path = progress_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a mapping")
        return {k: v for k, v in data.items() if isinstance(v, dict) and {"best", "max"} <= set(v)}
    except (ValueError, OSError):
        stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
        path.rename(path.with_name(f"progress.corrupt-{stamp}.json"))
        return {}


def record(result):
    """Keep ``result`` in the progress file if it is the assignment's best (full checks only)."""
    if not result.full:
        return read_progress()
    progress = read_progress()
    previous = progress.get(result.assignment, {})
    best = max(result.points, previous.get("best", 0))
    progress[result.assignment] = {"best": best, "max": result.max_points,
                                   "checked": datetime.datetime.now().isoformat(timespec="seconds")}
    path = progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(progress, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)
    return progress
