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
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .course import Course
from .i18n import message
from .integrity import GUARD_TAG, scan, setup_aliases
from .submission import inspect_submission

STUDENT_FILES_IGNORED = (".ipynb_checkpoints",)
RECORD = "kaikit-outcome.json"
REPAIRED = "kaikit-repaired.ipynb"


@dataclass
class Outcome:
    student: str
    assignment: str
    score: float = 0.0
    max_score: float = 0.0
    written: int = 0                 # written answers an instructor still grades
    status: str = "graded"           # graded, not_graded
    flags: list = field(default_factory=list)   # [(code, detail)]

    def flag(self, code, detail=""):
        detail = " ".join(str(detail).split())[:200]   # one line, for the CSV and the summary
        if (code, detail) not in self.flags:
            self.flags.append((code, detail))

    def reasons(self):
        details = {}
        for code, detail in self.flags:
            details.setdefault(code, []).append(detail)
        return " | ".join(message(f"flag_{code}", detail="; ".join(d for d in found if d))
                          for code, found in details.items())


# --- reading what happened --------------------------------------------------------------------------------------

def make_template(course, assignment, folder, cell_timeout):
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


def instructor_sources(course, assignment):
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        notebook = gradebook.find_notebook(assignment, assignment)
        return {cell.name: cell.source for cell in notebook.source_cells if cell.locked}


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

    def run(self, sandbox, assignment, student, limit):
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

    def stop(self):
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
    return [c.source for c in notebook.cells if c.cell_type == "code"
            and not c.get("metadata", {}).get("nbgrader", {}).get("locked")]


def _static_flags(outcome, notebook):
    known = list(setup_aliases(notebook.cells, tests_too=True))
    for source in _student_code(notebook):
        for finding in scan(source, known):
            outcome.flag(finding.kind, finding.detail)


def _run_flags(outcome, autograded, result):
    if result.get("timeout"):
        outcome.flag("timeout", "the whole notebook")
    if not result["success"] and not result.get("timeout"):
        log = result.get("log", "") + result.get("error", "")
        crashed = "DeadKernel" in log or "Kernel died" in log or "kernel died" in log
        outcome.flag("kernel_crashed" if crashed else "grading_error",
                      "" if crashed else (log.strip().splitlines() or [""])[-1][:160])
    if autograded is None:
        return
    for cell in autograded.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                outcome.flag("timeout", grade_id or "a cell")
            elif output.get("output_type") == "error" and GUARD_TAG in str(output.get("evalue", "")):
                names = str(output["evalue"]).split(":", 1)[1].split("—")[0].strip()
                outcome.flag("patched_helper", f"{grade_id}: {names}")
            elif GUARD_TAG in str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", "")):
                outcome.flag("big_output", grade_id or "a cell")
    if "checksum" in result.get("log", "") and not any(code == "tests_edited" for code, _ in outcome.flags):
        outcome.flag("tests_edited", "nbgrader reported a changed checksum")


def is_recorded(staging, student):
    return (Path(staging) / "sandboxes" / student / RECORD).exists()


def _fingerprint(data, released, sources):
    """Same submission, same exercise and tests: a recorded result still holds."""
    import hashlib

    text = json.dumps([nbformat.writes(released), sources], sort_keys=True).encode()
    return hashlib.sha256(data + b"\0" + text).hexdigest()


def _recorded(sandbox, fingerprint, outcome):
    record = sandbox / RECORD
    if not record.exists():
        return None
    saved = json.loads(record.read_text(encoding="utf-8"))
    if saved["fingerprint"] != fingerprint:
        return None
    outcome.flags, outcome.status = [tuple(f) for f in saved["flags"]], saved["status"]
    notebook = nbformat.read(sandbox / REPAIRED, as_version=4) if (sandbox / REPAIRED).exists() else None
    return outcome, (sandbox if saved["ran"] else None), notebook, saved["result"]


def _record(sandbox, fingerprint, outcome, notebook, result):
    if notebook is not None:
        nbformat.write(notebook, sandbox / REPAIRED)
    (sandbox / RECORD).write_text(json.dumps({
        "fingerprint": fingerprint, "flags": outcome.flags, "status": outcome.status, "result": result,
        "ran": result is not None}), encoding="utf-8")


def grade_one(workers, course, template, released, sources, assignment, student, staging, limit, stop):
    """Grade one submission in its sandbox (or take its recorded result); return
    (outcome, sandbox folder or None, notebook graded or None, nbgrader's result or None)."""
    outcome = Outcome(student, assignment)
    submitted = Path(course.api.coursedir.format_path(course.api.coursedir.submitted_directory, student, assignment))
    notebook_file = submitted / f"{assignment}.ipynb"
    data = notebook_file.read_bytes() if notebook_file.exists() else b""
    fingerprint = _fingerprint(data, released, sources)
    sandbox = Path(staging) / "sandboxes" / student
    recorded = _recorded(sandbox, fingerprint, outcome)
    if recorded:
        return recorded
    shutil.rmtree(sandbox, ignore_errors=True)
    inspection = inspect_submission(data, released, sources) if notebook_file.exists() else None
    if inspection is None:
        outcome.flag("unreadable", f"no {assignment}.ipynb in the submission")
    else:
        for code, detail in inspection.flags:
            outcome.flag(code, detail)
    if inspection is None or inspection.notebook is None:
        sandbox.mkdir(parents=True)
        _record(sandbox, fingerprint, outcome, None, None)
        return outcome, None, None, None
    _static_flags(outcome, inspection.notebook)
    shutil.copytree(template.root, sandbox, ignore=shutil.ignore_patterns("gradebook.db"))
    # The sandbox's gradebook lives outside the sandbox, out of reach of relative paths written by student code.
    gradebook = Path(staging) / "gradebooks" / f"{student}.db"
    gradebook.parent.mkdir(exist_ok=True)
    shutil.copy(Path(template.api.coursedir.db_url.replace("sqlite:///", "")), gradebook)
    with open(sandbox / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.CourseDirectory.db_url = {('sqlite:///' + str(gradebook))!r}  # kaikit grade sandbox\n")
    target = Path(sandbox, course.api.coursedir.submitted_directory, student, assignment)
    shutil.copytree(submitted, target, ignore=shutil.ignore_patterns(*STUDENT_FILES_IGNORED))
    nbformat.write(inspection.notebook, target / f"{assignment}.ipynb")
    worker = None
    while worker is None:
        if stop.is_set():
            raise InterruptedError
        try:
            worker = workers.get(timeout=0.5)
        except queue.Empty:
            pass
    try:
        result = worker.run(sandbox, assignment, student, limit)
    finally:
        workers.put(worker)
    if stop.is_set():      # interrupted while it ran: not recorded, graded again on resume
        raise InterruptedError
    autograded_file = Path(sandbox, course.api.coursedir.autograded_directory, student, assignment,
                           f"{assignment}.ipynb")
    autograded = nbformat.read(autograded_file, as_version=4) if result["success"] else None
    _run_flags(outcome, autograded, result)
    _record(sandbox, fingerprint, outcome, inspection.notebook, result)
    return outcome, sandbox, inspection.notebook, result
