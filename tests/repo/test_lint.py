"""The code passes ruff (pyproject.toml's [tool.ruff]: pycodestyle errors and warnings, pyflakes, import order)."""
import importlib.util
import subprocess
import sys

import pytest

from kaikit._paths import REPO_ROOT

LINTED = ("kaikit", "tests", "benchmarks", "datasets", "deploy")
# Folders another change owns and was editing while ruff came in: their findings are fixed there, after both are merged.
# Remove a line once its folder is clean (the second test says when).
AWAITING_ANOTHER_CHANGE = {
    "kaikit/grading": "the instructor's toolkit (long lines, import order)",
    "kaikit/authoring": "the course map (long lines, import order, a variable named l)",
    "kaikit/i18n": "the messages (long lines)",
    "tests/grading": "the grading tier's tests (long lines)",
}

needs_ruff = pytest.mark.skipif(importlib.util.find_spec("ruff") is None,
                                reason="ruff is not installed: pip install -e '.[test]'")


def ruff(*arguments):
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *arguments], cwd=REPO_ROOT,
                          capture_output=True, text=True)


@needs_ruff
def test_ruff_finds_nothing():
    excluded = [f"--extend-exclude={folder}" for folder in AWAITING_ANOTHER_CHANGE]
    result = ruff(*excluded, *LINTED)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_ruff
@pytest.mark.parametrize("folder", sorted(AWAITING_ANOTHER_CHANGE))
def test_every_folder_left_out_still_has_findings(folder):
    """Once a folder is clean, the exception for it must go: it is linted like the rest."""
    result = ruff(folder)
    assert result.returncode != 0, f"{folder} is clean now: remove it from AWAITING_ANOTHER_CHANGE"
