"""Feedback students can be given: each test's result and message, never the source of a hidden test.

nbgrader's feedback is the autograded notebook rendered to HTML, hidden tests and their tracebacks included (its
issues #917 and #1363). ``kaikit.grading.preprocessors.SafeFeedback`` (named in ``nbgrader_config.py``) runs inside
``nbgrader generate_feedback`` and uses these functions: in every test cell it replaces the hidden region with one
comment line, drops the kit's guard line, and reduces each error to its type and message — a hidden assert's own
message becomes a line that fits the kind of answer.

The words a learner reads when a hidden test fails live here (``hidden_failure``) for both the HTML feedback and
"check my work" (``kaikit.grading.checking``); they depend on the kind of answer the part asks for (``answer_kind``).
"""
import builtins
import functools
import keyword
import re

from ..i18n import N_, bilingual, message
from .integrity import GUARD_TAG, strip_guard

HIDDEN_NOTE = f"# ({bilingual('hidden_tests_note')})"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def hidden_failure(kind: str | None = None, both: bool = True) -> str:
    """What a learner reads when a hidden test fails: ``kind`` is what the answer is ("function", "chart",
    "value"; None when unknown). Only a function is asked to work "for other inputs". Feedback is a file handed to
    every student (``both``): it speaks both languages, like the exercises."""
    key = f"check_hidden_failed_{kind}" if kind else N_("check_hidden_failed")
    return bilingual(key) if both else message(key)


HIDDEN_FAILED = hidden_failure()


def answer_kind(source: str) -> str:
    """"function" when the answer cell defines a function, "chart" when it draws, else "value" (a number, a table)."""
    if re.search(r"^\s*def \w+\s*\(", source, re.M):
        return "function"
    return "chart" if re.search(r"\b(plt|sns|ax)\.\w+", source) else "value"


# --- nbgrader's hidden-test delimiters ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _course_delimiters():
    from traitlets.config import Application, Config
    from traitlets.config.loader import PyFileConfigLoader

    from .._paths import REPO_ROOT

    # In `nbgrader generate_feedback` the running application holds the course's configuration; elsewhere (a kernel,
    # kaikit's own tools) the kit's nbgrader_config.py does, and nbgrader's defaults without one.
    if Application.initialized() and "ClearHiddenTests" in Application.instance().config:
        return delimiters(Application.instance().config)
    if not (REPO_ROOT / "nbgrader_config.py").is_file():
        return delimiters(Config())
    return delimiters(PyFileConfigLoader("nbgrader_config.py", path=str(REPO_ROOT)).load_config())


def delimiters(config=None) -> tuple[str, str]:
    """nbgrader's (begin, end) hidden-test delimiters: its ``ClearHiddenTests`` traits, as ``config`` sets them."""
    if config is None:
        return _course_delimiters()
    from nbgrader.preprocessors import ClearHiddenTests

    cleaner = ClearHiddenTests(config=config)
    return cleaner.begin_test_delimeter, cleaner.end_test_delimeter


def _split_hidden(source, config=None):
    """(visible lines, whether a hidden region was found). Like nbgrader's ``ClearHiddenTests``, any line containing
    a delimiter opens or closes a region, whatever comment prefix it has; unlike it (it refuses to release such a
    cell), a region left open hides everything after it: feedback must never leak."""
    begin, end = delimiters(config)
    kept, inside, found = [], False, False
    for line in source.splitlines(keepends=True):
        if begin in line:
            if not inside:
                kept.append(HIDDEN_NOTE + "\n")
            inside = found = True
        elif end in line and inside:
            inside = False
        elif not inside:
            kept.append(line)
    return kept, found


def has_hidden_tests(source: str, config=None) -> bool:
    """Whether ``source`` holds a hidden-test region (with nbgrader's configured delimiters)."""
    return _split_hidden(source, config)[1]


def visible_part(source: str, config=None) -> str:
    """``source`` with each hidden-test region replaced by a note, and without the guard line."""
    return "".join(_split_hidden(strip_guard(source), config)[0])


# --- errors -------------------------------------------------------------------------------------------------------

def _failing_line(traceback):
    """The line of the test cell where the error was raised (IPython marks it with ``---->``), or ""."""
    found = re.findall(r"^-+>\s*\d+\s(.*)$", ANSI.sub("", "\n".join(traceback or [])), re.M)
    return found[0] if found else ""


def _kind_from_traceback(traceback):
    # SafeFeedback sees one test cell at a time, not the answer it checks: a failing line that calls a name which is
    # not a builtin (``count_models(...)``, not ``math.isclose(...)``) was testing the learner's function.
    called = re.findall(r"(?<![\w.])([A-Za-z_]\w*)\s*\(", _failing_line(traceback))
    return "function" if any(not (hasattr(builtins, name) or keyword.iskeyword(name)) for name in called) else None


def safe_error(output: dict, visible_source: str, kind: str | None = None) -> dict:
    """An error output reduced to what a student may see. ``kind``: the kind of answer the test checks
    (``answer_kind``); when not given, guessed from the failing line."""
    name, value = output.get("ename", ""), str(output.get("evalue", ""))
    if name == "AssertionError" and (not value or value not in visible_source) and GUARD_TAG not in value:
        value = hidden_failure(kind or _kind_from_traceback(output.get("traceback")))
    output["evalue"] = value[:300]
    output["traceback"] = [f"{name}: {output['evalue']}"]
    return output


def mark_hidden_tests(released, source, config=None):
    """Mark each test cell of the ``released`` notebook whose ``source`` version (the instructor's) has hidden tests,
    as ``metadata.kaikit.hidden_tests``: the released cell no longer shows them, and "check my work" without
    solutions/ must not count such a part as passed (``kaikit.grading.checking``)."""
    from nbgrader.utils import is_grade

    hidden = {cell.metadata.nbgrader["grade_id"] for cell in source.cells
              if is_grade(cell) and has_hidden_tests(cell.source, config)}
    for cell in released.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in hidden:
            cell.metadata.setdefault("kaikit", {})["hidden_tests"] = True
    return released
