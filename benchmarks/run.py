"""Measure what learners and instructors wait for; write benchmarks/RESULTS.md.  Run with `make bench`.

1. Notebook execution: every lesson and solution against a floor (a notebook that only starts a kernel and runs
   the kit's setup cell), as a ratio.
2. Widget latency inside the kernel: time from a control change to the updated output, median and p95.
3. Checking: seconds per `kk.check`-style full grading of each solution, against executing the same notebook.
4. Browser round trips: from a key that changes a widget in JupyterLab to its new chart on screen (round_trips.py).
"""
import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kaikit as kk  # noqa: E402
from kaikit.grading.checking import check_notebook  # noqa: E402


def median_and_spread(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), ordered[0], ordered[-1], p95


# The kernel's peak resident memory in kB: Linux's VmHWM, which starts afresh with the kernel's process (ru_maxrss
# does not: Linux carries it over from the parent, here this benchmark, across fork and exec).
PEAK_MEMORY = """import pathlib, resource
status = pathlib.Path("/proc/self/status")
peak = [int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmHWM")] \\
    if status.exists() else []
print(peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"""


def kernel_choice(manager=None):
    """NotebookClient's arguments for a kernel started the usual way, or by the kernel manager class ``manager``."""
    return {"timeout": 600, "kernel_name": "python3", **({"kernel_manager_class": manager} if manager else {})}


def run_notebook(path, memory=False, manager=None):
    """Seconds to execute the notebook on a fresh kernel (and, with ``memory``, the kernel's peak RSS in MB)."""
    notebook = nbformat.read(path, as_version=4)
    if memory:
        notebook.cells.append(nbformat.v4.new_code_cell(PEAK_MEMORY))
    start = time.perf_counter()
    NotebookClient(notebook, allow_errors=True, resources={"metadata": {"path": str(path.parent)}},
                   **kernel_choice(manager)).execute()
    seconds = time.perf_counter() - start
    if not memory:
        return seconds
    output = next(o for o in notebook.cells[-1].outputs if o.get("output_type") == "stream")
    return seconds, int(output["text"].strip()) / 1024  # ru_maxrss is in kB on Linux


def committed_notebooks(folder):
    return sorted(p for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def floor_notebook():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('import kaikit as kk\nkk.setup(lang="ko")')])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = ROOT / "benchmarks" / ".floor.ipynb"
    nbformat.write(notebook, path)
    return path


def notebooks(repeats):
    floor_path = floor_notebook()
    floor = statistics.median(run_notebook(floor_path) for _ in range(repeats))
    floor_path.unlink()
    rows = []
    for path in committed_notebooks("lessons") + committed_notebooks("solutions"):
        runs = [run_notebook(path, memory=True) for _ in range(repeats)]
        median, low, high, _ = median_and_spread([seconds for seconds, _ in runs])
        peak = max(megabytes for _, megabytes in runs)
        rows.append((str(path.relative_to(ROOT)), median, low, high, median / floor, peak))
    return floor, rows


def first_chart(repeats, lesson=ROOT / "lessons" / "ko" / "00_start_here.ipynb", manager=None):
    """Medians, in seconds, of (starting a kernel, ``import kaikit as kk; kk.setup()`` in it, then the lesson's cells
    up to its first chart, ``kk.show``): what a learner waits for before the first lesson shows its first chart.
    ``manager``: the kernel manager class (default: jupyter_client's)."""
    code = [cell for cell in nbformat.read(lesson, as_version=4).cells if cell.cell_type == "code"]
    upto = next(i for i, cell in enumerate(code) if "kk.show(" in cell.source)
    cell = nbformat.v4.new_code_cell
    timed = nbformat.v4.new_notebook(cells=[
        cell("import time\n_marks = [time.perf_counter()]"), code[0], cell("_marks.append(time.perf_counter())"),
        *code[1:upto + 1], cell("print(_marks[1] - _marks[0], time.perf_counter() - _marks[1])")])
    empty = nbformat.v4.new_notebook(cells=[cell("pass")])
    rows = []
    for _ in range(repeats):
        start = time.perf_counter()
        NotebookClient(empty, **kernel_choice(manager)).execute()
        kernel = time.perf_counter() - start
        NotebookClient(timed, resources={"metadata": {"path": str(lesson.parent)}}, **kernel_choice(manager)).execute()
        printed = next(o for o in timed.cells[-1].outputs if o.get("output_type") == "stream")["text"].split()
        rows.append((kernel, float(printed[0]), float(printed[1])))
    return tuple(statistics.median(row[i] for row in rows) for i in range(3))


def setup_cost():
    """(seconds, MB of .venv): ``make lab`` on a fresh clone of the repository (its last commit), from the command to
    JupyterLab answering on 127.0.0.1 — the virtual environment made and the kit installed on the way."""
    import secrets
    import subprocess
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from browser import free_port, stop, wait_for

    with tempfile.TemporaryDirectory() as tmp:
        clone, log = Path(tmp) / "kit", Path(tmp) / "make-lab.log"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        port, token = free_port(), secrets.token_hex(8)
        start = time.perf_counter()
        with open(log, "w") as output:
            process = subprocess.Popen(["make", "-s", "lab", f"PORT={port}",
                                        f"LAB_ARGS=--no-browser --ServerApp.token={token}"], cwd=clone,
                                       stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                                       env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"})
        try:
            wait_for(f"http://127.0.0.1:{port}/api/status?token={token}", process, log, seconds=900)
            seconds = time.perf_counter() - start
        finally:
            stop(process)
        venv = clone / ".venv"
        size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    return seconds, size / 1024 ** 2


WIDGET_CHANGES = {
    "claim_checker": lambda w: [(w.claim, v) for v in ("s001_12", "s004_06", "s000_03", "s001_22")],
    "supercomputer_ranking": lambda w: [(w.metric, v) for v in ("rmax_share_pct", "systems")] +
                                       [(w.countries, v) for v in (5, 12, 8, 15)],
    "index_builder": lambda w: [(w.weights["compute"], v) for v in (0, 3, 5, 1)] +
                               [(w.method, v) for v in ("rank", "zscore", "minmax")],
    "compute_gap": lambda w: ([(w.korea_growth, v) for v in (30, 80, 120, 60)]
                              + [(w.comparator, v) for v in ("USA", "JPN", "CHN")]),
    "model_explorer": lambda w: ([(w.rule, v) for v in ("fractional", "whole")]
                                 + [(w.years, v) for v in ((2018, 2024), (2020, 2025))]),
    "talent_compare": lambda w: ([(w.how, v) for v in ("absolute", "per_capita", "share")]
                                 + [(w.years, v) for v in ((2010, 2022), (2003, 2022))]
                                 + [(w.countries, v) for v in (("USA", "KOR"), ("JPN", "KOR", "TWN", "DEU"))]
                                 + [(w.indicator, v) for v in ("semiconductor_patents", "publications")]),
    "policy_mixer": lambda w: [(w.budget, v) for v in (1.0, 3.5, 6.0)] + [(w.weights["talent"], v) for v in (0, 6, 3)],
    "pipeline_simulator": lambda w: [(w.levers["medical_pull"], v) for v in (0.1, 0.2, 0.4, 0.3)] +
                                    [(w.levers["foreign_inflow"], v) for v in (500, 1500, 200)],
    "rules_timeline": lambda w: [(w.date, v) for v in ("2025-02-28", "2026-01-31", "2027-12-31", "2024-12-31")],
}


def widgets(changes):
    kk.setup(lang="ko")
    rows = []
    for name, plan in WIDGET_CHANGES.items():
        widget = getattr(kk.widgets, name)()
        steps = plan(widget)
        samples = []
        for i in range(changes):
            control, value = steps[i % len(steps)]
            if control.value == value:
                control, value = steps[(i + 1) % len(steps)]
            start = time.perf_counter()
            control.value = value
            samples.append(1000 * (time.perf_counter() - start))
        median, low, high, p95 = median_and_spread(samples)
        rows.append((name, median, p95, high))
    return rows


WIDGET_GOAL = (40, 80)   # ms: median, p95 per update in the kernel
TRIP_CHANGES = 12        # keyboard changes per widget in the browser, its controls in turn


def missed_goals(widget_rows):
    """Say which widgets miss the latency goal, and what their time goes to."""
    missed = [f"{n} (median {m:.0f} ms, p95 {p:.0f} ms)" for n, m, p, _ in widget_rows
              if m >= WIDGET_GOAL[0] or p >= WIDGET_GOAL[1]]
    verdict = "Missing the goal: " + "; ".join(missed) + "." if missed else "Every widget meets the goal."
    return [verdict + " Where the time goes: each chart is an Agg canvas whose static parts (axes, ticks, titles, "
            "legends) are cached and whose data artists are drawn over them (a blit, ~8–15 ms); a change that moves "
            "an axis, a title or a legend redraws the figure, with each text's raster kept from earlier draws "
            "(`kaikit/_text_cache.py`) and titles placed without measuring the tick labels; then the PNG "
            "(~3 ms per chart). Widgets with two or three charts pay that per chart.", ""]


def checking(repeats):
    """Per solution: the first check (which prepares the private course), the median of later checks (which reuse
    it), and executing the notebook; in a home of their own (KAIKIT_HOME), so the first check is a first one."""
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["KAIKIT_HOME"] = home
        for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
            assignment = path.stem
            samples = []
            for _ in range(repeats + 1):
                start = time.perf_counter()
                check_notebook(path, assignment)
                samples.append(time.perf_counter() - start)
            first, later = samples[0], statistics.median(samples[1:])
            floor = statistics.median(run_notebook(path) for _ in range(repeats))
            rows.append((assignment, first, later, floor, later / floor))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--no-setup", action="store_true", help="skip timing `make lab` on a fresh clone")
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--no-browser", action="store_true", help="skip the browser round trips (they need Chromium)")
    args = parser.parse_args(argv)
    floor, notebook_rows = notebooks(args.repeats)
    widget_rows = widgets(args.changes)
    check_rows = checking(args.repeats)
    startup = first_chart(max(3, args.repeats))
    setup = None if args.no_setup else setup_cost()
    trips = None
    if not args.no_browser:
        import round_trips

        trips = round_trips.measure(changes=TRIP_CHANGES)
    lines = [
        "# Benchmarks", "",
        f"Measured {datetime.datetime.now().isoformat(timespec='minutes')} on {platform.platform()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores (`make bench`; medians of {args.repeats} runs, "
        "all ratios from the same run).", "",
        f"## Notebook execution and kernel memory (floor: a notebook that only runs the setup cell, {floor:.1f} s; "
        "goals: within 2× the floor, peak memory under 300 MB)", "",
        "| notebook | median s | min–max s | × floor | peak kernel MB |", "|---|---:|---:|---:|---:|",
        *[f"| {n} | {m:.1f} | {lo:.1f}–{hi:.1f} | {r:.1f} | {mb:.0f} |" for n, m, lo, hi, r, mb in notebook_rows], "",
        f"## Widget latency inside the kernel ({args.changes} changes each, of every control the driver moves; "
        f"goal: median < {WIDGET_GOAL[0]} ms, p95 < {WIDGET_GOAL[1]} ms)", "",
        "| widget | median ms | p95 ms | max ms |", "|---|---:|---:|---:|",
        *[f"| {n} | {m:.0f} | {p:.0f} | {x:.0f} |" for n, m, p, x in widget_rows], "",
        *missed_goals(widget_rows),
        "## Checking my work (full autograde in a private course) against executing the same notebook "
        "(goal: ≤ 1.3×)", "",
        "The first check of an exercise prepares its private course (nbgrader's release into a gradebook) and keeps "
        "it; later checks reuse it until `solutions/` or the kit changes.", "",
        "| assignment | first check s | later checks s | execute s | × (later) |", "|---|---:|---:|---:|---:|",
        *[f"| {n} | {c0:.1f} | {c:.1f} | {f:.1f} | {r:.2f} |" for n, c0, c, f, r in check_rows], "",
        "## Start-up: a new kernel to the first chart (goal: under 3 s in all)", "",
        f"Starting a kernel (an empty notebook): {startup[0]:.1f} s; `import kaikit as kk; kk.setup()` in it: "
        f"{startup[1]:.2f} s; then lesson 00's cells up to its first chart (`kk.show`): {startup[2]:.2f} s "
        f"(medians of {max(3, args.repeats)}). Kernel memory per lesson: the table above (goal: under 300 MB).", "",
        "## Set-up", "",
        ("`make lab` on a fresh clone, from the command to JupyterLab answering (the virtual environment made and "
         f"the kit installed on the way): {setup[0]:.0f} s; `.venv` {setup[1]:.0f} MB." if setup
         else "Not measured in this run (`--no-setup`)."), "",
        "## Browser round trips in JupyterLab and Voila (goal: p95 < 250 ms)", "",
        *(["From the key that changes one of the widget's controls (Chromium, headless, the keyboard as the browser "
           "tests work it) to its new chart decoded and drawn on screen (or, where the change redraws no chart, its "
           f"new text); each widget in the first Korean lesson that shows it, {TRIP_CHANGES} changes (or one per "
           "control where it has more), every control in turn; a change that shows nothing by itself (claim_checker's "
           "verdict, before its answer is revealed) is not timed.",
           "", "| widget | JupyterLab median ms | p95 ms | Voila median ms | p95 ms |", "|---|---:|---:|---:|---:|",
           *[f"| {n} | {w['JupyterLab'][0]:.0f} | {w['JupyterLab'][1]:.0f} | {w['Voila'][0]:.0f} | "
             f"{w['Voila'][1]:.0f} |" for n, w in trips.items()]] if trips
          else ["Not measured in this run (`--no-browser`)."]), "",
        "Grading a class (`kaikit grade --jobs N` against plain nbgrader) is in GRADING.md (`make bench-grading`).", "",
    ]
    import record

    record.write(ROOT / "benchmarks" / "RESULTS.md", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
