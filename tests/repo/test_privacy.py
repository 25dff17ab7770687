"""Nothing private gets committed: every file the guide and the Makefile tell instructors to write — grades, the
students the export could not match, rosters, LMS downloads, collected work — is git-ignored. The paths are read
from the commands and text of README.md, docs/ and the Makefile (and the export's default output), so a new
command that writes somewhere else fails here until .gitignore covers it."""
import re
import subprocess
from pathlib import Path

import pytest

from kaikit._paths import REPO_ROOT
from kaikit.grading.cli import _parser

SOURCES = [REPO_ROOT / "README.md", REPO_ROOT / "Makefile", *sorted((REPO_ROOT / "docs").rglob("*.md"))]
PATH = r"[^\s`'\"|()\[\]=]"   # a character of a path in a command or in running text
WRITTEN = [
    rf"--to[= ]({PATH}+)",                      # kaikit export --to grades.csv
    rf"--roster[= ]({PATH}+)", rf"ROSTER=({PATH}+)",
    rf"(?<![\w/.-])({PATH}*?(?:grades|roster){PATH}*?\.csv)",   # grades.csv, grades.unmatched.csv, roster.csv in text
    rf"(?<![\w/.-])((?:downloaded|grading)/{PATH}*)",           # LMS downloads, collected work
]


def unmatched(path):
    """Where ``kaikit export --to path`` puts the graded students the roster lacks (kaikit.grading.export)."""
    return str(Path(path).with_name(Path(path).stem + ".unmatched.csv"))


def written_paths():
    """{path relative to the repository: where it is mentioned} for every file the docs say is written."""
    found = {}
    for source in SOURCES:
        for line in source.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"<[^>]*>", "x", line)   # grading/submitted/<student id>/ -> grading/submitted/x/
            for pattern in WRITTEN:
                for path in re.findall(pattern, line):
                    path = path.rstrip(".,:;")
                    if path.startswith(("/", "~", "$")) or "$(" in path or "*" in path:
                        continue   # outside the repository (/srv/kaikit/roster.csv) or a make variable
                    found.setdefault(path, source.relative_to(REPO_ROOT).as_posix())
                    if pattern.startswith("--to"):
                        found.setdefault(unmatched(path), source.relative_to(REPO_ROOT).as_posix())
    default = _parser().parse_args(["export"]).to
    for path in (default, unmatched(default)):
        found.setdefault(path, "kaikit export's default --to")
    return found


def git(*args):
    return subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def checkout():
    if git("rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        pytest.skip("not a git checkout")


def test_the_paths_come_from_the_docs():
    paths = written_paths()
    assert {"grades.csv", "grades.unmatched.csv", "roster.csv"} <= set(paths), paths
    assert any(p.startswith("downloaded/") for p in paths) and any(p.startswith("grading/") for p in paths), paths


def test_every_file_the_guide_writes_is_git_ignored(checkout):
    exposed = {path: where for path, where in written_paths().items() if git("check-ignore", "-q", path).returncode}
    assert not exposed, f"written by the guide's commands but not git-ignored (add them to .gitignore): {exposed}"


def test_the_ignore_rules_hide_no_file_of_the_kit(checkout):
    hidden = git("ls-files", "--cached", "--ignored", "--exclude-standard").stdout.split()
    assert not hidden, f"committed files that .gitignore now matches: {hidden}"
