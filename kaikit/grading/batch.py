"""``kaikit grade``: autograde every submission of an assignment, each in a sandbox, and record what was found.

For each submission in ``grading/submitted/<student>/<assignment>/``:

1. the notebook is read and repaired (``kaikit.grading.submission``) and its code scanned
   (``kaikit.grading.integrity.scan``);
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
import copy
import csv
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.utils import is_grade

from ..i18n import did_you_mean, in_language, message
from ..variants import CASES
from . import gradebook
from .course import Course
from .gradebook import Ledger
from .integrity import SEVERE
from .sandbox import (
    Outcome,
    SandboxResult,
    SandboxRun,
    Worker,
    find_notebook,
    grade_one,
    is_recorded,
    make_template,
    reasons,
    submission_key,
)
from .submission import read_notebook
from .variants import NO_CASE, class_flags, identity_flag, recorded_identities

INTEGRITY_COLUMNS = ["assignment", "student", "score", "max_score", "written_to_grade", "status", "seconds_late",
                     "late_penalty", "flags", "reasons", "details"]


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).exists() else None


def _tree_digests(folder):
    return {str(p.relative_to(folder)): _digest(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()}


# --- the batch ------------------------------------------------------------------------------------------------

def grade_submissions(course: Course, assignment: str, students: list[str] | None = None, jobs: int | None = None,
                      cell_timeout: float | None = None, notebook_timeout: float | None = None, force: bool = False,
                      report=print) -> list[Outcome]:
    """Autograde ``assignment`` for ``students`` (default: every submission); return the outcomes, in student order.

    Only new or changed submissions are graded (a changed notebook, time stamp, exercise, test or grading setting);
    the others are reported as ``unchanged`` with their scores from the gradebook. ``force`` grades everything again.
    Either way a person's grades in formgrader are kept (``kaikit.grading.gradebook``). ``jobs``: submissions graded at
    once (default: the number of cores). ``cell_timeout`` overrides the course's per-cell limit; ``notebook_timeout``
    (default: 10 × the cell limit) ends a submission that runs too long in all. An interrupted run (Ctrl+C, a closed
    terminal) resumes where it stopped the next time.
    """
    import warnings

    from sqlalchemy.exc import SAWarning

    # nbgrader's own SQLAlchemy notices are about its session handling, not about the grades: kept off the screen.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        return _grade(course, assignment, students, jobs, cell_timeout, notebook_timeout, force, report)


def _grade(course, assignment, students, jobs, cell_timeout, notebook_timeout, force, report):
    course.require(assignment)
    submitted_root = Path(course.root, course.api.coursedir.submitted_directory)
    students = _students(course, assignment, students, report)
    if not students:
        report(message("grade_nothing", folder=submitted_root / "<student>" / assignment))
        return []
    if not _in_gradebook(course, assignment):
        course.release(assignment)
    jobs = max(1, jobs or os.cpu_count() or 1)
    limit = notebook_timeout or 10 * (cell_timeout or course.api.config.ExecutePreprocessor.get("timeout", 60))
    db_file = Path(course.api.coursedir.db_url.replace("sqlite:///", ""))
    staging = course.root / "grading" / ".kaikit-grade" / assignment
    ledger = Ledger.load(staging.with_name(f"{assignment}.json"))
    before, db_before = _backup(staging / "backup", submitted_root, assignment, db_file)
    with tempfile.TemporaryDirectory(prefix="kaikit-grade-") as workdir:
        template = make_template(course, assignment, Path(workdir, "template"), cell_timeout)
        released = nbformat.read(template.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
        sources = template.instructor_sources(assignment)
        settings = (template.root / "nbgrader_config.py").read_text(encoding="utf-8")
        keys = {s: submission_key(submitted_root / s / assignment, assignment, released, sources, settings)
                for s in students}
        graded_before = course.api.get_autograded_students(assignment)
        unchanged = [] if force else [s for s in students if ledger.key(s) == keys[s] and s in graded_before]
        if unchanged:
            report(message("grade_unchanged", count=len(unchanged), students=", ".join(unchanged)))
        todo = [s for s in students if s not in unchanged]
        run = SandboxRun(course, template, released, sources, staging, limit)
        results = _run_sandboxes(run, keys, todo, jobs, report) if todo else {}
        _variant_flags(course, assignment, students, results, submitted_root)
    # 2. No student code runs any more: put back course files it changed, from the backup taken at the start.
    changed = _restore_course_files(submitted_root, staging / "backup", before, db_file, db_before)
    _blame(changed, [r.outcome for r in results.values()])
    # 3. Grades go into the course gradebook through nbgrader's API; a person's grades stay.
    for student in todo:
        _store(course, ledger, keys[student], results[student], released)
        ledger.save()
    outcomes = [results[s].outcome if s in results else Outcome(s, assignment, unchanged=True) for s in students]
    _previous(course, outcomes)
    for outcome in outcomes:
        _late_and_score(course, outcome)
    write_integrity(course, assignment, outcomes)
    shutil.rmtree(staging)
    report(summary(outcomes, course.root / "grading" / "integrity.csv"))
    return outcomes


def _variant_flags(course, assignment, students, results, submitted_root):
    """Per-student cases (kaikit.grading.variants): flag the notebooks graded this run that show another student's
    case, and, when the course grades under the recorded identity, those showing none while classmates' show one."""
    if assignment not in CASES:
        return
    recorded = {}
    for student in students:
        notebook_file, _ = find_notebook(submitted_root / student / assignment, assignment)
        notebook, _ = read_notebook(notebook_file.read_bytes()) if notebook_file else (None, [])
        recorded[student] = recorded_identities(notebook) if notebook is not None else []
    for student, result in results.items():
        other = identity_flag(recorded[student], student)
        if other:
            result.outcome.flag(*other)
    if course.api.config.StudentVariants.get("identity", "recorded") == "recorded":
        for student in class_flags(recorded):
            if student in results:
                results[student].outcome.flag(NO_CASE, "")


def _students(course, assignment, wanted, report):
    """The students to grade: every submission of ``assignment``, or those of ``wanted`` who have one (the others
    are reported, with the nearest id)."""
    found = course.submitted_students(assignment)
    if not wanted:
        return found
    for student in sorted(set(wanted) - set(found)):
        report(message("grade_no_submission", student=student, assignment=assignment,
                       suggestion=did_you_mean(student, found)))
    return [s for s in found if s in set(wanted)]


def _blame(changed, outcomes):
    """Course files changed while student code ran: flag the likeliest submissions (or all of this run's)."""
    if not changed:
        return
    suspects = outcomes
    for likely_causes in ({"outside_files"}, {"grading_hook", "dynamic_code"}):
        flagged = [o for o in outcomes if likely_causes & {code for code, _ in o.flags}]
        if flagged:
            suspects = flagged
            break
    for outcome in suspects:
        for name in changed:
            outcome.flag("course_files_changed", name)


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


def _run_sandboxes(run, keys, students, jobs, report):
    """Phase 1: every submission in its own sandbox, ``jobs`` at a time, with a progress bar."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    results = {}
    everyone = [Worker() for _ in range(jobs)]
    for worker in everyone:
        run.workers.put(worker)
    reused = [s for s in students if is_recorded(run.staging, s)]
    if reused:
        report(message("grade_resuming", count=len(reused), total=len(students)))
    started, fresh = time.monotonic(), 0
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = [pool.submit(grade_one, run, student, keys[student]) for student in students]
        for done, future in enumerate(as_completed(futures), 1):
            sandboxed = future.result()
            outcome = results.setdefault(sandboxed.outcome.student, sandboxed).outcome
            fresh += outcome.student not in reused
            left = len(students) - done
            seconds = (time.monotonic() - started) / max(fresh, 1) * left
            report(progress_line(done, len(students), seconds, outcome))
    except BaseException:
        run.stop.set()          # sandboxes still running are not recorded, so they are graded again on resume
        for worker in everyone:
            worker.stop()
        report(message("grade_interrupted", path=run.staging))
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for worker in everyone:
            worker.stop()
    return results


def progress_line(done: int, total: int, seconds: float, outcome: Outcome, width: int = 20) -> str:
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


def _store(course, ledger, key, sandboxed: SandboxResult, released):
    """Put one sandbox's result into the course: grades (keeping a person's), the autograded notebook, held points;
    flag grades a person gave that the new result makes doubtful."""
    outcome = sandboxed.outcome
    assignment, student = outcome.assignment, outcome.student
    course_db, held = course.api.coursedir.db_url, ledger.held(student)
    folder = Path(course.api.coursedir.format_path(course.api.coursedir.submitted_directory, student, assignment))
    timestamp = course.api.coursedir.get_existing_timestamp(str(folder))
    autograded = Path(course.root, course.api.coursedir.autograded_directory, student, assignment)
    persons = gradebook.persons_grades(course_db, assignment, student, held)
    answers_before = _graded_sources(autograded / f"{assignment}.ipynb")
    if sandboxed.autograde_reply is not None and sandboxed.autograde_reply["success"]:
        doubts = gradebook.merge(Course(sandboxed.sandbox).api.coursedir.db_url, course_db, assignment, student,
                                 timestamp, held)
        shutil.rmtree(autograded, ignore_errors=True)
        shutil.copytree(Path(sandboxed.sandbox, course.api.coursedir.autograded_directory, student, assignment),
                        autograded)
    else:
        outcome.status = "not_graded"
        doubts = gradebook.record_zero(course_db, assignment, student, timestamp, held)
        # Written answers can still be read and graded by hand; formgrader, feedback and export all see the same 0.
        _write_not_graded(autograded / f"{assignment}.ipynb", sandboxed.repaired_notebook or released, outcome)
    answers_after = _graded_sources(autograded / f"{assignment}.ipynb")
    doubts += [gradebook.Doubt(grade_id, score) for grade_id, score in persons.items()
               if grade_id in answers_before and answers_before[grade_id] != answers_after.get(grade_id)
               and grade_id not in {d.grade_id for d in doubts}]
    if doubts:
        gradebook.flag_for_review(course_db, assignment, student)
        for doubt in doubts:
            outcome.flag("review_grade", _doubt_detail(doubt))
    new_hold = {}
    if any(code in SEVERE for code, _ in outcome.flags):
        new_hold = gradebook.hold(course_db, assignment, student)
        outcome.flag("withheld", "")
    ledger.set(student, key, new_hold)


def _graded_sources(path):
    """{grade_id: source} of a notebook's graded cells, {} when there is none."""
    try:
        cells = nbformat.read(path, as_version=4).cells
    except (OSError, ValueError):
        return {}
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in cells if is_grade(c)}


def _doubt_detail(doubt):
    """A doubt as integrity.csv keeps it (said in words by ``kaikit.grading.sandbox.reasons``)."""
    numbers = [doubt.manual_score] + ([] if doubt.auto_before is None else [doubt.auto_before, doubt.auto_after])
    return "|".join([doubt.grade_id, *(f"{n:g}" for n in numbers)])


def _write_not_graded(path, notebook, outcome):
    """The notebook formgrader shows (and feedback renders) for a submission nothing could be autograded in: what
    could be read of it, or the exercise as released, under a note that says why, in both languages."""
    note = copy.deepcopy(notebook)
    why = {language: in_language(language, outcome.reasons) for language in ("ko", "en")}
    note.cells.insert(0, nbformat.v4.new_markdown_cell(
        f"**{in_language('ko', message, 'not_graded_note')}**: {why['ko']}\n\n"
        f"**{in_language('en', message, 'not_graded_note')}**: {why['en']}"))
    note.cells[0].id = "kaikit-not-graded"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(note, path)


def _late_and_score(course, outcome):
    """The late penalty (nbgrader's rule, with today's due date and extensions) and the final scores."""
    db_url = course.api.coursedir.db_url
    outcome.seconds_late, outcome.late_penalty = gradebook.assign_late_penalty(course, outcome.assignment,
                                                                               outcome.student)
    outcome.score, outcome.max_score, outcome.written = gradebook.scores(db_url, outcome.assignment, outcome.student)
    if outcome.seconds_late > 0:
        outcome.flag("late", f"{outcome.seconds_late:.0f}|{outcome.late_penalty:g}")


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


def read_integrity(course: Course) -> list[dict]:
    """The rows of ``grading/integrity.csv`` (a list of dicts; [] when there is none)."""
    path = course.root / "grading" / "integrity.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def row_flags(row: dict) -> list[tuple]:
    """A row's flags [(code, detail)], from its ``details`` column (rows of older versions: codes only)."""
    try:
        return [tuple(f) for f in json.loads(row.get("details") or "null")]
    except (ValueError, TypeError):
        return [(code, "") for code in (row.get("flags") or "").split(";") if code]


def _previous(course, outcomes):
    """Outcomes not graded again this run take their status and flags from their last row (the late flag is
    worked out again, from today's due date)."""
    rows = {(r["assignment"], r["student"]): r for r in read_integrity(course)}
    for outcome in outcomes:
        row = rows.get((outcome.assignment, outcome.student))
        if outcome.unchanged and row:
            outcome.status = row.get("status") or outcome.status
            outcome.flags = [f for f in row_flags(row) if f[0] != "late"]


def write_integrity(course: Course, assignment: str, outcomes: list[Outcome]) -> Path:
    """Replace ``outcomes``' rows in ``grading/integrity.csv`` (other rows are kept). Every row's reasons are
    written again from its flags, so the file reads in one language: the current one."""
    path = course.root / "grading" / "integrity.csv"
    mine = {(o.assignment, o.student) for o in outcomes}
    rows = [r for r in read_integrity(course) if (r["assignment"], r["student"]) not in mine]
    rows += [{"assignment": o.assignment, "student": o.student, "score": f"{o.score:g}",
              "max_score": f"{o.max_score:g}", "written_to_grade": o.written, "status": o.status,
              "seconds_late": f"{o.seconds_late:.0f}", "late_penalty": f"{o.late_penalty:g}",
              "details": json.dumps(o.flags, ensure_ascii=False)} for o in outcomes]
    for row in rows:
        flags = row_flags(row)
        row["details"] = json.dumps(flags, ensure_ascii=False)
        row["flags"] = ";".join(dict.fromkeys(code for code, _ in flags))
        row["reasons"] = reasons(flags)
    rows.sort(key=lambda r: (r["assignment"], r["student"]))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, INTEGRITY_COLUMNS, extrasaction="ignore", restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def summary(outcomes: list[Outcome], path: Path) -> str:
    """The readable end of ``kaikit grade``: totals, then each flagged submission with its reasons."""
    flagged = [o for o in outcomes if o.flags]
    lines = [message("grade_summary", count=len(outcomes), total=len(outcomes),   # count: the plural form
                     graded=sum(o.status == "graded" for o in outcomes),
                     flagged=len(flagged), path=path)]
    unchanged = sum(o.unchanged for o in outcomes)
    if unchanged:
        lines[0] += " " + message("grade_summary_unchanged", count=unchanged)
    for outcome in flagged:
        lines.append(f"  {outcome.student}: {outcome.score:g}/{outcome.max_score:g} — {outcome.reasons()}")
    return "\n".join(lines)
