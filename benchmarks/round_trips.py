"""What a learner waits for in the browser: from the key that changes a widget's control in JupyterLab or in the
lesson as a Voila app (Chromium, headless) to the widget's new chart on screen (the image decoded, the next frame
drawn).

Each widget is measured in the first Korean lesson that shows it, with the keyboard as the browser tests work it
(``tests/browser.py``: Tab to each control in turn, then an arrow key, Space or Enter). Run by ``make bench``; on its
own: ``python benchmarks/round_trips.py``.
"""
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from browser import (  # noqa: E402
    CHROMIUM_ARGS,
    allowed_errors,
    change_control,
    chromium_path,
    every_control,
    jupyterlab,
    open_notebook,
    run_all,
    voila,
)
from run import median_and_spread  # noqa: E402

WIDGET_CALL = re.compile(r"kk\.widgets\.(\w+)\(")

# Keeps, in window.__kaikitTrip, the time of the last key pressed, the time the widget next showed a new chart (an
# image's src changed, was decoded and a frame drawn: ``shown``) and the time it first showed new text outside its
# controls (``text``; for a change that redraws no chart, such as picking another claim to check).
WATCH_JS = """root => {
    const trip = window.__kaikitTrip = {key: 0, shown: 0, text: 0};
    document.addEventListener('keydown', () => { trip.key = performance.now(); trip.shown = trip.text = 0; }, true);
    const controls = '.widget-readout, .widget-dropdown, .widget-slider, .widget-toggle-buttons, .widget-checkbox';
    const drawn = field => requestAnimationFrame(() => { if (!trip[field]) trip[field] = performance.now(); });
    new MutationObserver(records => {
        if (!trip.key || trip.shown) return;
        const image = records.map(r => r.target).find(t => t.tagName === 'IMG');
        if (image) {
            image.decode().catch(() => null).then(() => drawn('shown'));
        } else if (!trip.text && records.some(r => !(r.target.parentElement || r.target).closest(controls))) {
            drawn('text');
        }
    }).observe(root, {subtree: true, childList: true, characterData: true, attributes: true,
                      attributeFilter: ['src']});
}"""
NO_CHART_MS = 1500   # new text and no new chart this long after it: the change redraws no chart
NOTHING_MS = 5000    # nothing new this long after the key: the change shows nothing by itself; not timed
DONE_JS = f"""() => {{ const t = window.__kaikitTrip;
    return t.shown > 0 || (t.text > 0 && performance.now() - t.text > {NO_CHART_MS}); }}"""
TRIP_JS = "() => { const t = window.__kaikitTrip; return (t.shown || t.text) - t.key; }"


def lessons_by_widget(language="ko"):
    """{widget: the first lesson (path) in ``language`` that shows it, and its place among the lesson's widgets}."""
    found = {}
    for path in sorted((ROOT / "lessons" / language).glob("*.ipynb")):
        calls = [name for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"
                 for name in WIDGET_CALL.findall(cell.source)]
        for index, name in enumerate(calls):
            found.setdefault(name, (path, index))
    return found


def widget_trips(page, name, widget, changes, settle_ms):
    """(median, p95, max) in ms over ``changes`` keyboard changes of the widget's controls, each in turn (at least
    one change of each; those that show nothing new are not timed)."""
    from playwright.sync_api import TimeoutError as Timeout

    widget.scroll_into_view_if_needed()
    widget.evaluate(WATCH_JS)
    controls = every_control(widget)
    samples = []
    for i in range(max(changes, len(controls))):
        change_control(page, widget, controls[i % len(controls)])
        try:
            page.wait_for_function(DONE_JS, timeout=NOTHING_MS, polling=50)
        except Timeout:   # a control whose change shows nothing by itself (claim_checker's verdict, before "reveal")
            continue
        samples.append(page.evaluate(TRIP_JS))
        page.wait_for_timeout(settle_ms)   # the change's other messages arrive before the next
    median, _, highest, p95 = median_and_spread(samples)
    return median, p95, highest


def measure(changes=12, settle_ms=300):
    """{widget: {"JupyterLab": (median, p95, max), "Voila": (...)}} in ms, over ``changes`` keyboard changes of each
    widget's controls in turn."""
    from playwright.sync_api import sync_playwright

    by_lesson = {}
    for name, (path, index) in lessons_by_widget().items():
        by_lesson.setdefault(path, []).append((index, name))
    found = {}
    roots = ".jp-OutputArea-output > .jupyter-widgets"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        root = Path(tmp, "root")
        shutil.copytree(ROOT / "lessons", root / "lessons")
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        with jupyterlab(root, Path(tmp)) as (base, token):
            for path, widgets in sorted(by_lesson.items()):
                open_notebook(page, base, token, path.relative_to(ROOT).as_posix())
                run_all(page, allowed_errors(path))
                for index, name in sorted(widgets):
                    found.setdefault(name, {})["JupyterLab"] = widget_trips(
                        page, name, page.locator(roots).nth(index), changes, settle_ms)
        for path, widgets in sorted(by_lesson.items()):
            with voila(path.relative_to(ROOT).as_posix(), Path(tmp)) as (base, token):
                page.goto(f"{base}/?token={token}", timeout=180_000)
                page.locator(roots).nth(max(index for index, _ in widgets)).wait_for(timeout=180_000)
                for index, name in sorted(widgets):
                    found[name]["Voila"] = widget_trips(page, name, page.locator(roots).nth(index), changes,
                                                        settle_ms)
        browser.close()
    for name, where in found.items():
        print(name, {w: f"median {m:.0f} ms, p95 {p:.0f} ms" for w, (m, p, _) in where.items()}, flush=True)
    return found


if __name__ == "__main__":
    measure()
