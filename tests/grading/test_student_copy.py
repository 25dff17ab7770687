""""Check my work" in the students' copy of the kit: the kit without solutions/, as `git rm -r solutions` or the
JupyterHub recipe (`setup-course.sh`, `--exclude=./solutions`) makes it, with `kaikit` imported from that copy.

There only the visible tests can run. A check must never start another check (the last cell of every exercise is
`kk.check(...)`), must run one kernel at a time and leave none behind, and must never count a part with hidden tests as
passed."""
import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid

import nbformat
import psutil
import pytest

from kaikit import self_check
from kaikit._paths import REPO_ROOT
from kaikit.grading import checking
from kaikit.grading.feedback import (
    delimiters,
    has_hidden_tests,
    hidden_failure,
    safe_error,
    visible_part,
)

pytestmark = pytest.mark.xdist_group("checking")  # kernels are counted: not while another check runs here

ASSIGNMENT = "ex03_models"
MISTAKES = REPO_ROOT / "tests" / "fixtures" / f"{ASSIGNMENT}_typical_mistakes.ipynb"
RUN = "KAIKIT_TEST_RUN"   # carried by every process a test starts (kernels inherit it), even when orphaned


@pytest.fixture(scope="module")
def student_copy(tmp_path_factory):
    """The kit as students get it: what `import kaikit` needs, no solutions/; a learner's ex03 in work/."""
    copy = tmp_path_factory.mktemp("students") / "kit"
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for name in ["kaikit", "exercises", "datasets"]:
        shutil.copytree(REPO_ROOT / name, copy / name, ignore=ignore)
    for name in ["nbgrader_config.py", "pyproject.toml"]:
        shutil.copy(REPO_ROOT / name, copy / name)
    (copy / "work").mkdir()
    shutil.copy(MISTAKES, copy / "work" / f"{ASSIGNMENT}.ipynb")
    assert not (copy / "solutions").exists()
    return copy


@pytest.fixture
def run_id(tmp_path, monkeypatch):
    """A mark for the processes this test starts; kaikit's progress file kept in tmp_path."""
    monkeypatch.setenv("KAIKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv(RUN, uuid.uuid4().hex)
    for name in ["NBGRADER_EXECUTION", self_check.KERNEL_GUARD, "JPY_SESSION_NAME"]:
        monkeypatch.delenv(name, raising=False)
    return os.environ[RUN], time.time()


def kernels(run_id):
    """ipykernel processes of this test: children of this process, and any started since the test began that carry
    its mark (others may be running kernels on this machine; a kernel whose parent died still counts)."""
    mark, began = run_id
    mine, found = {p.pid for p in psutil.Process().children(recursive=True)}, set()
    for process in psutil.process_iter(["cmdline", "create_time"]):
        with contextlib.suppress(psutil.Error):
            if "ipykernel_launcher" in " ".join(process.info["cmdline"] or []) and (
                    process.pid in mine or process.info["create_time"] >= began - 1
                    and process.environ().get(RUN) == mark):
                found.add(process.pid)
    return found


@contextlib.contextmanager
def counting_kernels(run_id):
    """Yields a dict whose "most" is the largest number of this test's extra kernels seen at once (sampled every
    0.2 s), and checks at the end that they all went away."""
    before, seen, done = kernels(run_id), {"most": 0}, threading.Event()

    def sample():
        while not done.wait(0.2):
            seen["most"] = max(seen["most"], len(kernels(run_id) - before))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield seen
    finally:
        done.set()
        sampler.join()
    deadline = time.monotonic() + 15
    while kernels(run_id) - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not kernels(run_id) - before, "kernels left running after the check"


def student_environment(copy):
    return {**os.environ, "PYTHONPATH": str(copy)}


def test_the_copy_imports_its_own_kaikit(student_copy):
    found = subprocess.run([sys.executable, "-c", "import kaikit._paths as p; print(p.REPO_ROOT)"], cwd=student_copy,
                           env=student_environment(student_copy), capture_output=True, text=True, check=True)
    assert found.stdout.strip() == str(student_copy)


def test_the_command_line_check_runs_one_kernel_and_counts_no_hidden_part(student_copy, run_id):
    with counting_kernels(run_id) as seen:
        run = subprocess.run([sys.executable, "-m", "kaikit.grading.cli", "--lang", "en", "check",
                              f"work/{ASSIGNMENT}.ipynb"], cwd=student_copy, env=student_environment(student_copy),
                             capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert seen["most"] <= 1, f"{seen['most']} kernels at once"
    assert "IPKernelApp" not in run.stdout + run.stderr and "Traceback" not in run.stderr, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("  Part")]
    hidden = [line for line in rows if "(with hidden tests)" in line]
    assert len(rows) == 12 and len(hidden) == 7, run.stdout   # ex03: Parts 1-7, Part 7 with two hidden cells
    assert all("passed" not in line for line in hidden), run.stdout
    assert "not checked here" in hidden[0] and "Hidden tests run when your instructor grades." in hidden[0]
    assert "solutions/" in run.stdout   # it says why only the visible tests ran
    assert "Checked here: 3 / 4 points; 8 points with hidden tests are checked when your instructor grades" \
        in run.stdout.splitlines()[-1]


def test_kk_check_in_a_kernel_of_the_student_copy_returns_a_report(student_copy, run_id, capfd):
    from nbclient import NotebookClient
    from traitlets.config import Config

    folder = student_copy / "work"
    notebook = nbformat.read(folder / f"{ASSIGNMENT}.ipynb", as_version=4)
    assert notebook.cells[-1].source.endswith(f'kk.check("{ASSIGNMENT}")')
    config, arguments = checking._kernel_settings()  # the test's own kernel is as quiet as the check's
    client = NotebookClient(notebook, kernel_name="python3", timeout=600, allow_errors=True, config=Config(config),
                            extra_arguments=arguments, resources={"metadata": {"path": str(folder)}})
    with counting_kernels(run_id) as seen:
        client.execute(env=student_environment(student_copy))
    assert seen["most"] <= 2, f"{seen['most']} kernels at once (the notebook's and one check's at most)"
    shown = "".join(o.get("data", {}).get("text/html", "") for o in notebook.cells[-1].outputs)
    assert "kaikit-check" in shown and "solutions/" in shown, notebook.cells[-1].outputs
    assert "여기서는 확인하지 않음" in shown and "숨겨진 테스트는 강사가 채점할 때 실행됩니다." in shown
    assert "여기서 확인한 부분: 3 / 4점 · 숨겨진 테스트가 있는 8점은 강사가 채점할 때 확인됩니다" in shown
    assert "without encryption" not in capfd.readouterr().err


def small_exercise(answer):
    """A one-part ex03 notebook: ``answer`` in Part 1's answer cell, its visible test after it."""
    released = nbformat.read(REPO_ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    keep = {"notable_fractional", "test_notable_fractional"}
    cells = [c for c in released.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") in keep]
    cells[0].source = answer
    cells[1].source = "assert korea_notable_fractional == 1.0"
    released.cells = cells + [released.cells[-1]]   # and the check cell, which must not run
    return released


SLEEPER = ("import subprocess, sys, time\n"
           "sleeper = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
           "open({pid_file!r}, 'w').write(str(sleeper.pid))\n")


def started_sleeper(pid_file):
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return int(pid_file.read_text())


def gone(pid):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("ending", ["timeout", "error", "interrupt"])
def test_the_kernel_and_what_it_started_are_killed_however_the_check_ends(ending, tmp_path, run_id, monkeypatch):
    import _thread

    pid_file = tmp_path / "sleeper.pid"
    answer = SLEEPER.format(pid_file=str(pid_file)) + \
        ("" if ending == "error" else "time.sleep(600)\n") + "korea_notable_fractional = 1.0\n"
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    nbformat.write(small_exercise(answer), path)
    monkeypatch.setattr(checking, "CELL_TIMEOUT", 5 if ending == "timeout" else 120)
    if ending == "error":
        def broken_hook(cell, **_):
            if pid_file.exists():
                raise RuntimeError("the check broke")
        monkeypatch.setattr(checking, "_keep_timeout", broken_hook)
    if ending == "interrupt":   # Ctrl+C once the learner's code has started its process
        threading.Thread(target=lambda: (started_sleeper(pid_file), _thread.interrupt_main()), daemon=True).start()
    expected = {"timeout": contextlib.nullcontext(), "error": pytest.raises(RuntimeError, match="the check broke"),
                "interrupt": pytest.raises(KeyboardInterrupt)}[ending]
    with counting_kernels(run_id) as seen, expected:
        result = checking.check_notebook(path, ASSIGNMENT, solutions_dir=tmp_path / "no_solutions")
    assert seen["most"] <= 1
    assert gone(started_sleeper(pid_file)), "a process the learner's code started is still running"
    if ending == "timeout":
        part = result.parts[0]
        assert part.status == "failed" and part.label == "문제 1", part
        assert part.message.startswith("문제 1의 답 셀에서 오류가 났습니다") and "끝나지 않았습니다" in part.message


def test_a_kernel_a_check_started_does_not_check(monkeypatch):

    monkeypatch.setenv(self_check.KERNEL_GUARD, "1")
    monkeypatch.setattr(checking, "check_notebook", lambda *a, **k: pytest.fail("a check inside a check"))
    assert self_check.check(ASSIGNMENT) is None


def test_check_cells_are_dropped_before_the_notebook_runs():
    notebook = nbformat.read(MISTAKES, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import kaikit as kk\nkk.progress()"))
    kept = checking._without_check_cells(notebook)
    calls = ("kk.check(", "kk.progress(")
    assert not [c for c in kept.cells if c.cell_type == "code" and any(call in c.source for call in calls)]
    assert [c for c in kept.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")], "graded cells stay"


# --- which released test cells had hidden tests -----------------------------------------------------------------

def test_release_marks_the_test_cells_that_had_hidden_tests(course):
    course.release(ASSIGNMENT)
    source = nbformat.read(course.source_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    released = nbformat.read(course.release_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    had = {c.metadata.nbgrader["grade_id"] for c in source.cells if "BEGIN HIDDEN TESTS" in c.source}
    marked = {c.metadata.nbgrader["grade_id"] for c in released.cells
              if c.get("metadata", {}).get("kaikit", {}).get("hidden_tests")}
    assert marked == had and "test_open_share" in marked and "test_count_models" not in marked
    committed = nbformat.read(REPO_ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    assert checking.read_exercise(committed).hidden == had, "run `make release`"


# --- feedback: nbgrader's delimiters, and the words for a failed hidden test -------------------------------------

def test_hidden_regions_are_found_with_any_comment_prefix_and_the_configured_delimiters():
    from traitlets.config import Config

    source = "assert x == 1, \"visible\"\n# BEGIN HIDDEN TESTS\nassert x == secret_value\n# END HIDDEN TESTS\n"
    shown = visible_part(source)
    assert "secret_value" not in shown and "BEGIN HIDDEN" not in shown and "visible" in shown
    assert has_hidden_tests(source) and not has_hidden_tests("assert x == 1")
    config = Config({"ClearHiddenTests": {"begin_test_delimeter": "SECRET BEGINS",
                                          "end_test_delimeter": "SECRET ENDS"}})
    assert delimiters(config) == ("SECRET BEGINS", "SECRET ENDS")
    custom = "assert x\n## SECRET BEGINS\nassert y == secret_value\n## SECRET ENDS\n"
    assert "secret_value" not in visible_part(custom, config) and has_hidden_tests(custom, config)
    assert "secret_value" not in visible_part("assert x\n### BEGIN HIDDEN TESTS\nassert secret_value\n"), \
        "a region left open hides the rest of the cell"


def test_a_hidden_failure_speaks_of_other_inputs_only_for_a_function(tmp_path):
    """Real error outputs from a kernel: a hidden test calling the learner's function, one comparing a value."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in [
        "def count(values):\n    return 0", "import math\nassert math.isclose(count([1, 2]), 2)",
        "share = 50.0", "import math\nassert math.isclose(share, 0.5)"]])
    checking._execute(notebook, tmp_path)
    function_error, value_error = (next(o for o in notebook.cells[i].outputs if o.output_type == "error")
                                   for i in (1, 3))
    assert safe_error(dict(function_error), "")["evalue"] == hidden_failure("function")
    assert safe_error(dict(value_error), "")["evalue"] == hidden_failure()
    assert "other inputs" in hidden_failure("function") and "other inputs" not in hidden_failure("value")
    assert "other inputs" not in hidden_failure() and "other inputs" not in hidden_failure("chart")
