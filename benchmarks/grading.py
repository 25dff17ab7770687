"""Grading a class: plain `nbgrader autograde` against `kaikit grade --jobs 1` and `--jobs 2`, on the same
submissions; the scores must be identical. Writes benchmarks/GRADING.md. Run with `make bench-grading`.

The submissions are generated from the released exercise (as in tests/adversarial.py): right answers, untouched
notebooks, wrong answers, deleted or edited tests, edited points, `sys.exit`, huge output — cases plain nbgrader can
grade as they are, so that its scores are a fair reference. (Mangled notebooks that plain nbgrader cannot grade are
covered by tests/grading/test_integrity.py.)
"""
import argparse
import datetime
import functools
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import adversarial  # noqa: E402

from kaikit.grading import batch, sandbox  # noqa: E402
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


@contextmanager
def timing(spent):
    """Add up, in ``spent``, the seconds ``kaikit grade`` spends in the worker's autograde (nbgrader, the kernel and
    the submission's code) and in merging each sandbox's grades into the course."""
    originals = {(sandbox.Worker, "run"): "autograde", (batch, "_store"): "merge"}
    saved = {target: getattr(*target) for target in originals}

    def timed(function, label):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start
        return wrapper

    for (owner, name), label in originals.items():
        setattr(owner, name, timed(saved[owner, name], label))
    try:
        yield spent
    finally:
        for (owner, name), function in saved.items():
            setattr(owner, name, function)


def kernel_costs(assignment, repeats=3):
    """{"usual", "forked"}: medians, in seconds, of starting a kernel, ``import kaikit as kk; kk.setup()`` in it
    (as ``make bench`` measures them) and running the whole solution notebook, in a kernel started the usual way
    (plain nbgrader's) and in one forked from the zygote (``kaikit grade``'s); and the zygote's own start."""
    import run

    from kaikit.grading.forked_kernels import ForkedKernelManager, Zygote

    start = time.perf_counter()
    Zygote.start()
    zygote = time.perf_counter() - start
    solution = ROOT / "solutions" / assignment / f"{assignment}.ipynb"
    costs = {}
    for name, manager in (("usual", None), ("forked", ForkedKernelManager)):
        kernel, imported, _ = run.first_chart(repeats, manager=manager)
        executed = statistics.median(run.run_notebook(solution, manager=manager) for _ in range(repeats))
        costs[name] = (kernel, imported, executed)
    return costs, zygote


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="ex05_pipeline")
    parser.add_argument("--submissions", type=int, default=40)
    args = parser.parse_args()
    timings, results, spent = {}, {}, {}
    jobs = sorted({1, 2, os.cpu_count() or 1})
    with tempfile.TemporaryDirectory() as tmp:
        for label in ["nbgrader autograde", *[f"kaikit grade --jobs {n}" for n in jobs]]:
            course = make_course(Path(tmp, label.replace(" ", "_")), args.assignment, args.submissions)
            start = time.perf_counter()
            if label.startswith("nbgrader"):
                subprocess.run([sys.executable, "-m", "nbgrader", "autograde", args.assignment],
                               cwd=course.root, check=True, capture_output=True)
            else:
                n = int(label.rsplit(" ", 1)[1])
                with timing(spent if n == 1 else {}):
                    grade_submissions(course, args.assignment, jobs=n, report=lambda line: None)
            timings[label] = time.perf_counter() - start
            results[label] = scores(course, args.assignment)
            print(f"{label}: {timings[label]:.0f} s", flush=True)
    reference = results["nbgrader autograde"]
    identical = all(results[label] == reference for label in results)
    costs, zygote = kernel_costs(args.assignment)
    (kernel, imported, executed), forked = costs["usual"], costs["forked"]
    count, serial, fastest = args.submissions, timings["nbgrader autograde"], min(timings.values())
    per = {label: seconds / count for label, seconds in timings.items()}
    autograde, merge = spent["autograde"] / count, spent["merge"] / count
    lines = [
        "# Grading a class: plain nbgrader against `kaikit grade`", "",
        f"Measured {datetime.date.today()} on {platform.machine()} with {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {args.submissions} submissions of `{args.assignment}` "
        f"({', '.join(CASES)}, in turn). `make bench-grading` regenerates this file.", "",
        "| Run | Seconds | Seconds per submission | × plain nbgrader |", "|---|---:|---:|---:|",
        *[f"| {label} | {seconds:.0f} | {seconds / count:.2f} | {serial / seconds:.2f} |"
          for label, seconds in timings.items()],
        "", f"Scores identical in all {len(timings)} runs: **{'yes' if identical else 'NO'}** "
        f"({len(reference)} submissions; total points {sum(reference.values()):g}).", "",
        "`kaikit grade` also repairs, scans and sandboxes every submission (a fresh course copy and a separate "
        "process), and writes `grading/integrity.csv`; those costs are in its times.", "",
        "## Where the time goes (per submission, `--jobs 1`)", "",
        "Plain nbgrader starts a new Python for each submission's kernel; `kaikit grade` (on Linux) forks each from "
        "a zygote process per worker that has imported the kernel and the kit once "
        f"(`kaikit/grading/forked_kernels.py`; the zygote's own start: {zygote:.2f} s, once per worker).", "",
        "| Step | a kernel started the usual way (plain nbgrader) | a forked kernel (`kaikit grade`) |",
        "|---|---:|---:|",
        f"| starting a kernel (an empty notebook) | {kernel:.2f} | {forked[0]:.2f} |",
        f"| `import kaikit as kk; kk.setup()` in it | {imported:.2f} | {forked[1]:.2f} |",
        f"| running the whole solution notebook (kernel start and import included) | {executed:.2f} | "
        f"{forked[2]:.2f} |", "",
        "| Step of `kaikit grade --jobs 1` | Seconds |", "|---|---:|",
        f"| nbgrader's autograde in kaikit's worker (the notebook run above, plus nbgrader's own work and gradebook "
        f"writes) | {autograde:.2f} |",
        f"| merging the sandbox's grades into the course gradebook | {merge:.2f} |",
        f"| everything else kaikit does (reading, repairing, scanning, the sandbox copy) | "
        f"{per['kaikit grade --jobs 1'] - autograde - merge:.2f} |",
        f"| in all | {per['kaikit grade --jobs 1']:.2f} |", "",
        f"A class of 300 on this machine: about {300 * fastest / count / 60:.0f} minutes at the fastest setting above "
        f"(plain nbgrader: {300 * serial / count / 60:.0f}). In a forked kernel, starting it and importing the kit "
        f"are {(forked[0] + forked[1]) / autograde:.0%} of an autograde (in a kernel started the usual way they would "
        f"be {(kernel + imported) / autograde:.0%}).",
    ]
    import record

    record.write(ROOT / "benchmarks" / "GRADING.md", lines)
    print("\n".join(lines))
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
