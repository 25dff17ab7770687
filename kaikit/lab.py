"""JupyterLab on a learner's own computer: ``kaikit lab`` (or ``python -m kaikit lab``; ``make lab`` calls it).

It serves the kit's folder on 127.0.0.1 only, opens the first lesson, and first writes the kit's JupyterLab settings
into this Python environment (where a venv's, a conda environment's or a hub's JupyterLab reads them): no "Would you
like to receive official Jupyter news?" prompt, and menus in the lesson's language. The functions here only compute;
``kaikit.grading.cli`` runs them. Nothing here imports nbgrader: ``kaikit lab`` starts as fast as ``jupyter lab``.

>>> lab_settings("ko")["@jupyterlab/translation-extension:plugin"]
{'locale': 'ko_KR'}
>>> from kaikit._paths import REPO_ROOT
>>> lab_arguments(REPO_ROOT, first_lesson("en"), 8888)[:2]
['--ServerApp.ip=127.0.0.1', '--ServerApp.port=8888']
"""
from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path, PurePosixPath

from .i18n import LANGUAGES, did_you_mean, message

DEFAULT_PORT = 8888
# The kit's JupyterLab settings (defaults a learner can still change in Settings): `kaikit lab` writes them, and so
# do a hub's user environment (deploy/jupyterhub/setup-course.sh) and Binder (postBuild), through
# `kaikit lab --settings-only`. JupyterLab reads every file in <app dir>/settings/overrides.d/ ("namespaced by
# package", in jupyterlab_server's words), then overrides.json, which stays the administrator's own.
QUIET = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}
LOCALES = {"ko": "ko_KR", "en": "en"}   # ko_KR: the jupyterlab-language-pack-ko-KR dependency
SETTINGS_FILE = PurePosixPath("settings", "overrides.d", "kaikit.json")


class LabProblem(Exception):
    """Why JupyterLab cannot start, in words for the learner (the current language)."""


def first_lesson(language: str) -> str:
    """The first lesson in ``language``, relative to the kit's folder.

    >>> first_lesson("ko")
    'lessons/ko/00_start_here.ipynb'
    """
    return f"lessons/{language}/00_start_here.ipynb"


def lesson_language(notebook: str | None) -> str | None:
    """The language of a notebook in ``lessons/<language>/`` (so that the menus match it), else None.

    >>> lesson_language("lessons/en/03_models.ipynb"), lesson_language("exercises/ex00_start/ex00_start.ipynb")
    ('en', None)
    """
    parts = PurePosixPath(str(notebook or "").replace("\\", "/")).parts
    return parts[1] if len(parts) > 2 and parts[0] == "lessons" and parts[1] in LANGUAGES else None


def lab_settings(language: str) -> dict:
    """The kit's JupyterLab settings for learners working in ``language``: no news prompt, menus in that language.

    >>> lab_settings("en")["@jupyterlab/apputils-extension:notification"]
    {'fetchNews': 'false'}
    """
    return {**QUIET, "@jupyterlab/translation-extension:plugin": {"locale": LOCALES[language]}}


def settings_path(app_dir: str | Path) -> Path:
    """Where the kit's settings go in JupyterLab's application directory (``jupyter lab path``: in a venv or a conda
    environment, ``<environment>/share/jupyter/lab``)."""
    return Path(app_dir, SETTINGS_FILE)


def write_settings(app_dir: str | Path, language: str) -> Path:
    """Write :func:`lab_settings` into ``app_dir`` (unless it is there already) and return the file; OSError if the
    folder cannot be written. The file is replaced whole, so a JupyterLab starting meanwhile never reads half of it."""
    path = settings_path(app_dir)
    text = json.dumps(lab_settings(language), indent=2) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    draft.write_text(text, encoding="utf-8")
    os.replace(draft, path)
    return path


def port_number(text: str) -> int:
    """A port given on the command line; ValueError with the reason otherwise.

    >>> port_number("9999")
    9999
    """
    if not str(text).isdigit() or not 1 <= int(text) <= 65535:
        raise ValueError(message("lab_bad_port", port=text))
    return int(text)


def student_id(text: str) -> str:
    """A student id given with ``--student`` (the id the instructor grades under, nbgrader's), for per-student cases
    on a laptop; ValueError with the reason if it could not be one (a folder name in nbgrader's ``submitted/``).

    >>> student_id(" s001 "), student_id("김민지")
    ('s001', '김민지')
    """
    text = str(text).strip()
    if not re.fullmatch(r"[\w.@-]{1,64}", text) or text.startswith("."):
        raise ValueError(message("lab_bad_student", student=text))
    return text


def port_is_free(port: int) -> bool:
    """Whether JupyterLab could listen on 127.0.0.1:``port`` (bound as Jupyter's server binds: with SO_REUSEADDR,
    except on Windows, where that option would let two servers share a port)."""
    with socket.socket() as probe:
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_after(port: int) -> int | None:
    """The first port after ``port`` that is free, to suggest one (None if none of the next 50 is)."""
    return next((p for p in range(port + 1, min(port + 51, 65536)) if port_is_free(p)), None)


def split_arguments(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(the kit's arguments, Jupyter's own) of a ``kaikit lab`` command line. Jupyter's are its configuration options
    (``--ServerApp.token=abc`` or ``--ServerApp.token abc``) and everything after ``--``; they are passed on as they
    are.

    >>> split_arguments(["lab", "--ServerApp.token", "abc", "--port", "9999", "--", "--debug"])
    (['lab', '--port', '9999'], ['--ServerApp.token', 'abc', '--debug'])
    """
    ours, jupyters = [], []
    rest = list(arguments)
    while rest:
        word = rest.pop(0)
        if word == "--":
            jupyters += rest
            break
        if word.startswith("--") and "." in word.split("=")[0]:
            jupyters.append(word)
            if "=" not in word and rest and not rest[0].startswith("-"):
                jupyters.append(rest.pop(0))
        else:
            ours.append(word)
    return ours, jupyters


def unknown_option(word: str, options: list[str]) -> str:
    """What to tell a learner who wrote an option ``kaikit lab`` does not know.

    >>> from kaikit.i18n import in_language
    >>> in_language("en", unknown_option, "--prot", ["--port", "--lang"]).split("; ")[-1]
    "write Jupyter's own options as --ServerApp.token=abc. Did you mean '--port'?"
    """
    return message("lab_unknown_option", option=word, example="--ServerApp.token=abc") + did_you_mean(word, options)


# Jupyter's short options for settings the kit gives (jupyter_server's aliases).
ALIASES = {"ip": "ServerApp.ip", "port": "ServerApp.port", "port-retries": "ServerApp.port_retries",
           "notebook-dir": "ServerApp.root_dir"}


def _setting(option: str) -> str:
    """The setting a Jupyter option names: ``--ServerApp.port=1`` and ``--port 1`` both name ServerApp.port."""
    name = option.lstrip("-").split("=")[0]
    return ALIASES.get(name, name)


def lab_arguments(root: str | Path, notebook: str, port: int, open_browser: bool = True,
                  extra: list[str] = (), as_root: bool | None = None) -> list[str]:
    """JupyterLab's command line (after ``jupyter lab``) serving ``root`` on 127.0.0.1:``port`` and opening
    ``notebook`` (relative to ``root``), then ``extra``: Jupyter's own options, which replace the kit's for the same
    setting (Jupyter refuses a setting given twice). LabProblem when the notebook is not there.

    >>> from kaikit._paths import REPO_ROOT
    >>> lab_arguments(REPO_ROOT, "lessons/ko/00_start_here.ipynb", 9999, open_browser=False, as_root=False)[-2:]
    ['--LabApp.default_url=/lab/tree/lessons/ko/00_start_here.ipynb', '--no-browser']
    """
    root = Path(root)
    notebook = PurePosixPath(str(notebook).replace("\\", "/")).as_posix()
    if not (root / "lessons").is_dir():
        raise LabProblem(message("lab_no_lessons", root=root))
    if not (root / notebook).is_file():
        near = [p.relative_to(root).as_posix() for p in (root / "lessons").rglob("*.ipynb")]
        raise LabProblem(message("lab_no_notebook", notebook=notebook, root=root) + did_you_mean(notebook, near))
    if as_root is None:
        as_root = hasattr(os, "geteuid") and os.geteuid() == 0   # Jupyter refuses root (containers, CI) unless told
    kits = ["--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={root}", f"--LabApp.default_url=/lab/tree/{notebook}"]
    given = {_setting(word) for word in extra if word.startswith("-")}
    return ([word for word in kits if _setting(word) not in given]
            + ([] if open_browser else ["--no-browser"]) + (["--allow-root"] if as_root else []) + list(extra))
