"""The instructor's course workflow, through nbgrader's own API (``NbGraderAPI``).

>>> course = Course()                      # the repository's nbgrader course
>>> course.assignments()                   # doctest: +SKIP
['ex00_start']
"""
import os
import shutil
import sys
from pathlib import Path

from .paths import REPO_ROOT


def _put_environment_on_path():
    """nbgrader runs ``alembic`` as a command when it creates a gradebook: it must find this Python's one."""
    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


class Course:
    """An nbgrader course rooted at ``root`` (a folder holding ``nbgrader_config.py``)."""

    def __init__(self, root=REPO_ROOT):
        from nbgrader.apps import NbGraderAPI
        from traitlets.config.loader import PyFileConfigLoader

        _put_environment_on_path()
        self.root = Path(root).resolve()
        config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        self.api = NbGraderAPI(config=config)
        self.api.coursedir.root = str(self.root)
        (self.root / "grading").mkdir(exist_ok=True)

    @property
    def source_dir(self):
        return self.root / self.api.coursedir.source_directory

    @property
    def release_dir(self):
        return self.root / self.api.coursedir.release_directory

    def assignments(self):
        """Names of the assignments in the source folder (``solutions/``)."""
        return sorted(p.name for p in self.source_dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def _check(self, result, action):
        if not result["success"]:
            raise RuntimeError(f"nbgrader {action} failed:\n{result.get('error') or result.get('log')}")
        return result

    def release(self, assignment):
        """Generate the student version of ``assignment`` into the release folder (``exercises/``)."""
        return self._check(self.api.generate_assignment(assignment, force=True, create=True),
                           f"generate_assignment {assignment}")

    def submit(self, assignment, student, notebook):
        """Place ``notebook`` (a path) as ``student``'s submission, as ``nbgrader collect`` would."""
        target = Path(self.api.coursedir.format_path(
            self.api.coursedir.submitted_directory, student, assignment))
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook, target / f"{assignment}.ipynb")
        return target

    def autograde(self, assignment, student):
        """Autograde ``student``'s submission of ``assignment`` into the gradebook."""
        return self._check(self.api.autograde(assignment, student, force=True, create=True),
                           f"autograde {assignment} for {student}")

    def code_score(self, assignment, student):
        """(points, max points) of the autograded code in ``student``'s submission, from the gradebook."""
        from nbgrader.api import Gradebook

        with Gradebook(self.api.coursedir.db_url) as gradebook:
            submission = gradebook.find_submission(assignment, student)
            return submission.code_score, submission.max_code_score
