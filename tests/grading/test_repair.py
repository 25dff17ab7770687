"""`kaikit repair`: a mangled submission that plain `nbgrader autograde` cannot grade becomes gradable, the original
is kept, and nbgrader's false checksum warning (its issue #1961) is gone for untouched tests."""
import copy

import adversarial
import nbformat

from kaikit._paths import REPO_ROOT
from kaikit.grading.cli import main

ASSIGNMENT = "ex05_pipeline"


def submit(course, student, notebook):
    folder = course.root / "grading" / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
    return folder / f"{ASSIGNMENT}.ipynb"


def test_repair_makes_a_duplicated_cell_gradable_and_keeps_the_original(course, capsys):
    course.release(ASSIGNMENT)
    released = nbformat.read(course.release_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    solutions = nbformat.read(REPO_ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    good = adversarial.solved(released, solutions)
    path = submit(course, "copier", adversarial.duplicated(released, copy.deepcopy(good), {}))
    untouched = submit(course, "idle", released)
    original = path.read_bytes()

    before = course.api.autograde(ASSIGNMENT, "copier", force=True, create=True)
    assert not before["success"], "plain nbgrader aborts on a duplicated grade_id (the case we repair)"
    idle = course.api.autograde(ASSIGNMENT, "idle", force=True, create=True)
    assert "Attribute 'checksum'" in idle["log"], "nbgrader's false warning for untouched hidden tests (#1961)"

    assert main(["--course", str(course.root), "--lang", "en", "repair", ASSIGNMENT]) == 0
    printed = capsys.readouterr().out
    assert "copier" in printed and "duplicated" in printed
    kept = course.root / "grading" / "originals" / "copier" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert kept.read_bytes() == original, "the student's original is kept byte for byte"

    after = course.api.autograde(ASSIGNMENT, "copier", force=True, create=True)
    assert after["success"]
    total = sum(c.metadata.nbgrader["points"] for c in adversarial.test_cells(released))
    assert course.code_score(ASSIGNMENT, "copier") == (total, total)
    idle = course.api.autograde(ASSIGNMENT, "idle", force=True, create=True)
    assert idle["success"] and "Attribute 'checksum'" not in idle["log"]
    assert untouched.exists()

    # Repairing again changes nothing more: the repaired file is clean.
    repaired = path.read_bytes()
    main(["--course", str(course.root), "repair", ASSIGNMENT])
    assert path.read_bytes() == repaired and kept.read_bytes() == original


def test_grade_and_export_from_the_command_line(course, tmp_path, capsys):
    course.release(ASSIGNMENT)
    released = nbformat.read(course.release_dir / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    assert main(["--course", str(course.root), "--lang", "en", "grade", ASSIGNMENT]) == 1
    assert "No submissions to grade" in capsys.readouterr().out
    submit(course, "idle", released)
    assert main(["--course", str(course.root), "--lang", "en", "grade", ASSIGNMENT]) == 0
    printed = capsys.readouterr().out
    assert " 1/1 " in printed and "idle: -" in printed and "1 of 1 submission graded; 0 flagged" in printed
    assert main(["--course", str(course.root), "export", "--to", str(tmp_path / "grades.csv")]) == 0
    import csv
    rows = list(csv.DictReader(open(tmp_path / "grades.csv", encoding="utf-8")))
    assert [(r["assignment"], r["student_id"], float(r["score"])) for r in rows] == [(ASSIGNMENT, "idle", 0.0)]
