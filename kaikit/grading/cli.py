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
    kaikit lab [NOTEBOOK] [--lang en] [--port N] [--student ID] [--no-browser] [--settings-only]
                                             JupyterLab on the first lesson, on 127.0.0.1 (a learner's own laptop)

``--course DIR`` (before the command) points at another course folder holding ``nbgrader_config.py``.
``python -m kaikit`` is the same command (Windows: ``py -m kaikit lab``), for when ``kaikit`` is not on PATH.
"""
import argparse
import os
import sys
from pathlib import Path

from .._paths import REPO_ROOT
from ..i18n import LANGUAGES, message, say, set_language
from ..lab import LabProblem

# The course (nbgrader, nbformat) is imported by the commands that need it: `kaikit lab` starts without it.


def release(args):
    from .course import Course

    course = Course(args.course)
    for assignment in args.assignments or course.assignments():
        course.release(assignment)
        print(message("cli_released", assignment=assignment, folder=f"{course.release_dir.name}/{assignment}/"))
    return 0


def grade(args):
    from .batch import grade_submissions
    from .course import Course

    outcomes = grade_submissions(Course(args.course), args.assignment, students=args.student, jobs=args.jobs,
                                 cell_timeout=args.timeout, force=args.force)
    return 0 if outcomes else 1


def feedback(args):
    """nbgrader's feedback for every autograded student (or those named); says who got none and why."""
    from .course import Course

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
    from .course import Course
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
    from .course import Course
    from .report import class_report, summary_lines, write_report

    course = Course(args.course)
    found = class_report(course, args.assignment)
    print("\n".join(summary_lines(found)))
    for path in write_report(found, course.root / "grading" / "reports"):
        print(message("report_written", path=path))
    return 0


def repair(args):
    from .course import Course
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


def lab(args):
    """JupyterLab on the first lesson (or NOTEBOOK) in this process, on 127.0.0.1, after writing the kit's settings
    into this Python environment; with --settings-only, the settings alone (a hub's or a lab room's environment).
    Bad input is a LabProblem, said in the learner's language."""
    from ..lab import (
        first_lesson,
        free_port_after,
        lab_arguments,
        lesson_language,
        port_is_free,
        port_number,
        settings_path,
        student_id,
        write_settings,
    )

    if args.lab_lang not in (None, *LANGUAGES):
        raise LabProblem(message("unknown_language", got=args.lab_lang, choices=", ".join(LANGUAGES)))
    language = args.lab_lang or lesson_language(args.notebook) or args.lang
    set_language(args.lab_lang or args.lang)
    if not args.settings_only:
        try:
            port = port_number(args.port)
        except ValueError as error:
            raise LabProblem(str(error)) from None
        notebook = args.notebook or first_lesson(language)
        arguments = lab_arguments(REPO_ROOT, notebook, port, open_browser=not args.no_browser, extra=args.jupyter)
        if not port_is_free(port):
            other = free_port_after(port)
            raise LabProblem(message("lab_port_in_use", port=port, other=other or port + 1))
        if args.student is not None:
            try:   # kernels inherit it: kk.variants draws this student's cases (kaikit/variants.py)
                os.environ["KAIKIT_STUDENT"] = student_id(args.student)
            except ValueError as error:
                raise LabProblem(str(error)) from None
    from jupyterlab.commands import get_app_dir  # JupyterLab's own answer: JUPYTERLAB_DIR, a user install...

    app_dir = get_app_dir()
    try:
        written = write_settings(app_dir, language)
    except OSError as error:
        print(f"kaikit lab: {message('lab_settings_not_written', path=settings_path(app_dir), error=error)}"
              + ("" if args.settings_only else " " + message("lab_without_settings")), file=sys.stderr)
        if args.settings_only:
            return 2
    else:
        if args.settings_only:
            print(message("lab_settings_written", path=written))
            return 0
    print(message("lab_starting", notebook=notebook, port=port), flush=True)
    if os.environ.get("KAIKIT_STUDENT", "").strip():
        print(message("lab_student", student=os.environ["KAIKIT_STUDENT"].strip()), flush=True)
    from jupyterlab.labapp import LabApp

    os.chdir(REPO_ROOT)   # as `make lab`: nbgrader's extensions read the course's nbgrader_config.py from here
    LabApp.launch_instance(argv=arguments)
    return 0


# The options of `kaikit lab` itself; any other option is Jupyter's (--ServerApp.token=...) or a mistake.
LAB_OPTIONS = ("--lang", "--port", "--student", "--no-browser", "--settings-only", "--help")


def lab_command_line(argv):
    """The parsed arguments of a ``kaikit lab`` command line, with Jupyter's own options in ``jupyter``; LabProblem
    for an option neither knows."""
    from ..lab import split_arguments, unknown_option

    ours, jupyters = split_arguments(argv)
    args, unknown = _parser().parse_known_args(ours)
    if unknown:
        raise LabProblem(unknown_option(unknown[0], LAB_OPTIONS))
    args.jupyter = jupyters
    return args


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

    from ..lab import DEFAULT_PORT

    sub = commands.add_parser("lab", help=message("cli_help_lab"), description=message("cli_help_lab"),
                              epilog=message("cli_lab_epilog"))
    sub.add_argument("notebook", nargs="?", help=message("cli_help_lab_notebook"))
    sub.add_argument("--lang", dest="lab_lang", metavar="{ko,en}", help=message("cli_help_lab_lang"))
    sub.add_argument("--port", default=str(DEFAULT_PORT), help=message("cli_help_lab_port", port=DEFAULT_PORT))
    sub.add_argument("--student", metavar="ID", help=message("cli_help_lab_student"))
    sub.add_argument("--no-browser", action="store_true", help=message("cli_help_lab_no_browser"))
    sub.add_argument("--settings-only", action="store_true", help=message("cli_help_lab_settings_only"))
    sub.set_defaults(run=lab, jupyter=[])

    sub = commands.add_parser("check", help=message("cli_help_check_notebook"))
    sub.add_argument("notebooks", nargs="+", help=message("cli_help_notebooks"))
    sub.add_argument("--assignment", help=message("cli_help_check_assignment"))
    sub.set_defaults(run=check)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    early = argparse.ArgumentParser(prog="kaikit", add_help=False)   # --lang first, for the help's own language
    early.add_argument("--lang", default=default_language())
    early.add_argument("--course")
    known, rest = early.parse_known_args(argv)
    set_language(known.lang if known.lang in LANGUAGES else default_language())
    if rest[:1] == ["lab"]:   # before anything imports nbgrader: JupyterLab starts as fast as `jupyter lab`
        expected, prefix = LabProblem, "kaikit lab"
    else:
        from .course import CourseError as expected
        prefix = "kaikit"
    try:
        if expected is LabProblem:
            args = lab_command_line(argv)
        else:
            args = _parser().parse_args(argv)
            set_language(args.lang)
        return args.run(args)
    except expected as error:
        print(f"{prefix}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:   # Ctrl+C: whatever was started has been stopped; no traceback
        print(f"kaikit: {message('interrupted')}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
