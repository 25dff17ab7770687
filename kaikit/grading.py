"""``kaikit grade``: autograde every submission of an assignment, each in a sandbox, and record what was found.

For each submission in ``grading/submitted/<student>/<assignment>/``:

1. the notebook is read and repaired (``kaikit.submission``) and its code scanned (``kaikit.integrity.scan``);
2. it is autograded by nbgrader in a *sandbox*: a private copy of the course holding only this assignment and this
   submission, in a separate process with a time limit. A crash, an endless loop or a broken file ends that
   submission's run, never the batch; relative paths written by the student's code land in the sandbox;
3. its grades are copied into the course gradebook with nbgrader's Gradebook API, and its autograded notebook into
   ``grading/autograded/`` (so formgrader and ``kaikit feedback`` work as usual);
4. a row goes to ``grading/integrity.csv``: score and flags, each with a reason an instructor can act on.

Student code runs only in the first phase. Before any grade is merged, the course gradebook and the assignment's
submitted files are compared with a backup taken at the start; anything that code run during grading changed (it can
only reach them by absolute paths) is restored and reported.
"""
import csv
import hashlib
import json
import os
import queue
import shutil
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .course import Course
from .i18n import message
from .integrity import GUARD_TAG, SEVERE, module_aliases, scan
from .submission import inspect_submission

SANDBOX_STUDENT_FILES_IGNORED = (".ipynb_checkpoints",)
INTEGRITY_COLUMNS = ["assignment", "student", "score", "max_score", "written_to_grade", "status", "flags", "reasons"]


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


# --- the sandbox ------------------------------------------------------------------------------------------------

def _template(course, assignment, folder, cell_timeout):
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


def _instructor_sources(course, assignment):
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
        if self.process is None or self.process.poll() is not None:
            self._start()
        self.process.stdin.write(json.dumps({"sandbox": str(sandbox), "assignment": assignment,
                                             "student": student}) + "\n")
        self.process.stdin.flush()
        try:
            return self._reply(limit)
        except TimeoutError:
            self.stop()
            return {"success": False, "timeout": True, "log": ""}

    def stop(self):
        import psutil

        if self.process is None:
            return
        try:
            tree = psutil.Process(self.process.pid).children(recursive=True) + [psutil.Process(self.process.pid)]
        except psutil.NoSuchProcess:
            tree = []
        for process in tree:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass
        self.process.wait()
        self.process = None


# --- reading what happened --------------------------------------------------------------------------------------

def _student_code(notebook):
    return [c.source for c in notebook.cells if c.cell_type == "code"
            and not c.get("metadata", {}).get("nbgrader", {}).get("locked")]


def _setup_aliases(notebook):
    aliases = {}
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("locked"):
            try:
                import ast
                aliases.update(module_aliases(ast.parse(cell.source)))
            except SyntaxError:
                pass
    return aliases


def _static_flags(outcome, notebook):
    known = list(_setup_aliases(notebook))
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


# --- the course gradebook ---------------------------------------------------------------------------------------

def _merge(sandbox_db, course_db, assignment, student):
    """Copy ``student``'s autograded submission of ``assignment`` from the sandbox gradebook into the course's."""
    from nbgrader.api import Gradebook

    with Gradebook(sandbox_db) as source, Gradebook(course_db) as target:
        submitted = source.find_submission(assignment, student)
        target.update_or_create_student(student)
        target.update_or_create_submission(assignment, student, timestamp=submitted.timestamp)
        for notebook in submitted.notebooks:
            into = target.find_submission_notebook(notebook.name, assignment, student)
            into.flagged = notebook.flagged
            for grade in notebook.grades:
                copy = target.find_grade(grade.name, notebook.name, assignment, student)
                copy.auto_score, copy.needs_manual_grade = grade.auto_score, grade.needs_manual_grade
                copy.manual_score = None
            for comment in notebook.comments:
                target.find_comment(comment.name, notebook.name, assignment, student).auto_comment = \
                    comment.auto_comment
        target.db.commit()


def _record_zero(course_db, assignment, student):
    """A submission nothing could be graded in: every automatic part scores zero; written answers wait."""
    from nbgrader.api import Gradebook

    with Gradebook(course_db) as gradebook:
        gradebook.update_or_create_student(student)
        submission = gradebook.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.manual_score = None
                if grade.cell.cell_type == "code":
                    grade.auto_score, grade.needs_manual_grade = 0.0, False
                else:
                    grade.auto_score, grade.needs_manual_grade = None, True
        gradebook.db.commit()


def _withhold(course_db, assignment, student):
    """Severe tampering: automatic points become a manual score of zero until an instructor reviews them."""
    from nbgrader.api import Gradebook

    with Gradebook(course_db) as gradebook:
        for notebook in gradebook.find_submission(assignment, student).notebooks:
            notebook.flagged = True
            for grade in notebook.grades:
                if grade.cell.cell_type == "code" and (grade.auto_score or 0) > 0:
                    grade.manual_score = 0.0
        gradebook.db.commit()


def _score(course_db, assignment, student, outcome):
    from nbgrader.api import Gradebook

    with Gradebook(course_db) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        outcome.score, outcome.max_score = submission.code_score, submission.max_code_score
        outcome.written = sum(1 for notebook in submission.notebooks for grade in notebook.grades
                              if grade.cell.cell_type == "markdown" and grade.manual_score is None)


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).exists() else None


def _tree_digests(folder):
    return {str(p.relative_to(folder)): _digest(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()}


# --- one submission, and the batch ------------------------------------------------------------------------------

def _grade_one(workers, course, template, released, sources, assignment, student, workdir, limit):
    """Sandbox-grade one submission; returns (outcome, sandbox folder or None, notebook graded or None, result)."""
    outcome = Outcome(student, assignment)
    submitted = Path(course.api.coursedir.format_path(course.api.coursedir.submitted_directory, student, assignment))
    notebook_file = submitted / f"{assignment}.ipynb"
    if not notebook_file.exists():
        outcome.flag("unreadable", f"no {assignment}.ipynb in the submission")
        return outcome, None, None, None
    inspection = inspect_submission(notebook_file.read_bytes(), released, sources)
    for code, detail in inspection.flags:
        outcome.flag(code, detail)
    if inspection.notebook is None:
        return outcome, None, None, None
    _static_flags(outcome, inspection.notebook)
    sandbox = Path(workdir) / student
    shutil.copytree(template.root, sandbox, ignore=shutil.ignore_patterns("gradebook.db"))
    # The sandbox's gradebook lives outside the sandbox, out of reach of relative paths written by student code.
    gradebook = Path(workdir) / "gradebooks" / f"{student}.db"
    gradebook.parent.mkdir(exist_ok=True)
    shutil.copy(Path(template.api.coursedir.db_url.replace("sqlite:///", "")), gradebook)
    with open(sandbox / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.CourseDirectory.db_url = {('sqlite:///' + str(gradebook))!r}  # kaikit grade sandbox\n")
    target = Path(sandbox, course.api.coursedir.submitted_directory, student, assignment)
    shutil.copytree(submitted, target, ignore=shutil.ignore_patterns(*SANDBOX_STUDENT_FILES_IGNORED))
    nbformat.write(inspection.notebook, target / f"{assignment}.ipynb")
    worker = workers.get()
    try:
        result = worker.run(sandbox, assignment, student, limit)
    finally:
        workers.put(worker)
    autograded_file = Path(sandbox, course.api.coursedir.autograded_directory, student, assignment,
                           f"{assignment}.ipynb")
    autograded = nbformat.read(autograded_file, as_version=4) if result["success"] else None
    _run_flags(outcome, autograded, result)
    return outcome, sandbox, inspection.notebook, result


def grade(course, assignment, students=None, jobs=1, cell_timeout=None, notebook_timeout=None, report=print):
    """Autograde ``assignment`` for ``students`` (default: every submission); return the outcomes, in student order.

    ``cell_timeout`` overrides the course's per-cell limit; ``notebook_timeout`` (default: 10 × the cell limit)
    ends a submission that runs too long in all."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    submitted_root = Path(course.root, course.api.coursedir.submitted_directory)
    found = sorted(p.parent.name for p in submitted_root.glob(f"*/{assignment}") if p.is_dir())
    students = [s for s in found if s in set(students)] + sorted(set(students) - set(found)) if students else found
    if assignment not in course.assignments():
        raise ValueError(message("grade_unknown_assignment", assignment=assignment,
                                 available=", ".join(course.assignments())))
    if not students:
        report(message("grade_nothing", folder=submitted_root / "<student>" / assignment))
        return []
    if not _in_gradebook(course, assignment):
        course.release(assignment)
    limit = notebook_timeout or 10 * (cell_timeout or course.api.config.ExecutePreprocessor.get("timeout", 60))
    course_db = course.api.coursedir.db_url
    db_file = Path(course_db.replace("sqlite:///", ""))
    outcomes = {}
    with tempfile.TemporaryDirectory(prefix="kaikit-grade-") as workdir:
        backup = Path(workdir, "backup")
        shutil.copytree(submitted_root, backup / "submitted", ignore=lambda folder, names: [
            n for n in names if (Path(folder) == submitted_root and not (submitted_root / n / assignment).is_dir())
            or (Path(folder).parent == submitted_root and n != assignment)])
        shutil.copy(db_file, backup / "gradebook.db")
        before, db_before = _tree_digests(submitted_root), _digest(db_file)
        template = _template(course, assignment, Path(workdir, "template"), cell_timeout)
        released = nbformat.read(template.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
        sources = _instructor_sources(template, assignment)
        started, results = time.monotonic(), {}
        # 1. Every submission runs in its own sandbox (student code runs only in this phase).
        workers = queue.Queue()
        for _ in range(max(1, jobs)):
            workers.put(Worker())
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {pool.submit(_grade_one, workers, course, template, released, sources, assignment, student,
                                   Path(workdir, "sandboxes"), limit): student for student in students}
            for done, future in enumerate(as_completed(futures), 1):
                outcome, sandbox, notebook, result = future.result()
                results[outcome.student] = (outcome, sandbox, notebook, result)
                elapsed = time.monotonic() - started
                report(message("grade_progress", done=done, total=len(students), student=outcome.student,
                               flags=",".join(dict.fromkeys(code for code, _ in outcome.flags)) or "-",
                               eta=f"{elapsed / done * (len(students) - done):.0f}"))
        while not workers.empty():
            workers.get().stop()
        # 2. No student code runs any more: put back course files it changed, from the backup taken at the start.
        changed = _restore_course_files(submitted_root, backup, before, db_file, db_before)
        everyone = [o for o, *_ in results.values()]
        suspects = next((found for found in ([o for o in everyone if kinds & {c for c, _ in o.flags}]
                                             for kinds in ({"outside_files"}, {"grading_hook", "dynamic_code"}))
                         if found), everyone)
        for outcome in suspects if changed else []:
            for name in changed:
                outcome.flag("course_files_changed", name)
        # 3. Grades go into the course gradebook through nbgrader's API.
        for student in students:
            _store(course, *results[student])
            outcomes[student] = results[student][0]
    ordered = [outcomes[s] for s in students]
    write_integrity(course, assignment, ordered)
    report(summary(ordered, course.root / "grading" / "integrity.csv"))
    return ordered


def _in_gradebook(course, assignment):
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
            return True
        except MissingEntry:
            return False


def _store(course, outcome, sandbox, notebook, result):
    """Put one sandbox's result into the course: grades, autograded files, withheld points, final score."""
    course_db = course.api.coursedir.db_url
    autograded = Path(course.root, course.api.coursedir.autograded_directory, outcome.student, outcome.assignment)
    if result is not None and result["success"]:
        _merge(Course(sandbox).api.coursedir.db_url, course_db, outcome.assignment, outcome.student)
        if autograded.exists():
            shutil.rmtree(autograded)
        shutil.copytree(Path(sandbox, course.api.coursedir.autograded_directory, outcome.student, outcome.assignment),
                        autograded)
    else:
        outcome.status = "not_graded"
        _record_zero(course_db, outcome.assignment, outcome.student)
        if notebook is not None:    # so the written answers can still be read and graded by hand
            autograded.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, autograded / f"{outcome.assignment}.ipynb")
    if any(code in SEVERE for code, _ in outcome.flags):
        _withhold(course_db, outcome.assignment, outcome.student)
        outcome.flag("withheld", "")
    _score(course_db, outcome.assignment, outcome.student, outcome)


def _restore_course_files(submitted_root, backup, before, db_file, db_before):
    """Put back the gradebook and submitted files that changed while student code ran; return what changed."""
    changed = []
    if _digest(db_file) != db_before:
        shutil.copy(backup / "gradebook.db", db_file)
        changed.append("gradebook.db (restored)")
    after = _tree_digests(submitted_root)
    for name, digest in before.items():
        if after.get(name) != digest:
            saved = backup / "submitted" / name
            if saved.exists():
                (submitted_root / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(saved, submitted_root / name)
            changed.append(f"submitted/{name}" + (" (restored)" if saved.exists() else " (not backed up)"))
    return changed


def write_integrity(course, assignment, outcomes):
    """Replace ``assignment``'s rows in ``grading/integrity.csv`` (other assignments' rows are kept)."""
    path = course.root / "grading" / "integrity.csv"
    rows = []
    if path.exists():
        with open(path, newline="", encoding="utf-8") as handle:
            graded = {o.student for o in outcomes}
            rows = [r for r in csv.DictReader(handle)
                    if not (r["assignment"] == assignment and r["student"] in graded)]
    rows += [{"assignment": o.assignment, "student": o.student, "score": f"{o.score:g}",
              "max_score": f"{o.max_score:g}", "written_to_grade": o.written, "status": o.status,
              "flags": ";".join(dict.fromkeys(code for code, _ in o.flags)), "reasons": o.reasons()}
             for o in outcomes]
    rows.sort(key=lambda r: (r["assignment"], r["student"]))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, INTEGRITY_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def summary(outcomes, path):
    """The readable end of ``kaikit grade``: totals, then each flagged submission with its reasons."""
    flagged = [o for o in outcomes if o.flags]
    lines = [message("grade_summary", total=len(outcomes), graded=sum(o.status == "graded" for o in outcomes),
                     flagged=len(flagged), path=path)]
    for outcome in flagged:
        lines.append(f"  {outcome.student}: {outcome.score:g}/{outcome.max_score:g} — {outcome.reasons()}")
    return "\n".join(lines)

