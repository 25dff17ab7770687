"""nbgrader preprocessors that the course's ``nbgrader_config.py`` names (they import nbgrader, so they live apart
from the pure functions they call in ``kaikit.grading.integrity`` and ``kaikit.grading.feedback``)."""
import math
import os
import re

from nbclient.util import run_sync
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, OverwriteCells
from nbgrader.utils import is_grade, is_solution
from traitlets import Enum, Float, Integer

from ..i18n import bilingual, message
from ..released_feedback import scores_block
from .checking import read_exercise
from .feedback import answer_kind, safe_error, visible_part
from .integrity import GUARD_TAG, guard_line, setup_aliases, strip_guard
from .variants import graded_identity, identity_flag, recorded_identities

CELL_ID = r"[A-Za-z0-9_-]{1,64}"   # what nbformat 4.5 allows as a cell id
GRADED_AS = "graded_as"   # metadata.kaikit.graded_as: the grading kernel's KAIKIT_STUDENT ("": the default case)


class GuardTests(NbGraderPreprocessor):
    """After nbgrader restores the instructor's tests: prepend the guard line to every autograded test cell."""

    def preprocess(self, nb, resources):
        setup = setup_aliases(nb.cells)
        for cell in nb.cells:
            if cell.cell_type == "code" and is_grade(cell) and not is_solution(cell) and GUARD_TAG not in cell.source:
                try:
                    cell.source = guard_line(cell.source, setup) + cell.source
                except SyntaxError:
                    pass
        return nb, resources


class OverwriteCellsWithIds(OverwriteCells):
    """nbgrader's ``OverwriteCells``, whose grade cells restored where a student deleted them (``add_missing_cells``)
    get the id nbformat 4.5 requires: nbgrader adds them without one, which nbformat warns will become an error
    (nbconvert validates the notebook after each preprocessor, so the ids are given here). The id is the cell's
    ``grade_id`` where that is free and valid, else a new random one."""

    def add_missing_grade_cells(self, nb, resources):
        from nbformat.corpus.words import generate_corpus_id

        nb, resources = super().add_missing_grade_cells(nb, resources)
        if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
            return nb, resources
        taken = {cell.get("id") for cell in nb.cells}
        for cell in nb.cells:
            if not cell.get("id"):
                wanted = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
                while wanted in taken or not re.fullmatch(CELL_ID, wanted):
                    wanted = generate_corpus_id()
                cell["id"] = wanted
                taken.add(wanted)
        return nb, resources


class StudentVariants(NbGraderPreprocessor):
    """Before nbgrader clears the outputs: the identity under which the grading kernel draws per-student cases, from
    the case the student's notebook shows (``kaikit.grading.variants``); ``ExecuteAsStudent`` starts the kernel with
    it. A check of one's own work turns this off (``enabled``): its kernel keeps the learner's identity."""

    identity = Enum(["recorded", "student_id"], "recorded",
                    help="recorded: the student id when the notebook was worked under an identity, else the default "
                         "case; student_id: always the student id (hub courses)").tag(config=True)

    def preprocess(self, nb, resources):
        student = resources.get("nbgrader", {}).get("student")
        if student is not None:
            # In the notebook, not in resources: nbgrader runs the sanitizing and the autograding preprocessors as two
            # conversions, and only the notebook goes from one to the other.
            nb.metadata["kaikit"] = {**nb.metadata.get("kaikit", {}), GRADED_AS: graded_identity(nb, student,
                                                                                                 self.identity)}
            flag = identity_flag(recorded_identities(nb), student)
            if flag:
                self.log.warning("%s: %s", student, message(f"flag_{flag[0]}", detail=flag[1]))
        return nb, resources


class ExecuteAsStudent(Execute):
    """nbgrader's Execute, with ``KAIKIT_STUDENT`` in the grading kernel's environment as ``StudentVariants`` chose
    it (this process's own environment is left as it is)."""

    async def async_start_new_kernel(self, **kwargs):
        graded_as = self.nb.metadata.get("kaikit", {}).get(GRADED_AS)
        if graded_as is not None:
            kwargs["env"] = {**os.environ, **kwargs.get("env", {}), "KAIKIT_STUDENT": graded_as}
        return await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)   # nbclient binds the sync name to its own async method


class CapOutput(NbGraderPreprocessor):
    """nbgrader's LimitOutput counts lines; one 10 MB line passes it. Cap each cell's outputs by size as well."""

    max_text = Integer(100_000, help="Characters of stream text kept per cell.").tag(config=True)
    max_data = Integer(2_000_000, help="Characters of one rich output (an image, HTML) kept.").tag(config=True)
    NOTE = f"\n[{GUARD_TAG}: {bilingual('output_truncated', order=('en', 'ko'))}]\n"

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        budget, kept = self.max_text, []
        for output in cell.outputs:
            if output.output_type == "stream":
                if budget <= 0:
                    continue
                if len(output.text) > budget:
                    output.text = output.text[:budget] + self.NOTE
                budget -= len(output.text)
            elif output.output_type in ("display_data", "execute_result"):
                if sum(len(str(v)) for v in output.get("data", {}).values()) > self.max_data:
                    output.data = {"text/plain": self.NOTE.strip()}
            kept.append(output)
        cell.outputs = kept
        return cell, resources


class SafeFeedback(NbGraderPreprocessor):
    """In feedback, test cells show only their visible part; errors only their type and message (a hidden test's in
    words that fit the kind of answer the test checks); nothing the kernel wrote to stderr in a test cell (IPython's
    fallback traceback, when a submission broke its formatter, quotes the test's source, hidden lines included)."""

    def preprocess(self, nb, resources):
        exercise = read_exercise(nb)    # which answer each test checks, as "check my work" reads it
        for cell in nb.cells:
            if cell.cell_type == "code" and is_grade(cell) and not is_solution(cell):
                answer = exercise.answers.get(exercise.owners.get(cell.metadata.nbgrader["grade_id"]))
                self._make_safe(cell, answer_kind(answer) if answer is not None else None)
        nb.cells.append(self._scores_cell(nb, resources, exercise))
        return nb, resources

    @staticmethod
    def _scores_cell(nb, resources, exercise):
        """The scores per part, as a JSON block the student's ``kk.progress`` reads from the released page (nbgrader
        releases feedback as HTML only); invisible in the page. Runs after nbgrader's GetGrades, which put each
        graded cell's score in its metadata."""
        from nbformat.v4 import new_markdown_cell

        grading = resources.get("nbgrader", {})
        parts = [{"grade_id": cell.metadata.nbgrader["grade_id"], "part": exercise.numbers.get(
                      cell.metadata.nbgrader["grade_id"]), "written": is_solution(cell),
                  "score": cell.metadata.nbgrader.get("score"), "points": cell.metadata.nbgrader.get("points")}
                 for cell in nb.cells if is_grade(cell)]
        record = {"assignment": grading.get("assignment"), "notebook": grading.get("notebook"),
                  "student": grading.get("student"), "score": grading.get("score"),
                  "max_score": grading.get("max_score"), "late_penalty": grading.get("late_penalty"), "parts": parts}
        # A markdown cell: nbconvert passes its HTML through, while a raw cell's is sanitised (scripts removed).
        return new_markdown_cell(scores_block(record))

    @staticmethod
    def _make_safe(cell, kind):
        cell.source = visible_part(cell.source)
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                safe_error(output, cell.source, kind)
            elif output.get("output_type") == "stream":
                if output.get("name") == "stderr":
                    continue
                output["text"] = strip_guard(output.get("text", ""))
            kept.append(output)
        cell.outputs = kept


class LatePenalty(LateSubmissionPlugin):
    """A late-submission rule for nbgrader's ``AssignLatePenalties``: ``percent_per_day`` of the notebook's score
    for each day or part of a day after the due date (and any extension), after ``grace_minutes``, at most
    ``max_percent``. With ``percent_per_day = 0`` (the kit's default) late work is only reported, never penalised.

    >>> LatePenalty(percent_per_day=10).late_submission_penalty("kim", 8.0, 26 * 3600)   # 2 started days: 20 %
    1.6
    """

    percent_per_day = Float(0.0, help="Percent of the score taken off per started day late.").tag(config=True)
    grace_minutes = Float(0.0, help="Minutes after the due date that are not counted as late.").tag(config=True)
    max_percent = Float(100.0, help="The most that lateness can take off, in percent.").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        late = total_seconds_late - 60 * self.grace_minutes
        if late <= 0 or self.percent_per_day <= 0:
            return None
        percent = min(self.max_percent, self.percent_per_day * math.ceil(late / 86400))
        return round(score * percent / 100, 6)
