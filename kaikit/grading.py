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
import tempfile
import threading
import time
from pathlib import Path

import nbformat

from .course import Course
from .i18n import message
from .integrity import SEVERE
from .sandbox import Worker, grade_one, instructor_sources, is_recorded, make_template

INTEGRITY_COLUMNS = ["assignment", "student", "score", "max_score", "written_to_grade", "status", "flags", "reasons"]


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


# --- the batch ------------------------------------------------------------------------------------------------

def grade(course, assignment, students=None, jobs=None, cell_timeout=None, notebook_timeout=None, report=print):
    """Autograde ``assignment``; see ``_grade``. nbgrader's own SQLAlchemy notices are kept off the instructor's
    screen (they are about nbgrader's session handling, not about the grades)."""
    import warnings

    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        return _grade(course, assignment, students, jobs, cell_timeout, notebook_timeout, report)


def _grade(course, assignment, students=None, jobs=None, cell_timeout=None, notebook_timeout=None, report=print):
    """Autograde ``assignment`` for ``students`` (default: every submission); return the outcomes, in student order.

    ``jobs``: submissions graded at once (default: the number of cores). ``cell_timeout`` overrides the course's
    per-cell limit; ``notebook_timeout`` (default: 10 × the cell limit) ends a submission that runs too long in all.
    An interrupted run (Ctrl+C, a closed terminal) resumes where it stopped the next time: finished submissions are
    not graded again unless they or the assignment changed.
    """
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
    jobs = max(1, jobs or os.cpu_count() or 1)
    limit = notebook_timeout or 10 * (cell_timeout or course.api.config.ExecutePreprocessor.get("timeout", 60))
    db_file = Path(course.api.coursedir.db_url.replace("sqlite:///", ""))
    staging = course.root / "grading" / ".kaikit-grade" / assignment
    before, db_before = _backup(staging / "backup", submitted_root, assignment, db_file)
    with tempfile.TemporaryDirectory(prefix="kaikit-grade-") as workdir:
        template = make_template(course, assignment, Path(workdir, "template"), cell_timeout)
        released = nbformat.read(template.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
        sources = instructor_sources(template, assignment)
        results = _run_sandboxes(course, template, released, sources, assignment, students, staging, limit, jobs,
                                 report)
    # 2. No student code runs any more: put back course files it changed, from the backup taken at the start.
    changed = _restore_course_files(submitted_root, staging / "backup", before, db_file, db_before)
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
    outcomes = [results[s][0] for s in students]
    write_integrity(course, assignment, outcomes)
    shutil.rmtree(staging)
    report(summary(outcomes, course.root / "grading" / "integrity.csv"))
    return outcomes


def _backup(folder, submitted_root, assignment, db_file):
    """The course files as they were when grading began (kept across an interrupted run): a copy of the gradebook
    and of the assignment's submissions, and digests of everything submitted."""
    if not (folder / "digests.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(submitted_root, folder / "submitted", ignore=lambda where, names: [
            n for n in names if (Path(where) == submitted_root and not (submitted_root / n / assignment).is_dir())
            or (Path(where).parent == submitted_root and n != assignment)])
        shutil.copy(db_file, folder / "gradebook.db")
        (folder / "digests.json").write_text(json.dumps({"submitted": _tree_digests(submitted_root),
                                                          "gradebook": _digest(db_file)}))
    digests = json.loads((folder / "digests.json").read_text())
    return digests["submitted"], digests["gradebook"]


def _run_sandboxes(course, template, released, sources, assignment, students, staging, limit, jobs, report):
    """Phase 1: every submission in its own sandbox, ``jobs`` at a time, with a progress bar."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    workers, stop, results = queue.Queue(), threading.Event(), {}
    everyone = [Worker() for _ in range(jobs)]
    for worker in everyone:
        workers.put(worker)
    reused = [s for s in students if is_recorded(staging, s)]
    if reused:
        report(message("grade_resuming", count=len(reused), total=len(students)))
    started, fresh = time.monotonic(), 0
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = [pool.submit(grade_one, workers, course, template, released, sources, assignment, student,
                               staging, limit, stop) for student in students]
        for done, future in enumerate(as_completed(futures), 1):
            outcome, *rest = future.result()
            results[outcome.student] = (outcome, *rest)
            fresh += outcome.student not in reused
            left = len(students) - done
            seconds = (time.monotonic() - started) / max(fresh, 1) * left
            report(progress_line(done, len(students), seconds, outcome))
    except BaseException:
        stop.set()          # sandboxes still running are not recorded, so they are graded again on resume
        for worker in everyone:
            worker.stop()
        report(message("grade_interrupted", path=staging))
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for worker in everyone:
            worker.stop()
    return results


def progress_line(done, total, seconds, outcome, width=20):
    """``[#######-------------]  7/20  about 1 min 5 s left  kim: duplicated_cells``"""
    filled = round(width * done / total)
    flags = ",".join(dict.fromkeys(code for code, _ in outcome.flags)) or "-"
    return (f"[{'#' * filled}{'-' * (width - filled)}] {done:>{len(str(total))}}/{total}  "
            + message("grade_eta", minutes=int(seconds // 60), seconds=int(seconds % 60))
            + f"  {outcome.student}: {flags}")


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

