"""Check my work: grade a learner's saved exercise with the full autograder (hidden tests included) in a private
temporary course, and report per part — never showing hidden test code or expected values.

    kk.check("ex05_pipeline")         # in the last cell of an exercise notebook
    kaikit check path/to/ex05_pipeline.ipynb

Without ``solutions/`` (the students' copy of the kit) only the visible tests can run: the learner's notebook is run
in one kernel, and a part with hidden tests is never counted as passed — the released test cells say which ones had
hidden tests (``metadata.kaikit.hidden_tests``, written by ``Course.release``).

A check never starts a check: cells calling ``kk.check``/``kk.progress`` are dropped before the notebook runs, and
``kk.check`` returns at once in a kernel a check started (``KERNEL_GUARD``). Every process a check starts is killed
when it ends, however it ends.

nbformat is imported inside the functions that need it: ``import kaikit`` runs in every lesson's kernel, and nbformat
(with its JSON-schema validator) would add about two seconds to it.

Progress (each assignment's best score) is kept in ``~/.kaikit/progress.json`` (``KAIKIT_HOME`` moves it). The
private course with the exercise released into its gradebook is made once per version of ``solutions/<exercise>``
(and of the kit's code and messages, nbgrader and the course's nbgrader configuration) and kept in
``~/.kaikit/check-courses/``; each check grades in a fresh copy of it.
"""
import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.utils import is_grade, is_solution

from .._paths import REPO_ROOT
from ..i18n import did_you_mean, message, say
from ..self_check import KERNEL_GUARD, CheckResult, Part, kaikit_home, known_assignments
from .feedback import ANSI, answer_kind, hidden_failure
from .integrity import GUARD_TAG
from .submission import cell_grade_id

STUDENT = "me"
STUB = "raise NotImplementedError"
CHECK_CELL = "check-my-work"          # the id of the cell Course.release ends every exercise with
CHECK_CALL = re.compile(r"\b(?:kk|kaikit)\.(?:check|progress)\(")
CELL_TIMEOUT = 60                     # seconds per cell with only the visible tests, as the course's autograder


class NotebookProblem(ValueError):
    """The notebook cannot be checked (missing, unreadable, a lesson, another exercise's notebook, an unknown
    exercise name); the message says what to do."""


# --- which exercise, which file ---------------------------------------------------------------------------------

def resolve(notebook_path: Path | str, assignment: str | None = None, option_hint: bool = False) -> tuple[str, str]:
    """(assignment, note): the exercise to check ``notebook_path`` as, and a note when the file name is not its name.

    ``assignment`` given: it must be one of the kit's. Otherwise the file name says it: its stem, or the one exercise
    name it contains (LMS downloads: ``ex03_models-Copy1``, ``ex03_models (1)``, ``kim_12345_67890_ex03_models``).
    A NotebookProblem suggests the nearest name otherwise."""
    path, known = Path(notebook_path), known_assignments()
    name = assignment or path.stem
    if name in known:
        return name, ""
    inside = [known_name for known_name in known if known_name in name]
    if assignment is None and len(inside) == 1:
        return inside[0], message("check_assignment_from_name", path=path.name, assignment=inside[0])
    raise NotebookProblem(message("check_unknown_assignment", name=name, available=", ".join(known),
                                  suggestion=did_you_mean(name, known))
                          + (message("check_name_option") if option_hint and assignment is None else ""))


def read_learner(notebook_path: Path | str) -> tuple[bytes, object]:
    """(bytes, notebook) of the learner's file, which is only read; a NotebookProblem with advice when it is missing,
    cannot be read, or is a lesson (no graded cell)."""
    from .submission import read_notebook

    path = Path(notebook_path)
    if not path.is_file():
        raise NotebookProblem(message("check_missing", path=path))
    data = path.read_bytes()
    learner, problems = read_notebook(data)
    if learner is None:
        raise NotebookProblem(message("check_unreadable", path=path.name, reason=say(problems[0][1])))
    if not any(is_grade(cell) or is_solution(cell) for cell in learner.cells):
        raise NotebookProblem(message("check_lesson", path=path.name))
    return data, learner


# --- what the report knows about the exercise -------------------------------------------------------------------

@dataclass
class Exercise:
    """What a report reads from the released exercise (or the learner's copy of it)."""
    owners: dict = field(default_factory=dict)    # test grade_id -> grade_id of the answer it checks
    numbers: dict = field(default_factory=dict)   # grade_id -> part number, from the headings ("## 문제 2 / Part 2")
    hidden: set = field(default_factory=set)      # test grade_ids with hidden tests
    answers: dict = field(default_factory=dict)   # answer grade_id -> source
    visible: set = field(default_factory=set)     # the assert messages a learner can see in the test cells


HEADING = re.compile(r"^#{1,6}\s*(?:문제|Part)\s*(\d+)", re.M)


def _has_hidden_tests(cell):
    # Released before the marker existed: a test cell with no code left (only comments) can only be hidden tests.
    code = [line for line in cell.source.splitlines() if line.strip() and not line.strip().startswith("#")]
    return bool(cell.get("metadata", {}).get("kaikit", {}).get("hidden_tests")) or not code


def read_exercise(notebook) -> "Exercise":
    """The ``Exercise`` a notebook describes: each test's answer, each cell's part, which tests have hidden ones."""
    owner, number, exercise = None, None, Exercise()
    for cell in notebook.cells:
        grade_id = cell_grade_id(cell)
        if not grade_id:
            found = HEADING.search(cell.source) if cell.cell_type == "markdown" else None
            number = int(found.group(1)) if found else number
            continue
        exercise.numbers[grade_id] = number
        if is_solution(cell) and not is_grade(cell):
            owner, exercise.answers[grade_id] = grade_id, cell.source
        elif is_grade(cell) and not is_solution(cell) and cell.cell_type == "code":
            exercise.owners[grade_id] = owner
            exercise.visible.update(re.findall(r'"((?:[^"\\]|\\.)*)"', cell.source))
            if _has_hidden_tests(cell):
                exercise.hidden.add(grade_id)
    return exercise


def _exercise(released, learner):
    """The released exercise, completed by the learner's copy for what it lacks (a cell added since, a heading). The
    hidden-test markers of both count; visible messages are the release's only."""
    known, mine = read_exercise(released), read_exercise(learner)
    return Exercise({**mine.owners, **known.owners}, {**mine.numbers, **known.numbers}, known.hidden | mine.hidden,
                    {**mine.answers, **known.answers}, known.visible)


def _label(exercise, grade_id, hidden=False):
    number = exercise.numbers.get(grade_id)
    if number is None:
        return grade_id
    part = message("check_part", number=number)
    return message("check_part_hidden", part=part) if hidden else part


# --- what a failing part may say ----------------------------------------------------------------------------------

def _error(cell):
    return next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)


def _error_text(error):
    # nbgrader records a timed-out cell as CellTimeoutError; the interrupt it sends can arrive first, as
    # KeyboardInterrupt (nobody presses Ctrl+C in a check's kernel).
    if error.get("ename") in ("CellTimeoutError", "KeyboardInterrupt"):
        return message("check_timeout")
    value = re.sub(r" \([^()]*, line \d+\)$", "", str(error.get("evalue", "")))  # SyntaxError's "(file.py, line 2)"
    return f"{error.get('ename', '')}: {value}"[:200]


def _error_line(error):
    """The line of the cell the error points at (IPython's "Cell In[3], line 2"; the first is the cell itself)."""
    traceback = ANSI.sub("", "\n".join(error.get("traceback", [])))
    found = re.search(r"(?:Cell|Input) In ?\[\s*\d*\s*\], line (\d+)", traceback)
    return message("check_line", line=found.group(1)) if found else ""


def _safe_message(error, visible, kind):
    """What a failing test may tell the learner: the visible assert's own message, or a line for a hidden test that
    fits the kind of answer; for other errors the error type and text (they come from the learner's code)."""
    if error is None:
        return message("check_failed_generic")
    name, value = error.get("ename", ""), str(error.get("evalue", ""))
    if name == "AssertionError":
        if GUARD_TAG in value:   # the kit's integrity guard: the learner should know why
            return value
        return value if value and value in visible else hidden_failure(kind, both=False)
    return _error_text(error)


def _failure(error, owner, exercise, answer_errors):
    """A failed test's message. When the answer it checks raised an error, that error (with its line) is the cause:
    the test's own NameError would only hide it."""
    answer_error = answer_errors.get(owner)
    if answer_error is not None:
        return message("check_answer_error", part=_label(exercise, owner), line=_error_line(answer_error),
                       error=_error_text(answer_error))
    return _safe_message(error, exercise.visible, answer_kind(exercise.answers.get(owner) or ""))


def _not_attempted(answer_id, answers, released_answers):
    """The answer still holds the stub, or is exactly as released."""
    if answer_id is None:
        return False
    source = answers.get(answer_id, "")
    return STUB in source or (answer_id in released_answers and source.strip() == released_answers[answer_id].strip())


def _outcome(cell, earned, possible, unchecked, exercise, learner_answers, answer_errors):
    """(status, points, message) of one test cell. ``unchecked``: its hidden tests did not run here."""
    error, owner = _error(cell), exercise.owners.get(cell_grade_id(cell))
    passed = earned >= possible and error is None
    if passed and not unchecked:
        return "passed", earned, ""
    if _not_attempted(owner, learner_answers, exercise.answers):
        return "not_attempted", 0.0, message("check_not_attempted")
    if passed:
        return "unchecked", 0.0, message("check_unchecked")
    return "failed", earned or 0.0, _failure(error, owner, exercise, answer_errors)


def _report(assignment, graded, exercise, learner, scores, full=True):
    learner_answers = {cell_grade_id(c): c.source for c in learner.cells if is_solution(c)}
    answer_errors = {cell_grade_id(c): _error(c) for c in graded.cells if is_solution(c) and _error(c) is not None}
    result = CheckResult(assignment, full=full)
    for cell in graded.cells:
        if not is_grade(cell):
            continue
        grade_id, hidden = cell_grade_id(cell), cell_grade_id(cell) in exercise.hidden
        earned, possible = scores.get(grade_id, (0.0, float(cell.metadata.nbgrader.get("points", 0))))
        if is_solution(cell):  # a written answer: an instructor grades it
            status, points, text = "manual", 0.0, message("check_manual")
        else:
            status, points, text = _outcome(cell, earned, possible, hidden and not full, exercise, learner_answers,
                                            answer_errors)
        result.parts.append(Part(grade_id, points, possible, status, text, _label(exercise, grade_id, hidden), hidden))
    return result


# --- running it -----------------------------------------------------------------------------------------------------

def check_notebook(notebook_path: Path | str, assignment: str, solutions_dir: Path | str | None = None) -> CheckResult:
    """Autograde ``notebook_path`` as ``assignment`` in a private temporary course; return a ``CheckResult``.

    The learner's file is only read. Without ``solutions/<assignment>`` the visible tests alone are run.
    """
    notebook_path = Path(notebook_path)
    solutions_dir = Path(solutions_dir) if solutions_dir else REPO_ROOT / "solutions"
    data, learner = read_learner(notebook_path)
    with _reaped():
        if not (solutions_dir / assignment).is_dir():
            return _in_a_thread(_visible_only, notebook_path, learner, assignment)
        return _in_a_thread(_full, notebook_path, data, learner, assignment, solutions_dir)


def _in_a_thread(function, *args):
    """``function(*args)``, run in a thread of its own. In the main thread, nbclient (and nbgrader's Execute, built on
    it) takes Ctrl+C over: it shuts the kernel down and the check then fails with an unrelated error. Here Ctrl+C stays
    a KeyboardInterrupt in the caller, and ``_reaped`` kills the kernel."""
    import threading

    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # handed to the caller as it is
            outcome["error"] = error

    worker = threading.Thread(target=run, name="kaikit-check", daemon=True)
    worker.start()
    while worker.is_alive():   # short waits: Ctrl+C is raised between them, whichever thread the signal reached
        worker.join(0.2)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _full(notebook_path, data, learner, assignment, solutions_dir):
    import nbformat

    from .course import Course
    from .submission import inspect_submission

    with tempfile.TemporaryDirectory(prefix="kaikit-check-") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbgrader's own SQLAlchemy notices are not the learner's business
        root = Path(tmp)
        _copy_released_course(solutions_dir / assignment, root)
        course = Course(root)
        released = nbformat.read(course.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
        # Split, duplicated or moved cells are graded as kaikit grade would (the learner's file is not changed).
        inspection = inspect_submission(data, released, course.instructor_sources(assignment))
        if inspection.notebook is None:
            raise NotebookProblem(message("check_wrong_assignment", path=notebook_path.name, assignment=assignment))
        nbformat.write(_without_check_cells(inspection.notebook), root / f"{assignment}.ipynb")
        course.submit(assignment, STUDENT, root / f"{assignment}.ipynb")
        course.autograde(assignment, STUDENT)
        graded = nbformat.read(root / "grading" / "autograded" / STUDENT / assignment / f"{assignment}.ipynb",
                               as_version=4)
        scores = course.cell_scores(assignment, STUDENT)
    return _report(assignment, graded, _exercise(released, learner), learner, scores)


def _kernel_settings():
    """(config, kernel arguments) for the kernels a check starts. ipykernel warns on its stderr that plain TCP can be
    eavesdropped ("Kernel is running over TCP without encryption"), which a learner should never have to read: the
    channels are encrypted (CurveZMQ, provisioned by jupyter_client) when pyzmq and jupyter_client can, else the
    kernel's log level is raised above that warning."""
    import zmq
    from jupyter_client.manager import KernelManager

    if zmq.has("curve") and KernelManager.class_traits().get("transport_encryption") is not None:
        return {"KernelManager": {"transport_encryption": "auto"}}, []
    return {}, ["--IPKernelApp.log_level=ERROR"]


COURSE_CACHE = "check-courses"   # in KAIKIT_HOME (~/.kaikit)
RELEASED = "released"             # in a kept course, written once its exercise is released: the course's files


def _complete(course):
    """The kept course was made to the end and has lost none of its files."""
    try:
        files = (course / RELEASED).read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return bool(files) and all((course / name).is_file() for name in files)


def _course_version(source):
    """A digest of everything a released private course depends on: the exercise's source files, the course's
    nbgrader configuration, the kit's code and messages (its preprocessors, the cells a release adds) and nbgrader's
    version."""
    import nbgrader

    kit = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(nbgrader.__version__.encode())
    parts = [(source, path) for path in sorted(source.rglob("*"))
             if path.is_file() and ".ipynb_checkpoints" not in path.parts]
    parts += [(kit, path) for path in sorted([*kit.rglob("*.py"), *kit.rglob("*.mo")])]
    parts += [(REPO_ROOT, REPO_ROOT / "nbgrader_config.py")]
    for folder, path in parts:
        digest.update(f"{folder.name}/{path.relative_to(folder)}".encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def _released_course(source):
    """The folder of a private course of ``source`` (solutions/<exercise>) with the exercise released into its
    gradebook, made once per version (``_course_version``) in ``KAIKIT_HOME/check-courses`` and reused; None when that
    folder cannot be written (the check then releases in its own temporary course)."""
    from .course import Course

    assignment = source.name
    cache = kaikit_home() / COURSE_CACHE
    ready = cache / f"{assignment}-{_course_version(source)}"
    if _complete(ready):
        return ready
    try:
        cache.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{assignment}-", dir=cache))
    except OSError:
        return None
    try:
        _private_course(building, source)
        Course(building).release(assignment)
        files = sorted(str(path.relative_to(building)) for path in building.rglob("*") if path.is_file())
        (building / RELEASED).write_text("\n".join(files), encoding="utf-8")   # last: the course is complete
        for old in cache.glob(f"{assignment}-*"):   # earlier versions of this exercise
            shutil.rmtree(old, ignore_errors=True)
        os.replace(building, ready)
    except OSError:   # another check made the same version at the same moment, or the disk is full: not ours
        shutil.rmtree(building, ignore_errors=True)
        return ready if ready.is_dir() else None
    return ready


def _copy_released_course(source, root):
    """In ``root``: a private course of ``source`` with the exercise released, copied from the kept one (or made
    there when none can be kept). The configuration is written again: it names ``root``'s own exchange folder."""
    from .course import Course

    ready = _released_course(source)
    if ready is not None:
        try:
            shutil.copytree(ready, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("exchange"))
            _write_configuration(root)
            return
        except OSError:   # the kept course went while it was copied (a newer version replaced it): start afresh
            for leftover in list(root.iterdir()):
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    _private_course(root, source)
    Course(root).release(source.name)


def _private_course(root, source):
    """A course of one assignment in ``root``: the kit's nbgrader configuration, with what a check changes."""
    _write_configuration(root)
    shutil.copytree(source, root / "solutions" / source.name)


def _write_configuration(root):
    config, arguments = _kernel_settings()
    (root / "exchange").mkdir(exist_ok=True)
    settings = [
        # nbgrader lists its exchange whenever it starts; the default one (/usr/local/share/nbgrader/exchange) is
        # usually missing, and it says so as "CRITICAL | Unwritable directory": a check never uses it.
        f"c.Exchange.root = {str(root / 'exchange')!r}",
        # The kernel and whatever the learner's code started are killed at once when the notebook has run.
        'c.Execute.shutdown_kernel = "immediate"',
        # Per-student cases: the kernel keeps the learner's own identity (it inherits this kernel's environment).
        "c.StudentVariants.enabled = False",
        *(f"c.{section}.{name} = {value!r}" for section, values in config.items() for name, value in values.items()),
        *([f"c.Execute.extra_arguments += {arguments!r}"] if arguments else []),   # after the course's own
    ]
    text = (REPO_ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (root / "nbgrader_config.py").write_text(text + "\n# kaikit check\n" + "\n".join(settings) + "\n",
                                              encoding="utf-8")


def _is_check_cell(cell):
    """The check cell Course.release adds, or any other ungraded cell calling kk.check or kk.progress."""
    return cell.cell_type == "code" and not cell_grade_id(cell) and (
        cell.get("id") == CHECK_CELL or bool(CHECK_CALL.search(cell.source)))


def _without_check_cells(notebook):
    notebook.cells = [cell for cell in notebook.cells if not _is_check_cell(cell)]
    return notebook


def _visible_only(notebook_path, learner, assignment):
    """No solutions to grade against: run the learner's notebook (a copy) and read the visible test cells."""
    # Not nbgrader's Validator (`nbgrader validate`): it runs the file on disk (check cells included), stops at a
    # changed cell type or checksum without running the tests, and returns the failing cells' source and HTML
    # traceback, neither their grade_id nor their error output, which the report's parts and messages are built from.
    import nbformat

    executed = _without_check_cells(nbformat.from_dict(json.loads(json.dumps(learner))))
    _execute(executed, notebook_path.parent)
    scores = {}
    for cell in executed.cells:
        # Not nbgrader's determine_grade: it also scores 0 a test that only wrote to stderr (a library's warning) and
        # reads partial credit from a test's output; this check has always counted an error, and nothing else, as 0.
        if is_grade(cell) and not is_solution(cell):
            possible = float(cell.metadata.nbgrader.get("points", 0))
            scores[cell_grade_id(cell)] = (0.0 if _error(cell) else possible, possible)
    release = REPO_ROOT / "exercises" / assignment / f"{assignment}.ipynb"
    released = nbformat.read(release, as_version=4) if release.is_file() else learner
    return _report(assignment, executed, _exercise(released, learner), learner, scores, full=False)


def _keep_timeout(cell, execute_reply, **_):
    # As nbgrader's Execute does: nbclient leaves a timed-out cell without an error output, so it would pass.
    content = execute_reply["content"]
    if content["status"] == "error" and _error(cell) is None:
        import nbformat

        cell.outputs.append(nbformat.v4.new_output("error", ename=content["ename"], evalue=content["evalue"],
                                                   traceback=content["traceback"]))


def _execute(notebook, folder):
    """Run ``notebook`` in one kernel started in ``folder``, as the autograder would: an error or a timed-out cell
    (interrupted) is recorded and the next cell runs. kk.check called in that kernel does nothing."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    config, arguments = _kernel_settings()
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, shutdown_kernel="immediate", extra_arguments=arguments,
                            error_on_timeout={"ename": "CellTimeoutError", "evalue": "", "traceback": []},
                            on_cell_executed=_keep_timeout, config=Config(config),
                            resources={"metadata": {"path": str(folder)}})
    client.execute(env={**os.environ, KERNEL_GUARD: "1"})


@contextlib.contextmanager
def _reaped():
    """Every process a check starts (a kernel, and whatever the learner's code started in it) is killed when the
    check ends, however it ends: done, a timeout, an error, Ctrl+C."""
    import psutil

    me = psutil.Process()
    before = {child.pid for child in me.children(recursive=True)}
    try:
        yield
    finally:
        started = [child for child in me.children(recursive=True) if child.pid not in before]
        for process in started:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(started, timeout=10)


# --- making sure the file on disk is what the learner sees ------------------------------------------------------

def unsaved_cells(notebook_path: Path | str, executed_sources: list[str]) -> list[str]:
    """The executed cell sources (from the kernel's history) that the saved notebook does not contain: edits run
    but not saved. Only answer cells count; the check call itself is ignored."""
    import nbformat

    saved = {re.sub(r"\s+", " ", cell.source).strip() for cell in nbformat.read(notebook_path, as_version=4).cells}
    stale = []
    for source in executed_sources:
        text = re.sub(r"\s+", " ", source).strip()
        if text and not CHECK_CALL.search(text) and text not in saved:
            stale.append(source)
    return stale


