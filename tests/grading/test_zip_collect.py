"""`nbgrader zip_collect <assignment>` sorts the zips Canvas and Moodle give instructors into
grading/submitted/<student id>/<assignment>/<assignment>.ipynb, with the course's nbgrader_config.py as it is.

The zips are laid out as the LMS's own code writes them:

* Canvas, "Download Submissions" (instructure/canvas-lms, lib/content_zipper.rb: ``get_filename`` and
  ``add_upload_submission``): one flat zip named ``<course>-<assignment>_submissions.zip``; each file is
  ``<sortable name, lower case, only letters/digits/_>[_LATE]_<user id>_<attachment id>_<name as uploaded>``; a
  text entry is ``<name>_<user id>_text.html``. Canvas renames a file handed in again ``ex02_chips-1.ipynb``.
* Moodle, "Download all submissions" (moodle/moodle, mod/assign/classes/downloader.php, Moodle 4.1+, and
  mod/assign/locallib.php ``download_submissions`` before): a zip named ``<course>-<assignment>[-<group>]-<cmid>.zip``;
  with "Download submissions in folders" (the default since 3.1) a folder per student and plugin,
  ``<full name>_<participant no.>_assignsubmission_file/`` (``..._file_/`` before 4.1), else flat files
  ``<full name>_<participant no.>_assignsubmission_file_<name as uploaded>``; online text is
  ``..._assignsubmission_onlinetext/onlinetext.html``. Moodle answers a second upload of one name with
  ``ex02_chips (1).ipynb``.
"""
import json
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from kaikit._paths import REPO_ROOT

ASSIGNMENT = "ex02_chips"
NBGRADER = Path(sys.executable).with_name("nbgrader")


@pytest.fixture
def course_folder(tmp_path):
    """The course as an instructor has it, without grading/: its nbgrader_config.py and the release of one
    assignment (zip_collect compares notebook names with the release)."""
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(REPO_ROOT / "nbgrader_config.py", root)
    shutil.copytree(REPO_ROOT / "exercises" / ASSIGNMENT, root / "exercises" / ASSIGNMENT)
    return root


def handed_in(label):
    """A notebook whose content tells whose it is, so a mix-up between students shows."""
    notebook = json.loads((REPO_ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8"))
    notebook["cells"][0]["source"] = f"handed in by {label}\n"
    return json.dumps(notebook, ensure_ascii=False, indent=1).encode("utf-8")


def zip_collect(course, zips):
    """Put ``zips`` ({zip name: {name in the zip: bytes}}) where the guide says, run nbgrader's CLI, return its log."""
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    for zip_name, files in zips.items():
        with zipfile.ZipFile(archive / zip_name, "w") as zipped:
            for name, content in files.items():
                zipped.writestr(name, content)
    run = subprocess.run([str(NBGRADER), "zip_collect", ASSIGNMENT], cwd=course, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout + run.stderr


def submitted(course):
    """{(student id, file name): bytes} of every file zip_collect put in grading/submitted/<id>/<assignment>/."""
    root = course / "grading" / "submitted"
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        student, assignment, name = path.relative_to(root).parts
        assert assignment == ASSIGNMENT, path
        found[student, name] = path.read_bytes()
    return found


def guide_output(path):
    """The lines of the guide's text block that shows zip_collect's output."""
    for block in re.findall(r"^ *```text\n(.*?)^ *```", path.read_text(encoding="utf-8"), flags=re.S | re.M):
        lines = textwrap.dedent(block).splitlines()
        if lines[0].startswith("[ZipCollectApp"):
            return lines
    return []


def in_order(lines, log):
    """Every one of ``lines`` is a line of ``log``, in the same order."""
    rest = iter(log)
    return all(line in rest for line in lines)


def test_a_canvas_download_lands_where_grading_looks(course_folder):
    files = {
        "kimminji_12345_67890_ex02_chips.ipynb": handed_in("kim"),
        "leejun_LATE_12346_67891_ex02_chips.ipynb": handed_in("lee, late"),             # submitted after the due date
        "parksora_12347_67892_ex02_chips-1.ipynb": handed_in("park, handed in again"),   # Canvas's rename
        "choiara_12348_67893_ex02_chips (1).ipynb": handed_in("choi, browser copy"),
        "jungwoo_12349_67894_ex02_chips-Copy1.ipynb": handed_in("jung, Jupyter copy"),
        "kangmin_12350_67895_ex02_chips.ipynb": handed_in("kang"),                       # two files in one submission
        "kangmin_12350_67896_ex02_chips (1).ipynb": handed_in("kang, extra copy"),
        "김서연_12351_67897_ex02_chips.ipynb": handed_in("kim seoyeon"),                  # a Korean sortable name
        "yoonhana_12352_text.html": b"<p>a text entry</p>",                              # not a notebook: skipped
    }
    log = zip_collect(course_folder, {"kaikit-ex02_chips_submissions.zip": files})
    notebook = f"{ASSIGNMENT}.ipynb"
    assert submitted(course_folder) == {
        ("12345", notebook): files["kimminji_12345_67890_ex02_chips.ipynb"],
        ("12346", notebook): files["leejun_LATE_12346_67891_ex02_chips.ipynb"],
        ("12347", notebook): files["parksora_12347_67892_ex02_chips-1.ipynb"],
        ("12348", notebook): files["choiara_12348_67893_ex02_chips (1).ipynb"],
        ("12349", notebook): files["jungwoo_12349_67894_ex02_chips-Copy1.ipynb"],
        ("12350", notebook): files["kangmin_12350_67895_ex02_chips.ipynb"],           # the exact name is graded
        ("12350", f"{ASSIGNMENT} (1).ipynb"): files["kangmin_12350_67896_ex02_chips (1).ipynb"],  # kept beside it
        ("12351", notebook): files["김서연_12351_67897_ex02_chips.ipynb"],
    }
    assert "12346: marked LATE by the LMS" in log
    assert "8 files collected, 1 files skipped" in log
    # The guide shows this run's output, with the course folder written ~/kaikit and "..." for lines left out.
    printed = log.replace(str(course_folder), "~/kaikit").splitlines()
    for guide in ("en", "ko"):
        shown = [line for line in guide_output(REPO_ROOT / "docs" / guide / "running-a-class.md") if line != "..."]
        assert shown and in_order(shown, printed), f"docs/{guide}/running-a-class.md shows other output:\n{log}"


def test_a_moodle_download_lands_where_grading_looks(course_folder):
    # One zip per group of the class (Moodle downloads the group chosen on the page), each in one of Moodle's layouts:
    # folders (the default; Moodle 4.1+), folders before 4.1, and flat ("Download submissions in folders" off).
    new, old, flat = "_assignsubmission_file/", "_assignsubmission_file_/", "_assignsubmission_file_"
    groups = {
        "KAI101-ex02_chips-A-4321.zip": {
            f"Kim Minji_1234567{new}ex02_chips.ipynb": handed_in("kim"),
            f"Kim Minji_1234567{new}ex02_chips (1).ipynb": handed_in("kim, uploaded again"),   # Moodle's rename
            f"Park Sora_1234570{new}ex02_chips.ipynb": handed_in("park sora"),                # two students,
            "Choi Ara_1234572_assignsubmission_onlinetext/onlinetext.html": b"<p>online text</p>",  # not a notebook
        },
        "KAI101-ex02_chips-B-4321.zip": {
            f"Lee Jun_1234568{old}ex02_chips (1).ipynb": handed_in("lee, browser copy"),
        },
        "KAI101-ex02_chips-C-4321.zip": {
            f"김서연_1234569{flat}ex02_chips-Copy1.ipynb": handed_in("kim seoyeon, Jupyter copy"),
            f"Park Sora_1234571{flat}ex02_chips.ipynb": handed_in("the other park sora"),       # one name
        },
    }
    files = {name: content for group in groups.values() for name, content in group.items()}
    log = zip_collect(course_folder, groups)
    notebook = f"{ASSIGNMENT}.ipynb"
    assert submitted(course_folder) == {
        ("Kim Minji", notebook): files[f"Kim Minji_1234567{new}ex02_chips.ipynb"],
        ("Kim Minji", f"{ASSIGNMENT} (1).ipynb"): files[f"Kim Minji_1234567{new}ex02_chips (1).ipynb"],
        ("Lee Jun", notebook): files[f"Lee Jun_1234568{old}ex02_chips (1).ipynb"],
        ("김서연", notebook): files[f"김서연_1234569{flat}ex02_chips-Copy1.ipynb"],
        ("Park Sora_1234570", notebook): files[f"Park Sora_1234570{new}ex02_chips.ipynb"],
        ("Park Sora_1234571", notebook): files[f"Park Sora_1234571{flat}ex02_chips.ipynb"],
    }
    assert "Park Sora: 2 Moodle participants have this name" in log
    assert "6 files collected, 1 files skipped" in log
