"""Figures in a lesson's text cannot drift from the data: each is recomputed from datasets/, cited, or said not to
be data (the manifests in tests/stated_figures/, read by tests/stated_figures.py)."""
import pandas as pd
import pytest
from stated_figures import (
    Figure,
    agrees,
    figure_tokens,
    lesson_path,
    lesson_prose,
    lessons,
    manifest,
    parse_date,
    parse_figure,
    states,
)

import kaikit as kk
from kaikit._paths import DATASETS_DIR

LESSONS = lessons()


@pytest.mark.parametrize("text, value, step", [
    ("13.6 MW", 13.6, 0.1),
    ("3,117 MW", 3117, 1),
    ("1억 4,600만 원", 146_000_000, 10_000),
    ("약 9.9조 원", 9.9e12, 1e11),
    ("KRW 2.5 trillion", 2.5e12, 1e11),
    ("62%", 62, 1),
    ("231k H100e", 231_000, 1000),
    ("7위", 7, 1),
    ("약 6천 6백 건", 6_600, 100),
    ("6만 5천 장", 65_000, 1000),
    ("2천만 원", 20_000_000, 10_000_000),
    ("2023년 6월 판에서 6위", 6, 1),
    ("6th in the June 2023 edition", 6, 1),
    ("순유입 −0.36", -0.36, 0.01),
    ("(-0.49 per person)", -0.49, 0.01),
])
def test_a_figure_is_read_as_the_text_writes_it(text, value, step):
    assert parse_figure(text) == Figure(value, step)


def test_a_hyphen_inside_a_word_is_not_a_minus_sign():
    assert parse_figure("grade A-12 rows").value == 12 and parse_figure("net − 12").value == 12


def test_a_snippet_with_two_figures_is_refused():
    with pytest.raises(ValueError, match="one"):
        parse_figure("13.6 MW and 3,117 MW")


def test_a_value_agrees_only_at_the_texts_precision():
    assert agrees(13.64, parse_figure("13.6 MW"))
    assert not agrees(13.7, parse_figure("13.6 MW"))
    assert agrees(3_117.4, parse_figure("3,117"))
    assert not agrees(3_120, parse_figure("3,117"))
    assert agrees(3_117, parse_figure("약 3.1 GW"), step=None) is False  # units are the expression's business
    assert agrees(3.117, parse_figure("약 3.1 GW"))


def test_figures_in_a_sentence_are_found_and_dates_sections_and_articles_are_not():
    text = ("2025년 12월 2일 기사 001의 2. 부분: 한국은 13.6 MW, 7위, 2020–2024년 64개, Part 4는 15분, 2025Q4 45%, "
            "s004_07을 보면 2,000개, by the end of 2023, and")
    found = {text[s:e] for s, e in figure_tokens(text)}
    assert found == {"13.6", "7", "64", "45", "2,000"}


@pytest.mark.parametrize("text, date", [
    ("2025년 6월 TOP500", (2025, 6, None)), ("2025년 12월 2일 의결", (2025, 12, 2)),
    ("the June 2025 list", (2025, 6, None)),
    ("passed on 2 December 2025", (2025, 12, 2)), ("Nov. 2025", (2025, 11, None)), ("as of 2026-02", (2026, 2, None)),
])
def test_a_date_is_read_as_the_text_writes_it(text, date):
    assert parse_date(text) == date


def test_a_stated_date_must_be_the_datas():
    assert states(pd.Timestamp("2025-06-01"), "2025년 6월 목록")
    assert not states(pd.Timestamp("2025-11-01"), "2025년 6월 목록")
    assert states("2025-12-02", "passed on 2 December 2025") and not states("2025-12-03", "on 2 December 2025")


def test_a_chart_title_typed_in_code_is_read_and_a_computed_one_is_not(tmp_path):
    import nbformat
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Korea has 13.6 MW."),
        nbformat.v4.new_code_cell('ax.set(title="TOP500 (June 2025): 15 systems", xlabel="x")\n'
                                  'ax.set_title(f"{share:.0f}% of 64 models")')])
    nbformat.write(notebook, tmp_path / "lesson.ipynb")
    prose = lesson_prose(tmp_path / "lesson.ipynb")
    assert "TOP500 (June 2025): 15 systems" in prose and "of 64 models" in prose
    assert {prose[s:e] for s, e in figure_tokens(prose)} == {"13.6", "15", "64"}


def _value(setup_namespace, expression):
    return eval(expression, setup_namespace)  # noqa: S307 - the manifests are the kit's own files


def namespace(lesson):
    setup, _ = manifest(lesson)
    scope = {"kk": kk, "pd": pd}
    if setup:
        exec(setup, scope)  # noqa: S102
    return scope


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_snippet_of_the_manifest_is_in_its_lesson(lesson):
    _, entries = manifest(lesson)
    missing = []
    for language in ("ko", "en"):
        prose = lesson_prose(lesson_path(lesson, language))
        missing += [f"{language}: {entry.snippets[language]!r}" for entry in entries
                    if language in entry.snippets and entry.snippets[language] not in prose]
    assert not missing, f"{lesson}: the manifest quotes text the lesson no longer has:\n" + "\n".join(missing)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_stated_data_figure_is_what_the_data_gives(lesson):
    kk.setup(lang="en")
    scope = namespace(lesson)
    wrong = []
    for entry in (e for e in manifest(lesson)[1] if e.kind == "value"):
        value = _value(scope, entry.detail)
        for language, snippet in entry.snippets.items():
            if not states(value, snippet, entry.step):
                wrong.append(f"{language}: the text says {snippet!r}, the data gives {value!r} ({entry.detail})")
    assert not wrong, f"{lesson}: figures in the text differ from datasets/:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_cited_figure_names_a_source_and_every_other_figure_says_what_it_is(lesson):
    sources = set(pd.read_csv(DATASETS_DIR / "sources.csv")["source_id"])
    for entry in manifest(lesson)[1]:
        if entry.kind == "cited":
            assert entry.detail in sources, f"{entry}: no source {entry.detail!r} in datasets/sources.csv"
        if entry.kind == "not_data":
            assert isinstance(entry.detail, str) and len(entry.detail.split()) >= 2, f"{entry}: say what it is"


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_figure_in_a_lessons_text_is_in_its_manifest(lesson, language):
    prose = lesson_prose(lesson_path(lesson, language))
    covered = []
    for entry in manifest(lesson)[1]:
        snippet = entry.snippets.get(language)
        start = prose.find(snippet) if snippet else -1
        while start >= 0:
            covered.append((start, start + len(snippet)))
            start = prose.find(snippet, start + 1)
    uncovered = [f"{prose[s:e]!r} in …{prose[max(0, s - 40):e + 20]!r}…".replace("\n", " ")
                 for s, e in figure_tokens(prose) if not any(a <= s and e <= b for a, b in covered)]
    assert not uncovered, (f"{lesson} ({language}): figures in the text with no entry in "
                           f"tests/stated_figures/{lesson}.yaml:\n" + "\n".join(uncovered))
