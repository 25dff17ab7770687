"""The code passes ruff (pyproject.toml's [tool.ruff]: pycodestyle errors and warnings, pyflakes, import order).
ruff is a test dependency (`pip install -e '.[test]'`, which `make test` does)."""
import subprocess
import sys

from kaikit._paths import REPO_ROOT

LINTED = ("kaikit", "tests", "benchmarks", "datasets", "deploy", "nbgrader_config.py")


def ruff(*arguments):
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *arguments], cwd=REPO_ROOT,
                          capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = ruff(*LINTED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_would_find_a_problem(tmp_path):
    """A negative control: the same command fails on an unused import and a line that is too long."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n" + "x = '" + "a" * 130 + "'\n")
    result = ruff("--config", str(REPO_ROOT / "pyproject.toml"), str(bad))
    assert result.returncode == 1 and "F401" in result.stdout and "E501" in result.stdout, result.stdout
