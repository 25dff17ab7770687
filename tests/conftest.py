import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kaikit._paths import REPO_ROOT
from kaikit.i18n import set_language

NOTEBOOK_DIRS = ("lessons", "solutions", "exercises")

# Kernels started by the tests inherit this process's environment: a non-interactive backend there would keep
# figures open across cells (plt.show() closes them only with the notebook's inline backend).
os.environ.pop("MPLBACKEND", None)
# What the kit keeps for a learner (progress, the courses "check my work" reuses) stays out of the real home: one
# folder for the run, made by the first process (xdist's workers inherit it) and removed when that one ends (a test
# that needs a home of its own sets KAIKIT_HOME itself).
if "KAIKIT_HOME" not in os.environ:
    os.environ["KAIKIT_HOME"] = tempfile.mkdtemp(prefix="kaikit-test-home-")
    atexit.register(shutil.rmtree, os.environ["KAIKIT_HOME"], ignore_errors=True)


def notebooks(*folders):
    """The committed notebooks under ``folders`` (relative to the repository root), sorted."""
    return sorted(p for folder in folders for p in (REPO_ROOT / folder).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def assignments():
    return sorted(p.name for p in (REPO_ROOT / "solutions").iterdir() if p.is_dir())


@pytest.fixture(autouse=True)
def korean_by_default():
    """Each test starts (and leaves) the kit in its default language."""
    set_language("ko")
    yield
    set_language("ko")


@pytest.fixture
def course(tmp_path):
    """A private copy of the nbgrader course (config and solutions), so tests never touch grading/."""
    from kaikit.grading.course import Course

    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(REPO_ROOT / "nbgrader_config.py", root)
    shutil.copytree(REPO_ROOT / "solutions", root / "solutions")
    return Course(root)


def repo_path(*parts):
    return Path(REPO_ROOT, *parts)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Fixtures can see whether their test failed (the browser tests then keep a screenshot)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed = report.failed


# The longest xdist groups first, so that neither worker is left with a long group at the end while the other idles
# (`make test` runs `--dist loadgroup --no-loadscope-reorder`: work goes out in this order, not by test count).
LONG_GROUPS_FIRST = ("browser", "regrade", "adversarial-", "jupyterhub", "checking", "notebooks-")


TIERS = ("unit", "grading", "notebooks", "e2e", "repo")


def _tier(item):
    """A test's tier is its folder under tests/; the learner library's doctests are unit tests, the instructor
    toolkit's are grading tests, and those of the helpers beside this file count with the repository's."""
    parts = Path(str(item.fspath)).relative_to(REPO_ROOT).parts
    if parts[0] == "tests" and len(parts) > 2 and parts[1] in TIERS:
        return parts[1]
    if parts[0] == "tests" and len(parts) == 2:     # the doctests of a shared helper such as stated_figures.py
        return "repo"
    if parts[0] == "kaikit":
        return "grading" if parts[1] in ("grading", "authoring") else "unit"
    raise pytest.UsageError(f"{item.nodeid}: a test belongs in one of tests/{{{','.join(TIERS)}}}/")


# The course site's test (tests/notebooks/test_site.py) builds from the lessons the notebook tests executed and
# cached: it goes after the other tiers, long after the notebook groups, and before the unit tier, so that the other
# worker still has the unit tests to run while it builds.
AFTER_THE_NOTEBOOKS = "site"


def _group(item):
    marker = item.get_closest_marker("xdist_group")
    return (marker.args[0] if marker.args else marker.kwargs.get("name", "")) if marker else ""


def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(_tier(item))

    def rank(item):
        return next((i for i, prefix in enumerate(LONG_GROUPS_FIRST) if _group(item).startswith(prefix)),
                    len(LONG_GROUPS_FIRST))

    items.sort(key=rank)   # stable: within a rank, the order of collection
    late = [item for item in items if _group(item) == AFTER_THE_NOTEBOOKS]
    items[:] = [item for item in items if item not in late]
    first_unit = next((i for i, item in enumerate(items) if item.get_closest_marker("unit")), len(items))
    items[first_unit:first_unit] = late
