"""``kaikit report ASSIGNMENT``: item analysis for the instructor — which parts of an exercise the class found hard,
which parts tell strong work from weak, what learners were told when they failed, and which parts look broken.

It only reads: nbgrader's gradebook (scores), the autograded notebooks in ``grading/autograded/`` (the errors the
tests raised) and the released exercise (what an untouched answer looks like). Nothing here changes a grade.

The figures are computed by a pure function on a plain score table (``item_statistics``), so they can be checked by
hand; ``class_report`` gathers the table, ``write_report`` writes ``grading/reports/<assignment>.csv`` and an HTML
page per language, ``summary_lines`` is the terminal's one-screen summary.

A failing test's message is reduced exactly as a learner's "check my work" reduces it
(``kaikit.grading.checking``): a visible assert's own message, the kit's sentence for a hidden test, never hidden code.
"""
import base64
import html
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from ..i18n import LANGUAGES, N_, get_language, in_language, message
from ..self_check import _pad, _width

CSV_COLUMNS = ["grade_id", "points", "mean", "full_marks_share", "not_attempted_share", "discrimination", "label",
               "failing_share", "not_graded_yet", "flags", "top_message"]
GROUP_SHARE = 0.27        # Kelley's upper and lower groups: 27% of the class each
FEWEST_FOR_GROUPS = 4     # below this, a top and a bottom group say nothing: discrimination is NaN
WEAK = 0.5                # a part fewer than half the class got full marks on is "weak" in the summary
FLAG_ALL_FAIL = N_("report_flag_all_fail")
FLAG_HIDDEN = N_("report_flag_hidden_fails_full")


# --- the statistics (pure) ----------------------------------------------------------------------------------------

def discrimination(shares: pd.Series, rest: pd.Series) -> float:
    """Kelley's upper–lower index of one part: students ranked by ``rest`` (their total on the *other* parts), the
    mean share of the part's points earned by the top 27% minus that of the bottom 27% (at least one student each).

    The part itself is left out of the ranking: counted in, it would push its own index up (a student ranked high
    partly *because* they passed it). Students not graded on the part (NaN) are left out; in ``rest`` a written
    answer still waiting for a person counts 0. Ties in ``rest`` keep the students' order. NaN with fewer than 4
    students: one student per group would make it 1, 0 or −1 by chance.

    >>> shares = pd.Series([1.0, 1.0, 0.0, 0.0]); rest = pd.Series([9, 8, 2, 1])
    >>> discrimination(shares, rest)       # top group [1.0], bottom group [0.0]
    1.0
    >>> discrimination(shares[:3], rest[:3])
    nan
    """
    shares, rest = shares.dropna(), rest[shares.dropna().index]
    if len(shares) < FEWEST_FOR_GROUPS:
        return math.nan
    group = max(1, round(GROUP_SHARE * len(shares)))
    ranked = shares[rest.sort_values(ascending=False, kind="stable").index]
    return float(ranked.iloc[:group].mean() - ranked.iloc[-group:].mean())


def item_statistics(scores: pd.DataFrame, maxima: dict, attempted: pd.DataFrame | None = None,
                    labels: dict | None = None) -> pd.DataFrame:
    """One row per graded cell of a score table (rows: students; columns: grade_ids; values: points, NaN for a
    written answer not graded yet). ``attempted`` (same shape, bools): whether the student changed the answer the
    part checks (None: everyone did). Columns:

    - ``points``: the part's maximum; ``mean``: mean points among students graded on it (NaN: not graded yet — left
      out, never counted as 0); ``not_graded_yet``: how many wait for a person;
    - ``full_marks_share``: share of graded students with all its points;
    - ``not_attempted_share``: share of all students who left the answer as released;
    - ``failing_share``: share of graded students *who attempted it* who got 0;
    - ``discrimination``: Kelley's upper–lower index (``discrimination``), on the share of the part's points, students
      ranked by their total over the other parts. 1: only the strongest pass; 0: no difference; below 0: the weaker
      students do better (look at the test).

    >>> scores = pd.DataFrame({"a": [1, 1, 0, 0], "b": [2, 2, 0, 0], "c": [1, 1, 1, 1]})
    >>> table = item_statistics(scores, {"a": 1, "b": 2, "c": 1})
    >>> table.set_index("grade_id")[["mean", "full_marks_share", "discrimination"]].to_dict("index")["a"]
    {'mean': 0.5, 'full_marks_share': 0.5, 'discrimination': 1.0}
    >>> table["discrimination"].tolist()     # b: the same students pass; c: everyone passes
    [1.0, 1.0, 0.0]
    """
    scores = scores.astype(float)
    attempted = pd.DataFrame(True, index=scores.index, columns=scores.columns) if attempted is None else attempted
    totals = scores.fillna(0).sum(axis=1)
    rows = []
    for grade_id in scores.columns:
        column, maximum = scores[grade_id], float(maxima[grade_id])
        graded, tried = column.dropna(), attempted[grade_id].astype(bool)
        shares = column / maximum if maximum else column * math.nan
        tried_and_graded = graded[tried[graded.index]]
        rows.append({
            "grade_id": grade_id,
            "label": (labels or {}).get(grade_id, grade_id),
            "points": maximum,
            "mean": graded.mean() if len(graded) else math.nan,
            "full_marks_share": (graded >= maximum).mean() if len(graded) else math.nan,
            "not_attempted_share": float((~tried).mean()) if len(tried) else math.nan,
            "failing_share": (tried_and_graded == 0).mean() if len(tried_and_graded) else math.nan,
            "discrimination": discrimination(shares, totals - column.fillna(0)),
            "not_graded_yet": int(column.isna().sum()),
        })
    return pd.DataFrame(rows, columns=[c for c in CSV_COLUMNS if c not in ("flags", "top_message")])


def part_flags(scores: pd.DataFrame, maxima: dict, attempted: pd.DataFrame | None, automatic: set,
               hidden: set) -> dict:
    """{grade_id: [flag keys]} for automatic parts that look broken rather than hard:

    - ``report_flag_all_fail``: everyone who attempted it (two at least) got 0 — a test no answer can pass?
    - ``report_flag_hidden_fails_full``: a part with hidden tests failed by at least half of the submissions that
      earned full marks on every *other* automatic part — hidden tests that full solutions fail.

    >>> scores = pd.DataFrame({"a": [1, 1, 0], "h": [0, 0, 0]})
    >>> part_flags(scores, {"a": 1, "h": 2}, None, {"a", "h"}, {"h"})
    {'a': [], 'h': ['report_flag_all_fail', 'report_flag_hidden_fails_full']}
    """
    attempted = pd.DataFrame(True, index=scores.index, columns=scores.columns) if attempted is None else attempted
    full = scores.ge(pd.Series(maxima, dtype=float)[scores.columns])
    flags = {}
    for grade_id in scores.columns:
        flags[grade_id] = []
        if grade_id not in automatic:
            continue
        tried = scores[grade_id][attempted[grade_id].astype(bool)].dropna()
        if len(tried) >= 2 and (tried == 0).all():
            flags[grade_id].append(FLAG_ALL_FAIL)
        others = sorted((automatic & set(scores.columns)) - {grade_id})
        strong = full[others].all(axis=1) if others else pd.Series(False, index=scores.index)
        if grade_id in hidden and strong.any() and (~full[grade_id][strong]).mean() >= 0.5:
            flags[grade_id].append(FLAG_HIDDEN)
    return flags


# --- the class, from the gradebook and the autograded notebooks -------------------------------------------------

@dataclass
class ClassReport:
    """What ``kaikit report`` found for one assignment. Texts a reader sees are kept per language (``labels``,
    ``messages``, ``similarity``) so that both HTML pages can be written from one report."""
    assignment: str
    items: pd.DataFrame                            # item_statistics, with flags and the commonest message
    totals: pd.Series                              # total points per student
    maximum: float                                 # the assignment's maximum
    flags: dict = field(default_factory=dict)      # grade_id -> [flag keys]
    labels: dict = field(default_factory=dict)     # language -> {grade_id: label}
    messages: dict = field(default_factory=dict)   # language -> {grade_id: Counter of messages}
    similarity: dict = field(default_factory=dict)  # language -> SimilarityResult (empty: not available)
    other_cases: dict = field(default_factory=dict)  # student -> whose per-student case their notebook shows


def _learner_failures(graded, exercise, released_answers):
    """{grade_id: (attempted, failure)} of one autograded notebook; ``failure`` builds the learner's message (in the
    current language) for a failed, attempted test, else None."""
    from nbgrader.utils import is_grade, is_solution

    from .checking import _error, _failure, _not_attempted
    from .submission import cell_grade_id

    answers = {cell_grade_id(c): c.source for c in graded.cells if is_solution(c)}
    answer_errors = {cell_grade_id(c): _error(c) for c in graded.cells if is_solution(c) and _error(c) is not None}
    found = {}
    for cell in graded.cells:
        if not is_grade(cell):
            continue
        grade_id = cell_grade_id(cell)
        owner = grade_id if is_solution(cell) else exercise.owners.get(grade_id)
        attempted = not _not_attempted(owner, answers, released_answers)
        error = None if is_solution(cell) else _error(cell)
        failing = attempted and error is not None
        found[grade_id] = (attempted, partial(_failure, error, owner, exercise, answer_errors) if failing else None)
    return found


def _gradebook_scores(course, assignment):
    """(scores, maxima, automatic grade_ids) from nbgrader's gradebook, one row per submission; a written answer
    waiting for a person is NaN."""
    from nbgrader.api import Gradebook, MissingEntry

    rows, maxima, automatic = {}, {}, set()
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        try:
            submissions = gradebook.find_assignment(assignment).submissions
        except MissingEntry:
            submissions = []
        for submission in submissions:
            notebook = gradebook.find_submission_notebook(assignment, assignment, submission.student_id)
            row = {}
            for grade in notebook.grades:
                maxima[grade.name] = float(grade.max_score)
                written = grade.cell_type == "markdown" or grade.auto_score is None
                if not written:
                    automatic.add(grade.name)
                row[grade.name] = math.nan if written and grade.needs_manual_grade else float(grade.score)
            rows[submission.student_id] = row
    return pd.DataFrame.from_dict(rows, orient="index").sort_index(), maxima, automatic


def class_report(course, assignment: str) -> "ClassReport":
    """Item analysis of ``assignment``'s graded submissions (``kaikit grade`` first). Reads only."""
    import nbformat
    from nbgrader.utils import is_solution

    from .checking import _label, read_exercise
    from .course import CourseError
    from .submission import cell_grade_id

    course.require(assignment)
    scores, maxima, automatic = _gradebook_scores(course, assignment)
    if scores.empty:
        raise CourseError(message("report_nothing_graded", assignment=assignment))
    release = course.release_dir / assignment / f"{assignment}.ipynb"
    if not release.is_file():   # what an untouched answer looks like, and each part's name, come from it
        raise CourseError(message("report_not_released", assignment=assignment, path=release))
    released = nbformat.read(release, as_version=4)
    exercise = read_exercise(released)
    in_order = [g for g in exercise.numbers if g in scores.columns]     # the parts as the exercise lists them
    scores = scores[in_order + [g for g in scores.columns if g not in in_order]]
    released_answers = {cell_grade_id(c): c.source for c in released.cells if is_solution(c)}
    coursedir = course.api.coursedir
    attempted = pd.DataFrame(False, index=scores.index, columns=scores.columns)
    failures = {}
    for student in scores.index:
        path = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment), f"{assignment}.ipynb")
        if not path.is_file():    # not gradable (an empty or broken file): nothing was attempted that we can see
            continue
        for grade_id, (tried, failure) in _learner_failures(nbformat.read(path, as_version=4), exercise,
                                                            released_answers).items():
            if grade_id in attempted.columns:
                attempted.loc[student, grade_id] = tried
                if failure is not None and scores.loc[student, grade_id] < maxima[grade_id]:
                    failures.setdefault(grade_id, []).append(failure)

    labels = {language: {g: in_language(language, _label, exercise, g, g in exercise.hidden) for g in scores.columns}
              for language in LANGUAGES}
    messages = {language: {g: Counter(in_language(language, f) for f in failures.get(g, [])) for g in scores.columns}
                for language in LANGUAGES}
    flags = part_flags(scores, maxima, attempted, automatic, exercise.hidden)
    items = item_statistics(scores, maxima, attempted, labels[get_language()])
    items["flags"] = [" ".join(flag.removeprefix("report_flag_") for flag in flags[g]) for g in items["grade_id"]]
    items["top_message"] = [_top(messages[get_language()][g]) for g in items["grade_id"]]
    return ClassReport(assignment, items, scores.fillna(0).sum(axis=1), sum(maxima.values()), flags, labels,
                       messages, _similarity(course, assignment), _other_cases(course, assignment))


def _top(counter):
    return counter.most_common(1)[0][0] if counter else ""


def _similarity(course, assignment):
    """{language: SimilarityResult} (``kaikit.grading.similarity``; its measure is a sentence in each language)."""
    from .similarity import similar_pairs

    return {language: in_language(language, similar_pairs, course, assignment) for language in LANGUAGES}


def _other_cases(course, assignment):
    """{student: whose case their notebook shows}: ``kaikit grade``'s other_identity flags (kaikit.grading.variants)."""
    from .batch import read_integrity, row_flags

    return {row["student"]: detail for row in read_integrity(course) if row["assignment"] == assignment
            for code, detail in row_flags(row) if code == "other_identity"}


# --- the terminal ---------------------------------------------------------------------------------------------

def _percent(share):
    return "–" if share is None or (isinstance(share, float) and math.isnan(share)) else f"{share:.0%}"


def _number(value, digits=2):
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}g}"


def _class_line(report):
    return message("report_class", count=len(report.totals), mean=f"{report.totals.mean():.1f}",
                   maximum=f"{report.maximum:g}")


def _notes(report, row):
    """A part's flags, and how many of its answers still wait for a person (its figures count only those graded)."""
    notes = [message(flag) for flag in report.flags.get(row.grade_id, [])]
    return " ".join(notes + ([message("report_waiting", count=row.not_graded_yet)] if row.not_graded_yet else []))


def summary_lines(report: ClassReport) -> list[str]:
    """One screen for a terminal: class size and mean total, the parts from the hardest (full-marks share) with their
    flags, the commonest message of each weak part, and the similarity hints; aligned for double-width Hangul."""
    language = get_language()
    labels, messages = report.labels[language], report.messages[language]
    items = report.items.sort_values("full_marks_share", kind="stable")
    header = (message("report_column_part"), message("report_column_grade_id"), message("report_column_full"),
              message("report_column_mean"), message("report_column_discrimination"), "")
    rows = [header] + [(labels[row.grade_id], row.grade_id, _percent(row.full_marks_share),
                        f"{_number(row.mean)}/{row.points:g}", _number(row.discrimination), _notes(report, row))
                       for row in items.itertuples()]
    widths = [max(_width(row[column]) for row in rows) for column in range(5)]
    lines = [message("report_title", assignment=report.assignment), _class_line(report)]
    for row in rows:
        left = [_pad(row[column], widths[column]) for column in (0, 1)]
        right = [" " * (widths[column] - _width(row[column])) + row[column] for column in (2, 3, 4)]
        lines.append(("  " + "  ".join(left + right) + "  " + row[5]).rstrip())
    weak = [row.grade_id for row in items.itertuples() if row.full_marks_share < WEAK and messages[row.grade_id]]
    if weak:
        lines.append(message("report_common_mistakes"))
    for grade_id in weak:
        text, times = messages[grade_id].most_common(1)[0]
        lines.append(f"  {labels[grade_id]} · {grade_id}: {text} ({message('report_times', count=times)})")
    similarity = report.similarity.get(language)
    if similarity is not None:
        lines.append(message("report_similar", count=len(similarity.pairs)))
        lines += [f"  {pair.students[0]} – {pair.students[1]}: {pair.score:.2f}" for pair in similarity.pairs[:5]]
    if report.other_cases:
        lines.append(message("report_other_cases", count=len(report.other_cases)))
        lines += [f"  {student} → {shown}" for student, shown in sorted(report.other_cases.items())]
    return lines


# --- the files ------------------------------------------------------------------------------------------------

def _source_line(figure, text):
    """The source line under the chart, as ``kaikit.charts.add_source`` writes it (that one cites a dataset)."""
    figure.tight_layout(rect=(0, 0.07, 1, 1))
    figure.text(0.01, 0.015, text, fontsize=8, color="#555555", ha="left", va="bottom")


def _figure_tag(figure, alt):
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")   # glyphs as paths: Hangul readable offline
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}"></figure>'


def _charts(report, language):
    """(distribution chart, parts chart) as <figure> tags, each with alt text, in the kit's style (set for these
    charts only: the caller's matplotlib settings are restored)."""
    import matplotlib.pyplot as plt

    with plt.rc_context():
        return _draw_charts(report, language)


def _draw_charts(report, language):
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from .. import style

    style.setup(language)
    source = message("report_chart_source", assignment=report.assignment)
    mean = report.totals.mean()

    figure, axes = plt.subplots(figsize=(7, 3.5))
    # One bar per point when there are few points (centred on whole scores), else 20 bars.
    bins = [x - 0.5 for x in range(math.ceil(report.maximum) + 2)] if report.maximum <= 30 else 20
    axes.hist(report.totals, bins=bins, color=style.PALETTE[0])
    axes.axvline(mean, color=style.KOREA_COLOR, linestyle="--")
    axes.set(title=message("report_chart_totals_title", mean=f"{mean:.1f}", maximum=f"{report.maximum:g}"),
             xlabel=message("report_chart_totals_x"), ylabel=message("report_chart_totals_y"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))   # a count of students
    _source_line(figure, source)
    totals = _figure_tag(figure, message("report_chart_totals_alt", count=len(report.totals), mean=f"{mean:.1f}",
                                         maximum=f"{report.maximum:g}", low=f"{report.totals.min():g}",
                                         high=f"{report.totals.max():g}"))

    items = report.items
    labels = [report.labels[language][g] for g in items["grade_id"]]
    figure, axes = plt.subplots(figsize=(7, 0.4 * len(items) + 1.6))
    colours = [style.KOREA_COLOR if report.flags.get(g) else style.PALETTE[0] for g in items["grade_id"]]
    axes.barh(range(len(items)), items["full_marks_share"].fillna(0) * 100, color=colours)
    # Two test cells of one part share a label ("Part 1 (hidden tests)"): the grade_id tells them apart.
    axes.set_yticks(range(len(items)), [f"{label} · {g}" for label, g in zip(labels, items["grade_id"])])
    axes.invert_yaxis()
    # The hardest part among those fully graded: a written answer waiting for a person is not "hard".
    graded = items[items["not_graded_yet"] == 0]
    hardest = (graded if len(graded) else items).sort_values("full_marks_share", kind="stable").iloc[0]
    axes.set(title=message("report_chart_parts_title", part=report.labels[language][hardest.grade_id],
                           share=_percent(hardest.full_marks_share)),
             xlabel=message("report_chart_parts_x"), xlim=(0, 100))
    _source_line(figure, source)
    parts = _figure_tag(figure, message("report_chart_parts_alt", parts=", ".join(
        f"{label} {_percent(share)}" for label, share in zip(labels, items["full_marks_share"]))))
    return totals, parts


def _table(header, rows):
    head = "".join(f"<th scope=\"col\">{html.escape(str(cell))}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


STYLE = ("body{font-family:'NanumGothic','Noto Sans KR',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
         "line-height:1.5}table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;"
         "padding:.25rem .6rem;text-align:left}figure{margin:1rem 0}img{max-width:100%}.flag{color:#b3370b}")


def render_html(report: ClassReport, language: str) -> str:
    """The report as one self-contained HTML page in ``language`` (charts inlined as SVG)."""
    return in_language(language, _html, report, language)


def _html(report, language):
    h = html.escape
    items, labels, messages = report.items, report.labels[language], report.messages[language]
    totals_chart, parts_chart = _charts(report, language)
    parts = [[labels[row.grade_id], row.grade_id, f"{row.points:g}", _number(row.mean), _percent(row.full_marks_share),
              _percent(row.not_attempted_share), _percent(row.failing_share), _number(row.discrimination),
              row.not_graded_yet, " ".join(message(f) for f in report.flags.get(row.grade_id, []))]
             for row in items.itertuples()]
    body = [f"<h1>{h(message('report_title', assignment=report.assignment))}</h1>",
            f"<p>{h(_class_line(report))}</p>",
            f"<p>{h(message('report_no_grade_changed'))}</p>",
            f"<h2>{h(message('report_heading_totals'))}</h2>", totals_chart,
            f"<h2>{h(message('report_heading_parts'))}</h2>", parts_chart,
            _table([message("report_column_part"), message("report_column_grade_id"), message("report_column_points"),
                    message("report_column_mean"), message("report_column_full"),
                    message("report_column_not_attempted"), message("report_column_failing"),
                    message("report_column_discrimination"), message("report_column_not_graded"),
                    message("report_column_flags")], parts),
            f"<p>{h(message('report_reading_discrimination'))}</p>",
            f"<h2>{h(message('report_heading_flags'))}</h2>"]
    flagged = [(f"{labels[g]} ({g})", message(f)) for g, keys in report.flags.items() for f in keys]
    body.append("<ul>" + "".join(f'<li class="flag">{h(label)}: {h(text)}</li>' for label, text in flagged) + "</ul>"
                if flagged else f"<p>{h(message('report_no_flags'))}</p>")
    body.append(f"<h2>{h(message('report_heading_messages'))}</h2>")
    for grade_id in items["grade_id"]:
        body.append(f"<h3>{h(labels[grade_id])} <small>({h(grade_id)})</small></h3>")
        common = messages[grade_id].most_common(5)
        body.append(_table([message("report_column_message"), message("report_column_count")], common)
                    if common else f"<p>{h(message('report_no_messages'))}</p>")
    body.append(f"<h2>{h(message('report_heading_similarity'))}</h2>")
    similarity = report.similarity.get(language)
    if similarity is None:
        body.append(f"<p>{h(message('report_similarity_unavailable'))}</p>")
    else:
        body.append(f"<p>{h(message('report_similarity_hint', threshold=f'{similarity.threshold:g}'))} "
                    f"{h(similarity.measure)}</p>")
        rows = [(f"{p.students[0]} – {p.students[1]}", f"{p.score:.2f}",
                 ", ".join(f"{labels.get(c, c)} · {c}" for c in p.cells)) for p in similarity.pairs]
        body.append(_table([message("report_column_students"), message("report_column_similarity"),
                            message("report_column_cells")], rows) if rows
                    else f"<p>{h(message('report_similarity_none'))}</p>")
    if report.other_cases:
        body.append(f"<p>{h(message('report_other_cases', count=len(report.other_cases)))}</p>")
        body.append(_table([message("report_column_student"), message("report_column_case_of")],
                           sorted(report.other_cases.items())))
    return (f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{h(message('report_title', assignment=report.assignment))}</title><style>{STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def write_report(report: ClassReport, folder: Path | str) -> list[Path]:
    """Write ``<assignment>.csv`` and ``<assignment>.{ko,en}.html`` into ``folder`` (``grading/reports/``); return
    their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"{report.assignment}.csv"
    report.items[CSV_COLUMNS].to_csv(csv_path, index=False, float_format="%.4g")
    written = [csv_path]
    for language in LANGUAGES:
        path = folder / f"{report.assignment}.{language}.html"
        path.write_text(render_html(report, language), encoding="utf-8")
        written.append(path)
    return written
