"""The kit's layout and its one place for dependencies."""
import re
import subprocess
import sys

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from kaikit._paths import REPO_ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements():
    project = PYPROJECT["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared += extra
    return {normalise(Requirement(r).name): Requirement(r) for r in declared}


def environment_entries():
    """(conda specs, pip specs) declared in environment.yml."""
    conda, pip = [], []
    for entry in ENVIRONMENT["dependencies"]:
        if isinstance(entry, dict):
            pip += entry.get("pip", [])
        else:
            conda.append(entry)
    return conda, pip


def conda_name(spec):
    return normalise(re.split(r"[=<>!~ ]", spec, maxsplit=1)[0])


@pytest.mark.parametrize("entry", ["README.md", "Makefile", "pyproject.toml", "environment.yml", "postBuild",
                                   "nbgrader_config.py", "kaikit", "datasets", "lessons/ko", "lessons/en",
                                   "solutions", "exercises", "tests", ".ci/run", ".gitignore",
                                   "deploy/jupyterhub"])
def test_layout(entry):
    assert (REPO_ROOT / entry).exists(), entry


def test_grading_folder_is_ignored_by_git():
    result = subprocess.run(["git", "check-ignore", "-q", "grading/submitted/x.ipynb"], cwd=REPO_ROOT)
    assert result.returncode == 0


def test_environment_installs_the_kit_itself_through_pip():
    conda, pip = environment_entries()
    assert "-e ." in pip, "environment.yml must install the kit with `-e .` in its pip section"
    assert ENVIRONMENT["channels"] == ["conda-forge"]
    assert {conda_name(spec) for spec in conda} == {"python", "pip"}


def test_no_dependency_is_declared_in_two_places():
    conda, pip = environment_entries()
    declared_here = {conda_name(s) for s in conda} | {normalise(Requirement(s).name) for s in pip if s != "-e ."}
    twice = declared_here & set(pyproject_requirements())
    assert not twice, f"declared in both pyproject.toml and environment.yml: {sorted(twice)}"


def test_environment_python_satisfies_requires_python():
    conda, _ = environment_entries()
    python = next(spec for spec in conda if conda_name(spec) == "python")
    version = python.split("=")[-1]
    assert version in SpecifierSet(PYPROJECT["project"]["requires-python"])


def test_core_dependencies_are_declared():
    requirements = pyproject_requirements()
    for name in ["jupyterlab", "notebook", "ipywidgets", "pandas", "seaborn", "nbgrader", "koreanize-matplotlib",
                 "pytest", "nbclient", "frictionless"]:
        assert name in requirements, name
    assert Requirement("nbgrader>=0.9.5").specifier == requirements["nbgrader"].specifier
    assert PYPROJECT["project"]["requires-python"] == ">=3.10"


def test_post_build_stops_on_errors_and_installs_nothing():
    text = (REPO_ROOT / "postBuild").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert text.startswith("#!") and lines[0] == "set -e"
    assert not re.search(r"\b(pip|conda|mamba) install\b", text)


def test_ci_runs_make_test_like_a_new_user():
    """CI may first install Debian packages for the browser tests; then it runs exactly `make test`, last."""
    text = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in text
    commands = [line.strip() for line in text.splitlines()
                if line.strip() and not line.strip().startswith(("#", "set ", "cd "))]
    assert commands[-1] == "make test" and commands.count("make test") == 1
    assert "pip install" not in text and "playwright install" not in text, "the project's own files install Python"
    assert 'export CI="${CI:-true}"' in text, "in CI a missing browser is a failure"


def test_make_help_lists_the_commands():
    output = subprocess.run(["make", "-s", "help"], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout
    for target in ["lab", "test", "release"]:
        assert f"make {target}" in output
