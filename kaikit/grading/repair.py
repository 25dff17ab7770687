"""``kaikit repair``: make mangled submissions gradable by plain ``nbgrader autograde``, keeping every original.

``kaikit grade`` repairs in its sandbox and never changes ``grading/submitted/``; this command is for courses that
grade with nbgrader's own tools (formgrader's "autograde" button). Each repaired notebook replaces the submitted one;
the original moves to ``grading/originals/<student>/<assignment>/``. Untouched test cells get the instructor's full
source, so nbgrader's checksum warning (its issue #1961) then means a real edit.
"""
import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat

from .course import Course
from .submission import inspect_submission


def repair_submissions(course: Course, assignment: str) -> Iterator[tuple[str, list, Path | None]]:
    """Repair every submission of ``assignment`` that needs it; yield (student, flags, where the original is)."""
    released = nbformat.read(course.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
    sources = course.instructor_sources(assignment)
    for student in course.submitted_students(assignment):
        path = Path(course.api.coursedir.format_path(course.api.coursedir.submitted_directory, student, assignment),
                    f"{assignment}.ipynb")
        if not path.is_file():
            continue
        inspection = inspect_submission(path.read_bytes(), released, sources)
        if not (inspection.changed or inspection.restored_tests):
            continue
        kept = None
        if inspection.notebook is not None:
            kept = course.root / "grading" / "originals" / student / assignment / path.name
            kept.parent.mkdir(parents=True, exist_ok=True)
            if not kept.exists():          # the first original is the one worth keeping
                shutil.copy2(path, kept)
            nbformat.write(inspection.notebook, path)
        yield student, inspection.flags, kept
