"""Similarity hints (kaikit.grading.similarity), on a synthetic class built in memory from ex05_pipeline: students
whose answers differ genuinely, one copied pair, one student who left the template, and the edge cases."""
import copy
import re
from types import SimpleNamespace

import nbformat
import pytest

from kaikit._paths import REPO_ROOT
from kaikit.grading.similarity import FLOOR, code_tokens, compare, similar_pairs
from kaikit.i18n import in_language

ASSIGNMENT = "ex05_pipeline"
RELEASED = nbformat.read(REPO_ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
SOLUTION = nbformat.read(REPO_ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)

# Four ways (0: the instructor's, 3: a wrong one) to answer four of the code cells; a function's body only.
STEADY = [
    """    inflow = params["cohort"] * (1 - params["medical_pull"])
    return inflow / (params["graduation_rate"] + params["student_emigration"])""",
    """    leaving_rate = params["graduation_rate"] + params["student_emigration"]
    new_students = params["cohort"] - params["cohort"] * params["medical_pull"]
    return new_students / leaving_rate""",
    """    students = 0.0
    for year in range(3000):
        students = students * (1 - params["graduation_rate"] - params["student_emigration"]) \\
            + params["cohort"] * (1 - params["medical_pull"])
    return students""",
    """    entering = params["cohort"] * (1.0 - params["medical_pull"])
    years_in_school = 1 / params["graduation_rate"]
    return entering * years_in_school""",
]
COHORT = [
    """    by_year = births.set_index("year")["births"]
    return float(by_year[entry_year - 19] / by_year[base_year - 19])""",
    """    born = dict(zip(births["year"], births["births"]))
    return born[entry_year - 19] / born[base_year - 19]""",
    """    entry = births.loc[births["year"] == entry_year - 19, "births"].iloc[0]
    base = births.loc[births["year"] == base_year - 19, "births"].iloc[0]
    return float(entry) / float(base)""",
    """    table = births.set_index("year")
    ratio = table.loc[entry_year, "births"] / table.loc[base_year, "births"]
    return float(ratio)""",
]
PULL = [
    """ratio_2035 = cohort_ratio(births, 2035, 2026)
pull_2035 = 1 - (1 - params["medical_pull"]) / ratio_2035""",
    """kept_today = params["cohort"] * (1 - params["medical_pull"])
cohort_2035 = params["cohort"] * cohort_ratio(births, 2035, 2026)
pull_2035 = 1 - kept_today / cohort_2035""",
    """shrink = cohort_ratio(births, 2035, 2026)
staying = (1 - params["medical_pull"]) / shrink
pull_2035 = float(1 - staying)""",
    """births_then = births.set_index("year")["births"]
pull_2035 = params["medical_pull"] * births_then[2016] / births_then[2007]""",
]
GAIN = [
    """def workforce_after(name, years):
    run = kk.pipeline.simulate(kk.pipeline.scenario_parameters(name), years=years, start=today_steady)
    return kk.pipeline.outcome(run[run["year"] == years].set_index("stock")["people"])

workforce_gain = workforce_after(case["scenario"], case["years"]) / workforce_after("today", case["years"]) - 1""",
    """runs = {}
for name in ["today", case["scenario"]]:
    run = kk.pipeline.simulate(kk.pipeline.scenario_parameters(name), years=case["years"], start=today_steady)
    last = run[run["year"] == case["years"]]
    runs[name] = last[last["stock"].isin(["early_career", "experienced"])]["people"].sum()
workforce_gain = float(runs[case["scenario"]] / runs["today"] - 1)""",
    """horizon = case["years"]
mine = kk.pipeline.simulate(kk.pipeline.scenario_parameters(case["scenario"]), horizon, start=today_steady)
today = kk.pipeline.simulate(params, horizon, start=today_steady)
final_mine = kk.pipeline.outcome(mine[mine["year"] == horizon].set_index("stock")["people"])
final_today = kk.pipeline.outcome(today[today["year"] == horizon].set_index("stock")["people"])
workforce_gain = (final_mine - final_today) / final_today""",
    """gain_runs = [kk.pipeline.simulate(kk.pipeline.scenario_parameters(s), years=case["years"], start=today_steady)
             for s in ("today", case["scenario"])]
people = [r.groupby("year")["people"].sum().iloc[-1] for r in gain_runs]
workforce_gain = float(people[1] - people[0])""",
]
MEMO = [
    "해외 인재 유치가 가장 강한 정책 수단이다, 민감도 표에서 흔들림이 가장 컸기 때문이다.",
    "Stopping the medical pull adds about a tenth more workers after twenty five years in our run.",
    "숙련 인력은 수십 년이 걸려야 늘어나므로 효과는 느리게 나타난다고 보아야 한다.",
    "Most parameters are assumptions, so the plus or minus twenty percent yardstick could change the advice.",
    "The model has no feedback from jobs or wages, and it treats every worker as equally skilled.",
    "출생아 수가 줄어드는 만큼 입학 정원을 지키려면 의대 쏠림을 지금보다 낮춰야 한다는 점이 중요하다.",
]
# GF(4): rows (a, b) give variants (a, b, a+b, a+2b); any two rows agree in at most one of the four cells.
TIMES_TWO = [0, 2, 3, 1]
ROWS = [(a, b) for a in range(4) for b in range(4) if (a, b) not in {(0, 0), (1, 2), (2, 3), (3, 1)}]
RENAMES = {"inflow": "people_in", "leaving_rate": "out_rate", "new_students": "fresh", "students": "s",
           "by_year": "per_year", "born": "births_by_year", "entry": "first", "base": "second",
           "ratio_2035": "scale", "kept_today": "keep", "cohort_2035": "later", "shrink": "factor",
           "staying": "stay", "workforce_after": "people_after", "run": "result", "runs": "results",
           "last": "final", "stop": "no_pull", "final_stop": "end_no_pull", "final_today": "end_today"}


def answer_cells(notebook):
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in notebook.cells
            if cell.metadata.get("nbgrader", {}).get("solution")}


def submission(steady=None, cohort=None, pull=None, gain=None, memo=None):
    """A copy of the released exercise with these answers written in (None: the template left as it is)."""
    notebook = copy.deepcopy(RELEASED)
    cells = answer_cells(notebook)
    if steady is not None:
        cells["steady_students"].source = f"def steady_students(params):\n{steady}"
    if cohort is not None:
        cells["cohort_ratio"].source = (
            f'births = kk.load("births")\n\n\ndef cohort_ratio(births, entry_year, base_year):\n{cohort}')
    if pull is not None:
        cells["pull_2035"].source = f"{pull}\npull_2035"
    if gain is not None:
        cells["workforce_gain"].source = f"{gain}\nworkforce_gain"
    if memo is not None:
        cells["policy_memo"].source = memo
    return notebook


def disguised(notebook):
    """The same answers with other variable names, other comments and blank lines: what a copier does."""
    notebook = copy.deepcopy(notebook)
    pattern = re.compile(r"\b(" + "|".join(RENAMES) + r")\b")
    for cell in answer_cells(notebook).values():
        if cell.cell_type == "markdown":
            cell.source = cell.source.upper().replace(",", " —").replace(".", "!")
            continue
        lines = []
        for line in pattern.sub(lambda found: RENAMES[found.group()], cell.source).splitlines():
            continued = line.endswith("\\")   # nothing may follow a line continuation
            lines += [line if continued or not line.strip() else line + "  # 제가 직접 풀었습니다"]
            lines += [] if continued else [""]
        cell.source = "\n".join(lines)
    return notebook


def synthetic_class():
    """{student: notebook}: 12 honest students, s05's copy (copier), and one who left the template (blank)."""
    notebooks = {}
    for number, (a, b) in enumerate(ROWS):
        memos = MEMO[number % 6] + " " + MEMO[(number // 6 + number + 1) % 6]
        notebooks[f"s{number:02}"] = submission(STEADY[a], COHORT[b], PULL[a ^ b], GAIN[a ^ TIMES_TWO[b]], memos)
    notebooks["copier"] = disguised(notebooks["s05"])
    notebooks["blank"] = copy.deepcopy(RELEASED)
    return notebooks


@pytest.fixture(scope="module")
def result():
    return compare(synthetic_class(), RELEASED, SOLUTION)


def test_the_copied_pair_is_found_and_no_other(result):
    """The false-positive rate on this class is 0: of its 77 honest pairs compared, none is listed. s05's
    workforce_gain is the instructor's solution, so the copy of it is no evidence and is not compared."""
    assert [pair.students for pair in result.pairs] == [("copier", "s05")]
    pair = result.pairs[0]
    assert pair.score == 1.0 and set(pair.cells) == {"steady_students", "cohort_ratio", "pull_2035", "policy_memo"}
    assert "workforce_gain" not in pair.cell_scores
    assert pair.cells == sorted(pair.cells, key=lambda g: -pair.cell_scores[g])
    honest = [score for score in result.scores if score != pair.score]
    assert max(honest) < result.threshold <= pair.score
    assert result.threshold >= FLOOR and result.threshold >= result.median + 4 * result.mad - 1e-9
    assert result.scores == sorted(result.scores, reverse=True) and not result.skipped


def test_the_student_who_left_the_template_matches_nobody(result):
    assert not any("blank" in pair.students for pair in result.pairs)
    assert len(result.scores) == 13 * 12 // 2   # blank is compared with nobody: no answer of its own


def test_the_template_lines_are_not_an_answer():
    for grade_id, cell in answer_cells(RELEASED).items():
        if cell.cell_type == "code":
            assert code_tokens(cell.source, cell.source) == [], grade_id
    # Two students who added the same short line to the template are alike by necessity, not by copying.
    both = submission(steady='    raise NotImplementedError()\n    return 0', pull="pull_2035 = 0.2")
    assert compare({"a": both, "b": copy.deepcopy(both)}, RELEASED, SOLUTION).pairs == []


def test_two_students_who_wrote_the_solution_are_not_flagged():
    class_ = synthetic_class()
    class_["sol_a"], class_["sol_b"] = copy.deepcopy(SOLUTION), copy.deepcopy(SOLUTION)
    result = compare(class_, RELEASED, SOLUTION)
    assert [pair.students for pair in result.pairs] == [("copier", "s05")]


def test_renaming_does_not_hide_a_copy_but_another_algorithm_does():
    original = submission(STEADY[1], COHORT[2], PULL[1], GAIN[2])
    renamed = disguised(original)
    rewritten = submission(STEADY[2], COHORT[1], PULL[2], GAIN[1])
    result = compare({"a": original, "b": renamed, "c": rewritten}, RELEASED, SOLUTION)
    assert [(pair.students, pair.score) for pair in result.pairs] == [(("a", "b"), 1.0)]


def test_a_small_class_uses_the_floor():
    class_ = {name: notebook for name, notebook in synthetic_class().items() if name in ("s01", "s02", "s03", "s05")}
    result = in_language("en", compare, class_, RELEASED, SOLUTION, floor=0.3)
    assert result.threshold == 0.3 and "fewer than 5 students" in result.measure
    large = in_language("en", compare, synthetic_class(), RELEASED, SOLUTION)
    assert "median" in large.measure and f"{large.threshold:.2f}" in large.measure


def test_a_class_whose_answers_are_all_alike_is_told_the_hints_cannot_help():
    """Six students, five with the same answers and one with others: every pair scores about 0 or 1, the median is
    high and the threshold above 1, so no pair is listed, and the measure says why rather than staying silent."""
    class_ = {f"s{i}": submission(steady=STEADY[1 if i < 5 else 2], cohort=COHORT[1 if i < 5 else 2])
              for i in range(6)}
    result = in_language("en", compare, class_, RELEASED, SOLUTION)
    assert result.threshold >= 1 and not result.pairs and "no pair can stand out" in result.measure
    assert "no pair can stand out" not in in_language("en", compare, synthetic_class(), RELEASED, SOLUTION).measure


def test_a_pair_alike_on_too_few_answers_is_not_listed():
    """Two students who wrote the same two answers in the same common way, and nothing else: too little to go on."""
    class_ = {name: submission(steady=STEADY[1], cohort=COHORT[1]) for name in ("a", "b")}
    assert not compare(class_, RELEASED, SOLUTION).pairs
    assert [p.students for p in compare(class_, RELEASED, SOLUTION, min_cells=2).pairs] == [("a", "b")]


def test_a_mangled_notebook_is_skipped():
    class_ = synthetic_class()
    class_["broken"] = nbformat.from_dict({"cells": "not a list", "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    class_["no_source"] = nbformat.from_dict({"cells": [{"metadata": {"nbgrader": {"grade_id": "step"}}}]})
    result = compare(class_, RELEASED, SOLUTION)
    assert set(result.skipped) == {"broken", "no_source"}
    assert [pair.students for pair in result.pairs] == [("copier", "s05")]


def test_similar_pairs_reads_the_course_folders(tmp_path):
    """Through a course's paths (nbgrader's ``CourseDirectory``): an unreadable file is skipped, and said."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(root=str(tmp_path))
    for folder, notebook in (("release", RELEASED), ("source", SOLUTION)):
        (tmp_path / folder / ASSIGNMENT).mkdir(parents=True)
        nbformat.write(notebook, tmp_path / folder / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    class_ = {name: n for name, n in synthetic_class().items() if name in ("s05", "copier", "s01")}
    for student, notebook in class_.items():
        folder = tmp_path / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
    (tmp_path / "submitted" / "garbage" / ASSIGNMENT).mkdir(parents=True)
    (tmp_path / "submitted" / "garbage" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_bytes(b"{not json")
    course = SimpleNamespace(api=SimpleNamespace(coursedir=coursedir), release_dir=tmp_path / "release",
                             source_dir=tmp_path / "source",
                             submitted_students=lambda assignment: sorted([*class_, "garbage"]))
    result = similar_pairs(course, ASSIGNMENT)
    assert [pair.students for pair in result.pairs] == [("copier", "s05")]
    assert list(result.skipped) == ["garbage"]
