"""nbgrader preprocessors that the course's ``nbgrader_config.py`` names (they import nbgrader, so they live apart
from the pure functions they call in ``kaikit.integrity`` and ``kaikit.feedback``)."""

from nbgrader.preprocessors import NbGraderPreprocessor

from .feedback import safe_error, visible_part
from .integrity import GUARD_TAG, guard_line, setup_aliases


class GuardTests(NbGraderPreprocessor):
    """After nbgrader restores the instructor's tests: prepend the guard line to every autograded test cell."""

    def preprocess(self, nb, resources):
        setup = setup_aliases(nb.cells)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution") \
                    and GUARD_TAG not in cell.source:
                try:
                    cell.source = guard_line(cell.source, setup) + cell.source
                except SyntaxError:
                    pass
        return nb, resources


class CapOutput(NbGraderPreprocessor):
    """nbgrader's LimitOutput counts lines; one 10 MB line passes it. Cap each cell's outputs by size as well."""

    MAX_TEXT = 100_000        # characters of stream text per cell
    MAX_DATA = 2_000_000      # characters of one rich output (an image, HTML)
    NOTE = f"\n[{GUARD_TAG}: output truncated / 출력이 너무 길어 잘랐습니다]\n"

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        budget, kept = self.MAX_TEXT, []
        for output in cell.outputs:
            if output.output_type == "stream":
                if budget <= 0:
                    continue
                if len(output.text) > budget:
                    output.text = output.text[:budget] + self.NOTE
                budget -= len(output.text)
            elif output.output_type in ("display_data", "execute_result"):
                if sum(len(str(v)) for v in output.get("data", {}).values()) > self.MAX_DATA:
                    output.data = {"text/plain": self.NOTE.strip()}
            kept.append(output)
        cell.outputs = kept
        return cell, resources


class SafeFeedback(NbGraderPreprocessor):
    """In feedback, test cells show only their visible part; errors only their type and message."""

    def preprocess_cell(self, cell, resources, index):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            cell.source = visible_part(cell.source)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    safe_error(output, cell.source)
        return cell, resources
