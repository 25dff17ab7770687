"""One submission graded in a sandbox: a private copy of the course holding only its assignment and this submission,
autograded by nbgrader in a long-lived worker process (``sandbox_worker.py``) with a time limit.

The sandbox keeps a record (``kaikit-outcome.json``) once it is done, so an interrupted ``kaikit grade`` resumes
without grading it again.
"""
import json
import os
import queue
import select
import shutil
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.utils import is_locked

from ..i18n import delay_text, message, say
from .course import Course
from .integrity import GUARD_TAG, scan, setup_aliases
from .submission import inspect_submission

STUDENT_FILES_IGNORED = (".ipynb_checkpoints",)
RECORD = "kaikit-outcome.json"
REPAIRED = "kaikit-repaired.ipynb"


def _late(detail):
    seconds, penalty = detail.split("|")
    return message("late_detail", delay=delay_text(seconds), penalty=penalty)


def _doubt(detail):
    grade_id, manual, *change = detail.split("|")
    if not change:
        return message("doubt_answer_changed", grade_id=grade_id, manual=manual)
    return message("doubt_auto_changed", grade_id=grade_id, manual=manual, before=change[0], after=change[1])


# Details kept as numbers in integrity.csv (so each run can write every row in its own language), and how to say them.
SPOKEN_DETAILS = {"late": _late, "review_grade": _doubt}


def reasons(flags: list) -> str:
    """The flags ``[(code, detail)]`` as one line for people, in the current language."""
    details = {}
    for code, detail in flags:
        details.setdefault(code, []).append(SPOKEN_DETAILS[code](detail) if code in SPOKEN_DETAILS else say(detail))
    return " | ".join(message(f"flag_{code}", detail="; ".join(d for d in found if d))
                      for code, found in details.items())


@dataclass
class Outcome:
    student: str
    assignment: str
    score: float = 0.0
    max_score: float = 0.0
    written: int = 0                 # written answers an instructor still grades
    status: str = "graded"           # graded, not_graded
    flags: list = field(default_factory=list)   # [(code, detail)]
    seconds_late: float = 0.0        # after the due date (nbgrader's, with any extension); 0 when on time
    late_penalty: float = 0.0        # points taken off by the course's late-submission plugin
    unchanged: bool = False          # not graded again: nothing it depends on changed since it was graded

    def flag(self, code, detail=""):
        if not isinstance(detail, dict):
            detail = " ".join(str(detail).split())   # one line, for the CSV and the summary
        if (code, detail) not in self.flags:
            self.flags.append((code, detail))

    def reasons(self):
        return reasons(self.flags)


# --- reading what happened --------------------------------------------------------------------------------------

def make_template(course: Course, assignment: str, folder: Path, cell_timeout: float | None) -> Course:
    """A private course holding only ``assignment``, released into its own gradebook."""
    folder.mkdir(parents=True)
    config = (course.root / "nbgrader_config.py").read_text(encoding="utf-8")
    if cell_timeout:
        config += f"\nc.ExecutePreprocessor.timeout = {int(cell_timeout)}  # kaikit grade --timeout\n"
    (folder / "nbgrader_config.py").write_text(config, encoding="utf-8")
    shutil.copytree(course.source_dir / assignment, folder / course.source_dir.name / assignment)
    template = Course(folder)
    template.release(assignment)
    return template


class Worker:
    """One long-lived ``sandbox_worker.py`` process; a job that runs past its time limit kills it (and the kernel
    it started), and the next job gets a fresh process."""

    def __init__(self):
        self.process = None

    def _start(self):
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("sandbox_worker.py"))], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        self._reply(None)   # wait for "ready"

    def _reply(self, limit):
        ready, _, _ = select.select([self.process.stdout], [], [], limit)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            raise TimeoutError
        return json.loads(line)

    def run(self, sandbox: Path, assignment: str, student: str, limit: float) -> dict:
        try:
            if self.process is None or self.process.poll() is not None:
                self._start()
            self.process.stdin.write(json.dumps({"sandbox": str(sandbox), "assignment": assignment,
                                                 "student": student}) + "\n")
            self.process.stdin.flush()
            return self._reply(limit)
        except (TimeoutError, OSError, ValueError, AttributeError):   # too slow, or stopped from another thread
            self.stop()
            return {"success": False, "timeout": True, "log": ""}

    def stop(self) -> None:
        """Kill the worker and everything it started (its kernel); safe to call from any thread, more than once."""
        import psutil

        worker, self.process = self.process, None
        if worker is None:
            return
        try:
            tree = psutil.Process(worker.pid).children(recursive=True) + [psutil.Process(worker.pid)]
        except psutil.NoSuchProcess:
            tree = []
        for process in tree:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass
        worker.wait()


def _student_code(notebook):
    return [c.source for c in notebook.cells if c.cell_type == "code" and not is_locked(c)]


def _static_flags(outcome, notebook):
    known = list(setup_aliases(notebook.cells, tests_too=True))
    for source in _student_code(notebook):
        for finding in scan(source, known):
            outcome.flag(finding.kind, finding.detail)


def _run_flags(outcome, autograded, result):
    if result.get("timeout"):
        outcome.flag("timeout", {"key": "detail_whole_notebook"})
    if not result["success"] and not result.get("timeout"):
        log = result.get("log", "") + result.get("error", "")
        crashed = "DeadKernel" in log or "Kernel died" in log or "kernel died" in log
        outcome.flag("kernel_crashed" if crashed else "grading_error",
                      "" if crashed else textwrap.shorten((log.strip().splitlines() or [""])[-1], 160))
    if autograded is None:
        return
    for cell in autograded.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                outcome.flag("timeout", grade_id or {"key": "detail_a_cell"})
            elif output.get("output_type") == "error" and GUARD_TAG in str(output.get("evalue", "")):
                head, _, names = str(output["evalue"]).partition(":")
                kind = "patched_helper" if head.endswith("[name]") else "patched_library"
                outcome.flag(kind, f"{grade_id}: {names.split('—')[0].strip()}")
            elif GUARD_TAG in str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", "")):
                outcome.flag("big_output", grade_id or {"key": "detail_a_cell"})
    if "checksum" in result.get("log", "") and not any(code == "tests_edited" for code, _ in outcome.flags):
        outcome.flag("tests_edited", {"key": "detail_checksum"})


def is_recorded(staging: Path, student: str) -> bool:
    return (Path(staging) / "sandboxes" / student / RECORD).exists()


def find_notebook(folder: Path, assignment: str) -> tuple[Path | None, tuple[str, str] | None]:
    """(the notebook to grade in a submission folder or None, a flag for how it was found or None).

    ``<assignment>.ipynb`` is the one; otherwise the folder's only notebook is taken, whatever an LMS or a browser
    named it (``ex05_pipeline (1).ipynb``, ``ex05_pipeline-Copy1.ipynb``, a Canvas prefix)."""
    folder = Path(folder)
    expected = folder / f"{assignment}.ipynb"
    if expected.is_file():
        return expected, None
    found = sorted(p for p in folder.glob("*.ipynb") if p.is_file()) if folder.is_dir() else []
    if len(found) == 1:
        return found[0], ("renamed_file", f"{found[0].name} → {expected.name}")
    if found:
        return None, ("several_notebooks", f"{', '.join(p.name for p in found)} → {expected.name}")
    return None, ("no_notebook", expected.name)


def submission_key(folder: Path, assignment: str, released, sources: dict, config_text: str) -> str:
    """What a grade depends on: the submitted notebook and its time stamp, the exercise and its tests, the course's
    grading settings. Same key, same grade: a finished submission with it is not graded again."""
    import hashlib

    notebook, _ = find_notebook(folder, assignment)
    stamp = Path(folder, "timestamp.txt")
    parts = [notebook.read_bytes() if notebook else b"",
             stamp.read_bytes() if stamp.is_file() else b"",
             json.dumps([nbformat.writes(released), sources, config_text], sort_keys=True).encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _recorded(sandbox, key, outcome):
    record = sandbox / RECORD
    if not record.exists():
        return None
    saved = json.loads(record.read_text(encoding="utf-8"))
    if saved["key"] != key:
        return None
    outcome.flags, outcome.status = [tuple(f) for f in saved["flags"]], saved["status"]
    notebook = nbformat.read(sandbox / REPAIRED, as_version=4) if (sandbox / REPAIRED).exists() else None
    return SandboxResult(outcome, sandbox if saved["ran"] else None, notebook, saved["result"])


def _record(sandbox, key, outcome, notebook, result):
    if notebook is not None:
        nbformat.write(notebook, sandbox / REPAIRED)
    (sandbox / RECORD).write_text(json.dumps({
        "key": key, "flags": outcome.flags, "status": outcome.status, "result": result,
        "ran": result is not None}), encoding="utf-8")


@dataclass
class SandboxResult:
    """One submission after its sandbox: what was found, and what the course gradebook needs from it."""
    outcome: Outcome
    sandbox: Path = None              # the sandbox course holding nbgrader's results (None: nothing ran)
    repaired_notebook: object = None  # the notebook as graded, repaired (None: nothing gradable)
    autograde_reply: dict = None      # nbgrader's autograde answer ({"success", "log", ...}; None: nothing ran)


@dataclass
class SandboxRun:
    """What every sandbox of one ``kaikit grade`` run shares."""
    course: Course               # the course whose submissions are graded
    template: Course             # the private course of one assignment that each sandbox copies
    released: object             # the exercise as released (a NotebookNode)
    sources: dict                # {grade_id: the instructor's source} of the locked cells
    staging: Path                # where the sandboxes, their gradebooks and their records live
    limit: float                 # seconds one submission may run in all
    workers: queue.Queue = field(default_factory=queue.Queue)       # free ``Worker`` processes
    stop: threading.Event = field(default_factory=threading.Event)  # set when the run is interrupted

    @property
    def assignment(self) -> str:
        return self.template.assignments()[0]


def grade_one(run: SandboxRun, student: str, key: str) -> SandboxResult:
    """Grade one submission in its sandbox (or take its recorded result, when ``key`` is unchanged)."""
    course, assignment = run.course, run.assignment
    outcome = Outcome(student, assignment)
    submitted = Path(course.api.coursedir.format_path(course.api.coursedir.submitted_directory, student, assignment))
    sandbox = Path(run.staging) / "sandboxes" / student
    recorded = _recorded(sandbox, key, outcome)
    if recorded:
        return recorded
    shutil.rmtree(sandbox, ignore_errors=True)
    notebook_file, found = find_notebook(submitted, assignment)
    if found:
        outcome.flag(*found)
    inspection = inspect_submission(notebook_file.read_bytes(), run.released, run.sources) if notebook_file else None
    for code, detail in inspection.flags if inspection else []:
        outcome.flag(code, detail)
    if inspection is None or inspection.notebook is None:
        sandbox.mkdir(parents=True)
        _record(sandbox, key, outcome, None, None)
        return SandboxResult(outcome)
    _static_flags(outcome, inspection.notebook)
    shutil.copytree(run.template.root, sandbox, ignore=shutil.ignore_patterns("gradebook.db"))
    # The sandbox's gradebook lives outside the sandbox, out of reach of relative paths written by student code.
    gradebook = Path(run.staging) / "gradebooks" / f"{student}.db"
    gradebook.parent.mkdir(exist_ok=True)
    shutil.copy(Path(run.template.api.coursedir.db_url.replace("sqlite:///", "")), gradebook)
    with open(sandbox / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.CourseDirectory.db_url = {('sqlite:///' + str(gradebook))!r}  # kaikit grade sandbox\n")
    target = Path(sandbox, course.api.coursedir.submitted_directory, student, assignment)
    shutil.copytree(submitted, target, ignore=shutil.ignore_patterns(*STUDENT_FILES_IGNORED, notebook_file.name))
    nbformat.write(inspection.notebook, target / f"{assignment}.ipynb")
    reply = _autograde(run, sandbox, student)
    autograded_file = Path(sandbox, course.api.coursedir.autograded_directory, student, assignment,
                           f"{assignment}.ipynb")
    autograded = nbformat.read(autograded_file, as_version=4) if reply["success"] else None
    _run_flags(outcome, autograded, reply)
    _record(sandbox, key, outcome, inspection.notebook, reply)
    return SandboxResult(outcome, sandbox, inspection.notebook, reply)


def _autograde(run, sandbox, student):
    """nbgrader's autograde in the sandbox, on the first free worker."""
    worker = None
    while worker is None:
        if run.stop.is_set():
            raise InterruptedError
        try:
            worker = run.workers.get(timeout=0.5)
        except queue.Empty:
            pass
    try:
        reply = worker.run(sandbox, run.assignment, student, run.limit)
    finally:
        run.workers.put(worker)
    if run.stop.is_set():      # interrupted while it ran: not recorded, graded again on resume
        raise InterruptedError
    return reply
