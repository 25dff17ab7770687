"""One glossary (docs/glossary.md), and Korean that reads as written in Korean (issue 19.6).

What a Korean learner or instructor reads is the Korean lessons (markdown, alt text, the Korean strings of code cells),
the exercises' sources in solutions/ (exercises/ is generated from them), the Korean strings of kaikit/ and its
messages (kaikit/i18n/locale/ko: widget labels, chart titles...), docs/ko/ and the generated course map. Quotations
of the articles stay verbatim and are left out: blockquote lines (">") other than the lessons' own callouts
("> **먼저 예상해 보세요.**") and attributions ("> — 기사 001"), and datasets/seed_claims.csv, which is not read
here at all.
"""
import ast
import functools
import re

import nbformat
import pytest

from kaikit._paths import REPO_ROOT
from kaikit.i18n import catalogue

GLOSSARY = REPO_ROOT / "docs" / "glossary.md"
HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Forms the copy edit replaced (regular expressions) -> what to write instead. Each line says why.
DISCOURAGED = {
    # a word-for-word "Predict first"; 예상해 보세요 invites a guess
    r"먼저 예측하": "먼저 예상해 보세요",
    # one spacing of the auxiliary 주다, as the body writes it
    r"(?:말해|보여|알려)(?:주|줄|줍|준|줘)": "말해 주지, 보여 주는",
    # "seed" is developer jargon; lesson 00 names the five articles
    r"시드": "기사 000–004 (기사 001)",
    # 글줄 is not what a Korean reader calls a widget's top line
    r"위쪽 글줄": "상단 문구",
    # a calque of "a title that states the finding"
    r"(?:찾은|발견한) 것을 말하": "결론을 담은 제목",
    # a calque of "worked example"
    r"작업한 예": "풀이 예시",
    # in Korean 두 자릿수 is a two-digit number, not a factor of 100
    r"두 자릿수": "100배쯤 (로그 눈금 두 칸)",
    # a metaphor stated as if it were a definition
    r"점유율은 \*\*경주\*\*": "점유율은 상대 평가",
    # 보기 reads as "example"
    r"보기\(총량|보기를 '총량'|지표와 보기|기간과 보기|이 보기에는|알 수 없는 보기|세 가지 눈": "관점",
    # one name for one measure (lesson 04 and its widget)
    r"세계 대비 비중": "세계 점유율",
    # 유량 is the system-dynamics term
    (r"저량-흐름|저량과 흐름|흐름\(flow\)|\*\*흐름\*\*|빠져나가는 흐름|흐름을 (?:모두|변수로)"
     r"|흐름 = "): "저량-유량(stock-flow), 유량",
    # 레버 is jargon: explained once per lesson, then 정책 수단
    r"(?<!정책 수단\()레버": "정책 수단 (처음에는 정책 수단(레버))",
    # the bibliometric names, one pair in lessons, widgets and data
    r"완전 집계|분수 집계|전체 계수": "완전 계수, 분수 계수",
    # Korean counts money in 만, 억 and 조
    r"\d[\d,.]*\s*(?:백만|십억) ?원": "억·조: 1억 4,600만 원, 1,000억 원",
    # 표준국어대사전 gives 화수분 without hanja
    r"貨水盆": "화수분 (한자 없이; 하수분(河水盆)에서 왔다는 설)",
    # the usual Korean for when data was taken
    r"스냅숏 날짜|자료 시점": "자료 기준일",
    # the verdict has one name (lesson 07, the widget)
    r"\*\*확인할 수 없음\*\*": "이 데이터로는 확인 불가",
}
# A discouraged form that a sanctioned one contains, and which is then allowed: the first use of a term.
ALLOWED_INSIDE = {"레버": "정책 수단(레버)"}
# Forms in files another change owns, written while this test was: (file, form) -> why. Remove a line once fixed.
AWAITING_ANOTHER_CHANGE = {}


def _korean_strings(source):
    """The string literals of Python ``source`` that contain Hangul (a regex fallback for code that does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [m.group(1) for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', source) if HANGUL.search(m.group(1))]
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and HANGUL.search(node.value)]


def _without_quotations(markdown):
    """Markdown without the articles' quotations (blockquote lines other than callouts and attributions)."""
    kept = []
    for line in markdown.split("\n"):
        quoted = line.lstrip().startswith(">")
        ours = re.match(r"\s*>\s*(?:\*\*|—|$)", line)
        kept.append("" if quoted and not ours else line)
    return "\n".join(kept)


@functools.lru_cache(maxsize=1)
def texts():
    """(where, text) for every piece of Korean a learner or instructor reads."""
    return tuple(_texts())


def _texts():
    for folder in ("lessons/ko", "solutions"):
        for path in sorted((REPO_ROOT / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts:
                continue
            for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
                where = f"{path.relative_to(REPO_ROOT)} cell {number}"
                if cell.cell_type == "markdown":
                    yield where, _without_quotations(cell.source)
                elif cell.cell_type == "code":
                    yield from ((where, text) for text in _korean_strings(cell.source))
    for path in sorted((REPO_ROOT / "kaikit").rglob("*.py")):
        yield from ((str(path.relative_to(REPO_ROOT)), text)
                    for text in _korean_strings(path.read_text(encoding="utf-8")))
    for key, text in catalogue("ko").items():   # the kit's messages
        yield from ((f"kaikit/i18n/locale/ko/LC_MESSAGES/kaikit.po {key}", form)
                    for form in (text if isinstance(text, tuple) else (text,)))
    for path in sorted((REPO_ROOT / "docs" / "ko").rglob("*.md")) + [REPO_ROOT / "docs" / "course-map.ko.md"]:
        yield str(path.relative_to(REPO_ROOT)), _without_quotations(path.read_text(encoding="utf-8"))
    yield from _dataset_texts()


def _dataset_texts():
    """The Korean a learner reads from datasets/: titles and descriptions of the package (kk.data_as_of, kk.datasets)
    and the Korean columns of the tables (the claim checker's evidence, for one) — not seed_claims, which quotes."""
    import csv
    import json

    def korean_values(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith("_ko") and isinstance(value, str):
                    yield f"{where} {key}", value
                else:
                    yield from korean_values(value, where)
        elif isinstance(node, list):
            for item in node:
                yield from korean_values(item, where)

    package = REPO_ROOT / "datasets" / "datapackage.json"
    yield from korean_values(json.loads(package.read_text(encoding="utf-8")), "datasets/datapackage.json")
    for path in sorted((REPO_ROOT / "datasets").glob("*.csv")):
        if path.name == "seed_claims.csv":
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for number, row in enumerate(csv.DictReader(f), start=2):
                yield from ((f"datasets/{path.name}:{number} {key}", value)
                            for key, value in row.items() if key and key.endswith("_ko") and value)


def _found(pattern, text, where=""):
    for allowed_in, sanctioned in ALLOWED_INSIDE.items():
        if re.fullmatch(pattern, allowed_in) or allowed_in in pattern:
            text = text.replace(sanctioned, "")
    return [m.group() for m in re.finditer(pattern, text) if (where, m.group()) not in AWAITING_ANOTHER_CHANGE]


def glossary_rows():
    """(Korean term cell, English, meaning, where, forms not to use) of each row of the glossary's table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 5 and not set(cells[0]) <= set("-") and cells[0] != "한국어":
            rows.append(cells)
    return rows


def course_terms():
    """The glossary's course terms (bold in its first column) and the forms not to use for each (code spans)."""
    terms = {}
    for korean, _, _, _, avoid in glossary_rows():
        for term in re.findall(r"\*\*(.+?)\*\*", korean):
            terms[term] = re.findall(r"`([^`]+)`", avoid)
    return terms


def test_no_discouraged_form_is_left():
    found = [f"{where}: {form!r} → {DISCOURAGED[pattern]}"
             for where, text in texts() for pattern in DISCOURAGED for form in _found(pattern, text, where)]
    assert not found, "wording the Korean copy edit replaced is back (see docs/glossary.md):\n" + "\n".join(found)


def test_the_glossary_is_one_table_with_a_meaning_and_a_place_for_every_term():
    rows = glossary_rows()
    assert len(rows) >= 30
    for korean, english, meaning, where, _ in rows:
        assert korean and english and meaning and where, korean
        assert "\n" not in meaning and len(meaning) < 200, f"{korean}: the meaning in one line"
    korean_terms = [re.sub(r"\*\*|\s*\(.*", "", row[0]) for row in rows]
    assert len(korean_terms) == len(set(korean_terms)), "a term listed twice"


@pytest.mark.parametrize("term", sorted(course_terms()))
def test_every_course_term_is_used_and_none_of_its_variants(term):
    corpus = texts()
    assert any(term in text for _, text in corpus), f"the glossary's term {term!r} appears nowhere in the course"
    variants = course_terms()[term]
    found = [f"{where}: {variant!r}" for variant in variants for where, text in corpus
             if _found(re.escape(variant), text, where)]
    assert not found, f"use {term!r}, not:\n" + "\n".join(found)


def test_the_glossary_is_linked_from_both_readmes():
    assert "](docs/glossary.md)" in (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "](glossary.md)" in (REPO_ROOT / "docs" / "README.md").read_text(encoding="utf-8")


def test_a_quotation_of_an_article_is_left_alone_but_the_lessons_own_words_are_read():
    markdown = ("> 2023년 기준 한국이 보유한 H100은 총 2,000개에 불과했다.\n"
                "> — 「AI 3대 강국, 정말 될 수 있을까?」 (시드 기사 001)\n"
                "> **먼저 예측하세요.** 몇 개일까요?\n"
                "레버를 움직여 보세요. 정책 수단(레버)을 처음 소개합니다.")
    kept = _without_quotations(markdown)
    assert "불과했다" not in kept
    assert [form for pattern in DISCOURAGED for form in _found(pattern, kept)] == ["먼저 예측하", "시드", "레버"]
