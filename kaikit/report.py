"""What a learner sees: ``kk.check`` (grade my saved notebook) and ``kk.progress`` (my best scores)."""
import html
import os
import time

from .checking import NotebookProblem, grade, locate, read_progress, record, unsaved_cells
from .i18n import message
from .paths import REPO_ROOT

STATUS_ICONS = {"passed": "✅", "failed": "❌", "not_attempted": "⬜", "manual": "📝"}


def _show(markup):
    from IPython.display import HTML, display

    display(HTML(markup))


def report_html(result, seconds=None):
    """The per-part table of a ``CheckResult`` as HTML, in the current language."""
    rows = "".join(
        f"<tr><td>{html.escape(part.grade_id)}</td><td>{STATUS_ICONS[part.status]} "
        f"{message('status_' + part.status)}</td><td style='text-align:right'>"
        f"{'' if part.status == 'manual' else f'{part.points:g}'} / {part.max_points:g}</td>"
        f"<td>{html.escape(part.message)}</td></tr>"
        for part in result.parts)
    head = "".join(f"<th>{h}</th>" for h in message("check_columns").split("|"))
    note = "" if result.full else f"<p>⚠️ {message('check_visible_only')}</p>"
    timing = f" ({seconds:.1f} s)" if seconds is not None else ""
    return (f"<div class='kaikit-check'><b>{message('check_title', assignment=html.escape(result.assignment))}</b>"
            f"{note}<table><tr>{head}</tr>{rows}</table>"
            f"<p><b>{message('check_total', points=f'{result.points:g}', max_points=f'{result.max_points:g}')}</b>"
            f"{timing}</p></div>")


def check(assignment, path=None):
    """Grade your saved exercise notebook as the instructor's autograder would (hidden tests included) and show a
    table of parts: points, passed / failed / not attempted, and each visible test's message.

    Save the notebook first (Ctrl+S): the check grades the file on disk, and refuses if cells you ran are not saved.
    """
    if os.environ.get("NBGRADER_EXECUTION"):  # inside nbgrader's own autograde or validate: nothing to do
        return None
    namespace = _user_namespace()
    notebook = path or locate(assignment, namespace)
    if not os.path.exists(notebook):
        _show(f"<p>⚠️ {message('check_missing', path=html.escape(str(notebook)))}</p>")
        return None
    stale = unsaved_cells(notebook, namespace.get("In", [])[1:]) if namespace else []
    if stale:
        _show(f"<p>⚠️ {message('check_unsaved', count=len(stale))}</p>")
        return None
    _show(f"<p>{message('check_running')}</p>")
    start = time.perf_counter()
    try:
        result = grade(notebook, assignment, REPO_ROOT / "solutions")
    except NotebookProblem as problem:
        _show(f"<p>⚠️ {html.escape(str(problem))}</p>")
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
    from .course import Course

    best = read_progress()
    rows = []
    for assignment in Course().assignments():
        entry = best.get(assignment)
        score = f"{entry['best']:g} / {entry['max']:g}" if entry else "–"
        when = entry.get("checked", "") if entry else message("progress_not_yet")
        rows.append(f"<tr><td>{html.escape(assignment)}</td><td>{score}</td><td>{html.escape(when)}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in message("progress_columns").split("|"))
    _show(f"<b>{message('progress_title')}</b><table><tr>{head}</tr>{''.join(rows)}</table>")
    return best
