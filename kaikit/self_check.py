"""What a learner sees: ``kk.check`` (grade my saved notebook) and ``kk.progress`` (my best scores)."""
from __future__ import annotations

import datetime
import html
import json
import os
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ._paths import REPO_ROOT
from .i18n import message
from .released_feedback import find_feedback

__all__ = ["KERNEL_GUARD", "STATUS_ICONS", "CheckResult", "Part", "check", "known_assignments", "locate", "progress",
           "progress_path", "read_progress", "record", "report_html", "report_text"]

KERNEL_GUARD = "KAIKIT_CHECKING"      # set for every kernel a check starts: kk.check there returns at once


@dataclass
class Part:
    """One graded cell: its id, points earned and possible, a status and a message safe to show."""
    grade_id: str
    points: float
    max_points: float
    status: str          # "passed", "failed", "not_attempted", "manual", "unchecked" (hidden tests not run here)
    message: str = ""
    label: str = ""      # the part it belongs to, from the exercise's headings: "문제 2" / "Part 2"
    hidden: bool = False  # the test cell has hidden tests


@dataclass
class CheckResult:
    assignment: str
    parts: list = field(default_factory=list)
    full: bool = True     # False: only the visible tests were run (no solutions/ to grade against)
    note: str = ""        # said before the table (e.g. the exercise a renamed file was checked as)

    def counted(self, part: Part) -> bool:
        """In the total: automatic parts; with only the visible tests run, those without hidden tests."""
        return part.status != "manual" and (self.full or not part.hidden)

    @property
    def points(self) -> float:
        return sum(part.points for part in self.parts if self.counted(part))

    @property
    def max_points(self) -> float:
        return sum(part.max_points for part in self.parts if self.counted(part))

    @property
    def unchecked_points(self) -> float:
        """Points of parts with hidden tests that only the instructor's grading can give."""
        return sum(p.max_points for p in self.parts if p.status != "manual" and not self.counted(p))

    def total(self) -> str:
        """The total line, saying what it covers."""
        numbers = {"points": f"{self.points:g}", "max_points": f"{self.max_points:g}"}
        if self.unchecked_points:
            return message("check_total_visible", hidden=f"{self.unchecked_points:g}", **numbers)
        return message("check_total", **numbers)

    def __repr__(self):
        # Shown under the report when kk.check(...) ends a cell: one line, not every part again.
        return f"<{self.assignment}: {self.points:g} / {self.max_points:g}>"


def known_assignments() -> list[str]:
    """The exercises of this copy of the kit: folders in solutions/ and exercises/ (a student copy has only the
    latter)."""
    parents = [REPO_ROOT / "solutions", REPO_ROOT / "exercises"]
    return sorted({folder.name for parent in parents if parent.is_dir() for folder in parent.iterdir()
                   if folder.is_dir() and not folder.name.startswith(".")})


STATUS_ICONS = {"passed": "✅", "failed": "❌", "not_attempted": "⬜", "manual": "📝", "unchecked": "🔒"}


def _show(markup):
    from IPython.display import HTML, display

    display(HTML(markup))


def _note(text):
    _show(f"<p>⚠️ {html.escape(text)}</p>")


def _score(part):
    # Written answers and parts whose hidden tests did not run here have no points yet.
    shown = "–" if part.status in ("manual", "unchecked") else f"{part.points:g}"
    return f"{shown} / {part.max_points:g}"


def _html_row(part):
    grade_id = html.escape(part.grade_id)
    return (f"<tr><td title='{grade_id}'>{html.escape(part.label or part.grade_id)} "
            f"<small style='color:#999'>{grade_id}</small></td>"
            f"<td>{STATUS_ICONS[part.status]} {message('status_' + part.status)}</td>"
            f"<td style='text-align:right'>{_score(part)}</td><td>{html.escape(part.message)}</td></tr>")


def report_html(result: CheckResult, seconds: float | None = None) -> str:
    """The per-part table of a ``CheckResult`` as HTML, in the current language (each part's grade_id in grey, for an
    instructor)."""
    head = "".join(f"<th>{h}</th>" for h in message("check_columns").split("|"))
    notes = ([f"<p>ℹ️ {html.escape(result.note)}</p>"] if result.note else []) + \
        ([] if result.full else [f"<p>⚠️ {message('check_visible_only')}</p>"])
    timing = f" ({seconds:.1f} s)" if seconds is not None else ""
    return (f"<div class='kaikit-check'><b>{message('check_title', assignment=html.escape(result.assignment))}</b>"
            f"{''.join(notes)}<table><tr>{head}</tr>{''.join(map(_html_row, result.parts))}</table>"
            f"<p><b>{html.escape(result.total())}</b>{timing}</p></div>")


def _width(text):
    """Columns ``text`` takes in a terminal: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _pad(text, width):
    return text + " " * (width - _width(text))


def report_text(result: CheckResult, ids: bool = False) -> str:
    """The per-part table of a ``CheckResult`` for a terminal, aligned for double-width Hangul; the message comes
    last. ``ids``: each part's grade_id, dimmed, for an instructor."""
    rows = [(part.label or part.grade_id, message("status_" + part.status), _score(part), part.message,
             f"  \x1b[2m{part.grade_id}\x1b[0m" if ids else "") for part in result.parts]
    widths = [max((_width(row[column]) for row in rows), default=0) for column in range(3)]
    lines = [message("check_title", assignment=result.assignment)] + ([result.note] if result.note else []) + \
        ([] if result.full else [message("check_visible_only")])
    lines += [f"  {_pad(label, widths[0])}  {_pad(status, widths[1])}  {' ' * (widths[2] - _width(score))}{score}"
              f"  {text}{grade_id}".rstrip() for label, status, score, text, grade_id in rows]
    return "\n".join(lines + [result.total()])


def _inside_a_check():
    """In nbgrader's autograde or validate, or in the kernel a check started: a check there would start another."""
    return bool(os.environ.get("NBGRADER_EXECUTION") or os.environ.get(KERNEL_GUARD))


def check(assignment: str, path: str | Path | None = None) -> CheckResult | None:
    """Grade your saved exercise notebook as the instructor's autograder would (hidden tests included) and show a
    table of parts: points, passed / failed / not attempted, and each visible test's message.

    Save the notebook first (Ctrl+S): the check grades the file on disk, and refuses if cells you ran are not saved.
    """
    if _inside_a_check():
        return None
    # The engine lives with the instructor's grading (kaikit.grading.checking) and loads nbformat and nbgrader: it is
    # imported here, when a learner asks for a check, never by ``import kaikit``. This is the one door from the
    # learner's library to the instructor's toolkit (tests/unit/test_layers.py).
    from .grading.checking import NotebookProblem, check_notebook, read_learner, resolve, unsaved_cells

    namespace = _user_namespace()
    notebook = path or locate(assignment, namespace)
    try:
        resolve(notebook, assignment)          # a misspelled exercise name: the nearest one is suggested
        read_learner(notebook)                 # missing, unreadable, a lesson
        stale = unsaved_cells(notebook, namespace.get("In", [])[1:]) if namespace else []
        if stale:
            _show(f"<p>⚠️ {message('check_unsaved', count=len(stale))}</p>")
            return None
        _show(f"<p>{message('check_running')}</p>")
        start = time.perf_counter()
        result = check_notebook(notebook, assignment)
    except NotebookProblem as problem:
        _note(str(problem))
        return None
    record(result)
    _show(report_html(result, time.perf_counter() - start))
    return result


def _user_namespace():
    try:
        from IPython import get_ipython
    except ImportError:
        return {}
    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def progress(assignment: str | None = None) -> dict:
    """A small table of every assignment's best checked score so far and, once the instructor has released
    feedback, the grade it gave. With ``assignment``: that grade part by part (from the released feedback page,
    ``kaikit.released_feedback``); returns what it showed."""
    released = find_feedback()
    if assignment is not None:
        return _show_released(assignment, released.get(assignment))
    best = read_progress()
    rows = []
    for name in known_assignments():   # solutions/ or exercises/: a student copy has no solutions/
        entry, graded = best.get(name), released.get(name)
        score = f"{entry['best']:g} / {entry['max']:g}" if entry else "–"
        when = entry.get("checked", "") if entry else message("progress_not_yet")
        given = _points(graded.get("score"), graded.get("max_score")) if graded else "–"
        rows.append(f"<tr><td>{html.escape(name)}</td><td>{score}</td><td>{html.escape(when)}</td>"
                    f"<td>{html.escape(given)}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in message("progress_columns").split("|"))
    _show(f"<b>{message('progress_title')}</b><table><tr>{head}</tr>{''.join(rows)}</table>")
    return best


def _points(score, points):
    return message("progress_not_graded") if score is None else f"{score:g} / {points:g}"


def _show_released(assignment, graded):
    """The instructor's grade of ``assignment`` per part, or a note that no feedback has been released yet."""
    if graded is None:
        _note(message("progress_no_feedback", assignment=assignment))
        return {}
    rows = []
    for part in graded.get("parts", []):
        label = message("check_part", number=part["part"]) if part.get("part") else part["grade_id"]
        label = message("progress_written", part=label) if part.get("written") else label
        rows.append(f"<tr><td title='{html.escape(part['grade_id'])}'>{html.escape(label)}</td>"
                    f"<td style='text-align:right'>{_points(part.get('score'), part.get('points'))}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in message("progress_released_columns").split("|"))
    late = graded.get("late_penalty") or 0
    notes = f"<p>{html.escape(message('progress_late', penalty=f'{late:g}'))}</p>" if late else ""
    title = message("progress_released_title", assignment=html.escape(assignment),
                    score=_points(graded.get("score"), graded.get("max_score")))
    _show(f"<b>{title}</b>{notes}<table><tr>{head}</tr>{''.join(rows)}</table>")
    return graded


def locate(assignment: str, namespace: dict | None = None) -> Path:
    """The learner's notebook: the kernel's own session path when Jupyter gives it and its name contains the
    exercise's (a renamed copy such as ``ex03_models-Copy1.ipynb`` is checked, not the original), else
    ``<assignment>.ipynb`` in the working directory."""
    session = (namespace or {}).get("__session__") or os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb") and assignment in Path(session).stem and Path(session).exists():
        return Path(session)
    return Path.cwd() / f"{assignment}.ipynb"


# --- progress --------------------------------------------------------------------------------------------------

def kaikit_home() -> Path:
    """Where the kit keeps what it remembers for a learner: ``~/.kaikit``, or ``KAIKIT_HOME``."""
    return Path(os.environ.get("KAIKIT_HOME", Path.home() / ".kaikit"))


def progress_path() -> Path:
    return kaikit_home() / "progress.json"


def read_progress() -> dict[str, dict]:
    """Best scores so far ({assignment: {"best", "max", "checked"}}); a corrupt file is set aside, never lost."""
    path = progress_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a mapping")
        return {k: v for k, v in data.items() if isinstance(v, dict) and {"best", "max"} <= set(v)}
    except (ValueError, OSError):
        stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
        path.rename(path.with_name(f"progress.corrupt-{stamp}.json"))
        return {}


def record(result: CheckResult) -> dict[str, dict]:
    """Keep ``result`` in the progress file if it is the assignment's best (full checks only)."""
    if not result.full:
        return read_progress()
    progress = read_progress()
    previous = progress.get(result.assignment, {})
    best = max(result.points, previous.get("best", 0))
    progress[result.assignment] = {"best": best, "max": result.max_points,
                                   "checked": datetime.datetime.now().isoformat(timespec="seconds")}
    path = progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(progress, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)
    return progress
