"""Every notebook runs top to bottom on a fresh kernel and is committed clean."""
import ast
import math
import re

import nbformat
import pytest
from conftest import notebooks
from variant_cases import PARTS, case_answers, cell_of

from kaikit._paths import REPO_ROOT
from kaikit.authoring.execution import execute, store

ALL = notebooks("lessons", "solutions", "exercises")
LESSONS_KO = notebooks("lessons/ko")


def ids(paths):
    return [str(p.relative_to(REPO_ROOT)) for p in paths]


def read(path):
    return nbformat.read(path, as_version=4)


def test_there_are_notebooks_to_check():
    assert LESSONS_KO and notebooks("solutions") and notebooks("exercises")


def assignment_of(path):
    """The assignment a lesson or solution notebook belongs to (``ex03_models`` for lesson 03 and its solution)."""
    from kaikit.authoring.coursemap import read_lesson

    if path.is_relative_to(REPO_ROOT / "solutions"):
        return path.parent.name
    return read_lesson(path, path.parent.name).assignment


def runnable():
    """Lessons and solutions, each lesson on the same xdist worker as its exercise's solution and before it (as
    they are collected): the solution's leak check then reads the lessons this worker has just executed."""
    return [pytest.param(path, marks=pytest.mark.xdist_group(f"notebooks-{assignment_of(path)}"),
                         id=str(path.relative_to(REPO_ROOT)))
            for path in notebooks("lessons", "solutions")]


RUNNABLE = runnable()
EXECUTED_LESSONS = {}   # path -> the lesson as this process executed it, for the solutions' leak check


def executed(path):
    """``path`` run top to bottom on a fresh kernel (``kaikit.authoring.execution.execute``, as the course site runs
    it), checked: no cell shows an error or writes to stderr (a warning?), except cells tagged ``raises-exception``.
    A lesson that passes is kept in the execution cache, where ``make site`` and tests/notebooks/test_site.py find
    it instead of running it again."""
    notebook = execute(path)
    for cell in notebook.cells:
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        for output in cell.outputs:
            assert output.output_type != "error", f"{cell.source[:80]!r}: {output.get('ename')}"
            if output.output_type == "stream" and output.name == "stderr":
                pytest.fail(f"stderr output (a warning?) in {cell.source[:80]!r}:\n{output.text[:500]}")
    if path.is_relative_to(REPO_ROOT / "lessons"):
        store(path, notebook)
    return notebook


@pytest.mark.parametrize("path", RUNNABLE)
def test_notebook_runs_top_to_bottom_without_errors(path, monkeypatch):
    notebook = executed(path)
    if path.is_relative_to(REPO_ROOT / "lessons"):
        EXECUTED_LESSONS[path] = notebook
    else:
        lessons = [executed_lesson(lesson) for lesson in lesson_paths(path.parent.name)]
        given_away = answers_stated_in_the_lesson(notebook, path.parent.name, lessons)
        for grade_id, found in cases_stated_in_the_lesson(notebook, path.parent.name, lessons, monkeypatch).items():
            given_away[grade_id] = given_away.get(grade_id, []) + found
        for (assignment, grade_id), forms in COINCIDENCES.items():
            if assignment == path.parent.name and grade_id in given_away:
                given_away[grade_id] = [form for form in given_away[grade_id] if form not in forms]
        given_away = {grade_id: found for grade_id, found in given_away.items() if found}
        assert not given_away, f"the lesson shows these answers of {path.name}: {given_away}"


# Numbers a lesson shows that equal an answer by coincidence, each with what it is in the lesson. Keep it short: a new
# entry needs a reason a reviewer would accept.
COINCIDENCES = {
    # lesson 04: the row labels 25-31 of talent_indicators and of the sources table, "25 years", "25 min", "27 Mar",
    # "26 Apr", "28%, 26%" of top researchers; Korea's per-capita rank of any year (the cases) is never stated
    ("ex04_talent", "per_capita_rank"): {"25", "26", "27", "28", "29", "31"},
    ("ex02_chips", "growth_needed"): {"46"},      # lesson 02: the row label 46 of chip_market_shares (a case's answer)
    ("ex04_talent", "korea_share"): {"2011"},     # lesson 04: a raw row of the publications table (year 2011) when
                                                  # the data is first shown; the peak year is not named
}


def lesson_paths(assignment):
    from kaikit.authoring.coursemap import lessons

    return [lesson.path for language in ("ko", "en") for lesson in lessons(language) if lesson.assignment == assignment]


def executed_lesson(path):
    """The lesson as this worker executed it a moment ago (its test runs first, on the same worker); executed here
    only when that test was not selected (``-k ex05``)."""
    if path not in EXECUTED_LESSONS:
        EXECUTED_LESSONS[path] = executed(path)
    return EXECUTED_LESSONS[path]


AGG = [REPO_ROOT / "lessons" / "ko" / "02_chips_and_compute.ipynb",
       REPO_ROOT / "solutions" / "ex02_chips" / "ex02_chips.ipynb"]


@pytest.mark.parametrize("path", AGG, ids=ids(AGG))
def test_notebook_runs_and_shows_its_charts_in_a_kernel_started_with_the_agg_backend(path, monkeypatch):
    """Some hubs and graders start kernels with MPLBACKEND=Agg: figures would then stay open across cells, so a later
    chart drew onto an earlier one's axes (lesson 02 failed), and no chart was shown. ``kk.setup`` makes such a kernel
    show and close each cell's figures, as Jupyter's default inline backend does."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = executed(path)
    charts = [cell for cell in notebook.cells
              if cell.cell_type == "code" and ("plt.show()" in cell.source or "kk.show(" in cell.source)]
    assert charts and all(any("image/png" in output.get("data", {}) for output in cell.outputs) for cell in charts), \
        "every cell that calls plt.show() or kk.show() shows its chart"


TITLE = re.compile(r"""(?:\btitle\s*=\s*|set_title\(\s*|suptitle\(\s*)[rf]?(["'])(.+?)\1""")
SCALED = [(1e4, ["만"]), (1e6, ["백만", " million"]), (1e8, ["억"]), (1e9, [" billion"]), (1e12, ["조", " trillion"])]


def shown_text(lesson):
    """What a learner reads in a lesson notebook: its markdown (alt text included), the titles its code gives to
    charts, and, once executed, every output's text (plain, HTML without tags, Markdown, printed)."""
    parts = []
    for cell in lesson.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
            continue
        if cell.cell_type != "code":
            continue
        parts += [match.group(2) for match in TITLE.finditer(cell.source)]
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stdout":
                parts.append(output.text)
            data = output.get("data", {})
            parts += [data.get("text/plain", ""), data.get("text/markdown", ""),
                      re.sub(r"<[^>]+>", " ", data.get("text/html", ""))]
    return "\n".join(parts)


def chart_titles(lesson):
    return [match.group(2) for cell in lesson.cells if cell.cell_type == "code"
            for match in TITLE.finditer(cell.source)]


def displayed_values(lesson):
    """Python values the executed cells display (``[('rank', True, 6), ...]``), where their repr can be read back."""
    for cell in lesson.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.output_type == "execute_result":
                try:
                    yield ast.literal_eval(output.get("data", {}).get("text/plain", ""))
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    continue


def records(value):
    """The innermost tuples and lists of a displayed value (the rows of a list of tuples)."""
    if isinstance(value, (tuple, list)):
        if not any(isinstance(item, (tuple, list, dict)) for item in value):
            yield tuple(value)
        for item in value:
            yield from records(item)
    elif isinstance(value, dict):
        yield from records(list(value.items()))


def settings(source):
    """The literal keyword arguments an answer cell passes (``method="rank", per_capita=True`` → {"rank", True})."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {keyword.value.value for node in ast.walk(tree) if isinstance(node, ast.Call) for keyword in node.keywords
            if isinstance(keyword.value, ast.Constant) and keyword.value.value is not None}


def labels_of(name):
    """What the kit calls an identifier answer in Korean and English (``medical_pull`` → 의대 쏠림, medical pull)."""
    from kaikit import index, pipeline
    from kaikit.i18n import get_language, set_language

    previous, found = get_language(), {name}
    try:
        for language in ("ko", "en"):
            set_language(language)
            for labels in (pipeline.labels(), index.labels()):
                if name in labels:
                    found.add(labels[name])
    finally:
        set_language(previous)
    return found


def number_forms(value):
    """How a lesson could write ``value``: 7.17 or 54.8% for a fraction; 14, 2,108, 146백만 or 1억 4,600만 for a
    distinctive whole number, one with at least two digits before its trailing zeros (14, 25, 146,000,000). Round
    numbers (10, 20, 100) and those below 10 are too common in a lesson's text to look for on their own."""
    if value == int(value):
        if len(str(abs(int(value))).rstrip("0")) < 2:
            return []
        whole = int(value)
        forms = [str(whole), f"{whole:,}"]
        for scale, words in SCALED:
            scaled = value / scale
            if abs(scaled) >= 1 and round(scaled, 2) == scaled:
                forms += [f"{scaled:g}{word}" for word in words]
        eok, man = divmod(abs(whole), 10**8)
        if eok and man and man % 10**4 == 0:   # as Korean writes won: 1억 4,600만
            forms.append(f"{eok:,}억 {man // 10**4:,}만")
        return forms
    forms = [f"{value:.2f}"] + ([f"{value * 100:.1f}%"] if 0 < value < 1 else [])
    short = repr(round(value, 2))
    return forms + ([short] if float(short) == value else [])


def found_in(forms, text):
    return [form for form in dict.fromkeys(forms)
            if re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text)]


def cases_stated_in_the_lesson(solution, assignment, lessons, monkeypatch):
    """``answers_stated_in_the_lesson`` for the answers of every per-student case of the exercise's varied part (the
    executed solution shows only the default case's)."""
    if assignment not in PARTS:
        return {}
    answer_id = PARTS[assignment][0]
    stated = {}
    for _, value in case_answers(assignment, monkeypatch).values():
        answer = executed_answer(value.item() if hasattr(value, "item") else value, cell_of(solution, answer_id).source,
                                 grade_id=answer_id)
        for grade_id, found in answers_stated_in_the_lesson(answer, assignment, lessons).items():
            stated[grade_id] = stated.get(grade_id, []) + found
    return stated


def answers_stated_in_the_lesson(solution, assignment, lessons=None):
    """Answers the executed ``solution`` displays that its lessons (ko and en; executed ones when given, else the
    committed notebooks) already show a learner: an exercise part the lesson has answered.

    - a fraction (7.17, 54.8%) or a distinctive whole number (14, 2,108, 146백만) anywhere a learner reads it:
      markdown and alt text, chart titles, and the executed outputs (tables, printed values);
    - an identifier answer (``"medical_pull"``) or its label (의대 쏠림) in a chart title, or displayed on its own;
    - a small whole number (a rank of 6) displayed beside the settings the answer cell uses, as lesson 01 once showed
      ``('rank', True, 6)`` for an exercise that asked for rank rescaling per capita."""
    lessons = lessons if lessons is not None else [read(path) for path in lesson_paths(assignment)]
    text = "\n".join(shown_text(lesson) for lesson in lessons)
    titles = "\n".join(title for lesson in lessons for title in chart_titles(lesson))
    shown = [value for lesson in lessons for value in displayed_values(lesson)]
    rows = [row for value in shown for row in records(value)]
    stated = {}
    for cell in solution.cells:
        if not (cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code"):
            continue
        used = settings(cell.source)
        for output in cell.outputs:
            if output.output_type != "execute_result":
                continue
            try:
                answer = ast.literal_eval(output.get("data", {}).get("text/plain", ""))
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                continue
            found = []
            for value in answer if isinstance(answer, tuple) else (answer,):
                if isinstance(value, bool):
                    continue
                if isinstance(value, str):
                    found += [label for label in labels_of(value) if label in titles]
                    found += [value] if value in shown else []
                elif isinstance(value, (int, float)) and math.isfinite(value):
                    found += found_in(number_forms(value), text)
                    if value == int(value) and abs(value) < 10 and used:
                        found += [str(row) for row in rows if used <= set(row)
                                  and any(item == value and not isinstance(item, bool) for item in row)]
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
    "ko": ["질문", "학습 목표", "준비", "이 데이터가 말해 주지 않는 것", "핵심 정리", "출처", "자료 기준일",
           "연습문제"],
    "en": ["Questions", "Objectives", "Setup", "What this data cannot tell you", "Key points", "Sources", "Data as of",
           "Exercise"],
}
TIME_LINE = {"ko": r"수업 \d+분 · 실습 \d+분", "en": r"Teaching \d+ min · Exercises \d+ min"}
PREDICT = {"ko": "먼저 예상해 보세요", "en": "Predict first"}
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
    # "Data as of" is read from datasets/datapackage.json for the tables the lesson loaded, never typed by hand
    assert "kk.data_as_of()" in code, "the data-as-of table (kk.data_as_of()) in its section"
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


def executed_answer(value, source="answer", grade_id="answer"):
    answer = nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"solution": True, "grade_id": grade_id}})
    answer.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": repr(value)}, execution_count=1)]
    return nbformat.v4.new_notebook(cells=[answer])


def test_an_answer_the_lesson_already_states_is_caught():
    # Lesson 03 says fractional counting takes Korea's notable models of 2020–2024 "from 10 to 7.17".
    assert answers_stated_in_the_lesson(executed_answer(43 / 6), "ex03_models") == {"answer": ["7.17"]}
    assert answers_stated_in_the_lesson(executed_answer(71 / 6), "ex03_models") == {}


def executed_lesson_cell(source, value):
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": repr(value)}, execution_count=1)]
    return nbformat.v4.new_notebook(cells=[cell])


def test_the_old_kits_answers_shown_by_lessons_01_05_06_and_07_are_caught():
    # Lesson 01, cell 16, prints Korea's rank for every rescaling with and without per-capita: the old ex01 Part 4
    # (rank rescaling per capita, equal weights) was its ('rank', True, 6); the new one weights investment double.
    lesson_01 = executed_lesson_cell("[(method, per_capita, kk.index.rank_of(...)) for method, per_capita in choices]",
                                     [("minmax", False, 3), ("minmax", True, 5), ("rank", False, 7),
                                      ("rank", True, 6), ("zscore", False, 3), ("zscore", True, 5)])
    old_part_4 = ('korea_rank = kk.index.rank_of(kk.index.build_index(table, weights, method="rank", per_capita=True),'
                  ' "KOR")')
    new_part_4 = ('korea_rank = kk.index.rank_of(kk.index.build_index(table, weights, method="rank", per_capita=False),'
                  ' "KOR")')
    assert answers_stated_in_the_lesson(executed_answer(6, old_part_4), "ex01_position", [lesson_01]) == \
        {"answer": ["('rank', True, 6)"]}
    assert answers_stated_in_the_lesson(executed_answer(8, new_part_4), "ex01_position", [lesson_01]) == {}
    # Lesson 05's tornado chart was titled "의대 쏠림은 입학 정원 다음으로 강한 레버": the old ex05 Part 4's answer.
    lesson_05 = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'ax.set(title="의대 쏠림은 입학 정원 다음으로 강한 레버",\n'
        '       xlabel="레버 +20%와 -20%의 차이", ylabel="")')])
    assert answers_stated_in_the_lesson(executed_answer("medical_pull"), "ex05_pipeline", [lesson_05]) == \
        {"answer": ["의대 쏠림"]}
    assert answers_stated_in_the_lesson(executed_answer("foreign_inflow"), "ex05_pipeline", [lesson_05]) == {}
    # Lesson 06's alt text: the GPUs bought cost "146백만 원" each (the old ex06 Part 1, in won; the new one is in USD).
    lesson_06 = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "*차트 설명(대체 텍스트): … 2025년 추경의 GPU 1만 장 구매는 한 장당 146백만 원, "
        "민간 GPU 2,600장 임차·활용 지원은 "
        "한 장당 약 66백만 원으로, 구매 막대가 두 배 남짓 길다.*")])
    assert answers_stated_in_the_lesson(executed_answer((146_000_000.0, 172.3e9 / 2600)), "ex06_strategy",
                                        [lesson_06]) == {"answer": ["146백만"]}
    assert answers_stated_in_the_lesson(executed_answer((1.46e12 / 1e4 / 1400, 172.3e9 / 2600 / 1400)), "ex06_strategy",
                                        [lesson_06]) == {}
    # Lesson 07 counted Korea's models "(3, 3, 11, 14, 17개)" and showed the Q2 2025 foundry shares in a table.
    lesson_07 = executed_lesson_cell("q2_2025", {"TSMC": 70.2, "Samsung": 7.3, "SMIC": 5.1})
    lesson_07.cells.insert(0, nbformat.v4.new_markdown_cell(
        "점마다 순위와 한국의 모델 수(3, 3, 11, 14, 17개)가 적혀 있고"))
    old_evidence = answers_stated_in_the_lesson(executed_answer((1, 14, 5, 70.2, 7.3)), "ex07_factcheck", [lesson_07])
    assert old_evidence == {"answer": ["14", "70.2", "7.3"]}
    assert answers_stated_in_the_lesson(executed_answer((4, 6, 5, 67.6, 7.7)), "ex07_factcheck", [lesson_07]) == {}


def test_a_lesson_stating_another_cases_answer_is_caught(monkeypatch):
    # The executed solution shows the default case's answer (60% a year); another case (China 15%, by 2035) needs 54%.
    stated = nbformat.v4.new_markdown_cell("중국이 연 15%라면 한국은 연 54%가 필요합니다.")
    lesson = nbformat.v4.new_notebook(cells=[stated])
    solution = read(REPO_ROOT / "solutions" / "ex02_chips" / "ex02_chips.ipynb")
    assert cases_stated_in_the_lesson(solution, "ex02_chips", [lesson], monkeypatch) == {"growth_needed": ["54"]}
    assert cases_stated_in_the_lesson(solution, "ex01_position", [lesson], monkeypatch) == {}
