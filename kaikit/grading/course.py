"""The instructor's course workflow, through nbgrader's own API (``NbGraderAPI``).

>>> course = Course()                      # the repository's nbgrader course
>>> course.assignments()                   # doctest: +SKIP
['ex00_start']
"""
import functools
import os
import shutil
import sys
from pathlib import Path

import nbformat

from .._paths import REPO_ROOT
from ..i18n import bilingual, did_you_mean, message


def _put_environment_on_path():
    """nbgrader runs ``alembic`` as a command when it creates a gradebook: it must find this Python's one."""
    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


@functools.cache
def _gradebook_schema_version() -> str:
    """The version nbgrader stamps a new gradebook with (its migrations' head), read in this process: nbgrader's own
    ``get_alembic_version`` runs the ``alembic`` command for it each time a gradebook is created (about a second)."""
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    return ScriptDirectory(ALEMBIC_DIR).get_current_head()


def _read_schema_version_in_process():
    import nbgrader.api

    nbgrader.api.get_alembic_version = _gradebook_schema_version


def check_cells(assignment: str) -> list:
    """The two cells that end every released exercise: how to check, and the call."""
    text = bilingual("check_cells_text", separator="\n\n")
    markdown = nbformat.v4.new_markdown_cell(f"## {bilingual('check_cells_title')}\n\n{text}")
    code = nbformat.v4.new_code_cell(f'import kaikit as kk\nkk.check("{assignment}")')
    markdown.id, code.id = "check-my-work-text", "check-my-work"
    return [markdown, code]


class CourseError(Exception):
    """A folder kaikit cannot grade in, with the reason."""


class Course:
    """An nbgrader course rooted at ``root`` (a folder holding ``nbgrader_config.py``)."""

    def __init__(self, root: Path | str = REPO_ROOT):
        from nbgrader.apps import NbGraderAPI
        from traitlets.config.loader import PyFileConfigLoader

        _put_environment_on_path()
        _read_schema_version_in_process()
        self.root = Path(root).resolve()
        config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        self.api = NbGraderAPI(config=config)
        self.api.coursedir.root = str(self.root)
        try:
            (self.root / "grading").mkdir(exist_ok=True)
        except OSError as error:
            raise CourseError(message("course_not_writable", root=self.root, error=error)) from error

    @property
    def source_dir(self) -> Path:
        return self.root / self.api.coursedir.source_directory

    @property
    def release_dir(self) -> Path:
        return self.root / self.api.coursedir.release_directory

    def assignments(self) -> list[str]:
        """Names of the assignments in the source folder (``solutions/``), in alphabetical order (nbgrader's glob
        skips hidden folders such as ``.ipynb_checkpoints``)."""
        return sorted(self.api.get_source_assignments())

    def submitted_students(self, assignment: str) -> list[str]:
        """Ids of the students with a submission folder for ``assignment``, in alphabetical order."""
        return sorted(self.api.get_submitted_students(assignment))

    def instructor_sources(self, assignment: str) -> dict:
        """{grade_id: source} of the locked cells as nbgrader stored them at release (hidden tests included)."""
        from nbgrader.api import Gradebook

        with Gradebook(self.api.coursedir.db_url) as gradebook:
            notebook = gradebook.find_notebook(assignment, assignment)
            return {cell.name: cell.source for cell in notebook.source_cells if cell.locked}

    def require(self, assignment: str) -> None:
        """Raise CourseError, naming the nearest assignment, unless ``assignment`` is one of the course's."""
        if assignment not in self.assignments():
            raise CourseError(message("grade_unknown_assignment", assignment=assignment,
                                      suggestion=did_you_mean(assignment, self.assignments()),
                                      available=", ".join(self.assignments())))

    def _check(self, result, action):
        if not result["success"]:
            details = result.get("error") or result.get("log")
            raise RuntimeError(message("nbgrader_failed", action=action, details=details))
        return result

    def release(self, assignment: str) -> dict:
        """Generate the student version of ``assignment`` into the release folder (``exercises/``), ending with a
        "check my work" cell (the same in every exercise, so it is added here rather than written in each source).

        Unlike nbgrader's release, a test cell that had hidden tests says so in its metadata
        (``metadata.kaikit.hidden_tests``): without solutions/, "check my work" must not count it as passed."""
        from .feedback import mark_hidden_tests

        result = self._check(self.api.generate_assignment(assignment, force=True, create=True),
                             f"generate_assignment {assignment}")
        released = self.release_dir / assignment / f"{assignment}.ipynb"
        notebook = nbformat.read(released, as_version=4)
        source = nbformat.read(self.source_dir / assignment / f"{assignment}.ipynb", as_version=4)
        mark_hidden_tests(notebook, source, self.api.config)
        notebook.cells += check_cells(assignment)
        nbformat.write(notebook, released)
        return result

    def submit(self, assignment: str, student: str, notebook: Path | str) -> Path:
        """Place ``notebook`` (a path) as ``student``'s submission, as ``nbgrader collect`` would."""
        target = Path(self.api.coursedir.format_path(
            self.api.coursedir.submitted_directory, student, assignment))
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook, target / f"{assignment}.ipynb")
        return target

    def autograde(self, assignment: str, student: str) -> dict:
        """Autograde ``student``'s submission of ``assignment`` into the gradebook."""
        return self._check(self.api.autograde(assignment, student, force=True, create=True),
                           f"autograde {assignment} for {student}")

    def cell_scores(self, assignment: str, student: str) -> dict:
        """{grade_id: (points, max points)} of every graded cell of ``student``'s autograded submission."""
        from nbgrader.api import Gradebook

        with Gradebook(self.api.coursedir.db_url) as gradebook:
            notebook = gradebook.find_submission_notebook(assignment, assignment, student)
            return {grade.name: (grade.score, grade.max_score) for grade in notebook.grades}

    def code_score(self, assignment: str, student: str) -> tuple[float, float]:
        """(points, max points) of the autograded code in ``student``'s submission, from the gradebook."""
        from .gradebook import scores

        points, maximum, _ = scores(self.api.coursedir.db_url, assignment, student)
        return points, maximum

    def feedback(self, assignment: str, student: str | None = None) -> dict:
        """nbgrader's HTML feedback for ``assignment`` (every autograded student, or one) in the feedback folder;
        the course's configuration makes it safe to hand out (``kaikit.grading.feedback.SafeFeedback``)."""
        result = self.api.generate_feedback(assignment, student) if student else \
            self.api.generate_feedback(assignment)
        return self._check(result, f"generate_feedback {assignment}")
