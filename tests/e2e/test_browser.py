"""What a student sees, in a real browser (headless Chromium): every lesson runs in JupyterLab without an error, every
widget renders and answers its main control; an exercise shows nbgrader's tools and its check table; lessons work
as Voila apps; the JupyterLab menus read in Korean with the language pack. Screenshots go to artifacts/browser/."""
import json
import shutil
import time

import nbformat
import pytest
from browser import (
    CHOICES,
    CHROMIUM_ARGS,
    NOTEBOOK_AREA,
    SNAPSHOT_JS,
    allowed_errors,
    axe_failures,
    axe_summary,
    axe_violations,
    change_main_control,
    chromium_path,
    errors_shown,
    jupyterlab,
    open_notebook,
    run_all,
    tick_a_choice,
    unreachable_controls,
    voila,
    wait_for_output_change,
)
from conftest import notebooks

from kaikit import variants
from kaikit._paths import REPO_ROOT

LESSONS = notebooks("lessons")
# Problems axe finds in markup that JupyterLab or ipywidgets make and the kit cannot change: (rule, the elements),
# each with the reason. Everything else in the notebook area is checked with every rule.
AXE_IGNORED = [
    # JupyterLab's code editor (CodeMirror's role="textbox" content) has no accessible name: JupyterLab's markup.
    ("aria-input-field-name", ".jp-InputArea-editor"),
    # ipywidgets' sliders: the handle (role="slider") is not tied to the slider's description label, and ipywidgets
    # offers no way to name it (noUiSlider's handleAttributes are not exposed). The handle does carry aria-valuenow.
    ("aria-input-field-name", ".widget-slider .noUi-handle"),
    # JupyterLab's button that folds a markdown heading's section has no text or label: JupyterLab's markup.
    ("button-name", ".jp-collapseHeadingButton"),
    # JupyterLab's windowed notebook: its viewport has a list role whose children are the cells, not list items.
    ("aria-required-children", ".jp-WindowedPanel-viewport"),
    # JupyterLab scrolls a wide cell result (a pandas table) sideways in a box that is not a Tab stop: JupyterLab's
    # output area, not the kit's HTML (the kit's own scrolling boxes are Tab stops).
    ("scrollable-region-focusable", ".jp-OutputArea-executeResult > .jp-RenderedHTML"),
]
STUDENT = "browser-student"
ARTIFACTS = REPO_ROOT / "artifacts" / "browser"
pytestmark = pytest.mark.xdist_group("browser")   # one JupyterLab and one Chromium serve the whole suite


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "widgets-checked.txt").unlink(missing_ok=True)
    (ARTIFACTS / "axe.txt").unlink(missing_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    """JupyterLab on a copy of the lessons and exercises: running cells marks notebooks changed, and JupyterLab's
    autosave must never write outputs into the committed files."""
    root = tmp_path_factory.mktemp("lab-root")
    for folder in ("lessons", "exercises"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    # A student's identity, as a hub gives one: the exercises' per-student cases are drawn for it.
    with jupyterlab(root, tmp_path_factory.mktemp("lab"), env={"KAIKIT_STUDENT": STUDENT}) as (base, token):
        yield base, token


@pytest.fixture
def lab_session(lab):
    """The shared JupyterLab, with the kernels a test started shut down after it."""
    yield lab
    shut_down_kernels(*lab)


@pytest.fixture
def page(chromium, request):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    if getattr(request.node, "failed", False):   # what the browser showed when the test failed
        page.screenshot(path=ARTIFACTS / f"FAILED-{request.node.name.replace('/', '_')}.png")
    context.close()


def saved_notebook(base, token, path):
    """The notebook as the server has it on disk (the contents API)."""
    import json
    import urllib.request

    with urllib.request.urlopen(f"{base}/api/contents/{path}?content=1&token={token}", timeout=30) as response:
        return json.load(response)["content"]


def shut_down_kernels(base, token):
    """Each lesson leaves a kernel running in the shared server; end them between tests."""
    import json
    import urllib.request

    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def widget_cells(path):
    return sum("kk.widgets." in cell.source for cell in nbformat.read(path, as_version=4).cells
               if cell.cell_type == "code")


# A slider's readout whose text is wider than its box (ipywidgets cuts it: "2003 – 202")
CUT_READOUTS_JS = """root => [...root.querySelectorAll('.widget-readout')]
    .filter(r => r.offsetParent !== null && r.scrollWidth > r.clientWidth + 1).map(r => r.textContent)"""


def exercise_widgets(page, roots):
    """With the keyboard alone: check that Tab reaches every control of each widget, change its main control (and tick
    one of its several-at-once choices, where it has them), each time waiting for its visible output to change;
    return what was checked."""
    checked = []
    for index in range(roots.count()):
        root = roots.nth(index)
        root.scroll_into_view_if_needed()
        unreachable = unreachable_controls(page, root)
        assert unreachable == [], f"widget {index + 1}: the Tab key does not reach {unreachable}"
        cut = root.evaluate(CUT_READOUTS_JS)
        assert cut == [], f"widget {index + 1}: slider readouts cut short {cut}"
        changes = [change_main_control] + ([tick_a_choice] if root.locator(CHOICES).count() else [])
        actions = []
        for step, change in enumerate(changes):
            before = root.evaluate(SNAPSHOT_JS)
            actions.append(change(page, root))
            # before a further change, let all of this one's output arrive, so that it is not taken for the next's
            wait_for_output_change(page, root, before, quiet=700 if step + 1 < len(changes) else 0)
        checked.append("; ".join(actions))
    return checked


@pytest.mark.parametrize("path", LESSONS, ids=[f"{p.parent.name}-{p.stem}" for p in LESSONS])
def test_lesson_runs_in_jupyterlab_and_its_widgets_respond(lab_session, page, path):
    base, token = lab_session
    open_notebook(page, base, token, path.relative_to(REPO_ROOT).as_posix())
    allowed = allowed_errors(path)
    run_all(page, allowed)
    assert errors_shown(page, allowed) == []
    roots = page.locator(".jp-OutputArea-output > .jupyter-widgets")
    expected = widget_cells(path)
    assert roots.count() == expected, f"{roots.count()} widget views rendered, {expected} expected"
    checked = exercise_widgets(page, roots)
    assert len(checked) == expected
    with open(ARTIFACTS / "widgets-checked.txt", "a", encoding="utf-8") as log:   # for the record
        log.writelines(f"{path.parent.name}/{path.stem} widget {i + 1}: {action}, output changed\n"
                       for i, action in enumerate(checked))
    assert page.locator(".jp-OutputArea-output img").count() >= 1, "the lesson's charts are shown"
    if expected:
        roots.first.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"lab-{path.parent.name}-{path.stem}.png")
    # Accessibility of what the lesson shows (its cells, charts and widgets, after they were used), by axe-core
    violations = axe_violations(page, NOTEBOOK_AREA, ignored=AXE_IGNORED)
    with open(ARTIFACTS / "axe.txt", "a", encoding="utf-8") as log:   # every rule and impact, for the record
        log.write(f"{path.parent.name}/{path.stem} {json.dumps(axe_summary(violations), ensure_ascii=False)}\n")
    failures = axe_failures(violations)
    assert failures == [], "axe finds serious accessibility problems in the lesson:\n" + "\n".join(failures)


def test_exercise_shows_nbgrader_tools_and_its_check_table(lab_session, page):
    base, token = lab_session
    open_notebook(page, base, token, "exercises/ex05_pipeline/ex05_pipeline.ipynb")
    assert page.locator(".jp-Toolbar >> text=Validate").count() >= 1, "nbgrader's Validate button"
    page.click("text=Create Assignment")
    page.wait_for_selector("select option[value=solution]", state="attached")
    chosen = page.evaluate("() => [...document.querySelectorAll('select')].map(s => s.selectedOptions[0]?.text)")
    assert {"Autograded answer", "Autograded tests", "Manually graded answer", "Read-only"} <= set(chosen), \
        "the cells' nbgrader types are shown from the assignment's metadata"
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    last = cells.nth(cells.count() - 1)   # fixed now: running the last cell adds an empty one below it
    last.scroll_into_view_if_needed()
    last.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    table = last.locator(".jp-OutputArea-output table")
    table.wait_for(timeout=180_000)
    assert "ex05_pipeline" in last.locator(".jp-OutputArea").inner_text()
    assert table.locator("tr").count() > 5, "one row per graded part"
    page.screenshot(path=ARTIFACTS / "lab-exercise-ex05_pipeline.png")
    # The cell showing the student's case: JupyterLab saves what it was drawn for, which the grader reads.
    released = nbformat.read(REPO_ROOT / "exercises" / "ex05_pipeline" / "ex05_pipeline.ipynb", as_version=4)
    index = next(i for i, cell in enumerate(released.cells)
                 if cell.metadata.get("nbgrader", {}).get("grade_id") == "your_case")
    shown = page.locator(".jp-Notebook .jp-Cell").nth(index)
    shown.scroll_into_view_if_needed()
    shown.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    shown.locator(f".jp-OutputArea-output >> text={STUDENT}").first.wait_for(timeout=120_000)
    page.keyboard.press("Control+s")
    expected = {"assignment": "ex05_pipeline", "identity": STUDENT,
                "case": variants.case_number("ex05_pipeline", STUDENT)}
    for _ in range(60):
        saved = saved_notebook(base, token, "exercises/ex05_pipeline/ex05_pipeline.ipynb")
        if variants.MIME in str(saved):
            break
        time.sleep(0.5)
    outputs = saved["cells"][index]["outputs"]
    assert [out["data"][variants.MIME] for out in outputs if variants.MIME in out.get("data", {})] == [expected]


@pytest.mark.parametrize("app", ["lessons/ko/05_hwasubun_pipeline.ipynb", "lessons/en/06_strategy_and_policy.ipynb"])
def test_lesson_works_as_a_voila_app(chromium, page, app, tmp_path):
    with voila(app, tmp_path) as (base, token):
        page.goto(f"{base}/?token={token}", timeout=180_000)
        roots = page.locator(".jp-OutputArea-output > .jupyter-widgets")
        roots.first.wait_for(timeout=180_000)
        assert errors_shown(page) == []
        assert "import kaikit" not in page.inner_text("body"), "code is hidden in the app"
        assert roots.count() == widget_cells(REPO_ROOT / app)
        exercise_widgets(page, roots)
        page.screenshot(path=ARTIFACTS / f"voila-{app.split('/')[1]}-{app.split('/')[2][:-6]}.png")


def test_menus_read_in_korean_with_the_language_pack(chromium, page, tmp_path):
    settings = {"@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": "ko_KR"}}
    with jupyterlab(REPO_ROOT / "lessons", tmp_path, settings=settings) as (base, token):
        page.goto(f"{base}/lab?token={token}")
        page.wait_for_selector(".lm-MenuBar-itemLabel")
        labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "파일" in labels and "File" not in labels, labels
        page.screenshot(path=ARTIFACTS / "lab-korean-menus.png")
