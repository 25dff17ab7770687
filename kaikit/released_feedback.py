"""The instructor's grades, as released to a student: scores per part, read from nbgrader's feedback files.

nbgrader hands a student their feedback as HTML only (``nbgrader release_feedback``, then ``nbgrader fetch_feedback``
or the Assignments tab, which put it in ``<assignment>/feedback/<time stamp>/<notebook>.html``; an instructor without
a hub may send the same file through the LMS). The kit's feedback preprocessor (``SafeFeedback`` in
``kaikit.grading.preprocessors``) writes the scores into that page as a JSON block, so the student's copy of the kit
can show them per part (``kk.progress("ex02_chips")``) without the gradebook. Only scores travel: never a test.

>>> page = '<p>..</p>' + scores_block({"assignment": "ex02_chips", "score": 11.0, "max_score": 14.0, "parts": []})
>>> read_scores(page)["score"]
11.0
"""
from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["find_feedback", "read_scores", "scores_block"]

BLOCK_ID = "kaikit-scores"
BLOCK = re.compile(rf'<script[^>]*\bid="{BLOCK_ID}"[^>]*>(.*?)</script>', re.S)   # attributes in any order


def scores_block(record: dict) -> str:
    """``record`` as the HTML block the feedback page carries ("</" escaped, so no text can close the script)."""
    data = json.dumps(record, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/json" id="{BLOCK_ID}">{data}</script>'


def read_scores(page: str) -> dict | None:
    """The scores a feedback page carries, or None (a page of another course, or an older one without them)."""
    found = BLOCK.search(page)
    if not found:
        return None
    try:
        record = json.loads(found.group(1))
    except ValueError:
        return None
    return record if isinstance(record, dict) and "assignment" in record else None


def _candidates(roots):
    for root in roots:
        # <assignment>/feedback/<time stamp>/<notebook>.html as nbgrader fetches it, or an exercise's page saved
        # beside the notebooks (as an LMS hands it out): never every HTML file of a home folder
        for pattern in ("*/feedback/*/*.html", "feedback/*/*.html", "ex[0-9][0-9]_*.html", "*/ex[0-9][0-9]_*.html"):
            yield from Path(root).glob(pattern)


def find_feedback(roots: list[Path] | None = None) -> dict[str, dict]:
    """{assignment: scores} from the newest feedback page of each assignment under ``roots`` (default: the working
    folder, its parent and the home folder). Unreadable files are passed over."""
    roots = roots or list(dict.fromkeys([Path.cwd(), Path.cwd().parent, Path.home()]))
    newest = {}
    for path in set(_candidates(roots)):
        try:
            record = read_scores(path.read_text(encoding="utf-8", errors="replace"))
            modified = path.stat().st_mtime
        except OSError:
            continue
        if record and modified >= newest.get(record["assignment"], (0, None))[0]:
            newest[record["assignment"]] = (modified, record)
    return {assignment: record for assignment, (_, record) in newest.items()}
