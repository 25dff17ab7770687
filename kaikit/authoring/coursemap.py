"""The course map, read from the notebooks themselves (never written by hand).

Per lesson: title, teaching and exercise minutes, learning objectives, the datasets its code loads or cites, its
widgets and its exercise. Per exercise: every graded part with its points, automatic or written, and the lesson
objective it measures when the solution cell says so (cell metadata ``{"kaikit": {"objective": 2}}``, counting the
lesson's objectives from 1). ``kaikit coursemap`` writes ``docs/course-map.ko.md`` and ``docs/course-map.en.md``;
a test fails when they and the notebooks disagree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .._paths import REPO_ROOT
from ..i18n import get_language, message, set_language

MINUTES = {"ko": r"수업\s*(\d+)\s*분\s*·\s*실습\s*(\d+)\s*분",
           "en": r"Teaching\s*(\d+)\s*min\s*·\s*Exercises\s*(\d+)\s*min"}
OBJECTIVES = {"ko": "학습 목표", "en": "Objectives"}   # a heading's text, at any level
DATASET_CALLS = re.compile(r"""(?:kk\.load|kk\.cite|add_source)\(\s*(?:ax\s*,\s*)?(\[[^\]]*\]|"[a-z0-9_]+")""")


@dataclass
class Part:
    grade_id: str
    points: float
    written: bool              # graded by an instructor
    objective: int = None      # 1-based index into the lesson's objectives


@dataclass
class Lesson:
    path: Path
    title: str
    teaching: int
    exercise_minutes: int
    objectives: list
    datasets: list
    widgets: list
    assignment: str = None
    parts: list = field(default_factory=list)


def _read(path):
    import nbformat

    return nbformat.read(path, as_version=4)


def _objectives(markdown, language):
    lines, inside = [], False
    for line in markdown.splitlines():
        if line.startswith("#"):
            inside = line.lstrip("#").strip() == OBJECTIVES[language]
        elif inside and line.startswith("- "):
            lines.append(line[2:].strip())
    return lines


def read_lesson(path: Path, language: str) -> Lesson:
    notebook = _read(path)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    minutes = re.search(MINUTES[language], markdown)
    from ..data import _resources

    datasets = set()
    for found in DATASET_CALLS.findall(code):
        datasets.update(re.findall(r'"([a-z0-9_]+)"', found))
    datasets &= set(_resources())   # lesson 00 asks for a wrong name on purpose, to show the error
    exercise = re.search(r"exercises/(ex\d\d_[a-z_]+)/", markdown)
    lesson = Lesson(path, markdown.splitlines()[0].lstrip("# ").strip(), int(minutes[1]) if minutes else 0,
                    int(minutes[2]) if minutes else 0, _objectives(markdown, language), sorted(datasets),
                    list(dict.fromkeys(re.findall(r"kk\.widgets\.([a-z_]+)\(", code))),
                    exercise[1] if exercise else None)
    if lesson.assignment:
        lesson.parts = read_parts(REPO_ROOT / "solutions" / lesson.assignment / f"{lesson.assignment}.ipynb")
    return lesson


def read_parts(solution_path: Path) -> list[Part]:
    parts = []
    for cell in _read(solution_path).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            parts.append(Part(meta["grade_id"], float(meta.get("points", 0)), cell.cell_type == "markdown",
                              cell.metadata.get("kaikit", {}).get("objective")))
    return parts


def lessons(language: str) -> list[Lesson]:
    return [read_lesson(path, language) for path in sorted((REPO_ROOT / "lessons" / language).glob("*.ipynb"))]


def render(language: str) -> str:
    """The course map in ``language`` as Markdown."""
    previous = get_language()
    set_language(language)
    try:
        found = lessons(language)
        total = sum(lesson.teaching + lesson.exercise_minutes for lesson in found)
        out = [f"# {message('map_title')}", "", message("map_intro", lessons=len(found), hours=f"{total / 60:.1f}"), "",
               _row(message("map_columns").split("|")), "|" + "---|" * len(message("map_columns").split("|"))]
        for lesson in found:
            points = sum(p.points for p in lesson.parts)
            out.append(f"| [{lesson.title}](../{lesson.path.relative_to(REPO_ROOT).as_posix()}) | {lesson.teaching} + "
                       f"{lesson.exercise_minutes} | {', '.join(lesson.widgets) or '—'} | "
                       f"{lesson.assignment or '—'} ({points:g}) |")
        for lesson in found:
            out += ["", f"## {lesson.title}", "",
                    message("map_minutes", teaching=lesson.teaching, exercise=lesson.exercise_minutes), "",
                    f"**{message('map_objectives')}**", ""]
            out += [f"{i}. {text}" for i, text in enumerate(lesson.objectives, 1)]
            out += ["", f"**{message('map_datasets')}:** " + (", ".join(f"`{d}`" for d in lesson.datasets) or "—"),
                    "", f"**{message('map_widgets')}:** " + (", ".join(f"`kk.widgets.{w}()`" for w in lesson.widgets)
                                                         or "—")]
            if lesson.assignment:
                out += ["", f"**{message('map_assignment')}:** `{lesson.assignment}` "
                        f"([exercises/](../exercises/{lesson.assignment}/), "
                        f"[solutions/](../solutions/{lesson.assignment}/))", "",
                        _row(message("map_part_columns").split("|")), "|---|---|---:|---|"]
                for part in lesson.parts:
                    kind = message("map_written" if part.written else "map_automatic")
                    objective = f"{part.objective}" if part.objective else "—"
                    out.append(_row([f"`{part.grade_id}`", kind, f"{part.points:g}", objective]))
                unmeasured = [str(i) for i in range(1, len(lesson.objectives) + 1)
                              if i not in {p.objective for p in lesson.parts}]
                if unmeasured:
                    out += ["", message("map_unmeasured", objectives=", ".join(unmeasured))]
        out += ["", message("map_generated"), ""]
        return "\n".join(out)
    finally:
        set_language(previous)


def _row(cells):
    return "| " + " | ".join(cells) + " |"


def write(folder: Path = REPO_ROOT / "docs") -> list[Path]:
    """Write the map in both languages; return the paths."""
    folder = Path(folder)
    folder.mkdir(exist_ok=True)
    paths = []
    for language in ("ko", "en"):
        path = folder / f"course-map.{language}.md"
        path.write_text(render(language), encoding="utf-8")
        paths.append(path)
    return paths
