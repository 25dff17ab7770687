"""The lessons read well with a screen reader, without running anything ("Notebooks for All": headings, text
alternatives for charts, link text that says where it goes). What axe-core checks in the browser, on the rendered
lessons, is in tests/e2e/test_browser.py; the charts' other signals than colour are in tests/unit/test_style.py."""
import re

import nbformat
import pytest
from conftest import notebooks

from kaikit._paths import REPO_ROOT

LESSONS = notebooks("lessons/ko", "lessons/en")
# Every notebook a learner opens: the lessons, the exercises, and the solutions they are released from.
NOTEBOOKS = notebooks("lessons", "solutions", "exercises")
ALT_TEXT = {"ko": "차트 설명(대체 텍스트)", "en": "Chart description (alt text)"}
# Link text that says nothing out of context (screen readers list a page's links on their own).
VAGUE_LINK_TEXT = {"here", "click here", "this", "link", "more", "read more", "여기", "여기를 클릭", "이 링크", "링크",
                   "더 보기"}


def ids(paths):
    return [str(p.relative_to(REPO_ROOT)) for p in paths]


def markdown_cells(path):
    """The text of each markdown cell, without fenced code (where a ``#`` line is a comment, not a heading)."""
    notebook = nbformat.read(path, as_version=4)
    return [re.sub(r"```.*?```", "", cell.source, flags=re.S) for cell in notebook.cells
            if cell.cell_type == "markdown"]


def headings(path):
    """``[(level, text), ...]`` in the order the lesson shows them."""
    return [(len(marks), text) for source in markdown_cells(path)
            for marks, text in re.findall(r"^(#{1,6})\s+(.+?)\s*#*$", source, flags=re.M)]


def test_headings_are_read_from_markdown():
    """A check of the reader above on a made-up lesson."""
    assert re.findall(r"^(#{1,6})\s+(.+?)\s*#*$", "# A\ntext\n## B ##\n#not\n", flags=re.M) == [("#", "A"),
                                                                                               ("##", "B")]


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_a_lesson_has_one_title_and_headings_in_order(path):
    """One H1 (the lesson's title, first), and no heading more than one level below the one before it: a screen
    reader's list of headings is the lesson's outline."""
    found = headings(path)
    assert found and found[0][0] == 1, "the lesson starts with its title as the only H1 (`# 01. ...`)"
    titles = [text for level, text in found if level == 1]
    assert len(titles) == 1, f"one H1 per lesson, found {titles}"
    skipped = [f"{'#' * before} {above!r} → {'#' * level} {text!r}"
               for (before, above), (level, text) in zip(found, found[1:]) if level > before + 1]
    assert not skipped, f"a heading skips a level (use one level below the heading above it): {skipped}"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_links_say_where_they_go(path):
    texts = [text.strip().lower() for source in markdown_cells(path)
             for text in re.findall(r"(?<!!)\[([^\]]+)\]\([^)]+\)", source)]
    vague = [text for text in texts if text in VAGUE_LINK_TEXT or re.fullmatch(r"https?://\S+", text)]
    assert not vague, f"link text that does not say where the link goes: {vague}"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_every_chart_has_a_description_and_is_shown_with_a_text_alternative(path):
    """Each chart cell is described in the markdown just above it (read by everyone), and is shown with
    ``kk.show()``, which gives the image itself a text alternative (JupyterLab shows a plain ``plt.show()`` image
    with no ``alt``)."""
    notebook = nbformat.read(path, as_version=4)
    label = ALT_TEXT[path.parent.name]
    for index, cell in enumerate(notebook.cells):
        draws = re.search(r"plt\.subplots\(|plt\.figure\(|sns\.\w+plot\(|sns\.heatmap\(", cell.source)
        if cell.cell_type != "code" or not draws or "plt.close(" in cell.source:   # (a chart made not to be shown)
            continue
        above = next(c.source for c in reversed(notebook.cells[:index]) if c.cell_type == "markdown")
        assert label in above, f"cell {index}: no {label!r} in the markdown above the chart"
        assert "plt.show()" not in cell.source and "kk.show(" in cell.source, \
            f"cell {index}: show the chart with kk.show() (an image with a text alternative), not plt.show()"


def pyplot_shows(notebook):
    """Where ``notebook`` shows a chart with pyplot's ``show()`` (no text alternative, Korea marked by colour
    only): ``cell N`` for a code cell, ``cell N (markdown)`` for the code of a hint or example a learner copies."""
    found = []
    for index, cell in enumerate(notebook.cells):
        code = cell.source if cell.cell_type == "code" else "\n".join(re.findall(r"```.*?```", cell.source, flags=re.S))
        code = "\n".join(line.split("#")[0] for line in code.splitlines())   # not in a comment
        if re.search(r"\b(?:plt|pyplot)\.show\(", code):
            found.append(f"cell {index}" + ("" if cell.cell_type == "code" else f" ({cell.cell_type})"))
    return found


def test_a_pyplot_show_is_found_in_code_and_in_a_hint():
    """A check of the finder above on a made-up notebook."""
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("kk.show()"),
        nbformat.v4.new_code_cell("fig, ax = plt.subplots()\nplt.show()"),
        nbformat.v4.new_markdown_cell("Call `kk.show()`, not plt.show() in prose:\n```python\nplt.show()\n```"),
        nbformat.v4.new_code_cell("# plt.show() would show it without alt text\nkk.show(ax)"),
        nbformat.v4.new_code_cell("import matplotlib.pyplot as pyplot\npyplot.show(block=False)")])
    assert pyplot_shows(notebook) == ["cell 1", "cell 2 (markdown)", "cell 4"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_charts_are_shown_with_kk_show_not_plt_show(path):
    """No lesson, exercise or solution shows a chart with ``plt.show()``: ``kk.show()`` gives the image a text
    alternative and marks Korea by more than colour. (A learner's own ``plt.show()`` still works and is graded the
    same: the chart tests read ``ax``, which ``kk.show()`` leaves as it is.)"""
    found = pyplot_shows(nbformat.read(path, as_version=4))
    assert not found, f"{found}: show the chart with kk.show() (an image with a text alternative), not plt.show()"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_no_task_list_checkboxes(path):
    """Markdown's ``- [ ]`` becomes a checkbox without a label in JupyterLab (axe: "Form elements must have labels"):
    a checklist uses ``- ☐`` instead."""
    boxes = [line for source in markdown_cells(path) for line in source.splitlines()
             if re.match(r"\s*[-*+] \[[ xX]\]", line)]
    assert not boxes, f"task-list checkboxes: {boxes[:3]}"
