"""Grading a class: plain `nbgrader autograde` against `kaikit grade --jobs 1` and `--jobs 2`, on the same
submissions; the scores must be identical. Writes benchmarks/GRADING.md. Run with `make bench-grading`.

The submissions are generated from the released exercise (as in tests/adversarial.py): right answers, untouched
notebooks, wrong answers, deleted or edited tests, edited points, `sys.exit`, huge output — cases plain nbgrader can
grade as they are, so that its scores are a fair reference. (Mangled notebooks that plain nbgrader cannot grade are
covered by tests/grading/test_integrity.py.)
"""
import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import adversarial  # noqa: E402

from kaikit.grading.batch import grade_submissions  # noqa: E402

CASES = ["good", "untouched", "wrong", "deleted_test", "points_changed", "tests_edited", "sys_exit", "huge_output"]


def make_course(folder, assignment, count):
    course, released, solutions = adversarial.released_course(folder, assignment)
    good = adversarial.solved(released, solutions)
    for index in range(count):
        case = CASES[index % len(CASES)]
        notebook = adversarial.CASES[case].build(released, nbformat.reads(nbformat.writes(good), as_version=4), {})
        target = folder / "grading" / "submitted" / f"s{index:03d}_{case}" / assignment
        target.mkdir(parents=True)
        nbformat.write(notebook, target / f"{assignment}.ipynb")
    return course


def scores(course, assignment):
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        return {s.student.id: s.code_score for s in gradebook.assignment_submissions(assignment)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="ex05_pipeline")
    parser.add_argument("--submissions", type=int, default=40)
    args = parser.parse_args()
    timings, results = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for label in ["nbgrader autograde", "kaikit grade --jobs 1", "kaikit grade --jobs 2"]:
            course = make_course(Path(tmp, label.replace(" ", "_")), args.assignment, args.submissions)
            start = time.perf_counter()
            if label.startswith("nbgrader"):
                subprocess.run([sys.executable, "-m", "nbgrader", "autograde", args.assignment],
                               cwd=course.root, check=True, capture_output=True)
            else:
                grade_submissions(course, args.assignment, jobs=int(label[-1]), report=lambda line: None)
            timings[label] = time.perf_counter() - start
            results[label] = scores(course, args.assignment)
            print(f"{label}: {timings[label]:.0f} s", flush=True)
    reference = results["nbgrader autograde"]
    identical = all(results[label] == reference for label in results)
    lines = [
        "# Grading a class: plain nbgrader against `kaikit grade`", "",
        f"Measured {datetime.date.today()} on {platform.machine()} with {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {args.submissions} submissions of `{args.assignment}` "
        f"({', '.join(CASES)}, in turn). `make bench-grading` regenerates this file.", "",
        "| Run | Seconds | Seconds per submission |", "|---|---:|---:|",
        *[f"| {label} | {seconds:.0f} | {seconds / args.submissions:.1f} |" for label, seconds in timings.items()],
        "", f"Scores identical in all three runs: **{'yes' if identical else 'NO'}** "
        f"({len(reference)} submissions; total points {sum(reference.values()):g}).", "",
        "`kaikit grade` also repairs, scans and sandboxes every submission (a fresh course copy and a separate "
        "process), and writes `grading/integrity.csv`; those costs are in its times.",
    ]
    (ROOT / "benchmarks" / "GRADING.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
