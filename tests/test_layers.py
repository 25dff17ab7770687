"""The library is layered: pure computing modules at the bottom, widgets on top, nothing imports upward."""
import ast

import pytest

from kaikit.paths import REPO_ROOT

PACKAGE = REPO_ROOT / "kaikit"
# Modules that compute: no plotting, no widgets, no printing.
PURE = ["i18n", "paths", "data", "rankings"]
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
    assert "print(" not in path.read_text(encoding="utf-8")


def test_only_widgets_import_ipywidgets():
    for path in PACKAGE.rglob("*.py"):
        if "widgets" in path.relative_to(PACKAGE).parts:
            continue
        for name in imported_modules(path):
            assert not name.startswith(("ipywidgets", ".widgets")), f"{path.name} imports {name}"
