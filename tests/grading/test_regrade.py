"""Regrading never loses a grade a person gave: reruns, one student, a fixed test, --force; held points lifted only
when nobody reviewed them; late work and LMS-named files. Grades are set as formgrader's API sets them."""
import csv
import json
import os

import adversarial
import nbformat
import pytest

from kaikit.grading.batch import grade_submissions

ASSIGNMENT = "ex00_start"
pytestmark = pytest.mark.xdist_group("regrade")


def formgrader_put(course, student, grade_id, manual_score=None, comment=None, extra_credit=None):
    """What formgrader's ``PUT /formgrader/api/grade/<id>`` and ``/comment/<id>`` do to the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        grade_row = gradebook.find_grade(grade_id, ASSIGNMENT, ASSIGNMENT, student)
        grade_row.manual_score, grade_row.extra_credit = manual_score, extra_credit
        grade_row.needs_manual_grade = grade_row.manual_score is None and grade_row.auto_score is None
        if comment is not None:
            gradebook.find_comment(grade_id, ASSIGNMENT, ASSIGNMENT, student).manual_comment = comment
        gradebook.db.commit()


def gradebook_row(course, student, grade_id):
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        row = gradebook.find_grade(grade_id, ASSIGNMENT, ASSIGNMENT, student)
        try:   # only answer cells have comments
            comment = gradebook.find_comment(grade_id, ASSIGNMENT, ASSIGNMENT, student).manual_comment
        except MissingEntry:
            comment = None
        flagged = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student).flagged
        return row.manual_score, row.auto_score, row.extra_credit, comment, flagged


def submit(course, student, notebook, name=None, timestamp=None):
    folder = course.root / "grading" / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.ipynb"):
        old.unlink()
    nbformat.write(notebook, folder / (name or f"{ASSIGNMENT}.ipynb"))
    if timestamp:
        (folder / "timestamp.txt").write_text(timestamp)
    return folder


@pytest.fixture
def cohort(course):
    course.release(ASSIGNMENT)
    released = nbformat.read(course.release_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    solutions = nbformat.read(course.source_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    good = adversarial.solved(released, solutions)
    written = next(c for c in good.cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade"))
    written.source = "Korea trains many engineers, but the pipeline is shrinking."
    tests = adversarial.test_cells(released)
    return {"course": course, "released": released, "good": good, "written": written.metadata.nbgrader["grade_id"],
            "test": tests[0].metadata.nbgrader["grade_id"], "solutions": solutions}


def run(course, **options):
    lines = []
    outcomes = {o.student: o for o in grade_submissions(course, ASSIGNMENT, jobs=1, report=lines.append, **options)}
    return outcomes, "\n".join(lines)


def test_no_rerun_loses_a_grade_a_person_gave(cohort):
    course, good, written, test = cohort["course"], cohort["good"], cohort["written"], cohort["test"]
    submit(course, "kim", good)
    submit(course, "lee", adversarial.wrong(good))
    first, _ = run(course)
    formgrader_put(course, "kim", written, 2.0, comment="Clear and sourced.")
    formgrader_put(course, "lee", test, 1.0, extra_credit=0.5)
    kim_grade, lee_grade = gradebook_row(course, "kim", written), gradebook_row(course, "lee", test)

    # 1. A plain rerun grades nothing again, says so, and keeps everything.
    again, said = run(course)
    assert "kim, lee" in said and all(o.unchanged for o in again.values())
    assert gradebook_row(course, "kim", written) == kim_grade and gradebook_row(course, "lee", test) == lee_grade
    assert again["kim"].written == 0 and again["kim"].score == first["kim"].score

    # 2. --force regrades everyone and still keeps what people gave.
    forced, said = run(course, force=True)
    assert not any(o.unchanged for o in forced.values())
    assert gradebook_row(course, "kim", written)[:4] == kim_grade[:4]
    assert gradebook_row(course, "lee", test)[:4] == lee_grade[:4]
    assert not forced["kim"].flags, "nothing changed under the grades, so nothing to review"

    # 3. One student resubmits (--student): the new answer is graded, the person's grade stays and is flagged.
    changed = nbformat.reads(nbformat.writes(good), as_version=4)
    next(c for c in changed.cells if c.metadata.get("nbgrader", {}).get("grade_id") == written).source = "Changed."
    submit(course, "kim", changed)
    one, said = run(course, students=["kim", "kimm"])
    assert list(one) == ["kim"] and "kimm" in said, "an unknown student is named, not graded"
    manual, _, _, comment, flagged = gradebook_row(course, "kim", written)
    assert (manual, comment, flagged) == (2.0, "Clear and sourced.", True)
    assert ("review_grade", f"{written}|2") in one["kim"].flags
    assert gradebook_row(course, "lee", test) == lee_grade, "another student's grade is not touched"

    # 4. The instructor relaxes the test lee's override was about (so that lee's answer passes), then `make release`
    # and `make grade`: everyone is graded again, lee's override stays and is flagged, since it may no longer fit.
    auto_before = lee_grade[1]
    source = course.source_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(source, as_version=4)
    next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == test).source = \
        "assert True, 'relaxed'"
    nbformat.write(notebook, source)
    course.release(ASSIGNMENT)
    fixed, said = run(course)
    assert not any(o.unchanged for o in fixed.values()), "a changed test regrades every submission"
    manual, auto_after, extra, _, flagged = gradebook_row(course, "lee", test)
    assert (manual, extra, flagged) == (1.0, 0.5, True) and auto_after != auto_before
    assert ("review_grade", f"{test}|1|{auto_before:g}|{auto_after:g}") in fixed["lee"].flags
    assert gradebook_row(course, "kim", written)[:4] == (2.0, *kim_grade[1:4])


def test_held_points_are_lifted_only_when_nobody_reviewed_them(cohort):
    course, good, test = cohort["course"], cohort["good"], cohort["test"]
    tamper = adversarial.after_setup(nbformat.reads(nbformat.writes(good), as_version=4),
                                     adversarial.free_cell("import math\nmath.isclose = lambda *a, **k: True"))
    submit(course, "cho", tamper)
    submit(course, "yoon", tamper)
    held, _ = run(course)
    assert held["cho"].score == 0 and ("withheld", "") in held["cho"].flags
    formgrader_put(course, "yoon", test, 1.0)          # reviewed: yoon's patch was harmless, a point restored
    again, _ = run(course, force=True)
    assert gradebook_row(course, "yoon", test)[0] == 1.0, "a reviewed hold is never re-zeroed"
    assert again["cho"].score == 0
    submit(course, "cho", good)                         # cho resubmits honest work: the kit's own hold is lifted
    clean, _ = run(course, students=["cho"])
    assert clean["cho"].score == clean["cho"].max_score and not clean["cho"].flags


def test_late_work_is_reported_and_penalised_by_the_course_rule(cohort):
    course, good = cohort["course"], cohort["good"]
    config = course.root / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nc.LatePenalty.percent_per_day = 10\n")
    from kaikit.grading.course import Course
    course = Course(course.root)
    submit(course, "early", good, timestamp="2026-12-01 10:00:00 UTC")
    submit(course, "late", good, timestamp="2026-12-03 11:00:00 UTC")
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url) as gradebook:
        gradebook.update_or_create_assignment(ASSIGNMENT, duedate="2026-12-02 12:00:00 UTC")
    outcomes, said = run(course)
    late, early = outcomes["late"], outcomes["early"]
    assert early.seconds_late == 0 and not early.flags
    assert late.seconds_late == 23 * 3600 and late.late_penalty == pytest.approx(0.1 * late.score)
    assert "late: 23 h after the due date" in late.reasons() or "23시간" in late.reasons()
    assert "late" in said
    with open(course.root / "grading" / "integrity.csv", newline="", encoding="utf-8") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert rows["late"]["seconds_late"] == str(23 * 3600) and float(rows["late"]["late_penalty"]) > 0
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, "late")
        assert submission.late_submission_penalty == pytest.approx(late.late_penalty)
        # A later due date (an extension for everyone) takes effect on the next run, with nothing regraded.
        gradebook.update_or_create_assignment(ASSIGNMENT, duedate="2026-12-04 12:00:00 UTC")
    rerun, _ = run(course)
    assert rerun["late"].unchanged and rerun["late"].seconds_late == 0 and rerun["late"].late_penalty == 0


def test_a_notebook_named_by_an_lms_is_graded_when_it_is_the_only_one(cohort):
    """...and otherwise a message says what to rename; integrity.csv then reads in one language, reasons never cut."""
    from kaikit.i18n import set_language

    course, good = cohort["course"], cohort["good"]
    submit(course, "choi", good, name=f"{ASSIGNMENT} (1).ipynb")
    folder = submit(course, "han", good, name=f"{ASSIGNMENT}-Copy1.ipynb")
    long_name = "kimminji_12345_67890_" + "a_notebook_with_a_really_long_name_" * 5 + ".ipynb"
    nbformat.write(good, folder / long_name)
    (course.root / "grading" / "submitted" / "lim" / ASSIGNMENT).mkdir(parents=True)
    outcomes, said = run(course)                        # in Korean
    choi, han, lim = outcomes["choi"], outcomes["han"], outcomes["lim"]
    assert choi.score == choi.max_score and choi.flags == [("renamed_file", f"{ASSIGNMENT} (1).ipynb → "
                                                                           f"{ASSIGNMENT}.ipynb")]
    assert han.status == lim.status == "not_graded" and han.score == 0 and "이름을 바꾸세요" in said
    assert [code for code, _ in han.flags] == ["several_notebooks"]
    assert [code for code, _ in lim.flags] == ["no_notebook"]
    # formgrader, feedback and the export see the same 0 for both, and the reason is in the notebook formgrader shows.
    assert course.api.get_autograded_students(ASSIGNMENT) == {"choi", "han", "lim"}
    shown = nbformat.read(course.root / "grading" / "autograded" / "han" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                          as_version=4)
    assert "could not be autograded" in shown.cells[0].source and f"{ASSIGNMENT}-Copy1.ipynb" in shown.cells[0].source

    set_language("en")
    run(course, students=["choi"], force=True)          # in English: han's and lim's rows are rewritten, not regraded
    with open(course.root / "grading" / "integrity.csv", newline="", encoding="utf-8") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert "several notebooks" in rows["han"]["reasons"] and "graded the folder" in rows["choi"]["reasons"]
    assert not any("\uac00" <= ch <= "\ud7a3" for row in rows.values() for ch in row["reasons"]), "no Korean left"
    assert long_name in rows["han"]["reasons"], "a reason is never cut"
    assert json.loads(rows["lim"]["details"]) == [["no_notebook", f"{ASSIGNMENT}.ipynb"]]


def test_a_misspelled_assignment_gets_the_nearest_name_not_a_traceback(course, capsys):
    from kaikit.grading.cli import main

    for command in ("grade", "feedback"):
        assert main(["--course", str(course.root), "--lang", "en", command, "ex00_strat"]) == 2
        said = capsys.readouterr().err
        assert "There is no assignment 'ex00_strat'. Did you mean 'ex00_start'?" in said and "Traceback" not in said


def test_make_takes_lang_from_its_command_line(monkeypatch):
    import subprocess

    from kaikit._paths import REPO_ROOT
    from kaikit.grading.cli import default_language

    run = subprocess.run(["make", "-s", "grade", "A=ex00_strat", "LANG=en"], cwd=REPO_ROOT, capture_output=True,
                         text=True, env={**os.environ, "LANG": "ko_KR.UTF-8"})
    assert "Did you mean 'ex00_start'?" in run.stderr and "Traceback" not in run.stderr
    # make turns its LANG= into KAIKIT_LANG; a locale the system sets (LANG=en_US.UTF-8) never reaches the kit.
    assert "KAIKIT_LANG" not in subprocess.run(["make", "-s", "-p", "help"], cwd=REPO_ROOT, capture_output=True,
                                               text=True, env={**os.environ, "LANG": "en_US.UTF-8"}).stdout
    for variable, expected in [("en", "en"), ("en_US.UTF-8", "en"), ("ko", "ko"), ("fr", "ko"), ("", "ko")]:
        monkeypatch.setenv("KAIKIT_LANG", variable)
        assert default_language() == expected


def test_grades_entered_through_formgrader_survive_a_forced_regrade(cohort, tmp_path):
    """The real formgrader (JupyterLab's nbgrader extension, over HTTP) stores a score and a comment; `kaikit grade
    --force` keeps both; and a submission nothing could be graded in is 'autograded' there with the export's 0."""
    import urllib.request

    from browser import jupyterlab
    from nbgrader.api import Gradebook

    course, good, written = cohort["course"], cohort["good"], cohort["written"]
    submit(course, "kim", good)
    (course.root / "grading" / "submitted" / "lim" / ASSIGNMENT).mkdir(parents=True)
    (course.root / "grading" / "submitted" / "lim" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text("{broken")
    run(course)
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        grade_row = gradebook.find_grade(written, ASSIGNMENT, ASSIGNMENT, "kim")
        grade_key, comment_key = grade_row.id, gradebook.find_comment(written, ASSIGNMENT, ASSIGNMENT, "kim").id

    with jupyterlab(course.root, tmp_path) as (base, token):
        def call(path, body=None):
            request = urllib.request.Request(f"{base}/formgrader/api/{path}", method="PUT" if body else "GET",
                                             data=json.dumps(body).encode() if body else None,
                                             headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())

        call(f"grade/{grade_key}", {"manual_score": 2.0})
        call(f"comment/{comment_key}", {"manual_comment": "Clear and sourced."})
        run(course, force=True)
        assert call(f"grade/{grade_key}")["manual_score"] == 2.0
        assert call(f"comment/{comment_key}")["manual_comment"] == "Clear and sourced."
        listed = {s["student"]: s for s in call(f"submissions/{ASSIGNMENT}")}
        assert listed["lim"]["autograded"] and listed["lim"]["score"] == 0
        assert listed["kim"]["score"] == listed["kim"]["max_score"], "every automatic point plus the written 2"
