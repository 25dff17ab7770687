"""``kaikit`` on the command line: the instructor's course workflow.

    kaikit [--course DIR] release [ASSIGNMENT ...]    regenerate exercises/ from solutions/ (all assignments by default)
"""
import argparse
import sys
from pathlib import Path

from .course import Course
from .paths import REPO_ROOT


def release(args):
    course = Course(args.course)
    for assignment in args.assignments or course.assignments():
        course.release(assignment)
        print(f"released {assignment} → {course.release_dir.name}/{assignment}/")
    return 0


def check(args):
    from .checking import grade, record
    from .i18n import message, set_language

    set_language(args.lang)
    for path in args.notebooks:
        assignment = args.assignment or Path(path).stem
        result = grade(path, assignment)
        record(result)
        print(message("check_title", assignment=assignment) + ("" if result.full else "  (" + message("check_visible_only") + ")"))
        for part in result.parts:
            score = "" if part.status == "manual" else f"{part.points:g}"
            print(f"  {part.grade_id:<32} {message('status_' + part.status):<14} {score:>4} / {part.max_points:g}  {part.message}")
        print(message("check_total", points=f"{result.points:g}", max_points=f"{result.max_points:g}"))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="kaikit", description="K-AI Teaching Kit course tools (wrapping nbgrader).")
    parser.add_argument("--course", default=REPO_ROOT, help="course folder holding nbgrader_config.py "
                        "(default: the kit's repository)")
    commands = parser.add_subparsers(dest="command", required=True)
    release_parser = commands.add_parser("release", help="regenerate exercises/ from solutions/ with nbgrader")
    release_parser.add_argument("assignments", nargs="*", help="assignment names (default: all in solutions/)")
    release_parser.set_defaults(run=release)
    check_parser = commands.add_parser("check", help="grade a saved exercise notebook with the full autograder")
    check_parser.add_argument("notebooks", nargs="+", help="exercise notebooks (.ipynb)")
    check_parser.add_argument("--assignment", help="assignment name (default: the file name, e.g. ex05_pipeline)")
    check_parser.add_argument("--lang", choices=["ko", "en"], default="ko", help="language of the report")
    check_parser.set_defaults(run=check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
