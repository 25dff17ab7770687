"""Kernels forked from the grading zygote behave as kernels started the usual way, one submission apart from the
next: their own process, directory, environment and random state; interrupts, time limits and deaths seen."""
from __future__ import annotations

import json
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_code_cell, new_notebook

from kaikit.grading import forked_kernels
from kaikit.grading.forked_kernels import ForkedKernelManager, Zygote

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="kernels are forked on Linux only")

REPORT = """
import json, os, sys
import numpy
print(json.dumps({"cwd": os.getcwd(), "mark": os.environ.get("KAIKIT_FORK_MARK"), "pid": os.getpid(),
                  "own_group": os.getpgid(0) == os.getpid(), "kit_loaded": "kaikit" in sys.modules,
                  "stdin": os.readlink("/proc/self/fd/0"), "random": numpy.random.rand(),
                  "defined_before": "left_behind" in globals(), "path_has_cwd": "" in sys.path}))
left_behind = 1
"""


def run(cells, cwd, timeout=60):
    notebook = new_notebook(cells=[new_code_cell(source) for source in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(notebook, timeout=timeout, kernel_manager_class=ForkedKernelManager,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return notebook, client


def report(notebook):
    return json.loads(notebook.cells[0].outputs[0]["text"])


def test_each_kernel_is_a_process_of_its_own_where_and_as_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("KAIKIT_FORK_MARK", "sandbox-7")
    first, second = (report(run([REPORT], tmp_path)[0]) for _ in range(2))
    assert Zygote.process is not None and Zygote.process.poll() is None   # they came from the zygote
    for kernel in (first, second):
        assert kernel["cwd"] == str(tmp_path) and kernel["mark"] == "sandbox-7" and kernel["path_has_cwd"]
        assert kernel["own_group"] and kernel["stdin"] == "/dev/null" and kernel["kit_loaded"]
        assert not kernel["defined_before"]
    assert first["pid"] != second["pid"] and first["random"] != second["random"]


def test_a_cell_past_its_time_limit_is_stopped_and_the_kernel_ended(tmp_path):
    notebook = new_notebook(cells=[new_code_cell("import time\ntime.sleep(60)")])
    client = NotebookClient(notebook, timeout=2, kernel_manager_class=ForkedKernelManager,
                            resources={"metadata": {"path": str(tmp_path)}})
    with pytest.raises(CellTimeoutError):
        client.execute()
    assert client.km is None or not client.km.has_kernel


def test_a_kernel_that_exits_is_seen_dead(tmp_path):
    with pytest.raises(DeadKernelError):
        run(["import os\nos._exit(3)", "print('never')"], tmp_path)


def test_without_a_zygote_kernels_start_the_usual_way(tmp_path, monkeypatch):
    def broken(*arguments):
        raise RuntimeError("the kernel zygote stopped")

    monkeypatch.setattr(forked_kernels.Zygote, "fork", broken)
    kernel = report(run([REPORT], tmp_path)[0])
    assert kernel["cwd"] == str(tmp_path) and not kernel["kit_loaded"]


def test_the_zygote_imports_nothing_from_the_graders_directory(tmp_path, monkeypatch):
    (tmp_path / "kaikit.py").write_text("raise SystemExit('imported from the working directory')")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(Zygote, "process", None)
    notebook = nbformat.v4.new_notebook(cells=[new_code_cell("import kaikit\nprint(kaikit.__file__)")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(notebook, timeout=60, kernel_manager_class=ForkedKernelManager,
                   resources={"metadata": {"path": str(tmp_path.parent)}}).execute()
    assert "kaikit/__init__.py" in notebook.cells[0].outputs[0]["text"]
    assert Zygote.process is not None and Zygote.process.poll() is None   # it started, with the kit's own files
    Zygote.process.kill()
