"""A student sees the instructor's grades per part once feedback is released: `kk.progress(assignment)` reads the
scores the feedback page carries (kaikit.released_feedback), wherever nbgrader's fetch_feedback put it. The writing
side (the feedback preprocessor) is tested against the gradebook in tests/grading/test_integrity.py."""
import os

import kaikit as kk
from kaikit import self_check
from kaikit.i18n import set_language
from kaikit.released_feedback import find_feedback, read_scores, scores_block

RECORD = {"assignment": "ex02_chips", "notebook": "ex02_chips", "student": "kim", "score": 9.0, "max_score": 14.0,
          "late_penalty": 1.0,
          "parts": [{"grade_id": "test_share", "part": 1, "written": False, "score": 3.0, "points": 4.0},
                    {"grade_id": "memo", "part": 2, "written": True, "score": None, "points": 3.0}]}


def fetched(root, record, stamp="2026-12-07 10:00:00.000000 UTC", mtime=None):
    """A feedback page where nbgrader fetch_feedback puts it: <assignment>/feedback/<time stamp>/<notebook>.html."""
    folder = root / record["assignment"] / "feedback" / stamp
    folder.mkdir(parents=True)
    path = folder / f"{record['notebook']}.html"
    path.write_text(f"<html><body><p>feedback</p>{scores_block(record)}</body></html>", encoding="utf-8")
    if mtime:
        os.utime(path, (mtime, mtime))
    return path


def shown_by(monkeypatch, function, *args):
    shown = []
    monkeypatch.setattr(self_check, "_show", shown.append)
    result = function(*args)
    return result, "".join(shown)


def test_the_grade_per_part_is_shown_from_the_released_page(tmp_path, monkeypatch):
    fetched(tmp_path, RECORD)
    monkeypatch.chdir(tmp_path)
    result, page = shown_by(monkeypatch, kk.progress, "ex02_chips")
    assert result["score"] == 9.0
    assert "문제 1" in page and "3 / 4" in page, page
    assert "문제 2 (서술형 답)" in page and "아직 채점 전" in page, "a written answer not graded yet says so"
    assert "9 / 14" in page and "감점: 1점" in page


def test_the_overview_has_the_instructors_grade_beside_the_checked_score(tmp_path, monkeypatch):
    fetched(tmp_path, RECORD)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KAIKIT_HOME", str(tmp_path / "home"))
    set_language("en")
    _, page = shown_by(monkeypatch, kk.progress)
    row = next(r for r in page.split("<tr>") if "ex02_chips" in r)
    assert "9 / 14" in row, row
    assert "Instructor's grade" in page
    other = next(r for r in page.split("<tr>") if "ex03_models" in r)
    assert other.endswith("<td>–</td></tr>"), "no feedback yet: a dash"


def test_the_newest_page_counts_and_other_pages_are_passed_over(tmp_path):
    fetched(tmp_path, RECORD, mtime=1_700_000_000)
    fetched(tmp_path, {**RECORD, "score": 12.0}, stamp="2026-12-08 09:00:00.000000 UTC", mtime=1_800_000_000)
    (tmp_path / "ex02_chips" / "feedback" / "other").mkdir()
    (tmp_path / "ex02_chips" / "feedback" / "other" / "page.html").write_text("<html>no scores</html>")
    assert find_feedback([tmp_path])["ex02_chips"]["score"] == 12.0
    assert read_scores("<html>no scores</html>") is None
    assert read_scores('<script type="application/json" id="kaikit-scores">{not json</script>') is None


def test_without_released_feedback_the_student_is_told_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    result, page = shown_by(monkeypatch, kk.progress, "ex02_chips")
    assert result == {} and "fetch_feedback" in page
