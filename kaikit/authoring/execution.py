"""Lessons executed once, for the notebook tests and the course site alike.

``execute`` runs a notebook on a fresh kernel and keeps the widgets' state (so a static page can show their first
view). The executed notebook is cached under ``_build/executed/``, keyed by a hash of what its outputs depend on: the
notebook itself, ``kaikit/`` and ``datasets/``. The notebook tests store each lesson they execute; ``make site``
takes those and executes only the lessons missing or out of date, several at a time.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from .._paths import REPO_ROOT
from ..i18n import message

CACHE_DIR = REPO_ROOT / "_build" / "executed"
INPUT_FOLDERS = ("kaikit", "datasets")   # what a lesson's outputs depend on besides the lesson itself
# ... but for the authoring tools (this module, the site, the course map): a lesson's kernel never imports them
# (tests/unit/test_layers.py), so editing them keeps the cache.
NOT_INPUTS = ("kaikit/authoring",)
TIMEOUT = 300


def execute(path: Path):
    """``path`` run top to bottom on a fresh kernel started in its folder, widget state included. The kernel gets
    this process's environment without ``MPLBACKEND``: a non-interactive backend would keep figures open across
    cells (``plt.show()`` closes them only with the notebook's inline backend)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    environment = {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}
    NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute(env=environment)
    return notebook


@lru_cache(maxsize=1)
def inputs_digest() -> str:
    """One hash of every file under ``INPUT_FOLDERS`` but ``NOT_INPUTS`` (names and contents; byte-code left out)."""
    digest = hashlib.sha256()
    for folder in INPUT_FOLDERS:
        for file in sorted((REPO_ROOT / folder).rglob("*")):
            name = file.relative_to(REPO_ROOT).as_posix()
            if file.is_file() and "__pycache__" not in file.parts and not name.startswith(NOT_INPUTS):
                digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_path(path: Path) -> Path:
    """Where the executed ``path`` is kept: its name, and a hash of it and of its inputs."""
    path = Path(path).resolve()
    key = hashlib.sha256(inputs_digest().encode() + path.read_bytes()).hexdigest()[:16]
    name = path.relative_to(REPO_ROOT).with_suffix("").as_posix().replace("/", "__")
    return CACHE_DIR / f"{name}-{key}.ipynb"


def store(path: Path, notebook) -> Path:
    """Keep an executed ``notebook`` of ``path`` (written whole, then renamed: parallel writers never collide)."""
    import nbformat

    target = cache_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    nbformat.write(notebook, partial)
    os.replace(partial, target)
    return target


def cached(path: Path):
    """The executed ``path`` from the cache, or None when it is missing or out of date."""
    import nbformat

    target = cache_path(path)
    return nbformat.read(target, as_version=4) if target.exists() else None


def _execute_and_store(path: Path) -> Path:
    return store(path, execute(path))


def executed_all(paths, jobs: int = os.cpu_count() or 1) -> dict:
    """Every notebook of ``paths`` executed: from the cache where it is there, the others run ``jobs`` at a time
    (each in its own process and kernel) and stored."""
    paths = [Path(p).resolve() for p in paths]
    missing = [path for path in paths if not cache_path(path).exists()]
    if missing:
        print(message("site_executing", count=len(missing),
                      lessons=", ".join(path.relative_to(REPO_ROOT).as_posix() for path in missing)), flush=True)
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(missing)))) as pool:
            list(pool.map(_execute_and_store, missing))
    return {path: cached(path) for path in paths}
