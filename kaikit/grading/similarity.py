"""Similarity hints: pairs of submissions whose answers are much more alike than the class's usual.

A hint for a person to look at, never a penalty: the report lists each pair with the answer cells that match and the
measure used (``SimilarityResult.measure``, one sentence in the current language).

How two answers are compared, and why:

* Only what the student wrote counts. The lines of the released cell (stub lines, given code, ``# YOUR CODE HERE``)
  are removed, since every student got them; so are comments, docstrings and whitespace, which a copier changes
  first. Names the student chose become placeholders in order of first use (``total`` → ``$0``), so renaming
  variables does not hide a copy; names the student did not choose stay (keywords, builtins, modules, attributes such
  as ``.groupby``, keyword arguments, and every name of the released notebook: ``kk``, ``params``, ``step``), and so
  do numbers and strings. A written (markdown) answer becomes its lowercased words, punctuation removed (``\\w``
  matches Hangul, so Korean works the same).
* Two answers are compared by their sets of 5-token sequences (k-grams), with the Jaccard index
  ``|A ∩ B| / |A ∪ B|``. Jaccard rather than containment (``|A ∩ B| / min(|A|, |B|)``): containment calls a short
  answer "fully contained" in any longer one that uses the same common idiom, and a hint that points at innocent
  students costs more than one that misses a copy padded with extra code.
* Answers shorter than 15 tokens (``x = 0.5``, ``return a / b``) say nothing: correct short answers are alike by
  necessity. A cell where both students wrote exactly the instructor's solution (normalised the same way) is no
  evidence of copying from each other either. A pair's score is the mean over the remaining cells they both answered,
  weighted by their length in tokens. A pair is listed only when at least 3 answers could be compared: two students
  who happened to write the same two short answers in the same common way are not a lead.
* The threshold comes from the class: a pair is listed when its score is above ``max(floor, median + 4 · MAD)`` of
  all pairs' scores. The median absolute deviation is used because a few copied pairs barely move it (a standard
  deviation would grow with them and hide them); 4 MAD is about 2.7 standard deviations of a normal spread, so about
  one pair in 300 passes by chance, and the floor (0.8: four fifths of the 5-token sequences shared) keeps a class
  whose answers are all very different from listing pairs that are merely alike. Below 5 students a class has too
  few pairs for a median to mean anything, and only the floor applies.

>>> import nbformat
>>> from nbformat.v4 import new_code_cell, new_notebook
>>> def answer(source):
...     cell = new_code_cell(source, metadata={"nbgrader": {"grade_id": "total", "solution": True, "grade": False}})
...     return new_notebook(cells=[cell])
>>> released = answer("def total(prices):\\n    # YOUR CODE HERE\\n    raise NotImplementedError()")
>>> alice = answer("def total(prices):\\n    result = 0\\n    for price in prices:\\n"
...                "        result = result + price * 1.1\\n    return round(result, 2)")
>>> bob = answer("def total(prices):\\n    # my own work\\n    s = 0\\n\\n    for p in prices:\\n"
...              "        s = s + p * 1.1\\n    return round(s, 2)")
>>> result = compare({"alice": alice, "bob": bob}, released, released, min_cells=1)   # one answer, for the example
>>> [(pair.students, pair.score, pair.cells) for pair in result.pairs]
[(('alice', 'bob'), 1.0, ['total'])]
"""
import builtins
import io
import itertools
import keyword
import re
import statistics
import tokenize
from dataclasses import dataclass, field

from nbgrader.utils import is_grade, is_solution

from ..i18n import message, say

FLOOR = 0.8        # a pair is never listed below this score
MADS = 4.0         # ... nor below the class median plus this many median absolute deviations
GRAM = 5           # tokens per k-gram
MIN_TOKENS = 15    # shorter answers are alike by necessity, and skipped
MIN_CELLS = 3      # a pair alike on fewer answers than this is not listed: too little to go on
MIN_CLASS = 5      # below this many readable submissions, only the floor applies

KEPT_NAMES = set(dir(builtins)) | set(keyword.kwlist) | set(keyword.softkwlist)
SOLUTION_DELIMITER = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$")
SKIPPED_TOKENS = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                  tokenize.ENCODING, tokenize.ENDMARKER}
ROUGH_TOKEN = re.compile(r"""(?P<string>'[^']*'|"[^"]*")|(?P<name>[^\W\d]\w*)|(?P<number>\d[\w.]*)|(?P<op>\S)""")


@dataclass
class SimilarPair:
    students: tuple            # (student, student), in alphabetical order
    score: float               # the pair's similarity, 0 to 1
    cells: list                # grade_ids of the answer cells that match, most alike first
    cell_scores: dict = field(default_factory=dict)   # {grade_id: similarity} of every cell compared


@dataclass
class SimilarityResult:
    pairs: list                # SimilarPair above the threshold, highest score first
    threshold: float
    measure: str               # how pairs were compared and the threshold chosen, in the current language
    scores: list               # every compared pair's score, highest first (for a chart)
    skipped: dict = field(default_factory=dict)   # {student: why the submission was not compared}
    median: float = 0.0
    mad: float = 0.0


def _key(code):
    """A line of code as compared with the released cell's lines: without whitespace (its comment already cut)."""
    return "".join(code.split())


def _tokens(source):
    """Python's tokens of ``source``, or None when its tokenizer cannot read it (a half-written answer, ``!pip``)."""
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return None


def _line_keys(source, tokens):
    """Each line's ``_key``, its comment cut (where the tokenizer found one, else at the first ``#``)."""
    lines = source.split("\n")
    if tokens is None:
        return [_key(line.split("#")[0]) for line in lines]
    cut = {token.start[0] - 1: token.start[1] for token in tokens if token.type == tokenize.COMMENT}
    return [_key(line[:cut.get(row, len(line))]) for row, line in enumerate(lines)]


def _template(released):
    """The keys of a released code cell's lines: what every student got, so none of them wrote it."""
    return set(_line_keys(released, _tokens(released))) - {""}


def _statements(source, template):
    """The code's tokens as [(kind, text)] per logical line, without comments, whitespace and template lines.

    Code that Python's tokenizer cannot read is split roughly by a pattern instead, so that a broken answer is still
    compared rather than dropped."""
    tokens = _tokens(source)
    keys = _line_keys(source, tokens)
    if tokens is None:
        rough = [[(found.lastgroup, found.group()) for found in ROUGH_TOKEN.finditer(line.split("#")[0])]
                 for line, key in zip(source.split("\n"), keys) if key not in template]
        return [statement for statement in rough if statement]
    statements, current = [], []
    for token in tokens:
        if token.type == tokenize.NEWLINE and current:
            statements.append(current)
            current = []
        row = token.start[0] - 1
        if token.type in SKIPPED_TOKENS or (row < len(keys) and keys[row] in template):
            continue
        kind = "name" if token.type == tokenize.NAME else "string" if token.type == tokenize.STRING else "op"
        current.append((kind, token.string))
    return statements + ([current] if current else [])


def code_tokens(source, released="", given=()):
    """The normalised tokens of a code answer (see the module's docstring); ``released``: the released cell's source;
    ``given``: names the student did not choose (the released notebook's).

    >>> code_tokens("total = 0  # sum\\nfor x in prices:\\n    total += x.price", given={"prices"})
    ['$0', '=', '0', 'for', '$1', 'in', 'prices', ':', '$0', '+=', '$1', '.', 'price']
    """
    kept, names, result = KEPT_NAMES | set(given), {}, []
    for statement in _statements(source, _template(released)):
        if all(kind == "string" for kind, _ in statement):
            continue                                  # a docstring, or a string left alone
        importing, depth = statement[0][1] in ("import", "from"), 0
        for index, (kind, text) in enumerate(statement):
            depth += (text in "([{") - (text in ")]}") if kind == "op" else 0
            after = statement[index + 1][1] if index + 1 < len(statement) else ""
            chosen = (kind == "name" and not importing and text not in kept
                      and not (index and statement[index - 1][1] == ".")     # an attribute
                      and not (depth > 0 and after == "="))                  # a keyword argument
            result.append(names.setdefault(text, f"${len(names)}") if chosen else text)
    return result


def text_tokens(source, released=""):
    """The words of a written answer, lowercased, without punctuation or the released cell's lines.

    >>> text_tokens("여기에 답을 쓰세요\\nHiring abroad is *faster*, 5배 빠르다.", "여기에 답을 쓰세요")
    ['hiring', 'abroad', 'is', 'faster', '5배', '빠르다']
    """
    template = {line.strip() for line in released.splitlines()}
    kept = [line for line in source.splitlines() if line.strip() not in template
            and not SOLUTION_DELIMITER.match(line)]
    return [word for word in re.findall(r"\w+", "\n".join(kept).lower()) if word.strip("_")]


def _grams(tokens, gram):
    return {tuple(tokens[i:i + gram]) for i in range(len(tokens) - gram + 1)}


def _jaccard(first, second):
    return len(first & second) / len(first | second) if first or second else 0.0


def _given_names(released):
    """Names of the released notebook's code outside its test cells: given to every student, not chosen."""
    names = set()
    for cell in released.cells:
        if cell.cell_type == "code" and not is_grade(cell):
            names |= {text for kind, text in itertools.chain(*_statements(cell.source, ())) if kind == "name"}
    return names


def _answer_cells(released):
    """{grade_id: released cell} of the answer cells (nbgrader's solution cells)."""
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in released.cells
            if is_solution(cell) and cell.metadata.get("nbgrader", {}).get("grade_id")}


def _answers(notebook, answer_cells, given):
    """{grade_id: normalised tokens} of a notebook's answers (the last cell of a grade_id counts, as in grading)."""
    sources = {}
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answer_cells:
            source = cell["source"]
            sources[grade_id] = source if isinstance(source, str) else "".join(source)
    answers = {}
    for grade_id, source in sources.items():
        released = answer_cells[grade_id]
        answers[grade_id] = (code_tokens(source, released.source, given) if released.cell_type == "code"
                             else text_tokens(source, released.source))
    return answers


def _pair_score(first, second, solution, gram, min_tokens):
    """(score or None, {grade_id: similarity}) of two students' {grade_id: (tokens, grams)}."""
    cell_scores, weights = {}, {}
    for grade_id in sorted(first.keys() & second.keys()):
        (tokens_a, grams_a), (tokens_b, grams_b) = first[grade_id], second[grade_id]
        if min(len(tokens_a), len(tokens_b)) < min_tokens:
            continue
        if tokens_a == tokens_b == solution.get(grade_id):
            continue
        cell_scores[grade_id] = _jaccard(grams_a, grams_b)
        weights[grade_id] = len(tokens_a) + len(tokens_b)
    if not weights:
        return None, {}
    score = sum(cell_scores[g] * weights[g] for g in weights) / sum(weights.values())
    return score, cell_scores


def compare(notebooks: dict, released, solution, floor=FLOOR, mads=MADS, gram=GRAM, min_tokens=MIN_TOKENS,
            min_class=MIN_CLASS, skipped=None, min_cells=MIN_CELLS) -> SimilarityResult:
    """The similar pairs of ``{student: notebook}`` (NotebookNodes), given the ``released`` exercise and the
    instructor's ``solution`` notebook (nbgrader's source). A notebook that cannot be read is skipped and said in
    ``.skipped``; ``skipped`` adds students already left out by the caller ({student: reason})."""
    answer_cells, given = _answer_cells(released), _given_names(released)
    solution_tokens = _answers(solution, answer_cells, given)
    skipped, students = dict(skipped or {}), {}
    for student, notebook in sorted(notebooks.items()):
        try:
            answers = _answers(notebook, answer_cells, given)
        except Exception as error:   # a mangled notebook (cells not a list, a cell without source...): skip it
            skipped[student] = message("similarity_unreadable", error=f"{type(error).__name__}: {error}")
            continue
        students[student] = {g: (tokens, _grams(tokens, gram)) for g, tokens in answers.items()}
    compared = {}
    for first, second in itertools.combinations(sorted(students), 2):
        score, cell_scores = _pair_score(students[first], students[second], solution_tokens, gram, min_tokens)
        if score is not None:
            compared[(first, second)] = (score, cell_scores)
    scores = sorted((score for score, _ in compared.values()), reverse=True)
    median = statistics.median(scores) if scores else 0.0
    mad = statistics.median(abs(score - median) for score in scores) if scores else 0.0
    from_class = len(students) >= min_class and scores
    threshold = max(floor, median + mads * mad) if from_class else floor
    pairs = [SimilarPair(pair, round(score, 3),
                         sorted((g for g, s in cells.items() if s > threshold), key=lambda g: -cells[g]),
                         {g: round(s, 3) for g, s in cells.items()})
             for pair, (score, cells) in compared.items() if score > threshold and len(cells) >= min_cells]
    pairs.sort(key=lambda pair: (-pair.score, pair.students))
    fields = dict(gram=gram, min_tokens=min_tokens, threshold=f"{threshold:.2f}", floor=f"{floor:.2f}")
    measure = (message("similarity_measure", median=f"{median:.2f}", mads=f"{mads:g}", mad=f"{mad:.2f}", **fields)
               if from_class else message("similarity_measure_floor", min_class=min_class, **fields))
    if threshold >= 1:   # the class's answers are alike in general: no pair can stand out, and the hint says so
        measure += " " + message("similarity_too_alike")
    return SimilarityResult(pairs, threshold, measure, scores, skipped, median, mad)


def similar_pairs(course, assignment: str, **options) -> SimilarityResult:
    """The similar pairs among the submissions of ``assignment`` in ``course`` (a ``Course``): each student's
    ``<submitted>/<student>/<assignment>/<assignment>.ipynb``, against the released exercise and the source
    (solution) notebook. ``options``: ``compare``'s parameters (``floor``, ``mads``...)."""
    import nbformat

    from .submission import read_notebook

    coursedir, name = course.api.coursedir, f"{assignment}.ipynb"
    released = nbformat.read(course.release_dir / assignment / name, as_version=4)
    solution = nbformat.read(course.source_dir / assignment / name, as_version=4)
    notebooks, skipped = {}, {}
    for student in course.submitted_students(assignment):
        path = f"{coursedir.format_path(coursedir.submitted_directory, student, assignment)}/{name}"
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError as error:
            skipped[student] = message("similarity_unreadable", error=f"{type(error).__name__}: {error}")
            continue
        notebook, flags = read_notebook(data)
        if notebook is None:
            skipped[student] = message("similarity_unreadable", error=say(flags[0][1]))
        else:
            notebooks[student] = notebook
    return compare(notebooks, released, solution, skipped=skipped, **options)
