"""The library is layered: pure computing modules at the bottom, widgets on top, nothing imports upward."""
import ast

import pytest

from kaikit.paths import REPO_ROOT

PACKAGE = REPO_ROOT / "kaikit"
# Modules that compute: no plotting, no widgets, no printing.
PURE = ["i18n", "paths", "data", "rankings", "integrity", "submission", "feedback"]
VIEW_LIBRARIES = {"ipywidgets", "matplotlib", "seaborn", "IPython"}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield ("." * node.level) + (node.module or "")


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_no_view_library_and_do_not_print(module):
    path = PACKAGE / f"{module}.py"
    for name in imported_modules(path):
        assert name.split(".")[0] not in VIEW_LIBRARIES, f"{module} imports {name}"
        assert "widgets" not in name, f"{module} imports {name}"
    calls = [node.func.id for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]
    assert "print" not in calls, f"{module} prints"


def test_only_widgets_import_ipywidgets():
    for path in PACKAGE.rglob("*.py"):
        if "widgets" in path.relative_to(PACKAGE).parts:
            continue
        for name in imported_modules(path):
            assert not name.startswith(("ipywidgets", ".widgets")), f"{path.name} imports {name}"


def test_importing_the_kit_leaves_grading_libraries_alone():
    """`import kaikit` runs in every lesson's kernel: nbgrader and nbformat (whose schema validator alone costs about
    two seconds) load only when grading or checking asks for them."""
    import subprocess
    import sys

    loaded = subprocess.run([sys.executable, "-c", "import sys, kaikit; print(' '.join(sorted(sys.modules)))"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert not {"nbformat", "nbgrader", "jsonschema", "nbclient"} & set(loaded)
