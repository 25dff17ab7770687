"""``kaikit`` on the command line: the instructor's course workflow, through nbgrader's own API.

    kaikit release [ASSIGNMENT ...]          regenerate exercises/ from solutions/ (all assignments by default)
    kaikit grade ASSIGNMENT [--student S]    autograde every submission in grading/submitted/, each in a sandbox;
                                             writes grading/integrity.csv and prints a summary
    kaikit feedback ASSIGNMENT               HTML feedback in grading/feedback/ (hidden tests never shown)
    kaikit export [--assignment A ...] [--format csv|canvas|moodle] [--roster R.csv] [--to F]
                                             grades for an LMS (assignments with a submission by default);
                                             students matched through the roster, late work reported
    kaikit report ASSIGNMENT                 item analysis in grading/reports/ (CSV, HTML in both languages); reads only
    kaikit repair ASSIGNMENT                 fix mangled submissions in place for plain nbgrader (originals kept)
    kaikit coursemap [--check]               docs/course-map.{ko,en}.md from the notebooks' own metadata
    kaikit check NOTEBOOK.ipynb              a learner's "check my work" from a terminal

``--course DIR`` (before the command) points at another course folder holding ``nbgrader_config.py``.
"""
import argparse
import os
import sys
from pathlib import Path

from .._paths import REPO_ROOT
from ..i18n import LANGUAGES, message, say, set_language
from .course import Course, CourseError


def release(args):
    course = Course(args.course)
    for assignment in args.assignments or course.assignments():
        course.release(assignment)
        print(message("cli_released", assignment=assignment, folder=f"{course.release_dir.name}/{assignment}/"))
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


def report(args):
    """Item analysis of a graded assignment: a summary on screen, the CSV and HTML pages in grading/reports/."""
    from .report import class_report, summary_lines, write_report

    course = Course(args.course)
    found = class_report(course, args.assignment)
    print("\n".join(summary_lines(found)))
    for path in write_report(found, course.root / "grading" / "reports"):
        print(message("report_written", path=path))
    return 0


def repair(args):
    from .repair import repair_submissions

    for student, flags, kept in repair_submissions(Course(args.course), args.assignment):
        print(f"{student}: " + " | ".join(message(f"flag_{code}", detail=say(detail)) for code, detail in flags)
              + (f"  ({message('cli_repair_original', path=kept)})" if kept else ""))
    return 0


def coursemap(args):
    from ..authoring.coursemap import render, write

    if args.check:
        stale = [language for language in ("ko", "en")
                 if (REPO_ROOT / "docs" / f"course-map.{language}.md").read_text(encoding="utf-8")
                 != render(language)]
        print(message("cli_coursemap_stale", languages=", ".join(stale)) if stale else message("cli_coursemap_fresh"))
        return 1 if stale else 0
    for path in write():
        print(message("cli_coursemap_written", path=path.relative_to(REPO_ROOT)))
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
    return wanted if wanted in LANGUAGES else "ko"


def _parser():
    """The command line, its help in the current language (``main`` sets it from ``--lang`` first)."""
    parser = argparse.ArgumentParser(prog="kaikit", description=message("cli_description"))
    parser.add_argument("--course", default=default_course(), help=message("cli_help_course"))
    parser.add_argument("--lang", choices=LANGUAGES, default=default_language(), help=message("cli_help_lang"))
    commands = parser.add_subparsers(dest="command", required=True)

    sub = commands.add_parser("release", help=message("cli_help_release"))
    sub.add_argument("assignments", nargs="*", help=message("cli_help_assignments"))
    sub.set_defaults(run=release)

    sub = commands.add_parser("grade", help=message("cli_help_grade"))
    sub.add_argument("assignment")
    sub.add_argument("--student", action="append", help=message("cli_help_student"))
    sub.add_argument("--jobs", type=int, help=message("cli_help_jobs"))
    sub.add_argument("--timeout", type=int, help=message("cli_help_timeout"))
    sub.add_argument("--force", action="store_true", help=message("cli_help_force"))
    sub.set_defaults(run=grade)

    sub = commands.add_parser("feedback", help=message("cli_help_feedback"))
    sub.add_argument("assignment")
    sub.add_argument("--student", action="append", help=message("cli_help_student"))
    sub.set_defaults(run=feedback)

    sub = commands.add_parser("export", help=message("cli_help_export"))
    sub.add_argument("--assignment", action="append", help=message("cli_help_export_assignment"))
    sub.add_argument("--format", choices=["csv", "canvas", "moodle"], default="csv", help=message("cli_help_format"))
    sub.add_argument("--roster", help=message("cli_help_roster"))
    sub.add_argument("--to", default="grades.csv", help=message("cli_help_to"))
    sub.set_defaults(run=export)

    sub = commands.add_parser("report", help=message("cli_help_report"))
    sub.add_argument("assignment")
    sub.set_defaults(run=report)

    sub = commands.add_parser("repair", help=message("cli_help_repair"))
    sub.add_argument("assignment")
    sub.set_defaults(run=repair)

    sub = commands.add_parser("coursemap", help=message("cli_help_coursemap"))
    sub.add_argument("--check", action="store_true", help=message("cli_help_check"))
    sub.set_defaults(run=coursemap)

    sub = commands.add_parser("check", help=message("cli_help_check_notebook"))
    sub.add_argument("notebooks", nargs="+", help=message("cli_help_notebooks"))
    sub.add_argument("--assignment", help=message("cli_help_check_assignment"))
    sub.set_defaults(run=check)
    return parser


def main(argv: list[str] | None = None) -> int:
    early = argparse.ArgumentParser(prog="kaikit", add_help=False)   # --lang first, for the help's own language
    early.add_argument("--lang", choices=LANGUAGES, default=default_language())
    set_language(early.parse_known_args(argv)[0].lang)
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
