"""Kernels for grading, forked from a process that has already imported Python's kernel and the kit.

Starting a kernel and importing the kit took more than half of grading one submission (a new Python, ipykernel,
pandas, matplotlib, seaborn: ~1.8 s on 2 cores). ``kaikit grade``'s workers start their kernels here instead: one
*zygote* process per worker imports all of that once and waits; each kernel is a fork of it, a fresh process with
nothing of any other submission in it, which starts the kernel application at once. The kernel behaves as one
started by ``python -m ipykernel_launcher -f <connection file>``: its own session and process group (so
interrupts and kills reach what it starts), the working directory and environment nbclient asks for, standard
input from ``/dev/null``. Kernels of any other kernel spec start as usual.

nbgrader takes it through its configuration: ``ExecutePreprocessor.kernel_manager_class`` (see
``sandbox_worker.py``).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

__all__ = ["ForkedKernelManager", "ForkedProvisioner"]

LAUNCHER = ["-m", "ipykernel_launcher"]   # the python3 kernel spec's command, after the interpreter
PRELOADED = ("ipykernel.kernelapp", "matplotlib_inline.backend_inline", "kaikit")
# The zygote's command: the working directory off sys.path first (``python -m`` would import from it before any line
# of this module ran).
ZYGOTE = "import sys; del sys.path[0]; from kaikit.grading.forked_kernels import main; main()"


# --- the zygote (a process of its own, started by ``Zygote.start``) --------------------------------------------

def _start_kernel(request: dict, replies) -> None:
    """In a fork of the zygote: become the kernel ``request`` asks for; never returns."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        replies.close()
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # the kernel watches its parent, the zygote, and ends if it does
        sys.argv = ["ipykernel_launcher", *request["arguments"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        if "numpy" in sys.modules:   # a random state of its own, as a new process would have
            sys.modules["numpy"].random.seed()
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()   # puts the working directory on sys.path, as the launcher does
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else int(done.code is not None)
    finally:
        import atexit

        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve(requests, replies) -> None:
    """Import what every kernel needs, then fork one kernel per request line (JSON: arguments, cwd, env), answering
    each with its process id."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")   # as ipykernel sets it
    import importlib

    for module in PRELOADED:
        importlib.import_module(module)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # the kernels that end are reaped at once
    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _start_kernel(request, replies)
        replies.write(json.dumps({"pid": pid}) + "\n")
        replies.flush()


# --- in the process that grades ----------------------------------------------------------------------------------

class Zygote:
    """This process's zygote: started by ``start`` (a grading worker calls it as it starts) or by the first ``fork``."""

    process = None

    @classmethod
    def start(cls) -> None:
        """Start the zygote (if it is not running) and wait until it has imported everything."""
        if cls.process is None or cls.process.poll() is not None:
            cls.process = subprocess.Popen(
                [sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, text=True, start_new_session=True)
            cls._answer()

    @classmethod
    def fork(cls, arguments: list[str], cwd: str, env: dict) -> int:
        """A new kernel's process id: ``python -m ipykernel_launcher <arguments>`` in ``cwd`` with ``env``."""
        cls.start()
        cls.process.stdin.write(json.dumps({"arguments": arguments, "cwd": cwd, "env": env}) + "\n")
        cls.process.stdin.flush()
        return cls._answer()["pid"]

    @classmethod
    def _answer(cls) -> dict:
        line = cls.process.stdout.readline()
        if not line:
            cls.process = None
            raise RuntimeError("the kernel zygote stopped")
        return json.loads(line)


class ForkedKernel:
    """What ``LocalProvisioner`` needs of a ``Popen``, for a kernel that is the zygote's child, not ours."""

    stdin = stdout = stderr = None
    returncode = None

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            self.returncode = 0   # gone (the zygote does not keep exit codes)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedProvisioner(LocalProvisioner):
    """Launches the python3 kernel as a fork of the zygote; any other command as ``LocalProvisioner`` does."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if cmd[0] != sys.executable or cmd[1:3] != LAUNCHER:
            return await super().launch_kernel(cmd, **kwargs)
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            self.pid = self.pgid = Zygote.fork(cmd[3:], cwd, {k: str(v) for k, v in env.items()})
        except (OSError, RuntimeError, ValueError):   # no zygote: a kernel started the usual way
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(self.pid)
        self.cwd = cwd
        return self.connection_info


class ForkedKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, with kernels from the zygote."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = ForkedProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


def main() -> None:
    """The zygote's process: answers go to a duplicate of stdout; what a kernel or an import prints, to stderr."""
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    serve(sys.stdin, answers)
