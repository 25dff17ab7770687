"""A sample class for the instructor's guide: 40 synthetic submissions of an exercise, graded with `kaikit grade`,
then `kaikit report`. Writes docs/sample-report/<assignment>.{csv,ko.html,en.html} and prints the summary.

Each student has an ability; each answer cell a difficulty. A student answers a cell right, with a typical mistake or
not at all (the template left), with chances set by ability minus difficulty. Right and wrong answers come in several
genuinely different forms where tests/grading/test_similarity.py has them (four of ex05's cells: three right ways and
one wrong), else the instructor's solution and tests/fixtures/<assignment>_typical_mistakes.ipynb; written answers
are put together from a pool of sentences. One student copies another's notebook (the one with the fewest answers
equal to the instructor's, so the copy is detectable at all) and adds comments: the similarity hints should list
that pair and, ideally, no other. Every student works on the hub, so each notebook shows the student's own case of
Part 3 (kaikit.variants); the copy shows the original's, and `kaikit grade` flags it.

    python benchmarks/sample_class.py [--assignment ex05_pipeline] [--students 40] [--seed 7]
"""
import argparse
import math
import random
import sys
import tempfile
from pathlib import Path

import nbformat
from nbgrader.utils import is_solution

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests", ), str(ROOT / "tests" / "grading")]

import adversarial  # noqa: E402
import test_similarity  # noqa: E402

from kaikit import variants  # noqa: E402
from kaikit.grading.batch import grade_submissions  # noqa: E402
from kaikit.grading.report import class_report, summary_lines, write_report  # noqa: E402
from kaikit.i18n import LANGUAGES, in_language  # noqa: E402

# Cells answered in several ways: (right ways, wrong ways), from the similarity tests.
WAYS = {
    "steady_students": (lambda v: f"def steady_students(params):\n{v}", test_similarity.STEADY),
    "cohort_ratio": (lambda v: f'births = kk.load("births")\n\n\ndef cohort_ratio(births, entry_year, base_year):\n{v}',
                     test_similarity.COHORT),
    "pull_2035": (lambda v: f"{v}\npull_2035", test_similarity.PULL),
    "workforce_gain": (lambda v: f"{v}\nworkforce_gain", test_similarity.GAIN),
}
SENTENCES = [
    "The cohort shrinks, so {lever} matters most by {year}.",
    "In the model the number of students falls with births; {lever} changes the workforce more than the others.",
    "I would raise {lever} first, because its effect on the workforce in {year} is the largest in the table.",
    "Births fell from about 497 thousand to 238 thousand; a bigger {lever} is the only lever that keeps up.",
    "The steady state depends on inflows over outflows, so {lever} is where policy should start.",
    "Keeping graduates in Korea ({lever}) helps more than more places, the sensitivity table shows it.",
]


def answers(notebook):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells if is_solution(c)}


def student_notebook(released, solution, mistakes, ability, difficulty, rng, index):
    notebook = nbformat.reads(nbformat.writes(released), as_version=4)
    right, wrong = answers(solution), answers(mistakes)
    for cell in notebook.cells:
        if not is_solution(cell):
            continue
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        if cell.cell_type == "markdown":
            if rng.random() < 0.9:
                picked = rng.sample(SENTENCES, 2)
                cell.source = " ".join(s.format(lever=rng.choice(["retention", "entry", "return"]),
                                                year=rng.choice([2030, 2035, 2040])) for s in picked)
                cell.source += " " + rng.choice(test_similarity.MEMO)
            continue
        chance = 1 / (1 + math.exp(-(ability - difficulty[grade_id])))
        draw = rng.random()
        template, ways = WAYS.get(grade_id, (None, None))
        if draw < chance:
            cell.source = template(rng.choice(ways[:3])) if ways else right[grade_id].source
        elif draw < chance + (1 - chance) * 0.75 and (ways or grade_id in wrong):
            cell.source = template(ways[3]) if ways else wrong[grade_id].source
    return notebook


def worked_by(notebook, student, assignment):
    """The notebook as saved on the hub by ``student``: the cell showing their case records who they are."""
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "your_case":
            bundle = variants.case(assignment, who=student)._repr_mimebundle_()
            cell.outputs = [nbformat.v4.new_output("execute_result", data=bundle, execution_count=1)]
    return notebook


def build(folder, assignment, count, seed):
    rng = random.Random(seed)
    course, released, solution = adversarial.released_course(folder, assignment)
    mistakes = nbformat.read(ROOT / "tests" / "fixtures" / f"{assignment}_typical_mistakes.ipynb", as_version=4)
    difficulty = {grade_id: rng.uniform(-1.5, 1.5) for grade_id in answers(solution)}
    notebooks = {}
    for index in range(count - 1):
        student = f"s{index:03d}"
        notebooks[student] = worked_by(student_notebook(released, solution, mistakes, rng.gauss(0.8, 1.2), difficulty,
                                                        rng, index), student, assignment)
    right = answers(solution)
    original = min(notebooks, key=lambda student: sum(cell.source == right[grade_id].source
                                                      for grade_id, cell in answers(notebooks[student]).items()))
    copied = nbformat.reads(nbformat.writes(notebooks[original]), as_version=4)
    for cell in copied.cells:
        if is_solution(cell) and cell.cell_type == "code":
            cell.source = "# my answer\n" + cell.source.replace("\n", "\n\n", 1)
    notebooks[f"s{count - 1:03d}"] = copied
    print(f"s{count - 1:03d} copies {original}")
    for student, notebook in notebooks.items():
        target = folder / "grading" / "submitted" / student / assignment
        target.mkdir(parents=True)
        nbformat.write(notebook, target / f"{assignment}.ipynb")
    return course


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="ex05_pipeline")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--to", default=str(ROOT / "docs" / "sample-report"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        course = build(Path(folder), args.assignment, args.students, args.seed)
        grade_submissions(course, args.assignment, jobs=2, report=lambda line: None)
        report = class_report(course, args.assignment)
        for path in write_report(report, args.to):
            print(f"→ {path}")
        for language in LANGUAGES:
            print("\n".join(in_language(language, summary_lines, report)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
