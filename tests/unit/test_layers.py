"""The folders carry the architecture: the learner's library is ``kaikit`` (what ``import kaikit`` loads: data,
models, charts, widgets, messages); the instructor's toolkit is ``kaikit.grading`` (nbgrader, sandboxes, the engine of
"check my work") and ``kaikit.authoring`` (the course map). The learner's side never imports the instructor's, but
for one door: ``kk.check`` imports the checking engine when a learner asks for a check. Inside the learner's library,
pure computing modules sit below the views: nothing imports upward."""
import ast
import os
import socket
import subprocess
import sys

import pytest

from kaikit._paths import REPO_ROOT

PACKAGE = REPO_ROOT / "kaikit"
INSTRUCTOR = ("kaikit.grading", "kaikit.authoring")
PACKAGES = {"kaikit", "kaikit.widgets", "kaikit.i18n", *INSTRUCTOR}
# (learner module, instructor module it may import inside a function): the one door, and `python -m kaikit`, which is
# the `kaikit` command (run in a terminal, never in a lesson's kernel).
DOORS = {("kaikit.self_check", "kaikit.grading.checking"), ("kaikit.__main__", "kaikit.grading.cli")}
INSTRUCTOR_LIBRARIES = {"nbgrader", "nbformat", "nbclient", "jupyter_client", "psutil", "sqlalchemy"}
# Modules that compute: no plotting, no widgets, no printing.
PURE = ["kaikit.i18n", "kaikit._paths", "kaikit._validate", "kaikit.data", "kaikit.rankings",
        "kaikit.grading.integrity", "kaikit.grading.submission", "kaikit.grading.feedback"]
VIEW_LIBRARIES = {"ipywidgets", "matplotlib", "seaborn", "IPython"}


def module_name(path):
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules():
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path):
    """(absolute module name, at module level?) of every import in ``path``, relative ones resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, id(node) in top_level) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            if node.module is None:        # from . import x: each name is a module of the package
                yield from ((f"{module}.{alias.name}", id(node) in top_level) for alias in node.names)
            else:
                yield module, id(node) in top_level


def is_instructor(name):
    return name.startswith(INSTRUCTOR)


def test_the_packages_are_the_learners_library_and_the_instructors_toolkit():
    found = {module_name(path) for path in PACKAGE.rglob("__init__.py")}
    assert found == PACKAGES, "a new package belongs to one side: add it here and to the README's 'What is where'"


def test_the_learners_library_never_imports_the_instructors_toolkit_but_through_the_one_door():
    for name, path in modules().items():
        if is_instructor(name):
            continue
        for imported, top_level in imports(path):
            root = imported.split(".")[0]
            assert root not in INSTRUCTOR_LIBRARIES, f"{name} imports {imported}: that belongs in kaikit.grading"
            if is_instructor(imported):
                assert (name, imported) in DOORS and not top_level, f"{name} imports {imported}"


def test_the_one_door_is_real():
    """The allowed crossing exists (else the rule above would guard nothing)."""
    crossings = {(name, imported) for name, path in modules().items() if not is_instructor(name)
                 for imported, _ in imports(path) if is_instructor(imported)}
    assert crossings == DOORS


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_no_view_library_and_do_not_print(module):
    path = modules()[module]
    for name, _ in imports(path):
        assert name.split(".")[0] not in VIEW_LIBRARIES, f"{module} imports {name}"
        assert "widgets" not in name, f"{module} imports {name}"
    calls = [node.func.id for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]
    assert "print" not in calls, f"{module} prints"


def test_only_widgets_import_ipywidgets():
    for name, path in modules().items():
        if name.startswith("kaikit.widgets"):
            continue
        for imported, _ in imports(path):
            assert not imported.startswith(("ipywidgets", "kaikit.widgets")), f"{name} imports {imported}"


def test_importing_the_kit_and_its_widgets_leaves_the_instructors_toolkit_alone():
    """`import kaikit` runs in every lesson's kernel: nbgrader and nbformat (whose schema validator alone costs about
    two seconds) and the grading package load only when grading or checking asks for them."""
    loaded = subprocess.run([sys.executable, "-c", "import sys, kaikit, kaikit.widgets; "
                             "print(' '.join(sorted(sys.modules)))"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert not {"nbformat", "nbgrader", "jsonschema", "nbclient"} & set(loaded)
    assert not [name for name in loaded if is_instructor(name)]


def test_kaikit_lab_starts_jupyterlab_without_the_grading_machinery(tmp_path):
    """`kaikit lab` is the `kaikit` command, whose home is the instructor's CLI: by the time it hands over to
    JupyterLab (whose start is stopped there), nothing of nbgrader or of the grading machinery has been imported.
    (JupyterLab's own server imports nbformat, as `jupyter lab` does.)"""
    probe = ("import sys, jupyterlab.labapp as lab\n"
             "def launch(cls, argv): print(' '.join(sorted(sys.modules))); print('ARGV', *argv)\n"
             "lab.LabApp.launch_instance = classmethod(launch)\n"
             "from kaikit.__main__ import run\n"
             "sys.argv = ['kaikit', 'lab', '--no-browser', '--port', sys.argv[1], '--ServerApp.token=x']\n"
             "sys.exit(run())\n")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = str(free.getsockname()[1])
    result = subprocess.run([sys.executable, "-c", probe, port], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "JUPYTERLAB_DIR": str(tmp_path / "app")})
    assert result.returncode == 0, result.stderr
    loaded, argv = result.stdout.splitlines()[-2:]
    assert not [name for name in loaded.split() if name.split(".")[0] == "nbgrader"]
    assert [name for name in loaded.split() if is_instructor(name)] == ["kaikit.grading", "kaikit.grading.cli"]
    assert f"--ServerApp.port={port}" in argv and argv.endswith("--ServerApp.token=x")
    assert (tmp_path / "app" / "settings" / "overrides.d" / "kaikit.json").is_file()


def test_the_import_resolver_sees_relative_imports():
    """A negative control for the rules above: the resolver must see ``from .grading.checking import ...`` in
    self_check as an import of kaikit.grading.checking, and ``from .. import policy`` in a widget as kaikit.policy."""
    assert ("kaikit.grading.checking", False) in set(imports(PACKAGE / "self_check.py"))
    assert ("kaikit.policy", True) in set(imports(PACKAGE / "widgets" / "policy_mixer.py"))


def test_every_relative_import_names_a_real_module():
    """Function-level imports are not checked by a linter: a module moved without them would fail only when used."""
    import importlib

    broken = []
    for name, path in modules().items():
        for imported, _ in imports(path):
            if imported.startswith("kaikit"):
                try:
                    importlib.import_module(imported)
                except ModuleNotFoundError as error:
                    broken.append(f"{name}: {imported} ({error})")
    assert not broken, broken
