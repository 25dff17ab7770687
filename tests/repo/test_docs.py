"""The instructor's guide cannot rot: every command it shows exists (make targets, kaikit arguments), every link
resolves, and the grading cycle it documents prints what the guide says it prints."""
import re
import shlex

import nbformat
import pytest

from kaikit._paths import REPO_ROOT
from kaikit.grading.cli import _parser, main

DOCS = sorted((REPO_ROOT / "docs").rglob("*.md"))
# The guide and the README: what they show in ```bash and ```powershell blocks is checked.
SHOWN = [REPO_ROOT / "README.md", *DOCS]
SHOWN_IDS = [str(p.relative_to(REPO_ROOT)) for p in SHOWN]
EXTERNAL = {"git", "cd", "pip", "nbgrader", "jupyter", "mkdir", "cp", "systemctl", "tljh-config", "helm",
            "jupyter-repo2docker", "conda"}
# Pythons a guide runs: `python -m kaikit ...` must be a kaikit command line; `-m pip` and `-m venv` set one up.
PYTHONS = {"python", "python3", "py", ".venv/bin/python", ".venv\\Scripts\\python"}


def code_blocks(path, language):
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def commands(path, language="bash", separator="&&"):
    """The commands of a guide's ``language`` blocks, one per line or per ``separator`` (bash's &&, PowerShell's ;)."""
    for block in code_blocks(path, language):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line and not line.startswith("#"):
                yield from (command.strip() for command in line.split(separator))


def check_python(words, where):
    """A Python command line a guide shows (``words``): one of the kit's (``-m kaikit`` with arguments it accepts) or
    setting one up (``-m pip``, ``-m venv``), or ``-m http.server`` (to look at the built site)."""
    assert words[0] in PYTHONS and words[1] == "-m", f"{where}: {' '.join(words)!r}"
    if words[2] == "kaikit":
        _parser().parse_args(words[3:])   # SystemExit (a failed test) if the guide shows wrong arguments
    else:
        known = ("pip", "venv", "http.server")
        assert words[2] in known, f"{where}: {' '.join(words)!r} is not a command the kit knows"


def make_targets():
    return set(re.findall(r"^([a-z][a-z-]*):", (REPO_ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M))


@pytest.mark.parametrize("path", SHOWN, ids=SHOWN_IDS)
def test_every_command_in_the_guide_exists(path):
    targets = make_targets()
    for line in commands(path):
        words = shlex.split(line)
        if words[0] == "sudo":
            words = [w for w in words[1:] if not w.startswith("-")]
        for path_given in (part for word in words for part in word.split("=") if part.startswith("deploy/")):
            assert (REPO_ROOT / path_given).is_file(), f"{path.name}: no such file in {line!r}"
        if words[0] in PYTHONS:
            check_python(words, path.name)
        elif "/" in words[0]:  # one of the kit's scripts
            assert (REPO_ROOT / words[0]).is_file(), f"{path.name}: no such script in {line!r}"
        elif words[0] == "make":
            assert all(w in targets for w in words[1:] if "=" not in w), f"{path.name}: unknown target in {line!r}"
        elif words[0] == "kaikit":
            _parser().parse_args(words[1:])   # SystemExit (a failed test) if the guide shows wrong arguments
        else:
            assert words[0] in EXTERNAL, f"{path.name}: {line!r} is not a command the kit knows"


@pytest.mark.parametrize("path", SHOWN, ids=SHOWN_IDS)
def test_every_windows_command_exists(path):
    """PowerShell blocks (for students without make) run the kit with Python: what they show must be right too."""
    for line in commands(path, "powershell", separator=";"):
        check_python(line.split(), path.name)   # (split on spaces: shlex would eat the backslashes of a path)


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(REPO_ROOT / "docs")) for p in DOCS])
def test_every_link_in_the_guide_resolves(path):
    for target in re.findall(r"\]\(([^)#]+)\)", path.read_text(encoding="utf-8")):
        if not target.startswith("http"):
            assert (path.parent / target).resolve().exists(), f"{path.name}: broken link {target}"


def test_the_guide_comes_in_both_languages():
    korean = {p.relative_to(REPO_ROOT / "docs" / "ko") for p in (REPO_ROOT / "docs" / "ko").rglob("*.md")}
    english = {p.relative_to(REPO_ROOT / "docs" / "en") for p in (REPO_ROOT / "docs" / "en").rglob("*.md")}
    assert korean == english and korean


def text_block(path, starting):
    """The lines of the guide's first ```text block whose first line starts with ``starting`` (indentation removed)."""
    import textwrap

    for indent, block in re.findall(r"^( *)```text\n(.*?)^ *```", path.read_text(encoding="utf-8"), flags=re.S | re.M):
        lines = textwrap.dedent(block).splitlines()
        if lines and lines[0].startswith(starting):
            return lines
    raise AssertionError(f"{path.name} has no text block starting with {starting!r}")


def shape(line):
    """A line with its numbers, names and paths blanked: what must match between the guide and a real run."""
    line = re.sub(r"\S*integrity\.csv", "integrity.csv", line)
    line = re.sub(r"(left  |^  )\w+:", r"\1NAME:", line)
    if " — " in line:   # a reason ends with the cells it concerns, which differ between exercises
        line = re.sub(r": [\w, ]+$", ": CELLS", line)
    return re.sub(r"\d+", "N", line)


def test_the_documented_grading_cycle_prints_what_the_guide_says(course, capsys, tmp_path):
    import adversarial

    assignment = "ex00_start"
    course.release(assignment)
    released = nbformat.read(course.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
    good = adversarial.solved(released, nbformat.read(course.source_dir / assignment / f"{assignment}.ipynb",
                                                      as_version=4))
    pasted = adversarial.duplicated(released, nbformat.reads(nbformat.writes(good), as_version=4), {})
    for student, notebook in [("kim", good), ("lee", pasted), ("park", released)]:
        folder = course.root / "grading" / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{assignment}.ipynb")
    assert main(["--course", str(course.root), "--lang", "en", "grade", assignment, "--jobs", "1"]) == 0
    printed = capsys.readouterr().out.splitlines()
    documented = text_block(REPO_ROOT / "docs" / "en" / "running-a-class.md", "[#")
    assert [shape(line) for line in printed] == [shape(line) for line in documented]
    assert main(["--course", str(course.root), "feedback", assignment]) == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email,lms_id,sis_user_id,sis_login_id,section,idnumber\n"
                      "kim,Kim Minji,kim@example.ac.kr,101,2026001,minji,A,2026001\n"
                      "lee,Lee Jun,lee@example.ac.kr,102,2026002,jun,A,2026002\n"
                      "park,Park Sora,park@example.ac.kr,103,2026003,sora,A,2026003\n"
                      "choi,Choi Ara,choi@example.ac.kr,104,2026004,ara,B,2026004\n")
    capsys.readouterr()
    assert main(["--course", str(course.root), "--lang", "en", "export", "--format", "canvas", "--roster",
                 str(roster), "--to", str(tmp_path / "grades.csv")]) == 0
    printed = [line.replace(str(tmp_path) + "/", "") for line in capsys.readouterr().out.splitlines()]
    documented = text_block(REPO_ROOT / "docs" / "en" / "running-a-class.md", "Wrote grades")
    assert [shape(line) for line in printed] == [shape(line.replace("ex05_pipeline", assignment))
                                                 for line in documented]


def test_the_documented_regrade_and_late_work_print_what_the_guide_says(course, capsys):
    """Step 3 in Korean, and step 5 (a due date, a grade given in formgrader, a late resubmission) in both languages,
    print what the guides show; the grade given by hand survives."""
    import subprocess

    import adversarial
    from nbgrader.api import Gradebook

    assignment, cli = "ex00_start", ["--course", str(course.root)]
    course.release(assignment)
    released = nbformat.read(course.release_dir / assignment / f"{assignment}.ipynb", as_version=4)
    good = adversarial.solved(released, nbformat.read(course.source_dir / assignment / f"{assignment}.ipynb",
                                                      as_version=4))
    pasted = adversarial.duplicated(released, nbformat.reads(nbformat.writes(good), as_version=4), {})
    submitted = course.root / "grading" / "submitted"
    for student, notebook in [("kim", good), ("lee", pasted), ("park", released)]:
        (submitted / student / assignment).mkdir(parents=True)
        nbformat.write(notebook, submitted / student / assignment / f"{assignment}.ipynb")

    def printed_matches(guide, starting, *arguments):
        capsys.readouterr()
        assert main([*cli, *arguments]) == 0
        printed = capsys.readouterr().out.splitlines()
        documented = text_block(REPO_ROOT / "docs" / guide / "running-a-class.md", starting)
        assert [shape(line) for line in printed] == [shape(line) for line in documented], guide

    printed_matches("ko", "[#", "grade", assignment, "--jobs", "1")
    # As the guide says: a due date with nbgrader's own command, a written answer graded in formgrader.
    subprocess.run(["nbgrader", "db", "assignment", "add", assignment, "--duedate=2026-12-10 23:59:00 KST"],
                   cwd=course.root, check=True, capture_output=True)
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        written = next(g for n in gradebook.find_submission(assignment, "kim").notebooks for g in n.grades
                       if g.cell.cell_type == "markdown")
        written.manual_score, written.needs_manual_grade, name = 2.0, False, written.name
        gradebook.db.commit()
    lee = submitted / "lee" / assignment
    nbformat.write(good, lee / f"{assignment}.ipynb")
    for guide, late in [("en", "2026-12-12 01:30:00 KST"), ("ko", "2026-12-12 01:31:00 KST")]:
        (lee / "timestamp.txt").write_text(late)
        printed_matches(guide, "2 submissions" if guide == "en" else "지난 채점", "--lang", guide, "grade", assignment)
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        assert gradebook.find_grade(name, assignment, assignment, "kim").manual_score == 2.0
    (submitted / "song" / assignment).mkdir(parents=True)
    nbformat.write(good, submitted / "song" / assignment / f"{assignment}.ipynb")
    assert main([*cli, "--lang", "en", "feedback", assignment]) == 0
    assert "No feedback for students not graded yet: song" in capsys.readouterr().out
