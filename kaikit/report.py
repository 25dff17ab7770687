"""What a learner sees: ``kk.check`` (grade my saved notebook) and ``kk.progress`` (my best scores)."""
import html
import os
import time
import unicodedata

from .checking import (KERNEL_GUARD, NotebookProblem, grade, known_assignments, locate, read_learner, read_progress,
                       record, resolve, unsaved_cells)
from .i18n import message

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


def report_html(result, seconds=None):
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


def report_text(result, ids=False):
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


def check(assignment, path=None):
    """Grade your saved exercise notebook as the instructor's autograder would (hidden tests included) and show a
    table of parts: points, passed / failed / not attempted, and each visible test's message.

    Save the notebook first (Ctrl+S): the check grades the file on disk, and refuses if cells you ran are not saved.
    """
    if _inside_a_check():
        return None
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
        result = grade(notebook, assignment)
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


def progress():
    """A small table of every assignment's best checked score so far."""
    best = read_progress()
    rows = []
    for assignment in known_assignments():   # solutions/ or exercises/: a student copy has no solutions/
        entry = best.get(assignment)
        score = f"{entry['best']:g} / {entry['max']:g}" if entry else "–"
        when = entry.get("checked", "") if entry else message("progress_not_yet")
        rows.append(f"<tr><td>{html.escape(assignment)}</td><td>{score}</td><td>{html.escape(when)}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in message("progress_columns").split("|"))
    _show(f"<b>{message('progress_title')}</b><table><tr>{head}</tr>{''.join(rows)}</table>")
    return best
