"""``kaikit repair``: make mangled submissions gradable by plain ``nbgrader autograde``, keeping every original.

``kaikit grade`` repairs in its sandbox and never changes ``grading/submitted/``; this command is for courses that
grade with nbgrader's own tools (formgrader's "autograde" button). Each repaired notebook replaces the submitted one;
the original moves to ``grading/originals/<student>/<assignment>/``. Untouched test cells get the instructor's full
source, so nbgrader's checksum warning (its issue #1961) then means a real edit.
"""
import shutil
from pathlib import Path

import nbformat

from .submission import inspect_submission


def repair_submissions(course, assignment):
    """Repair every submission of ``assignment`` that needs it; yield (student, flags, where the original is)."""
    from nbgrader.api import Gradebook

    released = nbformat.read(course.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        sources = {c.name: c.source for c in gradebook.find_notebook(assignment, assignment).source_cells if c.locked}
    submitted_root = Path(course.root, course.api.coursedir.submitted_directory)
    for path in sorted(submitted_root.glob(f"*/{assignment}/{assignment}.ipynb")):
        student = path.parent.parent.name
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
