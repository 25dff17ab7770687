"""``kaikit`` on the command line: the instructor's course workflow.

    kaikit [--course DIR] release [ASSIGNMENT ...]    regenerate exercises/ from solutions/ (all assignments by default)
"""
import argparse
import sys

from .course import Course
from .paths import REPO_ROOT


def release(args):
    course = Course(args.course)
    for assignment in args.assignments or course.assignments():
        course.release(assignment)
        print(f"released {assignment} → {course.release_dir.name}/{assignment}/")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="kaikit", description="K-AI Teaching Kit course tools (wrapping nbgrader).")
    parser.add_argument("--course", default=REPO_ROOT, help="course folder holding nbgrader_config.py "
                        "(default: the kit's repository)")
    commands = parser.add_subparsers(dest="command", required=True)
    release_parser = commands.add_parser("release", help="regenerate exercises/ from solutions/ with nbgrader")
    release_parser.add_argument("assignments", nargs="*", help="assignment names (default: all in solutions/)")
    release_parser.set_defaults(run=release)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
