"""The course map in docs/ is generated from the notebooks, and says what an adopting instructor needs per lesson."""
import pytest

from kaikit._paths import REPO_ROOT
from kaikit.authoring import coursemap
from kaikit.grading.cli import main


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_committed_map_is_what_the_notebooks_say(language):
    committed = (REPO_ROOT / "docs" / f"course-map.{language}.md").read_text(encoding="utf-8")
    assert committed == coursemap.render(language), "the map is out of date: run `make docs`"


def test_every_lesson_has_what_the_map_needs_in_both_languages():
    korean, english = coursemap.lessons("ko"), coursemap.lessons("en")
    assert [lesson.path.name for lesson in korean] == [lesson.path.name for lesson in english]
    for ko, en in zip(korean, english):
        assert ko.teaching > 0 and ko.exercise_minutes > 0, ko.path.name
        assert (ko.teaching, ko.exercise_minutes) == (en.teaching, en.exercise_minutes)
        assert len(ko.objectives) >= 3 and len(ko.objectives) == len(en.objectives), ko.path.name
        assert ko.widgets and ko.widgets == en.widgets
        assert ko.datasets == en.datasets and ko.datasets, ko.path.name
        assert ko.assignment and ko.assignment == en.assignment
        for part in ko.parts:   # each graded part names the objective it measures
            assert part.objective in range(1, len(ko.objectives) + 1), (ko.assignment, part.grade_id)


def test_the_check_says_when_the_map_is_stale(monkeypatch, capsys):
    assert main(["--lang", "en", "coursemap", "--check"]) == 0
    monkeypatch.setattr(coursemap, "render", lambda language: "something else")
    assert main(["--lang", "en", "coursemap", "--check"]) == 1
    assert "out of date: ko, en" in capsys.readouterr().out
