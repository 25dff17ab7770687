"""Reading a submitted notebook and repairing what students mangle, before nbgrader sees it.

nbgrader aborts on a notebook whose cells were duplicated or split (two cells with one ``grade_id``), cannot read an
empty or broken file, and runs moved cells in the wrong order. ``inspect_submission`` returns a notebook nbgrader can
grade fairly, and a flag with a reason for every change:

* unreadable: empty file, not JSON, not a notebook, an nbformat this kit cannot read (old nbformat 3 is converted);
* wrong_assignment: none of the assignment's cells is in the file;
* duplicated_cells: a copied or split answer keeps all its code, in order; the last copy is the graded one;
* deleted_cells: a deleted answer cell comes back empty (its tests then fail); deleted tests come back;
* cell_type_changed, moved_cells, metadata_changed: restored to the released exercise;
* tests_edited (locked_edited for other locked cells): an edited locked cell is left for nbgrader to restore (and to
  report with its checksum warning).

Locked cells a student did not touch get the instructor's full source (with the hidden tests) before grading, so that
nbgrader's checksum warning (its issue #1961: raised for every cell with hidden tests) only appears for real edits.
"""
import json
import warnings
from dataclasses import dataclass, field

import nbformat
from nbgrader.utils import is_grade, is_locked, is_solution

from ..i18n import bilingual

MISSING_ANSWER = f"# (kaikit) {bilingual('missing_answer_cell')}\n"


@dataclass
class Inspection:
    notebook: object = None            # the notebook to grade (None: nothing gradable)
    flags: list = field(default_factory=list)   # [(code, detail)]
    changed: bool = False              # the notebook differs from the file as submitted
    restored_tests: bool = False       # untouched locked cells got the instructor's source (hidden tests)

    def flag(self, code, detail=""):
        self.flags.append((code, detail))


def _meta(cell):
    """The cell's nbgrader metadata (copied back from the release; questions about it go to nbgrader.utils)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def cell_grade_id(cell) -> str | None:
    """The nbgrader grade_id of ``cell`` (None for a cell nbgrader does not track)."""
    return _meta(cell).get("grade_id")


def read_notebook(data: bytes) -> tuple[object, list]:
    """(notebook, flags) from the bytes of a submitted file; notebook is None when it cannot be read."""
    if not data.strip():
        return None, [("unreadable", {"key": "detail_empty_file"})]
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as error:
        return None, [("unreadable", {"key": "detail_not_json", "error": str(error)})]
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        return None, [("unreadable", {"key": "detail_not_notebook"})]
    major = raw.get("nbformat")
    if major not in (3, 4):
        return None, [("unreadable", {"key": "detail_nbformat", "version": repr(major)})]
    try:
        with warnings.catch_warnings():   # duplicated cell ids are expected here; _unique_ids fixes them
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as error:  # nbformat raises several kinds for malformed notebooks
        return None, [("unreadable", {"key": "detail_malformed", "error": f"{type(error).__name__}: {error}"})]
    flags = [("converted", {"key": "detail_converted", "version": major})] if major == 3 else []
    return notebook, flags


def _unique_ids(cells):
    """Copied cells share an id; nbformat needs them unique to write the notebook."""
    # Not nbformat.validator.normalize: it repairs only an absent id (a null or "" id from a mangled file stays, and
    # the notebook stays invalid), only from nbformat 4.5, on a deep copy of the whole notebook, with a warning each.
    from nbformat.corpus.words import generate_corpus_id

    seen = set()
    for cell in cells:
        if not cell.get("id") or cell["id"] in seen:
            cell["id"] = generate_corpus_id()
        seen.add(cell["id"])


def _segments(cells, known, locked):
    """Split the student's cells into (graded cell or None, [free cells after it]); demote duplicates.

    Of several cells with one grade_id, the last is kept as the graded cell; earlier copies of an answer become plain
    cells (their code still runs, in order), earlier copies of a locked cell are dropped."""
    last = {}
    for index, cell in enumerate(cells):
        if cell_grade_id(cell) in known:
            last[cell_grade_id(cell)] = index
    segments, duplicated = [(None, [])], []
    for index, cell in enumerate(cells):
        grade_id = cell_grade_id(cell)
        if grade_id in known and last[grade_id] == index:
            segments.append((cell, []))
            continue
        if grade_id in known:
            duplicated.append(grade_id)
            if grade_id in locked:
                continue
        if "nbgrader" in cell.get("metadata", {}):
            cell.metadata.pop("nbgrader")
        segments[-1][1].append(cell)
    return segments, sorted(set(duplicated))


def _grading_metadata(cell):
    return {k: v for k, v in _meta(cell).items() if k not in ("checksum", "cell_type")}


def _restore_type(cell, released):
    if cell.cell_type == released.cell_type:
        return cell
    new = (nbformat.v4.new_code_cell if released.cell_type == "code" else nbformat.v4.new_markdown_cell)(cell.source)
    new.metadata = cell.metadata
    return new


def inspect_submission(data: bytes, released, instructor_sources: dict) -> Inspection:
    """Inspect the bytes of a submitted notebook against the ``released`` exercise (a NotebookNode).

    ``instructor_sources``: {grade_id: source} of the locked cells as nbgrader stored them (hidden tests included).
    """
    notebook, flags = read_notebook(data)
    result = Inspection(flags=list(flags), changed=bool(flags))
    if notebook is None:
        return result
    graded = [c for c in released.cells if cell_grade_id(c)]
    order = [cell_grade_id(c) for c in graded]
    by_id = {cell_grade_id(c): c for c in graded}
    # The release is nbgrader's: its grade cells that are not answers are locked, as is_locked assumes.
    locked = {g for g, c in by_id.items() if is_locked(c)}
    answers = {g for g, c in by_id.items() if is_solution(c)}
    present = [cell_grade_id(c) for c in notebook.cells if cell_grade_id(c) in by_id]
    # Exercises share ids such as "setup" or "chart"; the locked cells' text tells one exercise from another.
    present_locked = [c for c in notebook.cells if cell_grade_id(c) in locked]
    same_text = [c for c in present_locked
                 if c.source in (by_id[cell_grade_id(c)].source, instructor_sources.get(cell_grade_id(c)))]
    if not set(present) & answers or (len(same_text) < len(present_locked) / 2
                                      and len(set(present) & answers) < len(answers) / 2):
        others = sorted({cell_grade_id(c) for c in notebook.cells if cell_grade_id(c)} - set(by_id))
        result.flag("wrong_assignment", {"key": "detail_other_cells", "cells": ", ".join(others[:3])} if others
                    else {"key": "detail_no_answer_cell"})
        result.changed = True
        return result

    segments, duplicated = _segments(notebook.cells, set(by_id), locked)
    if duplicated:
        result.flag("duplicated_cells", ", ".join(duplicated))
    student_order = [cell_grade_id(cell) for cell, _ in segments[1:]]
    if student_order != [g for g in order if g in student_order]:
        result.flag("moved_cells")
    missing = [g for g in order if g not in student_order]
    if missing:
        result.flag("deleted_cells", ", ".join(missing))

    kept = {cell_grade_id(cell): (cell, free) for cell, free in segments[1:]}
    cells = list(segments[0][1])
    retyped, remetadata, edited, locked_edited = [], [], [], []
    for grade_id in order:
        release_cell = by_id[grade_id]
        if grade_id not in kept:
            cell = nbformat.from_dict(json.loads(json.dumps(release_cell)))
            if grade_id in answers:
                cell.source = MISSING_ANSWER
            free = []
        else:
            cell, free = kept[grade_id]
            if cell.cell_type != release_cell.cell_type:
                retyped.append(grade_id)
                cell = _restore_type(cell, release_cell)
            # nbgrader adds the checksum and the cell type at release: a notebook without them (a copy of the
            # instructor's source) changed nothing that grading uses; the cell's real type is checked above.
            if _grading_metadata(cell) != _grading_metadata(release_cell):
                remetadata.append(grade_id)
            cell.metadata["nbgrader"] = dict(_meta(release_cell))
        if grade_id in locked:
            if cell.source in (release_cell.source, instructor_sources.get(grade_id)):
                result.restored_tests |= cell.source != instructor_sources.get(grade_id, cell.source)
                cell.source = instructor_sources.get(grade_id, cell.source)
            else:
                (edited if is_grade(release_cell) else locked_edited).append(grade_id)
        cells.append(cell)
        cells.extend(free)
    for code, ids in [("cell_type_changed", retyped), ("metadata_changed", remetadata), ("tests_edited", edited),
                       ("locked_edited", locked_edited)]:
        if ids:
            result.flag(code, ", ".join(ids))
    _unique_ids(cells)
    notebook.cells = cells
    notebook.nbformat_minor = max(notebook.nbformat_minor, 5)   # the version with cell ids
    result.notebook = notebook
    result.changed = result.changed or bool(result.flags)
    return result
