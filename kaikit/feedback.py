"""Feedback students can be given: each test's result and message, never the source of a hidden test.

nbgrader's feedback is the autograded notebook rendered to HTML, hidden tests and their tracebacks included (its
issues #917 and #1363). ``kaikit.nbgrader_plugins.SafeFeedback`` (named in ``nbgrader_config.py``) runs inside
``nbgrader generate_feedback`` and uses these functions: in every test cell it replaces the hidden region with one comment line, drops the kit's guard
line, and reduces each error to its type and message — a hidden assert's own message becomes a generic line.
"""
import re

from .integrity import GUARD_TAG, strip_guard

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
HIDDEN_NOTE = "# (숨겨진 테스트 / hidden tests)"
HIDDEN_FAILED = ("숨겨진 테스트를 통과하지 못했습니다: 다른 입력에서도 맞는지 확인하세요. / "
                 "A hidden test failed: check that your answer works for other inputs too.")


def visible_part(source):
    """``source`` with each hidden-test region replaced by a note, and without the guard line."""
    pattern = re.compile(rf"^[ \t]*{re.escape(BEGIN)}.*?^[ \t]*{re.escape(END)}[^\n]*\n?", re.S | re.M)
    return pattern.sub(HIDDEN_NOTE + "\n", strip_guard(source))


def safe_error(output, visible_source):
    """An error output reduced to what a student may see."""
    name, value = output.get("ename", ""), str(output.get("evalue", ""))
    if name == "AssertionError" and (not value or value not in visible_source) and GUARD_TAG not in value:
        value = HIDDEN_FAILED
    output["evalue"] = value[:300]
    output["traceback"] = [f"{name}: {output['evalue']}"]
    return output
