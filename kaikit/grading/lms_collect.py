"""``nbgrader zip_collect`` for Canvas and Moodle download zips: nbgrader's ``FileNameCollectorPlugin`` plus what its
one regular expression (in ``nbgrader_config.py``, with the LMS naming it follows) cannot do, because it sees one
file name at a time. Without this, one odd file stops the whole collection with nbgrader's "Duplicate submission
file", or a notebook reaches the grader under a name it does not grade.

* **A copy's name becomes the notebook's name.** ``ex02_chips (1).ipynb`` (a second browser download, or Moodle's
  answer to a second upload of the same name), ``ex02_chips-Copy1.ipynb`` (Jupyter's "Duplicate") and
  ``ex02_chips-1.ipynb`` (Canvas renames a file handed in again) are graded as ``ex02_chips.ipynb``. Only a notebook
  the assignment releases is renamed to; when a student handed in the exact name too, that one is graded (else the
  first copy in name order) and the others keep their names next to it.
* **Two Moodle students with one name** (or blind marking, where every name is "Participant") get the name plus
  Moodle's participant number as their id, with a warning, instead of being taken for one student.
* **Late work is reported**: Canvas marks it ``LATE`` in the name, which carries no time for nbgrader to record.
"""
import os
import re

from nbgrader.plugins import FileNameCollectorPlugin
from nbgrader.utils import find_all_notebooks

COPY_SUFFIX = re.compile(r"(?:\s*\(\d+\)|-Copy\d+|-\d+)+$")   # " (1)", "-Copy1", "-1", or several of them


class LMSCollector(FileNameCollectorPlugin):
    """The ``collector_plugin`` that ``nbgrader_config.py`` names for ``nbgrader zip_collect``."""

    def collect(self, submitted_file):
        info = super().collect(submitted_file)
        if not info:
            return info
        name = os.path.basename(submitted_file)
        if info.get("late"):
            self.log.warning("%s: marked LATE by the LMS (%s)", info["student_id"], name)
        notebook = COPY_SUFFIX.sub("", info["file_id"])
        if notebook != info["file_id"] and notebook + ".ipynb" in self._released():
            graded = min(self._copies(submitted_file, info, notebook),
                         key=lambda path: (self._quiet_match(path)["file_id"] != notebook, path))
            if graded == submitted_file:
                self.log.info("%s: %s is graded as %s.ipynb", info["student_id"], name, notebook)
                info["file_id"] = notebook
            else:
                self.log.warning("%s: %s kept under its own name; %s is graded", info["student_id"], name,
                                 os.path.basename(graded))
        if info.get("participant") and len(self._moodle_names().get(info["student_id"], ())) > 1:
            self.log.warning("%s: %d Moodle participants have this name; collected as %s_%s",
                             info["student_id"], len(self._moodle_names()[info["student_id"]]),
                             info["student_id"], info["participant"])
            info["student_id"] = f"{info['student_id']}_{info['participant']}"
        return info

    def _quiet_match(self, path):
        match = re.match(self.named_regexp, path) if os.path.splitext(path)[1] in self.valid_ext else None
        return match.groupdict() if match else {}

    def _released(self):
        if not hasattr(self, "_notebooks"):
            coursedir = self.parent.coursedir
            self._notebooks = set(find_all_notebooks(coursedir.format_path(
                coursedir.release_directory, ".", coursedir.assignment_id)))
        return self._notebooks

    def _copies(self, submitted_file, owner, notebook):
        """The files of ``owner`` (the match of ``submitted_file``) next to it that are ``notebook`` or a copy."""
        folder = os.path.dirname(submitted_file)
        same = ("student_id", "participant")
        return [path for path in (os.path.join(folder, name) for name in os.listdir(folder))
                if (info := self._quiet_match(path)) and all(info.get(k) == owner.get(k) for k in same)
                and COPY_SUFFIX.sub("", info["file_id"]) == notebook]

    def _moodle_names(self):
        """{full name: {participant numbers}} of every Moodle file in the download."""
        if not hasattr(self, "_names"):
            self._names = {}
            for folder, _, files in os.walk(self.parent._format_collect_path(self.parent.extracted_directory)):
                for name in files:
                    info = self._quiet_match(os.path.join(folder, name))
                    if info.get("participant"):
                        self._names.setdefault(info["student_id"], set()).add(info["participant"])
        return self._names
