"""Helpers for the browser tests: Debian's Chromium driven by Playwright, JupyterLab and Voila on loopback.

Chromium is never downloaded (``playwright install`` cannot work here): the tests use ``/usr/bin/chromium`` (Debian's
``chromium`` package, which ``.ci/run`` installs). Without it they are skipped — unless ``CI=true``, where a missing
browser is a failure.
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from kaikit.lab import lab_settings


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process):
    """Stop the server and everything make started (its own process group)."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
# Settings written into the server's private settings folder: no news pop-up over the notebook, and English menus
# (the tests read them) whatever the environment's defaults say (`kaikit lab` makes them Korean: kaikit/lab.py).
# The kit's own learner settings (kaikit.lab: no news prompt), with English menus so that the tests can read
# JupyterLab's words; written as user settings files, one per plugin (<package>/<plugin>.jupyterlab-settings).
QUIET_SETTINGS = {f"{plugin.replace(':', '/')}.jupyterlab-settings": values
                  for plugin, values in lab_settings("en").items()}


def lab_setting(reply, name):
    """What JupyterLab uses for the setting ``name``, from its settings API's reply about one plugin
    (``/lab/api/settings/<plugin>``): the user's own value, else the default, in which the server has put the
    environment's overrides (share/jupyter/lab/settings/overrides.d/*.json, overrides.json)."""
    return reply["settings"].get(name, reply["schema"]["properties"][name].get("default"))


def private_app_dir(folder):
    """A copy of this environment's JupyterLab application directory without its settings, for ``JUPYTERLAB_DIR``:
    what a server started with it writes there (``kaikit lab``'s settings) stays out of the environment that other
    tests' servers share."""
    from jupyterlab.commands import get_app_dir

    source, target = Path(get_app_dir()), Path(folder, "jupyterlab-app")
    shutil.copytree(source, target, ignore=lambda where, names: ["settings"] if Path(where) == source else [])
    return target


def chromium_path():
    """Debian's Chromium, or skip (fail when CI=true) with the reason."""
    path = os.environ.get("KAIKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if Path(path).exists():
        return path
    reason = ("Chromium is not installed, so the browser tests cannot run: install Debian's package "
              "(`sudo apt-get install chromium fonts-noto-cjk`, as .ci/run does) or set KAIKIT_CHROMIUM.")
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _poll(ready, process, log, seconds, failure):
    """Call ``ready()`` until it stops raising OSError; fail if the server exits or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited: {Path(log).read_text()[-2000:]}")
        try:
            return ready()
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{failure} after {seconds} s: {Path(log).read_text()[-2000:]}")


def wait_for(url, process, log, seconds=120):
    _poll(lambda: urllib.request.urlopen(url, timeout=5).close(), process, log, seconds, f"no answer from {url}")


def wait_for_port(port, process, log, seconds=60):
    import socket

    _poll(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close(), process, log, seconds,
          f"nothing listens on port {port}")


@contextmanager
def jupyterlab(root, folder, settings=None, env=None):
    """JupyterLab serving ``root`` on 127.0.0.1 with a token and private settings (and ``env`` added to its
    environment, which its kernels inherit); always stopped."""
    port, token = free_port(), secrets.token_hex(16)
    settings_dir = Path(folder, "settings")
    for name, values in {**QUIET_SETTINGS, **(settings or {})}.items():
        (settings_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (settings_dir / name).write_text(json.dumps(values))
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(Path(folder, "runtime")), JUPYTERLAB_SETTINGS_DIR=str(settings_dir),
               JUPYTERLAB_WORKSPACES_DIR=str(Path(folder, "workspaces")), BROWSER="true", **(env or {}))
    log = Path(folder, "lab.log")
    command = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}"]
    if os.getuid() == 0:
        command.append("--allow-root")
    with open(log, "w") as output:
        # In the served folder: nbgrader's formgrader reads the course's nbgrader_config.py from there.
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True,
                                   cwd=root)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/api/status?token={token}", process, log)
        yield base, token
    finally:
        stop(process)


@contextmanager
def static_server(folder):
    """``folder`` served over HTTP on 127.0.0.1 (Python's own static server, in a thread, quiet); always stopped.
    Yields the base URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *arguments):
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):   # a page left before its favicon came: no traceback
            pass

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# Chromium that reaches 127.0.0.1 only: everything else (CDN scripts, fonts) goes to a proxy on a closed local port
# and fails at once (Chromium never sends loopback through a proxy). A page then loads the same with or without the
# internet, and does not wait for it. Faster than Playwright's page.route, which takes every request through Python.
OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9"]


@contextmanager
def voila(notebook, folder):
    """A lesson served as a Voila app (``make app``) on 127.0.0.1 with a token; always stopped."""
    from kaikit._paths import REPO_ROOT

    port, token = free_port(), secrets.token_hex(16)
    log = Path(folder, "voila.log")
    with open(log, "w") as output:
        process = subprocess.Popen(
            ["make", "-s", "app", f"APP={notebook}", f"PORT={port}", f"LAB_ARGS=--no-browser --token={token}"],
            cwd=REPO_ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            env=dict(os.environ, JUPYTER_RUNTIME_DIR=str(Path(folder, "runtime"))))
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_port(port, process, log)
        yield base, token
    finally:
        stop(process)


# --- a notebook in JupyterLab --------------------------------------------------------------------------------

def open_notebook(page, base, token, path):
    page.goto(f"{base}/lab/tree/{path}?reset&token={token}")   # reset: no notebooks left open by an earlier test
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=120_000)


def allowed_errors(path):
    """Indices of the cells that show an error on purpose (tagged raises-exception, as nbclient and JupyterLab know)."""
    return [i for i, cell in enumerate(nbformat.read(path, as_version=4).cells)
            if "raises-exception" in cell.metadata.get("tags", [])]


ERRORS_JS = """allowed => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
    const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')];
    const found = [];
    cells.forEach((cell, index) => {
        if (allowed.includes(index)) return;
        cell.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').forEach(e => {
            if (/Error|Traceback/.test(e.innerText)) found.push(`cell ${index}: ${e.innerText.slice(0, 300)}`);
        });
        if (cell.innerText.includes('Error displaying widget')) found.push(`cell ${index}: Error displaying widget`);
    });
    return found;
}"""


def run_all(page, allowed):
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    # Done when every code cell has an execution number, or as soon as an unexpected error shows.
    page.wait_for_function(f"""allowed => {{
        if (({ERRORS_JS})(allowed).length) return true;
        const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
        const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent);
        return prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t));
    }}""", arg=allowed, timeout=240_000, polling=500)


def errors_shown(page, allowed=()):
    return page.evaluate(ERRORS_JS, list(allowed))


# --- what a student sees ----------------------------------------------------------------------------------------

CONTROLS = (".widget-dropdown select, .widget-slider .noUi-handle, .widget-toggle-buttons button, "
            ".widget-checkbox input, .widget-radio-box input")

# The visible output of a widget: its text and images, leaving out the controls themselves (their own labels
# change when they are moved, which proves nothing).
SNAPSHOT_JS = """root => {
    const copy = root.cloneNode(true);
    copy.querySelectorAll('.widget-dropdown, .widget-slider, .widget-toggle-buttons, .widget-checkbox, '
                          + '.widget-radio-box, .widget-label').forEach(e => e.remove());
    const images = [...root.querySelectorAll('img')].map(i => i.src.length + ':' + i.src.slice(-80));
    return copy.textContent + '|' + images.join(',');
}"""


# True once the widget's visible output differs from ``before`` and has not changed for ``quiet`` ms (a widget's
# readout and its chart arrive as separate messages; ``key`` keeps one wait's record apart from another's)
CHANGED_AND_STILL_JS = f"""([root, before, quiet, key]) => {{
    const now = ({SNAPSHOT_JS})(root);
    const seen = (window.__kaikitStill ??= {{}})[key] ??= {{last: null, since: 0}};
    if (now !== seen.last) {{ seen.last = now; seen.since = Date.now(); }}
    return now !== before && Date.now() - seen.since >= quiet;
}}"""


def wait_for_output_change(page, root, before, quiet=0, timeout=30_000):
    """Wait until the widget's visible output is no longer ``before`` (and, with ``quiet`` ms, has stopped
    changing)."""
    page.wait_for_function(CHANGED_AND_STILL_JS, arg=[root.element_handle(), before, quiet, secrets.token_hex(4)],
                           timeout=timeout, polling=100 if quiet else 200)


# Focus the widget's outer box (made focusable for the moment, not a tab stop) so that the next Tab goes to its first
# control, as it does for a student tabbing from the cell above.
FOCUS_ROOT_JS = "e => { e.setAttribute('tabindex', '-1'); e.focus(); }"
IS_FOCUSED_JS = "e => e === document.activeElement"
FOCUS_INSIDE_JS = "e => e.contains(document.activeElement) && e !== document.activeElement"
MOST_TABS = 40


def tab_stops(page, root):
    """The widget's elements that Tab reaches, in order (as ``outerHTML`` openings, for messages)."""
    root.evaluate(FOCUS_ROOT_JS)
    reached = []
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if not root.evaluate(FOCUS_INSIDE_JS):
            break
        reached.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)"))
    return reached


def tab_to(page, root, control):
    """Move the focus to ``control`` with the Tab key alone, starting before the widget's first control; fail if Tab
    never gets there."""
    root.evaluate(FOCUS_ROOT_JS)
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if control.evaluate(IS_FOCUSED_JS):
            return
        if not root.evaluate(FOCUS_INSIDE_JS):
            break
    pytest.fail(f"Tab never reaches the control {control.evaluate('e => e.outerHTML.slice(0, 200)')}")


def unreachable_controls(page, root):
    """The widget's controls that the Tab key does not reach (none, for a widget a keyboard alone can work)."""
    root.evaluate("e => e.querySelectorAll('*').forEach(c => c.removeAttribute('data-kaikit-reached'))")
    root.evaluate(FOCUS_ROOT_JS)
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if not root.evaluate(FOCUS_INSIDE_JS):
            break
        page.evaluate("() => document.activeElement.setAttribute('data-kaikit-reached', '')")
    return root.evaluate(f"""e => [...e.querySelectorAll({json.dumps(CONTROLS + ", .widget-button")})]
        .filter(c => !c.hasAttribute('data-kaikit-reached') && !c.disabled && c.offsetParent !== null)
        .map(c => c.outerHTML.slice(0, 120))""")


def change_main_control(page, root):
    """Move the widget's first control to another value with the keyboard alone; return what was done."""
    return change_control(page, root, root.locator(CONTROLS).first)


# One element of each control of a widget (of a group of toggle buttons or of check boxes, of a slider's handles: the
# first), as indexes into the widget's CONTROLS.
CONTROL_GROUPS_JS = f"""root => {{
    const seen = new Set();
    return [...root.querySelectorAll({CONTROLS!r})].map((e, i) => [i, e.closest(
        '.widget-toggle-buttons, .widget-slider, .kaikit-choices') || e]).filter(([i, group]) =>
        !seen.has(group) && seen.add(group)).map(([i]) => i);
}}"""


def every_control(root):
    """A locator for each control of the widget (see CONTROL_GROUPS_JS)."""
    return [root.locator(CONTROLS).nth(i) for i in root.evaluate(CONTROL_GROUPS_JS)]


def change_control(page, root, control):
    """Move ``control`` of the widget to another value with the keyboard alone, as a student who does not use a
    mouse would (Tab to it, then arrow keys or Space); return what was done."""
    kind = control.evaluate("e => e.tagName + ' ' + (e.className || '')")
    if kind.startswith("BUTTON"):   # toggle buttons: Tab to one of the group not chosen, press Space
        control = control.locator("xpath=..").locator("button:not(.mod-active)").first
    tab_to(page, root, control)
    if kind.startswith("SELECT"):
        # Open the list (Alt+ArrowDown), move, choose (Enter). A plain ArrowDown on the closed list does not work in
        # JupyterLab: the notebook takes it (it moves to the next cell).
        values = control.evaluate("e => [...e.options].map(o => o.value)")
        last = control.evaluate("e => e.selectedIndex === e.options.length - 1")
        for key in ("Alt+ArrowDown", "ArrowUp" if last else "ArrowDown", "Enter"):
            page.keyboard.press(key)
        return f"dropdown → Tab, Alt+ArrowDown, {'ArrowUp' if last else 'ArrowDown'}, Enter ({len(values)} options)"
    if "noUi-handle" in kind:
        at_max = control.evaluate("e => e.getAttribute('aria-valuenow') === e.getAttribute('aria-valuemax')")
        for _ in range(3):
            page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        return "slider → Tab, three arrow-key steps"
    page.keyboard.press("Space")
    return "toggle button, checkbox or radio → Tab, Space"


CHOICES = ".kaikit-choices"   # the boxes of a widget's several-at-once choices (kaikit.widgets._controls)


def tick_a_choice(page, root):
    """Tick a box of the widget's several-at-once choices (such as talent_compare's countries) with the keyboard
    alone: Tab to the first box not ticked, press Space; return what was done."""
    box = root.locator(f"{CHOICES} input[type=checkbox]:not(:checked)").first
    tab_to(page, root, box)
    page.keyboard.press("Space")
    return "checkboxes → Tab, Space"


# --- accessibility: axe-core, vendored (tests/vendor/axe-core), never fetched ------------------------------------

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# What must never reach a learner: axe's "critical" and "serious" impacts (WCAG failures such as images without a text
# alternative, unreadable contrast, unlabelled controls). "moderate" and "minor" are recorded, not failed on.
BLOCKING_IMPACTS = ("critical", "serious")
# The notebook area of the notebook in front: cells, their outputs and the widgets in them (not JupyterLab's menus,
# side bars and status bar, which the kit does not make).
NOTEBOOK_AREA = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"

AXE_RUN_JS = """async ([context, options, ignored]) => {
    const result = await axe.run(context, options);
    // Leave out the elements of a rule that ``ignored`` lists: [[rule, CSS selector of the element or an ancestor]]
    const skip = (rule, node) => ignored.some(([id, selector]) => id === rule && node.target.length === 1
        && document.querySelector(node.target[0])?.closest(selector));
    const name = n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' ');
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.filter(n => !skip(v.id, n)).map(name),
        ignored: v.nodes.filter(n => skip(v.id, n)).map(name),
    }));
}"""


def axe_violations(page, context=NOTEBOOK_AREA, options=None, ignored=()):
    """Run axe-core on ``context`` (a CSS selector, or axe's ``{include, exclude}``) of the page and return its
    violations: ``[{"id": rule, "impact": ..., "help": ..., "targets": [selector, ...], "ignored": [...]}, ...]``,
    where ``ignored`` holds the elements that ``ignored`` lists for that rule (``[(rule, CSS selector of the element
    or an ancestor), ...]``) rather than ``targets``.

    axe is added to the page from the vendored copy the first time (no network). Only violations are collected in
    full (axe's ``resultTypes``): the passed and incomplete checks, which are not read here, keep one element each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"], **(options or {})}
    return page.evaluate(AXE_RUN_JS, [context, options, [list(pair) for pair in ignored]])


def axe_summary(violations):
    """``{rule: [impact, elements counted, elements ignored]}``, for the record."""
    return {v["id"]: [v["impact"], len(v["targets"]), len(v["ignored"])] for v in violations}


def axe_failures(violations, impacts=BLOCKING_IMPACTS, targets_shown=3):
    """A readable line for each violation of a blocking impact: rule, impact, what axe says, a few elements."""
    lines = []
    for v in violations:
        if v["impact"] in impacts and v["targets"]:
            more = len(v["targets"]) - targets_shown
            shown = "; ".join(v["targets"][:targets_shown]) + (f"; and {more} more" if more > 0 else "")
            lines.append(f"{v['id']} ({v['impact']}, {len(v['targets'])} elements): {v['help']} — {shown}")
    return lines
