"""The tests say what they are: each lives in a tier's folder and carries its marker (tests/conftest.py), and the
fast tier — `make test-fast`, the unit tests — holds only tests that need no kernel, server, browser or course."""
import ast
import re
import subprocess
import sys

from kaikit._paths import REPO_ROOT

TESTS = REPO_ROOT / "tests"
TIERS = ("unit", "grading", "notebooks", "e2e", "repo")
# What a unit test may not use: these start kernels, servers, browsers or nbgrader courses.
SLOW_LIBRARIES = ("nbclient", "jupyter_client", "nbgrader", "playwright", "kaikit.grading", "adversarial", "browser")


def collected(*arguments):
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             *arguments], cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode in (0, 5), result.stdout[-3000:] + result.stderr[-3000:]   # 5: nothing selected
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_every_test_file_is_in_a_tier_folder():
    stray = [p.relative_to(TESTS) for p in TESTS.rglob("test_*.py") if p.relative_to(TESTS).parts[0] not in TIERS]
    assert not stray, f"move these into one of tests/{{{','.join(TIERS)}}}/: {stray}"


def test_make_test_fast_selects_the_unit_tier_and_the_learner_library_doctests():
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^test-fast:.*\n\t(.*)$", makefile, re.M).group(1)
    assert "-m unit" in target and "tests/unit" in target, target
    fast = collected("-m", "unit", "tests", "kaikit")
    outside = [node for node in fast if not node.startswith(("tests/unit/", "kaikit/"))
               or node.startswith(("kaikit/grading/", "kaikit/authoring/"))]
    assert not outside, f"marked unit but not in the unit tier: {outside[:5]}"
    files = {node.split("::")[0] for node in fast}
    assert {f"tests/unit/{p.name}" for p in (TESTS / "unit").glob("test_*.py")} <= files
    assert any(node.startswith("kaikit/pipeline.py::") for node in fast), "the library's doctests are unit tests"


def test_the_grading_tier_is_marked_as_such():
    """A negative control for the selection above (which finds no grading test among the unit tests): -m grading
    selects a grading test, so that its absence there is the marker's doing."""
    assert collected("-m", "grading", "tests/grading/test_export.py")


def test_unit_tests_use_no_kernel_server_browser_or_course():
    for path in sorted((TESTS / "unit").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        slow = [name for name in names if name.startswith(SLOW_LIBRARIES)]
        assert not slow, f"{path.name} imports {slow}: it belongs in tests/grading, notebooks or e2e"
        fixtures = {arg.arg for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                    and node.name.startswith("test_") for arg in node.args.args}
        assert "course" not in fixtures, f"{path.name} builds an nbgrader course: it belongs in tests/grading"
