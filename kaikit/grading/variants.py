"""Grading per-student variants (``kaikit.variants``): under which identity a submission is graded, and the flags.

A student's kernel finds its identity (the hub user, or ``KAIKIT_STUDENT``); the cell showing their case saves it
in the notebook's output (``kaikit.variants.MIME``). The grader sets ``KAIKIT_STUDENT`` for the kernel it starts:

* ``recorded`` (the default): nbgrader's student id when the notebook was worked under an identity, "" (the default
  case) when it records none — a laptop class without identities is graded as its students worked;
* ``student_id``: always nbgrader's student id (a hub course, where every kernel knows its user: clearing the
  outputs cannot turn a case back into the default).

A notebook that shows another identity's case is graded under the student's own and flagged (``other_identity``);
one that shows none while classmates' do is flagged too (``no_case_recorded``). Flags are hints for a person; the
grade is the tests' alone.
"""
from ..variants import MIME

__all__ = ["recorded_identities", "graded_identity", "identity_flag", "class_flags"]

NO_CASE = "no_case_recorded"


def recorded_identities(notebook) -> list[str | None]:
    """The identities the notebook's saved case outputs were drawn for (None: a default case), in cell order."""
    found = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            shown = output.get("data", {}).get(MIME) if isinstance(output, dict) else None
            if isinstance(shown, dict):
                who = shown.get("identity")
                found.append(who if isinstance(who, str) and who else None)
    return found


def graded_identity(notebook, student: str, mode: str = "recorded") -> str:
    """What ``KAIKIT_STUDENT`` is while ``student``'s notebook is graded ("": the default case)."""
    if mode == "student_id" or any(recorded_identities(notebook)):
        return student
    return ""


def identity_flag(recorded: list[str | None], student: str) -> tuple[str, str] | None:
    """("other_identity", who) when a notebook's ``recorded_identities`` show a case drawn for someone else."""
    others = [who for who in recorded if who and who != student]
    return ("other_identity", ", ".join(dict.fromkeys(others))) if others else None


def class_flags(recorded: dict[str, list]) -> list[str]:
    """The students whose notebooks show a case with no identity, or none at all, while classmates' show one.

    ``recorded`` maps each graded student to ``recorded_identities`` of their notebook (students of assignments
    without cases are left out by the caller)."""
    if not any(any(found) for found in recorded.values()):
        return []
    return sorted(student for student, found in recorded.items() if not any(found))
