"""``kaikit`` on the command line: the instructor's course workflow, through nbgrader's own API.

    kaikit release [ASSIGNMENT ...]          regenerate exercises/ from solutions/ (all assignments by default)
    kaikit grade ASSIGNMENT [--student S]    autograde every submission in grading/submitted/, each in a sandbox;
                                             writes grading/integrity.csv and prints a summary
    kaikit feedback ASSIGNMENT               HTML feedback in grading/feedback/ (hidden tests never shown)
    kaikit export [--assignment A ...] [--format csv|canvas|moodle] [--roster R.csv] [--to F]
                                             grades for an LMS (assignments with a submission by default);
                                             students matched through the roster, late work reported
    kaikit repair ASSIGNMENT                 fix mangled submissions in place for plain nbgrader (originals kept)
    kaikit coursemap [--check]               docs/course-map.{ko,en}.md from the notebooks' own metadata
    kaikit check NOTEBOOK.ipynb              a learner's "check my work" from a terminal

``--course DIR`` (before the command) points at another course folder holding ``nbgrader_config.py``.
"""
import argparse
import os
import sys
from pathlib import Path

from .course import Course, CourseError
from ..i18n import message, say, set_language
from .._paths import REPO_ROOT


def release(args):
    course = Course(args.course)
    for assignment in args.assignments or course.assignments():
        course.release(assignment)
        print(f"released {assignment} → {course.release_dir.name}/{assignment}/")
    return 0


def grade(args):
    from .batch import grade_submissions

    outcomes = grade_submissions(Course(args.course), args.assignment, students=args.student, jobs=args.jobs,
                                 cell_timeout=args.timeout, force=args.force)
    return 0 if outcomes else 1


def feedback(args):
    """nbgrader's feedback for every autograded student (or those named); says who got none and why."""
    course = Course(args.course)
    course.require(args.assignment)
    graded = course.api.get_autograded_students(args.assignment)
    wanted = set(args.student) if args.student else course.api.get_submitted_students(args.assignment) | graded
    chosen, waiting = sorted(wanted & graded), sorted(wanted - graded)
    for student in (chosen if args.student else [None] if chosen else []):
        course.feedback(args.assignment, student)
    folder = course.root / course.api.coursedir.feedback_directory
    print(message("feedback_done", count=len(chosen), path=folder))
    if waiting:
        print(message("feedback_not_graded_yet", students=", ".join(waiting), assignment=args.assignment))
    return 0


def export(args):
    """Write the grades of the assignments asked for (default: those with a submission); report what was left
    out, who is missing and every late submission. A problem is one line on stderr and exit code 2."""
    from .export import export_grades

    try:
        report = export_grades(Course(args.course), args.format, args.to, args.roster, args.assignment)
    except (ValueError, OSError) as error:
        print(f"kaikit export: {error}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    return 0


def repair(args):
    from .repair import repair_submissions

    for student, flags, kept in repair_submissions(Course(args.course), args.assignment):
        print(f"{student}: " + " | ".join(message(f"flag_{code}", detail=say(detail)) for code, detail in flags)
              + (f"  (original: {kept})" if kept else ""))
    return 0


def coursemap(args):
    from ..authoring.coursemap import render, write

    if args.check:
        stale = [language for language in ("ko", "en")
                 if (REPO_ROOT / "docs" / f"course-map.{language}.md").read_text(encoding="utf-8")
                 != render(language)]
        print(f"course map out of date: {', '.join(stale)} (run `kaikit coursemap`)" if stale else "course map up to date")
        return 1 if stale else 0
    for path in write():
        print(f"course map → {path.relative_to(REPO_ROOT)}")
    return 0


def check(args):
    """Check each notebook as its learner would; one that cannot be checked (missing, unreadable, a lesson, an unknown
    exercise name) gets one line saying why, and the exit code is 2."""
    from ..self_check import record, report_text
    from .checking import NotebookProblem, check_notebook, read_learner, resolve

    status = 0
    for path in args.notebooks:
        try:
            read_learner(path)
            assignment, note = resolve(path, args.assignment, option_hint=True)
            result = check_notebook(path, assignment)
        except NotebookProblem as problem:
            print(f"kaikit check: {problem}", file=sys.stderr)
            status = 2
            continue
        result.note = note
        record(result)
        print(report_text(result, ids=sys.stdout.isatty()))
    return status


def default_course(cwd=None):
    """The folder we are in when it is a course (it has nbgrader_config.py: the grader account's copy of the kit on a
    hub), else the kit's own repository."""
    cwd = Path(cwd or Path.cwd())
    return cwd if (cwd / "nbgrader_config.py").is_file() else REPO_ROOT


def default_language():
    """KAIKIT_LANG when it names a language of the kit ('en', 'en_US.UTF-8'...), else Korean."""
    wanted = os.environ.get("KAIKIT_LANG", "").split("_")[0].split(".")[0].lower()
    return wanted if wanted in ("ko", "en") else "ko"


def _parser():
    parser = argparse.ArgumentParser(prog="kaikit", description="K-AI Teaching Kit course tools (wrapping nbgrader).")
    parser.add_argument("--course", default=default_course(), help="course folder holding nbgrader_config.py "
                        "(default: the current folder if it has one, else the kit's repository)")
    parser.add_argument("--lang", choices=["ko", "en"], default=default_language(),
                        help="language of messages (default: ko, or KAIKIT_LANG; `make ... LANG=en` sets it)")
    commands = parser.add_subparsers(dest="command", required=True)

    sub = commands.add_parser("release", help="regenerate exercises/ from solutions/ with nbgrader")
    sub.add_argument("assignments", nargs="*", help="assignment names (default: all in solutions/)")
    sub.set_defaults(run=release)

    sub = commands.add_parser("grade", help="autograde all submissions of an assignment, each in a sandbox")
    sub.add_argument("assignment")
    sub.add_argument("--student", action="append", help="only this student (repeatable)")
    sub.add_argument("--jobs", type=int, help="submissions graded at once (default: the number of cores)")
    sub.add_argument("--timeout", type=int, help="seconds per cell (default: the course's, 60)")
    sub.add_argument("--force", action="store_true", help="grade again submissions that have not changed since they "
                     "were graded (grades given in formgrader are kept either way)")
    sub.set_defaults(run=grade)

    sub = commands.add_parser("feedback", help="HTML feedback for students (hidden tests never shown)")
    sub.add_argument("assignment")
    sub.add_argument("--student", action="append", help="only this student (repeatable)")
    sub.set_defaults(run=feedback)

    sub = commands.add_parser("export", help="export grades for an LMS (nbgrader CSV, Canvas or Moodle)")
    sub.add_argument("--assignment", action="append", help="only this assignment (repeatable; default: every "
                     "assignment with at least one submission)")
    sub.add_argument("--format", choices=["csv", "canvas", "moodle"], default="csv",
                     help="csv: nbgrader's own; canvas / moodle: their grade-import CSV (needs --roster)")
    sub.add_argument("--roster", help="CSV with student_id (nbgrader's) and the LMS's ids: name, email, lms_id, "
                     "sis_user_id, sis_login_id, section, idnumber")
    sub.add_argument("--to", default="grades.csv", help="output file (default: grades.csv)")
    sub.set_defaults(run=export)

    sub = commands.add_parser("repair", help="repair mangled submissions in place for plain nbgrader")
    sub.add_argument("assignment")
    sub.set_defaults(run=repair)

    sub = commands.add_parser("coursemap", help="write docs/course-map.{ko,en}.md from the notebooks")
    sub.add_argument("--check", action="store_true", help="only say whether the committed map is up to date")
    sub.set_defaults(run=coursemap)

    sub = commands.add_parser("check", help="grade a saved exercise notebook with the full autograder")
    sub.add_argument("notebooks", nargs="+", help="exercise notebooks (.ipynb)")
    sub.add_argument("--assignment", help="assignment name (default: the file name, e.g. ex05_pipeline)")
    sub.set_defaults(run=check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    set_language(args.lang)
    try:
        return args.run(args)
    except CourseError as error:
        print(f"kaikit: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:   # Ctrl+C: whatever was started has been stopped; no traceback
        print(f"kaikit: {message('interrupted')}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
