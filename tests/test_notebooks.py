"""Every notebook runs top to bottom on a fresh kernel and is committed clean."""
import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import notebooks
from kaikit.paths import REPO_ROOT

RUNNABLE = notebooks("lessons", "solutions")
ALL = notebooks("lessons", "solutions", "exercises")
LESSONS_KO = notebooks("lessons/ko")


def ids(paths):
    return [str(p.relative_to(REPO_ROOT)) for p in paths]


def read(path):
    return nbformat.read(path, as_version=4)


def test_there_are_notebooks_to_check():
    assert LESSONS_KO and notebooks("solutions") and notebooks("exercises")


def executed(path):
    """``path`` run top to bottom on a fresh kernel (started with this process's environment), checked: no cell
    shows an error or writes to stderr (a warning?), except cells tagged ``raises-exception``."""
    notebook = read(path)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in notebook.cells:
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        for output in cell.outputs:
            assert output.output_type != "error", f"{cell.source[:80]!r}: {output.get('ename')}"
            if output.output_type == "stream" and output.name == "stderr":
                pytest.fail(f"stderr output (a warning?) in {cell.source[:80]!r}:\n{output.text[:500]}")
    return notebook


@pytest.mark.parametrize("path", RUNNABLE, ids=ids(RUNNABLE))
def test_notebook_runs_top_to_bottom_without_errors(path):
    notebook = executed(path)
    if path.is_relative_to(REPO_ROOT / "solutions"):
        given_away = answers_stated_in_the_lesson(notebook, path.parent.name)
        assert not given_away, f"the lesson's text states these answers of {path.name}: {given_away}"


AGG = [REPO_ROOT / "lessons" / "ko" / "02_chips_and_compute.ipynb",
       REPO_ROOT / "solutions" / "ex02_chips" / "ex02_chips.ipynb"]


@pytest.mark.parametrize("path", AGG, ids=ids(AGG))
def test_notebook_runs_and_shows_its_charts_in_a_kernel_started_with_the_agg_backend(path, monkeypatch):
    """Some hubs and graders start kernels with MPLBACKEND=Agg: figures would then stay open across cells, so a later
    chart drew onto an earlier one's axes (lesson 02 failed), and no chart was shown. ``kk.setup`` makes such a kernel
    show and close each cell's figures, as Jupyter's default inline backend does."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = executed(path)
    charts = [cell for cell in notebook.cells if cell.cell_type == "code" and "plt.show()" in cell.source]
    assert charts and all(any("image/png" in output.get("data", {}) for output in cell.outputs) for cell in charts), \
        "every cell that calls plt.show() shows its chart"


def answers_stated_in_the_lesson(solution, assignment):
    """Fractional answers the executed ``solution`` displays that its lesson's markdown (ko or en) also states, as
    7.17 or 54.8%: an exercise part the lesson has already answered. (Whole numbers are too common to check.)"""
    from kaikit.coursemap import lessons

    text = " ".join(cell.source for language in ("ko", "en") for lesson in lessons(language)
                    if lesson.assignment == assignment for cell in read(lesson.path).cells
                    if cell.cell_type == "markdown")
    stated = {}
    for cell in solution.cells:
        if not (cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code"):
            continue
        for output in cell.outputs:
            try:
                value = float(output.get("data", {}).get("text/plain", "")) if output.output_type == "execute_result" \
                    else None
            except ValueError:
                continue
            if value is None or value.is_integer():
                continue
            forms = [f"{value:.2f}"] + ([f"{value * 100:.1f}%"] if 0 < value < 1 else [])
            found = [form for form in forms if re.search(rf"(?<![\d.]){re.escape(form)}(?!\d)", text)]
            if found:
                stated[cell.metadata["nbgrader"]["grade_id"]] = found
    return stated


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_notebook_is_committed_clean_with_a_python3_kernel(path):
    notebook = read(path)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"outputs in {cell.source[:60]!r}"


def code_shape(source):
    """Code with string literals and the language suffix blanked: the ko/en twins must agree on this."""
    source = re.sub(r'"[^"\n]*"', '""', source)
    return source.replace("name_ko", "name_LANG").replace("name_en", "name_LANG")


@pytest.mark.parametrize("path", LESSONS_KO, ids=ids(LESSONS_KO))
def test_english_lesson_mirrors_the_korean_one(path):
    twin = REPO_ROOT / "lessons" / "en" / path.name
    assert twin.exists(), f"no English twin for {path.name}"
    korean, english = read(path), read(twin)
    assert [c.cell_type for c in korean.cells] == [c.cell_type for c in english.cells]
    for ko_cell, en_cell in zip(korean.cells, english.cells):
        if ko_cell.cell_type == "code":
            assert code_shape(ko_cell.source) == code_shape(en_cell.source), ko_cell.source[:80]


TEMPLATE = {
    "ko": ["질문", "학습 목표", "준비", "이 데이터가 말해주지 않는 것", "핵심 정리", "출처", "연습문제"],
    "en": ["Questions", "Objectives", "Setup", "What this data cannot tell you", "Key points", "Sources", "Exercise"],
}
TIME_LINE = {"ko": r"수업 \d+분 · 실습 \d+분", "en": r"Teaching \d+ min · Exercises \d+ min"}
PREDICT = {"ko": "먼저 예측하세요", "en": "Predict first"}
LESSONS = notebooks("lessons/ko", "lessons/en")


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_follows_the_template(path):
    language = path.parent.name
    notebook = read(path)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert notebook.cells[0].source.startswith("# "), "title first"
    assert re.search(TIME_LINE[language], markdown), "teaching and exercise minutes"
    headings = re.findall(r"^#+ (?:\d+\. )?(.+)$", markdown, flags=re.M)
    for section in TEMPLATE[language]:
        assert any(h.startswith(section) for h in headings), f"missing section {section!r}"
    assert code[0] == f'import kaikit as kk\nkk.setup(lang="{language}")', "setup cell"
    assert PREDICT[language] in markdown, "a predict-then-check prompt"
    assert any("kk.widgets." in source for source in code), "a widget"
    for link in re.findall(r"\]\((\.\./[^)]+\.ipynb)\)", markdown):
        assert (path.parent / link).resolve().exists(), f"broken link {link}"
    assert "exercises/" in markdown, "a link to the exercise"


def test_every_chart_cell_adds_a_source_line():
    for path in LESSONS:
        for cell in read(path).cells:
            if cell.cell_type == "code" and "sns." in cell.source:
                assert "kk.add_source(" in cell.source, f"{path.name}: chart without source line"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_lesson_links_to_the_next(language):
    lessons = notebooks(f"lessons/{language}")
    for current, following in zip(lessons, lessons[1:]):
        markdown = "\n".join(c.source for c in read(current).cells if c.cell_type == "markdown")
        assert f"]({following.name})" in markdown, f"{current.name} does not link to {following.name}"


def executed_answer(value):
    cell = nbformat.v4.new_code_cell("answer", metadata={"nbgrader": {"solution": True, "grade_id": "answer"}})
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": repr(value)}, execution_count=1)]
    return nbformat.v4.new_notebook(cells=[cell])


def test_an_answer_the_lesson_already_states_is_caught():
    # Lesson 03 says fractional counting takes Korea's notable models of 2020–2024 "from 10 to 7.17".
    assert answers_stated_in_the_lesson(executed_answer(43 / 6), "ex03_models") == {"answer": ["7.17"]}
    assert answers_stated_in_the_lesson(executed_answer(71 / 6), "ex03_models") == {}
